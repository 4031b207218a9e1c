import JuanzongCore
import JuanzongPostgres
import JuanzongStore

/// Posting lists of our own, the candidate for matching on PostgreSQL that `PostgresSearchBenchmark`
/// measures: for each token, the documents holding it and its positions in each, in chunks of
/// documents (a `bytea` row per token and chunk), read back and intersected in Swift as the
/// archive reads FTS5's doclists.
///
/// A chunk is a sequence of documents in ascending id, each `varint(id − previous id)`,
/// `varint(count)`, then `count` positions as `varint(position − previous position)`.
/// Stored in `postings(token bytea, first_document bigint, data bytea)`.
struct PostingLists {
    /// Documents per chunk: one row of the postings table.
    static let chunkSize: Int64 = 8192

    /// Positions of one token, document by document, in ascending document id.
    struct Postings {
        var documents: [Int64] = []
        /// Where each document's positions start in `positions` (one more entry than documents).
        var starts: [Int] = [0]
        var positions: [Int32] = []

        mutating func append(document: Int64, position: Int32) {
            if documents.last != document {
                documents.append(document)
                starts.append(positions.count)
            }
            positions.append(position)
            starts[starts.count - 1] = positions.count
        }

        func positions(ofDocumentAt index: Int) -> ArraySlice<Int32> { positions[starts[index]..<starts[index + 1]] }
    }

    /// A phrase's tokens as the index holds them, each with its offset from the first in
    /// positions: the positions the index gives the phrase's own text (a 4-gram shares its
    /// bigram's, a Latin word or number takes one). Nil for a one-character query (a prefix).
    static func phraseTokens(_ normalized: String) -> [(bytes: [UInt8], offset: Int32)]? {
        let bytes = Array(normalized.utf8)
        let tokens = SearchTokenizer.queryTokens(normalized, quadgrams: true)
        guard !tokens.isEmpty, !tokens.contains(where: { $0.kind == .unigram }) else { return nil }
        // Each query token at the position the index gives it in the phrase's own text.
        var indexed = SearchTokenizer.indexTokens(normalized)
        var placed: [(bytes: [UInt8], offset: Int32)] = []
        for token in tokens {
            let tokenBytes = token.indexBytes(in: bytes)
            guard let found = indexed.firstIndex(where: { $0.bytes == tokenBytes }) else { return nil }
            placed.append((tokenBytes, Int32(indexed[found].position)))
            indexed.remove(at: found)
        }
        let first = placed[0].offset
        return placed.map { ($0.bytes, $0.offset - first) }
    }

    /// The character of a one-character query, which FTS5 answers as a prefix: every bigram
    /// starting with it. Nil for anything else.
    static func prefix(_ normalized: String) -> [UInt8]? {
        let tokens = SearchTokenizer.queryTokens(normalized, quadgrams: true)
        guard tokens.count == 1, tokens[0].kind == .unigram else { return nil }
        return tokens[0].indexBytes(in: Array(normalized.utf8))
    }

    /// Creates the postings table in `postgres` and loads `lists` into it with COPY.
    static func store(_ lists: [[UInt8]: Postings], in postgres: PostgresConnection) throws {
        try postgres.execute("CREATE TABLE postings(token bytea, first_document bigint, data bytea, PRIMARY KEY(token, first_document))")
        try postgres.copy(
            into: "postings", columns: ["token", "first_document", "data"],
            rows: lists.lazy.flatMap { token, list in
                encode(list).map {
                    ["\\x" + MessageDigest.hex(token), String($0.firstDocument), "\\x" + MessageDigest.hex($0.bytes)]
                }
            })
    }

    /// The documents holding the phrase of `tokens` (from `phraseTokens`), read from the
    /// postings table in PostgreSQL's binary format and intersected here, and the bytes read.
    static func documents(
        matching tokens: [(bytes: [UInt8], offset: Int32)], in postgres: PostgresConnection
    ) throws -> (documents: [Int64], bytes: Int) {
        let placeholders = tokens.indices.map { "decode($\($0 + 1), 'hex')" }.joined(separator: ", ")
        let sql = "SELECT token, first_document, data FROM postings WHERE token IN (\(placeholders)) ORDER BY token, first_document"
        var lists: [[UInt8]: Postings] = [:]
        var bytesRead = 0
        for row in try postgres.binaryQuery(sql, tokens.map { MessageDigest.hex($0.bytes) }) {
            guard let token = row[0], let first = row[1], let data = row[2] else { continue }
            bytesRead += data.count
            decode(data, firstDocument: int64(bigEndian: first), into: &lists[token, default: Postings()])
        }
        return (matchingDocuments(tokens.map { (lists[$0.bytes] ?? Postings(), $0.offset) }), bytesRead)
    }

    /// The documents holding a token that starts with `prefix` (a one-character query), read as
    /// one range of the postings table's key, and the bytes read.
    static func documents(withPrefix prefix: [UInt8], in postgres: PostgresConnection) throws -> (documents: [Int64], bytes: Int) {
        // The key range [prefix, prefix with its last byte raised): UTF-8 orders as bytea does.
        var end = prefix
        end[end.count - 1] += 1
        var found = Set<Int64>()
        var bytesRead = 0
        let sql = "SELECT first_document, data FROM postings WHERE token >= decode($1, 'hex') AND token < decode($2, 'hex')"
        for row in try postgres.binaryQuery(sql, [MessageDigest.hex(prefix), MessageDigest.hex(end)]) {
            guard let first = row[0], let data = row[1] else { continue }
            bytesRead += data.count
            var postings = Postings()
            decode(data, firstDocument: int64(bigEndian: first), into: &postings)
            found.formUnion(postings.documents)
        }
        return (found.sorted(), bytesRead)
    }

    /// The chunks of `postings`: the first document id of each and its bytes.
    static func encode(_ postings: Postings) -> [(firstDocument: Int64, bytes: [UInt8])] {
        var chunks: [(Int64, [UInt8])] = []
        var bytes: [UInt8] = []
        var chunkFirst: Int64 = -1
        var previous: Int64 = 0
        for (index, document) in postings.documents.enumerated() {
            if chunkFirst < 0 || document >= chunkFirst + chunkSize {
                if chunkFirst >= 0 { chunks.append((chunkFirst, bytes)) }
                chunkFirst = document / chunkSize * chunkSize
                bytes = []
                previous = chunkFirst
            }
            JuanzongStore.Postings.appendVarint(UInt64(document - previous), to: &bytes)
            previous = document
            let positions = postings.positions(ofDocumentAt: index)
            JuanzongStore.Postings.appendVarint(UInt64(positions.count), to: &bytes)
            var last: Int32 = 0
            for position in positions {
                JuanzongStore.Postings.appendVarint(UInt64(position - last), to: &bytes)
                last = position
            }
        }
        if chunkFirst >= 0 { chunks.append((chunkFirst, bytes)) }
        return chunks
    }

    /// Appends one chunk's documents and positions to `postings`.
    static func decode(_ bytes: [UInt8], firstDocument: Int64, into postings: inout Postings) {
        var index = 0
        var document = firstDocument
        while index < bytes.count {
            document += Int64(JuanzongStore.Postings.readVarint(bytes, &index))
            let count = Int(JuanzongStore.Postings.readVarint(bytes, &index))
            var position: Int32 = 0
            for _ in 0..<count {
                position += Int32(JuanzongStore.Postings.readVarint(bytes, &index))
                postings.append(document: document, position: position)
            }
        }
    }

    /// The documents holding the phrase whose tokens are `tokens`, each at its offset from the
    /// first (in positions), walking the lists in step.
    static func matchingDocuments(_ tokens: [(postings: Postings, offset: Int32)]) -> [Int64] {
        guard let first = tokens.first else { return [] }
        var cursors = [Int](repeating: 0, count: tokens.count)
        var found: [Int64] = []
        documents: for (index, document) in first.postings.documents.enumerated() {
            // Every other list moves to this document (or past it).
            for list in 1..<tokens.count {
                let documents = tokens[list].postings.documents
                while cursors[list] < documents.count, documents[cursors[list]] < document { cursors[list] += 1 }
                guard cursors[list] < documents.count, documents[cursors[list]] == document else { continue documents }
            }
            let firstPositions = first.postings.positions(ofDocumentAt: index)
            for position in firstPositions {
                let allFollow = (1..<tokens.count).allSatisfy { list in
                    tokens[list].postings.positions(ofDocumentAt: cursors[list]).contains(position + tokens[list].offset - first.offset)
                }
                if allFollow {
                    found.append(document)
                    continue documents
                }
            }
        }
        return found
    }

    /// A `bigint` in PostgreSQL's binary format (8 bytes, big-endian).
    static func int64(bigEndian bytes: [UInt8]) -> Int64 {
        bytes.reduce(0) { $0 << 8 | Int64($1) }
    }
}
