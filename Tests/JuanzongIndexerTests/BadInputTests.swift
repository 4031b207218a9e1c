import Foundation
@testable import JuanzongIndexer
import JuanzongStore
import Testing

@Suite("Bad input never stops a run nor damages the archive", .serialized)
struct BadInputTests {
    func ingestFixture(_ name: String, options: IngestOptions = IngestOptions()) throws -> (IngestSummary, URL) {
        let archive = try TestSupport.temporaryDirectory("bad")
        let summary = try TestSupport.ingest([TestSupport.fixture(name)], into: archive, options: options)
        return (summary, archive)
    }

    @Test func encryptedZipMemberIsReported() throws {
        let (summary, _) = try ingestFixture("encrypted.zip")
        #expect(summary.problems.contains { $0.kind == .encrypted && $0.sourcePath.hasSuffix("encrypted.zip!/secret.txt") })
        #expect(summary.documents == 0)
    }

    @Test func zipBombIsStopped() throws {
        let (summary, _) = try ingestFixture("bomb.zip")
        #expect(summary.problems.contains { $0.kind == .zipBomb })
    }

    @Test func sevenZipAndNestedBundlesAreRead() throws {
        let (seven, archive) = try ingestFixture("bundle.7z")
        #expect(seven.documents == 1)
        #expect(try TestSupport.rows(archive, "SELECT source_path FROM documents")[0].hasSuffix("bundle.7z!/决定书.docx"))
        let (nested, nestedArchive) = try ingestFixture("nested.zip")
        #expect(nested.documents == 1)
        #expect(try TestSupport.rows(nestedArchive, "SELECT source_path FROM documents")[0].hasSuffix("nested.zip!/外层/inner.zip!/内层/通知.txt"))
        #expect(try TestSupport.rows(nestedArchive, "SELECT case_number FROM cases") == ["奉环罚〔2024〕00077号"])
    }

    @Test func textLongerThanTheLimitIsArchivedWholeAndIndexedInPart() throws {
        var options = IngestOptions()
        options.limits.maxTextBytes = 4_096
        options.limits.inMemoryBytes = 16_384
        let input = try TestSupport.temporaryDirectory("long-text")
        let line = "行政处罚决定书正文,当事人违反规定,依法予以处罚。\n"
        let text = String(repeating: line, count: 1_000) + "末尾独有词语\n"
        try text.write(to: input.appendingPathComponent("长文.txt"), atomically: true, encoding: .utf8)
        let archive = try TestSupport.temporaryDirectory("long-text-archive")
        let summary = try TestSupport.ingest([input.path], into: archive, options: options)
        #expect(summary.documents == 1)
        #expect(summary.problems.map(\.kind) == [.textTruncated])
        #expect(summary.outcome == .someProblems)
        // The original is kept whole (streamed: it is over the in-memory limit); the text is cut at a line.
        #expect(
            try TestSupport.rows(archive, "SELECT b.size, b.location FROM documents d JOIN blobs b USING (sha256)") == ["\(text.utf8.count)|objects"])
        let indexed = try TestSupport.rows(archive, "SELECT text FROM documents")[0]
        #expect(indexed.utf8.count <= 4_096 && indexed.hasSuffix("处罚。\n") && !indexed.contains("末尾独有词语"))
        // Truncated is not failed: the next run does not read it again.
        #expect(try TestSupport.ingest([input.path], into: archive, options: options).filesSkipped == 1)
    }

    @Test func symlinkLoopIsReportedAndTheRunGoesOn() throws {
        let input = try TestSupport.temporaryDirectory("loop")
        try FileManager.default.createDirectory(at: input.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: input.appendingPathComponent("sub/back").path, withDestinationPath: input.path)
        try "行政处罚决定书\n案号:奉城管罚〔2024〕第0001号\n当事人:李四\n".write(to: input.appendingPathComponent("sub/a.txt"), atomically: true, encoding: .utf8)
        let archive = try TestSupport.temporaryDirectory("loop-archive")
        let summary = try TestSupport.ingest([input.path], into: archive)
        #expect(summary.problems.contains { $0.kind == .symlinkLoop })
        #expect(summary.documents == 1)
    }

    @Test func badFilesLeaveArchivedContentUntouched() throws {
        let archive = try TestSupport.temporaryDirectory("untouched")
        _ = try TestSupport.ingest([TestSupport.sampleCases + "/市场监管局"], into: archive)
        let before = try TestSupport.content(archive)
        let summary = try TestSupport.ingest(
            [
                TestSupport.sampleCases + "/问题文件", TestSupport.fixture("bomb.zip"),
                TestSupport.fixture("encrypted.zip"),
            ], into: archive)
        #expect(summary.problems.count >= 6)
        // New: the sound member of 越界路径.zip and the two members before the cut in 截断的压缩包.zip.
        let after = try TestSupport.content(archive)
        #expect(Set(before).isSubset(of: Set(after)))
        #expect(summary.documents == 3)
    }

    @Test func missingPathIsAProblemNotACrash() throws {
        let archive = try TestSupport.temporaryDirectory("missing")
        let summary = try TestSupport.ingest(["/nonexistent/路径"], into: archive)
        #expect(summary.problems.first?.kind == .unreadable)
        #expect(summary.nothingRead)
    }
}
