@testable import JuanzongIndexer
import Foundation
import JuanzongCore
import JuanzongStore
import Testing

@Suite("Ingesting SampleCases and the seed documents", .serialized)
struct IngestTests {
    @Test func sampleCasesBecomeOneHouseholdDossiers() throws {
        let archive = try TestSupport.temporaryDirectory("samples")
        let summary = try TestSupport.ingest([TestSupport.sampleCases], into: archive)
        #expect(try TestSupport.count(archive, "cases") == 12)
        #expect(try TestSupport.count(archive, "subjects") == 8)
        #expect(summary.documents >= 28)
        // Every format: docx, pdf, GB18030 txt, UTF-16 txt, html, ofd, tar.gz and zip members.
        let formats = Set(try TestSupport.rows(archive, "SELECT DISTINCT format || ':' || COALESCE(encoding, '') FROM documents"))
        for expected in ["docx:", "pdf:", "txt:GB18030", "txt:UTF-16LE", "html:UTF-8", "ofd:"] {
            #expect(formats.contains(expected), "缺少格式 \(expected)")
        }
        let memberPaths = try TestSupport.rows(archive, "SELECT source_path FROM documents WHERE source_path LIKE '%!/%'")
        #expect(memberPaths.contains { $0.hasSuffix("王伟案卷(Windows压缩).zip!/王伟-2023/行政处罚决定书.txt") })
        #expect(memberPaths.contains { $0.hasSuffix("绿源印务.tar.gz!/绿源印务-2024/行政处罚决定书.docx") })
        // One household: the restaurant's two cases, one from a manifest, one inferred from PDFs.
        let restaurant = try TestSupport.rows(
            archive,
            """
            SELECT c.case_number FROM cases c JOIN subjects s ON s.id = c.subject_id
            WHERE s.identifier = '91310120MA1HK3X52X' ORDER BY 1
            """)
        #expect(restaurant == ["沪市监奉处〔2023〕0123号", "沪市监奉处〔2024〕0045号"])
        // Name variants are recorded, masked identifiers kept as published.
        #expect(try TestSupport.rows(archive, "SELECT name FROM subject_names WHERE name LIKE '%原金汇化工厂%'").count == 1)
        #expect(
            try TestSupport.rows(archive, "SELECT identifier_masked, identifier_check_passes FROM subjects WHERE identifier = '915206****7FMTAX63'")
                == ["1|∅"])
        // AV: media probed, sidecars in JSON, XML and CSV, a listed recording that was not delivered.
        let av = try TestSupport.rows(
            archive, "SELECT file_name, device_id, category, duration_seconds IS NOT NULL, sha256 IS NOT NULL FROM av_records ORDER BY file_name")
        #expect(av.contains("DSJ_20230302_093000.mp4|DSJ-31120-0007|查封扣押|1|1"))
        #expect(av.contains("询问录音_20230606.wav|HB-REC-0231|调查取证|1|1"))
        #expect(av.contains("CQ_20240715_0800.mp4|ZF-CG-0102|强制拆除|1|1"))
        #expect(av.contains("CQ_20240715_0930.mp4|ZF-CG-0102|强制拆除|0|0"))
        // The broken files are reported, each with the file and a reason in Chinese.
        let kinds = Set(summary.problems.map(\.kind))
        #expect(kinds.isSuperset(of: [.corrupt, .truncated, .invalidEncoding, .pathEscape, .manifestInvalid, .mediaMissing]))
        #expect(summary.problems.allSatisfy { !$0.sourcePath.isEmpty && $0.reason.unicodeScalars.contains { $0.value >= 0x4E00 } })
    }

    @Test func caseFileOrderFollowsTheManifest() throws {
        let archive = try TestSupport.temporaryDirectory("order")
        _ = try TestSupport.ingest([TestSupport.sampleCases + "/市场监管局"], into: archive)
        let reader = ArchiveReader(database: try ArchiveLocation(path: archive.path).openForReading())
        let file = try #require(try reader.caseFile(numberKey: "沪市监奉处〔2023〕0123号"))
        #expect(file.documents.map(\.docType) == ["立案审批表", "现场检查笔录", "询问笔录", "法制审核意见", "处罚告知书", "处罚决定书", "送达回证", "结案报告"])
        #expect(file.case.publishedOn == "2023-05-08")
        #expect(file.case.penaltyAmountYuan == 52120)
        #expect(file.avRecords.count == 1)
    }

    @Test func seedDocumentsIngestIncludingTraditionalText() throws {
        let archive = try TestSupport.temporaryDirectory("seeds")
        let summary = try TestSupport.ingest([TestSupport.seeds], into: archive)
        #expect(summary.documents == 5)
        #expect(summary.problems.isEmpty)
        let traditional = try TestSupport.rows(archive, "SELECT title FROM documents WHERE text LIKE '%瀘州市%'")
        #expect(traditional.count == 1)
        // The search index holds the Simplified form.
        let database = try ArchiveLocation(path: archive.path).openForReading()
        let hits = try database.prepare("SELECT count(*) FROM document_search WHERE document_search MATCH '泸州'").first { $0.int(0) }
        #expect(hits == 1)
    }

    @Test func ingestingTwiceChangesNothing() throws {
        let archive = try TestSupport.temporaryDirectory("twice")
        _ = try TestSupport.ingest([TestSupport.sampleCases], into: archive)
        let before = try TestSupport.content(archive)
        let second = try TestSupport.ingest([TestSupport.sampleCases], into: archive)
        #expect(second.documents == 0)
        #expect(second.avRecords == 0)
        #expect(second.filesSkipped > 30)
        #expect(try TestSupport.content(archive) == before)
    }

    /// A 公示 page joins its decision's case by the 文号 it publishes and dates the case's
    /// publication (the 7-working-day check reads it); a case known by its 公示 page alone has
    /// its decision's date from it too.
    @Test func aPublicityPageDatesItsCasesPublication() throws {
        let input = try TestSupport.temporaryDirectory("publicity")
        defer { try? FileManager.default.removeItem(at: input) }
        try "行政处罚决定书\n沪市监奉处〔2024〕0099号\n当事人:上海示例餐饮有限公司\n决定对当事人处以罚款5000元。\n上海市奉贤区市场监督管理局\n2024年3月1日\n"
            .write(to: input.appendingPathComponent("决定书.txt"), atomically: true, encoding: .utf8)
        try "行政处罚信息公示\n行政相对人名称 | 上海示例餐饮有限公司\n行政处罚决定书文号 | 沪市监奉处〔2024〕0099号\n处罚决定日期 | 2024-03-01\n公示日期 | 2024-03-12\n"
            .write(to: input.appendingPathComponent("公示.txt"), atomically: true, encoding: .utf8)
        try "行政处罚信息公示\n行政相对人名称 | 上海示例商店\n行政处罚决定书文号 | 沪市监奉处〔2024〕0100号\n处罚决定日期 | 2024-03-04\n公示日期 | 2024-03-20\n"
            .write(to: input.appendingPathComponent("另一公示.txt"), atomically: true, encoding: .utf8)
        let archive = try TestSupport.temporaryDirectory("publicity-archive")
        defer { try? FileManager.default.removeItem(at: archive) }
        _ = try TestSupport.ingest([input.path], into: archive)
        #expect(try TestSupport.rows(archive, "SELECT doc_type FROM documents ORDER BY doc_type") == ["处罚信息公示", "处罚信息公示", "处罚决定书"])
        #expect(
            try TestSupport.rows(archive, "SELECT decided_on, published_on FROM cases ORDER BY case_number") == [
                "2024-03-01|2024-03-12", "2024-03-04|2024-03-20",
            ])
    }

    @Test func theSameFileUnderTwoPathsIsStoredOnce() throws {
        let input = try TestSupport.temporaryDirectory("dupe")
        let source = TestSupport.sampleCases + "/市场监管局/李娜-2023-0388/行政处罚决定书.txt"
        for folder in ["a", "b"] {
            try FileManager.default.createDirectory(at: input.appendingPathComponent(folder), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: input.appendingPathComponent("\(folder)/决定书.txt").path)
        }
        let archive = try TestSupport.temporaryDirectory("dupe-archive")
        _ = try TestSupport.ingest([input.path], into: archive)
        #expect(try TestSupport.count(archive, "documents") == 1)
        #expect(try TestSupport.count(archive, "document_sources") == 1)
        let reader0 = ArchiveReader(database: try ArchiveLocation(path: archive.path).openForReading())
        let document = try #require(try reader0.document(id: 1))
        #expect(Set([document.sourcePath] + document.otherSourcePaths).count == 2)
        #expect(try TestSupport.count(archive, "blob_contents") == 1)
        // The original comes back byte for byte.
        let reader = ArchiveReader(database: try ArchiveLocation(path: archive.path).openForReading())
        let sha256 = try TestSupport.rows(archive, "SELECT sha256 FROM documents")[0]
        let store = try BlobStore(root: archive.appendingPathComponent("objects"))
        #expect(try reader.original(sha256: sha256, objects: store) == FileManager.default.contents(atPath: source))
    }
}

@Suite("Write batches")
struct BatchTests {
    /// Six folders of two 10 KB documents: with a 25 KB cap a batch ends after every second
    /// folder (three commits, one progress report each); without it, one batch holds them all.
    @Test func aBatchEndsAtItsFileOrByteLimit() throws {
        let input = try TestSupport.temporaryDirectory("batches")
        let line = "当事人违反《中华人民共和国大气污染防治法》第一百零八条,责令改正并处罚款。\n"
        for folder in 0..<6 {
            let directory = input.appendingPathComponent("案卷\(folder)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for file in 0..<2 {
                let text = "询问笔录 \(folder)-\(file)\n" + String(repeating: line, count: 10_000 / line.utf8.count)
                try text.write(to: directory.appendingPathComponent("\(file).txt"), atomically: true, encoding: .utf8)
            }
        }
        func reports(_ options: IngestOptions) throws -> (Int, IngestSummary) {
            let archive = try TestSupport.temporaryDirectory("batches-archive")
            let counter = ReportCounter()
            let summary = try Ingestor(archive: ArchiveLocation(path: archive.path), options: options).run([input.path]) { _ in counter.add() }
            return (counter.count, summary)
        }
        var capped = IngestOptions()
        capped.batchBytes = 25_000
        let (cappedReports, cappedSummary) = try reports(capped)
        #expect(cappedReports == 3)
        #expect(cappedSummary.documents == 12)
        let (wholeReports, wholeSummary) = try reports(IngestOptions())
        #expect(wholeReports == 1)
        #expect(wholeSummary.documents == 12)
        var fewFiles = IngestOptions()
        fewFiles.batchFiles = 4
        #expect(try reports(fewFiles).0 == 3)
    }

    private final class ReportCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var reports = 0
        func add() { lock.withLock { reports += 1 } }
        var count: Int { lock.withLock { reports } }
    }
}

@Suite("Media: by reference unless --copy-media", .serialized)
struct MediaStorageTests {
    static let folder = TestSupport.sampleCases + "/城管执法局/信达建筑-强制拆除"

    @Test func mediaAreReferencedWithTheirHash() throws {
        let archive = try TestSupport.temporaryDirectory("media-ref")
        _ = try TestSupport.ingest([Self.folder], into: archive)
        let rows = try TestSupport.rows(
            archive,
            """
            SELECT b.location, b.reference_path LIKE '%CQ_20240715_0800.mp4', a.codec FROM av_records a JOIN blobs b USING (sha256)
            """)
        #expect(rows == ["reference|1|AVC"])
    }

    @Test func copyMediaStoresTheFileInObjects() throws {
        var options = IngestOptions()
        options.copyMedia = true
        let archive = try TestSupport.temporaryDirectory("media-copy")
        _ = try TestSupport.ingest([Self.folder], into: archive, options: options)
        let sha256 = try TestSupport.rows(archive, "SELECT sha256 FROM blobs WHERE location = 'objects'")
        #expect(sha256.count == 1)
        let stored = archive.appendingPathComponent("objects/\(sha256[0].prefix(2))/\(sha256[0])")
        #expect(FileManager.default.contents(atPath: stored.path) == FileManager.default.contents(atPath: Self.folder + "/音像/CQ_20240715_0800.mp4"))
    }
}

@Suite("Fixity: a changed or missing original is detected", .serialized)
struct FixityTests {
    @Test func changedAndMissingMediaAreReported() throws {
        let input = try TestSupport.temporaryDirectory("fixity-input")
        let folder = input.appendingPathComponent("case")
        try FileManager.default.copyItem(atPath: MediaStorageTests.folder, toPath: folder.path)
        let archive = try TestSupport.temporaryDirectory("fixity")
        _ = try TestSupport.ingest([input.path], into: archive)
        let check = { () throws -> FixityCheck.Report in
            let location = ArchiveLocation(path: archive.path)
            return try FixityCheck(database: try location.openForReading(), store: try BlobStore(root: location.objects)).run()
        }
        let clean = try check()
        #expect(clean.findings.isEmpty)
        #expect(clean.checked >= 5)

        let media = folder.appendingPathComponent("音像/CQ_20240715_0800.mp4")
        let handle = try FileHandle(forWritingTo: media)
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data([0x00, 0xFF]))
        try handle.close()
        #expect(try check().findings.map(\.status) == [.changed])

        try FileManager.default.removeItem(at: media)
        #expect(try check().findings.map(\.status) == [.missing])
    }
}

/// A decision laid out as a form (a docx table of label and value cells) keeps each label with
/// its value: the subject, its credit code and its representative are read from the cells.
@Suite("Tables in documents")
struct DocumentTableTests {
    @Test func aDocxFormTableIsReadAsLabelsAndValues() throws {
        let folder = try TestSupport.temporaryDirectory("docx-table")
        let package = folder.appendingPathComponent("package")
        try FileManager.default.createDirectory(at: package.appendingPathComponent("word"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: package.appendingPathComponent("_rels"), withIntermediateDirectories: true)
        func paragraph(_ text: String) -> String { "<w:p><w:r><w:t>\(text)</w:t></w:r></w:p>" }
        func row(_ cells: [String]) -> String { "<w:tr>" + cells.map { "<w:tc>\(paragraph($0))</w:tc>" }.joined() + "</w:tr>" }
        let body =
            paragraph("某市生态环境局") + paragraph("行政处罚决定书") + paragraph("某环罚〔2025〕17号")
            + "<w:tbl>" + row(["当事人", "示例精细化工有限公司"]) + row(["统一社会信用代码", "91350100MA2XN8B41Q"])
            + row(["法定代表人", "陈示例"]) + "</w:tbl>" + paragraph("你单位违反了《中华人民共和国大气污染防治法》第一百零八条的规定,决定处以罚款30000元。")
        let document = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)</w:body></w:document>
            """
        try Data(document.utf8).write(to: package.appendingPathComponent("word/document.xml"))
        try Data(
            """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
            """.utf8
        ).write(to: package.appendingPathComponent("[Content_Types].xml"))
        try Data(
            """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
            """.utf8
        ).write(to: package.appendingPathComponent("_rels/.rels"))
        let input = folder.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let docx = input.appendingPathComponent("行政处罚决定书.docx")
        // A real zip package, written by libarchive's bsdtar.
        let zipped = try ChildProcess(
            "/usr/bin/bsdtar", ["--format", "zip", "-cf", docx.path, "-C", package.path, "[Content_Types].xml", "_rels", "word"]
        ).wait()
        #expect(zipped == 0)

        let archive = folder.appendingPathComponent("archive")
        _ = try TestSupport.ingest([input.path], into: archive)
        let subjects = try TestSupport.rows(archive, "SELECT name || '|' || identifier || '|' || representative FROM subjects")
        #expect(subjects == ["示例精细化工有限公司|91350100MA2XN8B41Q|陈示例"])
        #expect(try TestSupport.rows(archive, "SELECT text FROM documents").first?.contains("当事人\t示例精细化工有限公司") == true)
    }
}

/// A masked identifier is shared by many subjects: it joins documents of the same name only.
@Suite("Masked identifiers")
struct MaskedIdentifierTests {
    @Test func aMaskSharedByTwoEnterprisesDoesNotMergeThem() throws {
        let folder = try TestSupport.temporaryDirectory("masked")
        let input = folder.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let decisions = [
            ("甲.txt", "某县市场监督管理局\n行政处罚决定书\n某市监罚〔2025〕1号\n当事人:某县示例甲商贸有限公司\n统一社会信用代码:91430681XXXXXXXXXX\n"),
            ("乙.txt", "某县市场监督管理局\n行政处罚决定书\n某市监罚〔2025〕2号\n当事人:某县示例乙建材有限公司\n统一社会信用代码:91430681XXXXXXXXXX\n"),
            ("甲再.txt", "某县市场监督管理局\n行政处罚决定书\n某市监罚〔2025〕3号\n当事人:某县示例甲商贸有限公司\n统一社会信用代码:91430681XXXXXXXXXX\n"),
        ]
        for (name, text) in decisions { try Data(text.utf8).write(to: input.appendingPathComponent(name)) }
        let archive = folder.appendingPathComponent("archive")
        _ = try TestSupport.ingest([input.path], into: archive)
        let subjects = try TestSupport.rows(
            archive,
            "SELECT s.name || ':' || count(c.id) || ':' || s.identifier_masked FROM subjects s JOIN cases c ON c.subject_id = s.id GROUP BY s.id ORDER BY s.name"
        )
        #expect(subjects == ["某县示例乙建材有限公司:1:1", "某县示例甲商贸有限公司:2:1"])
    }
}
