import Foundation
import JuanzongCore
import JuanzongIndexer
import JuanzongQuery
import JuanzongStore
import Testing

/// Search sees the current version of a changed file only: its text, its case's amount.
@Suite("Searching changed files")
struct VersionSearchTests {
    static func decision(_ amount: String) -> String {
        """
        上海市奉贤区市场监督管理局
        行政处罚决定书
        沪市监奉处〔2024〕0998号
        当事人:上海检索版本测试有限公司
        经查,当事人销售过期食品,本局决定对当事人处以罚款人民币\(amount)元整。
        2024年5月21日
        """
    }

    @Test func onlyTheCurrentVersionIsFound() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-version-search-\(UUID().uuidString)")
        let input = root.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let file = input.appendingPathComponent("决定书.txt")
        let archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        try Self.decision("伍万").write(to: file, atomically: true, encoding: .utf8)
        _ = try Ingestor(archive: archive, options: IngestOptions()).run([input.path])
        try Self.decision("捌万").write(to: file, atomically: true, encoding: .utf8)
        _ = try Ingestor(archive: archive, options: IngestOptions()).run([input.path])

        let searcher = try Searcher(database: archive.openForReading())
        #expect(try searcher.search("捌万").total == 1)
        #expect(try searcher.search("伍万").total == 0)
        // Count-only searches too (they may not count from the index alone while old versions are in it).
        #expect(try searcher.search("伍万", options: .init(limit: 0, facets: false, snippets: false)).total == 0)
        #expect(try searcher.search("罚款", options: .init(limit: 0, facets: false, snippets: false)).total == 1)
        #expect(try searcher.search("金额:80000").total == 1)
        #expect(try searcher.search("金额:50000").total == 0)
    }
}

/// Text extracted from PDFs puts spaces between Han characters; search reads through them.
@Suite("Spaced-out Han text")
struct SpacedHanTests {
    @Test func normalizationDropsSpacesBetweenHanCharactersOnly() throws {
        let normalizer = try TextNormalizer()
        #expect(normalizer.normalize("统 一社会信用代码") == "统一社会信用代码")
        #expect(normalizer.normalize("海\u{3000}南\u{A0}区 ABC 12 元") == "海南区 abc 12 元")
        #expect(normalizer.normalize("罚款 ¥500") == "罚款 ¥500")
        #expect(normalizer.normalize("第一行\n第二行") == "第一行\n第二行")
    }

    @Test func aPhraseIsFoundAcrossTheSpacesAndMarkedInTheOriginal() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-spaced-\(UUID().uuidString)")
        let input = root.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try "行政处罚决定书\n当事人:海 南 区某某商行\n统 一社会信用代码:91150303MA0N5FQX3A\n".write(
            to: input.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        _ = try Ingestor(archive: archive, options: IngestOptions()).run([input.path])
        let searcher = try Searcher(database: archive.openForReading())
        let result = try searcher.search("统一社会信用代码")
        #expect(result.total == 1)
        #expect(result.hits.first?.snippet?.contains("【统 一社会信用代码】") == true)
        #expect(try searcher.search("\"海南区\"").total == 1)
    }
}
