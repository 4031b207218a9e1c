import Foundation
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
