import Foundation
import JuanzongCore

/// Filter tokens in the search index's `facets` column: each document's agency and document
/// type as one word each, so that a search with `机关:` or `文书:` lets FTS5 intersect the
/// filter's doclist with the terms' instead of matching every occurrence of a common phrase and
/// dropping most of them afterwards.
///
/// The tokens only narrow: the exact filter is still applied to every match from the in-memory
/// catalog. They must never exclude a document the filter accepts, so a document whose case had
/// no agency yet when it was indexed carries `jzanone` (a case's agency is filled once, never
/// changed), and searches for an agency also accept `jzanone`. A document's type never changes.
///
/// A token is a prefix and 16 letters from the SHA-256 of the value (letters only: the tokenizer
/// reads them as one word). User terms never reach this column: searches put them under a
/// column filter of the four text columns.
public enum SearchFacets {
    /// The token of documents indexed while their case had no agency.
    public static let agencyUnknown = "jzanone"

    public static func agencyToken(_ agency: String?) -> String {
        guard let agency, !agency.isEmpty else { return agencyUnknown }
        return token(prefix: "jza", agency)
    }

    public static func docTypeToken(_ docType: String) -> String {
        token(prefix: "jzd", docType)
    }

    /// The `facets` column of one document.
    public static func text(agency: String?, docType: String) -> String {
        agencyToken(agency) + " " + docTypeToken(docType)
    }

    /// `text(agency:docType:)` computed once per pair, for writers of many rows.
    public struct Memo {
        private var texts: [ExactString: String] = [:]

        public init() {}

        public mutating func text(agency: String?, docType: String) -> String {
            let key = ExactString((agency ?? "") + "\u{1F}" + docType)
            if let known = texts[key] { return known }
            let text = SearchFacets.text(agency: agency, docType: docType)
            texts[key] = text
            return text
        }
    }

    /// Whether the archive's index has the `facets` column (schema 6 on).
    public static func areIndexed(in database: Database) throws -> Bool {
        try Schema.searchIndexDefinition(in: database)?.contains("facets") ?? false
    }

    private static func token(prefix: String, _ value: String) -> String {
        let digest = MessageDigest(.sha256)
        digest.update(Data(value.utf8))
        let letters = digest.finalizeHex().utf8.prefix(16).map { hex -> Character in
            let nibble = hex <= UInt8(ascii: "9") ? hex - UInt8(ascii: "0") : hex - UInt8(ascii: "a") + 10
            return Character(Unicode.Scalar(UInt8(ascii: "a") + nibble))
        }
        return prefix + String(letters)
    }
}
