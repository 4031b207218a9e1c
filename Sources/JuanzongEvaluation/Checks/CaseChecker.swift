import Foundation
import JuanzongCore
import JuanzongStore

/// One problem an automatic check found in a case file.
public struct Finding: Codable, Sendable, Equatable {
    /// The rule's id, e.g. `completeness`, `service_within_7_working_days`.
    public var rule: String
    /// What is wrong, in Chinese.
    public var message: String
    /// The document, date or record the finding rests on.
    public var evidence: String
    /// Suggested deduction in points.
    public var deduction: Double
}

/// Runs the rule set on one case file.
public struct CaseChecker: Sendable {
    public let rules: EvaluationRules
    public let calendar: WorkingCalendar

    public init(rules: EvaluationRules, calendar: WorkingCalendar) {
        self.rules = rules
        self.calendar = calendar
    }

    public func findings(for file: ArchiveReader.CaseFile) -> [Finding] {
        let record = file.case
        let types = file.documents.map(\.docType)
        var findings: [Finding] = []
        let needsReview = legalReviewRequired(record)

        // Completeness: the documents a case of this type and procedure must hold.
        if let rule = rules.completeness.first(where: { $0.caseType == record.caseType && ($0.procedure == nil || $0.procedure == record.procedure) })
        {
            for requirement in rule.required where requirement.when != "legal_review_required" || needsReview {
                if !requirement.anyOf.contains(where: types.contains) {
                    findings.append(
                        Finding(
                            rule: "completeness", message: "卷内缺少" + requirement.anyOf.joined(separator: "或"),
                            evidence: "卷内文书:" + (types.isEmpty ? "无" : types.joined(separator: "、")), deduction: rule.deduction))
                }
            }
        }
        // Order: documents of known types must follow the sequence.
        let ranked = file.documents.compactMap { document in
            rules.order.sequence.firstIndex(where: { $0.contains(document.docType) }).map { (rank: $0, document: document) }
        }
        if let (earlier, later) = zip(ranked, ranked.dropFirst()).first(where: { $0.rank > $1.rank }) {
            findings.append(
                Finding(
                    rule: "order", message: "卷内文书顺序不符合装订顺序",
                    evidence: "\(earlier.document.docType)(文书 #\(earlier.document.id))应排在\(later.document.docType)(文书 #\(later.document.id))之后",
                    deduction: rules.order.deduction))
        }
        findings += audioVideoFindings(file)
        findings += deadlineFindings(record)
        // Legal review recorded before the decision.
        if needsReview {
            let reviews = file.documents.filter { rules.legalReview.documentTypes.contains($0.docType) }
            if reviews.isEmpty {
                findings.append(
                    Finding(
                        rule: "legal_review", message: "\(rules.legalReview.name):卷内无法制审核意见",
                        evidence: "普通程序,罚款 \(record.penaltyAmountYuan.map { "\(Int($0)) 元" } ?? "—")", deduction: rules.legalReview.deduction))
            } else if let decided = record.decidedOn, let review = reviews.first, let date = review.docDate, date > decided {
                findings.append(
                    Finding(
                        rule: "legal_review", message: "\(rules.legalReview.name):审核晚于决定",
                        evidence: "法制审核 \(date),决定 \(decided)", deduction: rules.legalReview.deduction))
            }
        }
        // At least two officers.
        if rules.officers.procedures.map({ record.procedure.map($0.contains) ?? false }) ?? true, record.officers.count < rules.officers.minimum {
            findings.append(
                Finding(
                    rule: "officers", message: "执法人员少于 \(rules.officers.minimum) 人",
                    evidence: "记录的执法人员:" + (record.officers.isEmpty ? "无" : record.officers.map(\.name).joined(separator: "、")),
                    deduction: rules.officers.deduction))
        }
        // The decision states the rights to reconsideration and litigation.
        for decision in file.documents where rules.remedies.documentTypes.contains(decision.docType) {
            let text = decision.text ?? ""
            let missing = rules.remedies.mustMention.filter { phrases in !phrases.contains(where: text.contains) }
            if !missing.isEmpty {
                findings.append(
                    Finding(
                        rule: "remedies", message: "\(rules.remedies.name):未见" + missing.map { $0[0] }.joined(separator: "、"),
                        evidence: "\(decision.docType)《\(decision.title)》(文书 #\(decision.id))", deduction: rules.remedies.deduction))
            }
        }
        return findings
    }

    func legalReviewRequired(_ record: CaseRecord) -> Bool {
        let condition = rules.legalReview.requiredWhen
        if let procedures = condition.procedures, !procedures.contains(record.procedure ?? "") { return false }
        if let minimum = condition.amountAtLeast, let amount = record.penaltyAmountYuan, amount >= minimum { return true }
        if let kinds = condition.penaltyKinds, let written = record.penaltyKinds, kinds.contains(where: written.contains) { return true }
        return false
    }

    /// An AV record for actions that require one, overlapping the action's date.
    private func audioVideoFindings(_ file: ArchiveReader.CaseFile) -> [Finding] {
        let rule = rules.audioVideo
        var actions: [(String, String?)] = []
        for document in file.documents {
            if let action = rule.actions.first(where: { document.title.contains($0) || document.docType.contains($0) }) {
                actions.append((action + "(\(document.title))", document.docDate))
            }
        }
        if let kinds = file.case.penaltyKinds, let action = rule.actions.first(where: kinds.contains) {
            actions.append((action, file.case.decidedOn))
        }
        guard !actions.isEmpty else { return [] }
        let recorded = file.avRecords.compactMap { $0.startedAt.flatMap { DayDate(iso: String($0.prefix(10))) } }
        var findings: [Finding] = []
        for (action, date) in actions {
            if file.avRecords.isEmpty {
                findings.append(
                    Finding(
                        rule: "audio_video", message: "\(action)须全程音像记录,卷内无音像记录",
                        evidence: date.map { "行为日期 \($0)" } ?? "行为日期不详", deduction: rule.deduction))
            } else if let date, let day = DayDate(iso: date),
                !recorded.contains(where: { abs($0.daysSinceEpoch - day.daysSinceEpoch) <= rule.daysAroundAction })
            {
                findings.append(
                    Finding(
                        rule: "audio_video", message: "\(action)当日无音像记录",
                        evidence: "行为日期 \(date),音像记录日期 " + recorded.map(\.iso).joined(separator: "、"), deduction: rule.deduction))
            }
        }
        return findings
    }

    private func deadlineFindings(_ record: CaseRecord) -> [Finding] {
        let dates: [String: String?] = [
            "filed": record.filedOn, "decided": record.decidedOn, "served": record.servedOn,
            "closed": record.closedOn, "published": record.publishedOn,
        ]
        let labels = ["filed": "立案", "decided": "决定", "served": "送达", "closed": "结案", "published": "公示"]
        var findings: [Finding] = []
        for deadline in rules.deadlines {
            if let types = deadline.caseTypes, !types.contains(record.caseType) { continue }
            if let procedures = deadline.procedures, !procedures.contains(record.procedure ?? "") { continue }
            guard let fromText = dates[deadline.from] ?? nil, let from = DayDate(iso: fromText) else { continue }
            let fromLabel = "\(labels[deadline.from] ?? deadline.from) \(from.iso)"
            let limit: DayDate
            do {
                limit = deadline.unit == "working" ? try calendar.workingDay(deadline.days, after: from) : from.adding(days: deadline.days) ?? from
            } catch {
                findings.append(Finding(rule: deadline.id, message: "\(deadline.name):无法计算期限", evidence: "\(error)", deduction: 0))
                continue
            }
            // A limit counted over a year whose holidays are only estimated says so, found late or not.
            let estimated = deadline.unit == "working" ? calendar.estimatedYears(from: from, through: limit) : []
            let caveat = estimated.isEmpty ? "" : "(" + Self.estimateCaveat(estimated) + ")"
            let toLabel = labels[deadline.to] ?? deadline.to
            guard let toText = dates[deadline.to] ?? nil, let to = DayDate(iso: toText) else {
                findings.append(
                    Finding(
                        rule: deadline.id, message: "\(deadline.name):卷内无\(toLabel)日期" + caveat,
                        evidence: "\(fromLabel),期限至 \(limit.iso)", deduction: deadline.deduction))
                continue
            }
            if to > limit {
                findings.append(
                    Finding(
                        rule: deadline.id, message: "\(deadline.name):超期" + caveat,
                        evidence: "\(fromLabel),\(toLabel) \(to.iso),期限至 \(limit.iso)", deduction: deadline.deduction))
            } else if !estimated.isEmpty {
                findings.append(
                    Finding(
                        rule: deadline.id, message: "\(deadline.name):期限\(Self.estimateCaveat(estimated))",
                        evidence: "\(fromLabel),\(toLabel) \(to.iso),期限至 \(limit.iso)(估算)", deduction: 0))
            }
        }
        return findings
    }

    /// 按法定节假日估算,待导入 2027 年放假安排后复核
    static func estimateCaveat(_ years: [Int]) -> String {
        "按法定节假日估算,待导入 " + years.map(String.init).joined(separator: "、") + " 年放假安排后复核"
    }
}
