import Foundation
import JuanzongCore
import JuanzongStore

/// Precedent for legal review (法制审核): earlier decided cases on the same legal basis, their
/// facts and amounts, and where a proposed amount falls among them (裁量基准 consistency).
public struct PrecedentSearch {
    public struct Criteria: Sendable {
        public var article: ArticleReference
        /// Agency name contains this (e.g. 生态环境局).
        public var agency: String?
        /// Case type contains this (e.g. 行政处罚).
        public var caseType: String?
        /// Only cases decided on or before this ISO date.
        public var decidedBefore: String?
        public var proposedAmount: Double?
        public var limit = 20

        public init(article: ArticleReference, agency: String? = nil, caseType: String? = nil,
                    decidedBefore: String? = nil, proposedAmount: Double? = nil, limit: Int = 20) {
            self.article = article
            self.agency = agency
            self.caseType = caseType
            self.decidedBefore = decidedBefore
            self.proposedAmount = proposedAmount
            self.limit = limit
        }
    }

    /// One earlier decided case.
    public struct PrecedentCase: Codable, Sendable {
        public var caseId: Int64
        public var caseNumber: String
        public var agency: String?
        public var caseType: String
        public var decisionDate: String?
        public var subjectName: String?
        public var amountYuan: Double?
        public var penaltyKinds: String?
        /// The citations of the matched statute, as written.
        public var citations: [String]
        /// The decision's statement of facts (经查…), or the passage citing the basis.
        public var facts: String?
        public var factsDocumentId: Int64?
        /// Similarity to the given document (`like` only): higher is more similar.
        public var similarity: Double?
    }

    public struct Result: Codable, Sendable {
        public var basis: String?
        public var total: Int
        public var cases: [PrecedentCase]
        public var amounts: AmountDistribution
        public var proposed: ProposedAmount?
    }

    let database: Database
    let normalizer: TextNormalizer

    public init(database: Database, normalizer: TextNormalizer? = nil) throws {
        self.database = database
        self.normalizer = try normalizer ?? TextNormalizer()
    }

    /// Decided cases citing `criteria.article`, most recent first, with the amount distribution.
    public func search(_ criteria: Criteria) throws -> Result {
        let ids = try criteria.article.caseIDs(in: database)
        var cases = try ids.compactMap { try precedentCase($0, statuteKey: criteria.article.statuteKey) }
            .filter { record in
                guard record.decisionDate != nil else { return false }
                if let before = criteria.decidedBefore, let date = record.decisionDate, date > before { return false }
                if let agency = criteria.agency, !(record.agency ?? "").contains(agency) { return false }
                if let type = criteria.caseType, !record.caseType.contains(type) { return false }
                return true
            }
        cases.sort { ($0.decisionDate ?? "", $0.caseId) > ($1.decisionDate ?? "", $1.caseId) }
        let distribution = AmountDistribution(cases.compactMap(\.amountYuan))
        return Result(
            basis: criteria.article.display, total: cases.count, cases: Array(cases.prefix(max(0, criteria.limit))),
            amounts: distribution, proposed: criteria.proposedAmount.map { ProposedAmount($0, among: distribution) })
    }

    /// The decided cases most similar to document `documentID` (other cases than its own),
    /// by bm25 over its most distinctive terms.
    public func similar(to documentID: Int64, limit: Int = 10, proposedAmount: Double? = nil) throws -> Result {
        guard let text = try database.prepare("SELECT text FROM documents WHERE id = ?1").first([documentID], { $0.string(0) }) else {
            throw QueryError(code: .emptyQuery, message: "未找到文书:\(documentID)")
        }
        let ownCase = try database.prepare("SELECT case_id FROM documents WHERE id = ?1").first([documentID]) { $0.isNull(0) ? nil : $0.int64(0) } ?? nil
        let terms = try distinctiveTerms(of: text)
        guard !terms.isEmpty else { return Result(basis: nil, total: 0, cases: [], amounts: AmountDistribution([]), proposed: nil) }
        let match = terms.map { "\"\($0)\"" }.joined(separator: " OR ")
        var best: [Int64: Double] = [:]
        var order: [Int64] = []
        try database.prepare("""
            SELECT d.case_id, \(Searcher.rankFunction) AS score FROM document_search s
            JOIN documents d ON d.id = s.rowid JOIN cases c ON c.id = d.case_id
            WHERE document_search MATCH ?1 AND c.decided_on IS NOT NULL AND d.case_id IS NOT ?2
            ORDER BY score LIMIT 500
            """).each([match, ownCase]) { row in
                let caseID = row.int64(0)
                if best[caseID] == nil { order.append(caseID) }
                best[caseID] = min(best[caseID] ?? 0, row.double(1))
            }
        var cases: [PrecedentCase] = []
        for caseID in order.prefix(max(0, limit)) {
            guard var record = try precedentCase(caseID, statuteKey: nil) else { continue }
            record.similarity = -(best[caseID] ?? 0)
            cases.append(record)
        }
        let distribution = AmountDistribution(cases.compactMap(\.amountYuan))
        return Result(basis: nil, total: cases.count, cases: cases, amounts: distribution,
                      proposed: proposedAmount.map { ProposedAmount($0, among: distribution) })
    }

    /// Up to 16 bigrams of `text` with the highest tf·idf among those in fewer than a fifth of documents.
    func distinctiveTerms(of text: String) throws -> [String] {
        let normalized = normalizer.normalize(text).lowercased()
        var frequencies: [String: Int] = [:]
        for token in SearchTokenizer.queryTokens(normalized) where token.kind == .bigram {
            let bytes = Array(normalized.utf8)[token.start..<token.end]
            frequencies[String(decoding: bytes, as: UTF8.self), default: 0] += 1
        }
        try database.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocabulary USING fts5vocab(main, document_search, 'row')")
        let documents = Double(try database.prepare("SELECT count(*) FROM documents").first { $0.int64(0) } ?? 1)
        let lookup = try database.prepare("SELECT doc FROM temp.search_vocabulary WHERE term = ?1")
        var weighted: [(String, Double)] = []
        for (term, count) in frequencies {
            let frequency = Double(try lookup.first([term]) { $0.int64(0) } ?? 0)
            guard frequency > 1, frequency < documents / 5 else { continue }
            weighted.append((term, Double(count) * log(documents / frequency)))
        }
        return weighted.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(16).map(\.0)
    }

    private func precedentCase(_ id: Int64, statuteKey: String?) throws -> PrecedentCase? {
        guard var record = try database.prepare("""
            SELECT c.id, c.case_number, c.agency, c.case_type, c.decided_on, s.name, c.penalty_amount_yuan, c.penalty_kinds
            FROM cases c LEFT JOIN subjects s ON s.id = c.subject_id WHERE c.id = ?1
            """).first([id], { row in
                PrecedentCase(caseId: row.int64(0), caseNumber: row.string(1), agency: row.optionalString(2), caseType: row.string(3),
                              decisionDate: row.optionalString(4), subjectName: row.optionalString(5),
                              amountYuan: row.optionalDouble(6), penaltyKinds: row.optionalString(7), citations: [])
            }) else { return nil }
        record.citations = try database.prepare("""
            SELECT written FROM case_legal_bases WHERE case_id = ?1 AND (?2 IS NULL OR instr(statute_key, ?2) > 0)
            ORDER BY article, clause, item
            """).rows([id, statuteKey]) { $0.string(0) }
        // The facts come from the decision, else from any document of the case.
        if let (documentID, text) = try database.prepare("""
            SELECT id, text FROM documents WHERE case_id = ?1
            ORDER BY doc_type = '处罚决定书' DESC, doc_type LIKE '%决定书' DESC, file_order, id LIMIT 1
            """).first([id], { ($0.int64(0), $0.string(1)) }) {
            record.facts = Self.facts(in: text, citing: record.citations.first)
            record.factsDocumentId = documentID
        }
        return record
    }

    /// The statement of facts: from 经查 (or 现查明, 违法事实) to the end of that sentence group,
    /// at most 160 characters; else the passage around the citation; else the beginning.
    static func facts(in text: String, citing citation: String?) -> String {
        let flattened = text.replacingOccurrences(of: "\n", with: " ")
        let markers = ["经查", "现查明", "经调查", "违法事实", "查明"]
        var start = flattened.startIndex
        if let marker = markers.lazy.compactMap({ flattened.range(of: $0) }).first {
            start = marker.lowerBound
        } else if let citation, let found = flattened.range(of: citation) {
            start = flattened.index(found.lowerBound, offsetBy: -60, limitedBy: flattened.startIndex) ?? flattened.startIndex
        }
        var passage = String(flattened[start...].prefix(160))
        if let end = passage.range(of: "。", options: .backwards), passage.distance(from: passage.startIndex, to: end.lowerBound) > 40 {
            passage = String(passage[..<end.upperBound])
        }
        return passage.trimmingCharacters(in: .whitespaces)
    }
}

/// Count, minimum, quartiles, maximum and mean of amounts. Quartiles interpolate linearly
/// between order statistics (the method of R's type 7 and numpy's default).
public struct AmountDistribution: Codable, Sendable, Equatable {
    public var count: Int
    public var minimum: Double?
    public var firstQuartile: Double?
    public var median: Double?
    public var thirdQuartile: Double?
    public var maximum: Double?
    public var mean: Double?
    /// The amounts, ascending (for charts).
    public var values: [Double]

    public init(_ amounts: [Double]) {
        values = amounts.sorted()
        count = values.count
        minimum = values.first
        maximum = values.last
        firstQuartile = Self.quantile(values, 0.25)
        median = Self.quantile(values, 0.5)
        thirdQuartile = Self.quantile(values, 0.75)
        mean = values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The `p` quantile of ascending `sorted` by linear interpolation; nil when empty.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}

/// Where a proposed amount falls among earlier ones.
public struct ProposedAmount: Codable, Sendable, Equatable {
    public enum Position: String, Codable, Sendable {
        case noPrecedent = "no_precedent", belowMinimum = "below_minimum", lowerQuarter = "lower_quarter"
        case interquartile, upperQuarter = "upper_quarter", aboveMaximum = "above_maximum"
    }

    public var amountYuan: Double
    /// Share of earlier amounts at or below the proposed one, 0–100.
    public var percentile: Double?
    public var position: Position
    /// The verdict for the reviewer, in Chinese.
    public var assessment: String

    public init(_ amount: Double, among distribution: AmountDistribution) {
        amountYuan = amount
        guard let minimum = distribution.minimum, let maximum = distribution.maximum,
              let q1 = distribution.firstQuartile, let q3 = distribution.thirdQuartile else {
            percentile = nil
            position = .noPrecedent
            assessment = "没有可比较的已决案件金额"
            return
        }
        let atOrBelow = distribution.values.filter { $0 <= amount }.count
        percentile = (Double(atOrBelow) / Double(distribution.count) * 1000).rounded() / 10
        let amountText = SubjectTimeline.yuan(amount)
        let range = "同类 \(distribution.count) 件已决案件金额 \(SubjectTimeline.yuan(minimum))–\(SubjectTimeline.yuan(maximum)),四分位区间 \(SubjectTimeline.yuan(q1))–\(SubjectTimeline.yuan(q3))"
        switch amount {
        case ..<minimum:
            position = .belowMinimum
            assessment = "拟处罚金额 \(amountText) 低于以往最低金额,请核实从轻、减轻理由。\(range)"
        case ...maximum where amount > q3:
            position = .upperQuarter
            assessment = "拟处罚金额 \(amountText) 高于多数同类案件(上四分之一),请说明从重理由。\(range)"
        case ...maximum where amount < q1:
            position = .lowerQuarter
            assessment = "拟处罚金额 \(amountText) 低于多数同类案件(下四分之一),请说明从轻理由。\(range)"
        case ...maximum:
            position = .interquartile
            assessment = "拟处罚金额 \(amountText) 处于同类案件的中间一半,与以往裁量一致。\(range)"
        default:
            position = .aboveMaximum
            assessment = "拟处罚金额 \(amountText) 高于以往最高金额,请核实从重理由与裁量基准。\(range)"
        }
    }
}
