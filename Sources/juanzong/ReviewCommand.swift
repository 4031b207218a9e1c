import ArgumentParser
import Foundation
import JuanzongCore
import JuanzongIndexer
import JuanzongStore

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "人工核对推断的事实:列出待核对文书,查看、确认或更正文号、当事人、证件号码、决定日期、罚款金额与法律依据",
        discussion: """
            待核对的是处罚决定书、告知书、责令改正通知书等陈述案件事实的文书中,未识别文号或当事人、当事人无证件号码
            或证件号码校验不通过、导入时有冲突而尚未核对的。更正按文书内容保存(谁、何时、原值、新值、理由),记入审计日志,
            立即改变一户式档案与案卷;以后重新导入同样的文件不会覆盖更正。把文书改到另一个文号即拆分或合并案件,
            把当事人改为另一当事人的名称或证件号码即合并当事人。网页上的“核对”页面与此相同。
            """,
        subcommands: [List.self, Show.self, Correct.self, Confirm.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出待核对的文书(最早导入的在前)")

        @OptionGroup var options: ArchiveOptions
        @Option(help: "只列出该执法机关的案件") var agency: String?
        @Option(help: "最多列出条数") var limit = 50
        @Option(help: "跳过前若干条") var offset = 0

        func run() throws {
            let database = try options.location.openForReading()
            let page = try ReviewQueue(database: database).entries(agency: agency, limit: max(1, limit), offset: max(0, offset))
            if options.json {
                try Output.printJSON(ReviewListing(total: page.total, entries: page.entries))
                return
            }
            print("待核对文书 \(page.total) 份" + (page.total > page.entries.count ? "(显示 \(page.entries.count) 份)" : ""))
            for entry in page.entries {
                print(
                    "#\(entry.documentId)  \(entry.docType)  \(entry.caseNumber ?? "(无文号)")  \(entry.subjectName ?? "(无当事人)")  "
                        + entry.reasons.map(\.chineseName).joined(separator: "、"))
                print("      \(entry.sourcePath)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "显示一份文书现在的事实、核对记录和正文开头")

        @OptionGroup var options: ArchiveOptions
        @Argument(help: "文书编号") var document: Int64

        func run() throws {
            let database = try options.location.openForReading()
            let reviewer = FactReviewer(database: database)
            guard let facts = try reviewer.currentFacts(documentId: document) else { throw UserFacingError("没有编号为 \(document) 的文书") }
            let history = try reviewer.history(documentId: document)
            if options.json {
                try Output.printJSON(ReviewedDocument(facts: facts, history: history))
                return
            }
            print("文书 #\(document)")
            print("  文号:\(facts.caseNumber ?? "(无)")")
            print("  当事人:\(facts.subjectName ?? "(无)")  证件号码:\(facts.subjectIdentifier ?? "(无)")")
            print("  决定日期:\(facts.decidedOn ?? "(无)")  罚款:\(facts.fineYuan.map { Output.yuan($0) } ?? "(无)")")
            print("  法律依据:" + (facts.legalBases.isEmpty ? "(无)" : facts.legalBases.joined(separator: ";")))
            if !history.isEmpty {
                print("核对记录:")
                for correction in history { print("  " + ReviewCommand.describe(correction)) }
            }
            let text = try database.prepare("SELECT text FROM documents WHERE id = ?1").first([document]) { $0.string(0) } ?? ""
            print("正文开头:")
            for line in text.split(separator: "\n").prefix(30) { print("  " + line) }
        }
    }

    struct Correct: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "更正一份文书的事实(只给出要改的项)",
            discussion: "例:juanzong review correct 12 --subject 上海某某贸易有限公司 --identifier 91310120MA1HXXXXXX --reason 核对原件")

        @OptionGroup var options: ArchiveOptions
        @Argument(help: "文书编号") var document: Int64
        @Option(name: .customLong("case-number"), help: "文号(改到另一文号即拆分或合并案件)") var caseNumber: String?
        @Option(help: "当事人名称") var subject: String?
        @Option(help: "统一社会信用代码或身份证号码(可含打码)") var identifier: String?
        @Option(name: .customLong("decided-on"), help: "决定日期,如 2024-05-20") var decidedOn: String?
        @Option(help: "罚款金额(元)") var fine: Double?
        @Option(help: "法律依据,如《中华人民共和国食品安全法》第一百二十四条第一款;可重复,替换案件原有的全部依据") var basis: [String] = []
        @Option(help: "更正理由") var reason: String?

        func run() throws {
            var review = FactReview()
            review.caseNumber = caseNumber
            review.subjectName = subject
            review.subjectIdentifier = identifier
            review.fineYuan = fine
            review.reason = reason
            if let decidedOn {
                guard let date = DayDate(iso: decidedOn) else { throw UserFacingError("决定日期“\(decidedOn)”应写作 YYYY-MM-DD") }
                review.decidedOn = date
            }
            if !basis.isEmpty {
                review.legalBases = try basis.flatMap { written in
                    let parsed = FactInference.legalBases(citedIn: written)
                    guard !parsed.isEmpty else { throw UserFacingError("法律依据“\(written)”无法识别(应如《某某法》第十条第一款)") }
                    return parsed
                }
            }
            guard !review.isEmpty else { throw UserFacingError("请至少给出一项要更正的事实;确认无误请用 juanzong review confirm") }
            try ReviewCommand.store(review, document: document, options: options)
        }
    }

    struct Confirm: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "确认一份文书推断的事实无误(移出待核对列表)")

        @OptionGroup var options: ArchiveOptions
        @Argument(help: "文书编号") var document: Int64
        @Option(help: "备注") var reason: String?

        func run() throws {
            var review = FactReview()
            review.reason = reason
            try ReviewCommand.store(review, document: document, options: options)
        }
    }

    static func store(_ review: FactReview, document: Int64, options: ArchiveOptions) throws {
        let database = try options.location.openExistingForWriting()
        let stored: [FactCorrection]
        do {
            stored = try FactReviewer(database: database).review(documentId: document, review, actor: AuditLog.currentActor)
        } catch let refusal as FactReviewRefusal {
            throw UserFacingError(refusal.reason)
        }
        if options.json {
            try Output.printJSON(stored)
            return
        }
        for correction in stored { print(describe(correction)) }
    }

    static func describe(_ correction: FactCorrection) -> String {
        let what =
            correction.field == .confirmed
            ? "确认无误"
            : "\(correction.field.chineseName):\(correction.previousValue ?? "(空)") → \(correction.value ?? "(空)")"
        return "\(correction.at) \(correction.actor) \(what)" + (correction.reason.map { ";理由:\($0)" } ?? "")
    }
}

/// `juanzong review list --json`.
struct ReviewListing: Encodable {
    let total: Int
    let entries: [ReviewQueue.Entry]
}

/// `juanzong review show --json`.
struct ReviewedDocument: Encodable {
    let facts: FactReviewer.CurrentFacts
    let history: [FactCorrection]
}
