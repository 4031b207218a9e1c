import Foundation
import JuanzongCore
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
        var withoutOCR = IngestOptions()
        withoutOCR.ocr = false
        let first = try TestSupport.ingest([input.path], into: archive, options: withoutOCR)
        let problem = try #require(first.problems.first { $0.kind == .ocrRequired })
        #expect(first.outcome == .nothingArchived)
        // The scan's bytes are in the archive although it is not a document yet.
        let kept = try #require(problem.keptSHA256)
        #expect(try TestSupport.rows(archive, "SELECT count(*) FROM blobs WHERE sha256 = '\(kept)'") == ["1"])
        // The same file, unchanged, is read again with OCR (before, it was skipped as done).
        let options = IngestOptions()
        let second = try TestSupport.ingest([input.path], into: archive, options: options)
        #expect(second.filesSkipped == 0)
        #expect(second.documents == 1)
        #expect(second.outcome == .allArchived)
        // Now it is done: a third run skips it.
        let third = try TestSupport.ingest([input.path], into: archive, options: options)
        #expect(third.filesSkipped == 1 && third.filesRead == 0)
        #expect(third.problems.isEmpty && third.cases == 0 && third.subjects == 0)
    }

    @Test func aFileThatBecomesReadableBetweenRunsIsArchivedThen() throws {
        let input = try TestSupport.temporaryDirectory("readable-later")
        // A link whose file is not there yet (a copy still running), and, where the tests do not
        // run as root (root reads anything), a file without read permission.
        let staging = input.appendingPathComponent(".staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: input.appendingPathComponent("决定书.txt").path, withDestinationPath: staging.appendingPathComponent("决定书.txt").path)
        let locked = input.appendingPathComponent("笔录.txt")
        let checksPermissions = getuid() != 0
        if checksPermissions {
            try "询问笔录\n奉城管罚〔2024〕第0777号\n".write(to: locked, atomically: true, encoding: .utf8)
            chmod(locked.path, 0)
        }
        let archive = try TestSupport.temporaryDirectory("readable-later-archive")
        let first = try TestSupport.ingest([input.path], into: archive)
        #expect(first.outcome == .nothingArchived && first.documents == 0)
        #expect(first.problems.allSatisfy { $0.kind == .unreadable } && first.problems.count == (checksPermissions ? 2 : 1))

        try Self.decision.write(to: staging.appendingPathComponent("决定书.txt"), atomically: true, encoding: .utf8)
        if checksPermissions { chmod(locked.path, 0o644) }
        let second = try TestSupport.ingest([input.path], into: archive)
        #expect(second.documents == (checksPermissions ? 2 : 1) && second.outcome == .allArchived)
        #expect(try TestSupport.rows(archive, "SELECT case_number FROM cases") == ["奉城管罚〔2024〕第0777号"])
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
        #expect(try ChildProcess("tar", ["-cf", bundle, "-C", input.path, "案卷"]).wait() == 0)
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

/// Names on disk that are not UTF-8, and originals larger than memory.
@Suite("Names and sizes from the real world", .serialized)
struct NameAndSizeTests {
    /// `bytes` as a NUL-terminated path for the C calls.
    static func cPath(_ bytes: [UInt8]) -> [CChar] { bytes.map { CChar(bitPattern: $0) } + [0] }

    @Test func aFolderNamedInGBKIsArchivedUnderItsDecodedNameWithItsBytesKept() throws {
        let input = try TestSupport.temporaryDirectory("gbk")
        // 案卷/决定书.txt as a Windows machine writes it on a USB stick: GBK bytes.
        let folderBytes = Array(input.path.utf8) + [0x2F, 0xB0, 0xB8, 0xBE, 0xED]
        let fileBytes = folderBytes + [0x2F, 0xBE, 0xF6, 0xB6, 0xA8, 0xCA, 0xE9] + Array(".txt".utf8)
        #expect(mkdir(Self.cPath(folderBytes), 0o755) == 0)
        let descriptor = open(Self.cPath(fileBytes), O_WRONLY | O_CREAT, 0o644)
        try #require(descriptor >= 0)
        let content = Array(IngestIntegrityTests.decision.utf8)
        #expect(write(descriptor, content, content.count) == content.count)
        close(descriptor)
        let archive = try TestSupport.temporaryDirectory("gbk-archive")
        let summary = try TestSupport.ingest([input.path], into: archive)
        #expect(summary.documents == 1 && summary.problems.isEmpty && summary.outcome == .allArchived)
        let expected = input.path + "/案卷/决定书.txt"
        #expect(try TestSupport.rows(archive, "SELECT source_path FROM documents") == [expected])
        #expect(try TestSupport.rows(archive, "SELECT case_number FROM cases") == ["奉城管罚〔2024〕第0777号"])
        // The bytes on disk are kept beside the text, for the folder and for the file.
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02X", $0) }.joined() }
        #expect(
            try TestSupport.rows(archive, "SELECT source_path, hex(path_bytes) FROM source_path_bytes ORDER BY source_path")
                == [input.path + "/案卷|" + hex(folderBytes), expected + "|" + hex(fileBytes)])
        // Unchanged, it is skipped next time: the stamp is found under the same path.
        let again = try TestSupport.ingest([input.path], into: archive)
        #expect(again.filesSkipped == 1 && again.filesRead == 0 && again.problems.isEmpty)

        // Beside a folder of the same name in UTF-8, the GBK one is marked: two folders, two paths.
        try FileManager.default.createDirectory(at: input.appendingPathComponent("案卷"), withIntermediateDirectories: true)
        try "行政处罚决定书\n奉城管罚〔2024〕第0778号\n当事人:赵六\n".write(
            to: input.appendingPathComponent("案卷/决定书.txt"), atomically: true, encoding: .utf8)
        let besideArchive = try TestSupport.temporaryDirectory("gbk-beside-archive")
        let beside = try TestSupport.ingest([input.path], into: besideArchive)
        #expect(beside.documents == 2 && beside.problems.isEmpty, "\(beside.problems)")
        #expect(
            Set(try TestSupport.rows(besideArchive, "SELECT source_path FROM documents"))
                == [expected, input.path + "/案卷(GBK 编码名称)/决定书.txt"])
    }

    /// A 300 MB scanned case file, a 300 MB body-camera video inside a zip and a 200 MB text: all
    /// kept whole, streamed (the ingest process stays under 500 MB), the run going on past the
    /// broken one.
    @Test func originalsLargerThanMemoryStreamIntoTheStore() throws {
        try #require(FileManager.default.isExecutableFile(atPath: TestSupport.executable.path), "先运行 swift build 生成 juanzong")
        let input = try TestSupport.temporaryDirectory("large")
        // 800 MB of input and as much archived: removed when the test ends, passed or not (each
        // run used to leave them behind, and a few dozen runs fill a disk).
        defer { try? FileManager.default.removeItem(at: input) }
        let size: UInt64 = 300 << 20
        // A PDF header and then nothing (a sparse file): pdftotext finds no document in it.
        let pdf = input.appendingPathComponent("扫描案卷.pdf")
        try Data("%PDF-1.4\n".utf8).write(to: pdf)
        let pdfHandle = try FileHandle(forWritingTo: pdf)
        try pdfHandle.truncate(atOffset: size)
        try pdfHandle.close()
        // A real recording grown by a 300 MB `free` box, zipped without compression, as
        // recorder exports are (video does not compress).
        let work = try TestSupport.temporaryDirectory("large-work")
        let video = work.appendingPathComponent("DSJ_20240715_0800.mp4")
        var recording = try Data(contentsOf: URL(fileURLWithPath: TestSupport.sampleCases + "/城管执法局/信达建筑-强制拆除/音像/CQ_20240715_0800.mp4"))
        let freeBoxSize = UInt32(size) + 8
        recording += [UInt8(freeBoxSize >> 24), UInt8(freeBoxSize >> 16 & 0xFF), UInt8(freeBoxSize >> 8 & 0xFF), UInt8(freeBoxSize & 0xFF)]
        recording += Data("free".utf8)
        try recording.write(to: video)
        let videoHandle = try FileHandle(forWritingTo: video)
        try videoHandle.truncate(atOffset: UInt64(recording.count) + size)
        try videoHandle.close()
        let zipped = try ChildProcess(
            "/usr/bin/bsdtar",
            [
                "--format", "zip", "--options", "zip:compression=store", "-cf", input.appendingPathComponent("音像.zip").path, "-C", work.path,
                video.lastPathComponent,
            ]
        ).wait()
        #expect(zipped == 0)
        try FileManager.default.removeItem(at: work)

        // A 200 MB text export: kept whole, its first 16 MB searchable.
        let text = input.appendingPathComponent("导出记录.txt")
        let block = Data(String(repeating: "当事人违反规定经营,依法予以处罚,罚款人民币伍仟元。\n", count: 20_000).utf8)
        FileManager.default.createFile(atPath: text.path, contents: nil)
        let textHandle = try FileHandle(forWritingTo: text)
        for _ in 0..<(200 << 20) / block.count + 1 { try textHandle.write(contentsOf: block) }
        try textHandle.close()

        let archive = try TestSupport.temporaryDirectory("large-archive")
        defer { try? FileManager.default.removeItem(at: archive) }
        let run = try TestSupport.juanzong(["ingest", "--json", "--archive", archive.path, input.path])
        struct Summary: Decodable {
            struct Problem: Decodable {
                let sourcePath: String
                let kind: String
                let keptSha256: String?
            }
            let avRecords: Int
            let documents: Int
            let peakMemoryBytes: Int64
            let problems: [Problem]
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let summary = try decoder.decode(Summary.self, from: run.output)
        #expect(run.status == 1)
        #expect(summary.avRecords == 1 && summary.documents == 1)
        #expect(summary.problems.contains { $0.sourcePath == text.path && $0.kind == "text_truncated" })
        #expect(summary.peakMemoryBytes > 0 && summary.peakMemoryBytes < 500 << 20, "内存峰值 \(summary.peakMemoryBytes / 1_048_576) MB")
        // The broken scan is a problem row that points at its bytes, kept whole.
        let scan = try #require(summary.problems.first { $0.sourcePath == pdf.path })
        #expect(scan.kind == "corrupt")
        let kept = try #require(scan.keptSha256)
        let store = try BlobStore(root: archive.appendingPathComponent("objects"))
        #expect((try FileManager.default.attributesOfItem(atPath: store.url(for: kept).path)[.size] as? Int) == Int(size))
        // The video is in the store (a bundle member has no path of its own), under its hash.
        let stored = try TestSupport.rows(archive, "SELECT b.location, b.size FROM av_records a JOIN blobs b ON b.sha256 = a.sha256")
        #expect(stored == ["objects|\(Int(size) + recording.count)"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.temporaryFolder).isEmpty)
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
