import Foundation
import JuanzongBenchmarks
import JuanzongIndexer
import JuanzongQuery
import JuanzongStore
import Testing

/// A scanned case file as an office scanner makes it: an image-only PDF of several pages, one
/// with the agency's red seal over the text and one turned sideways. Ingested without asking for
/// OCR, its words are found by search.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: OCRService.pythonPath), "需要 scripts/setup.sh 安装的 PP-OCR 环境"))
struct ScanSearchTests {
    @Test func anImageOnlyPDFIsReadWithoutBeingAskedAndFoundBySearch() throws {
        setlocale(LC_ALL, "C.UTF-8")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-scan-\(UUID().uuidString)")
        let input = root.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        var decision = ScanRenderer.Page(
            name: "p1",
            paragraphs: [
                "上海市奉贤区生态环境局", "行政处罚决定书", "沪奉环罚〔2024〕0318号",
                "当事人:上海扫描测试精细化工有限公司", "统一社会信用代码:913101206300123455",
                "经查,你单位于2024年3月12日将未经处理的含油废水经雨水管网排入外环境,违反了《中华人民共和国水污染防治法》第三十九条的规定。",
                "依据《中华人民共和国水污染防治法》第八十三条第三项的规定,本局决定对你单位处以罚款人民币贰拾叁万元整。",
            ], seed: 11)
        decision.seal = "上海市奉贤区生态环境局"
        var record = ScanRenderer.Page(
            name: "p2",
            paragraphs: [
                "询问笔录", "询问时间:2024年3月12日14时30分至15时10分", "询问地点:奉贤区环境监察支队第二询问室",
                "问:你单位的雨水排放口为何有乳白色废水流出?", "答:是车间冲洗地面时冲洗水进了雨水沟,是我们管理疏忽。",
            ], seed: 12)
        record.rotate = 90
        let receipt = ScanRenderer.Page(
            name: "p3", paragraphs: ["送达回证", "送达文书:行政处罚决定书", "受送达人:上海扫描测试精细化工有限公司", "送达方式:直接送达"],
            seed: 13)
        try ScanRenderer().render(
            [decision, record, receipt], into: root.appendingPathComponent("pages"), pdf: input.appendingPathComponent("扫描案卷.pdf"))

        let archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        let summary = try Ingestor(archive: archive, options: IngestOptions()).run([input.path])
        #expect(summary.documents == 1 && summary.ocrEngine == .ppOCR && summary.recognizedPages == 3)
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        let database = try archive.openForReading()
        let pages = try database.prepare("SELECT page, rotation, confidence FROM document_pages ORDER BY page").rows {
            ($0.int(0), $0.int(1), $0.double(2))
        }
        #expect(pages.map(\.0) == [1, 2, 3])
        #expect(pages[1].1 != 0 && pages[0].1 == 0, "第 2 页应被转正")
        #expect(pages.allSatisfy { $0.2 > 0.8 })
        // Words under the seal, on the turned page and on the last page are found.
        let searcher = try Searcher(database: database)
        for words in ["贰拾叁万元", "乳白色废水", "送达回证", "水污染防治法 第八十三条"] {
            #expect(try searcher.search(words, options: .init(limit: 5)).total == 1, "检索“\(words)”")
        }
        // A hit names the page its first match is on.
        for (words, page) in [("贰拾叁万元", 1), ("乳白色废水", 2), ("送达回证", 3)] {
            #expect(try searcher.search(words, options: .init(limit: 5)).hits.first?.page == page, "检索“\(words)”的页码")
        }
        #expect(try database.prepare("SELECT case_number FROM cases").first { $0.string(0) } == "沪奉环罚〔2024〕0318号")
    }
}

/// A fax or scanner TIFF holds all pages in one file: each is read and found.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: OCRService.pythonPath), "需要 scripts/setup.sh 安装的 PP-OCR 环境"))
struct MultiPageTIFFTests {
    @Test func everyPageOfATIFFIsRead() throws {
        setlocale(LC_ALL, "C.UTF-8")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-tiff-\(UUID().uuidString)")
        let input = root.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let pages = [
            ScanRenderer.Page(name: "t1", paragraphs: ["查封扣押决定书", "沪奉市监封〔2024〕0207号", "查封场所:奉贤区南桥镇某冷库"], seed: 31),
            ScanRenderer.Page(name: "t2", paragraphs: ["查封财物清单", "冷冻肉品四十二箱,包装完好,已贴封条"], seed: 32),
        ]
        try ScanRenderer().render(pages, into: root.appendingPathComponent("pages"), tiff: input.appendingPathComponent("传真件.tif"))
        let archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        let summary = try Ingestor(archive: archive, options: IngestOptions()).run([input.path])
        #expect(summary.documents == 1 && summary.recognizedPages == 2, "\(summary.problems)")
        let searcher = try Searcher(database: try archive.openForReading())
        for words in ["查封扣押决定书", "冷冻肉品"] {
            #expect(try searcher.search(words, options: .init(limit: 5)).total == 1, "检索“\(words)”")
        }
    }
}
