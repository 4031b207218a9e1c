import JuanzongCore

/// Pattern scanners over the Unicode scalars of a document, written by hand so that
/// inference keeps pace with the FTS5 index on a million documents.
struct TextScanner {
    let scalars: [Unicode.Scalar]
    /// The text the scalars were decoded from, and where each scalar (and the end) starts in its
    /// UTF-8: `string(_:)` copies a range of it instead of encoding the scalars again.
    private let source: String?
    private let utf8Offsets: [Int]

    init(_ text: String) {
        var text = text
        (scalars, utf8Offsets) = text.withUTF8(Self.decode)
        source = text
    }

    init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        source = nil
        utf8Offsets = []
    }

    /// The scalars of valid UTF-8 (a String's storage) and their offsets, decoded in one pass
    /// (`Array(text.unicodeScalars)` decodes twice: once to count, once to copy).
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> ([Unicode.Scalar], [Int]) {
        var offsets = [Int](repeating: 0, count: bytes.count + 1)
        let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { buffer, decoded in
            offsets.withUnsafeMutableBufferPointer { offsets in
                var index = 0, count = 0
                while index < bytes.count {
                    offsets[count] = index
                    let (value, width) = UTF8Scalars.scalar(in: bytes, at: index)
                    index += width
                    // A String's bytes are valid UTF-8, so every value is a scalar.
                    buffer[count] = Unicode.Scalar(value) ?? "\u{FFFD}"
                    count += 1
                }
                offsets[count] = index
                decoded = count
            }
        }
        offsets.removeLast(offsets.count - scalars.count - 1)
        return (scalars, offsets)
    }

    /// The first `limit` trimmed non-empty lines within `range` of scalars; a last line the range
    /// cuts only when it is the only one.
    func firstLines(in range: Range<Int>, limit: Int) -> [String] {
        var result: [String] = []
        var start = range.lowerBound
        for index in range where Self.isLineBreak(scalars[index]) {
            if let line = trimmedLine(start..<index) { result.append(line) }
            if result.count == limit { return result }
            start = index + 1
        }
        // A line the range cuts is no whole line (`经某委员会集体讨论` of `…讨论,认为…`), unless
        // it is the only one (a page flattened to one long line).
        let whole = range.upperBound >= scalars.count || Self.isLineBreak(scalars[range.upperBound])
        if whole || result.isEmpty, let line = trimmedLine(start..<range.upperBound) { result.append(line) }
        return result
    }

    /// The last `limit` trimmed non-empty lines within `range` of scalars, in text order; a first
    /// line the range cuts only when it is the only one.
    func lastLines(in range: Range<Int>, limit: Int) -> [String] {
        var result: [String] = []
        var end = range.upperBound
        for index in range.reversed() where Self.isLineBreak(scalars[index]) {
            if let line = trimmedLine((index + 1)..<end) { result.append(line) }
            if result.count == limit { return result.reversed() }
            end = index
        }
        let whole = range.lowerBound == 0 || Self.isLineBreak(scalars[range.lowerBound - 1])
        if whole || result.isEmpty, let line = trimmedLine(range.lowerBound..<end) { result.append(line) }
        return result.reversed()
    }

    /// The text of `range` without leading and trailing spaces (as `trimmedSpaces`), nil when empty.
    private func trimmedLine(_ range: Range<Int>) -> String? {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, Self.isTrimmable(scalars[lower]) { lower += 1 }
        while upper > lower, Self.isTrimmable(scalars[upper - 1]) { upper -= 1 }
        return lower < upper ? string(lower..<upper) : nil
    }

    private static func isTrimmable(_ scalar: Unicode.Scalar) -> Bool { isSpace(scalar) || scalar == "\r" }

    subscript(_ index: Int) -> Unicode.Scalar? { index >= 0 && index < scalars.count ? scalars[index] : nil }

    /// Up to `length` scalars from `start` (none past the text's end).
    func string(from start: Int, length: Int) -> String {
        let lower = min(max(0, start), scalars.count)
        return string(lower..<min(scalars.count, max(lower, start + length)))
    }

    /// The text of a range of scalars: copied from the source text when there is one, else
    /// encoded to UTF-8 by hand (the generic scalar-view append is slow).
    func string(_ range: Range<Int>) -> String {
        let bounded = range.clamped(to: 0..<scalars.count)
        if let source {
            // Copied from the source text: no encoding, no validation.
            let utf8 = source.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: utf8Offsets[bounded.lowerBound])
            let end = utf8.index(start, offsetBy: utf8Offsets[bounded.upperBound] - utf8Offsets[bounded.lowerBound])
            return String(source.unicodeScalars[start..<end])
        }
        return String(unsafeUninitializedCapacity: bounded.count * 4) { buffer in
            var count = 0
            for index in bounded {
                let value = scalars[index].value
                if value < 0x80 {
                    buffer[count] = UInt8(value)
                    count += 1
                } else if value < 0x800 {
                    buffer[count] = UInt8(0xC0 | value >> 6)
                    buffer[count + 1] = UInt8(0x80 | value & 0x3F)
                    count += 2
                } else if value < 0x10000 {
                    buffer[count] = UInt8(0xE0 | value >> 12)
                    buffer[count + 1] = UInt8(0x80 | value >> 6 & 0x3F)
                    buffer[count + 2] = UInt8(0x80 | value & 0x3F)
                    count += 3
                } else {
                    buffer[count] = UInt8(0xF0 | value >> 18)
                    buffer[count + 1] = UInt8(0x80 | value >> 12 & 0x3F)
                    buffer[count + 2] = UInt8(0x80 | value >> 6 & 0x3F)
                    buffer[count + 3] = UInt8(0x80 | value & 0x3F)
                    count += 4
                }
            }
            return count
        }
    }

    /// Where one of a list's words was found: its index in the list and the range of scalars it
    /// covers (longer than the word when spaces stand between its characters).
    struct LabelHit {
        let label: Int
        let at: Int
        let end: Int
    }

    /// Words looked for together in one pass over the text (see `occurrences(of:in:)`); built
    /// once (static lets), not per document.
    final class Labels: Sendable {
        let words: [[UInt32]]
        /// Each word's first scalar.
        private let firsts: [UInt32]
        /// The scalars that start a word.
        private let firstScalars: ScalarSet
        /// The words by the low eight bits of their first scalar: those of bucket `b` are
        /// `bucketWords[bucketStarts[b]..<bucketStarts[b + 1]]`, in label order.
        private let bucketStarts: [Int]
        private let bucketWords: [Int]

        convenience init(_ words: [String]) { self.init(scalarWords: words.map { $0.unicodeScalars.map(\.value) }) }

        private init(scalarWords: [[UInt32]]) {
            let firsts = scalarWords.map { $0.first ?? 0 }
            words = scalarWords
            self.firsts = firsts
            firstScalars = ScalarSet(firsts)
            var starts = [0], members: [Int] = []
            for bucket in 0..<256 {
                members += firsts.indices.filter { Int(firsts[$0] & 255) == bucket }
                starts.append(members.count)
            }
            bucketStarts = starts
            bucketWords = members
        }

        /// The words of several lists as one list, in the order given.
        convenience init(joining lists: [Labels]) { self.init(scalarWords: lists.flatMap(\.words)) }

        /// Where each word starts in `text` within `bounds`, in text order; the occurrences of one
        /// word do not overlap.
        fileprivate func scan(_ text: UnsafeBufferPointer<UInt32>, _ bounds: Range<Int>) -> [LabelHit] {
            var found: [LabelHit] = []
            var nextAllowed = [Int](repeating: 0, count: words.count)
            for index in bounds {
                let scalar = text[index]
                guard firstScalars.contains(scalar) else { continue }
                let bucket = Int(scalar & 255)
                for label in bucketWords[bucketStarts[bucket]..<bucketStarts[bucket + 1]] where firsts[label] == scalar && index >= nextAllowed[label]
                {
                    let word = words[label]
                    guard index + word.count <= bounds.upperBound else { continue }
                    // One space may stand between two characters of the word (PDF text: `法 定 代 表 人`).
                    var offset = 1, position = index + 1
                    while offset < word.count, position < bounds.upperBound {
                        if text[position] == word[offset] {
                            offset += 1
                            position += 1
                        } else if text[position] == 0x20 || text[position] == 0x3000, text[position - 1] != 0x20, text[position - 1] != 0x3000,
                            position + 1 < bounds.upperBound, text[position + 1] == word[offset]
                        {
                            position += 1
                        } else {
                            break
                        }
                    }
                    guard offset == word.count else { continue }
                    found.append(LabelHit(label: label, at: index, end: position))
                    nextAllowed[label] = position
                }
            }
            return found
        }
    }

    /// Where each of `labels` starts, ordered by label (in the order given) then position; the
    /// occurrences of one label do not overlap. One pass over the text for all labels.
    func occurrences(of labels: Labels, in range: Range<Int>? = nil) -> [LabelHit] {
        let bounds = (range ?? 0..<scalars.count).clamped(to: 0..<scalars.count)
        let found = scalars.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UInt32.self) { labels.scan($0, bounds) }
        }
        return Self.byLabel(found)
    }

    /// `found` (in text order) ordered by label, then position.
    private static func byLabel(_ found: [LabelHit]) -> [LabelHit] {
        found.count > 1 ? found.enumerated().sorted { ($0.element.label, $0.offset) < ($1.element.label, $1.offset) }.map(\.element) : found
    }

    /// Several label lists looked for in one pass over a text; `LabelHits` hands each list its
    /// occurrences, as `occurrences(of:)` would have found them.
    struct LabelSearch: Sendable {
        let lists: [Labels]
        fileprivate let joined: Labels

        init(_ lists: [Labels]) {
            self.lists = lists
            joined = Labels(joining: lists)
        }
    }

    /// The occurrences of each list of a `LabelSearch`.
    struct LabelHits {
        private let lists: [Labels]
        private let found: [[LabelHit]]

        fileprivate init(_ search: LabelSearch, found joined: [LabelHit]) {
            lists = search.lists
            var found = search.lists.map { _ in [LabelHit]() }
            var starts: [Int] = []
            var start = 0
            for list in search.lists {
                starts.append(start)
                start += list.words.count
            }
            for hit in joined {
                let list = starts.lastIndex { $0 <= hit.label }!
                found[list].append(LabelHit(label: hit.label - starts[list], at: hit.at, end: hit.end))
            }
            self.found = found
        }

        /// The occurrences of `labels` (one of the search's lists), ordered by label then position.
        subscript(_ labels: Labels) -> [LabelHit] {
            guard let list = lists.firstIndex(where: { $0 === labels }) else {
                preconditionFailure("the label list was not part of the search")
            }
            return found[list]
        }
    }

    /// The occurrences of every list of `search`, in one pass over the text.
    func occurrences(of search: LabelSearch) -> LabelHits {
        let bounds = 0..<scalars.count
        let found = scalars.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UInt32.self) { search.joined.scan($0, bounds) }
        }
        return LabelHits(search, found: Self.byLabel(found))
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }

    /// A–Z, a–z or 0–9 (for ASCII, what `properties.isAlphabetic` or a digit test would say, without the table lookup).
    @inline(__always)
    static func isASCIILetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool { scalar == "\n" || scalar == "\r" }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\u{3000}" || scalar == "\u{A0}"
    }

    static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("\u{FF10}"..."\u{FF19}").contains(scalar)
    }

    /// Delimiters that end a labelled value unless the caller names others.
    static let valueDelimiters: Set<Unicode.Scalar> = ["，", "；", ";", "。"]

    /// The value after the first of `labels` (in their order) followed by a colon, up to the end
    /// of the line or a delimiter.
    /// `found`: the occurrences of `labels`, when a `LabelSearch` found them already.
    func labeledValue(
        _ labels: Labels, found: [LabelHit]? = nil,
        stopAt delimiters: Set<Unicode.Scalar> = valueDelimiters
    ) -> String? {
        labeledRange(labels, found: found, stopAt: delimiters).map { string($0) }
    }

    /// Where `labeledValue` found its value, without surrounding spaces. `valueBelow`: a label
    /// ending its line with its colon takes the next line with text (`当事人:⏎⏎某某有限公司`), as a
    /// form read from a PDF puts it.
    func labeledRange(
        _ labels: Labels, found: [LabelHit]? = nil,
        stopAt delimiters: Set<Unicode.Scalar> = valueDelimiters, valueBelow: Bool = false
    ) -> Range<Int>? {
        for hit in found ?? occurrences(of: labels) {
            var index = hit.end
            // A note on the label before its colon: `当事人(名称/姓名):`.
            if let open = self[index], open == "(" || open == "（",
                let close = (index + 1..<min(scalars.count, index + 12)).first(where: { self[$0] == ")" || self[$0] == "）" }),
                let colon = self[close + 1], colon == ":" || colon == "："
            {
                index = close + 1
            }
            let spacesStart = index
            while let scalar = self[index], Self.isSpace(scalar), scalar != "\t" { index += 1 }
            let inCell: Bool
            if let colon = self[index], colon == "：" || colon == ":" {
                index += 1
                inCell = false
            } else if startsCell(hit.at), let separator = self[index],
                separator == "\t" || separator == "|" || Self.isLineBreak(separator) && (barOnNextLines(index) || hit.end - hit.at >= 4)
                    || index - spacesStart >= 2 || index > spacesStart && hit.end - hit.at >= 4
            {
                // A form's table: the label fills its cell, the value is the next (`当事人⇥某某有限公司`,
                // `被处罚单位  某某有限公司`, cells on lines of their own between bars, a long label
                // alone on its line above its value: `行政相对人名称⏎⏎贾光云`).
                inCell = true
            } else {
                continue
            }
            // A table flattened to text puts its cells between bars: `名称: | 某某店 |`.
            while let scalar = self[index], Self.isSpace(scalar) || scalar == "|" || inCell && Self.isLineBreak(scalar) { index += 1 }
            if valueBelow, !inCell, let below = valueOnALineBelow(index) { index = below }
            var end = index
            while let scalar = self[end], !Self.isLineBreak(scalar), !delimiters.contains(scalar), !(inCell && (scalar == "\t" || scalar == "|")) {
                end += 1
            }
            while end > index, let last = self[end - 1], Self.isSpace(last) { end -= 1 }
            // A header row names columns, not values (`当事人⇥违法行为⇥处罚决定日期`).
            if end > index, !(inCell && Self.columnHeadingEnds.contains(where: string(index..<end).hasSuffix)) { return index..<end }
        }
        return nil
    }

    /// Where the text of the line below starts (past one blank line at most), when `index` ends
    /// a line and that line holds no colon.
    func valueOnALineBelow(_ index: Int) -> Int? {
        var next = index, breaks = 0
        while let scalar = self[next], Self.isLineBreak(scalar) || Self.isSpace(scalar) {
            if scalar == "\n" { breaks += 1 }
            next += 1
        }
        guard breaks >= 1, breaks <= 2, self[next] != nil else { return nil }
        var end = next
        while let scalar = self[end], !Self.isLineBreak(scalar) {
            if scalar == ":" || scalar == "：" { return nil }
            end += 1
        }
        return next
    }

    /// The value under a column heading of a table flattened to text: a header row whose cells
    /// (between bars, tabs or runs of spaces) include one of `labels` (`行政相对人名称`, or the
    /// label with one of `qualifiers` after it: 名称/姓名), and the next row with as many cells (or
    /// fewer, where the page cut it, but reaching the column). A markdown separator
    /// row (`---|---`) between them is passed over.
    func columnValue(found: [LabelHit], labels: Labels, qualifiers: [String] = ["名称", "名稱", "姓名"]) -> String? {
        func separates(_ scalar: Unicode.Scalar?) -> Bool { scalar.map { Self.isLineBreak($0) || Self.isSpace($0) || $0 == "|" } ?? true }
        let qualifierScalars = qualifiers.map { Array($0.unicodeScalars) }
        for hit in found {
            // Runs for every label of every text without a labelled subject: only a label that
            // fills its cell (a separator on both sides, a qualifier after it) is looked at further.
            var after = hit.end
            if let qualifier = qualifierScalars.first(where: { hasWord($0, at: after) }) { after += qualifier.count }
            guard separates(self[hit.at - 1]), separates(self[after]) else { continue }
            var (lineStart, lineEnd) = lineBounds(around: hit.at)
            guard lineEnd - lineStart <= 600 else { continue }
            var header = Self.cells(string(lineStart..<lineEnd))
            if header.count < 3, let row = cellPerLineRow(around: hit.at) {
                header = row.cells
                lineEnd = row.end
            }
            guard header.count >= 3 else { continue }
            let word = String(String.UnicodeScalarView(labels.words[hit.label].compactMap(Unicode.Scalar.init)))
            guard
                let column = header.firstIndex(where: { cell in
                    cell == word || cell.hasPrefix(word) && qualifiers.contains(String(cell.dropFirst(word.count)))
                })
            else { continue }
            var next = lineEnd
            while next < scalars.count {
                let (start, end) = lineBounds(around: next + 1)
                let row = string(start..<end)
                next = end
                if row.allSatisfy({ $0 == "-" || $0 == "|" || $0 == ":" || $0 == " " }) { continue }
                let values = cellPerLineRow(around: start)?.cells ?? Self.cells(row)
                // A page may cut the row short after the column.
                if values.count <= header.count, values.count > column, values.count >= 3, !values[column].isEmpty { return values[column] }
                break
            }
        }
        return nil
    }

    /// A row written one cell per line (`序号 |⏎权力编码 |⏎…`), as some portals flatten their
    /// tables, between lines of bars alone: the cells of the row holding `position`, and where
    /// the row ends. Nil where that line is no such cell.
    private func cellPerLineRow(around position: Int) -> (cells: [String], end: Int)? {
        func isCell(_ bounds: (start: Int, end: Int)) -> Bool {
            let line = string(bounds.start..<bounds.end).trimmingCharacters(in: .whitespaces)
            return line.count > 1 && line.hasSuffix("|") && !line.dropLast().contains("|")
        }
        var (start, end) = lineBounds(around: position)
        guard isCell((start, end)) else { return nil }
        // A line break may be two scalars (`\r\n`).
        func breakWidth(at index: Int) -> Int { self[index] == "\r" && self[index + 1] == "\n" ? 2 : 1 }
        while start > 0, case let previous = lineBounds(around: start - (start >= 2 && self[start - 2] == "\r" ? 2 : 1)), isCell(previous) {
            start = previous.0
        }
        while end < scalars.count, case let next = lineBounds(around: end + breakWidth(at: end)), isCell(next) { end = next.1 }
        let cells = string(start..<end).split(whereSeparator: \.isNewline).map { line in
            var cell = line
            while let last = cell.last, last == "|" || last == " " || last == "\u{3000}" { cell.removeLast() }
            while let first = cell.first, first == " " || first == "\u{3000}" { cell.removeFirst() }
            return String(cell)
        }
        return (cells, end)
    }

    /// The line holding `position`: where it starts and where its line break stands.
    private func lineBounds(around position: Int) -> (Int, Int) {
        var start = min(position, scalars.count), end = start
        while start > 0, !Self.isLineBreak(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, !Self.isLineBreak(scalars[end]) { end += 1 }
        return (start, end)
    }

    /// A table row's cells: between bars, else between tabs, else between runs of two spaces.
    static func cells(_ row: String) -> [String] {
        let parts: [Substring]
        if row.contains("|") {
            parts = row.split(separator: "|", omittingEmptySubsequences: false)
        } else if row.contains("\t") {
            parts = row.split(separator: "\t", omittingEmptySubsequences: false)
        } else {
            parts = row.components(separatedBy: "  ").map { Substring($0) }
        }
        var cells = parts.map { $0.trimmingCharacters(in: .whitespaces) }
        if row.contains("|") {
            // `| a | b |`: the bars at the ends open and close the row.
            if cells.first == "" { cells.removeFirst() }
            if cells.last == "" { cells.removeLast() }
            return cells
        }
        return cells.filter { !$0.isEmpty }
    }

    /// Where the 》 closing the title opened by the 《 at `open` stands, on the same line and
    /// within 60 characters (`《福建省…适用〈价格法〉〈价格违法行为行政处罚规定〉行政处罚裁量基准》`);
    /// nil for an unclosed mark.
    func titleClose(openingAt open: Int) -> Int? {
        var close = open + 1
        while let scalar = self[close], scalar != "》", close - open < 60, !Self.isLineBreak(scalar) {
            // `《《价格法》`: the inner mark opens the title.
            if scalar == "《" { return nil }
            close += 1
        }
        return self[close] == "》" ? close : nil
    }

    /// Whether `word` stands at `index`, ending before `limit` (the text's end when nil).
    func hasWord(_ word: [Unicode.Scalar], at index: Int, before limit: Int? = nil) -> Bool {
        index >= 0 && index + word.count <= (limit ?? scalars.count) && scalars[index..<(index + word.count)].elementsEqual(word)
    }

    /// How many times `word` stands in the text.
    func count(of word: [Unicode.Scalar]) -> Int {
        guard let first = word.first else { return 0 }
        return scalars.indices.lazy.filter { scalars[$0] == first && hasWord(word, at: $0) }.count
    }

    /// Whether a line of a bar alone follows the line break at `position` (`名称⏎|⏎某某店⏎|`).
    private func barOnNextLines(_ position: Int) -> Bool {
        var index = position
        while let scalar = self[index], Self.isLineBreak(scalar) || Self.isSpace(scalar) { index += 1 }
        return self[index] == "|"
    }

    /// Whether the text at `position` begins a table cell: at a line's start or after a tab or bar.
    private func startsCell(_ position: Int) -> Bool {
        var index = position
        while let scalar = self[index - 1], scalar == " " || scalar == "\u{3000}" { index -= 1 }
        guard let before = self[index - 1] else { return true }
        return Self.isLineBreak(before) || before == "\t" || before == "|"
    }

    /// How the headings of a table's columns end.
    static let columnHeadingEnds = [
        "名称", "名稱", "姓名", "号", "號", "代码", "代碼", "日期", "时间", "時間", "类型", "類型", "类别", "類別", "内容", "內容", "依据", "依據", "事实", "事實",
        "行为", "行為", "机关", "機關", "地址", "住所", "情况", "情況", "结果", "結果", "金额", "金額", "种类", "種類", "期限", "备注", "備注", "序号", "序號",
        "人", "单位", "單位",
    ]

    // MARK: - Dates

    /// Every date written as `2023年2月13日`, `二〇二三年二月十三日`, `二0二三年…`, `2023-02-13`,
    /// `2023/2/13` or `2023.2.13`, in order of appearance with their start positions.
    func dates() -> [(date: DayDate, at: Int)] {
        var found: [(DayDate, Int)] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "年", index >= 4 {
                // PDF text may space the parts: `2025 年 4 月14 日`.
                let yearEnd = index >= 5 && Self.isSpace(scalars[index - 1]) ? index - 1 : index
                let yearRange = (yearEnd - 4)..<yearEnd
                if scalars[yearRange].allSatisfy({ ChineseNumeral.digit($0) != nil }),
                    let year = ChineseNumeral.value(of: Substring(string(yearRange)).unicodeScalars),
                    let (month, afterMonth) = number(from: index + 1, terminator: "月"),
                    let (day, afterDay) = number(from: afterMonth, terminator: "日"),
                    let date = DayDate(year: year, month: month, day: day)
                {
                    found.append((date, yearEnd - 4))
                    index = afterDay
                    continue
                }
            } else if Self.isASCIIDigit(scalar), index + 4 < scalars.count,
                index == 0 || !Self.isASCIIDigit(scalars[index - 1]),
                scalars[index..<index + 4].allSatisfy(Self.isASCIIDigit),
                let separator = self[index + 4], separator == "-" || separator == "/" || separator == "."
            {
                if let date = numericDate(at: index, separator: separator) {
                    found.append((date.0, index))
                    index = date.1
                    continue
                }
            }
            index += 1
        }
        return found
    }

    /// Dates written without their year (`9月2日`, `同年3月11日`), each in the year of the last full
    /// date of `dated` (the text's, ascending) before it; none before the first.
    func datesWithoutYear(after dated: [(date: DayDate, at: Int)]) -> [(date: DayDate, at: Int)] {
        guard let first = dated.first else { return [] }
        var found: [(DayDate, Int)] = []
        var latest = 0
        for index in (first.at + 1)..<scalars.count where scalars[index] == "月" {
            // The month: one or two numerals right before 月, with no 年 or other numeral before them.
            var start = index
            while start > 0, index - start < 2, ChineseNumeral.isNumeralCharacter(scalars[start - 1]) { start -= 1 }
            guard start < index, let before = self[start - 1], before != "年" || self[start - 2] == "同", !ChineseNumeral.isNumeralCharacter(before),
                !Self.isASCIIDigit(before), !Self.isSpace(before),
                let month = ChineseNumeral.value(of: Substring(string(start..<index)).unicodeScalars),
                let (day, _) = number(from: index + 1, terminator: "日")
            else { continue }
            while latest + 1 < dated.count, dated[latest + 1].at < start { latest += 1 }
            guard let date = DayDate(year: dated[latest].date.year, month: month, day: day) else { continue }
            found.append((date, start))
        }
        return found
    }

    /// A counted number of one to three characters ending at `terminator`.
    private func number(from first: Int, terminator: Unicode.Scalar) -> (Int, Int)? {
        let start = self[first].map(Self.isSpace) == true ? first + 1 : first
        var end = start
        while let scalar = self[end], scalar != terminator, end - start < 3, ChineseNumeral.isNumeralCharacter(scalar) { end += 1 }
        let numberEnd = end
        if self[end].map(Self.isSpace) == true { end += 1 }
        guard numberEnd > start, self[end] == terminator,
            let value = ChineseNumeral.value(of: Substring(string(start..<numberEnd)).unicodeScalars)
        else { return nil }
        return (value, end + 1)
    }

    private func numericDate(at start: Int, separator: Unicode.Scalar) -> (DayDate, Int)? {
        func digits(from index: Int, max: Int) -> (Int, Int)? {
            var end = index
            while let scalar = self[end], Self.isASCIIDigit(scalar), end - index < max { end += 1 }
            guard end > index, let value = ChineseNumeral.value(of: Substring(string(index..<end)).unicodeScalars) else { return nil }
            return (value, end)
        }
        guard let (year, afterYear) = digits(from: start, max: 4),
            let (month, afterMonth) = digits(from: afterYear + 1, max: 2), self[afterMonth] == separator,
            let (day, afterDay) = digits(from: afterMonth + 1, max: 2),
            self[afterDay].map({ !Self.isASCIIDigit($0) }) ?? true,
            let date = DayDate(year: year, month: month, day: day)
        else { return nil }
        return (date, afterDay)
    }
}

extension StringProtocol {
    /// `count <= limit`, counting at most `limit` + 1 characters (a header line can be long).
    func hasAtMostCharacters(_ limit: Int) -> Bool {
        utf8.count <= limit || dropFirst(limit).isEmpty
    }

    /// Without leading and trailing spaces, tabs and ideographic spaces (cheaper than Foundation's trimming).
    var trimmedSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\r" || $0 == "\u{A0}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
