import Foundation
import JuanzongCore

/// Titles: the line that names a document's type.
extension FactInference {
    /// The title a line holds, and the type it names.
    ///
    /// A title is no sentence and no item of a list: a line with 。 or a comma, one numbered
    /// `一、`, `1.`, `(二)`, or one introducing a list with a colon names types it cites
    /// (`询问笔录、照片等证据为证。`, `1、询问笔录共2份`, `上述违法事实有下列证据证实:`).
    /// A letter-spaced title (`行 政 处 罚 决 定 书`) is read without its spaces.
    /// A line flattened from a page holds the title as a token of its own, before its first
    /// sentence (`元江县市场监督管理局 行政处罚决定书 元市监罚〔2023〕5号 当事人:…,…`), or with its
    /// 文号 right after it (`某局行政处罚决定书(湘常)文综罚字〔2020〕第F-000069号`); a table's
    /// `行政处罚决定书文号 |` is a column, `决定书名称 某局行政处罚决定书` and
    /// `第Z4003028号行政处罚决定书` name a decision a 公示 page lists: not the page's title.
    static func title(onLine line: String) -> (String, DocumentType)? {
        guard !line.hasSuffix(":"), !line.hasSuffix("："), !isNumberedItem(line) else { return nil }
        func isSentence<S: StringProtocol>(_ text: S) -> Bool { text.unicodeScalars.contains(where: { $0 == "。" || $0 == "，" || $0 == "," }) }
        let namesPaper = line.containsFast("书") || line.containsFast("書")
        let wholeLine = line.hasAtMostCharacters(40) && !isSentence(line)
        // Tokens before the first sentence, and no label (`违法事实及证据:`); a short line naming no
        // paper is read whole, without them.
        let tokens =
            namesPaper || !wholeLine
            ? line.split(separator: " ").prefix { !isSentence($0) }.map(String.init).filter { !$0.hasSuffix(":") && !$0.hasSuffix("：") } : []
        // A title with its 文号 after it and nothing more: the title is what stands before the
        // number (not `当事人于…收到行政处罚决定书鄂某罚〔2023〕1号后,逾期未履行`).
        var candidates: [String] = (namesPaper ? [line] + tokens.prefix(3) : []).compactMap { token in
            guard token.hasAtMostCharacters(80), let end = token.lastIndex(where: { $0 == "书" || $0 == "書" }).map(token.index(after:)),
                end < token.endIndex, token[..<end].count <= 40, !isSentence(token[..<end])
            else { return nil }
            let rest = String(token[end...]).trimmedSpaces
            guard let number = caseNumber(in: TextScanner(rest)), number.at == 0,
                number.number.written.unicodeScalars.count == rest.unicodeScalars.count
            else { return nil }
            return String(token[..<end])
        }
        candidates +=
            wholeLine
            ? [line]
            : tokens.filter { $0.hasAtMostCharacters(16) || $0.hasAtMostCharacters(40) && ($0.hasSuffix("书") || $0.hasSuffix("書")) }
        for candidate in candidates where !notTitleWords.contains(where: candidate.containsFast) {
            if let type = DocumentType.named(in: candidate.filter { $0 != " " && $0 != "\u{3000}" }) { return (candidate, type) }
        }
        return nil
    }

    /// `line` without a page's label before its title (`名 称: `, `标题 `); a 公示 table's
    /// `决定书名称` labels a listed decision and stays.
    static func withoutPageLabel(_ line: String) -> String {
        // The label's two characters, spaced or not (`名        称:`).
        var rest = Substring(line), label = ""
        while label.count < 2, let first = rest.first {
            rest = rest.dropFirst()
            if first != " " && first != "\u{3000}" { label.append(first) }
        }
        guard pageTitleLabels.contains(label) else { return line }
        return rest.trimmingCharacters(in: CharacterSet(charactersIn: " :：\u{3000}|"))
    }

    /// Whether `line` is an item of a numbered list: `一、`, `1、`, `1.`, `(二)`, `（2）`.
    static func isNumberedItem(_ line: String) -> Bool {
        let scalars = Array(line.unicodeScalars.prefix(5))
        var index = 0
        let bracketed = index < scalars.count && (scalars[index] == "(" || scalars[index] == "（")
        if bracketed { index += 1 }
        let start = index
        while index < scalars.count, ChineseNumeral.isNumeralCharacter(scalars[index]), index - start < 3 { index += 1 }
        guard index > start, index < scalars.count else { return false }
        return bracketed ? scalars[index] == ")" || scalars[index] == "）" : "、.．".unicodeScalars.contains(scalars[index])
    }
}
