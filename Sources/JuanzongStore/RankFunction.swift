import CSQLite
import Foundation

/// The FTS5 ranking function `juanzong_bm25(document_search)`: the same Okapi BM25 as FTS5's
/// built-in `bm25()` (k1 = 1.2, b = 0.75, per-column weights, idf clamped to 1e-6), negated
/// like it, but reading each document's length from memory.
///
/// FTS5's bm25() looks each row's length up in the `%_docsize` table with an SQL statement per
/// row; ranking a term found in most of a million documents then costs about a second. Here
/// the lengths and the per-phrase document counts are supplied by the caller through a
/// `RankContext`, and a row costs only the walk over its phrase instances.
public final class RankContext: @unchecked Sendable {
    /// Total token count of each document, indexed by document id.
    public var lengthsByDocument: [Int32] = []
    public var averageLength = 1.0
    /// Inverse document frequency of each phrase of the MATCH expression, in FTS5's phrase order.
    public var phraseIDF: [Double] = []
    /// Column weights: title, case_number, subject, body.
    public var columnWeights: [Double] = [8, 4, 4, 1]
    /// For `juanzong_scan`: the rows to hand over, whether to score them, and where to.
    public var scanRange: Range<Int64> = 0..<Int64.max
    public var scoreScan = true
    public var visitor: ((Int64, Double) -> Void)?

    public init() {}

    /// One phrase's bm25 term in document `rowid`, for its column-weighted `frequency` and `idf`
    /// (FTS5's k1 = 1.2, b = 0.75), with the length from `lengthsByDocument`.
    @inlinable @inline(__always)
    public func score(frequency: Double, rowid: Int64, idf: Double) -> Double {
        let length = rowid >= 0 && rowid < lengthsByDocument.count ? Double(lengthsByDocument[Int(rowid)]) : averageLength
        let k1 = 1.2, b = 0.75
        return idf * (frequency * (k1 + 1)) / (frequency + k1 * (1 - b + b * length / averageLength))
    }

    /// FTS5's idf: log((N − n + 0.5) / (n + 0.5)), at least 1e-6.
    public static func idf(documents: Int, matching: Int) -> Double {
        let value = log((Double(documents) - Double(matching) + 0.5) / (Double(matching) + 0.5))
        return value <= 0 ? 1e-6 : value
    }
}

extension Database {
    /// Registers `juanzong_bm25` on this connection, reading its parameters from `context`.
    public func registerRankFunction(_ context: RankContext) throws {
        let api = try fts5API()
        let userData = Unmanaged.passRetained(context).toOpaque()
        let status = api.pointee.xCreateFunction(api, "juanzong_bm25", userData, rankFunction, { pointer in
            if let pointer { Unmanaged<RankContext>.fromOpaque(pointer).release() }
        })
        guard status == SQLITE_OK else {
            Unmanaged<RankContext>.fromOpaque(userData).release()
            throw error(status, sql: nil)
        }
        let scanData = Unmanaged.passRetained(context).toOpaque()
        let scanStatus = api.pointee.xCreateFunction(api, "juanzong_scan", scanData, scanFunction, { pointer in
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
            sqlite3_bind_pointer(statement.handle, 1, apiPointer, UnsafeRawPointer(pointerType.utf8Start)
                .assumingMemoryBound(to: CChar.self), nil)
        }
        guard status == SQLITE_OK else { throw error(status, sql: "SELECT fts5(?1)") }
        _ = try statement.step()
        guard let api else { throw DatabaseError(code: SQLITE_ERROR, message: "此 SQLite 未编译 FTS5", sql: nil) }
        return api
    }
}

private let rankFunction: fts5_extension_function = { api, fts, result, _, _ in
    guard let api, let fts, let userData = api.pointee.xUserData(fts) else { return }
    let context = Unmanaged<RankContext>.fromOpaque(userData).takeUnretainedValue()
    let phrases = min(Int(api.pointee.xPhraseCount(fts)), context.phraseIDF.count)
    sqlite3_result_double(result, -bm25(api, fts, context, phrases: 0..<phrases))
}

/// `juanzong_scan(document_search)`, called on the first row of a single-phrase query: walks
/// every row matching phrase 0 with `xQueryPhrase` (no SQL row machinery per match) and hands
/// each row's id and score to `RankContext.visitor`. Returns the number of rows walked.
private let scanFunction: fts5_extension_function = { api, fts, result, _, _ in
    guard let api, let fts, let userData = api.pointee.xUserData(fts) else { return }
    let status = api.pointee.xQueryPhrase(fts, 0, userData) { api, fts, userData in
        guard let api, let fts, let userData else { return SQLITE_ERROR }
        let context = Unmanaged<RankContext>.fromOpaque(userData).takeUnretainedValue()
        let rowid = api.pointee.xRowid(fts)
        // Rows come in ascending order: past the range, the walk is over.
        guard rowid < context.scanRange.upperBound else { return SQLITE_DONE }
        guard rowid >= context.scanRange.lowerBound else { return SQLITE_OK }
        let score = context.scoreScan ? -bm25(api, fts, context, phrases: 0..<1) : 0
        context.visitor?(rowid, score)
        return SQLITE_OK
    }
    if status != SQLITE_OK { sqlite3_result_error_code(result, status) } else { sqlite3_result_int(result, 1) }
}

/// BM25 of the current row over `phrases`, FTS5's formula with the length from `context`.
@inline(__always)
private func bm25(_ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer, _ context: RankContext,
                  phrases: Range<Int>) -> Double {
    let rowid = api.pointee.xRowid(fts)
    let weights = context.columnWeights, idf = context.phraseIDF
    var score = 0.0
    var iterator = Fts5PhraseIter()
    var column: Int32 = 0, offset: Int32 = 0
    for phrase in phrases where phrase < idf.count {
        var frequency = 0.0
        guard api.pointee.xPhraseFirst(fts, Int32(phrase), &iterator, &column, &offset) == SQLITE_OK else { continue }
        while column >= 0 {
            frequency += Int(column) < weights.count ? weights[Int(column)] : 1
            api.pointee.xPhraseNext(fts, &iterator, &column, &offset)
        }
        score += context.score(frequency: frequency, rowid: rowid, idf: idf[phrase])
    }
    return score
}
