import JuanzongCore

/// A staff query, parsed: text terms to find and fields to filter on.
///
/// The query language (documented for staff in the README):
/// - `行政处罚 罚款` — a space means AND; a run of Chinese characters matches as a contiguous string.
/// - `罚款 OR 警告` — either; `OR` binds tighter than the space: `a b OR c` is a AND (b OR c).
/// - `-警告` — exclude documents containing 警告.
/// - `"责令 改正"` (or “…”) — an exact phrase, spaces included.
/// - `机关:` `类型:` `文书:` `当事人:` `案号:` `依据:` — field filters (also with `：`); `-机关:…` excludes.
/// - `2023-01-01..2023-12-31` (also `2023..2024`, `2023-06..`) — decision date range.
/// - `金额:10000..50000` (also `金额:1万..5万`, `金额:..500`) — penalty amount range in yuan.
public struct SearchQuery: Equatable, Sendable {
    /// Documents must match every group; a group matches when any of its terms does.
    public var required: [[TextTerm]] = []
    /// Documents must match none of these.
    public var excluded: [TextTerm] = []
    public var filters: [FieldFilter] = []
    /// Inclusive bounds on the case's decision date, ISO `yyyy-mm-dd`.
    public var decisionDate: DateRange?
    /// Inclusive bounds on the case's penalty amount, in yuan.
    public var amount: AmountRange?

    public init() {}

    public var hasTextTerms: Bool { !required.isEmpty }
}

/// A word or phrase to find, as typed.
public struct TextTerm: Equatable, Sendable {
    public var text: String
    /// Written in quotes: spaces inside belong to the phrase.
    public var quoted: Bool

    public init(_ text: String, quoted: Bool = false) {
        self.text = text
        self.quoted = quoted
    }
}

/// A filter on a document's or its case's fields.
public struct FieldFilter: Equatable, Sendable {
    public enum Field: String, CaseIterable, Sendable {
        case agency = "机关"
        case caseType = "类型"
        case docType = "文书"
        case subject = "当事人"
        case caseNumber = "案号"
        case legalBasis = "依据"

        /// The names a user may type before the colon.
        var aliases: [String] {
            switch self {
            case .agency: return ["机关", "执法机关", "agency"]
            case .caseType: return ["类型", "案件类型", "type"]
            case .docType: return ["文书", "文书类型", "doc"]
            case .subject: return ["当事人", "subject"]
            case .caseNumber: return ["案号", "文号", "number"]
            case .legalBasis: return ["依据", "法律依据", "basis"]
            }
        }
    }

    public var field: Field
    public var value: String
    public var negated: Bool
    /// Whole-value match for agency, case type and document type (the query language matches
    /// a part of the value); used to confine a 机关用户 to its own agency.
    public var exact: Bool

    public init(_ field: Field, _ value: String, negated: Bool = false, exact: Bool = false) {
        self.field = field
        self.value = value
        self.negated = negated
        self.exact = exact
    }
}

/// Inclusive ISO date bounds; either may be open.
public struct DateRange: Equatable, Sendable {
    public var from: String?
    public var through: String?

    public init(from: String? = nil, through: String? = nil) {
        self.from = from
        self.through = through
    }
}

/// Inclusive amount bounds in yuan; either may be open.
public struct AmountRange: Equatable, Sendable {
    public var minimum: Double?
    public var maximum: Double?
}

/// Why a query cannot be run; `message` is for staff, `code` for programs.
public struct QueryError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        case emptyQuery = "empty_query"
        case unclosedQuote = "unclosed_quote"
        case danglingOperator = "dangling_operator"
        case emptyFilter = "empty_filter"
        case invalidDate = "invalid_date"
        case invalidAmount = "invalid_amount"
        case nothingSearchable = "nothing_searchable"
        case onlyExclusions = "only_exclusions"
        case invalidArticle = "invalid_article"
        case controlCharacter = "control_character"
    }

    public let code: Code
    public let message: String

    public var description: String { message }
}
