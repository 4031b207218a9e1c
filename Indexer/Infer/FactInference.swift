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
        // A decision read from its wording, not its title, signs in its second half (below).
        let typeFromTitleOrName = facts.docType
        facts.title =
            (titleLine ?? embeddedTitle ?? header.first { $0.hasAtMostCharacters(40) } ?? fileName)
            .trimmedSpaces

        // The labels and words looked for in the whole text, found in one pass.
        let hits = scanner.occurrences(of: Labels.textSearch)
        // A 复议 decision or a court's ruling reviews a decision: it belongs to that decision's case,
        // whose agency is the respondent (被申请人, 被告) and whose subject the applicant (申请人, 原告).
        let review = reviewType(scanner, type: facts.docType, respondents: hits[Labels.respondent])
        if let review { facts.docType = review }
        let reviews = review != nil
        let found = caseNumber(in: scanner, permits: facts.docType == .licenseDecision, reviewed: reviews)
        // A 公示 page may be titled as the decision it publishes (`…行政处罚决定书-南龙政行处决字…`).
        // Fields laid out as a table's or a form's (a decision's `被处罚单位` is none).
        if facts.docType == .other || facts.docType == .penaltyDecision,
            Set(
                hits[Labels.publicityFields].filter { scanner[$0.at - 1] != "被" && labelsAField(scanner, $0) }.map {
                    Labels.publicityFieldGroup[$0.label]
                }
            )
            .count >= 2
        {
            facts.docType = .penaltyPublicity
        }
        // Reports and notices cite other documents' numbers; only enforcement documents, a 案号
        // label or a 公示 table with a 文号 column name a case (a table's first row its first).
        facts.caseNumber = facts.docType != .other || found?.labeled == true || !hits[Labels.numberColumn].isEmpty ? found?.number : nil
        // Read only when the agency is not found sooner (most texts name it before).
        var headLines: [String] { scanner.firstLines(in: 0..<min(count, 2000), limit: 30) }
        let namedAgency =
            (reviews ? respondent(in: scanner, found: hits[Labels.respondent]) : nil)
            ?? agencyBeforeTitle(in: scanner, titles: hits[Labels.decisionTitle])
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
                Self.agencyName(withoutSection($0), governments: true)
            }
            ?? agency(header: headLines, governments: true)
        // `市环保局`, `消防大队` are named with their place where the text writes it so (`宿迁市环保局`, `泉港区消防大队`).
        facts.agency = namedAgency.map { name in
            name.unicodeScalars.first.map(AgencyName.isPlaceUnit) == true || !AgencyName.opensWithPlace(name) ? withItsPlace(name, in: scanner) : name
        }

        // The subject: named by a label (当事人:, 行政相对人名称: |…|); else the decision's addressee,
        // the line after the 文号 (`某某有限公司:`, or a name followed by its 统一社会信用代码 line);
        // else a person introduced as `韩素红,女,…`; the weak labels 名称/姓名 last.
        // A label inside a quotation (`“生产企业名称:广东药业(广东)有限公司”`) or inside a longer word
        // (the respondent's `被申请人`: the agency) names someone else.
        let subjectLabels = hits[Labels.subjectName].filter { hit in
            !insideQuotation(scanner, at: hit.at)
                && !(Labels.subjectName.words[hit.label].count == 4 && scanner[hit.at - 1].map(TextScanner.isCJK) == true)
                && scanner[hit.at - 1] != "被"
        }
        let labeledOrAddressed =
            (reviews ? applicant(in: scanner, found: hits[Labels.applicant]) : nil)
            ?? labeledSubject(in: scanner, labels: subjectLabels)
            ?? scanner.columnValue(found: subjectLabels, labels: Labels.subjectName).flatMap(SubjectNaming.plausibleName)
            ?? (facts.caseNumber == nil ? nil : found.flatMap { addressee(in: scanner, afterNumberAt: $0.at) })
            ?? openingAddressee(in: scanner)
            ?? organisationBeforeIdentifier(in: scanner, labels: hits[Labels.identifier])
        facts.subjectName =
            labeledOrAddressed
            ?? (personIntroduced(in: scanner)
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
            ?? subjectInCaseHeading(in: scanner)
            // Reports are read last, and only then scanned for their words (`对` is in most texts).
            ?? organisationInNarrative(in: scanner, found: scanner.occurrences(of: narrativeWords))
            ?? maskedPersonInReport(in: scanner, found: scanner.occurrences(of: maskMark)))
            // An organisation's name read from a report or a heading is written with its place in the account.
            .map { SubjectNaming.looksLikePerson($0) ? $0 : withItsPlace($0, in: scanner) }
        // The agency is not its own party (a report naming the central bank's office before the bank it fined).
        if let name = facts.subjectName, let agency = facts.agency, AgencyName.same(name, agency) { facts.subjectName = nil }
        facts.subjectIdentifier = identifier(in: scanner, found: hits[Labels.identifier])
        // Labelled, else a 公示 table's column (`… | 法定代表人 | …` above `… | 丁宗仕 | …`).
        // A review names the respondent agency's head too: only the applicant's, named before it, is the subject's.
        let firstRespondent = reviews ? hits[Labels.respondent].map(\.at).min() ?? Int.max : Int.max
        facts.representative =
            representative(in: scanner, found: hits[representativeLabels].filter { $0.at < firstRespondent })
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
            if facts.confiscationYuan != nil { facts.penaltyKinds = adding("没收违法所得", to: facts.penaltyKinds) }
            // A decision whose page lost its title still reads as one.
            if facts.docType == .other,
                isUntitledDecision(
                    body, decided: decided, kinds: facts.penaltyKinds, labeledSubject: subjectLabels.contains { labelsAField(scanner, $0) },
                    publicityFields: !hits[Labels.numberColumn].isEmpty || !hits[Labels.decisionDate].isEmpty,
                    number: found.flatMap { headsDocument(scanner, number: $0.number, at: $0.at) ? $0.number.written : nil },
                    sectionHeadings: bodyHits[decisionSectionHeadings])
            {
                facts.docType = .penaltyDecision
            }
        }
        // A page's own date (发文日期, 成文日期) dates the document it carries, read by its title or its
        // wording; not a report's, a 公示 page's (its publication) or a review's (of another decision).
        let carriesItsOwnDocument = ![.other, .penaltyPublicity, .reconsiderationDecision, .courtRuling].contains(facts.docType)
        let dates = scanner.dates()
        facts.date = documentDate(
            dates, in: scanner, labeled: hits[Labels.decisionDate] + (carriesItsOwnDocument ? hits[Labels.documentPageDate] : []),
            // A decision read from its wording, with no 文号 to sign below, signs in its second half.
            type: facts.docType, documentStart: found?.at ?? (typeFromTitleOrName == .other ? count / 2 : nil))
        if let filed = scanner.labeledValue(Labels.filingDate, found: hits[Labels.filingDate]).flatMap({ TextScanner($0).dates().first?.date }) {
            facts.filedOn = filed
        }
        if facts.docType == .penaltyPublicity {
            facts.publishedOn = scanner.labeledValue(Labels.publicationDate, found: hits[Labels.publicationDate]).flatMap {
                TextScanner($0).dates().first?.date
            }
        }

        let isPenaltyDocument = [.penaltyDecision, .penaltyPublicity].contains(facts.docType)
        // A decision's or its 公示 page's fine; in other texts (a news repost) only a fine stated as decided.
        facts.penaltyAmountYuan = penaltyAmount(in: body, fines: bodyHits[Labels.fine], decidedOnly: !isPenaltyDocument)
        // A fine written without the word 罚款 fines; so does a decision's fine whose decided part
        // was not told apart (`现对某公司作出:1.责令…,2.给予罚款…`).
        let wordlessFine =
            facts.penaltyAmountYuan == nil
            ? amountPenalised(in: body, found: bodyHits[Labels.penaltyWord]) ?? amountGivenAsPenalty(in: body, found: bodyHits[Labels.penaltyWord])
            : nil
        if let wordlessFine { facts.penaltyAmountYuan = wordlessFine }
        if wordlessFine != nil || [.penaltyDecision, .penaltyPublicity].contains(facts.docType) && facts.penaltyAmountYuan != nil {
            facts.penaltyKinds = adding("罚款", to: facts.penaltyKinds)
        }
        // A notice proposes a penalty (`拟作出如下处罚:1.警告。2.罚款70000元`); it imposes none, and
        // its case's penalty is the decision's, which may differ after 陈述申辩.
        if facts.docType == .penaltyNotice {
            facts.penaltyKinds = []
            facts.penaltyAmountYuan = nil
            facts.confiscationYuan = nil
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
            guard let range = scanner.labeledRange(Labels.subjectName, found: [hit], stopAt: Labels.nameDelimiters, valueBelow: true)
            else { continue }
            if let first = scanner[range.lowerBound], emptyFieldMarks.contains(first) { continue }
            let written = scanner.string(withQualifier(scanner, after: withWrappedEnd(scanner, range)))
            let name = SubjectNaming.plausibleName(written.replacingOccurrences(of: "\n", with: ""))
            // A line below that is no name (`1. 张三`): the next label may name the subject.
            let between = scanner.scalars[hit.end..<range.lowerBound]
            if name == nil, between.contains(where: TextScanner.isLineBreak), between.contains(where: { $0 == ":" || $0 == "：" }) { continue }
            return name
        }
        return nil
    }

    /// `range` with the end of its name that a PDF's layout wrapped onto the next line
    /// (`当事人:…同安荏畲村供应⏎站`): a line of one to three Han characters that makes the name end
    /// as organisations' do, where it did not. Only a long name wraps at the page's margin (a
    /// person's is never joined to the label below it: `王小明⏎住所`). The range then holds the line break.
    static func withWrappedEnd(_ scanner: TextScanner, _ range: Range<Int>) -> Range<Int> {
        guard scanner[range.upperBound] == "\n", range.count >= 10 else { return range }
        var end = range.upperBound + 1
        while let scalar = scanner[end], TextScanner.isCJK(scalar) { end += 1 }
        guard (1...3).contains(end - range.upperBound - 1), scanner[end].map(TextScanner.isLineBreak) ?? true else { return range }
        let name = scanner.string(range), joined = name + scanner.string((range.upperBound + 1)..<end)
        guard !SubjectNaming.endsAsOrganisation(name), SubjectNaming.endsAsOrganisation(joined) else { return range }
        return range.lowerBound..<end
    }

    /// `kinds` with `kind` too, in the order of `PenaltyKind.all`.
    static func adding(_ kind: String, to kinds: [String]) -> [String] {
        PenaltyKind.all.filter { $0 == kind || kinds.contains($0) }
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

    /// Removes line breaks that fall between two characters of running Chinese text or numbers,
    /// commas and quotation marks among them (pdftotext breaks lines where the page did:
    /// `…没收违法所得⏎，并处…`, `…吊销营业执照”之规定`), and between a colon and the quotation
    /// it opens (`…第四十四条：⏎“行政机关…`).
    static func joinWrappedLines(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        func running(_ scalar: Unicode.Scalar) -> Bool {
            TextScanner.isCJK(scalar) || ChineseNumeral.digit(scalar) != nil || "《》〈〉()（），、“”‘’".unicodeScalars.contains(scalar)
        }
        return scalars.withUnsafeBufferPointer { text in
            func wrapped(_ index: Int) -> Bool {
                guard text[index] == "\n", index > 0, index + 1 < text.count else { return false }
                let before = text[index - 1], after = text[index + 1]
                return running(before) && running(after) || (before == "：" || before == ":") && after == "“"
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

    // MARK: - Agency

    /// A header token that names an agency (`governments`: a 人民政府 too).
    static func agency(header: [String], governments: Bool = false) -> String? {
        for line in header {
            for token in line.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }) {
                // A date may stand before or after the name on a signature line
                // (`铜陵市农业农村局2025年6月4日。`, `2024年江永县市场监督管理局`).
                // A page's section (`自然资源局` in its navigation) names no place and no agency.
                for piece in token.split(whereSeparator: { $0.isASCII && $0.isNumber || "年月日。".contains($0) }) {
                    // A second name in brackets after the agency's (`…市场监督管理局（福州市长乐区知识产权局）`)
                    // is left out; a form's seal line (`（甘州区市场监督管理局印章）`) loses its brackets.
                    var part = String(piece)
                    if let open = part.firstIndex(where: { $0 == "（" || $0 == "(" }) {
                        part = open == part.startIndex ? part.trimmingCharacters(in: CharacterSet(charactersIn: "（）()")) : String(part[..<open])
                    }
                    if part.hasSuffix("印章") { part.removeLast(2) }
                    if let name = agencyName(part, governments: governments), AgencyName.opensWithPlace(name) { return name }
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
        // The label's line up to 40 characters on (`处罚决定日期 | 2023-05-09 |`, `处罚决定日期为…`),
        // where the label is a field's: its value follows (`:`, `为`, a cell, a date), not a
        // sentence's words (`距上次处罚时间不足一年`).
        for hit in labeled ?? [] where labelsADate(scanner, hit) {
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
        // proposed or announced (`拟`, `告知`), and not the decision's service (`送达`), which are
        // read up to the end of the decided noun's phrase (`作出《行政处罚决定书》(…号),因无法送达`
        // dates the decision; `下达《行政处罚事先(听证)告知书》`, `将作出的《行政处罚决定书》送达当事人`
        // do not).
        // A date may leave its year to the one before it (`2022年8月3日…检查…,9月2日,市应急局依法决定给予…`).
        let sentenceDates = (dates + scanner.datesWithoutYear(after: dates)).sorted { $0.at < $1.at }
        if let stated = sentenceDates.enumerated().first(where: { index, date in
            let next = index + 1 < sentenceDates.count ? sentenceDates[index + 1].at : Int.max
            var stop = date.at
            while stop < min(next, date.at + 80), let scalar = scanner[stop], scalar != "。", scalar != "；", scalar != ";",
                !TextScanner.isLineBreak(scalar)
            { stop += 1 }
            let clause = scanner.string(date.at..<stop)
            // A penalty given before (`当事人曾于2022年6月1日因同类违法行为被我局给予警告处罚`) is another's.
            let before = scanner.string(max(0, date.at - 6)..<date.at)
            guard !earlierWords.contains(where: before.containsFast),
                let verb = penaltyDecidingVerbs.compactMap({ clause.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }),
                let noun = decidedPenaltyNouns.compactMap({ clause[verb.upperBound...].range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound })
            else { return false }
            let phraseEnd = clause[noun.upperBound...].firstIndex { "，,；;。".contains($0) } ?? clause.endIndex
            return !statedDateExclusions.contains(where: String(clause[..<phraseEnd]).containsFast)
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

    /// Whether a date's label is a field's: after spaces, a colon, 为/是, a cell's bar, the
    /// bracket it stands in (`[ 成文日期 ] 2023-10-25`), a line break or the date's first digit
    /// follows it.
    static func labelsADate(_ scanner: TextScanner, _ hit: TextScanner.LabelHit) -> Bool {
        var index = hit.end
        while let scalar = scanner[index], TextScanner.isSpace(scalar), index - hit.end < 4 { index += 1 }
        guard let next = scanner[index] else { return true }
        return TextScanner.isLineBreak(next) || TextScanner.isASCIIDigit(next) || ":：|]】为為是".unicodeScalars.contains(next)
            || ChineseNumeral.isNumeralCharacter(next)
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
        // Places ending as offices do that are no agencies (`…娱乐会所`, `…诊所`, `…律师事务所`);
        // a bank's branch is one only of the central bank.
        guard !notAgencyEndings.contains(where: folded.hasSuffix), last != "行" || AgencyName.isCentralBankOffice(folded) else { return nil }
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

    /// A publisher without the section of the agency that published (`市城管执法局法规科`: the
    /// agency is `市城管执法局`).
    static func withoutSection(_ publisher: String) -> String {
        let scalars = publisher.unicodeScalars
        guard let last = publisher.last, agencySections.contains(last),
            let end = scalars.dropLast().lastIndex(where: agencyFinals.contains)
        else { return publisher }
        return String(scalars[...end])
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

    // MARK: - Officers

    /// The officers after the first 执法人员 label that names them: `执法人员:陈明(执法证号31120001)、刘洋`,
    /// or in a sentence `执法人员逄钦、王谦于2025年5月14日…` (then at least two names, as the law
    /// requires two officers, ending where the sentence goes on: 于, 在, 对, 制作, 依法, 前往).
    static func officers(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> [DocumentFacts.Officer] {
        // A form's fields, each `执法人员:` above its one name (`执法人员:⏎⏎安玫⏎⏎执法证号:…`), name them together.
        var inForm: [DocumentFacts.Officer] = []
        for hit in found {
            var index = hit.end
            while let scalar = scanner[index], TextScanner.isSpace(scalar) { index += 1 }
            let colon = scanner[index] == ":" || scanner[index] == "："
            if colon { index += 1 }
            var result: [DocumentFacts.Officer] = []
            if colon, let name = nameOnTheLineBelow(scanner, index) {
                if !inForm.contains(where: { $0.name == name }) { inForm.append(.init(name: name, badgeNumber: nil)) }
                continue
            }
            while true {
                while let scalar = scanner[index], TextScanner.isSpace(scalar) { index += 1 }
                var end = index
                // A name may be published masked (`郭X`, `肖*`).
                while let scalar = scanner[end], TextScanner.isCJK(scalar) || end > index && SubjectNaming.maskCharacters.contains(scalar),
                    end - index < 8
                {
                    end += 1
                }
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
                } else if !(scanner[end].map { "、，,和(（".unicodeScalars.contains($0) || TextScanner.isASCIIDigit($0) } ?? false) {
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
                // A badge number written right after the name (`温习锋03000121012张玲03000121002在…`).
                var digits = index
                while let scalar = scanner[digits], TextScanner.isASCIIDigit(scalar) { digits += 1 }
                let gluedBadge = digits - index >= 6
                if gluedBadge {
                    badge = scanner.string(index..<digits)
                    index = digits
                }
                if !result.contains(where: { $0.name == name }) { result.append(.init(name: name, badgeNumber: badge)) }
                guard !listEnds else { break }
                if let joiner = scanner[index], "、，,和".unicodeScalars.contains(joiner) {
                    index += 1
                } else if !gluedBadge || !(scanner[index].map(TextScanner.isCJK) ?? false)
                    || officerListEnderScalars.contains(where: { scanner.hasWord($0, at: index) })
                {
                    break
                }
            }
            // `指定…` names officers only where it appoints them (`指定陈国栋、钱兆丰为办案人员`), not in
            // a statute's words (`以指定种类、数量、范围等限制…`).
            let appoints =
                officerAppointingEnders.contains { scanner.hasWord($0, at: index) } || result.allSatisfy { SubjectNaming.startsWithSurname($0.name) }
            if officerAppointingLabels.contains(scanner.string(hit.at..<hit.end)), !appoints { continue }
            if colon ? !result.isEmpty : result.count >= 2 { return inForm + result.filter { name in !inForm.contains { $0.name == name.name } } }
        }
        return inForm
    }

    /// A person's name standing alone on the line below `index` (past one blank line at most),
    /// when nothing but spaces follows `index` on its own line.
    static func nameOnTheLineBelow(_ scanner: TextScanner, _ index: Int) -> String? {
        guard let start = scanner.valueOnALineBelow(index) else { return nil }
        var end = start
        while let scalar = scanner[end], !TextScanner.isLineBreak(scalar) { end += 1 }
        let name = scanner.string(start..<end).trimmingCharacters(in: .whitespaces)
        return SubjectNaming.looksLikePerson(name) && !officerNotNames.contains(where: name.hasPrefix) ? name : nil
    }

}
