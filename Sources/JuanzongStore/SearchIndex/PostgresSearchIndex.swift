import Foundation
import JuanzongCore
import JuanzongPostgres

/// The search index of a PostgreSQL archive: posting lists of juanzong's own tokens, matched
/// and ranked in Swift, so that a search means exactly what it means on FTS5.
///
/// - `search_postings(token, first_document, data, document_count, last_document)`: for each token (as `SearchTokenizer` gives
///   it, from the same normalized columns FTS5 indexes) the documents of one written batch that
///   hold it, with positions (`Postings`). Writers append a row per token and batch; several
///   writers never touch one row, since a batch's documents are its own.
/// - `search_lengths(document_id, length)`: each document's token count over all columns, as
///   FTS5 records it in `%_docsize` (colocated 4-grams take no position), for bm25.
///
/// The `facets` column's filter tokens are counted in the length but not stored: user terms are
/// never matched against them (on FTS5 they are confined to the text columns when they could be).
public struct PostgresSearchIndex {
    let database: Database

    public init(database: Database) {
        precondition(database.dialect == .postgresql, "PostgresSearchIndex needs a PostgreSQL archive")
        self.database = database
    }

    private var connection: PostgresConnection { database.postgres! }

    /// Indexes `rows` (documents in ascending id, as one writer adds them), in the caller's transaction.
    public func write(_ rows: [SearchIndexRow]) throws {
        guard !rows.isEmpty else { return }
        var lists: [TokenKey: Postings] = [:]
        var lengths: [[PostgresConnection.CopyValue]] = []
        lengths.reserveCapacity(rows.count)
        for row in rows {
            var length = 0
            for (column, text) in [row.title, row.caseNumber, row.subject, row.body].enumerated() {
                var last = 0
                SearchTokenizer.forEachIndexToken(text) { bytes, isQuadgram, position in
                    lists[TokenKey(bytes, quadgram: isQuadgram), default: Postings()].append(
                        document: row.documentID, position: Postings.position(column: column, offset: position))
                    last = position
                }
                // Positions count from 1 and a 4-gram takes its bigram's: the last is the column's size.
                length += last
            }
            // The facet tokens count in the length, unstored.
            var facetLength = 0
            SearchTokenizer.forEachIndexToken(row.facets) { _, _, position in facetLength = position }
            length += facetLength
            lengths.append([.int64(row.documentID), .int32(Int32(length))])
        }
        try copy(lists.lazy.map { ($0.key.bytes, $0.value) })
        try connection.copyBinary(into: "search_lengths", columns: ["document_id", "length"], rows: lengths)
    }

    /// A token as a dictionary key that costs no allocation and hashes in a few words: up to 16
    /// bytes (a bigram is 6, a 4-gram 13 with its marker) packed into two integers; a longer
    /// token (a long word) kept as its bytes.
    struct TokenKey: Hashable {
        private var low: UInt64 = 0, high: UInt64 = 0
        private var count: Int
        private var long: [UInt8]?

        init(_ bytes: UnsafeBufferPointer<UInt8>, quadgram: Bool) {
            count = bytes.count + (quadgram ? 1 : 0)
            guard count <= 16 else {
                long = quadgram ? [SearchTokenizer.quadgramMarker] + bytes : Array(bytes)
                return
            }
            var index = 0
            func put(_ byte: UInt8) {
                if index < 8 { low |= UInt64(byte) << (8 * index) } else { high |= UInt64(byte) << (8 * (index - 8)) }
                index += 1
            }
            if quadgram { put(SearchTokenizer.quadgramMarker) }
            for byte in bytes { put(byte) }
        }

        /// The token's bytes, as the index stores them.
        var bytes: [UInt8] {
            if let long { return long }
            return (0..<count).map { index in UInt8(truncatingIfNeeded: index < 8 ? low >> (8 * index) : high >> (8 * (index - 8))) }
        }
    }

    /// Which rows of a token's list a search reads, by the documents a row spans (its first and
    /// last): a filtered search skips rows holding no document it accepts, as FTS5 skips the
    /// doclists its facet tokens rule out. nil reads every row.
    public typealias RowSelection = (ClosedRange<Int64>) -> Bool

    /// The documents and positions of `token`, in the rows `selection` keeps.
    public func postings(of token: [UInt8], selection: RowSelection? = nil) throws -> Postings {
        Postings.union(
            try rows(of: token, selection: selection).map { row in
                var postings = Postings()
                postings.append(encoded: row.data, firstDocument: row.first)
                return postings
            })
    }

    /// The stored rows of `token` (one per written batch) that `selection` keeps, by their first
    /// document. With a selection the rows' spans are read first (no list), then the lists of
    /// those kept; a row written before spans were stored is always kept.
    private func rows(of token: [UInt8], selection: RowSelection?) throws -> [(first: Int64, data: [UInt8])] {
        let hex = MessageDigest.hex(token)
        var kept: [Int64]?
        if let selection {
            let spans = try connection.binaryQuery(
                "SELECT first_document, last_document FROM search_postings WHERE token = decode($1, 'hex')", [hex])
            let firsts = spans.compactMap { row -> Int64? in
                guard let firstBytes = row[0] else { return nil }
                let first: Int64 = Self.integer(bigEndian: firstBytes)
                guard let lastBytes = row[1] else { return first }
                let last: Int64 = Self.integer(bigEndian: lastBytes)
                return last < first || selection(first...last) ? first : nil
            }
            if firsts.isEmpty { return [] }
            if firsts.count < spans.count { kept = firsts }
        }
        let statement =
            kept == nil
            ? "SELECT first_document, data FROM search_postings WHERE token = decode($1, 'hex') ORDER BY first_document"
            : "SELECT first_document, data FROM search_postings WHERE token = decode($1, 'hex') AND first_document = ANY($2::bigint[]) ORDER BY first_document"
        let parameters = [hex] + (kept.map { ["{" + $0.map(String.init).joined(separator: ",") + "}"] } ?? [])
        let read = try connection.binaryQuery(statement, parameters).compactMap { row -> (first: Int64, data: [UInt8])? in
            guard let first = row[0], let data = row[1] else { return nil }
            return (Self.integer(bigEndian: first), data)
        }
        // Rows kept may have been merged away (`optimize`) between the two statements: then the whole list.
        if let kept, read.count < kept.count { return try rows(of: token, selection: nil) }
        return read
    }

    /// The documents holding `token` in the rows `selection` keeps, ascending, each with the sum
    /// of `weights` over the columns of its positions (`Postings.weightedFrequencies`); nil when its rows' documents interleave
    /// (written by concurrent writers), which only the whole lists can merge.
    public func weightedFrequencies(
        of token: [UInt8], weights: [Double], selection: RowSelection? = nil
    ) throws -> (documents: [Int64], frequencies: [Double])? {
        let rows = try rows(of: token, selection: selection)
        // Rows decoded in parallel (a common token has one per written batch), then joined in order.
        let decoded = ConcurrentResults<(documents: [Int64], frequencies: [Double])>(count: rows.count)
        DispatchQueue.concurrentPerform(iterations: rows.count) { index in
            var documents: [Int64] = [], frequencies: [Double] = []
            Postings.weightedFrequencies(
                encoded: rows[index].data, firstDocument: rows[index].first, weights: weights, documents: &documents,
                frequencies: &frequencies)
            decoded.store(.success((documents, frequencies)), at: index)
        }
        var documents: [Int64] = [], frequencies: [Double] = []
        for case .success(let part) in decoded.all {
            if let last = documents.last, let next = part.documents.first, last >= next { return nil }
            documents += part.documents
            frequencies += part.frequencies
        }
        return (documents, frequencies)
    }

    /// How many documents hold `token` (each document is in one row of a token: the row of the
    /// batch that wrote it): the rows' stored counts, without reading their lists; a row written
    /// before counts were stored is counted from its list, without decoding positions.
    public func documentCount(of token: [UInt8]) throws -> Int {
        try connection.binaryQuery(
            """
            SELECT document_count, CASE WHEN document_count IS NULL THEN data END FROM search_postings
            WHERE token = decode($1, 'hex')
            """, [MessageDigest.hex(token)]
        ).reduce(0) { total, row in
            if let count = row[0] { return total + Int(Self.integer(bigEndian: count) as Int32) }
            return total + (row[1].map(Postings.documentCount(encoded:)) ?? 0)
        }
    }

    /// The documents and positions of every token starting with `prefix` (a query ending in one
    /// character or a word that may go on), as one list. 4-grams start with a marker byte no
    /// prefix has, so none is reached.
    public func postings(withPrefix prefix: [UInt8]) throws -> Postings {
        // The key range [prefix, prefix with its last byte raised): bytea orders by bytes, as UTF-8 does by scalar.
        var end = prefix
        while let last = end.last, last == 0xFF { end.removeLast() }
        guard !end.isEmpty else { return Postings() }
        end[end.count - 1] += 1
        let rows = try connection.binaryQuery(
            "SELECT token, first_document, data FROM search_postings WHERE token >= decode($1, 'hex') AND token < decode($2, 'hex') ORDER BY token, first_document",
            [MessageDigest.hex(prefix), MessageDigest.hex(end)])
        return Postings.union(
            rows.compactMap { row in
                guard let first = row[1], let data = row[2] else { return nil }
                var postings = Postings()
                postings.append(encoded: data, firstDocument: Self.integer(bigEndian: first))
                return postings
            })
    }

    /// The most rows any token's list is split into (one per ingest batch that met it): what
    /// FTS5's segments are to its index.
    public func mostRowsOfAToken() throws -> Int {
        try database.prepare("SELECT COALESCE(max(rows), 0) FROM (SELECT count(*) AS rows FROM search_postings GROUP BY token) AS counted")
            .first { $0.int(0) } ?? 0
    }

    /// Joins each token's rows into one, in the caller's transaction (readers keep the old rows
    /// until it commits; writers adding rows meanwhile are not disturbed). Tokens are taken in
    /// key ranges of `chunk` rows, so memory holds one range at a time.
    public func mergeRows(chunk: Int = 200_000) throws {
        var after: [UInt8] = []
        while true {
            let rows = try connection.binaryQuery(
                "SELECT token, first_document, data FROM search_postings WHERE token > decode($1, 'hex') ORDER BY token, first_document LIMIT \(chunk)",
                [MessageDigest.hex(after)])
            guard let lastToken = rows.last?[0] else { return }
            var byToken: [[UInt8]: [Postings]] = [:]
            for row in rows {
                guard let token = row[0], let first = row[1], let data = row[2] else { continue }
                var postings = Postings()
                postings.append(encoded: data, firstDocument: Self.integer(bigEndian: first))
                byToken[token, default: []].append(postings)
            }
            // The range's last token may go on past it: it is taken whole in the next range,
            // unless it alone fills this one.
            let complete = rows.count < chunk || byToken.count == 1 ? byToken : byToken.filter { $0.key != lastToken }
            let merged = complete.filter { $0.value.count > 1 }.mapValues { Postings.union($0) }
            for token in merged.keys {
                try database.prepare("DELETE FROM search_postings WHERE token = decode(?1, 'hex')").run([MessageDigest.hex(token)])
            }
            try copy(merged.lazy.map { ($0.key, $0.value) })
            guard rows.count == chunk else { return }
            after = complete.keys.max { $0.lexicographicallyPrecedes($1) } ?? lastToken
        }
    }

    /// Adds a row to `search_postings` for each token's list.
    private func copy(_ lists: some Sequence<([UInt8], Postings)>) throws {
        try connection.copyBinary(
            into: "search_postings", columns: ["token", "first_document", "data", "document_count", "last_document"],
            rows: lists.lazy.map { token, list in
                let (first, bytes) = list.encoded()
                return [.bytes(token), .int64(first), .bytes(bytes), .int32(Int32(list.documents.count)), .int64(list.documents.last ?? first)]
            })
    }

    /// Each document's token count over all columns (bm25's length), by document id.
    public func lengths() throws -> [(document: Int64, length: Int)] {
        try database.prepare("SELECT document_id, length FROM search_lengths").rows { ($0.int64(0), $0.int(1)) }
    }

    /// An `integer` or `bigint` in PostgreSQL's binary format (big-endian).
    static func integer<Integer: FixedWidthInteger>(bigEndian bytes: [UInt8]) -> Integer {
        bytes.reduce(0) { $0 << 8 | Integer($1) }
    }
}
