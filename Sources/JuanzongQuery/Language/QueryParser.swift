import Foundation
import JuanzongCore

/// Parses the staff query language (see `SearchQuery`) and reports mistakes in Chinese.
///
/// Every character a user types is safe: the parser never passes user text to FTS5 as syntax;
/// `SearchExpression` quotes each term.
public enum QueryParser {
    public static func parse(_ input: String) throws -> SearchQuery {
        guard !input.containsControlCharacter else {
            throw QueryError(code: .controlCharacter, message: "检索词含有控制字符(如 NUL),请删除后重试")
        }
        var query = SearchQuery()
        var pendingOr = false
        var sawOperand = false
        for item in try lex(input) {
            switch item {
            case .or:
                guard !query.required.isEmpty, sawOperand, !pendingOr else {
                    throw QueryError(code: .danglingOperator, message: "OR 的两侧都需要检索词,例如:罚款 OR 警告")
                }
                pendingOr = true
            case .term(let term, let negated):
                if negated {
                    guard !pendingOr else { throw orNeedsTerms() }
                    query.excluded.append(term)
                } else if pendingOr {
                    query.required[query.required.count - 1].append(term)
                    pendingOr = false
                } else {
                    query.required.append([term])
                }
                sawOperand = !negated
            case .filter(let field, let value, let negated):
                guard !pendingOr else { throw orNeedsTerms() }
                query.filters.append(FieldFilter(field, value, negated: negated))
                sawOperand = false
            case .dates(let range):
                guard !pendingOr else { throw orNeedsTerms() }
                query.decisionDate = range
                sawOperand = false
            case .amount(let range):
                guard !pendingOr else { throw orNeedsTerms() }
                query.amount = range
                sawOperand = false
            }
        }
        if pendingOr { throw orNeedsTerms() }
        let hasFilters = !query.filters.isEmpty || query.decisionDate != nil || query.amount != nil
        if query.required.isEmpty && !hasFilters {
            if query.excluded.isEmpty {
                throw QueryError(code: .emptyQuery, message: "请输入检索词或筛选条件")
            }
            throw QueryError(code: .onlyExclusions, message: "只有排除条件(-…)时无法检索:请再加一个检索词或筛选条件")
        }
        return query
    }

    private static func orNeedsTerms() -> QueryError {
        QueryError(code: .danglingOperator, message: "OR 只能连接两个检索词,例如:罚款 OR 警告")
    }

    enum Item {
        case term(TextTerm, negated: Bool)
        case filter(FieldFilter.Field, String, negated: Bool)
        case dates(DateRange)
        case amount(AmountRange)
        case or
    }

    static let openingQuotes: Set<Character> = ["\"", "“", "「", "＂"]
    static let closingQuotes: [Character: Set<Character>] = ["\"": ["\""], "“": ["”", "\""], "「": ["」"], "＂": ["＂"]]
    static let minusSigns: Set<Character> = ["-", "－", "—"]

    /// Splits the input into words, quoted phrases, filters, ranges and OR.
    static func lex(_ input: String) throws -> [Item] {
        var items: [Item] = []
        var characters = Substring(input)
        while let first = characters.first {
            if first.isWhitespace {
                characters.removeFirst()
                continue
            }
            var negated = false
            if minusSigns.contains(first), characters.count > 1, !characters.dropFirst().first!.isWhitespace {
                negated = true
                characters.removeFirst()
            }
            if let quote = characters.first, openingQuotes.contains(quote) {
                let phrase = try readQuoted(&characters)
                items.append(.term(TextTerm(phrase, quoted: true), negated: negated))
                continue
            }
            let word = readWord(&characters)
            if word == "OR" || word == "|" {
                if negated { throw QueryError(code: .danglingOperator, message: "“-”后面需要要排除的检索词,而不是 OR") }
                items.append(.or)
                continue
            }
            if word.count == 1, minusSigns.contains(word.first!), !negated {
                throw QueryError(code: .danglingOperator, message: "“-”后面需要紧跟要排除的检索词,例如:-警告")
            }
            if let (field, rest) = fieldPrefix(of: word) {
                var value = String(rest)
                if value.isEmpty, let quote = characters.first, openingQuotes.contains(quote) {
                    value = try readQuoted(&characters)
                }
                value = value.trimmingCharacters(in: .whitespaces)
                guard !value.isEmpty else {
                    throw QueryError(code: .emptyFilter, message: "“\(field):”后面缺少内容,例如:\(field):\(example(for: field))")
                }
                switch field {
                case "金额", "amount":
                    if negated { throw QueryError(code: .invalidAmount, message: "金额范围不能排除,请直接写要保留的范围") }
                    items.append(.amount(try amountRange(value)))
                case "日期", "决定日期", "date":
                    if negated { throw QueryError(code: .invalidDate, message: "日期范围不能排除,请直接写要保留的范围") }
                    items.append(.dates(try dateRange(value, written: word)))
                default:
                    let known = FieldFilter.Field.allCases.first { $0.aliases.contains(field) }!
                    items.append(.filter(known, value, negated: negated))
                }
                continue
            }
            if word.contains("..") && !negated, looksLikeDateRange(word) {
                items.append(.dates(try dateRange(String(word), written: word)))
                continue
            }
            items.append(.term(TextTerm(String(word)), negated: negated))
        }
        return items
    }

    private static func readQuoted(_ characters: inout Substring) throws -> String {
        let opening = characters.removeFirst()
        let closers = closingQuotes[opening] ?? [opening]
        guard let end = characters.firstIndex(where: { closers.contains($0) }) else {
            throw QueryError(code: .unclosedQuote, message: "引号没有闭合:\(opening)\(characters)")
        }
        let phrase = String(characters[..<end])
        characters = characters[characters.index(after: end)...]
        return phrase
    }

    private static func readWord(_ characters: inout Substring) -> Substring {
        let end = characters.firstIndex(where: \.isWhitespace) ?? characters.endIndex
        // A quoted value right after a field name (`当事人:"上海 某某"`) ends the word at the quote.
        if let colon = characters[..<end].firstIndex(where: { $0 == ":" || $0 == "：" }),
            let after = characters.index(colon, offsetBy: 1, limitedBy: end), after < end,
            openingQuotes.contains(characters[after])
        {
            let word = characters[..<after]
            characters = characters[after...]
            return word
        }
        let word = characters[..<end]
        characters = characters[end...]
        return word
    }

    static let rangeFields = ["金额", "amount", "日期", "决定日期", "date"]

    /// `机关:xxx` → ("机关", "xxx") when the name before the colon is a known field.
    private static func fieldPrefix(of word: Substring) -> (String, Substring)? {
        guard let colon = word.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let name = String(word[..<colon])
        let known = rangeFields.contains(name) || FieldFilter.Field.allCases.contains { $0.aliases.contains(name) }
        return known ? (name, word[word.index(after: colon)...]) : nil
    }

    private static func example(for field: String) -> String {
        switch field {
        case "机关", "执法机关", "agency": return "生态环境局"
        case "类型", "案件类型", "type": return "行政处罚"
        case "文书", "文书类型", "doc": return "处罚决定书"
        case "当事人", "subject": return "某某有限公司"
        case "案号", "文号", "number": return "奉环罚〔2023〕12号"
        case "依据", "法律依据", "basis": return "大气污染防治法第一百一十九条"
        case "金额", "amount": return "10000..50000"
        default: return "2023-01-01..2023-12-31"
        }
    }

    private static func looksLikeDateRange(_ word: Substring) -> Bool {
        word.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "." || $0 == "/") }
    }

    /// `2023-01-01..2023-12-31`, `2023..2024`, `2023-06..`, `..2023-03-31`.
    static func dateRange(_ text: String, written: Substring) throws -> DateRange {
        let invalid = QueryError(
            code: .invalidDate,
            message: "日期范围“\(written)”无法识别:请写成 2023-01-01..2023-12-31、2023..2024 或 2023-06..")
        guard let separator = text.range(of: "..") else { throw invalid }
        let lower = String(text[..<separator.lowerBound]), upper = String(text[separator.upperBound...])
        guard !(lower.isEmpty && upper.isEmpty) else { throw invalid }
        var range = DateRange()
        if !lower.isEmpty {
            guard let day = boundary(lower, end: false) else { throw invalid }
            range.from = day
        }
        if !upper.isEmpty {
            guard let day = boundary(upper, end: true) else { throw invalid }
            range.through = day
        }
        if let from = range.from, let through = range.through, from > through {
            throw QueryError(code: .invalidDate, message: "日期范围“\(written)”的起始日期晚于结束日期")
        }
        return range
    }

    /// The first (or last) day of a year, month or day written `2023`, `2023-06` or `2023-06-15`.
    private static func boundary(_ text: String, end: Bool) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        let year = parts[0]!
        guard (1900...2999).contains(year) else { return nil }
        let month = parts.count > 1 ? parts[1]! : (end ? 12 : 1)
        guard (1...12).contains(month) else { return nil }
        let lastDay = DayDate.daysIn(month: month, year: year)
        let day = parts.count > 2 ? parts[2]! : (end ? lastDay : 1)
        return DayDate(year: year, month: month, day: day)?.iso
    }

    /// `10000..50000`, `1万..5万`, `..500`, `5000..`, or one amount `5000`.
    static func amountRange(_ text: String) throws -> AmountRange {
        let invalid = QueryError(code: .invalidAmount, message: "金额范围“\(text)”无法识别:请写成 金额:10000..50000(单位:元,可写 1万)")
        func amount(_ part: String) -> Double? {
            var digits = part.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "元", with: "")
            var scale = 1.0
            if digits.hasSuffix("万") {
                digits.removeLast()
                scale = 10_000
            }
            guard let value = Double(digits), value >= 0, value.isFinite else { return nil }
            return value * scale
        }
        guard let separator = text.range(of: "..") else {
            guard let value = amount(text) else { throw invalid }
            return AmountRange(minimum: value, maximum: value)
        }
        let lower = String(text[..<separator.lowerBound]), upper = String(text[separator.upperBound...])
        guard !(lower.isEmpty && upper.isEmpty) else { throw invalid }
        var range = AmountRange()
        if !lower.isEmpty {
            guard let value = amount(lower) else { throw invalid }
            range.minimum = value
        }
        if !upper.isEmpty {
            guard let value = amount(upper) else { throw invalid }
            range.maximum = value
        }
        if let minimum = range.minimum, let maximum = range.maximum, minimum > maximum {
            throw QueryError(code: .invalidAmount, message: "金额范围“\(text)”的下限大于上限")
        }
        return range
    }
}
