import Foundation
import JuanzongStore

/// Streams the matches of one range of document ids through filter, facets and a top list, on
/// a connection of its own, so that the ranges of a large result set are scanned in parallel.
final class PartitionScan: @unchecked Sendable {
    struct Outcome {
        var total = 0
        var facets: FacetCounter
        var top: TopList
    }

    /// What every partition of one search does; read-only while the scans run.
    struct Job: @unchecked Sendable {
        var match: String
        var ranked: Bool
        var idf: [Double]
        var filter: RowFilter
        var catalog: DocumentCatalog
        var capacity: Int
        var sort: Searcher.Sort
        var facets: Bool
    }

    /// The partitions' outcomes, stored from their threads.
    final class Results: @unchecked Sendable {
        private var slots: [Result<Outcome, any Error>?]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func store(_ result: Result<Outcome, any Error>, at index: Int) {
            lock.withLock { slots[index] = result }
        }

        var all: [Result<Outcome, any Error>] { lock.withLock { slots.map { $0! } } }
    }

    private let database: Database
    private let rankContext = RankContext()
    private let rankedStatement: Statement
    private let rowidStatement: Statement

    init(path: String) throws {
        database = try Database(path: path, readOnly: true)
        rankContext.columnWeights = Searcher.columnWeights
        try database.registerRankFunction(rankContext)
        let range = "document_search MATCH ?1 AND rowid >= ?2 AND rowid < ?3"
        rankedStatement = try database.prepare("SELECT rowid, juanzong_bm25(document_search) FROM document_search WHERE \(range)")
        rowidStatement = try database.prepare("SELECT rowid FROM document_search WHERE \(range)")
    }

    /// Shares the catalog's document lengths with this connection's ranking function.
    func use(_ catalog: DocumentCatalog) {
        rankContext.lengthsByDocument = catalog.searchLengthsByDocument
        rankContext.averageLength = catalog.averageSearchLength
    }

    /// `count` contiguous id ranges covering 0...maxID.
    static func bounds(count: Int, maxID: Int64) -> [Range<Int64>] {
        let span = (maxID + 1 + Int64(count) - 1) / Int64(count)
        return (0..<Int64(count)).map { index in
            let lower = index * span
            return lower..<(index == Int64(count) - 1 ? Int64.max : lower + span)
        }
    }

    func scan(_ job: Job, ids: Range<Int64>) throws -> Outcome {
        rankContext.phraseIDF = job.idf
        let catalog = job.catalog, filter = job.filter, ranked = job.ranked
        var outcome = Outcome(facets: FacetCounter(catalog: catalog, enabled: job.facets), top: TopList(capacity: job.capacity, sort: job.sort))
        try (ranked ? rankedStatement : rowidStatement).each([job.match, ids.lowerBound, ids.upperBound]) { row in
            guard let index = catalog.row(of: row.int64(0)), filter.accepts(index) else { return }
            outcome.total += 1
            outcome.facets.count(index)
            outcome.top.offer(TopList.Entry(score: ranked ? row.double(1) : 0, day: catalog.dayNumbers[index], id: catalog.documentIDs[index]))
        }
        return outcome
    }
}
