import CSQLite
import Foundation

/// The FTS5 ranking function `juanzong_bm25(document_search, ?)`: the same Okapi BM25 as FTS5's
/// built-in `bm25()` (k1 = 1.2, b = 0.75, the weights of `SearchIndexColumns`, idf clamped to
/// 1e-6), negated like it, but reading each document's length from memory.
///
/// FTS5's bm25() looks each row's length up in the `%_docsize` table with an SQL statement per
/// row; ranking a term found in most of a million documents then costs about a second. Here
/// the lengths come from the connection's `RankContext` (set with each catalog), and what one
/// statement needs — each phrase's idf, and for `juanzong_scan` the id range and where to hand
/// each row — is its own `RankQuery`, bound as the function's pointer argument. Nothing a
/// statement needs is shared mutable state, so statements never see each other's parameters.
public final class RankContext: @unchecked Sendable {
    /// Total token count of each document, indexed by document id.
    public var lengthsByDocument: [Int32] = []
    public var averageLength = 1.0

    public init() {}

    /// One phrase's bm25 term in document `rowid`, for its column-weighted `frequency` and `idf`
    /// (FTS5's k1 = 1.2, b = 0.75), with the length from `lengthsByDocument`.
    @inlinable @inline(__always)
    public func score(frequency: Double, rowid: Int64, idf: Double) -> Double {
        let length = rowid >= 0 && rowid < lengthsByDocument.count ? Double(lengthsByDocument[Int(rowid)]) : averageLength
        let k1 = 1.2, b = 0.75
        return idf * (frequency * (k1 + 1)) / (frequency + k1 * (1 - b + b * length / averageLength))
    }

    /// FTS5's idf: log((N − n + 0.5) / (n + 0.5)), at least 1e-6. While an ingest commits, a
    /// catalog loaded before its batch counts fewer documents than the index matches (n > N):
    /// the logarithm of a negative number is NaN, which is kept out too (JSON cannot carry it;
    /// a search during an ingest once answered 500 for it).
    public static func idf(documents: Int, matching: Int) -> Double {
        let value = log((Double(documents) - Double(matching) + 0.5) / (Double(matching) + 0.5))
        return value > 0 ? value : 1e-6
    }
}

/// The parameters of one statement calling `juanzong_bm25` or `juanzong_scan`, bound to it as a
/// pointer (`Statement.each(_:rankQuery:at:_:)`): the idf of each phrase of the MATCH expression,
/// in FTS5's phrase order; for `juanzong_scan` also the rows to hand over, whether to score them,
/// and where to.
public final class RankQuery {
    public let phraseIDF: [Double]
    public let scanRange: Range<Int64>
    public let scoreScan: Bool
    public let visitor: ((Int64, Double) -> Void)?

    public init(
        phraseIDF: [Double], scanRange: Range<Int64> = 0..<Int64.max, scoreScan: Bool = true,
        visitor: ((Int64, Double) -> Void)? = nil
    ) {
        self.phraseIDF = phraseIDF
        self.scanRange = scanRange
        self.scoreScan = scoreScan
        self.visitor = visitor
    }

    /// The type tag of the pointer (SQLite's pointer-passing interface checks it on both sides).
    static let pointerType: StaticString = "juanzong_rank_query"
    static var pointerTypeName: UnsafePointer<CChar> {
        UnsafeRawPointer(pointerType.utf8Start).assumingMemoryBound(to: CChar.self)
    }
}

extension Statement {
    /// Runs the statement with `values` bound and `rankQuery` as the pointer parameter `index`
    /// (the `?N` passed to `juanzong_bm25` or `juanzong_scan`), calling `row` for every row.
    public func each(_ values: [any SQLBindable], rankQuery: RankQuery, at index: Int32, _ row: (Statement) throws -> Void) throws {
        try bind(values)
        defer { reset() }
        try withExtendedLifetime(rankQuery) {
            let status = sqlite3_bind_pointer(handle, index, Unmanaged.passUnretained(rankQuery).toOpaque(), RankQuery.pointerTypeName, nil)
            guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
            while try step() { try row(self) }
        }
    }
}

extension Database {
    /// Registers `juanzong_bm25` on this connection, reading its parameters from `context`.
    public func registerRankFunction(_ context: RankContext) throws {
        let api = try fts5API()
        let userData = Unmanaged.passRetained(context).toOpaque()
        let status = api.pointee.xCreateFunction(
            api, "juanzong_bm25", userData, rankFunction,
            { pointer in
                if let pointer { Unmanaged<RankContext>.fromOpaque(pointer).release() }
            })
        guard status == SQLITE_OK else {
            Unmanaged<RankContext>.fromOpaque(userData).release()
            throw error(status, sql: nil)
        }
        let scanData = Unmanaged.passRetained(context).toOpaque()
        let scanStatus = api.pointee.xCreateFunction(
            api, "juanzong_scan", scanData, scanFunction,
            { pointer in
                if let pointer { Unmanaged<RankContext>.fromOpaque(pointer).release() }
            })
        guard scanStatus == SQLITE_OK else {
            Unmanaged<RankContext>.fromOpaque(scanData).release()
            throw error(scanStatus, sql: nil)
        }
    }

    /// The connection's `fts5_api`, through `SELECT fts5(?1)`.
    func fts5API() throws -> UnsafeMutablePointer<fts5_api> {
        var api: UnsafeMutablePointer<fts5_api>?
        let statement = try prepare("SELECT fts5(?1)")
        let pointerType: StaticString = "fts5_api_ptr"
        let status = withUnsafeMutablePointer(to: &api) { apiPointer in
            sqlite3_bind_pointer(
                statement.handle, 1, apiPointer,
                UnsafeRawPointer(pointerType.utf8Start)
                    .assumingMemoryBound(to: CChar.self), nil)
        }
        guard status == SQLITE_OK else { throw error(status, sql: "SELECT fts5(?1)") }
        _ = try statement.step()
        guard let api else { throw DatabaseError(code: SQLITE_ERROR, message: "此 SQLite 未编译 FTS5", sql: nil) }
        return api
    }
}

/// The `RankQuery` bound as the function's argument after the table, or nil.
@inline(__always)
private func rankQuery(_ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>?) -> RankQuery? {
    guard count >= 1, let value = values?[0], let pointer = sqlite3_value_pointer(value, RankQuery.pointerTypeName) else { return nil }
    return Unmanaged<RankQuery>.fromOpaque(pointer).takeUnretainedValue()
}

private let rankFunction: fts5_extension_function = { api, fts, result, count, values in
    guard let api, let fts, let userData = api.pointee.xUserData(fts) else { return }
    guard let query = rankQuery(count, values) else {
        sqlite3_result_error(result, "juanzong_bm25 需要 RankQuery 参数", -1)
        return
    }
    let context = Unmanaged<RankContext>.fromOpaque(userData).takeUnretainedValue()
    let phrases = min(Int(api.pointee.xPhraseCount(fts)), query.phraseIDF.count)
    sqlite3_result_double(result, -bm25(api, fts, context, idf: query.phraseIDF, phrases: 0..<phrases))
}

/// `juanzong_scan(document_search, ?)`, called on the first row of a single-phrase query: walks
/// every row matching phrase 0 with `xQueryPhrase` (no SQL row machinery per match) and hands
/// each row's id and score to the `RankQuery`'s visitor. Returns 1 when the walk completed.
private let scanFunction: fts5_extension_function = { api, fts, result, count, values in
    guard let api, let fts, let userData = api.pointee.xUserData(fts) else { return }
    guard let query = rankQuery(count, values) else {
        sqlite3_result_error(result, "juanzong_scan 需要 RankQuery 参数", -1)
        return
    }
    let context = Unmanaged<RankContext>.fromOpaque(userData).takeUnretainedValue()
    let scan = ScanState(context: context, query: query)
    let status = withExtendedLifetime(scan) {
        api.pointee.xQueryPhrase(fts, 0, Unmanaged.passUnretained(scan).toOpaque()) { api, fts, userData in
            guard let api, let fts, let userData else { return SQLITE_ERROR }
            let scan = Unmanaged<ScanState>.fromOpaque(userData).takeUnretainedValue()
            let rowid = api.pointee.xRowid(fts)
            // Rows come in ascending order: past the range, the walk is over.
            guard rowid < scan.query.scanRange.upperBound else { return SQLITE_DONE }
            guard rowid >= scan.query.scanRange.lowerBound else { return SQLITE_OK }
            let score = scan.query.scoreScan ? -bm25(api, fts, scan.context, idf: scan.query.phraseIDF, phrases: 0..<1) : 0
            scan.query.visitor?(rowid, score)
            return SQLITE_OK
        }
    }
    if status != SQLITE_OK { sqlite3_result_error_code(result, status) } else { sqlite3_result_int(result, 1) }
}

/// What the phrase walk of `juanzong_scan` needs in its callback, which receives one pointer.
private final class ScanState {
    let context: RankContext
    let query: RankQuery

    init(context: RankContext, query: RankQuery) {
        self.context = context
        self.query = query
    }
}

/// BM25 of the current row over `phrases`, FTS5's formula with the length from `context`.
@inline(__always)
private func bm25(
    _ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer, _ context: RankContext, idf: [Double],
    phrases: Range<Int>
) -> Double {
    let rowid = api.pointee.xRowid(fts)
    let weights = SearchIndexColumns.weights
    var score = 0.0
    var iterator = Fts5PhraseIter()
    var column: Int32 = 0, offset: Int32 = 0
    for phrase in phrases where phrase < idf.count {
        var frequency = 0.0
        guard api.pointee.xPhraseFirst(fts, Int32(phrase), &iterator, &column, &offset) == SQLITE_OK else { continue }
        while column >= 0 {
            frequency += Int(column) < weights.count ? weights[Int(column)] : 0
            api.pointee.xPhraseNext(fts, &iterator, &column, &offset)
        }
        score += context.score(frequency: frequency, rowid: rowid, idf: idf[phrase])
    }
    return score
}
