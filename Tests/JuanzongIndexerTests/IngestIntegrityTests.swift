import Foundation
import JuanzongIndexer
import JuanzongStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Nothing handed in is lost, and every input path gets exactly one outcome.
@Suite("Every input accounted for", .serialized)
struct IngestIntegrityTests {
    static let decision = "行政处罚决定书\n奉城管罚〔2024〕第0777号\n当事人:王五\n罚款人民币伍佰元。\n"

    @Test func aFileThatFailedIsTriedAgainAndItsBytesAreKept() throws {
        let input = try TestSupport.temporaryDirectory("retry")
        let scan = input.appendingPathComponent("扫描件.png")
        try FileManager.default.copyItem(atPath: TestSupport.fixture("扫描件.png"), toPath: scan.path)
        let archive = try TestSupport.temporaryDirectory("retry-archive")
        let first = try TestSupport.ingest([input.path], into: archive)
        let problem = try #require(first.problems.first { $0.kind == .ocrRequired })
        #expect(first.outcome == .nothingArchived)
        // The scan's bytes are in the archive although it is not a document yet.
        let kept = try #require(problem.keptSHA256)
        #expect(try TestSupport.rows(archive, "SELECT count(*) FROM blobs WHERE sha256 = '\(kept)'") == ["1"])
        // The same file, unchanged, is read again with --ocr (before, it was skipped as done).
        var options = IngestOptions()
        options.ocr = true
        let second = try TestSupport.ingest([input.path], into: archive, options: options)
        #expect(second.filesSkipped == 0)
        #expect(second.documents == 1)
        #expect(second.outcome == .allArchived)
        // Now it is done: a third run skips it.
        let third = try TestSupport.ingest([input.path], into: archive, options: options)
        #expect(third.filesSkipped == 1 && third.filesRead == 0)
        #expect(third.problems.isEmpty && third.cases == 0 && third.subjects == 0)
    }

    @Test func specialFilesAndLinksOutOfTheInputAreSkippedWithARow() throws {
        let input = try TestSupport.temporaryDirectory("special")
        try Self.decision.write(to: input.appendingPathComponent("决定书.txt"), atomically: true, encoding: .utf8)
        #expect(mkfifo(input.appendingPathComponent("管道").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: input.appendingPathComponent("零").path, withDestinationPath: "/dev/zero")
        let outside = try TestSupport.temporaryDirectory("outside")
        try "外部文件\n".write(to: outside.appendingPathComponent("passwd.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: input.appendingPathComponent("外部.txt").path, withDestinationPath: outside.appendingPathComponent("passwd.txt").path)
        try FileManager.default.createSymbolicLink(atPath: input.appendingPathComponent("外部目录").path, withDestinationPath: outside.path)
        let archive = try TestSupport.temporaryDirectory("special-archive")
        let summary = try TestSupport.ingest([input.path], into: archive)
        #expect(summary.documents == 1)
        let skipped = summary.problems.filter { $0.kind == .skipped }.map { ($0.sourcePath as NSString).lastPathComponent }
        #expect(Set(skipped) == ["管道", "零", "外部.txt", "外部目录"])
        #expect(summary.problems.first { $0.sourcePath.hasSuffix("/管道") }?.reason.contains("命名管道") == true)
        #expect(summary.problems.first { $0.sourcePath.hasSuffix("/外部.txt") }?.reason.contains("输入目录之外") == true)
        #expect(try TestSupport.rows(archive, "SELECT count(*) FROM documents WHERE text LIKE '%外部文件%'") == ["0"])
        #expect(summary.outcome == .someProblems)
    }

    @Test func aFileWhoseContentContradictsItsNameIsArchivedByItsContent() throws {
        let input = try TestSupport.temporaryDirectory("mismatch")
        try "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>404 页面不存在</h1></body></html>\n"
            .write(to: input.appendingPathComponent("决定书.pdf"), atomically: true, encoding: .utf8)
        let archive = try TestSupport.temporaryDirectory("mismatch-archive")
        let summary = try TestSupport.ingest([input.path], into: archive)
        let mismatch = try #require(summary.problems.first { $0.kind == .typeMismatch })
        #expect(mismatch.reason.contains(".pdf") && mismatch.reason.contains("HTML"))
        #expect(try TestSupport.rows(archive, "SELECT format FROM documents") == ["html"])
    }

    @Test func bundleEntriesThatAreNotFilesAreAccountedFor() throws {
        let input = try TestSupport.temporaryDirectory("tar-entries")
        let folder = input.appendingPathComponent("案卷")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.decision.write(to: folder.appendingPathComponent("决定书.txt"), atomically: true, encoding: .utf8)
        #expect(link(folder.appendingPathComponent("决定书.txt").path, folder.appendingPathComponent("副本.txt").path) == 0)
        #expect(mkfifo(folder.appendingPathComponent("管道").path, 0o644) == 0)
        let bundle = input.appendingPathComponent("案卷.tar").path
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "-cf", bundle, "-C", input.path, "案卷"]
        try tar.run()
        tar.waitUntilExit()
        #expect(tar.terminationStatus == 0)
        let archive = try TestSupport.temporaryDirectory("tar-archive")
        let summary = try TestSupport.ingest([bundle], into: archive)
        #expect(summary.documents == 1)
        let skipped = summary.problems.filter { $0.kind == .skipped }
        #expect(skipped.contains { $0.sourcePath.hasSuffix("/管道") && $0.reason.contains("命名管道") })
        #expect(skipped.contains { $0.reason.contains("硬链接") })
    }

    @Test func aProblemMetAgainIsOneRowWithItsLastSighting() throws {
        let input = try TestSupport.temporaryDirectory("again")
        try Self.decision.write(to: input.appendingPathComponent("决定书.txt"), atomically: true, encoding: .utf8)
        try Data().write(to: input.appendingPathComponent("空.txt"))
        let archive = try TestSupport.temporaryDirectory("again-archive")
        let first = try TestSupport.ingest([input.path], into: archive)
        #expect(first.documents == 1 && first.cases == 1)
        #expect(first.outcome == .someProblems)
        let second = try TestSupport.ingest([input.path], into: archive)
        // The empty file is tried again (it failed), the decision is not; nothing new is counted.
        #expect(second.filesSkipped == 1 && second.documents == 0 && second.cases == 0 && second.subjects == 0)
        #expect(second.problems.map(\.kind) == [.emptyText])
        #expect(second.outcome == .someProblems)
        let rows = try TestSupport.rows(archive, "SELECT kind, times_seen, last_run_id > run_id, last_seen_at IS NOT NULL FROM ingest_problems")
        #expect(rows == ["empty_text|2|1|1"])
    }
}

/// A changed source file becomes the current version; the earlier one stays as history.
@Suite("Versions of changed files", .serialized)
struct DocumentVersionTests {
    static func decision(_ amount: String) -> String {
        """
        上海市奉贤区市场监督管理局
        行政处罚决定书
        沪市监奉处〔2024〕0999号
        当事人:上海版本测试贸易有限公司
        经查,当事人销售过期食品。依据《中华人民共和国食品安全法》第一百二十四条第一款第三项,
        本局决定对当事人处以罚款人民币\(amount)元整。
        如不服本决定,可在六十日内申请行政复议,或者在六个月内向人民法院提起行政诉讼。
        2024年5月20日
        """
    }

    @Test func anEditedDecisionIsANewCurrentVersionAndTheOldOneStays() throws {
        let input = try TestSupport.temporaryDirectory("versions")
        let file = input.appendingPathComponent("决定书.txt")
        try Self.decision("伍万").write(to: file, atomically: true, encoding: .utf8)
        let archive = try TestSupport.temporaryDirectory("versions-archive")
        let first = try TestSupport.ingest([input.path], into: archive)
        #expect(first.documents == 1 && first.changed == 0)
        #expect(try TestSupport.rows(archive, "SELECT penalty_amount_yuan FROM cases") == ["50000.0"])

        try Self.decision("捌万").write(to: file, atomically: true, encoding: .utf8)
        let second = try TestSupport.ingest([input.path], into: archive)
        #expect(second.changed == 1 && second.documents == 1)
        #expect(second.outcome == .allArchived)
        let change = try #require(second.problems.first { $0.kind == .changed })
        #expect(change.sourcePath == file.path && change.reason.contains("原版本"))
        // Both originals are kept; the case follows the new one.
        #expect(try TestSupport.count(archive, "documents") == 2)
        #expect(try TestSupport.rows(archive, "SELECT penalty_amount_yuan FROM cases") == ["80000.0"])
        let database = try ArchiveLocation(path: archive.path).openForReading()
        let reader = ArchiveReader(database: database)
        let caseID = try #require(try database.prepare("SELECT id FROM cases").first { $0.int64(0) })
        let caseFile = try #require(try reader.caseFile(id: caseID, includeText: true))
        #expect(caseFile.documents.count == 1)
        #expect(caseFile.documents[0].text?.contains("捌万") == true)
        let revision = try #require(caseFile.revisions.first)
        #expect(caseFile.revisions.count == 1 && revision.documentId == caseFile.documents[0].id)
        // The earlier version stays openable and says what replaced it.
        let old = try #require(try reader.document(id: revision.previousDocumentId))
        #expect(old.supersededBy == revision.documentId && old.text?.contains("伍万") == true)
        #expect(try database.prepare("SELECT count(*) FROM audit_log WHERE action = 'document_changed'").first { $0.int(0) } == 1)
        // A third run with nothing changed adds nothing.
        let third = try TestSupport.ingest([input.path], into: archive)
        #expect(third.changed == 0 && third.documents == 0 && third.filesSkipped == 1)
    }
}
