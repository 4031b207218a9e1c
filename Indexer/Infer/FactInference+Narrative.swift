import JuanzongCore

/// Subjects named where no label or 文号 introduces them: the addressee heading a decision
/// whose 文号 the page lost, and the organisation a news report or a 公示 sentence names.
extension FactInference {
    /// An addressee line `某某有限公司:` among the first ten lines, when the text speaks to it
    /// (`你单位`, `你公司`, …) or the next line gives its details (统一社会信用代码, 法定代表人, 地址).
    static func openingAddressee(in scanner: TextScanner) -> String? {
        let lines = scanner.firstLines(in: 0..<min(scanner.scalars.count, 1500), limit: 10)
        for (index, line) in lines.enumerated() where line.hasSuffix(":") || line.hasSuffix("：") {
            guard let name = SubjectNaming.subjectName(String(line.dropLast())), SubjectNaming.endsAsOrganisation(name) else { continue }
            let detailFollows = index + 1 < lines.count && detailLabels.contains(where: lines[index + 1].hasPrefix)
            if detailFollows || addressWords.contains(where: { scanner.occurrences(of: $0).isEmpty == false }) { return name }
        }
        return nil
    }

    /// How a decision speaks to its addressee.
    static let addressWords = ["你单位", "你(单位)", "你公司", "你厂", "你店", "你社", "你單位", "你公司", "你廠"].map { TextScanner.Labels([$0]) }

    /// The organisation a report names as the one dealt with: `对某某有限公司作出行政处罚`,
    /// `对某某有限公司进行了调查`, or `…,某某印刷厂因违反《…》` at the start of a clause.
    static func organisationInNarrative(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> String? {
        for hit in found.sorted(by: { $0.at < $1.at }) {
            let word = narrativeWords.words[hit.label]
            let name: String?
            if word.first == "对".unicodeScalars.first!.value || word.first == "對".unicodeScalars.first!.value {
                // `对` then the name then a verb of dealing with it.
                var end = hit.end
                while let scalar = scanner[end], TextScanner.isCJK(scalar) || "()（）".unicodeScalars.contains(scalar), end - hit.end < 40 { end += 1 }
                let run = scanner.string(hit.end..<end)
                name = dealingVerbs.lazy.compactMap { verb in run.range(of: verb).map { String(run[..<$0.lowerBound]) } }.first
            } else {
                // The clause before `因违反`: back to a comma, a full stop or the line's start.
                var start = hit.at
                while let scalar = scanner[start - 1], TextScanner.isCJK(scalar) || "()（）".unicodeScalars.contains(scalar), hit.at - start < 40 { start -= 1 }
                name = scanner.string(start..<hit.at)
            }
            // `对当事人某某饭馆…` names it after its label; `对当事人经营场所`, `位于…的某公司` name a place.
            let trimmed = name.map { name in narrativeLabels.first(where: name.hasPrefix).map { String(name.dropFirst($0.count)) } ?? name }
            if let name = trimmed, name.count >= 5, !narrativeNotNames.contains(where: name.containsFast), let plausible = SubjectNaming.subjectName(name), SubjectNaming.endsAsOrganisation(plausible) {
                return plausible
            }
        }
        return nil
    }

    static let narrativeLabels = ["当事人", "當事人", "被处罚人", "被處罰人", "该", "該"]
    static let narrativeNotNames = ["场所", "場所", "位于", "位於", "的", "当事人", "當事人"]

    /// `对` (before the name) and `因违反`, `因涉嫌` (after it).
    static let narrativeWords = TextScanner.Labels(["对", "對", "因违反", "因違反", "因涉嫌"])
    static let dealingVerbs = ["作出", "作出", "進行", "进行", "开展", "開展", "给予", "給予", "处以", "處以", "实施", "實施", "立案"]
}
