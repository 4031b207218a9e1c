import JuanzongCore

/// Texts that review a decision: a 行政复议 decision, a court's judgment or ruling. They belong to
/// the decision's case; the respondent (被申请人, 被告) made the decision, the applicant (申请人,
/// 原告) is the party it concerned. Their parties are named with a colon (`被申请人:某局。`) or in
/// the account (`要求撤销被申请人湖州市生态环境局作出的…`).
extension FactInference {
    /// The review type of a text that reviews a decision, else nil: its title's, or, untitled, a
    /// court's where it names a respondent and speaks as one (`本院`), a 复议 decision's where it
    /// speaks of the application (`行政复议申请`).
    static func reviewType(_ scanner: TextScanner, type: DocumentType, respondents: [TextScanner.LabelHit]) -> DocumentType? {
        if type == .reconsiderationDecision || type == .courtRuling { return type }
        guard type == .other, !respondents.isEmpty else { return nil }
        if !scanner.occurrences(of: courtWords).isEmpty { return .courtRuling }
        return scanner.occurrences(of: reconsiderationWords).isEmpty ? nil : .reconsiderationDecision
    }

    /// The agency a review names as respondent: the first name after a respondent's label (a
    /// bracketed note, `被上诉人(原审被告)`, passed over) that is an agency's.
    static func respondent(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> String? {
        found.lazy.compactMap { hit in partyName(in: scanner, after: hit.end).flatMap { agencyName($0, governments: true) } }.first
    }

    /// The party a review concerns: the first name after the applicant's label (`申请人:`, `原告`,
    /// `上诉人`; not inside `被申请人`) that reads as a subject's.
    static func applicant(in scanner: TextScanner, found: [TextScanner.LabelHit]) -> String? {
        found.lazy.filter { scanner[$0.at - 1] != "被" && scanner[$0.at - 1] != "审" && scanner[$0.at - 1] != "審" }
            .compactMap { hit in partyName(in: scanner, after: hit.end).flatMap(SubjectNaming.plausibleName) }
            .first { !reviewPartyWords.contains(where: $0.containsFast) && agencyName($0, governments: true) == nil }
    }

    /// The name after a party's label: past a bracketed note and a colon, up to punctuation, a
    /// line's end or the verb that follows it (`不服`, `作出`, `提出`, `称`), at most 40 characters.
    private static func partyName(in scanner: TextScanner, after end: Int) -> String? {
        var start = end
        if let open = scanner[start], open == "(" || open == "（" {
            while let scalar = scanner[start], scalar != ")", scalar != "）", start - end < 12 { start += 1 }
            start += 1
        }
        while let scalar = scanner[start], scalar == ":" || scalar == "：" || TextScanner.isSpace(scalar) { start += 1 }
        var stop = start
        while let scalar = scanner[stop], stop - start < 40, !TextScanner.isLineBreak(scalar), !"，,。；;、:：".unicodeScalars.contains(scalar),
            !reviewPartyStops.contains(where: { scanner.hasWord($0, at: stop) })
        {
            stop += 1
        }
        return stop > start ? scanner.string(start..<stop) : nil
    }
}
