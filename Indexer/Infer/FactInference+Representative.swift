import JuanzongCore

/// The person who answers for the subject: 法定代表人, 负责人, 经营者, 投资人, 执行事务合伙人.
extension FactInference {

    /// The name after the first representative label that is followed by a person's name:
    /// `法定代表人:朱家源`, `法定代表人(负责人)姓名:郭*西`, `法定代表人或负责人:张忠华`,
    /// `法人/負責人:王某權`, `法定代表人龍某罚款…` (no colon: then the name must end at a
    /// delimiter). Masked names (`刘*`, `柳**`, `***`) are kept as published.
    static func representative(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> String? {
        for hit in found {
            var index = hit.end
            // What may stand between the label and the name: `(负责人、经营者)`, `或负责人`, `/負責人`, `姓名`.
            var skipped = true
            while skipped {
                skipped = false
                // `?` stands where a converter lost characters (`法人代表(負責人):???鐘國芳`).
                while let scalar = scanner[index], TextScanner.isSpace(scalar) || scalar == "?" { index += 1 }
                if let scalar = scanner[index], CaseNumber.openBrackets.contains(scalar) {
                    var close = index + 1
                    while let inner = scanner[close], !CaseNumber.closeBrackets.contains(inner), close - index < 14 { close += 1 }
                    if scanner[close].map(CaseNumber.closeBrackets.contains) == true {
                        index = close + 1
                        skipped = true
                    }
                }
                let ahead = scanner.string(index..<min(scanner.scalars.count, index + 5))
                if let filler = representativeFillers.first(where: ahead.hasPrefix) {
                    index += filler.unicodeScalars.count
                    skipped = true
                }
            }
            var colon = false
            while let scalar = scanner[index], TextScanner.isSpace(scalar) || scalar == ":" || scalar == "：" || scalar == "|" || scalar == "?" {
                colon = colon || scalar != " " && scalar != "\u{3000}"
                index += 1
            }
            // A form whose label and value stand on lines of their own (`法定代表人⏎刘利荣⏎`).
            let labelLine = index == scanner.scalars.count || scanner[index].map(TextScanner.isLineBreak) == true
            let ownLine = !colon && labelLine && (hit.at == 0 || scanner[hit.at - 1].map(TextScanner.isLineBreak) == true)
            if ownLine {
                while let scalar = scanner[index], TextScanner.isLineBreak(scalar) { index += 1 }
                colon = true
            }
            // A name of several parts joins them with a middle dot (`阿***·卡**`).
            var end = index
            var parts = 1
            while let scalar = scanner[end], end - index <= 6 * parts,
                TextScanner.isCJK(scalar) || SubjectNaming.maskCharacters.contains(scalar) || (scalar == "·" && end > index && parts < 3)
            {
                if scalar == "·" { parts += 1 }
                end += 1
            }
            // A label after the name (`刘均职务 ——`) is not part of it.
            if let label = followingLabelScalars.first(where: { end - $0.count - index >= 2 && scanner.hasWord($0, at: end - $0.count) }) {
                end -= label.count
            }
            let next = scanner[end]
            let endsCleanly =
                next.map { TextScanner.isLineBreak($0) || TextScanner.isSpace($0) || "，,；;。、|(（".unicodeScalars.contains($0) } ?? true
                || followingLabelScalars.contains { scanner.hasWord($0, at: end) }
            guard end - index >= 2, end - index <= 5 * parts, endsCleanly || colon && end - index <= 4 * parts else { continue }
            let name = scanner.string(index..<end)
            let masked = name.unicodeScalars.contains(where: SubjectNaming.maskCharacters.contains)
            // A line under the label is a name only if it reads as one (`基本情况` is a heading), and
            // so is a name without a colon (`旅游经营者合法权益`, `部门负责人批准后` name no one).
            guard masked || SubjectNaming.looksLikePerson(name) && (colon && !ownLine || SubjectNaming.startsWithSurname(name)),
                !notRepresentatives.contains(where: name.hasPrefix)
            else { continue }
            // Without a colon the name must end where its clause does.
            if !colon && !endsCleanly { continue }
            return name
        }
        return nil
    }

}
