import JuanzongCore
import JuanzongStore

/// The review queue and the review of one document: its facts as the archive holds them, in a
/// form beside the start of its text, and the record of earlier corrections.
enum ReviewPages {
    static func queue(
        _ entries: [ReviewQueue.Entry], total: Int, offset: Int, disclosure: Disclosure, viewer: Viewer, csrf: String?
    ) -> String {
        let rows = entries.map { entry in
            [
                "<a href=\"/review/\(entry.documentId)\">核对 #\(entry.documentId)</a>",
                HTML.escape(entry.docType),
                HTML.escape(entry.caseNumber ?? "—"),
                HTML.escape(entry.subjectName ?? "—"),
                HTML.escape(entry.agency ?? "—"),
                HTML.escape(entry.reasons.map(\.chineseName).joined(separator: "、")),
                "<span class=\"muted\">\(HTML.escape(disclosure.sourcePath(entry.sourcePath)))</span>",
            ]
        }
        var pager: [String] = []
        if offset > 0 { pager.append("<a href=\"/review?offset=\(max(0, offset - 50))\">上一页</a>") }
        if offset + entries.count < total { pager.append("<a href=\"/review?offset=\(offset + 50)\">下一页</a>") }
        return Layout.page(
            "待核对文书", viewer: viewer, csrf: csrf, active: "review",
            body: """
                <p>共 <strong id="review-total">\(total)</strong> 份:陈述案件事实的文书中,未识别文号或当事人、当事人无证件号码或校验不通过、导入时有冲突,且尚未核对的。</p>
                \(entries.isEmpty ? "<p class=\"notice\">没有待核对的文书。</p>" : Layout.table(["", "类型", "文号", "当事人", "执法机关", "原因", "来源"], rows, id: "review-queue"))
                <p class="pager">\(pager.joined())</p>
                """)
    }

    static func document(
        _ document: DocumentRecord, facts: FactReviewer.CurrentFacts, history: [FactCorrection], disclosure: Disclosure,
        notice: String?, error: String?, viewer: Viewer, csrf: String?
    ) -> String {
        let shownIdentifier = facts.subjectIdentifier.map(disclosure.text) ?? ""
        let fine = facts.fineYuan.map(FactReviewer.yuan) ?? ""
        let links = [
            facts.caseId.map { "<a href=\"/cases/\($0)\" id=\"case-link\">案卷</a>" },
            facts.subjectId.map { "<a href=\"/subjects/\($0)\" id=\"dossier-link\">一户式档案</a>" },
            "<a href=\"/documents/\(document.id)\">文书全文</a>",
            "<a href=\"/review\">返回待核对列表</a>",
        ].compactMap { $0 }.joined(separator: " · ")
        let records = history.map { correction -> String in
            let change =
                correction.field == .confirmed
                ? "确认无误"
                : "\(correction.field.chineseName):\(HTML.escape(disclosure.text(correction.previousValue ?? "(空)"))) → \(HTML.escape(disclosure.text(correction.value ?? "(空)")))"
            return "<li>\(HTML.escape(correction.at)) \(HTML.escape(correction.actor)) \(change)"
                + (correction.reason.map { ";理由:\(HTML.escape($0))" } ?? "") + "</li>"
        }.joined()
        let excerpt = (document.text ?? "").split(separator: "\n", omittingEmptySubsequences: false).prefix(60).joined(separator: "\n")
        return Layout.page(
            "核对文书 #\(document.id)", viewer: viewer, csrf: csrf, active: "review",
            body: """
                \(notice.map { "<p class=\"notice\" role=\"status\" id=\"review-notice\">\(HTML.escape($0))</p>" } ?? "")
                \(error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? "")
                <p>\(HTML.escape(document.docType)):\(HTML.escape(document.title)) <span class="muted">\(HTML.escape(document.sourcePath))</span></p>
                <p>\(links)</p>
                <div class="layout" style="grid-template-columns: 420px 1fr">
                <form method="post" action="/review/\(document.id)" id="review-form">
                \(Layout.csrfField(csrf))
                <input type="hidden" name="shown_identifier" value="\(HTML.escape(shownIdentifier))">
                <fieldset><legend>事实(只改需要更正的项)</legend>
                <p><label>文号<br><input name="case_number" size="36" value="\(HTML.escape(facts.caseNumber ?? ""))"></label></p>
                <p><label>当事人<br><input name="subject_name" size="36" value="\(HTML.escape(facts.subjectName ?? ""))"></label></p>
                <p><label>统一社会信用代码 / 身份证号码<br><input name="subject_identifier" size="36" value="\(HTML.escape(shownIdentifier))"></label></p>
                <p><label>决定日期<br><input name="decided_on" type="date" value="\(HTML.escape(facts.decidedOn ?? ""))"></label></p>
                <p><label>罚款金额(元)<br><input name="fine_yuan" size="16" value="\(fine)"></label></p>
                <p><label>法律依据(每行一条)<br><textarea name="legal_bases" rows="4" cols="40">\(HTML.escape(facts.legalBases.joined(separator: "\n")))</textarea></label></p>
                <p><label>理由或备注<br><input name="reason" size="36"></label></p>
                <p><button type="submit" name="action" value="correct" id="save-correction">保存更正</button>
                <button type="submit" name="action" value="confirm" id="confirm-facts">确认无误</button></p>
                <p class="muted">把文号改为另一案件的文号即并入该案件;改为新文号即拆分出新案件。把当事人改为已有当事人的名称或证件号码即合并到该当事人。</p>
                </fieldset>
                </form>
                <div><h2>正文开头</h2><div class="doc-text">\(HTML.escape(excerpt))</div></div>
                </div>
                <h2>核对记录</h2>
                \(records.isEmpty ? "<p class=\"muted\">尚无核对记录。</p>" : "<ul id=\"review-history\">\(records)</ul>")
                """)
    }
}
