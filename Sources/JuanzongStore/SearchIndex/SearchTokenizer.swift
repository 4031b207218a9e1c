import CSQLite
import JuanzongCore

/// The FTS5 tokenizer `juanzong`, written in Swift and registered on every connection.
///
/// - A run of CJK characters is indexed as its overlapping bigrams followed by the run's last
///   character as a unigram: 行政处罚 → 行政 政处 处罚 罚. Every character thus starts a token,
///   so a one-character term is found as the prefix query `"罚"*`, and a phrase of any length
///   matches as a chain of bigrams. (Indexing every character as a colocated unigram as well
///   would find single characters without a prefix query, at the price of twice the index.)
/// - With the argument `quadgrams` (`tokenize = 'juanzong quadgrams'`, the archive's index since
///   schema 8) every position that starts four characters of its run also holds, colocated with
///   its bigram, those four characters as one token, marked with a leading 0x01 byte so that no
///   prefix query reaches it: 行政处罚决定 → 行政+␁行政处罚 政处+␁政处罚决 处罚+␁处罚决定 罚决 决定 定.
///   A phrase of n ≥ 4 characters is then a chain of n − 3 such tokens, each far rarer than a
///   bigram: a four-character phrase is one doclist instead of the positional intersection of
///   three common ones. Colocated tokens take no position, so columns' lengths (bm25) are the same.
/// - A query is tokenized the same way (4-grams where the index has them, in place of the
///   bigram), except that a run at the very end of the query text gives no final unigram when it
///   has two or more characters, since in a document the run may go on (处罚 must match 处罚决定);
///   nor the bigrams a final 4-gram already covers. A query ending in a single character ends in
///   its unigram, which `SearchExpression` turns into a prefix.
/// - Latin letters and digits form lower-cased words; everything else separates tokens.
///
/// Text is expected to be normalized (`TextNormalizer`) before it reaches the index or a query.
public enum SearchTokenizer {
    public static let name = "juanzong"
    /// The tokenizer option of the archive's index (`tokenize = '…'`): bigrams and 4-grams.
    public static let indexOption = "\(name) \(quadgramsArgument)"
    static let quadgramsArgument = "quadgrams"
    /// The byte that starts every 4-gram token.
    static let quadgramMarker: UInt8 = 0x01

    static func register(on database: Database) throws {
        let api = try database.fts5API()
        var tokenizer = fts5_tokenizer(xCreate: create, xDelete: delete, xTokenize: tokenize)
        let created = api.pointee.xCreateTokenizer(api, name, nil, &tokenizer, nil)
        guard created == SQLITE_OK else { throw database.error(created, sql: nil) }
    }

    /// Whether the archive's `document_search` was made with 4-grams (schema 8 on); an older index
    /// keeps working with bigram queries until its archive is next opened for writing.
    public static func indexesQuadgrams(in database: Database) throws -> Bool {
        try Schema.searchIndexDefinition(in: database)?.contains(indexOption) ?? false
    }

    /// The instance handle: 2 when made with `quadgrams`, else 1 (FTS5 only needs it non-null).
    private static let create:
        @convention(c) (
            UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafePointer<CChar>?>?, Int32,
            UnsafeMutablePointer<OpaquePointer?>?
        ) -> Int32 = { _, arguments, count, output in
            let quadgrams = (0..<Int(max(count, 0))).contains { index in
                arguments?[index].map { String(cString: $0) == quadgramsArgument } ?? false
            }
            output?.pointee = OpaquePointer(bitPattern: quadgrams ? 2 : 1)
            return SQLITE_OK
        }

    private static let delete: @convention(c) (OpaquePointer?) -> Void = { _ in }

    typealias TokenCallback =
        @convention(c) (
            UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32
        ) -> Int32

    private static let tokenize:
        @convention(c) (
            OpaquePointer?, UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, TokenCallback?
        ) -> Int32 = { instance, context, flags, text, length, emit in
            guard let text, let emit, length > 0 else { return SQLITE_OK }
            let isQuery = flags & FTS5_TOKENIZE_QUERY != 0
            let quadgrams = Int(bitPattern: instance) == 2
            // A 4-gram token: the marker and up to four 4-byte scalars.
            return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 17) { buffer in
                let token = buffer.baseAddress!
                token[0] = CChar(bitPattern: quadgramMarker)
                return text.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { bytes in
                    segment(UnsafeBufferPointer(start: bytes, count: Int(length)), isQuery: isQuery, quadgrams: quadgrams) { start, end, kind in
                        guard kind == .quadgram else {
                            return emit(context, 0, text + start, Int32(end - start), Int32(start), Int32(end))
                        }
                        (token + 1).update(from: text + start, count: end - start)
                        return emit(context, isQuery ? 0 : FTS5_TOKEN_COLOCATED, token, Int32(end - start + 1), Int32(start), Int32(end))
                    }
                }
            }
        }

    /// Splits UTF-8 `bytes` into tokens, calling `emit(start, end, kind)` with byte offsets.
    /// Latin words are emitted as they stand; callers lower-case text beforehand. With
    /// `quadgrams`, a `.quadgram` token follows the bigram at its position (index) or takes its
    /// place (query). Stops and returns the first non-OK status `emit` returns.
    static func segment(
        _ bytes: UnsafeBufferPointer<UInt8>, isQuery: Bool, quadgrams: Bool,
        emit: (Int, Int, QueryToken.Kind) -> Int32
    ) -> Int32 {
        var index = 0
        let count = bytes.count
        // The current CJK run: its length, where its last four characters start (by run
        // position modulo 4), and where its last character ends.
        var runLength = 0, runEnd = 0
        var starts = SIMD4<Int>()
        func start(_ position: Int) -> Int { starts[position & 3] }
        /// Where the run's character at `position` ends.
        func end(_ position: Int) -> Int { position + 1 < runLength ? start(position + 1) : runEnd }

        /// Ends a CJK run: the bigrams not yet emitted and the last character's unigram (see the
        /// type's comment for queries).
        func flushRun(atEnd: Bool) -> Int32 {
            defer { runLength = 0 }
            let length = runLength
            guard length > 0 else { return SQLITE_OK }
            let queryEnd = isQuery && atEnd
            if quadgrams {
                if queryEnd && length >= 4 { return SQLITE_OK }
                for position in max(0, length - 3)..<(length - 1) {
                    let status = emit(start(position), end(position + 1), .bigram)
                    if status != SQLITE_OK { return status }
                }
            }
            if queryEnd && length > 1 { return SQLITE_OK }
            return emit(start(length - 1), runEnd, .unigram)
        }

        while index < count {
            let (scalar, width) = UTF8Scalars.scalar(in: bytes, at: index)

            if isCJK(scalar) {
                starts[runLength & 3] = index
                runEnd = index + width
                runLength += 1
                let latest = runLength - 1
                var status = SQLITE_OK
                if !quadgrams {
                    if latest >= 1 { status = emit(start(latest - 1), runEnd, .bigram) }
                } else if latest >= 3 {
                    let position = latest - 3
                    if !isQuery { status = emit(start(position), start(position + 2), .bigram) }
                    if status == SQLITE_OK { status = emit(start(position), runEnd, .quadgram) }
                }
                if status != SQLITE_OK { return status }
                index += width
                continue
            }
            let flushed = flushRun(atEnd: false)
            if flushed != SQLITE_OK { return flushed }

            if isWordCharacter(scalar) {
                let start = index
                index += width
                while index < count, bytes[index] < 0x80, isWordCharacter(UInt32(bytes[index])) { index += 1 }
                let status = emit(start, index, .word)
                if status != SQLITE_OK { return status }
                continue
            }
            index += width
        }
        return flushRun(atEnd: true)
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
        public enum Kind: Sendable { case bigram, unigram, word, quadgram }
        public var kind: Kind
        /// UTF-8 byte offsets in the tokenized text.
        public var start: Int
        public var end: Int

        /// The token's bytes in the index, taken from the UTF-8 `text` it was made of.
        public func indexBytes(in text: [UInt8]) -> [UInt8] {
            (kind == .quadgram ? [quadgramMarker] : []) + text[start..<end]
        }
    }

    /// The tokens FTS5 will make of `text` (already normalized) in a query, on an index with or
    /// without 4-grams.
    public static func queryTokens(_ text: String, quadgrams: Bool = false) -> [QueryToken] {
        var tokens: [QueryToken] = []
        var utf8 = Array(text.utf8)
        _ = utf8.withUnsafeMutableBufferPointer { buffer in
            segment(UnsafeBufferPointer(buffer), isQuery: true, quadgrams: quadgrams) { start, end, kind in
                tokens.append(QueryToken(kind: kind, start: start, end: end))
                return SQLITE_OK
            }
        }
        return tokens
    }
}

extension SearchTokenizer {
    /// One token of an indexed text and its position (1-based; a 4-gram shares its bigram's).
    public struct IndexToken: Equatable, Sendable {
        /// The token as the index holds it: UTF-8, a 4-gram led by the 0x01 marker.
        public var bytes: [UInt8]
        public var position: Int
    }

    /// The tokens the archive's index (bigrams and 4-grams) holds for `text` (already
    /// normalized), in order: what another store must index to answer the same queries.
    public static func indexTokens(_ text: String) -> [IndexToken] {
        var tokens: [IndexToken] = []
        forEachIndexToken(text) { bytes, isQuadgram, position in
            tokens.append(IndexToken(bytes: isQuadgram ? [quadgramMarker] + bytes : Array(bytes), position: position))
        }
        return tokens
    }

    /// Calls `body` with each token `indexTokens` gives, without making an array of it: its
    /// UTF-8 (for a 4-gram, without the marker), whether it is a 4-gram, and its position.
    static func forEachIndexToken(_ text: String, _ body: (UnsafeBufferPointer<UInt8>, _ isQuadgram: Bool, _ position: Int) -> Void) {
        var position = 0
        let utf8 = Array(text.utf8)
        _ = utf8.withUnsafeBufferPointer { buffer in
            segment(buffer, isQuery: false, quadgrams: true) { start, end, kind in
                if kind != .quadgram { position += 1 }
                body(UnsafeBufferPointer(rebasing: buffer[start..<end]), kind == .quadgram, position)
                return SQLITE_OK
            }
        }
    }
}
