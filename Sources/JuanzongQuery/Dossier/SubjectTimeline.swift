import JuanzongStore

/// Everything about one subject (一户式) as a timeline: the dates of every case (立案, 决定,
/// 送达, 结案, 公示), every document and every AV record, in date order, with penalty totals.
public struct SubjectTimeline: Codable, Sendable {
    public struct Event: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable {
            case caseFiled = "case_filed"
            case caseDecided = "case_decided"
            case caseServed = "case_served"
            case caseClosed = "case_closed"
            case casePublished = "case_published"
            case document
            case avRecord = "av_record"
        }

        /// ISO date (or date and time for AV records); nil when unknown (listed last).
        public var date: String?
        public var kind: Kind
        /// What happened, in Chinese: `立案`, `[处罚决定书] 行政处罚决定书`, `音像记录 [查封扣押] …`.
        public var label: String
        public var caseNumber: String?
        public var caseId: Int64?
        public var documentId: Int64?
        public var avRecordId: Int64?
    }

    /// Penalty totals over the subject's cases, overall and per year of decision.
    public struct PenaltyTotals: Codable, Sendable, Equatable {
        public struct Year: Codable, Sendable, Equatable {
            public var year: String
            public var cases: Int
            public var amountYuan: Double
        }

        public var cases: Int
        public var casesWithAmount: Int
        public var amountYuan: Double
        public var byYear: [Year]
    }

    public var events: [Event]
    public var penaltyTotals: PenaltyTotals

    public init(_ dossier: ArchiveReader.Dossier) {
        var events: [Event] = []
        for file in dossier.cases {
            let record = file.case
            let milestones: [(String?, Event.Kind, String)] = [
                (record.filedOn, .caseFiled, "立案"), (record.decidedOn, .caseDecided, "作出决定"),
                (record.servedOn, .caseServed, "送达"), (record.closedOn, .caseClosed, "结案"),
                (record.publishedOn, .casePublished, "公示"),
            ]
            for (date, kind, label) in milestones where date != nil {
                var text = "\(label)(\(record.caseType))"
                if kind == .caseDecided, let amount = record.penaltyAmountYuan { text += " 罚款 \(Self.yuan(amount))" }
                events.append(Event(date: date, kind: kind, label: text, caseNumber: record.caseNumber, caseId: record.id))
            }
            for document in file.documents {
                events.append(
                    Event(
                        date: document.docDate, kind: .document, label: "[\(document.docType)] \(document.title)",
                        caseNumber: record.caseNumber, caseId: record.id, documentId: document.id))
            }
            for av in file.avRecords {
                events.append(
                    Event(
                        date: av.startedAt, kind: .avRecord, label: "音像记录 [\(av.category)] \(av.fileName)",
                        caseNumber: record.caseNumber, caseId: record.id, avRecordId: av.id))
            }
        }
        for document in dossier.unassignedDocuments {
            events.append(
                Event(
                    date: document.docDate, kind: .document, label: "[\(document.docType)] \(document.title)",
                    documentId: document.id))
        }
        // Stable: by date, undated last; on one day case milestones before documents before AV records.
        self.events = events.enumerated().sorted { a, b in
            let left = a.element.date ?? "9999", right = b.element.date ?? "9999"
            if left.prefix(10) != right.prefix(10) { return left.prefix(10) < right.prefix(10) }
            return a.offset < b.offset
        }.map(\.element)

        var years: [String: PenaltyTotals.Year] = [:]
        let penalized = dossier.cases.map(\.case).filter { $0.penaltyAmountYuan != nil || $0.caseType == "行政处罚" }
        for record in penalized {
            let year = record.decidedOn.map { String($0.prefix(4)) } ?? "日期不详"
            var entry = years[year] ?? PenaltyTotals.Year(year: year, cases: 0, amountYuan: 0)
            entry.cases += 1
            entry.amountYuan += record.penaltyAmountYuan ?? 0
            years[year] = entry
        }
        penaltyTotals = PenaltyTotals(
            cases: penalized.count, casesWithAmount: penalized.filter { $0.penaltyAmountYuan != nil }.count,
            amountYuan: penalized.compactMap(\.penaltyAmountYuan).reduce(0, +),
            byYear: years.values.sorted { $0.year < $1.year })
    }

    static func yuan(_ amount: Double) -> String {
        amount == amount.rounded() ? "\(Int(amount)) 元" : String(format: "%.2f 元", amount)
    }
}

/// A subject's dossier with its timeline: the dossier's fields, plus `timeline` and `penalty_totals`.
public struct SubjectReport: Encodable, Sendable {
    public var dossier: ArchiveReader.Dossier
    public var timeline: SubjectTimeline

    public init(_ dossier: ArchiveReader.Dossier) {
        self.dossier = dossier
        timeline = SubjectTimeline(dossier)
    }

    enum CodingKeys: String, CodingKey { case timeline, penaltyTotals }

    public func encode(to encoder: Encoder) throws {
        try dossier.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(timeline.events, forKey: .timeline)
        try container.encode(timeline.penaltyTotals, forKey: .penaltyTotals)
    }
}
