import Foundation
import JuanzongStore

/// Streams the matches of one range of document ids through filter, facets and a top list, on
/// a connection of its own, so that the ranges of a large result set are scanned in parallel.
final class PartitionScan: @unchecked Sendable {
    struct Outcome {
        /// Matches in the range before filters, and those that passed.
        var matches = 0
        var total = 0
        var facets: FacetCounter
        var top: TopList
    }

    /// What every partition of one search does; read-only while the scans run.
    struct Job: @unchecked Sendable {
        var match: String
        /// The expression is one token: every partition walks its doclist with `juanzong_scan`
        /// and scores its own rows (cheaper than a row of SQL per match).
        var walkToken: Bool
        var ranked: Bool
        var idf: [Double]
        var filter: RowFilter
        var catalog: DocumentCatalog
        var capacity: Int
        var sort: Searcher.Sort
        var facets: Bool
    }

    /// The partitions' results, stored from their threads.
    final class Results<Value>: @unchecked Sendable {
        private var slots: [Result<Value, any Error>?]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func store(_ result: Result<Value, any Error>, at index: Int) {
            lock.withLock { slots[index] = result }
        }

        var all: [Result<Value, any Error>] { lock.withLock { slots.map { $0! } } }
    }

    private let database: Database
    private let rankContext = RankContext()
    private let rankedStatement: Statement
    private let rowidStatement: Statement
    private let phraseScanStatement: Statement
    private let countStatement: Statement

    init(path: String) throws {
        database = try Database(path: path, readOnly: true)
        rankContext.columnWeights = Searcher.columnWeights
        try database.registerRankFunction(rankContext)
        let range = "document_search MATCH ?1 AND rowid >= ?2 AND rowid < ?3"
        rankedStatement = try database.prepare("SELECT rowid, juanzong_bm25(document_search) FROM document_search WHERE \(range)")
        rowidStatement = try database.prepare("SELECT rowid FROM document_search WHERE \(range)")
        countStatement = try database.prepare("SELECT count(*) FROM document_search WHERE \(range)")
        phraseScanStatement = try database.prepare(
            "SELECT juanzong_scan(document_search) FROM document_search WHERE document_search MATCH ?1 LIMIT 1")
    }

    /// Shares the catalog's document lengths with this connection's ranking function.
    func use(_ catalog: DocumentCatalog) {
        rankContext.lengthsByDocument = catalog.searchLengthsByDocument
        rankContext.averageLength = catalog.averageSearchLength
    }

    /// Matches of `match` in the id range, counted by FTS5 alone.
    func count(_ match: String, ids: Range<Int64>) throws -> Int {
        try countStatement.first([match, ids.lowerBound, ids.upperBound]) { $0.int(0) } ?? 0
    }

    /// `count` contiguous id ranges covering 0...maxID.
    static func bounds(count: Int, maxID: Int64) -> [Range<Int64>] {
        let span = (maxID + 1 + Int64(count) - 1) / Int64(count)
        return (0..<Int64(count)).map { index in
            let lower = index * span
            return lower..<(index == Int64(count) - 1 ? Int64.max : lower + span)
        }
    }

    /// `count` equal id ranges, one at the start of each of `count` equal parts of 0...maxID, that
    /// together cover 1/`count` of it: a sample spread over the archive's whole history.
    static func sampleSlices(maxID: Int64, count: Int) -> [Range<Int64>] {
        let part = (maxID + 1) / Int64(count)
        let width = max(part / Int64(count), 1)
        return (0..<Int64(count)).map { index in index * part..<(index * part + width) }
    }

    func scan(_ job: Job, ids: Range<Int64>) throws -> Outcome {
        rankContext.phraseIDF = job.idf
        let catalog = job.catalog, filter = job.filter, ranked = job.ranked
        let accumulator = Accumulator(Outcome(facets: FacetCounter(catalog: catalog, enabled: job.facets),
                                              top: TopList(capacity: job.capacity, sort: job.sort)))
        let visit = { (id: Int64, score: Double) in
            accumulator.outcome.matches += 1
            guard let index = catalog.row(of: id), filter.accepts(index) else { return }
            accumulator.outcome.total += 1
            accumulator.outcome.facets.count(index)
            accumulator.outcome.top.offer(TopList.Entry(score: score, day: catalog.dayNumbers[index], id: catalog.documentIDs[index]))
        }
        if job.walkToken {
            rankContext.scanRange = ids
            rankContext.scoreScan = ranked
            rankContext.visitor = visit
            defer { rankContext.visitor = nil }
            try phraseScanStatement.run([job.match])
        } else {
            try (ranked ? rankedStatement : rowidStatement).each([job.match, ids.lowerBound, ids.upperBound]) { row in
                visit(row.int64(0), ranked ? row.double(1) : 0)
            }
        }
        return accumulator.outcome
    }

    private final class Accumulator {
        var outcome: Outcome
        init(_ outcome: Outcome) { self.outcome = outcome }
    }
}
