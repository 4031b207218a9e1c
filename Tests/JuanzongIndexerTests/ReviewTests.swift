import Foundation
import JuanzongCore
import JuanzongIndexer
import JuanzongStore
import Testing

/// Staff correct what inference got wrong; corrections re-form the dossier at once, are audited
/// and survive later ingests.
@Suite("Review of inferred facts", .serialized)
struct ReviewTests {
    static func decision(number: String, subject: String, amount: String) -> String {
        """
        上海市奉贤区市场监督管理局
        行政处罚决定书
        \(number)
        当事人:\(subject)
        经查,当事人销售过期食品。依据《中华人民共和国食品安全法》第一百二十四条第一款第三项,
        本局决定对当事人处以罚款人民币\(amount)元整。
        2024年5月20日
        """
    }

    @Test func aCorrectedSubjectHoldsThroughALaterIngestAndIsAudited() throws {
        let input = try TestSupport.temporaryDirectory("review")
        let folder = input.appendingPathComponent("案卷")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.decision(number: "沪市监奉处〔2024〕0555号", subject: "上海核对测试贸易有限公司", amount: "伍万")
            .write(to: folder.appendingPathComponent("决定书.txt"), atomically: true, encoding: .utf8)
        let archive = try TestSupport.temporaryDirectory("review-archive")
        _ = try TestSupport.ingest([input.path], into: archive)
        let database = try ArchiveLocation(path: archive.path).openExistingForWriting()
        let queue = try ReviewQueue(database: database).entries()
        #expect(queue.total == 1 && queue.entries[0].reasons == [.noIdentifier])
        let documentID = queue.entries[0].documentId

        // Refused: an identifier that is none, a date on a document without a case.
        var wrong = FactReview()
        wrong.subjectIdentifier = "12345"
        #expect(throws: FactReviewRefusal.self) { try FactReviewer(database: database).review(documentId: documentID, wrong, actor: "测试") }

        var review = FactReview()
        review.subjectName = "上海核对测试商贸有限公司"
        review.subjectIdentifier = "913101206300123455"
        review.fineYuan = 52_000
        review.reason = "核对原件"
        let stored = try FactReviewer(database: database).review(documentId: documentID, review, actor: "法制审核员")
        #expect(Set(stored.map(\.field)) == [.subjectName, .subjectIdentifier, .fineYuan])
        #expect(stored.first { $0.field == .subjectName }?.previousValue == "上海核对测试贸易有限公司")
        #expect(try ReviewQueue(database: database).entries().total == 0)
        let subject = "SELECT s.name, s.identifier, c.penalty_amount_yuan FROM cases c JOIN subjects s ON s.id = c.subject_id"
        #expect(try TestSupport.rows(archive, subject) == ["上海核对测试商贸有限公司|913101206300123455|52000.0"])
        #expect(try TestSupport.rows(archive, "SELECT count(*) FROM audit_log WHERE action = 'fact_corrected' AND actor = '法制审核员'") == ["3"])

        // A later ingest brings the case's notice, which names the subject as inference read it
        // before, and states another fine: the corrections stand.
        try Self.decision(number: "沪市监奉处〔2024〕0555号", subject: "上海核对测试贸易有限公司", amount: "陆万")
            .replacingOccurrences(of: "行政处罚决定书", with: "行政处罚告知书")
            .write(to: folder.appendingPathComponent("告知书.txt"), atomically: true, encoding: .utf8)
        let later = try TestSupport.ingest([input.path], into: archive)
        #expect(later.documents == 1)
        #expect(try TestSupport.rows(archive, subject) == ["上海核对测试商贸有限公司|913101206300123455|52000.0"])
        #expect(try TestSupport.rows(archive, "SELECT count(DISTINCT subject_id) FROM documents") == ["1"])
        #expect(try FactReviewer(database: database).history(documentId: documentID).count == 3)
    }

    @Test func aDocumentMovedToAnotherNumberSplitsItsCase() throws {
        let input = try TestSupport.temporaryDirectory("review-split")
        let folder = input.appendingPathComponent("案卷")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Two decisions that inference read as one case: the second's number is misprinted.
        try Self.decision(number: "沪市监奉处〔2024〕0601号", subject: "上海拆分甲贸易有限公司", amount: "伍仟")
            .write(to: folder.appendingPathComponent("甲.txt"), atomically: true, encoding: .utf8)
        try Self.decision(number: "沪市监奉处〔2024〕0601号", subject: "上海拆分甲贸易有限公司", amount: "陆仟")
            .write(to: folder.appendingPathComponent("乙.txt"), atomically: true, encoding: .utf8)
        let archive = try TestSupport.temporaryDirectory("review-split-archive")
        _ = try TestSupport.ingest([input.path], into: archive)
        let database = try ArchiveLocation(path: archive.path).openExistingForWriting()
        let second = try #require(try database.prepare("SELECT id FROM documents WHERE source_path LIKE '%乙.txt'").first { $0.int64(0) })
        var review = FactReview()
        review.caseNumber = "沪市监奉处〔2024〕0602号"
        review.fineYuan = 6_000
        try FactReviewer(database: database).review(documentId: second, review, actor: "法制审核员")
        #expect(
            try TestSupport.rows(
                archive,
                "SELECT c.case_number, count(d.id), c.subject_id IS NOT NULL FROM cases c JOIN documents d ON d.case_id = c.id GROUP BY c.id ORDER BY c.case_number"
            )
                == ["沪市监奉处〔2024〕0601号|1|1", "沪市监奉处〔2024〕0602号|1|1"])
        #expect(try TestSupport.rows(archive, "SELECT penalty_amount_yuan FROM cases WHERE case_number LIKE '%0602号'") == ["6000.0"])
        // A number that is none is refused with the reason.
        var wrong = FactReview()
        wrong.caseNumber = "不是文号"
        #expect(throws: FactReviewRefusal.self) { try FactReviewer(database: database).review(documentId: second, wrong, actor: "法制审核员") }
    }
}
