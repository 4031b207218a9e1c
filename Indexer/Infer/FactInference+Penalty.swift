import JuanzongCore

/// What a decision imposes: the parts of the text that decide (`作出如下行政处罚:…`, `处以罚款…`,
/// a 公示 table's `处罚内容 | …`), the kinds of penalty named there and the amount confiscated.
extension FactInference {
    /// Words that open what is decided. A quoted statute (`“…处五百元以上罚款”`) opens nothing.
    static let decisionOpeners = TextScanner.Labels([
        "如下行政处罚", "如下行政處罰", "以下行政处罚", "以下行政處罰", "处罚如下", "處罰如下", "决定如下", "決定如下", "如下处罚", "如下處罰",
        "处罚内容", "處罰內容", "处罚类别", "處罰類別", "处罚种类", "處罰種類", "处罚结果", "處罰結果", "处罚决定", "處罰決定",
        "处以", "處以", "给予", "給予", "并处", "並處", "决定", "決定", "予以", "作出", "作出了",
    ])

    /// Where the decided parts of `scanner`'s text lie: from each opener to the end of its
    /// sentence, or of its list (`如下:` then numbered lines) up to 400 characters on.
    static func decidedParts(in scanner: TextScanner, openers: [TextScanner.LabelHit]) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        // A statute restated without quotation marks allows, it does not decide (`可以并处500元以下罚款`).
        for hit in openers.sorted(by: { $0.at < $1.at }) where !insideQuotation(scanner, at: hit.at) && !mayOnly(scanner, before: hit.at) {
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
                    let next = scanner.string((end + 1)..<min(scanner.scalars.count, end + 4))
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

    /// Whether `可以` or `可` stands right before `position` (`可以并处`, `可处`).
    static func mayOnly(_ scanner: TextScanner, before position: Int) -> Bool {
        scanner[position - 1] == "可" || scanner[position - 2] == "可" && scanner[position - 1] == "以"
    }

    static let decisionPartEnders = ["根据", "根據", "依据", "依據", "本决定", "本決定", "如不服", "当事人", "當事人", "逾期", "限你", "你单位", "你公司"]

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
            for hit in scanner.occurrences(of: penaltyKindLabels, in: part) where !namesAColumn(scanner, after: hit.end) {
                if hit.label < penaltyKindLabelKinds.count {
                    named.insert(penaltyKindLabelKinds[hit.label])
                    continue
                }
                let object = scanner.string(hit.end..<min(scanner.scalars.count, hit.end + 16))
                if objectWords[hit.label - penaltyKindLabelKinds.count].hasPrefix("吊") {
                    // 吊销 of what a licence or an 执照 is (`吊銷上述1254家企業營業執照`), up to its sentence's end.
                    let clause = object.prefix { !"，,；;。".contains($0) }
                    if ["执照", "執照", "许可证", "許可證", "资格证", "資格證"].contains(where: clause.containsFast) { named.insert("吊销许可证件") }
                } else if !object.hasPrefix("违法所得") && !object.hasPrefix("違法所得") {
                    // 没收 of anything but 违法所得 (tools, goods, buildings) takes 非法财物.
                    named.insert("没收非法财物")
                }
            }
        }
        return PenaltyKind.all.filter(named.contains)
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

    /// The words of `penaltyKindWords`, then `objectWords`.
    static let penaltyKindLabels = TextScanner.Labels(penaltyKindWords.flatMap(\.0) + objectWords)
    /// Words whose kind depends on their object: 没收 (违法所得 or property), 吊销 (a licence).
    static let objectWords = ["没收", "沒收", "吊销", "吊銷"]
    /// The kind each word of `penaltyKindLabels` names (but 没收).
    static let penaltyKindLabelKinds = penaltyKindWords.flatMap { words, kind in words.map { _ in kind } }

    /// Words of each kind (Simplified and Traditional), besides 没收 of property.
    static let penaltyKindWords: [([String], String)] = [
        (["警告"], "警告"), (["通报批评", "通報批評"], "通报批评"), (["罚款", "罰款"], "罚款"),
        (["没收违法所得", "沒收違法所得"], "没收违法所得"),
        (["暂扣许可证", "暫扣許可證", "暂扣营业执照", "暫扣營業執照", "暂扣执照", "暫扣執照"], "暂扣许可证件"),
        (["降低资质等级", "降低資質等級"], "降低资质等级"),
        (["吊销许可证", "吊銷許可證", "吊销营业执照", "吊銷營業執照", "吊销执照", "吊銷執照", "吊销食品经营许可证", "吊銷食品經營許可證"], "吊销许可证件"),
        (["限制开展生产经营活动", "限制開展生產經營活動"], "限制开展生产经营活动"),
        (["责令停产停业", "責令停產停業", "责令停业", "責令停業"], "责令停产停业"),
        (["责令关闭", "責令關閉"], "责令关闭"), (["限制从业", "限制從業"], "限制从业"), (["行政拘留", "拘留"], "行政拘留"),
        (["退还非法占用", "退還非法佔用", "退還非法占用", "限期拆除"], "其他"),
    ]

    /// The amount of 没收违法所得 within the decided parts (`没收违法所得人民币5000元`).
    static func confiscatedAmount(in scanner: TextScanner, parts: [Range<Int>]) -> Double? {
        for part in parts {
            for hit in scanner.occurrences(of: confiscationLabels, in: part) {
                // The amount follows at once (人民币, 金额为 between): not across a comma.
                var digit = hit.end
                while digit - hit.end < 8, let scalar = scanner[digit], !ChineseNumeral.isNumeralCharacter(scalar),
                    !"，,、；;。".unicodeScalars.contains(scalar)
                {
                    digit += 1
                }
                if let amount = firstAmount(in: scanner, from: digit, within: 14) { return amount }
            }
        }
        return nil
    }

    static let confiscationLabels = TextScanner.Labels(["没收违法所得", "沒收違法所得"])
}

extension FactInference {
    /// Whether a text without a recognised title is a penalty decision: it speaks to its subject
    /// (`你单位`, a `当事人:` label), imposes a penalty (not one proposed, `拟`) and tells the
    /// remedies a decision must state (行政复议, 如不服), or carries a decision's 文号 unlabelled,
    /// as a decision heads itself (`津市环罚字〔2023〕231号`, `豫0523環罰決字〔2025〕9號`; not a notice's
    /// `罚告字`). News and 公示 pages do not.
    static func isUntitledDecision(_ body: TextScanner, decided: [Range<Int>], kinds: [String], labeledSubject: Bool, number: String?) -> Bool {
        guard !decided.contains(where: { body.string($0).contains(where: { $0 == "拟" || $0 == "擬" }) }) else { return false }
        let words = body.occurrences(of: decisionMarks)
        let spokenTo = words.contains { $0.label < secondPersonCount }
        let remedies = words.contains { $0.label >= secondPersonCount }
        return (spokenTo || labeledSubject) && (remedies && !kinds.isEmpty || number.map(isDecisionNumber) == true)
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

    private static let secondPerson = ["你单位", "你(单位)", "你（单位）", "你公司", "你厂", "你店", "你社", "你單位", "你廠", "你(你单位)"]
    private static let secondPersonCount = secondPerson.count
    /// How a decision speaks to its subject, then the remedies it states.
    static let decisionMarks = TextScanner.Labels(secondPerson + ["行政复议", "行政復議", "如不服"])
}
