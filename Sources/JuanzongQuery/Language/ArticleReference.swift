import Foundation
import JuanzongCore
import JuanzongStore

/// A legal basis as a reviewer types it: `大气污染防治法 第一百一十九条`,
/// `《中华人民共和国大气污染防治法》第119条第一款`, or a statute alone (`食品安全法`).
/// Matched on the normalized statute name (no 《》, no 中华人民共和国) and the article number;
/// a clause, when given, must match too.
public struct ArticleReference: Equatable, Sendable {
    public var statuteKey: String
    public var article: Int?
    public var clause: Int?

    public init(_ text: String) throws {
        let compact = text.filter { !$0.isWhitespace }
        let invalid = QueryError(
            code: .invalidArticle,
            message: "法律依据“\(text)”无法识别:请写成 大气污染防治法 第一百一十九条 或 《食品安全法》第124条")
        var statute = Substring(compact)
        var article: Int?, clause: Int?
        if let range = compact.range(
            of: "第", options: .backwards, range: compact.startIndex..<(compact.range(of: "条")?.lowerBound ?? compact.endIndex)),
            let articleEnd = compact[range.upperBound...].firstIndex(of: "条")
        {
            guard let value = Self.number(compact[range.upperBound..<articleEnd]) else { throw invalid }
            article = value
            statute = compact[..<range.lowerBound]
            let rest = compact[compact.index(after: articleEnd)...]
            if rest.hasPrefix("第"), let clauseEnd = rest.firstIndex(of: "款") {
                clause = Self.number(rest[rest.index(after: rest.startIndex)..<clauseEnd])
            }
        }
        let key = LegalBasis.statuteKey(String(statute))
        guard !key.isEmpty, key.count <= 60 else { throw invalid }
        statuteKey = key
        self.article = article
        self.clause = clause
    }

    private static func number(_ text: Substring) -> Int? {
        Int(text) ?? ChineseNumeral.value(of: String(text))
    }

    /// `大气污染防治法第一百一十九条第一款`, for display.
    public var display: String {
        var text = statuteKey
        if let article { text += "第\(ChineseNumeral.spelled(article))条" }
        if let clause { text += "第\(ChineseNumeral.spelled(clause))款" }
        return text
    }

    /// Ids of the cases that cite this basis. The statute matches when its key contains ours
    /// (`大气污染防治法` matches 《中华人民共和国大气污染防治法》 and 《上海市大气污染防治条例》 does not).
    public func caseIDs(in database: Database) throws -> [Int64] {
        try database.prepare(
            """
            SELECT DISTINCT case_id FROM case_legal_bases
            WHERE instr(statute_key, ?1) > 0 AND (?2 IS NULL OR article = ?2) AND (?3 IS NULL OR clause = ?3)
            """
        ).rows([statuteKey, article, clause]) { $0.int64(0) }
    }
}
