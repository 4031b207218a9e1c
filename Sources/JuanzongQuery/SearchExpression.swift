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
    /// `match` is a single token (one bigram, unigram prefix or word): its doclist is cheap to
    /// walk whole, and scoring its rows is the work.
    public let isSingleToken: Bool

    public init(_ query: SearchQuery, normalizer: TextNormalizer) throws {
        func phrase(_ term: TextTerm) throws -> String {
            let normalized = Self.normalize(term.text, normalizer)
            let tokens = SearchTokenizer.queryTokens(normalized)
            guard let last = tokens.last else {
                throw QueryError(code: .nothingSearchable, message: "检索词“\(term.text)”中没有可检索的文字或数字")
            }
            let quoted = "\"" + normalized.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let endsOpen = last.kind != .bigram && last.end == normalized.utf8.count
            return endsOpen ? quoted + " *" : quoted
        }
        func disjunction(_ terms: [TextTerm]) throws -> String {
            let phrases = try terms.map(phrase)
            return phrases.count == 1 ? phrases[0] : "(" + phrases.joined(separator: " OR ") + ")"
        }
        let terms = query.required.flatMap { $0 } + query.excluded
        phrases = try terms.map(phrase)
        isSingleToken = terms.count == 1 && SearchTokenizer.queryTokens(Self.normalize(terms[0].text, normalizer)).count == 1
        let groups = try query.required.map(disjunction)
        let excluded = try query.excluded.isEmpty ? nil : disjunction(query.excluded)
        if groups.isEmpty {
            match = nil
            exclusion = excluded
        } else {
            let positive = groups.joined(separator: " AND ")
            match = excluded.map { "(\(positive)) NOT \($0)" } ?? positive
            exclusion = nil
        }
        highlightTerms = query.highlightTerms.map { Self.normalize($0.text, normalizer) }
    }

    /// The form of `text` the index holds.
    static func normalize(_ text: String, _ normalizer: TextNormalizer) -> String {
        normalizer.normalize(text).lowercased()
    }
}
