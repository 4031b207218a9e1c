import JuanzongCore

/// The 文号: where a number's prefix starts and its serial ends, which number is the document's.
extension FactInference {
    /// Whether `scalar` is in a block that holds one of `CaseNumber.openBrackets`.
    @inline(__always)
    static func mayBeBracket(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value == 0x28 || value == 0x5B || value == 0x7B || (0x3000...0x303F).contains(value)
            || (0xFE50...0xFF5B).contains(value)
    }

    /// A 文号 such as `沪市监奉处〔2023〕0123号`; labelled ones (案号/文号/编号) win over the first seen.
    /// The 文号: a prefix (the agency's abbreviation, with any bracketed part: `(穗云)应急罚`,
    /// `湘(岳)文执罚网字`, `豫 0381 環罰決字`), a year in brackets (`〔2023〕`, `( 2015 )`), a serial
    /// (`第 0312`, `k-39`, `执法二中队-9`, `092(非)`) and 号 or 號. A number after 案号/文号/编号 wins;
    /// else the first one in the text. Characters are never dropped from it; `CaseNumber` folds
    /// brackets, widths, spaces and converter debris for the key.
    /// A permit's number (`种子经营许可证编号:B(黔)农种许字(2017)第001号`) is no case's, but in a
    /// permit decision (`permits`). A text that reviews a decision (a 复议 decision, a court's
    /// ruling: `reviewed`) belongs to the decision's case: its number is the decision's, cited
    /// with its title (`作出的穗花赤綜處字〔2025〕060001號《行政處罰決定書》`), never its own.
    static func caseNumber(
        in scanner: TextScanner, permits: Bool = true, reviewed: Bool = false
    ) -> (
        number: CaseNumber, labeled: Bool, at: Int
    )? {
        var first: (CaseNumber, Int)?
        let scalars = scanner.scalars
        var index = 0
        while index < scalars.count {
            // Most characters are no bracket: a range test before the set lookup.
            guard Self.mayBeBracket(scalars[index]), CaseNumber.openBrackets.contains(scalars[index]) else {
                index += 1
                continue
            }
            let open = index
            guard let close = yearBracketEnd(scanner, open: open), let end = serialEnd(scanner, after: close) else {
                index += 1
                continue
            }
            let start = prefixStart(scanner, before: open)
            // Prefixes are short (the longest of the corpus: 12 characters); a longer one ran into
            // a flattened row's other cells (`…案某某餐饮店黄某某鹤市监处〔2022〕…`), where it starts is unknown.
            guard start < open, open - start <= 16, scalars[start..<open].contains(where: TextScanner.isCJK),
                let number = CaseNumber(scanner.string(start..<(end + 1)))
            else {
                index = end
                continue
            }
            if !permits, isPermitNumber(number.written) {
                index = end + 1
                continue
            }
            // The number of another document cited by its title (`送达《责令改正违法行为决定书》(韶环责改决〔2025〕3号)`,
            // `《…告知书》(编号:…)`, `《…批复》(砚政复〔2017〕97号)`) is that document's, not this one's.
            let cited = citedTitle(scanner, beforeNumberAt: start)
            if let cited, !["处罚决定书", "處罰決定書"].contains(where: cited.containsFast) {
                index = end + 1
                continue
            }
            // Named as a 文号 (案号:…, 文号…, …决定书 安农罚〔2026〕5号, 693号行政处罚决定书, 以…号给予), the number is
            // this document's even where the title is not recognised (news reposts, 公示 pages).
            let label = scanner.string(max(0, start - 8)..<start)
            let after = scanner.string(from: end + 1, length: 8)
            let before = scanner[start - 1]
            // A line that is the number alone, or a number quoted as a title 《…》, is a 文号 too.
            let standsAlone = (before == nil || TextScanner.isLineBreak(before!)) && (scanner[end + 1].map(TextScanner.isLineBreak) ?? true)
            let namesDecision = [
                "行政处罚决定", "行政處罰決定", "处罚决定", "處罰決定", "《行政处罚决定", "《行政處罰決定", "公安行政处罚决定", "公安行政處罰決定",
            ].contains(where: after.hasPrefix)
            if reviewed {
                // `作出的…号《行政处罚决定书》`, `作出《行政处罚决定书》(…号)`.
                if namesDecision || cited != nil { return (number, true, start) }
                index = end + 1
                continue
            }
            if ["案号", "文号", "编号", "文號", "文书号", "文書號", "決定書", "决定书"].contains(where: label.containsFast) || namesDecision
                || standsAlone || (before == "《" && scanner[end + 1] == "》")
                // The number a penalty was given under (`于2019年11月28日以腾林草罚决字[2019]第135号给予…`).
                || label.hasSuffix("以") && givenUnderWords.contains(where: after.hasPrefix)
            {
                return (number, true, start)
            }
            if first == nil { first = (number, start) }
            index = end + 1
        }
        return first.map { ($0.0, false, $0.1) }
    }

    /// The close bracket of `〔2023〕` (spaces allowed inside) opened at `open`.
    private static func yearBracketEnd(_ scanner: TextScanner, open: Int) -> Int? {
        var position = open + 1
        while let scalar = scanner[position], TextScanner.isSpace(scalar), position - open <= 2 { position += 1 }
        let digitsStart = position
        while let scalar = scanner[position], TextScanner.isASCIIDigit(scalar), position - digitsStart < 4 { position += 1 }
        guard position - digitsStart == 4 else { return nil }
        while let scalar = scanner[position], TextScanner.isSpace(scalar), position - digitsStart <= 6 { position += 1 }
        guard let close = scanner[position], CaseNumber.closeBrackets.contains(close) else { return nil }
        return position
    }

    /// The 号 (or 號) ending the serial after the year bracket: at most 20 characters of digits,
    /// letters, `-`, spaces, 第, a few Han characters and bracketed notes, holding a digit or
    /// masked whole as published (`〔2022〕********號`).
    private static func serialEnd(_ scanner: TextScanner, after close: Int) -> Int? {
        var position = close + 1
        var digits = 0, han = 0
        while let scalar = scanner[position], position - close <= 21 {
            if scalar == "号" || scalar == "號" { return digits > 0 && han <= 8 ? position : nil }
            if TextScanner.isASCIIDigit(scalar) || SubjectNaming.maskCharacters.contains(scalar) {
                digits += 1
            } else if TextScanner.isCJK(scalar) {
                han += 1
            } else if !(TextScanner.isASCIILetterOrDigit(scalar) || TextScanner.isSpace(scalar) || "-—–()()".unicodeScalars.contains(scalar)) {
                return nil
            }
            position += 1
        }
        return nil
    }

    /// Where the number's prefix begins before its year bracket: Han characters, ASCII letters
    /// and digits, spaces within the line, and bracketed parts (`(穗云)`, converter debris
    /// `(huán)`), up to 24 characters; a label or title before it (案号:, 决定书) is not part of it.
    private static func prefixStart(_ scanner: TextScanner, before open: Int) -> Int {
        var start = open
        while let scalar = scanner[start - 1], open - start < 24 {
            // PDF text spaces digits (`豫 0381 環罰決字`); a space between two Han characters
            // separates cells (`李榮燕 廣市監處罰〔2024〕…`).
            // A type word alone after the space (`塔市市监 处罚〔2022〕`) is no cell: it needs the
            // agency's abbreviation before it.
            if TextScanner.isSpace(scalar), let before = scanner[start - 2], let after = scanner[start], TextScanner.isCJK(before),
                TextScanner.isCJK(after), !scanner.scalars[start..<open].allSatisfy({ numberTypeScalars.contains($0) || TextScanner.isSpace($0) })
            {
                break
            }
            if TextScanner.isCJK(scalar) || TextScanner.isASCIILetterOrDigit(scalar) || TextScanner.isSpace(scalar) {
                start -= 1
            } else if CaseNumber.closeBrackets.contains(scalar), let groupStart = bracketGroupStart(scanner, close: start - 1) {
                start = groupStart
            } else {
                break
            }
        }
        while let scalar = scanner[start], TextScanner.isSpace(scalar), start < open { start += 1 }
        // A title, a label or a verb on the same line ends before the number (…决定书文号 乌城规罚决…,
        // 环保局开出朝环保罚字…).
        let prefix = scanner.scalars[start..<open]
        var cut = 0
        for needle in prefixEnderScalars where needle.count <= prefix.count {
            for offset in stride(from: prefix.count - needle.count, through: 0, by: -1)
            where prefix[(start + offset)..<(start + offset + needle.count)].elementsEqual(needle) {
                cut = max(cut, offset + needle.count)
                break
            }
        }
        start += cut
        while let scalar = scanner[start], TextScanner.isSpace(scalar), start < open { start += 1 }
        return start
    }

    /// The title in 《》 right before a number starting at `start`, or before the bracket that
    /// holds it (`《title》(编号:number`, `《…批复》砚政复〔2017〕97号`), if the number stands so.
    static func citedTitle(_ scanner: TextScanner, beforeNumberAt start: Int) -> String? {
        var index = start - 1
        if scanner[index] != "》" {
            while let scalar = scanner[index], index > start - 6, scalar != "(", scalar != "（" { index -= 1 }
            guard let open = scanner[index], open == "(" || open == "（", scanner[index - 1] == "》" else { return nil }
        } else {
            index += 1
        }
        var titleStart = index - 2
        while let scalar = scanner[titleStart], scalar != "《", index - titleStart < 60 { titleStart -= 1 }
        guard scanner[titleStart] == "《" else { return nil }
        return scanner.string((titleStart + 1)..<(index - 1))
    }

    /// The open bracket of a short group closed at `close` holding Han characters (`(穗云)`) or
    /// a converter's pinyin (`(huán)`); nil for anything else.
    private static func bracketGroupStart(_ scanner: TextScanner, close: Int) -> Int? {
        var position = close - 1
        while let scalar = scanner[position], close - position <= 8 {
            if CaseNumber.openBrackets.contains(scalar) { return position < close - 1 ? position : nil }
            guard TextScanner.isCJK(scalar) || ("a"..."z").contains(scalar) || (0xC0...0x24F).contains(scalar.value) else { return nil }
            position -= 1
        }
        return nil
    }
}
