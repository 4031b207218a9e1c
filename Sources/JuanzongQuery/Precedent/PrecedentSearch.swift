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
        /// Only this agency's cases, under any of their names (a 机关用户's own, `AgencyScope`).
        public var ownAgency: String?
        /// Case type contains this (e.g. 行政处罚).
        public var caseType: String?
        /// Only cases decided on or before this ISO date.
        public var decidedBefore: String?
        public var proposedAmount: Double?
        public var limit = 20

        public init(
            article: ArticleReference, agency: String? = nil, ownAgency: String? = nil, caseType: String? = nil,
            decidedBefore: String? = nil, proposedAmount: Double? = nil, limit: Int = 20
        ) {
            self.article = article
            self.agency = agency
            self.ownAgency = ownAgency
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
    /// The full-text search `similar(to:)` needs; an archive without one (PostgreSQL, for now)
    /// still answers searches by article.
    private let searcher: Swift.Result<Searcher, any Error>

    public init(database: Database, normalizer: TextNormalizer? = nil) throws {
        self.database = database
        self.normalizer = try normalizer ?? TextNormalizer()
        let normalizer = self.normalizer
        searcher = Swift.Result { try Searcher(database: database, normalizer: normalizer) }
    }

    /// Decided cases citing `criteria.article`, most recent first, with the amount distribution
    /// over all of them; facts are read for the listed ones only, and shown as `disclosure` allows.
    public func search(_ criteria: Criteria, disclosure: Disclosure = .everything) throws -> Result {
        disclosed(try cases(citing: criteria), disclosure)
    }

    /// The decided cases most similar to document `documentID` (other cases than its own),
    /// their facts shown as `disclosure` allows.
    public func similar(
        to documentID: Int64, limit: Int = 10, proposedAmount: Double? = nil,
        disclosure: Disclosure = .everything
    ) throws -> Result {
        disclosed(try cases(like: documentID, limit: limit, proposedAmount: proposedAmount), disclosure)
    }

    private func disclosed(_ result: Result, _ disclosure: Disclosure) -> Result {
        var result = result
        for index in result.cases.indices { result.cases[index].facts = result.cases[index].facts.map(disclosure.text) }
        return result
    }

    private func cases(citing criteria: Criteria) throws -> Result {
        let article = criteria.article
        let rows = try database.prepare(
            """
            SELECT c.id, c.penalty_amount_yuan FROM cases c
            WHERE c.id IN (SELECT case_id FROM case_legal_bases
                           WHERE instr(statute_key, ?1) > 0 AND (?2 IS NULL OR article = ?2) AND (?3 IS NULL OR clause = ?3))
            AND c.decided_on IS NOT NULL AND (?4 IS NULL OR c.decided_on <= ?4)
            AND (?5 IS NULL OR instr(c.agency, ?5) > 0) AND (?6 IS NULL OR instr(c.case_type, ?6) > 0)
            AND \(database.dialect.isInJSONArray("c.agency", "?7"))
            ORDER BY c.decided_on DESC, c.id DESC
            """
        ).rows([
            article.statuteKey, article.article, article.clause, criteria.decidedBefore, criteria.agency, criteria.caseType,
            try criteria.ownAgency.map { try AgencyScope(agency: $0, database: database).json },
        ]) {
            ($0.int64(0), $0.optionalDouble(1))
        }
        let details = try CaseDetails(database)
        let cases = try rows.prefix(max(0, criteria.limit)).compactMap { try details.precedentCase($0.0, statuteKey: article.statuteKey) }
        let distribution = AmountDistribution(rows.compactMap(\.1))
        return Result(
            basis: article.display, total: rows.count, cases: cases, amounts: distribution,
            proposed: criteria.proposedAmount.map { ProposedAmount($0, among: distribution) })
    }

    /// A ranked search for the most distinctive terms of document `documentID`, best document per case.
    private func cases(like documentID: Int64, limit: Int, proposedAmount: Double?) throws -> Result {
        guard
            let (text, ownCase) = try database.prepare("SELECT text, case_id FROM documents WHERE id = ?1")
                .first([documentID], { ($0.string(0), $0.isNull(1) ? nil : $0.int64(1)) })
        else {
            throw QueryError(code: .emptyQuery, message: "未找到文书:\(documentID)")
        }
        var query = SearchQuery()
        query.required = [try distinctiveTerms(of: text).map { TextTerm($0) }]
        var best: [(caseID: Int64, score: Double)] = []
        if !query.required[0].isEmpty {
            let hits = try searcher.get().search(query, options: .init(limit: 500, facets: false, snippets: false)).hits
            let decided = try database.prepare(
                "SELECT case_id FROM documents d JOIN cases c ON c.id = d.case_id WHERE d.id = ?1 AND c.decided_on IS NOT NULL")
            var seen = Set<Int64>()
            for hit in hits {
                guard let caseID = try decided.first([hit.documentId], { $0.int64(0) }), caseID != ownCase, seen.insert(caseID).inserted
                else { continue }
                best.append((caseID, hit.score))
                if best.count == max(0, limit) { break }
            }
        }
        let details = try CaseDetails(database)
        let cases = try best.compactMap { entry -> PrecedentCase? in
            var record = try details.precedentCase(entry.caseID, statuteKey: nil)
            record?.similarity = entry.score
            return record
        }
        let distribution = AmountDistribution(cases.compactMap(\.amountYuan))
        return Result(
            basis: nil, total: cases.count, cases: cases, amounts: distribution,
            proposed: proposedAmount.map { ProposedAmount($0, among: distribution) })
    }

    /// Up to 16 bigrams of `text` with the highest tf·idf among those in fewer than a fifth of
    /// documents. Document frequencies come from an evenly spaced sample of at most 2,000
    /// documents (every document in smaller archives): counting them in the index would walk the
    /// doclist of every common bigram (seconds at a million documents).
    func distinctiveTerms(of text: String) throws -> [String] {
        func bigrams(_ text: String) -> [String] {
            let normalized = normalizer.normalize(text).lowercased()
            let bytes = Array(normalized.utf8)
            return SearchTokenizer.queryTokens(normalized).filter { $0.kind == .bigram }
                .map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
        }
        var frequencies: [String: Int] = [:]
        for term in bigrams(text) { frequencies[term, default: 0] += 1 }

        let documents = try database.prepare("SELECT count(*) FROM documents").first { $0.int(0) } ?? 0
        let sampleSize = min(documents, 2_000)
        guard sampleSize > 0 else { return [] }
        var sampled: [String: Int] = [:]
        let maxID = try database.prepare("SELECT max(id) FROM documents").first { $0.int64(0) } ?? 0
        let step = max(maxID / Int64(sampleSize), 1)
        let sampleText = try database.prepare("SELECT text FROM documents WHERE id = ?1")
        for id in stride(from: step, through: maxID, by: Int(step)) {
            guard let sample = try sampleText.first([id], { $0.string(0) }) else { continue }
            for term in Set(bigrams(sample)) where frequencies[term] != nil { sampled[term, default: 0] += 1 }
        }
        let scale = Double(documents) / Double(sampleSize)
        var weighted: [(String, Double)] = []
        for (term, count) in frequencies {
            let frequency = max(Double(sampled[term] ?? 0) * scale, 1)
            // In an exact count a term found only in this document finds nothing else.
            guard frequency < Double(documents) / 5, sampleSize < documents || frequency > 1 else { continue }
            weighted.append((term, Double(count) * log(Double(documents) / frequency)))
        }
        return weighted.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(16).map(\.0)
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

/// Reads a case's precedent details with statements prepared once.
private struct CaseDetails {
    let caseRow, citations, factsDocument: Statement

    init(_ database: Database) throws {
        caseRow = try database.prepare(
            """
            SELECT c.id, c.case_number, c.agency, c.case_type, c.decided_on, s.name, c.penalty_amount_yuan, c.penalty_kinds
            FROM cases c LEFT JOIN subjects s ON s.id = c.subject_id WHERE c.id = ?1
            """)
        citations = try database.prepare(
            """
            SELECT written FROM case_legal_bases WHERE case_id = ?1 AND (?2 IS NULL OR instr(statute_key, ?2) > 0)
            ORDER BY article, clause, item
            """)
        // The facts come from the decision, else from any document of the case.
        factsDocument = try database.prepare(
            """
            SELECT id, text FROM documents WHERE case_id = ?1
            ORDER BY doc_type = '处罚决定书' DESC, doc_type LIKE '%决定书' DESC, file_order, id LIMIT 1
            """)
    }

    func precedentCase(_ id: Int64, statuteKey: String?) throws -> PrecedentSearch.PrecedentCase? {
        guard
            var record = try caseRow.first(
                [id],
                { row in
                    PrecedentSearch.PrecedentCase(
                        caseId: row.int64(0), caseNumber: row.string(1), agency: row.optionalString(2), caseType: row.string(3),
                        decisionDate: row.optionalString(4), subjectName: row.optionalString(5),
                        amountYuan: row.optionalDouble(6), penaltyKinds: row.optionalString(7), citations: [])
                })
        else { return nil }
        record.citations = try citations.rows([id, statuteKey]) { $0.string(0) }
        if let (documentID, text) = try factsDocument.first([id], { ($0.int64(0), $0.string(1)) }) {
            record.facts = PrecedentSearch.facts(in: text, citing: record.citations.first)
            record.factsDocumentId = documentID
        }
        return record
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
        case noPrecedent = "no_precedent"
        case belowMinimum = "below_minimum"
        case lowerQuarter = "lower_quarter"
        case interquartile
        case upperQuarter = "upper_quarter"
        case aboveMaximum = "above_maximum"
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
            let q1 = distribution.firstQuartile, let q3 = distribution.thirdQuartile
        else {
            percentile = nil
            position = .noPrecedent
            assessment = "没有可比较的已决案件金额"
            return
        }
        let atOrBelow = distribution.values.filter { $0 <= amount }.count
        percentile = (Double(atOrBelow) / Double(distribution.count) * 1000).rounded() / 10
        let amountText = SubjectTimeline.yuan(amount)
        let range =
            "同类 \(distribution.count) 件已决案件金额 \(SubjectTimeline.yuan(minimum))–\(SubjectTimeline.yuan(maximum)),四分位区间 \(SubjectTimeline.yuan(q1))–\(SubjectTimeline.yuan(q3))"
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
