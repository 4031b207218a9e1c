import ArgumentParser
import Foundation
import JuanzongCore
import JuanzongQuery
import JuanzongStore

struct SubjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subject", abstract: "显示当事人的一户式档案:身份、全部案件、文书与音像记录,以及按日期排列的时间线")

    @OptionGroup var options: ArchiveOptions

    @Argument(help: "当事人编号、统一社会信用代码/身份证号或名称")
    var query: String

    func run() throws {
        let reader = ArchiveReader(database: try options.location.openForReading())
        let subjects = try reader.findSubjects(query)
        guard !subjects.isEmpty else { throw UserFacingError("未找到当事人:\(query)") }
        let reports = try subjects.compactMap { try reader.dossier(subjectID: $0.id) }.map(SubjectReport.init)
        if options.json {
            try reports.count == 1 ? Output.printJSON(reports[0]) : Output.printJSON(reports)
            return
        }
        for report in reports {
            DossierPrinter.print(report.dossier)
            DossierPrinter.print(report.timeline)
        }
    }
}

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "显示案卷:案件信息、按卷内顺序排列的文书,以及音像记录")

    @OptionGroup var options: ArchiveOptions

    @Argument(help: "案号(文号),括号与全角半角不限")
    var number: String

    func run() throws {
        let reader = ArchiveReader(database: try options.location.openForReading())
        guard let key = CaseNumber(number)?.key, let file = try reader.caseFile(numberKey: key) else {
            throw UserFacingError("未找到案件:\(number)")
        }
        if options.json { try Output.printJSON(file) } else { DossierPrinter.print(file) }
    }
}

struct DocCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doc", abstract: "显示一份文书的信息与全文")

    @OptionGroup var options: ArchiveOptions

    @Argument(help: "文书编号")
    var id: Int64

    func run() throws {
        let reader = ArchiveReader(database: try options.location.openForReading())
        guard let document = try reader.document(id: id) else { throw UserFacingError("未找到文书:\(id)") }
        if options.json {
            try Output.printJSON(document)
            return
        }
        print("文书 #\(document.id)  \(document.title)")
        print("  类型:\(document.docType)   日期:\(document.docDate ?? "—")   案号:\(document.caseNumber ?? "未归案")")
        print("  格式:\(document.format)\(document.encoding.map { "(\($0))" } ?? "")   提取方式:\(document.extraction)   大小:\(document.size) 字节")
        print("  来源:\(document.sourcePath)")
        for other in document.otherSourcePaths { print("  相同文件另见:\(other)") }
        print("  SHA-256:\(document.sha256)")
        print(String(repeating: "─", count: 40))
        print(document.text ?? "")
    }
}

/// Chinese text rendering of dossiers and case files.
enum DossierPrinter {
    static func print(_ dossier: ArchiveReader.Dossier) {
        let subject = dossier.subject
        let kind = ["enterprise": "单位", "person": "个人"][subject.kind] ?? "未知"
        Swift.print("当事人 #\(subject.id)  \(subject.name)(\(kind))")
        if let identifier = subject.identifier {
            let label = subject.identifierKind == "id_card" ? "身份证号" : subject.identifierKind == "uscc" ? "统一社会信用代码" : "证号"
            let check =
                subject.identifierMasked
                ? "(公开打码,按原样保存)"
                : subject.identifierCheckPasses == true ? "(校验通过)" : subject.identifierCheckPasses == false ? "(校验位不符)" : ""
            Swift.print("  \(label):\(identifier)\(check)")
        }
        if let address = subject.address { Swift.print("  地址:\(address)") }
        if let representative = subject.representative { Swift.print("  法定代表人/负责人/经营者:\(representative)") }
        if !subject.nameVariants.isEmpty { Swift.print("  曾用/异写名称:\(subject.nameVariants.joined(separator: "、"))") }
        Swift.print("  案件 \(dossier.cases.count) 件,罚款合计 \(Output.yuan(dossier.penaltyTotalYuan))")
        for file in dossier.cases {
            Swift.print("")
            print(file, indent: "  ")
        }
        if !dossier.unassignedDocuments.isEmpty {
            Swift.print("\n  未归案文书:")
            for document in dossier.unassignedDocuments { printDocumentLine(document, indent: "    ") }
        }
        Swift.print("")
    }

    static func print(_ timeline: SubjectTimeline) {
        let totals = timeline.penaltyTotals
        Swift.print("  时间线(\(timeline.events.count) 项):")
        for event in timeline.events {
            let date = event.date.map { String($0.prefix(16)).replacingOccurrences(of: "T", with: " ") } ?? "日期不详"
            Swift.print("    \(date.padding(toLength: 16, withPad: " ", startingAt: 0))  \(event.label)\(event.caseNumber.map { "  〈\($0)〉" } ?? "")")
        }
        Swift.print(
            "  处罚合计:\(totals.cases) 件,罚款 \(Output.yuan(totals.amountYuan))"
                + (totals.byYear.isEmpty
                    ? "" : "(" + totals.byYear.map { "\($0.year) 年 \($0.cases) 件 \(Output.yuan($0.amountYuan))" }.joined(separator: ";") + ")"))
        Swift.print("")
    }

    static func print(_ file: ArchiveReader.CaseFile, indent: String = "") {
        let record = file.case
        Swift.print("\(indent)案件 \(record.caseNumber)  [\(record.caseType)\(record.procedure.map { "·\($0)程序" } ?? "")]")
        Swift.print("\(indent)  执法机关:\(record.agency ?? "—")   当事人:\(record.subjectName ?? "—")")
        let dates = [("立案", record.filedOn), ("决定", record.decidedOn), ("送达", record.servedOn), ("结案", record.closedOn), ("公示", record.publishedOn)]
            .compactMap { label, date in date.map { "\(label) \($0)" } }
        if !dates.isEmpty { Swift.print("\(indent)  日期:\(dates.joined(separator: ";"))") }
        if record.penaltyKinds != nil || record.penaltyAmountYuan != nil {
            let confiscated = record.confiscationYuan.map { "   没收违法所得:\(Output.yuan($0))" } ?? ""
            Swift.print("\(indent)  处罚:\(record.penaltyKinds ?? "—")   罚款金额:\(Output.yuan(record.penaltyAmountYuan))\(confiscated)")
        }
        for basis in record.legalBases { Swift.print("\(indent)  \(basis.role == "violated" ? "违反" : "依据"):\(basis.written)") }
        if !record.officers.isEmpty {
            Swift.print("\(indent)  执法人员:" + record.officers.map { $0.name + ($0.badgeNumber.map { "(\($0))" } ?? "") }.joined(separator: "、"))
        }
        Swift.print("\(indent)  卷内文书 \(file.documents.count) 份:")
        for (index, document) in file.documents.enumerated() {
            printDocumentLine(document, indent: indent + "    ", number: index + 1)
        }
        if !file.avRecords.isEmpty {
            Swift.print("\(indent)  音像记录 \(file.avRecords.count) 条:")
            for record in file.avRecords {
                let duration = record.durationSeconds.map { String(format: "%.0f 秒", $0) } ?? "时长不详"
                let storage = record.sha256 == nil ? "文件未随附" : record.mediaStored ? "已存入档案库" : "按路径登记"
                Swift.print(
                    "\(indent)    #\(record.id) \(record.fileName)  [\(record.category)\(record.important ? "·重要" : "")]  \(record.startedAt ?? "—") 起 \(duration)"
                )
                Swift.print("\(indent)        设备 \(record.deviceId ?? "—")  执法人员 \(record.officerId ?? "—")  \(storage)")
            }
        }
    }

    static func printDocumentLine(_ document: DocumentRecord, indent: String, number: Int? = nil) {
        let prefix = number.map { String(format: "%02d ", $0) } ?? ""
        Swift.print("\(indent)\(prefix)#\(document.id) [\(document.docType)] \(document.title)  \(document.docDate ?? "")  (\(document.format))")
    }
}
