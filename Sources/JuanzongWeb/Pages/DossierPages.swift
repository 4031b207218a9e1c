import Foundation
import JuanzongCore
import JuanzongQuery
import JuanzongStore

/// Pages of the one-household dossier: subject list, dossier with timeline, case file, document.
enum DossierPages {
    static func subjectList(_ subjects: [ArchiveReader.SubjectSummary], query: String?, viewer: Viewer, csrf: String?) -> String {
        let rows = subjects.map { subject in
            [
                "<a href=\"/subjects/\(subject.id)\">\(HTML.escape(subject.name))</a>",
                subject.kind == "person" ? "个人" : subject.kind == "enterprise" ? "单位" : "—",
                HTML.escape(subject.identifier ?? "—"), String(subject.cases), Layout.yuan(subject.penaltyTotalYuan),
                HTML.escape(subject.lastDecision ?? "—"),
            ]
        }
        return Layout.page(
            "当事人", viewer: viewer, csrf: csrf, active: "subjects",
            body: """
                <form method="get" action="/subjects"><input type="search" name="q" value="\(HTML.escape(query ?? ""))" placeholder="名称或统一社会信用代码/身份证号" aria-label="当事人">
                <button type="submit">查找</button></form>
                \(Layout.table(["当事人", "类别", "证件号码", "案件数", "罚没金额合计", "最近决定日期"], rows, id: "subjects"))
                \(subjects.count == 100 ? "<p class=\"muted\">仅列出前 100 个,请输入名称缩小范围。</p>" : "")
                """)
    }

    static func dossier(_ report: SubjectReport, viewer: Viewer, csrf: String?) -> String {
        let subject = report.dossier.subject
        let totals = report.timeline.penaltyTotals
        let byYear = totals.byYear.map { "\($0.year) 年 \($0.cases) 件 \(Layout.yuan($0.amountYuan))" }.joined(separator: ";")
        let events = report.timeline.events.map { event -> String in
            var label = HTML.escape(event.label)
            if let id = event.documentId {
                label = "<a href=\"/documents/\(id)\">\(label)</a>"
            } else if let id = event.avRecordId, let caseID = event.caseId {
                label = "<a href=\"/cases/\(caseID)#av-\(id)\">\(label)</a>"
            }
            let caseLink = event.caseId.map { " <a class=\"muted\" href=\"/cases/\($0)\">\(HTML.escape(event.caseNumber ?? "案件"))</a>" } ?? ""
            return "<li><time>\(HTML.escape(event.date ?? "日期不详"))</time> \(label)\(caseLink)</li>"
        }.joined(separator: "\n")
        let cases = report.dossier.cases.map { caseSection($0, viewer: viewer, heading: "h3") }.joined(separator: "\n")
        let unassigned =
            report.dossier.unassignedDocuments.isEmpty ? "" : "<h2>未归入案件的文书</h2>" + documentTable(report.dossier.unassignedDocuments, viewer: viewer)
        return Layout.page(
            "当事人档案:\(subject.name)", viewer: viewer, csrf: csrf, active: "subjects",
            body: """
                <dl class="identity">
                <dt>名称</dt><dd>\(HTML.escape(subject.name))</dd>
                <dt>类别</dt><dd>\(subject.kind == "person" ? "个人" : subject.kind == "enterprise" ? "单位" : "未知")</dd>
                <dt>证件号码</dt><dd id="subject-identifier">\(HTML.escape(subject.identifier ?? "—"))\(subject.identifierMasked ? "(公示时已隐去部分)" : "")</dd>
                <dt>地址</dt><dd>\(HTML.escape(subject.address ?? "—"))</dd>
                <dt>法定代表人/负责人/经营者</dt><dd>\(HTML.escape(subject.representative ?? "—"))</dd>
                <dt>曾用名/写法</dt><dd>\(HTML.escape(subject.nameVariants.joined(separator: "、")))</dd>
                <dt>案件</dt><dd>\(totals.cases) 件,罚没金额合计 <strong id="penalty-total">\(Layout.yuan(totals.amountYuan))</strong>\(byYear.isEmpty ? "" : "(\(byYear))")</dd>
                </dl>
                \(viewer.role.canExport ? "<p><a href=\"/export?subject=\(subject.id)\">导出该当事人的全部案卷(行政复议)</a></p>" : "")
                <h2>时间线</h2>
                <ol class="timeline">\(events)</ol>
                <h2>案件</h2>
                \(cases)
                \(unassigned)
                """)
    }

    static func caseFile(_ caseFile: ArchiveReader.CaseFile, viewer: Viewer, csrf: String?) -> String {
        Layout.page(
            "案卷:\(caseFile.case.caseNumber)", viewer: viewer, csrf: csrf, active: "subjects",
            body: caseSection(caseFile, viewer: viewer, heading: "h2")
                + (viewer.role.canExport ? "<p><a href=\"/export?case=\(URLQuery.encode(caseFile.case.caseNumber))\">导出本案卷(行政复议)</a></p>" : ""))
    }

    static func caseSection(_ caseFile: ArchiveReader.CaseFile, viewer: Viewer, heading: String) -> String {
        let record = caseFile.case
        let dates = [("立案", record.filedOn), ("决定", record.decidedOn), ("送达", record.servedOn), ("结案", record.closedOn), ("公示", record.publishedOn)]
            .compactMap { label, date in date.map { "\(label) \($0)" } }.joined(separator: " · ")
        let bases = record.legalBases.filter { $0.role == "applied" }.map { HTML.escape($0.written) }.joined(separator: ";")
        let violated = record.legalBases.filter { $0.role == "violated" }.map { HTML.escape($0.written) }.joined(separator: ";")
        let officers = record.officers.map { HTML.escape($0.name + ($0.badgeNumber.map { "(\($0))" } ?? "")) }.joined(separator: "、")
        return """
            <section class="case" id="case-\(record.id)">
            <\(heading)><a href="/cases/\(record.id)">\(HTML.escape(record.caseNumber))</a> · \(HTML.escape(record.caseType))\(record.procedure.map { "(\(HTML.escape($0)))" } ?? "")</\(heading)>
            <p>\(HTML.escape(record.agency ?? "机关不详")) · \(HTML.escape(dates))</p>
            <p>处罚:\(HTML.escape(record.penaltyKinds ?? "—")) · 金额 \(Layout.yuan(record.penaltyAmountYuan))\(record.confiscationYuan.map { " · 没收违法所得 \(Layout.yuan($0))" } ?? "")</p>
            \(violated.isEmpty ? "" : "<p>违反:\(violated)</p>")
            \(bases.isEmpty ? "" : "<p>依据:\(bases)</p>")
            \(officers.isEmpty ? "" : "<p>执法人员:\(officers)</p>")
            \(documentTable(caseFile.documents, viewer: viewer))
            \(avTable(caseFile.avRecords))
            \(revisionTable(caseFile.revisions))
            </section>
            """
    }

    static func documentTable(_ documents: [DocumentRecord], viewer: Viewer) -> String {
        let rows = documents.enumerated().map { index, document in
            [
                String(index + 1), "<a href=\"/documents/\(document.id)\">\(HTML.escape(document.title))</a>", HTML.escape(document.docType),
                HTML.escape(document.docDate ?? "—"), HTML.escape(document.format), originalLink(document, viewer: viewer),
            ]
        }
        return Layout.table(["序号", "题名", "文书类型", "日期", "格式", "原件"], rows)
    }

    /// The download link of an original, or why this role has none (originals cannot be masked).
    static func originalLink(_ document: DocumentRecord, viewer: Viewer) -> String {
        viewer.role.canSeePersonalIdentifiers
            ? "<a href=\"/documents/\(document.id)/original\">下载原件</a>"
            : "<span class=\"muted\" title=\"原件中的身份证号无法隐去\">原件不提供下载</span>"
    }

    static func avTable(_ records: [AVRecordRow]) -> String {
        guard !records.isEmpty else { return "" }
        let items = records.map { record -> String in
            let duration = record.durationSeconds.map { String(format: "%.0f 秒", $0) } ?? "时长不详"
            let kind = FileTypes.contentType(format: nil, fileName: record.fileName)
            let player =
                kind.hasPrefix("video/")
                ? "<video controls preload=\"metadata\" width=\"480\" src=\"/av/\(record.id)/media\"></video>"
                : kind.hasPrefix("audio/") ? "<audio controls preload=\"metadata\" src=\"/av/\(record.id)/media\"></audio>" : ""
            return """
                <li id="av-\(record.id)"><strong>\(HTML.escape(record.fileName))</strong> · \(HTML.escape(record.category))\(record.important ? " · 重要" : "")
                · \(HTML.escape(record.startedAt ?? "开始时间不详"))–\(HTML.escape(record.endedAt ?? "")) · \(duration)
                · 设备 \(HTML.escape(record.deviceId ?? "—")) · 执法人员 \(HTML.escape(record.officerId ?? "—"))
                <br>\(player)<span class="muted">SHA-256 \(HTML.escape(record.sha256 ?? "—"))</span></li>
                """
        }.joined(separator: "\n")
        return "<h4>音像记录</h4><ul class=\"av\">\(items)</ul>"
    }

    /// 修订记录: the files of the case whose content changed, with both versions linked.
    static func revisionTable(_ revisions: [ArchiveReader.Revision]) -> String {
        guard !revisions.isEmpty else { return "" }
        let rows = revisions.map { revision in
            [
                HTML.escape(revision.changedAt), HTML.escape(revision.sourcePath),
                "<a href=\"/documents/\(revision.previousDocumentId)\">旧版本 #\(revision.previousDocumentId)</a>",
                "<a href=\"/documents/\(revision.documentId)\">现行版本 #\(revision.documentId)</a>", "第 \(revision.runId) 次导入",
            ]
        }
        return "<h4>修订记录</h4>" + Layout.table(["修改时间", "来源文件", "原内容", "新内容", "导入"], rows, id: "revisions")
    }

    static func document(
        _ document: DocumentRecord, highlights: [[Int]], pages: [ArchiveReader.DocumentPage], query: String?, viewer: Viewer, csrf: String?
    ) -> String {
        let text =
            pages.isEmpty
            ? "<div class=\"doc-text\" id=\"document-text\">"
                + Snippet(text: document.text ?? "", highlights: highlights, offset: 0).marked(open: "<mark>", close: "</mark>", escape: HTML.escape)
                + "</div>"
            : scanPages(document, highlights: highlights, pages: pages, viewer: viewer)
        let back = query.map { "<a href=\"\(HTML.escape(URLQuery.link("/search", [("q", $0)])))\">返回检索结果</a> · " } ?? ""
        return Layout.page(
            document.title, viewer: viewer, csrf: csrf, active: "search",
            body: """
                <p>\(back)\(document.caseId.map { "<a href=\"/cases/\($0)\">案卷 \(HTML.escape(document.caseNumber ?? ""))</a> · " } ?? "")
                \(HTML.escape(document.docType)) · \(HTML.escape(document.docDate ?? "日期不详")) · \(HTML.escape(document.format))
                · \(originalLink(document, viewer: viewer))</p>
                \(document.supersededBy.map { "<p class=\"notice\" id=\"superseded\">此为旧版本:来源文件的内容已修改,现行版本为 <a href=\"/documents/\($0)\">文书 #\($0)</a>。</p>" } ?? "")
                <p class="muted">来源:\(HTML.escape(document.sourcePath)) · SHA-256 \(HTML.escape(document.sha256))\(highlights.isEmpty ? "" : " · 命中 \(highlights.count) 处")</p>
                \(text)
                """)
    }

    /// A scan page by page: each page's image (for roles that may see originals) beside the text
    /// read from it, with the search terms marked; `#page-N` links to a page.
    static func scanPages(_ document: DocumentRecord, highlights: [[Int]], pages: [ArchiveReader.DocumentPage], viewer: Viewer) -> String {
        let scalars = Array((document.text ?? "").unicodeScalars)
        let sections = pages.map { page -> String in
            let start = min(page.textStart, scalars.count)
            let end = min(start + page.textLength, scalars.count)
            let pageText = String(String.UnicodeScalarView(scalars[start..<end]))
            let marks = highlights.filter { $0[0] >= start && $0[1] <= end }.map { [$0[0] - start, $0[1] - start] }
            let marked = Snippet(text: pageText, highlights: marks, offset: start).marked(open: "<mark>", close: "</mark>", escape: HTML.escape)
            let image =
                viewer.role.canSeePersonalIdentifiers
                ? "<img src=\"/documents/\(document.id)/pages/\(page.page)\" alt=\"第 \(page.page) 页原件图像\" loading=\"lazy\" style=\"max-width:100%;border:1px solid #d9dce1\">"
                : "<p class=\"muted\">原件图像不提供(其中的身份证号无法隐去)</p>"
            let engine = page.engine == "pp-ocrv4" ? "PP-OCRv4" : "tesseract"
            let confidence = page.confidence.map { String(format: ",可信度 %.2f", $0) } ?? ""
            return """
                <section class="page" id="page-\(page.page)"><h3>第 \(page.page) 页 <span class="muted">\(engine)识别\(confidence)\(page.rotation == 0 ? "" : ",已转正 \(page.rotation)°")</span></h3>
                <div class="layout" style="grid-template-columns: 1fr 1fr">\(image)<div class="doc-text">\(marked)</div></div></section>
                """
        }
        return "<div id=\"document-text\">" + sections.joined(separator: "\n") + "</div>"
    }
}
