import Foundation
import JuanzongIndexer
import JuanzongQuery
import JuanzongStore
import Testing

@Suite struct IndexMaintenanceTests {
    /// Small write batches leave the index in many segments; merging them into one must change
    /// no search result, and searchers opened before the merge keep answering after it.
    @Test func optimizeMergesSegmentsWithoutChangingResults() throws {
        setlocale(LC_ALL, "C.UTF-8")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-optimize-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = root.appendingPathComponent("corpus")
        try CorpusGenerator(cases: 60, seed: 5).write(to: corpus)
        let archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        var options = IngestOptions()
        options.batchFiles = 20
        _ = try Ingestor(archive: archive, options: options).run([corpus.path])

        let queries = ["罚款", "罚", "\"责令改正\"", "行政处罚 -警告", "机关:市场 文书:决定书", "食品 OR 噪声", "依据:大气污染防治法", "2023-01-01..2023-12-31"]
        let searcher = try Searcher(database: archive.openForReading())
        func results() throws -> [[Int64]] {
            try queries.map { query in
                let result = try searcher.search(query, options: .init(limit: 1_000, facets: false, snippets: false))
                return [Int64(result.total)] + result.hits.map(\.documentId)
            }
        }
        let before = try results()
        #expect(before[0][0] > 100)

        let (database, _) = try archive.openForWriting()
        let maintenance = SearchIndexMaintenance(database: database)
        let report = try maintenance.optimize()
        #expect(report.segmentsBefore > 1)
        #expect(report.segmentsAfter == 1)
        #expect(try results() == before)
        #expect(try Searcher(database: archive.openForReading()).search("罚款").total == Int(before[0][0]))

        let again = try maintenance.optimize()
        #expect(again.segmentsBefore == 1 && again.segmentsAfter == 1)
    }
}
