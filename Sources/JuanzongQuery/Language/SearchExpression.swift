import JuanzongCore
import JuanzongStore

/// Turns the text part of a `SearchQuery` into an FTS5 MATCH expression.
///
/// Each term is normalized like the index (NFKC, width, Traditional → Simplified, lower case)
/// and written as one double-quoted FTS5 string, so no character a user types is ever read as
/// FTS5 syntax. A term ending in a single CJK character or in a Latin/digit word ends in a
/// prefix (`"罚"*`, `"3 条"*`): in the index that character may be the start of a bigram, and
/// a number may go on (see `SearchTokenizer`).
public struct SearchExpression: Equatable, Sendable {
    /// Documents to find; nil when the query has only filters (and exclusions).
    public let match: String?
    /// Documents to leave out, as a MATCH expression of their own; nil when nothing is excluded.
    public let exclusion: String?
    /// The normalized text of every term to find, for highlighting.
    public let highlightTerms: [String]
    /// Each FTS5 phrase of `match` (or `exclusion`), in the order FTS5 numbers them.
    public let phrases: [String]
    /// The same phrases as the index's tokens, for a store that matches them itself (PostgreSQL):
    /// the groups of `required` (a group matches when any of its phrases does) and the excluded.
    public let requiredPhrases: [[Phrase]]
    public let excludedPhrases: [Phrase]

    /// Every phrase as the index's tokens, in `phrases`' order.
    public var indexedPhrases: [Phrase] { requiredPhrases.flatMap { $0 } + excludedPhrases }
    /// `match` is a single token (one bigram, 4-gram, unigram prefix or word): its doclist is
    /// cheap to walk whole, and scoring its rows is the work.
    public let isSingleToken: Bool
    /// The index bytes of that single token when `match` is exactly it (not a prefix): its
    /// doclist can be read straight from the index's pages (`DoclistReader`).
    public let singleToken: [UInt8]?
    /// A term could match a token of the index's `facets` column (a Latin word that is, or starts,
    /// `jz`: see `SearchFacets`); only then must the match be confined to the text columns, a
    /// column filter that costs FTS5 a check of every position.
    public let reachesFacetTokens: Bool

    /// One phrase as the index holds it: tokens at consecutive positions, the last one a prefix
    /// when `endsOpen` (a term ending in one character or a word that may go on).
    public struct Phrase: Hashable, Sendable {
        public let tokens: [[UInt8]]
        public let endsOpen: Bool
    }

    /// `quadgrams`: the index holds 4-grams (`SearchTokenizer.indexesQuadgrams`), so FTS5 will
    /// tokenize each phrase of four or more characters into them.
    public init(_ query: SearchQuery, normalizer: TextNormalizer, quadgrams: Bool) throws {
        /// One term, normalized and tokenized once: its FTS5 phrase, its text and token count.
        var reachesFacets = false
        func phrase(
            _ term: TextTerm
        ) throws -> (
            fts: String, normalized: String, tokens: [SearchTokenizer.QueryToken], exact: Bool, indexed: Phrase
        ) {
            let normalized = Self.normalize(term.text, normalizer)
            let tokens = SearchTokenizer.queryTokens(normalized, quadgrams: quadgrams)
            guard let last = tokens.last else {
                throw QueryError(code: .nothingSearchable, message: "检索词“\(term.text)”中没有可检索的文字或数字")
            }
            let bytes = Array(normalized.utf8)
            reachesFacets =
                reachesFacets
                || tokens.contains { token in
                    guard token.kind == .word else { return false }
                    let word = bytes[token.start..<token.end]
                    return word.starts(with: "jz".utf8) || "jz".utf8.starts(with: word)
                }
            let quoted = "\"" + normalized.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let endsOpen = (last.kind == .unigram || last.kind == .word) && last.end == normalized.utf8.count
            let indexed = Phrase(tokens: tokens.map { $0.indexBytes(in: bytes) }, endsOpen: endsOpen)
            return (endsOpen ? quoted + " *" : quoted, normalized, tokens, !endsOpen, indexed)
        }
        func disjunction(_ phrases: [String]) -> String {
            phrases.count == 1 ? phrases[0] : "(" + phrases.joined(separator: " OR ") + ")"
        }
        let required = try query.required.map { try $0.map(phrase) }
        let excluded = try query.excluded.map(phrase)
        phrases = required.flatMap { $0.map(\.fts) } + excluded.map(\.fts)
        requiredPhrases = required.map { $0.map(\.indexed) }
        excludedPhrases = excluded.map(\.indexed)
        let only = phrases.count == 1 ? required.first?.first ?? excluded.first : nil
        isSingleToken = only?.tokens.count == 1
        singleToken = only.flatMap { only in
            only.tokens.count == 1 && only.exact && !required.isEmpty ? only.tokens[0].indexBytes(in: Array(only.normalized.utf8)) : nil
        }
        let exclusionExpression = excluded.isEmpty ? nil : disjunction(excluded.map(\.fts))
        if required.isEmpty {
            match = nil
            exclusion = exclusionExpression
        } else {
            let positive = required.map { disjunction($0.map(\.fts)) }.joined(separator: " AND ")
            match = exclusionExpression.map { "(\(positive)) NOT \($0)" } ?? positive
            exclusion = nil
        }
        highlightTerms = required.flatMap { $0.map(\.normalized) }
        reachesFacetTokens = reachesFacets
    }

    /// The form of `text` the index holds.
    static func normalize(_ text: String, _ normalizer: TextNormalizer) -> String {
        normalizer.normalize(text).lowercased()
    }
}
