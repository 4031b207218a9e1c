import JuanzongCore

/// What a decision imposes: the parts of the text that decide (`作出如下行政处罚:…`, `处以罚款…`,
/// a 公示 table's `处罚内容 | …`), the kinds of penalty named there and the amount confiscated.
extension FactInference {

    /// Where the decided parts of `scanner`'s text lie: from each opener to the end of its
    /// sentence, or of its list (`如下:` then numbered lines) up to 400 characters on.
    static func decidedParts(in scanner: TextScanner, openers: [TextScanner.LabelHit]) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        // A statute restated without quotation marks allows, it does not decide (`可以并处500元以下罚款`).
        for hit in openers.sorted(by: { $0.at < $1.at })
        where !insideQuotation(scanner, at: hit.at) && !mayOnly(scanner, before: hit.at) && !offersAlternatives(scanner, after: hit.end)
            && !statesARange(scanner, after: hit.end) && !statesConditions(scanner, around: hit.at)
        {
            // A list follows a colon, or starts at once with its first item (`决定1、责令…`).
            let next = scanner.string(hit.end..<min(scanner.scalars.count, hit.end + 3))
            let listFollows =
                next.contains { $0 == ":" || $0 == "：" } || next.first == "1" && (next.dropFirst().first.map { "、.．".contains($0) } ?? false)
            var end = hit.end
            let limit = min(scanner.scalars.count, hit.end + 400)
            while end < limit, let scalar = scanner[end] {
                if scalar == "。" { break }
                // A list ends where the next paragraph does not continue it (根据…, 本决定…, 如不服…).
                if TextScanner.isLineBreak(scalar) {
                    if !listFollows { break }
                    let next = scanner.string(from: end + 1, length: 3)
                    if decisionPartEnders.contains(where: next.hasPrefix) { break }
                }
                end += 1
            }
            // Openers inside a part already found (`决定对你…处以如下行政处罚:`) widen it rather
            // than add an overlapping one, so no stretch of text is read twice.
            if let last = parts.last, last.contains(hit.at) {
                parts[parts.count - 1] = last.lowerBound..<max(last.upperBound, end)
            } else {
                parts.append(hit.at..<end)
            }
        }
        return parts
    }

    /// Whether the sentence holding an opener goes on by conditions, as a statute restated without
    /// quotation marks does (`…没收违法所得;没有违法所得的,予以警告;情节严重的,责令停业整顿`); a
    /// decision states what it imposes.
    static func statesConditions(_ scanner: TextScanner, around position: Int) -> Bool {
        var end = position
        while end - position < 300, let scalar = scanner[end], scalar != "。", !TextScanner.isLineBreak(scalar) { end += 1 }
        // A statute quoted (`依据…“…情节严重的,吊销许可证”的规定,本局决定:`) does not make the decision one.
        return scanner.occurrences(of: statuteConditions, in: sentenceStart(before: position, in: scanner)..<end).contains {
            !insideQuotation(scanner, at: $0.at)
        }
    }

    /// Whether the clause after an opener offers penalties to choose from, as a statute does
    /// (`处警告或者五百元以下罚款`); a decision imposes them.
    static func offersAlternatives(_ scanner: TextScanner, after position: Int) -> Bool {
        var index = position
        while index - position < 20, let scalar = scanner[index], !"，,；;。:：\n".unicodeScalars.contains(scalar) {
            if scalar == "或" { return true }
            index += 1
        }
        return false
    }

    /// Whether the sentence after an opener bounds its amount by a range (`给予警告,并处1000元以上
    /// 5000以下的罚款`): a statute restated; a decision imposes one amount. A range in brackets
    /// (`罚款2万元(法定幅度为1万元以上10万元以下)`) is the decision's aside.
    static func statesARange(_ scanner: TextScanner, after position: Int) -> Bool {
        var index = position
        var lowerBound = false
        while index - position < 60, let scalar = scanner[index], !"；;。\n(（".unicodeScalars.contains(scalar) {
            if scalar == "以", let next = scanner[index + 1] {
                if next == "上" { lowerBound = true } else if next == "下", lowerBound { return true }
            }
            index += 1
        }
        return false
    }

    /// Whether `可以` or `可` stands right before `position` (`可以并处`, `可处`).
    static func mayOnly(_ scanner: TextScanner, before position: Int) -> Bool {
        scanner[position - 1] == "可" || scanner[position - 2] == "可" && scanner[position - 1] == "以"
    }

    /// Whether `position` stands inside a quotation (“…”) that opened on its line or paragraph.
    static func insideQuotation(_ scanner: TextScanner, at position: Int) -> Bool {
        var index = position - 1
        while index >= 0, position - index < 600, let scalar = scanner[index], !TextScanner.isLineBreak(scalar) {
            if scalar == "”" { return false }
            if scalar == "“" { return true }
            index -= 1
        }
        return false
    }

    /// The kinds of penalty named in the decided parts, in the order of `PenaltyKind.all`.
    static func penaltyKinds(in scanner: TextScanner, parts: [Range<Int>]) -> [String] {
        var named = Set<String>()
        for part in parts {
            for hit in scanner.occurrences(of: penaltyKindLabels, in: part)
            where !namesAColumn(scanner, after: hit.end) && !waived(scanner, before: hit.at) {
                if hit.label < penaltyKindLabelKinds.count {
                    named.insert(penaltyKindLabelKinds[hit.label])
                    continue
                }
                // 罚没 names the money paid in (`罚没收入缴款通知单`), not a confiscation.
                if let previous = scanner[hit.at - 1], previous == "罚" || previous == "罰" { continue }
                let object = scanner.string(hit.end..<min(scanner.scalars.count, hit.end + 16))
                if objectWords[hit.label - penaltyKindLabelKinds.count].hasPrefix("吊") {
                    // 吊销 of what a licence or an 执照 is (`吊銷上述1254家企業營業執照`), up to its sentence's end.
                    let clause = object.prefix { !"，,；;。".contains($0) }
                    if ["执照", "執照", "许可证", "許可證", "资格证", "資格證"].contains(where: clause.containsFast) { named.insert("吊销许可证件") }
                } else if let proceeds = proceedsEnd(scanner, afterConfiscation: hit.end) {
                    named.insert("没收违法所得")
                    // `没收违法所得和非法财物`: property after the proceeds.
                    if propertyAfterProceeds.contains(where: scanner.string(from: proceeds, length: 3).hasPrefix) {
                        named.insert("没收非法财物")
                    }
                } else {
                    // 没收 of anything but 违法所得 (tools, goods, buildings) takes 非法财物.
                    named.insert("没收非法财物")
                }
            }
        }
        return PenaltyKind.all.filter(named.contains)
    }

    /// Whether a penalty is waived rather than imposed (`免于罚款处罚`, `免予给予罚款`, `不予罚款`):
    /// 免于, 免予 or 不予 within the six characters before it, in its clause.
    static func waived(_ scanner: TextScanner, before position: Int) -> Bool {
        var index = position - 1
        while index >= max(1, position - 6), let scalar = scanner[index], !clauseEnds.contains(scalar) {
            if let previous = scanner[index - 1], waivingWords.contains(where: { $0 == (previous, scalar) }) { return true }
            index -= 1
        }
        return false
    }

    /// Whether a kind word heads a 公示 table's column (`罚款金额(万元)`, `没收违法所得、没收非法财物的金额`):
    /// its cell goes on to 金额 or 数额 and holds no digit.
    static func namesAColumn(_ scanner: TextScanner, after end: Int) -> Bool {
        var index = end
        while let scalar = scanner[index], index - end < 16, !TextScanner.isLineBreak(scalar), !"|\t，,。；;".unicodeScalars.contains(scalar) {
            if TextScanner.isASCIIDigit(scalar) { return false }
            index += 1
        }
        let cell = scanner.string(end..<index)
        return ["金额", "金額", "数额", "數額"].contains(where: cell.containsFast)
    }

    /// Where the proceeds a 没收 ending at `end` takes are named to: `违法所得` (`违法经营所得`)
    /// right after it or after a short possessor (`没收该店违法所得950元`); nil for property
    /// (`没收劣质药品`, `没收违法生产的产品`).
    static func proceedsEnd(_ scanner: TextScanner, afterConfiscation end: Int) -> Int? {
        var index = end
        while index - end <= 4, let scalar = scanner[index], TextScanner.isCJK(scalar), !"和及与與、".unicodeScalars.contains(scalar) {
            if let word = proceedsWordScalars.first(where: { scanner.hasWord($0, at: index) }) { return index + word.count }
            index += 1
        }
        return nil
    }

    /// The amount of 没收违法所得 within the decided parts (`没收违法所得人民币5000元`).
    static func confiscatedAmount(in scanner: TextScanner, parts: [Range<Int>]) -> Double? {
        confiscatedAmount(in: scanner, found: parts.flatMap { scanner.occurrences(of: confiscation, in: $0) })
    }

    /// The proceeds confiscated at the first of `found` (hits of `confiscation`) that states them.
    static func confiscatedAmount(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> Double? {
        for hit in found {
            guard let proceeds = proceedsEnd(scanner, afterConfiscation: hit.end) else { continue }
            // The amount follows at once (人民币, 金额为 between): not across a comma or another
            // penalty (`没收违法所得和罚款3.37万元`).
            var digit = proceeds
            while digit - proceeds < 8, let scalar = scanner[digit], !ChineseNumeral.isNumeralCharacter(scalar),
                !amountBarriers.contains(scalar)
            {
                digit += 1
            }
            if let barrier = scanner[digit], amountBarriers.contains(barrier) { continue }
            if let amount = firstAmount(in: scanner, from: digit, within: 14) { return amount }
        }
        return nil
    }

}

extension FactInference {
    /// Whether what stands at `position` is proposed (`拟没收`, `擬`): 拟 in the twelve characters
    /// before it, within its clause.
    static func proposed(_ scanner: TextScanner, at position: Int) -> Bool {
        var index = position - 1
        while index >= max(0, position - 12), let scalar = scanner[index], !clauseEnds.contains(scalar) {
            if scalar == "拟" || scalar == "擬" { return true }
            index -= 1
        }
        return false
    }

    /// Whether the sentence before `position` counts cases (`全市共查处案件1200件,没收违法所得…`,
    /// `今年以来累计…`): a report's statistics, not one decision.
    static func countsCases(_ scanner: TextScanner, before position: Int) -> Bool {
        let start = sentenceStart(before: position, in: scanner)
        return !scanner.occurrences(of: statisticsWords, in: start..<position).isEmpty
    }

    /// Whether a text without a recognised title is a penalty decision: it speaks to its subject
    /// (`你单位`, a `当事人:` label), imposes a penalty (not one proposed, `拟`) and tells the
    /// remedies a decision must state (行政复议, 如不服) or spoke to it already in its findings
    /// (`发现你单位实施了以下…行为`, before what it decides: a 公示 page quotes only the decided
    /// part, `现对你公司…处以`), or carries a decision's 文号 unlabelled, as a decision heads itself
    /// (`津市环罚字〔2023〕231号`, `豫0523環罰決字〔2025〕9號`; not a notice's `罚告字`). News and 公示
    /// pages do not; a text with a 公示 table's fields (`决定书文号`, `处罚决定日期`) quotes a decision.
    /// A decision's own section heading (`二、行政处罚的依据、种类`) suffices where the page was cut
    /// before the penalty.
    static func isUntitledDecision(
        _ body: TextScanner, decided: [Range<Int>], kinds: [String], labeledSubject: Bool, publicityFields: Bool, number: String?,
        sectionHeadings: [TextScanner.LabelHit]
    ) -> Bool {
        // What is proposed (`拟`) or recommended for review (`建议作出以下决定:`) is not decided yet.
        guard !decided.contains(where: { body.string($0).contains(where: { $0 == "拟" || $0 == "擬" }) }),
            body.occurrences(of: recommendedDecisionWords).isEmpty
        else { return false }
        let words = body.occurrences(of: decisionMarks)
        let spokenTo = words.contains { $0.label < secondPersonCount }
        let spokenToInFindings = !publicityFields && words.contains { $0.label < secondPersonCount && $0.at < (decided.first?.lowerBound ?? 0) }
        let remedies = words.contains { $0.label >= secondPersonCount }
        let sectionHeading = sectionHeadings.contains { !proposed(body, at: $0.at) }
        return (spokenTo || labeledSubject)
            && ((remedies || spokenToInFindings) && !kinds.isEmpty || sectionHeading || number.map(isDecisionNumber) == true)
    }

    /// Whether a number is a permit's: its type word, before the year, says so (`农种许字`,
    /// `许可`) and names no penalty; 许 opening it is 许昌's (`许市监罚〔2023〕12号`).
    static func isPermitNumber(_ number: String) -> Bool {
        // Most numbers hold no 许 at all: one byte search before reading the type word.
        guard number.containsFast("许") || number.containsFast("許"), let year = number.firstIndex(where: { $0.isASCII && $0.isNumber }) else {
            return false
        }
        let typeWord = number[..<year]
        return ["许字", "許字", "许可", "許可"].contains(where: typeWord.contains) && !typeWord.contains(where: { $0 == "罚" || $0 == "罰" })
    }

    /// Whether a 文号 is a penalty decision's: its type word holds 罚 and no word of another
    /// document (告知, 听证, 通知, 责令改正, 催告, 缴款, 强制).
    static func isDecisionNumber(_ number: String) -> Bool {
        // The type word stands before the year (`湘(岳)文执罚网字〔2021〕`: a bracket may come earlier).
        let characters = Array(number)
        guard
            let year = characters.indices.first(where: { index in
                index + 4 <= characters.count && characters[index..<(index + 4)].allSatisfy(\.isASCII)
                    && characters[index..<(index + 4)].allSatisfy(\.isNumber)
                    && (characters[index] == "1" || characters[index] == "2")
            })
        else { return false }
        let typeWord = characters[..<year]
        return typeWord.contains(where: { $0 == "罚" || $0 == "罰" }) && !typeWord.contains(where: { "告听聽通知改催缴繳强強".contains($0) })
    }

}
