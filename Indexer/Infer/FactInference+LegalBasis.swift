import JuanzongCore

/// Citations `《statute》第N条[第N款][第N项]` (Simplified or Traditional), with following
/// `、第N条` sharing the statute, sorted by what the document cites them for: the provisions it
/// applies, the provisions it finds violated, and procedure (how to pay, to appeal), which is
/// neither and is left out.
extension FactInference {
    /// The legal bases cited in `text` (`《中华人民共和国食品安全法》第一百二十四条第一款第三项`,
    /// several separated by 、 or new lines), as staff type them in review or a manifest lists them.
    public static func legalBases(citedIn text: String) -> [LegalBasis] {
        var seen = Set<String>()
        return citations(in: TextScanner(text), titleOpens: nil).map(\.basis).filter { seen.insert($0.written).inserted }
    }

    /// The provisions `scanner`'s text applies and those it finds violated, each once.
    /// `titleOpens`: where 《 stands, when a `LabelSearch` found it already.
    static func citedProvisions(in scanner: TextScanner, titleOpens: [TextScanner.LabelHit]?) -> (applied: [LegalBasis], violated: [LegalBasis]) {
        var applied: [LegalBasis] = [], violated: [LegalBasis] = []
        let found = citations(in: scanner, titleOpens: titleOpens)
        guard !found.isEmpty else { return ([], []) }
        // The cues of the whole text in one pass, in text order.
        let cues = scanner.occurrences(of: citationCues).sorted { $0.at < $1.at }
        var roles: [String: CitationRole] = [:]
        var everViolated = Set<String>()
        for citation in found {
            let cue = nearestCue(before: citation.at, in: scanner, cues: cues)
            let role = role(of: citation, in: scanner, cue: cue)
            // A provision cited again counts once more only where the text applies what it first
            // found violated (`违反了《办法》第四十四条…,某局依据《办法》第四十四条…给予…`);
            // a quotation of it later (`《办法》第四十四条规定:…`), with no cue, adds nothing.
            // One first cited in the reasoning (`按照《规定》第三条…及第九条之规定,…`) and then found
            // violated (`…的行为违反了《规定》第九条`) is violated, not applied.
            if let earlier = roles[citation.basis.written] {
                if earlier == .applied, role == .violated, !everViolated.contains(citation.basis.written) {
                    applied.removeAll { $0.written == citation.basis.written }
                } else {
                    guard earlier == .violated, role == .applied, cue != nil else { continue }
                }
            }
            roles[citation.basis.written] = role
            switch role {
            case .applied: applied.append(citation.basis)
            case .violated:
                if everViolated.insert(citation.basis.written).inserted { violated.append(citation.basis) }
            case .procedure: break
            }
        }
        return (withoutRestatements(applied), withoutRestatements(violated))
    }

    /// `bases` without an article cited whole where a clause or item of it is cited too (a text
    /// applying `第六十条第二款` that then quotes `第六十条规定:…` applies the clause), and without
    /// a guideline cited whole where an article of it is cited too.
    static func withoutRestatements(_ bases: [LegalBasis]) -> [LegalBasis] {
        bases.filter { basis in
            guard basis.article != nil else {
                return !bases.contains { $0.statuteKey == basis.statuteKey && $0.article != nil }
            }
            return basis.clause != nil || basis.item != nil
                || !bases.contains { $0.statuteKey == basis.statuteKey && $0.article == basis.article && ($0.clause != nil || $0.item != nil) }
        }
    }

    enum CitationRole { case applied, violated, procedure }

    /// What a citation is for, by the nearest cue before it in its sentence (`违反了《…》` or
    /// `依据《…》`); a citation of the procedural laws in a sentence about paying, appealing or
    /// hearing is procedure. Without a cue a citation is taken as applied.
    /// `cue`: the citation's `nearestCue`.
    static func role(of citation: (basis: LegalBasis, at: Int), in scanner: TextScanner, cue: TextScanner.LabelHit?) -> CitationRole {
        // A law or rule of procedure (`林业行政处罚程序规定`, 行政强制法) governs how a case is handled, never what is decided.
        if procedureRules.contains(where: citation.basis.statuteKey.containsFast) { return .procedure }
        let start = sentenceStart(before: citation.at, in: scanner)
        var end = citation.at
        while end - citation.at < 300, let next = scanner[end], next != "。", !TextScanner.isLineBreak(next) { end += 1 }
        if procedureLaws.contains(where: citation.basis.statuteKey.containsFast), !scanner.occurrences(of: procedureWords, in: start..<end).isEmpty {
            return .procedure
        }
        // Any statute cited for what follows a fine left unpaid (`逾期不缴纳…的,根据《…规定》第二十一条…`,
        // `根据《…规定》第二十一条规定,逾期不缴纳…`); not one whose penalty stands between it and
        // those words (`依据《…》第一百一十七条…决定罚款10000元,…逾期不缴纳的,…`).
        let titleEnd = scanner.titleClose(openingAt: citation.at) ?? citation.at
        if !scanner.occurrences(of: paymentEnforcementWords, in: start..<citation.at).isEmpty
            || scanner.occurrences(of: paymentEnforcementWords, in: titleEnd..<end).first.map({ words in
                scanner.occurrences(of: penaltyWords, in: titleEnd..<words.at).isEmpty
            }) == true
        {
            return .procedure
        }
        // A citation for opening the case gives jurisdiction (`根据《…》规定,…立案调查`); a provision
        // violated before 立案 (`涉嫌违反《…》…的规定,本局…立案调查`) stays violated.
        let violated = cue.map { $0.label < violationCueCount } ?? false
        if !violated, !scanner.occurrences(of: caseOpeningWords, in: citation.at..<end).isEmpty,
            scanner.occurrences(of: penaltyWords, in: citation.at..<end).isEmpty
        {
            return .procedure
        }
        return cue.map { $0.label < violationCueCount ? .violated : .applied } ?? .applied
    }

    /// The nearest cue before the citation at `position` in its sentence, outside quoted statute
    /// text (`违反了《甲》第二十一条:“…按照…处理”和《乙》第二十四条` cites both as violated).
    /// A quotation counts only where it closes before the citation (pages garble closing marks).
    /// A citation standing alone in a form's cell takes the cue of the short label line above it
    /// (`(违则)⏎《农药管理条例》第四十四条`, `处罚依据⏎(罚则)⏎…`).
    static func nearestCue(before position: Int, in scanner: TextScanner, cues: [TextScanner.LabelHit]) -> TextScanner.LabelHit? {
        var start = sentenceStart(before: position, in: scanner)
        let inSentence = cues.last { cue in
            cue.at >= start && cue.at < position
                && !(scanner.scalars[cue.at..<position].contains("”") && insideQuotation(scanner, at: cue.at))
        }
        // Only a citation opening its line (`。《消防法》第六十条规定:` opens a sentence, not a cell).
        guard inSentence == nil, start == 0 || scanner[start - 1].map(TextScanner.isLineBreak) == true,
            scanner.string(start..<position).allSatisfy({ $0 == " " || $0 == "\u{3000}" || $0 == "|" })
        else {
            return inSentence
        }
        // The label line above: within 12 characters, back over blank lines.
        var end = start
        while end > 0, let previous = scanner[end - 1], TextScanner.isLineBreak(previous) || TextScanner.isSpace(previous) { end -= 1 }
        start = end
        while start > 0, end - start <= 12, let previous = scanner[start - 1], !TextScanner.isLineBreak(previous) { start -= 1 }
        guard end - start <= 12 else { return nil }
        return cues.last { $0.at >= start && $0.at < end }
    }

    /// Where the sentence holding `position` starts, at most 300 characters before it.
    static func sentenceStart(before position: Int, in scanner: TextScanner) -> Int {
        var start = position
        while start > 0, position - start < 300, let previous = scanner[start - 1], previous != "。", !TextScanner.isLineBreak(previous) {
            start -= 1
        }
        return start
    }

    /// Every citation in the text with where its 《 stands, each written form once per place; a citation of
    /// `该法`, `该条例` (the statute cited last before it) too.
    static func citations(in scanner: TextScanner, titleOpens: [TextScanner.LabelHit]?) -> [(basis: LegalBasis, at: Int)] {
        var found: [(basis: LegalBasis, at: Int)] = []
        var seen = Set<String>()
        var titles: [(statute: String, at: Int)] = []
        for open in (titleOpens ?? scanner.occurrences(of: Labels.titleOpen)).map(\.at) {
            guard let close = scanner.titleClose(openingAt: open) else { continue }
            let statute = scanner.string((open + 1)..<close)
            titles.append((statute, open))
            let before = found.count
            articles(of: statute, in: scanner, from: close + 1, at: open, into: &found, seen: &seen)
            // A discretion guideline is cited by its own numbering (`(水类)序号70`, `第二章第一条`) or whole.
            if found.count == before, LegalBasis.isDiscretionGuideline(statute) {
                found.append((LegalBasis(statute: statute, article: nil), open))
            }
        }
        guard !titles.isEmpty else { return found }
        for reference in scanner.occurrences(of: sameStatuteWords) {
            guard let statute = titles.last(where: { $0.at < reference.at })?.statute else { continue }
            articles(of: statute, in: scanner, from: reference.end, at: reference.at, into: &found, seen: &seen)
        }
        return found
    }

    /// The articles cited after a statute's title (ending at `index`): `第N条[第N款][第N项]`, and
    /// more joined by 、, 和, 及 or a comma.
    private static func articles(
        of statute: String, in scanner: TextScanner, from start: Int, at open: Int, into found: inout [(basis: LegalBasis, at: Int)],
        seen: inout Set<String>
    ) {
        var index = start
        // The edition may stand between the title and the article: `《…》(2019年8月26日第三次修正)第七十七条`.
        if let bracket = scanner[index], bracket == "(" || bracket == "（" {
            var end = index + 1
            while let scalar = scanner[end], scalar != ")", scalar != "）", end - index < 40, !TextScanner.isLineBreak(scalar) { end += 1 }
            if scanner[end] == ")" || scanner[end] == "）" { index = end + 1 }
        }
        var previous: (article: Int, clause: Int?)?
        while true {
            while let scalar = scanner[index], TextScanner.isSpace(scalar) { index += 1 }
            if previous != nil {
                guard let joiner = scanner[index], joiner == "、" || joiner == "和" || joiner == "及" || joiner == "，" else { break }
                index += 1
            } else if let (_, afterPart) = ordinal(in: scanner, at: index, units: ["章"]) {
                // A guideline's chapter and section before the article: `第四章第二十二條`.
                index = afterPart
                if let (_, afterSection) = ordinal(in: scanner, at: index, units: ["节", "節"]) { index = afterSection }
            }
            let start = index
            var article: Int, clause: Int?, item: Int?
            let inherited: Bool
            if let (value, after) = ordinal(in: scanner, at: index, units: ["条", "條"]) {
                article = value
                index = after
                inherited = false
            } else if let previous, scanner[index] == "第" {
                // `第十八條第一款第一項和第五項`: the next clause or item of the same article.
                article = previous.article
                clause = previous.clause
                inherited = true
            } else {
                break
            }
            // A space may stand between the units (`第四十四条 第二款`), not a line break.
            func skipSpaces() -> Int {
                var next = index
                while let scalar = scanner[next], TextScanner.isSpace(scalar) { next += 1 }
                return next
            }
            if let (value, after) = ordinal(in: scanner, at: skipSpaces(), units: ["款"]) {
                clause = value
                index = after
            }
            var items: [Int] = []
            if let (values, after) = ordinals(in: scanner, at: skipSpaces(), units: ["项", "項"]) {
                items = values
                index = after
            } else if let (value, after) = bracketedItem(in: scanner, at: index) {
                items = [value]
                index = after
            }
            guard index > start else { break }
            let written = "《\(statute)》" + scanner.string(start..<index)
            for value in items.isEmpty ? [nil] : items.map(Optional.some) {
                item = value
                // Several items, or one that takes its article from before, are written out whole.
                let basis = LegalBasis(
                    statute: statute, article: article, clause: clause, item: item, written: items.count > 1 || inherited ? nil : written)
                if seen.insert("\(basis.written)@\(open)").inserted { found.append((basis, open)) }
            }
            previous = (article, clause)
        }
    }

    /// An item written as a bracketed number right after its article or clause (`第一款(一)`).
    private static func bracketedItem(in scanner: TextScanner, at index: Int) -> (Int, Int)? {
        guard let open = scanner[index], open == "(" || open == "（" else { return nil }
        var end = index + 1
        while let scalar = scanner[end], ChineseNumeral.isNumeralCharacter(scalar), end - index <= 3 { end += 1 }
        guard end > index + 1, let close = scanner[end], close == ")" || close == "）",
            let value = ChineseNumeral.value(of: scanner.string((index + 1)..<end))
        else { return nil }
        return (value, end + 1)
    }

    /// `第一、二项` at `index`: the numbers listed before one unit, and the position after it.
    private static func ordinals(in scanner: TextScanner, at index: Int, units: Set<Unicode.Scalar>) -> ([Int], Int)? {
        if let (value, after) = ordinal(in: scanner, at: index, units: units) { return ([value], after) }
        guard scanner[index] == "第" else { return nil }
        var values: [Int] = []
        var begin = index + 1
        while true {
            var end = begin
            while let scalar = scanner[end], ChineseNumeral.isNumeralCharacter(scalar), end - begin < 8 { end += 1 }
            guard end > begin, let value = ChineseNumeral.value(of: scanner.string(begin..<end)) else { return nil }
            values.append(value)
            if let unit = scanner[end], units.contains(unit) { return values.count > 1 ? (values, end + 1) : nil }
            guard scanner[end] == "、" else { return nil }
            begin = end + 1
        }
    }

    /// `第一百一十九条` at `index`: its number and the position after the unit.
    private static func ordinal(in scanner: TextScanner, at index: Int, units: Set<Unicode.Scalar>) -> (Int, Int)? {
        guard scanner[index] == "第" else { return nil }
        // Items are often written in brackets: 第(十)项.
        var begin = index + 1
        let bracketed = scanner[begin] == "(" || scanner[begin] == "（"
        if bracketed { begin += 1 }
        var end = begin
        while let scalar = scanner[end], ChineseNumeral.isNumeralCharacter(scalar), end - begin < 8 { end += 1 }
        let numberEnd = end
        if bracketed {
            guard scanner[end] == ")" || scanner[end] == "）" else { return nil }
            end += 1
        }
        guard numberEnd > begin, let unit = scanner[end], units.contains(unit),
            let value = ChineseNumeral.value(of: scanner.string(begin..<numberEnd))
        else { return nil }
        return (value, end + 1)
    }
}
