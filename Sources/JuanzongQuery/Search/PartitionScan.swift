import Foundation
import JuanzongCore
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

        init(_ job: Job) {
            facets = FacetCounter(catalog: job.catalog, enabled: job.facets)
            top = TopList(capacity: job.capacity, sort: job.sort)
        }

        /// Counts a matching document, and when it passes the filter, its facets and its place.
        @inline(__always)
        mutating func add(_ id: Int64, score: Double, _ job: Job) {
            matches += 1
            guard let index = job.catalog.row(of: id), job.filter.accepts(index) else { return }
            total += 1
            facets.count(index)
            top.offer(TopList.Entry(score: score, day: job.catalog.dayNumbers[index], id: id))
        }
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

    private let database: Database
    private let rankContext = RankContext()
    private let rankedStatement: Statement
    private let rowidStatement: Statement
    private let phraseScanStatement: Statement
    private let countStatement: Statement
    private let doclists: DoclistReader

    init(path: String) throws {
        database = try Database(path: path, readOnly: true)
        try database.registerRankFunction(rankContext)
        let range = "document_search MATCH ?1 AND rowid >= ?2 AND rowid < ?3"
        rankedStatement = try database.prepare("SELECT rowid, juanzong_bm25(document_search, ?4) FROM document_search WHERE \(range)")
        rowidStatement = try database.prepare("SELECT rowid FROM document_search WHERE \(range)")
        countStatement = try database.prepare("SELECT count(*) FROM document_search WHERE \(range)")
        doclists = try DoclistReader(database: database)
        phraseScanStatement = try database.prepare(
            "SELECT juanzong_scan(document_search, ?2) FROM document_search WHERE document_search MATCH ?1 LIMIT 1")
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
        let ranked = job.ranked
        let accumulator = Accumulator(Outcome(job))
        let visit = { (id: Int64, score: Double) in accumulator.outcome.add(id, score: score, job) }
        if job.walkToken {
            let query = RankQuery(phraseIDF: job.idf, scanRange: ids, scoreScan: ranked, visitor: visit)
            try phraseScanStatement.each([job.match], rankQuery: query, at: 2) { _ in }
        } else if ranked {
            try rankedStatement.each([job.match, ids.lowerBound, ids.upperBound], rankQuery: RankQuery(phraseIDF: job.idf), at: 4) { row in
                visit(row.int64(0), row.double(1))
            }
        } else {
            try rowidStatement.each([job.match, ids.lowerBound, ids.upperBound]) { row in visit(row.int64(0), 0) }
        }
        return accumulator.outcome
    }

    /// The documents of one token in the text columns, read from the index's pages
    /// (`DoclistReader`) by every scan's connection at once, each document scored with its
    /// column-weighted count; one outcome per share of the doclist, or nil when the reader cannot
    /// read this index and FTS5 must walk it. The facets column, after the text columns, weighs 0.
    static func scan(_ job: Job, token: [UInt8], scans: [PartitionScan]) throws -> [Outcome]? {
        let outcomes = ShareSlots(count: scans.count, initial: Outcome(job))
        let understood = try DoclistReader.forEachDocument(
            holding: token, readers: scans.map(\.doclists), columnWeights: SearchIndexColumns.weights
        ) { share, id, frequency in
            let score = job.ranked ? -scans[share].rankContext.score(frequency: frequency, rowid: id, idf: 1) : 0
            outcomes[share].add(id, score: score, job)
        }
        return understood ? outcomes.values : nil
    }

    /// Documents holding `token` in the text columns, read from the index's pages by every
    /// scan's connection at once; nil when FTS5 must count them.
    static func count(token: [UInt8], scans: [PartitionScan]) throws -> Int? {
        let counts = ShareSlots(count: scans.count, initial: 0)
        let understood = try DoclistReader.forEachDocument(
            holding: token, readers: scans.map(\.doclists), columnWeights: SearchIndexColumns.weights
        ) { share, _, _ in
            counts[share] += 1
        }
        return understood ? counts.values.reduce(0, +) : nil
    }

    /// One value per share of a doclist, each written only by its share's thread, each on cache
    /// lines of its own (two threads counting in one line would pass it to and fro on every row).
    private final class ShareSlots<Value>: @unchecked Sendable {
        private let storage: UnsafeMutableRawPointer
        private let stride: Int
        private let count: Int

        init(count: Int, initial: Value) {
            self.count = count
            stride = (MemoryLayout<Value>.stride + 127) / 128 * 128
            storage = .allocate(byteCount: stride * count, alignment: 128)
            for share in 0..<count { slot(share).initialize(to: initial) }
        }

        deinit {
            for share in 0..<count { slot(share).deinitialize(count: 1) }
            storage.deallocate()
        }

        private func slot(_ share: Int) -> UnsafeMutablePointer<Value> {
            (storage + share * stride).assumingMemoryBound(to: Value.self)
        }

        subscript(share: Int) -> Value {
            get { slot(share).pointee }
            _modify { yield &slot(share).pointee }
        }

        var values: [Value] { (0..<count).map { slot($0).pointee } }
    }

    private final class Accumulator {
        var outcome: Outcome
        init(_ outcome: Outcome) { self.outcome = outcome }
    }
}
