import JuanzongCore

/// Amounts: the fine read around each 罚款, sums and factors, amounts in words and digits.
extension FactInference {
    /// The fine, read around each 罚款 of the text:
    /// - before it, in its clause, the last amount when the clause decides (`处以2000元罚款`,
    ///   `两项合计6565元(陆仟伍佰陆拾伍元整)的罚款`, `(2284平方米X20元=45680元)的罚款`);
    /// - after it, the first amount within 40 characters when the clause decides, names the sum
    ///   (`罚款人民币…`, `罚款金额为…`), lists it (`2.罚款5000元`, `| 罚款1000元 |`) or ends as a
    ///   penalty does (`罚款39.6万元的行政处罚`).
    /// A statutory range (`五百元以上一千元以下`) or a rate (`每平方米28元`) is no fine.
    /// `decidedOnly`: no other amount (a 公示 page, a news report); else the first amount after a 罚款.
    static func penaltyAmount(in scanner: TextScanner, fines: [TextScanner.LabelHit], decidedOnly: Bool = false) -> Double? {
        var decidedAmount: Double?, fallback: Double?
        // Every fine found as decided, and those listed as numbered items (`1.罚款人民币218元;…`).
        var decidedAmounts: [Double] = [], listedAmounts: [Double] = []
        for position in fines.map(\.at) {
            // A statute quoted (`“…并处违法所得3倍以下罚款,但最高不得超过20000元”`) or restated as a
            // range (`处五千元以上五万元以下的罚款`) fines no one.
            let before = scanner.string(max(0, position - 3)..<position)
            if insideQuotation(scanner, at: position) || rangeBounds.contains(where: before.hasSuffix) { continue }
            let clauseStart = clauseStart(in: scanner, before: position, notBefore: position - 60)
            let clause = scanner.string(clauseStart..<position)
            let decided = decisiveWords.contains(where: clause.containsFast)
            // Several fines summed up (`合计…,并处罚款6164.1元`, `共计处以罚款…`) in the sentence: the sum is the fine.
            var sentenceStart = clauseStart
            while sentenceStart > max(0, position - 60), let previous = scanner[sentenceStart - 1], previous != "。", previous != "；",
                !TextScanner.isLineBreak(previous)
            { sentenceStart -= 1 }
            let total = totalWords.contains(where: scanner.string(sentenceStart..<position).containsFast)
            // The clause is the 罚款 alone, or a numbered item of it: a listed penalty.
            let listed = clause.allSatisfy { $0 == " " || $0 == "\u{3000}" || $0 == "." || $0 == "、" || $0 == "(" || $0 == ")" || $0.isNumber }
            var found: Double?
            if decided,
                let amount = lastAmount(
                    in: scanner, from: afterConfiscatedAmounts(in: scanner, from: clauseStart, before: position), before: position)
            {
                found = amount
            } else if let (amount, end) = amount(in: scanner, from: position + 2, within: 40) {
                let after = scanner.string(from: position + 2, length: 10)
                // The fines decided above summed up (`上述罚款共计壹万伍仟叁佰元整`).
                if totalWords.contains(where: after.hasPrefix), let largest = decidedAmounts.max(), amount >= largest { return amount }
                let endsAsPenalty = ["的行政处罚", "的行政處罰", "的处罚", "的處罰", "的当场行政处罚", "的當場行政處罰"].contains(
                    where: scanner.string(end..<min(scanner.scalars.count, end + 8)).hasPrefix)
                if decided || listed || endsAsPenalty || ["人民币", "人民幣", "金额为", "金額為", "为人民币"].contains(where: after.hasPrefix) {
                    found = amount
                } else if fallback == nil {
                    fallback = amount
                }
            }
            guard let found else { continue }
            if total { return found }
            if let sum = totalAfter(in: scanner, fineAt: position, atLeast: found) { return sum }
            if decidedAmount == nil { decidedAmount = found }
            decidedAmounts.append(found)
            // A numbered item of a decision's list (not a report's retelling of several cases).
            let numbered =
                clause.contains(where: \.isNumber)
                || scanner[clauseStart - 1] == "、"
                    && scanner[clauseStart - 2].map { TextScanner.isASCIIDigit($0) || ChineseNumeral.digit($0) != nil } == true
            if listed, numbered { listedAmounts.append(found) }
        }
        return (decidedOnly ? nil : total(decided: decidedAmounts, listed: listedAmounts)) ?? decidedAmount ?? (decidedOnly ? nil : fallback)
    }

    /// The fine of a decision that fines several acts: the amount that is the sum of the others
    /// it decides (`1.罚款300元 … 2.罚款50元 … 3.罚款50元 … 合并 罚款400元`), else the sum of its
    /// numbered items; nil when it decides one fine.
    static func total(decided: [Double], listed: [Double]) -> Double? {
        func sumOfOthers(_ amounts: [Double]) -> Double? {
            guard let largest = amounts.max() else { return nil }
            return abs(amounts.reduce(0, +) - 2 * largest) < 0.005 ? largest : nil
        }
        if decided.count >= 3, let largest = sumOfOthers(decided) { return largest }
        guard listed.count >= 2 else { return nil }
        return sumOfOthers(listed) ?? listed.reduce(0, +)
    }

    /// Where the clause ending at `position` starts: back to a clause's end (`clauseEnds`), at most
    /// to `limit`.
    static func clauseStart(in scanner: TextScanner, before position: Int, notBefore limit: Int) -> Int {
        var start = position
        while start > max(0, limit), let previous = scanner[start - 1], !clauseEnds.contains(previous) { start -= 1 }
        return start
    }

    /// Whether `scalar` is the yuan (元, 圆, 圓).
    static func isYuan(_ scalar: Unicode.Scalar?) -> Bool { scalar == "元" || scalar == "圆" || scalar == "圓" }

    /// Where a fine's clause holds its amount: after any amount confiscated in it
    /// (`同时没收其违法所得27676元⏎没收药品及器械一批⏎并给予其罚款60000元`, joined into one clause).
    static func afterConfiscatedAmounts(in scanner: TextScanner, from start: Int, before stop: Int) -> Int {
        var after = start
        for hit in scanner.occurrences(of: confiscation, in: start..<stop) {
            if let (_, end) = amount(in: scanner, from: hit.end, within: stop - hit.end, endingBefore: stop) { after = max(after, end) }
        }
        return after
    }

    /// A total stated right after a fine, in its sentence or opening the next
    /// (`每平方米100元罚款共计42298元`, `…罚款,计196813元。两项共计364753元`): never less than the fine,
    /// and of fines alone: none after an amount confiscated (`没收广告费用2100元。并处…罚款8400元;以上合计10500元`).
    static func totalAfter(in scanner: TextScanner, fineAt position: Int, atLeast part: Double) -> Double? {
        var sentences = 0
        for index in position..<min(scanner.scalars.count, position + 60) {
            if scanner[index] == "。" || scanner[index] == "；" {
                sentences += 1
                if sentences > 1 { return nil }
            }
            // The sum starts at once; one of 罚没款 or after an amount confiscated sums a confiscation too.
            guard let word = totalScalars.first(where: { scanner.hasWord($0, at: index) }),
                !fineAndConfiscationSums.contains(where: scanner.string(max(0, index - 3)..<index).containsFast),
                afterConfiscatedAmounts(in: scanner, from: max(0, position - 60), before: index) == max(0, position - 60),
                let (sum, _) = amount(in: scanner, from: index + word.count, within: 4), sum >= part
            else { continue }
            return sum
        }
        return nil
    }

    /// A fine given as a penalty of an amount, the amount before the penalty
    /// (`决定给予某公司1.5万元行政处罚`, `给予该企业处人民币贰万元整的行政处罚`): in a clause that gives
    /// or imposes it, not an amount confiscated, outside quoted statute text.
    static func amountGivenAsPenalty(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> Double? {
        for hit in found where !insideQuotation(scanner, at: hit.at) {
            // Back over `行政`, `当场`, `的`, `整` and spaces to the yuan (`500元整的当场行政处罚`).
            var yuan = hit.at
            while true {
                if let word = penaltyQualifierScalars.first(where: { scanner.hasWord($0, at: yuan - $0.count) }) {
                    yuan -= word.count
                } else if let scalar = scanner[yuan - 1], scalar == "的" || scalar == "整" || TextScanner.isSpace(scalar) {
                    yuan -= 1
                } else {
                    break
                }
            }
            guard isYuan(scanner[yuan - 1]) else { continue }
            let clauseStart = clauseStart(in: scanner, before: yuan - 1, notBefore: hit.at - 60)
            let clause = scanner.string(clauseStart..<hit.at)
            guard penaltyDecidingVerbs.contains(where: clause.containsFast), !fineAndConfiscationSums.contains(where: clause.containsFast) else {
                continue
            }
            let start = afterConfiscatedAmounts(in: scanner, from: clauseStart, before: yuan)
            if let amount = lastAmount(in: scanner, from: start, before: yuan) { return amount }
        }
        return nil
    }

    /// A fine written as a penalty of an amount without the word 罚款 (`作出对该企业处罚壹万叁仟元`,
    /// `对施工单位处罚10万元`, `行政处罚人民币伍仟元整`): the amount right after 处罚, outside quoted
    /// statute text.
    static func amountPenalised(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> Double? {
        for hit in found where !insideQuotation(scanner, at: hit.at) {
            var start = hit.end
            if let currency = currencyWords.first(where: { scanner.hasWord($0, at: start) }) { start += currency.count }
            if scanner[start] == "¥" || scanner[start] == "￥" { start += 1 }
            // The amount starts at once and its unit follows it (`处罚156起,罚没款320万元` is none).
            var end = start
            while let scalar = scanner[end], ChineseNumeral.isNumeralCharacter(scalar) || scalar == "." || scalar == "," { end += 1 }
            var unit = end
            while let scalar = scanner[unit], TextScanner.isSpace(scalar) || scalar == "万" || scalar == "萬", unit - end < 3 { unit += 1 }
            guard end > start, isYuan(scanner[unit]),
                let (value, _) = amount(in: scanner, from: start, within: unit + 1 - start)
            else { continue }
            return value
        }
        return nil
    }

    /// Whether a factor stands at `position` (`1.9倍`, `三倍`): what precedes it is a base.
    static func isFactor(in scanner: TextScanner, at position: Int) -> Bool {
        var index = position
        while let scalar = scanner[index], ChineseNumeral.isNumeralCharacter(scalar) || scalar == ".", index - position < 5 { index += 1 }
        return index > position && scanner[index] == "倍"
    }

    /// The last amount in `start..<stop` (a rate or a range is none).
    static func lastAmount(in scanner: TextScanner, from start: Int, before stop: Int) -> Double? {
        var last: Double?
        var position = start
        while position < stop, let (value, end) = amount(in: scanner, from: position, within: stop - position, endingBefore: stop) {
            last = value
            position = end
        }
        return last
    }

    static func firstAmount(in scanner: TextScanner, from start: Int, within window: Int, endingBefore stop: Int? = nil) -> Double? {
        amount(in: scanner, from: start, within: window, endingBefore: stop)?.value
    }

    /// The first amount in yuan from `start` within `window` characters, and where it ends.
    static func amount(in scanner: TextScanner, from start: Int, within window: Int, endingBefore stop: Int? = nil) -> (value: Double, end: Int)? {
        var index = start
        let limit = min(start + window, stop ?? scanner.scalars.count, scanner.scalars.count)
        while index < limit {
            let scalar = scanner.scalars[index]
            if scalar == "。" || scalar == "；" || scalar == ";" { return nil }
            if ChineseNumeral.isNumeralCharacter(scalar) || scalar == "¥" || scalar == "￥" {
                var begin = index
                if scalar == "¥" || scalar == "￥" { begin += 1 }
                var end = begin
                while let next = scanner[end],
                    ChineseNumeral.isNumeralCharacter(next) || next == "." || next == ","
                        || next == "，" && scanner[end + 1].map(TextScanner.isASCIIDigit) == true
                { end += 1 }
                let digits = String(String.UnicodeScalarView(scanner.scalars[begin..<end].lazy.filter { $0 != "," && $0 != "，" }))
                var unit = end
                while let next = scanner[unit], TextScanner.isSpace(next), unit - end < 2 { unit += 1 }
                let tenThousands = scanner[unit] == "万" || scanner[unit] == "萬"
                if tenThousands { unit += 1 }
                let unitFollows = isYuan(scanner[unit])
                // A bound of a statutory range, a rate (每平方米28元, 11元/㎡) or nothing at all is not a fine.
                let following = scanner.string(from: unit + 1, length: 2)
                // A step of a computation (`20元=`, `11元×`, a base times a factor `13383元1.9倍罚款`) is not its result.
                let range =
                    ["以上", "以下", "至", "/", "每", "=", "＝", "×", "X", "*"].contains(where: following.hasPrefix)
                    || isFactor(in: scanner, at: unit + 1)
                let rate = scanner.string(max(0, begin - 4)..<begin).containsFast("每")
                if unitFollows || scalar == "¥" || scalar == "￥", !range, !rate, let value = amountValue(digits, tenThousands: tenThousands),
                    value > 0
                {
                    guard unitFollows else { return (value, end) }
                    // Jiao and fen after the yuan (`贰万贰仟玖佰陆拾伍元陆角`): the fen are kept.
                    var cents = 0.0, after = unit + 1
                    for (name, share) in [("角", 0.1), ("分", 0.01)] {
                        if let digit = scanner[after].flatMap(ChineseNumeral.digit), scanner[after + 1] == Unicode.Scalar(name) {
                            cents += Double(digit) * share
                            after += 2
                        }
                    }
                    return (((value + cents) * 100).rounded() / 100, after)
                }
                index = max(end, index + 1)
                continue
            }
            index += 1
        }
        return nil
    }

    static func amountValue(_ text: String, tenThousands: Bool) -> Double? {
        // `22.5万` and `3万` read with their unit inside the numeral characters.
        if let last = text.unicodeScalars.last, last == "万" || last == "萬", !tenThousands {
            let head = String(text.dropLast())
            if !head.isEmpty, head.unicodeScalars.allSatisfy({ TextScanner.isASCIIDigit($0) || $0 == "." }) {
                return amountValue(head, tenThousands: true)
            }
        }
        let factor = tenThousands ? 10_000.0 : 1.0
        if let decimal = Double(
            text.unicodeScalars.map { scalar -> String in
                ChineseNumeral.digit(scalar).map(String.init) ?? String(scalar)
            }.joined()), text.unicodeScalars.allSatisfy({ TextScanner.isASCIIDigit($0) || $0 == "." })
        {
            return decimal * factor
        }
        return ChineseNumeral.value(of: text).map { Double($0) * factor }
    }
}
