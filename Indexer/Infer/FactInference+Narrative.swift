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

    /// The organisation a report names as the one dealt with: `对某某有限公司作出行政处罚`,
    /// `发现某某有限公司未如实记录…`,
    /// `对某某有限公司进行了调查`, `针对某某有限公司…问题`, or at the start of a clause `…,某某印刷厂因违反《…》`,
    /// `某某禅寺未办理…`, `某某经济社于2020年…`, `某某有限公司等1254家企业…`.
    static func organisationInNarrative(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> String? {
        for hit in found.sorted(by: { $0.at < $1.at }) {
            let name: String?
            if hit.label < namePrecedingWords.count {
                // `对`, `给予` or `发现` then the name then a verb of dealing with it, the penalty or
                // what it did (`发现某某有限公司未如实记录…`).
                // `给予了某某公司罚款`: the name starts after 了.
                // `发现,某某有限公司…`: the name starts after the comma.
                let start = scanner[hit.end] == "了" || scanner[hit.end] == "," || scanner[hit.end] == "，" ? hit.end + 1 : hit.end
                var end = start
                while let scalar = scanner[end], TextScanner.isCJK(scalar) || "()（）".unicodeScalars.contains(scalar), end - start < 40 { end += 1 }
                let verbs = scanner.occurrences(of: dealingVerbs, in: start..<end).map(\.at).sorted()
                // Without such a verb, or where what stands before it is no name (`对某某有限公司统计数据质量进行稽查`),
                // a company's name ends at its 公司 (`针对某某有限公司大气污染违法问题`).
                let company = scanner.occurrences(of: companyEnding, in: start..<end).last.map(\.end)
                let beforeVerb = verbs.first.flatMap { SubjectNaming.endsAsOrganisation(scanner.string(start..<$0)) ? $0 : nil }
                name = (organisationEnd(in: scanner, from: start, before: end, verbs: verbs) ?? beforeVerb ?? company ?? verbs.first).map {
                    scanner.string(start..<$0)
                }
            } else {
                // The clause before `因违反`: back to a comma, a full stop or the line's start,
                // adverbs between (`某公司近期因…`) left out.
                // Most of these words follow no organisation's name: its last character tells.
                var end = hit.at
                end = start(ofAdverbsEndingAt: end, in: scanner)
                guard let last = scanner[end - 1], SubjectNaming.organisationFinals.contains(last) else { continue }
                var start = end
                while let scalar = scanner[start - 1], TextScanner.isCJK(scalar) || "()（）".unicodeScalars.contains(scalar), end - start < 40 {
                    start -= 1
                }
                name = scanner.string(start..<end)
            }
            // `对当事人某某饭馆…` names it after its label; `对当事人经营场所`, `位于…的某公司` name a place.
            // `对施工单位(九冶建设有限公司)处罚`: a role with the name in brackets after it.
            let trimmed = name.map { name in
                var named = narrativeLabels.first(where: name.hasPrefix).map { String(name.dropFirst($0.count)) } ?? name
                // `对位于某路的某商行进行检查`: the name follows the place.
                if named.hasPrefix("位于") || named.hasPrefix("位於"), let of = named.lastIndex(of: "的") {
                    named = String(named[named.index(after: of)...])
                }
                guard let open = named.lastIndex(where: { $0 == "(" || $0 == "（" }), !named[open...].contains(where: { $0 == ")" || $0 == "）" })
                else {
                    return named
                }
                return String(named[named.index(after: open)...])
            }
            // `隆回縣一美容會所` (a beauty parlour of the county) stands for a name the report withholds.
            if let name = trimmed, name.count >= 5, !narrativeNotNames.contains(where: name.containsFast), !withholdsName(name),
                let plausible = SubjectNaming.subjectName(name), SubjectNaming.endsAsOrganisation(plausible)
            {
                return plausible
            }
        }
        return nil
    }

    /// Where the adverbs (`actAdverbs`) standing right before `end` start (`end` if none do).
    static func start(ofAdverbsEndingAt end: Int, in scanner: TextScanner) -> Int {
        var start = end
        while let adverb = actAdverbs.first(where: { scanner.hasWord($0, at: start - $0.count) }) { start -= adverb.count }
        return start
    }

    /// Where the first name ending as organisations' do ends, from `start`, when what follows
    /// is what it did or what was done to it (`对某某有限公司经营场所进行检查`,
    /// `对某某网吧允许未成年人进入…`, `對某某購物超市銷售的泥鰍`).
    /// `verbs`: where the dealing verbs stand in `start..<end`, in order.
    static func organisationEnd(in scanner: TextScanner, from start: Int, before end: Int, verbs: [Int]) -> Int? {
        guard end - start > 4 else { return nil }
        for position in (start + 5)..<end where SubjectNaming.organisationFinals.contains(scanner.scalars[position - 1]) {
            guard organisationFollowerScalars.contains(where: { scanner.hasWord($0, at: position, before: end) }) else { continue }
            // A name going on to its company (`对某某农贸市场经营管理有限公司进行检查`) ends there.
            let verb = verbs.first { $0 >= position } ?? end
            if scanner.string(position..<verb).hasSuffix("公司") { continue }
            if SubjectNaming.endsAsOrganisation(scanner.string(start..<position)) { return position }
        }
        return nil
    }

    /// The organisation the case a `案件名称` label names opens with.
    static func subjectInCaseName(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> String? {
        scanner.labeledValue(Labels.caseName, found: found, stopAt: Labels.nameDelimiters).flatMap(organisationOpening)
    }

    /// `name` as the text writes it in full, with its place before it (`哈尔滨市道外区某牛肉批发部`
    /// in the account of a report headed `道外区某牛肉批发部经营不合格食品案`; `宿迁市环保局` for the
    /// `市环保局` of its next sentence): the longest place's name of one or two units (`泰興市`,
    /// `哈尔滨市道外区`; a name opening with a unit has its place's name alone before it) standing
    /// before one of its writings, after a word that ends a phrase (`供应商为`, `依法對`, a comma or
    /// a line's start).
    static func withItsPlace(_ name: String, in scanner: TextScanner) -> String {
        let written = Array(name.unicodeScalars)
        guard written.count >= 4, let first = written.first else { return name }
        var longest: [Unicode.Scalar] = []
        for index in scanner.scalars.indices where scanner.scalars[index] == first && scanner.hasWord(written, at: index) {
            // Back over Han characters to the word that ends a phrase, at most twelve of them.
            var start = index
            while start > 0, index - start < 12, let previous = scanner[start - 1], TextScanner.isCJK(previous),
                !placeOpeners.contains(previous)
            {
                start -= 1
            }
            guard start < index, scanner[start - 1].map({ !TextScanner.isCJK($0) || placeOpeners.contains($0) }) ?? true else { continue }
            // A name opening with a unit (`市环保局`) takes its unit into the place (`宿迁` + `市`).
            let before = Array(scanner.scalars[start..<index])
            let place = before + (AgencyName.isPlaceUnit(first) ? [first] : [])
            // A place of four characters before its unit, named here only, may hold a verb not
            // known to end a phrase (`,查处泰興市`): most places' own names are two or three long.
            // A province alone is no part of a name that names its county (`贵州省` + `遵义县…`).
            guard before.count > longest.count, place.last != "省",
                isPlaceName(place, longestOwnName: 3) || isPlaceName(place) && scanner.count(of: place) > 1
            else { continue }
            longest = before
        }
        return longest.isEmpty ? name : String(String.UnicodeScalarView(longest + written))
    }

    /// Whether `place` is a place's name of one to three units, each after two to
    /// `longestOwnName` characters of its own (`泰興市`, `杭州市西湖区`, `江苏省宿迁市`; a unit's
    /// character inside a name, as in `杭州`, ends nothing).
    static func isPlaceName(_ place: [Unicode.Scalar], longestOwnName: Int = 4) -> Bool {
        var segments = 0, length = 0
        for scalar in place {
            if length >= 2, AgencyName.isPlaceUnit(scalar) {
                segments += 1
                length = 0
            } else {
                length += 1
                if length > longestOwnName { return false }
            }
        }
        return length == 0 && (1...3).contains(segments)
    }

    /// The organisation opening a report's heading that names a case (`威远轻舟运输有限公司逃避监管排污案`,
    /// `一、某某有限公司未按规定…案`): a short line of its own ending in 案, its list number set aside.
    static func subjectInCaseHeading(in scanner: TextScanner) -> String? {
        for line in scanner.firstLines(in: 0..<min(scanner.scalars.count, 3000), limit: 60)
        where line.hasSuffix("案") && line.hasAtMostCharacters(40) && !line.contains(where: { "。，,:：".contains($0) }) {
            var heading = Substring(line)
            if let label = Labels.caseNameWords.first(where: line.hasPrefix) { heading = heading.dropFirst(label.count) }
            if isNumberedItem(line), let mark = heading.firstIndex(where: { $0 == "、" || $0 == ")" || $0 == "）" || $0 == "." }) {
                heading = heading[heading.index(after: mark)...]
            }
            if let name = organisationOpening(String(heading).trimmedSpaces) { return name }
        }
        return nil
    }

    /// The organisation a case's name opens with, before what it did
    /// (`某某土产经营部经营假农药案`, `十堰某某路业有限公司非法占地`): the first head ending as
    /// organisations' names do; a company ends at its first 公司 (but for a 分公司), another
    /// ending only where no 公司 follows before what the case says it did
    /// (`某某农贸市场经营管理有限公司…`).
    static func organisationOpening(_ caseName: String) -> String? {
        let scalars = Array(caseName.unicodeScalars)
        let company = Array("公司".unicodeScalars), branch = Array("分公司".unicodeScalars)
        func has(_ word: [Unicode.Scalar], at index: Int) -> Bool {
            index >= 0 && index + word.count <= scalars.count && scalars[index..<(index + word.count)].elementsEqual(word)
        }
        for position in 5..<max(5, scalars.count + 1) where SubjectNaming.organisationFinals.contains(scalars[position - 1]) {
            let head = String(String.UnicodeScalarView(scalars[..<position]))
            guard SubjectNaming.endsAsOrganisation(head) else { continue }
            if has(company, at: position - 2) {
                // A branch's name goes on to its 分公司 (`某某有限公司石家庄分公司`).
                if let next = (position..<scalars.count).first(where: { has(branch, at: $0) }),
                    !caseConductScalars.contains(where: { word in (position..<next).contains { has(word, at: $0) } })
                {
                    continue
                }
            } else if let next = (position..<scalars.count).first(where: { has(company, at: $0) }),
                !caseConductScalars.contains(where: { word in (position..<next).contains { has(word, at: $0) } })
            {
                continue
            }
            // A head holding a clause's words (`张某在某某餐饮店…`) is the case's story, not a name.
            return clauseWords.contains(where: head.contains) ? nil : SubjectNaming.subjectName(head)
        }
        return nil
    }

    /// Whether `name` is a report's stand-in for a withheld one: `一` after the place (`龙口市一机械配件厂`).
    static func withholdsName(_ name: String) -> Bool {
        guard let index = name.firstIndex(of: "一"), index > name.startIndex else { return name.hasPrefix("一") }
        return "市县縣区區镇鎮乡鄉村街".contains(name[name.index(before: index)])
    }
}

extension FactInference {
    /// The person a report names with a mask (`吴某雄因涉嫌…`, `驾驶员张某作出…`, `村民閆某某`):
    /// the first surname followed by 某, with 某, 甲, 乙 after it, or a third character the text
    /// repeats with it. Not someone named in a role beside the subject (负责人李某, 证人王某).
    static func maskedPersonInReport(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> String? {
        let scalars = scanner.scalars
        for hit in found.sorted(by: { $0.at < $1.at }) where hit.at > 0 {
            let first = scalars[hit.at - 1]
            guard SubjectNaming.surnameScalars.contains(first),
                !(hit.at >= 2 && TextScanner.isCJK(scalars[hit.at - 2]) && !roleEndings.contains(scalars[hit.at - 2]))
            else { continue }
            let before = scanner.string(max(0, hit.at - 5)..<(hit.at - 1))
            guard !maskedPersonRoles.contains(where: before.hasSuffix) else { continue }
            var end = hit.end
            while let scalar = scanner[end], "某甲乙丙丁".unicodeScalars.contains(scalar), end - hit.at < 3 { end += 1 }
            if end == hit.end, let third = scanner[end], TextScanner.isCJK(third),
                found.contains(where: { $0.at != hit.at && $0.at > 0 && scalars[$0.at - 1] == first && scanner[$0.end] == third })
            {
                end += 1
            }
            let name = scanner.string((hit.at - 1)..<end)
            if SubjectNaming.startsWithSurname(name) { return name }
        }
        return nil
    }

    /// The agency a report names as acting: the name (ending as agencies' names end) that opens
    /// the clause before `对`, `于`, `依法`, `决定` (`…,朝阳区环保局对其处以1000元罚款`,
    /// `市应急局依法决定给予…`, `某某大队执法人员在…`), without a leading `近日`.
    static func agencyInNarrative(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> String? {
        var government: String?
        for hit in found.sorted(by: { $0.at < $1.at }) {
            // An agency's officers may follow its name after 的 (`某区食品药品监督管理局的执法人员`).
            var end = hit.label >= actingWords.count && scanner[hit.at - 1] == "的" ? hit.at - 1 : hit.at
            // Adverbs may stand between the name and its act (`某局近日已对…`).
            end = start(ofAdverbsEndingAt: end, in: scanner)
            // Most of these words follow no agency's name: its last character tells.
            guard let last = scanner[end - 1], agencyFinals.contains(last) || last == ")" || last == "）" else { continue }
            var start = end
            while let scalar = scanner[start - 1], TextScanner.isCJK(scalar) || "()（）".unicodeScalars.contains(scalar), end - start < 30 {
                start -= 1
            }
            // A time before the name (`10時00分鄂溫克族自治旗…大隊`) is not part of it.
            if let previous = scanner[start - 1], TextScanner.isASCIIDigit(previous), let first = scanner[start],
                "年月日时時分秒".unicodeScalars.contains(first)
            {
                start += 1
            }
            // A masked name (`****环境局`) is no name.
            if let previous = scanner[start - 1], SubjectNaming.maskCharacters.contains(previous) { continue }
            var candidate = scanner.string(start..<end)
            // The officers of a branch (`某市生态环境局某分局执法人员`) investigate for the agency
            // that decides, which the text does not name here.
            if hit.label >= actingWords.count, candidate.hasSuffix("分局") { continue }
            if let lead = agencyLeadWords.first(where: candidate.hasPrefix) { candidate = String(candidate.dropFirst(lead.count)) }
            // A passive clause names the agency after 被 (`…罪被石狮市公安局依法处以…`), a finished
            // verb after 了 (`…官網公開了保定市生態環境局對…`).
            if let verbEnd = candidate.lastIndex(where: { $0 == "被" || $0 == "了" }) {
                candidate = String(candidate[candidate.index(after: verbEnd)...])
            }
            // A report puts the province before a city's or county's agency (`湖南省浏阳市应急管理局`):
            // the agency's name is without it.
            candidate = AgencyName.withoutProvince(candidate, among: provinces)
            // An agency acting through another (`哈市环保局责成哈市环境监察支队依法…`) is the one that decides.
            if let order = agencyDelegations.lazy.compactMap({ candidate.range(of: $0) }).first {
                candidate = String(candidate[..<order.lowerBound])
            }
            guard let name = agencyName(candidate, governments: true), !agencyNotNames.contains(where: name.containsFast) else { continue }
            // A government acting (`某市人民政府依法成立了事故调查组`) decides only when no department does.
            guard governmentSuffixes.contains(where: name.hasSuffix) else { return name }
            if government == nil { government = name }
        }
        return government
    }

}
