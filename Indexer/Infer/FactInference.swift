import Foundation
import JuanzongCore

/// Infers document facts from plain text: type from the title, case number, agency, subject
/// name and identifier, dates, penalty amount and kinds, legal basis articles, officers.
public enum FactInference {
    /// The facts of one document's text: type, title, 文号, agency, subject, dates, penalty, bases, officers.
    public static func infer(text: String, fileName: String, embeddedTitle: String? = nil) -> DocumentFacts {
        let scanner = TextScanner(ConverterDebris.removed(from: text))
        var facts = DocumentFacts()
        // Only the head (title, agency, number) and the tail (signature) are read line by line.
        let count = scanner.scalars.count
        let header = scanner.firstLines(in: 0..<min(count, 600), limit: 8)
        let footer = scanner.lastLines(in: max(0, count - 400)..<count, limit: 8)

        // The first header line holding a title (`title(onLine:)`), the file's own title, its
        // name; a page whose chrome pushed the title below the header holds it further down, alone
        // on its line or after the page's `名称:`/`标题` label, ending as a paper's title does
        // (`…行政处罚决定书`, its 文号 after it).
        let typeNamedOutside = embeddedTitle.flatMap(DocumentType.named(in:)) ?? DocumentType.named(in: fileName)
        let titled =
            header.lazy.compactMap { title(onLine: $0) }.first
            ?? (typeNamedOutside != nil
                ? nil
                : scanner.firstLines(in: 0..<min(count, 2500), limit: 60).lazy.compactMap { line in
                    title(onLine: withoutPageLabel(line)).flatMap { $0.0.hasSuffix("书") || $0.0.hasSuffix("書") ? $0 : nil }
                }.first)
        let titleLine = titled?.0
        facts.docType = titled?.1 ?? typeNamedOutside ?? .other
        // A page's own date (发文日期) dates a document only under its title, not one read as a decision below.
        let typeFromTitleOrName = facts.docType
        facts.title =
            (titleLine ?? embeddedTitle ?? header.first { $0.hasAtMostCharacters(40) } ?? fileName)
            .trimmedSpaces

        let found = caseNumber(in: scanner, permits: facts.docType == .licenseDecision)
        // The labels and words looked for in the whole text, found in one pass.
        let hits = scanner.occurrences(of: Labels.textSearch)
        // Reports and notices cite other documents' numbers; only enforcement documents, a 案号
        // label or a 公示 table with a 文号 column name a case (a table's first row its first).
        facts.caseNumber = facts.docType != .other || found?.labeled == true || !hits[Labels.numberColumn].isEmpty ? found?.number : nil
        // Read only when the agency is not found sooner (most texts name it before).
        var headLines: [String] { scanner.firstLines(in: 0..<min(count, 2000), limit: 30) }
        facts.agency =
            agencyBeforeTitle(in: scanner, titles: hits[Labels.decisionTitle])
            // Not inside a longer word (`被处罚单位:` names the subject).
            ?? scanner.labeledValue(
                Labels.agency, found: hits[Labels.agency].filter { scanner[$0.at - 1] != "被" }, stopAt: Labels.nameDelimiters
            ).flatMap {
                Self.agencyName($0, governments: true)
            }
            ?? agency(header: header) ?? agency(header: footer)
            ?? agencyBeforePageTitle(in: headLines)
            ?? agencyInNarrative(in: scanner, found: scanner.occurrences(of: agencyActs))
            ?? agencyOfOwnDocuments(in: scanner)
            // A page's publisher (来源:) last: the agency acting in its text is more exact.
            ?? scanner.labeledValue(Labels.publisher, found: hits[Labels.publisher], stopAt: Labels.nameDelimiters).flatMap {
                Self.agencyName($0, governments: true)
            }
            ?? agency(header: headLines, governments: true)

        // The subject: named by a label (当事人:, 行政相对人名称: |…|); else the decision's addressee,
        // the line after the 文号 (`某某有限公司:`, or a name followed by its 统一社会信用代码 line);
        // else a person introduced as `韩素红,女,…`; the weak labels 名称/姓名 last.
        // A label inside a quotation (`“生产企业名称:广东药业(广东)有限公司”`) or inside a longer word names someone else.
        let subjectLabels = hits[Labels.subjectName].filter { hit in
            !insideQuotation(scanner, at: hit.at)
                && !(Labels.subjectName.words[hit.label].count == 4 && scanner[hit.at - 1].map(TextScanner.isCJK) == true)
        }
        let labeledOrAddressed =
            labeledSubject(in: scanner, labels: subjectLabels)
            ?? scanner.columnValue(found: subjectLabels, labels: Labels.subjectName).flatMap(SubjectNaming.plausibleName)
            ?? (facts.caseNumber == nil ? nil : found.flatMap { addressee(in: scanner, afterNumberAt: $0.at) })
            ?? openingAddressee(in: scanner)
            ?? organisationBeforeIdentifier(in: scanner, labels: hits[Labels.identifier])
        facts.subjectName =
            labeledOrAddressed
            ?? personIntroduced(in: scanner)
            ?? scanner.labeledValue(
                Labels.weakSubjectName,
                found: hits[Labels.weakSubjectName].filter { hit in
                    // Not `产品名称`, `生产企业名称`, nor inside a quotation.
                    let before = scanner.string(max(0, hit.at - 4)..<hit.at)
                    return !insideQuotation(scanner, at: hit.at) && !Labels.notSubjectNameQualifiers.contains(where: before.hasSuffix)
                }, stopAt: Labels.nameDelimiters
            )
            .flatMap(SubjectNaming.subjectName)
            ?? subjectAfterBareLabel(in: scanner, found: hits[Labels.subjectName])
            ?? subjectInCaseName(in: scanner, found: hits[Labels.caseName])
            // Reports are read last, and only then scanned for their words (`对` is in most texts).
            ?? organisationInNarrative(in: scanner, found: scanner.occurrences(of: narrativeWords))
            ?? maskedPersonInReport(in: scanner, found: scanner.occurrences(of: maskMark))
        facts.subjectIdentifier = identifier(in: scanner, found: hits[Labels.identifier])
        // Labelled, else a 公示 table's column (`… | 法定代表人 | …` above `… | 丁宗仕 | …`).
        facts.representative =
            representative(in: scanner, found: hits[representativeLabels])
            ?? scanner.columnValue(found: hits[representativeLabels], labels: representativeLabels, qualifiers: representativeHeadingQualifiers)
            .flatMap { name in
                let masked = name.unicodeScalars.contains(where: SubjectNaming.maskCharacters.contains)
                return masked && name.count <= 5 || SubjectNaming.looksLikePerson(name) ? name : nil
            }
        facts.subjectAddress = scanner.labeledValue(Labels.address, found: hits[Labels.address], stopAt: Labels.addressDelimiters)
        // A name ending as organisations' do (`…种子门市`) is one, whatever number stands beside it
        // (a 个体工商户 is published with its operator's identity number).
        if let name = facts.subjectName, SubjectNaming.endsAsOrganisation(name) {
            facts.subjectIsPerson = false
        } else if let identifier = facts.subjectIdentifier {
            facts.subjectIsPerson = identifier.identifiesPerson
        } else if let name = facts.subjectName {
            facts.subjectIsPerson = SubjectNaming.looksLikePerson(name)
        }

        // Lines wrapped inside a sentence (PDF layout) are joined for the sentence-level scanners.
        let body = TextScanner(scalars: joinWrappedLines(scanner.scalars))
        let bodyHits = body.occurrences(of: Labels.bodySearch)
        if !DocumentType.keptInCaseFile.contains(facts.docType) {
            let decided = decidedParts(in: body, openers: bodyHits[decisionOpeners])
            facts.penaltyKinds = penaltyKinds(in: body, parts: decided)
            // Proceeds confiscated with their amount are decided ones wherever they stand (a statute
            // states no amount): a report's `该局依法没收该店违法所得950元`, `同時沒收其違法所得27676元`;
            // not a report's statistics (`全市共查处案件1200件,没收违法所得35万元`).
            facts.confiscationYuan =
                confiscatedAmount(in: body, parts: decided)
                ?? confiscatedAmount(
                    in: body,
                    found: bodyHits[confiscation].filter {
                        !insideQuotation(body, at: $0.at) && !proposed(body, at: $0.at) && !countsCases(body, before: $0.at)
                    })
            if facts.confiscationYuan != nil, !facts.penaltyKinds.contains("没收违法所得") {
                facts.penaltyKinds = PenaltyKind.all.filter { $0 == "没收违法所得" || facts.penaltyKinds.contains($0) }
            }
            // A decision whose page lost its title still reads as one.
            if facts.docType == .other,
                isUntitledDecision(
                    body, decided: decided, kinds: facts.penaltyKinds, labeledSubject: subjectLabels.contains { labelsAField(scanner, $0) },
                    publicityFields: !hits[Labels.numberColumn].isEmpty || !hits[Labels.decisionDate].isEmpty,
                    number: found.flatMap { headsDocument(scanner, number: $0.number, at: $0.at) ? $0.number.written : nil })
            {
                facts.docType = .penaltyDecision
            }
        }
        let dates = scanner.dates()
        facts.date = documentDate(
            dates, in: scanner, labeled: hits[Labels.decisionDate] + (typeFromTitleOrName == .other ? [] : hits[Labels.documentPageDate]),
            // A decision read from its wording, with no 文号 to sign below, signs in its second half.
            type: facts.docType, documentStart: found?.at ?? (typeFromTitleOrName == .other ? count / 2 : nil))
        if let filed = scanner.labeledValue(Labels.filingDate, found: hits[Labels.filingDate]).flatMap({ TextScanner($0).dates().first?.date }) {
            facts.filedOn = filed
        }

        let isPenaltyDocument = facts.docType == .penaltyDecision || facts.docType == .penaltyNotice
        // A decision's fine; in other texts (a 公示 page, a news repost) only a fine stated as decided.
        facts.penaltyAmountYuan = penaltyAmount(in: body, fines: bodyHits[Labels.fine], decidedOnly: !isPenaltyDocument)
        if facts.penaltyAmountYuan == nil,
            let amount = amountPenalised(in: body, found: bodyHits[Labels.penaltyWord])
                ?? amountGivenAsPenalty(in: body, found: bodyHits[Labels.penaltyWord])
        {
            facts.penaltyAmountYuan = amount
            facts.penaltyKinds = PenaltyKind.all.filter { $0 == "罚款" || facts.penaltyKinds.contains($0) }
        } else if !facts.penaltyKinds.contains("罚款"), facts.docType == .penaltyDecision, facts.penaltyAmountYuan != nil {
            // A decision's fine whose decided part was not told apart (`现对某公司作出:1.责令…,2.给予罚款…`) fines.
            facts.penaltyKinds = PenaltyKind.all.filter { $0 == "罚款" || facts.penaltyKinds.contains($0) }
        }
        let cited = citedProvisions(in: body, titleOpens: bodyHits[Labels.titleOpen])
        facts.legalBases = cited.applied
        facts.violatedProvisions = cited.violated
        facts.officers = officers(in: scanner, found: hits[Labels.officers])
        if !hits[Labels.summaryProcedure].isEmpty {
            facts.procedure = .summary
        } else if facts.docType == .filingApproval || !hits[Labels.ordinaryProcedure].isEmpty {
            facts.procedure = .ordinary
        }
        facts.caseType = caseType(for: facts.docType, text: header.joined())
        return facts
    }

    /// The value of the first subject label with one, if it is a name; a form's field left empty
    /// (`被处罚人姓名 ——`, `/`) is passed over for the next label.
    static func labeledSubject(in scanner: TextScanner, labels: [TextScanner.LabelHit]) -> String? {
        for hit in labels {
            guard let range = scanner.labeledRange(Labels.subjectName, found: [hit], stopAt: Labels.nameDelimiters) else { continue }
            if let first = scanner[range.lowerBound], emptyFieldMarks.contains(first) { continue }
            return SubjectNaming.plausibleName(scanner.string(withQualifier(scanner, after: range)))
        }
        return nil
    }

    /// Whether a label hit labels a field (`当事人:`, `当事人 |`, a cell before a tab, `⏎　　当事人贾某某,男`
    /// opening its line), not a word of a sentence (`违法用地当事人李某`).
    static func labelsAField(_ scanner: TextScanner, _ hit: TextScanner.LabelHit) -> Bool {
        var start = hit.at
        while let scalar = scanner[start - 1], TextScanner.isSpace(scalar), hit.at - start < 4 { start -= 1 }
        if scanner[start - 1].map(TextScanner.isLineBreak) ?? true { return true }
        var index = hit.end
        while let scalar = scanner[index], scalar == " " || scalar == "\u{3000}", index - hit.end < 4 { index += 1 }
        return scanner[index].map { TextScanner.isLineBreak($0) || ":：|\t".unicodeScalars.contains($0) } ?? true
    }

    /// Whether the 文号 at `position` heads its document: alone on its line, with no label such as
    /// `决定书文号:` in the thirty characters before it (a 公示 table's cell has one).
    static func headsDocument(_ scanner: TextScanner, number: CaseNumber, at position: Int) -> Bool {
        var start = position, end = position + number.written.unicodeScalars.count
        while let scalar = scanner[start - 1], TextScanner.isSpace(scalar) { start -= 1 }
        while let scalar = scanner[end], TextScanner.isSpace(scalar) { end += 1 }
        let alone = (scanner[start - 1].map(TextScanner.isLineBreak) ?? true) && (scanner[end].map(TextScanner.isLineBreak) ?? true)
        let before = scanner.string(max(0, position - 30)..<position)
        return alone && !["文号", "文號", "案号", "案號", "编号", "編號"].contains(where: before.containsFast)
    }

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
        // Tokens before the first sentence, and no label (`违法事实及证据:`).
        let tokens = line.split(separator: " ").prefix { !isSentence($0) }.map(String.init).filter { !$0.hasSuffix(":") && !$0.hasSuffix("：") }
        // A title with its 文号 after it and nothing more: the title is what stands before the
        // number (not `当事人于…收到行政处罚决定书鄂某罚〔2023〕1号后,逾期未履行`).
        let namesPaper = line.containsFast("书") || line.containsFast("書")
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
            line.hasAtMostCharacters(40) && !isSentence(line)
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

    /// Removes line breaks that fall between two characters of running Chinese text or numbers.
    static func joinWrappedLines(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        func running(_ scalar: Unicode.Scalar) -> Bool {
            TextScanner.isCJK(scalar) || ChineseNumeral.digit(scalar) != nil
                || scalar == "《" || scalar == "》" || scalar == "(" || scalar == ")" || scalar == "（" || scalar == "）"
        }
        return scalars.withUnsafeBufferPointer { text in
            func wrapped(_ index: Int) -> Bool {
                text[index] == "\n" && index > 0 && index + 1 < text.count && running(text[index - 1]) && running(text[index + 1])
            }
            // Most texts have no wrapped line: then the array is shared, not copied.
            guard let first = text.indices.first(where: wrapped) else { return scalars }
            var result = Array(text[..<first])
            result.reserveCapacity(text.count)
            for index in (first + 1)..<text.count where !wrapped(index) { result.append(text[index]) }
            return result
        }
    }

    static func caseType(for type: DocumentType, text: String) -> CaseType? {
        switch type {
        case .penaltyDecision, .penaltyNotice, .statementRecord, .hearingRecord: return .penalty
        case .sealingDecision: return .coercion
        case .licenseDecision: return .license
        default:
            if text.containsFast("行政处罚") { return .penalty }
            if text.containsFast("行政许可") { return .license }
            if text.containsFast("行政强制") || text.containsFast("查封") || text.containsFast("扣押") { return .coercion }
            return nil
        }
    }

    // MARK: - Subject

    /// The addressee of a decision: within six lines after the 文号 (found at `position`), a line `某某有限公司:` (first of
    /// several parties `甲、乙:`), or a name line whose next line gives its 统一社会信用代码, 身份证号码,
    /// 法定代表人, 经营者 or 地址.
    static func addressee(in scanner: TextScanner, afterNumberAt position: Int) -> String? {
        var lineEnd = position
        while let scalar = scanner[lineEnd], !TextScanner.isLineBreak(scalar) { lineEnd += 1 }
        let lines = scanner.firstLines(in: min(lineEnd, scanner.scalars.count)..<min(scanner.scalars.count, lineEnd + 800), limit: 6)
        for (index, line) in lines.enumerated() {
            if line.hasSuffix(":") || line.hasSuffix(":") {
                let name = String(line.dropLast()).split(separator: "、").first.map(String.init) ?? ""
                if let plausible = SubjectNaming.subjectName(name) { return plausible }
                continue
            }
            if index + 1 < lines.count, Self.detailLabels.contains(where: lines[index + 1].hasPrefix),
                let plausible = SubjectNaming.subjectName(line)
            {
                return plausible
            }
        }
        return nil
    }

    /// `range` (a name cut at a bracket) with what the bracket adds: a place inside the name that
    /// goes on after it (`巴蜀山河农业发展(重庆)专业合作社`), or a qualifier ending it
    /// (`某某服务站(个体工商户)`).
    static func withQualifier(_ scanner: TextScanner, after range: Range<Int>) -> Range<Int> {
        guard let open = scanner[range.upperBound], open == "(" || open == "（" else { return range }
        var close = range.upperBound + 1
        while let scalar = scanner[close], scalar != ")", scalar != "）", !TextScanner.isLineBreak(scalar), close - range.upperBound < 14 {
            close += 1
        }
        guard let scalar = scanner[close], scalar == ")" || scalar == "）" else { return range }
        let inside = scanner.string((range.upperBound + 1)..<close)
        if !inside.isEmpty, inside.unicodeScalars.allSatisfy(TextScanner.isCJK), let next = scanner[close + 1], TextScanner.isCJK(next) {
            var end = close + 1
            while let scalar = scanner[end], TextScanner.isCJK(scalar) { end += 1 }
            return withQualifier(scanner, after: range.lowerBound..<end)
        }
        return SubjectNaming.isQualifier(inside) ? range.lowerBound..<(close + 1) : range
    }

    /// The subject named right after a 当事人 without a colon, in the narrative of a report or of
    /// a decision that lost its heading (`查获当事人姚志年。`, `当事人李某在未办理…`): the name
    /// of a person (two to four characters) or an organisation, where the sentence goes on right
    /// after it; the name found most often.
    static func subjectAfterBareLabel(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> String? {
        var counts: [String: Int] = [:]
        var order: [String] = []
        // Runs for every bare 当事人 of every document without a better subject: scalars are
        // compared, and a String is made only for a candidate that can be a name.
        let scalars = scanner.scalars
        for hit in found where Labels.subjectName.words[hit.label].count == 3 {
            let start = hit.end
            guard let first = scanner[start], TextScanner.isCJK(first) else { continue }
            var run = start
            while let scalar = scanner[run], TextScanner.isCJK(scalar) || "()（）*＊".unicodeScalars.contains(scalar), run - start < 40 { run += 1 }
            guard run - start >= 2, !bareNameStartScalars.contains(where: { scanner.hasWord($0, at: start, before: run) }) else { continue }
            let mayBePerson = SubjectNaming.surnameScalars.contains(first)
            var chosen: String?
            for end in (start + 2)...run {
                let person = mayBePerson && end - start <= 4
                guard person || SubjectNaming.organisationFinals.contains(scalars[end - 1]),
                    end == run || bareNameFollowerScalars.contains(where: { scanner.hasWord($0, at: end, before: run) })
                else { continue }
                let name = scanner.string(start..<end)
                if person && SubjectNaming.looksLikePerson(name) && SubjectNaming.startsWithSurname(name)
                    || SubjectNaming.endsAsOrganisation(name) && !narrativeNotNames.contains(where: name.containsFast)
                {
                    chosen = name
                    break
                }
            }
            guard let name = chosen.flatMap(SubjectNaming.plausibleName) else { continue }
            if counts[name] == nil { order.append(name) }
            counts[name, default: 0] += 1
        }
        return order.max { counts[$0]! < counts[$1]! }
    }

    /// A person introduced at the start of a line as `韩素红,女,…` (name, then sex).
    static func personIntroduced(in scanner: TextScanner) -> String? {
        let limit = min(scanner.scalars.count, 3000)
        var lineStart = 0
        while lineStart < limit {
            var end = lineStart
            while end < limit, TextScanner.isCJK(scanner.scalars[end]), end - lineStart <= 4 { end += 1 }
            let length = end - lineStart
            if (2...4).contains(length), let comma = scanner[end], comma == "," || comma == ",",
                let sex = scanner[end + 1], sex == "男" || sex == "女", let next = scanner[end + 2], next == "," || next == ","
            {
                return scanner.string(lineStart..<end)
            }
            // The next line.
            var position = lineStart
            while position < limit, !TextScanner.isLineBreak(scanner.scalars[position]) { position += 1 }
            lineStart = position + 1
        }
        return nil
    }

    // MARK: - Case number

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
    /// permit decision (`permits`).
    static func caseNumber(in scanner: TextScanner, permits: Bool = true) -> (number: CaseNumber, labeled: Bool, at: Int)? {
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
            if let title = citedTitle(scanner, beforeNumberAt: start), !["处罚决定书", "處罰決定書"].contains(where: title.containsFast) {
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
            if ["案号", "文号", "编号", "文號", "文书号", "文書號", "決定書", "决定书"].contains(where: label.containsFast)
                || ["行政处罚决定", "行政處罰決定", "处罚决定", "處罰決定", "《行政处罚决定", "《行政處罰決定"].contains(where: after.hasPrefix)
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

    // MARK: - Agency

    /// A header token that names an agency (`governments`: a 人民政府 too).
    static func agency(header: [String], governments: Bool = false) -> String? {
        for line in header {
            for token in line.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }) {
                // A date may stand before or after the name on a signature line
                // (`铜陵市农业农村局2025年6月4日。`, `2024年江永县市场监督管理局`).
                // A page's section (`自然资源局` in its navigation) names no place and no agency.
                for part in token.split(whereSeparator: { $0.isASCII && $0.isNumber || "年月日。".contains($0) }) {
                    if let name = agencyName(String(part), governments: governments), AgencyName.opensWithPlace(name) { return name }
                }
            }
        }
        return nil
    }

    /// The date of the document: a labeled decision date; for a record kept inside a case file
    /// (笔录, 回证, 审批表) the last date it names; a sentence dating the decision; for a decision
    /// or notice the last date standing on a line of its own below its 文号 (at `documentStart`,
    /// when one was found): the date under the signature, 落款; a report or notice (`.other`) has
    /// no 落款 of its decision. Any other date inside a sentence says when something happened, not
    /// when it was decided, and a page cut before its end has no 落款: then no date (precision
    /// before recall).
    static func documentDate(
        _ dates: [(date: DayDate, at: Int)], in scanner: TextScanner, labeled: [TextScanner.LabelHit]?, type: DocumentType,
        documentStart: Int? = nil
    ) -> DayDate? {
        // The label's line up to 40 characters on (`处罚决定日期 | 2023-05-09 |`, `处罚决定日期为…`).
        for hit in labeled ?? [] {
            var end = hit.end
            let start = end
            // Through line breaks between a form's cells (`处罚决定日期⏎|⏎2024 年12月3日`).
            while end - start < 40, let next = scanner[end], next != "\n" || scanner.string(start..<end).containsFast("|") || scanner[end + 1] == "|"
            {
                end += 1
            }
            if let date = TextScanner(scalars: Array(scanner.scalars[start..<end])).dates().first?.date { return date }
        }
        if DocumentType.keptInCaseFile.contains(type) { return dates.last?.date }
        // A sentence that dates the decision (`本局于2025年8月21日依法对你单位作出《行政处罚决定书》`,
        // `于2024年3月28日对当事人下达了行政处罚决定书`, `于2019年11月28日以…号给予吴某某如下处罚`): the
        // date's clause, up to the sentence's or line's end or the next date, decides a penalty; not one
        // proposed or announced (`拟`, `告知`), and not the decision's service (`送达`).
        if let stated = dates.enumerated().first(where: { index, date in
            let next = index + 1 < dates.count ? dates[index + 1].at : Int.max
            var stop = date.at
            while stop < min(next, date.at + 80), let scalar = scanner[stop], scalar != "。", scalar != "；", scalar != ";",
                !TextScanner.isLineBreak(scalar)
            { stop += 1 }
            let clause = scanner.string(date.at..<stop)
            // A penalty given before (`当事人曾于2022年6月1日因同类违法行为被我局给予警告处罚`) is another's.
            let before = scanner.string(max(0, date.at - 6)..<date.at)
            guard !statedDateExclusions.contains(where: clause.containsFast), !earlierWords.contains(where: before.containsFast),
                let verb = penaltyDecidingVerbs.compactMap({ clause.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound })
            else { return false }
            return decidedPenaltyNouns.contains(where: clause[verb.upperBound...].containsFast)
        }) {
            return stated.element.date
        }
        // A date alone on its line signs the document: only below its 文号 (a page's banner and
        // publication dates stand above), and not in a report or notice, whose date is its own.
        guard type != .other else { return nil }
        return dates.last { date in
            guard date.at > documentStart ?? -1 else { return false }
            var start = date.at
            while start > 0, let previous = scanner[start - 1], previous != "\n" { start -= 1 }
            var end = date.at
            while let next = scanner[end], next != "\n" { end += 1 }
            var line = scanner.scalars[start..<end].filter { !TextScanner.isSpace($0) }
            // The agency may sign on the date's line (`铜陵市农业农村局2025年6月4日。`).
            if line.last == "。" { line.removeLast() }
            let beforeDate = String(String.UnicodeScalarView(scanner.scalars[start..<date.at].filter { !TextScanner.isSpace($0) }))
            if !beforeDate.isEmpty, agencyName(beforeDate, governments: true) != nil { line.removeFirst(beforeDate.unicodeScalars.count) }
            return line.count <= 16 && !line.contains { "，,。；;:：".unicodeScalars.contains($0) }
        }?.date
    }

    /// `candidate` when it can be an agency's name: Han characters, brackets and a converter's
    /// pinyin in them, 4 to 30 characters, ending as agencies' names end, naming no document type.
    static func agencyName(_ candidate: String, governments: Bool) -> String? {
        // Cheapest tests first: the last character (most tokens end otherwise), then the characters.
        guard let last = candidate.unicodeScalars.last, agencyFinals.contains(last) || last == ")" || last == ")" else { return nil }
        // A label run into its value (`处罚部门天津市滨海新区农业农村委员会`) and an open bracket
        // (a byline's: `(景东县森林公安局 姜桂寿)`) are no part of the name.
        if let label = Labels.agencyWords.first(where: candidate.hasPrefix) {
            return agencyName(String(candidate.dropFirst(label.count)), governments: governments)
        }
        if let first = candidate.first, first == "(" || first == "（", !candidate.contains(where: { $0 == ")" || $0 == "）" }) {
            return agencyName(String(candidate.dropFirst()), governments: governments)
        }
        let folded = CaseNumber.normalize(candidate)
        // Places ending as offices do that are no agencies (`…娱乐会所`, `…诊所`, `…律师事务所`).
        guard !notAgencyEndings.contains(where: folded.hasSuffix) else { return nil }
        guard
            candidate.unicodeScalars.allSatisfy({
                TextScanner.isCJK($0) || "()（）".unicodeScalars.contains($0) || ("a"..."z").contains($0) || (0xC0...0x24F).contains($0.value)
            }),
            agencySuffixes.contains(where: folded.hasSuffix) || governments && governmentSuffixes.contains(where: folded.hasSuffix),
            folded.count >= 3, candidate.count <= 40,
            DocumentType.named(in: candidate) == nil,
            !notAgencyWords.contains(where: candidate.containsFast)
        else { return nil }
        return candidate
    }

    /// The agency a text speaking as one (`我局`, `本局`) names on the titles of its own papers:
    /// `我局于…向你送达了《江门市生态环境局行政处罚听证告知书》`, `《某某局现场检查(勘验)笔录》1份`.
    static func agencyOfOwnDocuments(in scanner: TextScanner) -> String? {
        guard !scanner.occurrences(of: selfReferences).isEmpty else { return nil }
        for open in scanner.occurrences(of: Labels.titleOpen).map(\.at) {
            guard let close = scanner.titleClose(openingAt: open) else { continue }
            let title = scanner.string((open + 1)..<close)
            // The agency is the title's longest head ending as agencies' names do before a
            // document's type, on the first of the text's papers naming one; a branch's papers
            // (`《某市生态环境局某分局调查询问笔录》`) do not tell which agency decides.
            for end in title.indices.reversed()
            where end > title.startIndex && agencyFinals.contains(title[title.index(before: end)].unicodeScalars.last!) {
                guard DocumentType.named(in: String(title[end...])) != nil, let name = agencyName(String(title[..<end]), governments: false)
                else { continue }
                // A branch's papers: the text is a branch's, or a branch investigated; either way
                // the other titles (an earlier decision of another agency) do not tell.
                return name.hasSuffix("分局") ? nil : name
            }
        }
        return nil
    }

    /// The agency opening a 公示 page's own title (`永仁县林业和草原局行政案件公示`,
    /// `某市环境保护局行政处罚信息公开表`); not a government's (`某县人民政府行政执法公示专栏`): a
    /// government is taken only when nothing else names the agency.
    static func agencyBeforePageTitle(in lines: [String]) -> String? {
        for line in lines where line.hasAtMostCharacters(40) && !line.contains(where: { "。，,:：".contains($0) }) {
            guard let opener = publicityTitleOpeners.lazy.compactMap({ line.range(of: $0) }).first,
                ["公示", "公开", "公開"].contains(where: line[opener.upperBound...].containsFast)
            else { continue }
            if let name = agencyName(String(line[..<opener.lowerBound]), governments: false) { return name }
        }
        return nil
    }

    /// The agency written right before the document's title on one line (`天津港保税区应急管理局行政处罚决定书`).
    static func agencyBeforeTitle(in scanner: TextScanner, titles: [TextScanner.LabelHit]) -> String? {
        // Only the lines where the label search found 决定书 in the text's head.
        var lines: [String] = []
        for position in titles.map(\.at) where position < 2000 {
            var start = position, end = position
            while let scalar = scanner[start - 1], !TextScanner.isLineBreak(scalar) { start -= 1 }
            while let scalar = scanner[end], !TextScanner.isLineBreak(scalar) { end += 1 }
            lines.append(scanner.string(start..<end).trimmedSpaces)
        }
        for line in lines where line.utf8.count <= 180 {
            for title in Self.agencyTitles where line.containsFast(title) {
                guard let before = line.components(separatedBy: title).first?.trimmingCharacters(in: .whitespaces) else { continue }
                let last =
                    before.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" || $0 == "," || $0 == ":" || $0 == ":" }).last.map(String.init) ?? ""
                if let name = agencyName(last, governments: true) { return name }
            }
        }
        return nil
    }

    // MARK: - Identifier

    static func identifier(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> SubjectIdentifier? {
        for hit in found {
            var index = hit.end
            // `统一社会信用代码为:…`, `…代码 | 91…|` (a flattened table), `统一社会信用代码(居民身份号码):`,
            // `证件号码:(9143…)`, `证照名称及编号:身份证4302…`, a form's value on the next line.
            var kindWords = 0
            while let scalar = scanner[index] {
                if TextScanner.isSpace(scalar) || "：:()（）|为為".unicodeScalars.contains(scalar) {
                    index += 1
                } else if TextScanner.isLineBreak(scalar),
                    index == hit.end || scanner[index - 1].map(TextScanner.isSpace) == true || scanner[index - 1] == "|"
                {
                    index += 1
                } else if TextScanner.isCJK(scalar), kindWords < 8 {
                    // A kind of document or a note (`身份证`, `居民身份号码`) before the number.
                    var end = index
                    while let next = scanner[end], TextScanner.isCJK(next), end - index < 8 { end += 1 }
                    guard let after = scanner[end], isIdentifierCharacter(after) || "：:()（）".unicodeScalars.contains(after) else { break }
                    kindWords += end - index
                    index = end
                } else {
                    break
                }
            }
            var end = index
            while let scalar = scanner[end], isIdentifierCharacter(scalar) { end += 1 }
            if let identifier = SubjectIdentifier(scanner.string(index..<end)) { return identifier }
        }
        return standaloneCreditCode(in: scanner)
    }

    /// The organisation whose name stands right before its credit code or the code's label, as a
    /// table's cells flattened to text put them (`| 某某小店 | 92340225MA2P6U0594 |`,
    /// `某某有限公司 统一社会信用代码:…`, a name line then a code line).
    static func organisationBeforeIdentifier(in scanner: TextScanner, labels: [TextScanner.LabelHit]) -> String? {
        var positions = labels.map(\.at)
        forEachCreditCode(in: scanner) { at, _ in
            positions.append(at)
            return positions.count < 40
        }
        for position in positions.sorted() {
            var end = position
            while let scalar = scanner[end - 1],
                TextScanner.isSpace(scalar) || TextScanner.isLineBreak(scalar) || "|:：".unicodeScalars.contains(scalar),
                position - end < 8
            { end -= 1 }
            // A cell of its own: `违法企业统一社会信用代码` is one label, not a name and a label.
            guard end < position else { continue }
            var start = end
            while let scalar = scanner[start - 1], TextScanner.isCJK(scalar) || "()（）*＊".unicodeScalars.contains(scalar), end - start < 50 {
                start -= 1
            }
            let name = scanner.string(start..<end)
            if let plausible = SubjectNaming.subjectName(name), SubjectNaming.endsAsOrganisation(plausible),
                !narrativeNotNames.contains(where: plausible.containsFast)
            {
                return plausible
            }
        }
        return nil
    }

    /// Without a label: the first 18-character code standing alone (a table cell, a line) whose
    /// check character is right and that a subject, not an agency, holds.
    static func standaloneCreditCode(in scanner: TextScanner) -> SubjectIdentifier? {
        var found: SubjectIdentifier?
        forEachCreditCode(in: scanner) { _, code in
            // Registered by market regulation (9), civil affairs (5), agriculture (N) or others (Y):
            // a subject; a code of the establishment office (1) is an agency's own.
            if code.checkPasses == true, let first = code.value.first, "95NY".contains(first) { found = code }
            return found == nil
        }
        return found
    }

    /// Each run of exactly 18 identifier characters that reads as a credit code (masked or not),
    /// in text order, with where it starts; `visit` returns false to stop.
    static func forEachCreditCode(in scanner: TextScanner, _ visit: (Int, SubjectIdentifier) -> Bool) {
        let scalars = scanner.scalars
        var index = 0
        while index + 18 <= scalars.count {
            guard isIdentifierCharacter(scalars[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, isIdentifierCharacter(scalars[end]) { end += 1 }
            if end - index == 18, let code = SubjectIdentifier(scanner.string(index..<end)), code.kind == .creditCode, !visit(index, code) { return }
            index = end
        }
    }

    static func isIdentifierCharacter(_ scalar: Unicode.Scalar) -> Bool {
        TextScanner.isASCIILetterOrDigit(scalar) || scalar == "*"
            || ("\u{FF10}"..."\u{FF19}").contains(scalar) || ("\u{FF21}"..."\u{FF3A}").contains(scalar)
    }

    // MARK: - Amount

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
        for position in fines.map(\.at) {
            // A statute quoted (`“…并处违法所得3倍以下罚款,但最高不得超过20000元”`) or restated as a
            // range (`处五千元以上五万元以下的罚款`) fines no one.
            let before = scanner.string(max(0, position - 3)..<position)
            if insideQuotation(scanner, at: position) || rangeBounds.contains(where: before.hasSuffix) { continue }
            var clauseStart = position
            while clauseStart > max(0, position - 60), let previous = scanner[clauseStart - 1], !clauseEnds.contains(previous) {
                clauseStart -= 1
            }
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
        }
        return decidedAmount ?? (decidedOnly ? nil : fallback)
    }

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
            guard let unit = scanner[yuan - 1], unit == "元" || unit == "圆" || unit == "圓" else { continue }
            var clauseStart = yuan - 1
            while clauseStart > max(0, hit.at - 60), let previous = scanner[clauseStart - 1], !clauseEnds.contains(previous) { clauseStart -= 1 }
            let clause = scanner.string(clauseStart..<hit.at)
            guard penaltyGivingWords.contains(where: clause.containsFast), !fineAndConfiscationSums.contains(where: clause.containsFast) else {
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
            guard end > start, let yuan = scanner[unit], yuan == "元" || yuan == "圆" || yuan == "圓",
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
                let unitFollows = scanner[unit] == "元" || scanner[unit] == "圆" || scanner[unit] == "圓"
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

    // MARK: - Officers

    /// The officers after the first 执法人员 label that names them: `执法人员:陈明(执法证号31120001)、刘洋`,
    /// or in a sentence `执法人员逄钦、王谦于2025年5月14日…` (then at least two names, as the law
    /// requires two officers, ending where the sentence goes on: 于, 在, 对, 制作, 依法, 前往).
    static func officers(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> [DocumentFacts.Officer] {
        for hit in found {
            var index = hit.end
            while let scalar = scanner[index], TextScanner.isSpace(scalar) { index += 1 }
            let colon = scanner[index] == ":" || scanner[index] == "："
            if colon { index += 1 }
            var result: [DocumentFacts.Officer] = []
            while true {
                while let scalar = scanner[index], TextScanner.isSpace(scalar) { index += 1 }
                var end = index
                while let scalar = scanner[end], TextScanner.isCJK(scalar), end - index < 8 { end += 1 }
                // Scalars, not Characters: this runs for every 执法人员 of every record.
                let run = scanner.scalars[index..<end]
                var listEnds = false
                // The last name: the sentence goes on right after it (`王谦于2025年`, `高懿到位于`, `王佳制作,`).
                let cut = (2...4).first { offset in
                    offset < run.count && officerListEnderScalars.contains { run.dropFirst(offset).starts(with: $0) }
                }
                if let cut {
                    end = index + cut
                    listEnds = true
                } else if !(scanner[end].map { "、，,和(（".unicodeScalars.contains($0) } ?? false) {
                    if !colon && !(scanner[end].map { TextScanner.isLineBreak($0) || "。；;".unicodeScalars.contains($0) } ?? true) {
                        break
                    }
                }
                guard (2...4).contains(end - index) else { break }
                let name = scanner.string(index..<end)
                guard !officerNotNames.contains(where: name.hasPrefix) else { break }
                index = end
                var badge: String?
                if let open = scanner[index], open == "(" || open == "（" {
                    var close = index + 1
                    while let inner = scanner[close], inner != ")", inner != "）", close - index < 30 { close += 1 }
                    let inside = scanner.string((index + 1)..<close).filter { $0.isASCII && ($0.isNumber || $0.isLetter) }
                    badge = inside.isEmpty ? nil : inside
                    index = close + 1
                }
                if !result.contains(where: { $0.name == name }) { result.append(.init(name: name, badgeNumber: badge)) }
                guard !listEnds, let joiner = scanner[index], "、，,和".unicodeScalars.contains(joiner) else { break }
                index += 1
            }
            if colon ? !result.isEmpty : result.count >= 2 { return result }
        }
        return []
    }

}
