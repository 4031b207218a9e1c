import CSQLite
import JuanzongCore

/// The FTS5 tokenizer `juanzong`, written in Swift and registered on every connection.
///
/// - A run of CJK characters is indexed as its overlapping bigrams followed by the run's last
///   character as a unigram: 行政处罚 → 行政 政处 处罚 罚. Every character thus starts a token,
///   so a one-character term is found as the prefix query `"罚"*`, and a phrase of any length
///   matches as a chain of bigrams. (Indexing every character as a colocated unigram as well
///   would find single characters without a prefix query, at the price of twice the index.)
/// - A query is tokenized the same way, except that a run at the very end of the query text
///   gives no final unigram when it has two or more characters, since in a document the run may
///   go on (处罚 must match 处罚决定). A query ending in a single character ends in its unigram,
///   which `SearchExpression` turns into a prefix.
/// - Latin letters and digits form lower-cased words; everything else separates tokens.
///
/// Text is expected to be normalized (`TextNormalizer`) before it reaches the index or a query.
public enum SearchTokenizer {
    public static let name = "juanzong"

    static func register(on database: Database) throws {
        let api = try database.fts5API()
        var tokenizer = fts5_tokenizer(xCreate: create, xDelete: delete, xTokenize: tokenize)
        let created = api.pointee.xCreateTokenizer(api, name, nil, &tokenizer, nil)
        guard created == SQLITE_OK else { throw database.error(created, sql: nil) }
    }

    private static let create: @convention(c) (
        UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafePointer<CChar>?>?, Int32,
        UnsafeMutablePointer<OpaquePointer?>?
    ) -> Int32 = { _, _, _, output in
        // The tokenizer has no state; FTS5 only needs a non-null handle.
        output?.pointee = OpaquePointer(bitPattern: 1)
        return SQLITE_OK
    }

    private static let delete: @convention(c) (OpaquePointer?) -> Void = { _ in }

    typealias TokenCallback = @convention(c) (
        UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32
    ) -> Int32

    private static let tokenize: @convention(c) (
        OpaquePointer?, UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, TokenCallback?
    ) -> Int32 = { _, context, flags, text, length, emit in
        guard let text, let emit, length > 0 else { return SQLITE_OK }
        let isQuery = flags & FTS5_TOKENIZE_QUERY != 0
        return text.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { bytes in
            segment(UnsafeBufferPointer(start: bytes, count: Int(length)), isQuery: isQuery) { start, end in
                emit(context, 0, text + start, Int32(end - start), Int32(start), Int32(end))
            }
        }
    }

    /// Splits UTF-8 `bytes` into tokens, calling `emit(start, end)` with byte offsets.
    /// Latin words are emitted as they stand; callers lower-case text beforehand.
    /// Stops and returns the first non-OK status `emit` returns.
    static func segment(
        _ bytes: UnsafeBufferPointer<UInt8>, isQuery: Bool,
        emit: (Int, Int) -> Int32
    ) -> Int32 {
        var index = 0
        let count = bytes.count
        // Start and end of the previous CJK character still waiting for its bigram partner.
        var pendingStart = -1, pendingEnd = -1
        var runLength = 0

        /// Ends a CJK run with its last character's unigram (see the type's comment for queries).
        func flushPending(atEnd: Bool) -> Int32 {
            defer { pendingStart = -1; runLength = 0 }
            guard pendingStart >= 0 else { return SQLITE_OK }
            if isQuery && atEnd && runLength > 1 { return SQLITE_OK }
            return emit(pendingStart, pendingEnd)
        }

        while index < count {
            let (scalar, width) = UTF8Scalars.scalar(in: bytes, at: index)

            if isCJK(scalar) {
                if pendingStart >= 0 {
                    let status = emit(pendingStart, index + width)
                    if status != SQLITE_OK { return status }
                }
                pendingStart = index
                pendingEnd = index + width
                runLength += 1
                index += width
                continue
            }
            let flushed = flushPending(atEnd: false)
            if flushed != SQLITE_OK { return flushed }

            if isWordCharacter(scalar) {
                let start = index
                index += width
                while index < count, bytes[index] < 0x80, isWordCharacter(UInt32(bytes[index])) { index += 1 }
                let status = emit(start, index)
                if status != SQLITE_OK { return status }
                continue
            }
            index += width
        }
        return flushPending(atEnd: true)
    }

    @inline(__always)
    static func isCJK(_ scalar: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(scalar) || (0x3400...0x4DBF).contains(scalar)
            || (0x20000...0x3134F).contains(scalar) || (0xF900...0xFAFF).contains(scalar)
            || (0x3040...0x30FF).contains(scalar) || (0xAC00...0xD7AF).contains(scalar)
            || scalar == 0x3007
    }

    @inline(__always)
    static func isWordCharacter(_ scalar: UInt32) -> Bool {
        (0x30...0x39).contains(scalar) || (0x61...0x7A).contains(scalar) || (0x41...0x5A).contains(scalar)
            || (0xC0...0x24F).contains(scalar) && scalar != 0xD7 && scalar != 0xF7
    }
}

extension SearchTokenizer {
    /// One token of a query, as the index sees it.
    public struct QueryToken: Equatable, Sendable {
        public enum Kind: Sendable { case bigram, unigram, word }
        public var kind: Kind
        /// UTF-8 byte offsets in the tokenized text.
        public var start: Int
        public var end: Int
    }

    /// The tokens FTS5 will make of `text` (already normalized) in a query.
    public static func queryTokens(_ text: String) -> [QueryToken] {
        var tokens: [QueryToken] = []
        var utf8 = Array(text.utf8)
        _ = utf8.withUnsafeMutableBufferPointer { buffer in
            segment(UnsafeBufferPointer(buffer), isQuery: true) { start, end in
                let lead = buffer[start]
                let kind: QueryToken.Kind
                if lead < 0x80 || lead & 0xE0 == 0xC0 {
                    kind = .word
                } else {
                    let width = lead & 0xF0 == 0xE0 ? 3 : 4
                    kind = end - start > width ? .bigram : .unigram
                }
                tokens.append(QueryToken(kind: kind, start: start, end: end))
                return SQLITE_OK
            }
        }
        return tokens
    }
}
