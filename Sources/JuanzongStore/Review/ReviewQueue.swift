import JuanzongCore

/// The documents whose facts staff should check: decisions and notices without a case number
/// or subject, with an identifier missing or failing its check, or named in a conflict, and
/// scans with a page read with low confidence, that nobody has reviewed yet. Earlier versions
/// of changed files are left out.
public struct ReviewQueue {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Why a document is in the queue.
    public enum Reason: String, Codable, Sendable {
        case noCaseNumber = "no_case_number"
        case noSubject = "no_subject"
        case noIdentifier = "no_identifier"
        case identifierCheckFailed = "identifier_check_failed"
        case conflict
        case lowConfidence = "low_confidence"

        public var chineseName: String {
            switch self {
            case .noCaseNumber: return "未识别文号"
            case .noSubject: return "未识别当事人"
            case .noIdentifier: return "当事人无证件号码"
            case .identifierCheckFailed: return "证件号码校验不通过"
            case .conflict: return "导入时有冲突"
            case .lowConfidence: return "扫描件有识别可信度低的页面"
            }
        }
    }

    public struct Entry: Sendable, Codable {
        public let documentId: Int64
        public let title: String
        public let docType: String
        public let sourcePath: String
        public let caseId: Int64?
        public let caseNumber: String?
        public let agency: String?
        public let subjectName: String?
        public let reasons: [Reason]
    }

    /// Document types that state a case's facts themselves (decisions, notices, 公示 pages, and
    /// the 复议 decisions and rulings that review a decision).
    static let factBearingTypes: [DocumentType] = [
        .penaltyDecision, .penaltyNotice, .sealingDecision, .rectificationNotice, .licenseDecision, .penaltyPublicity,
        .reconsiderationDecision, .courtRuling,
    ]

    /// One page of the queue, oldest documents first, and the number waiting in all; `agency`
    /// confines it to one agency's cases under any of their names (a 机关用户, `AgencyScope`).
    public func entries(agency: String? = nil, limit: Int = 50, offset: Int = 0) throws -> (entries: [Entry], total: Int) {
        let types = Self.factBearingTypes.map { "'\($0.rawValue)'" }.joined(separator: ",")
        let conditions = """
            FROM documents d LEFT JOIN cases c ON c.id = d.case_id LEFT JOIN subjects s ON s.id = COALESCE(c.subject_id, d.subject_id)
            WHERE NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.document_id = d.id)
            AND NOT EXISTS (SELECT 1 FROM fact_corrections f WHERE f.document_sha256 = d.sha256)
            AND \(database.dialect.isInJSONArray("c.agency", "?1"))
            AND ((d.doc_type IN (\(types)) AND (d.case_id IS NULL OR s.id IS NULL OR s.identifier IS NULL OR s.identifier_check_passes = 0
                 OR EXISTS (SELECT 1 FROM ingest_problems p WHERE p.source_path = d.source_path AND p.kind IN ('conflict', 'identifier_check'))))
                 OR EXISTS (SELECT 1 FROM ingest_problems p WHERE p.source_path = d.source_path AND p.kind = 'low_confidence'))
            """
        let scope = try agency.map { try AgencyScope(agency: $0, database: database).json }
        let total = try database.prepare("SELECT count(*) " + conditions).first([scope]) { $0.int(0) } ?? 0
        let entries = try database.prepare(
            """
            SELECT d.id, d.title, d.doc_type, d.source_path, d.case_id, c.case_number, c.agency, s.name, s.id IS NOT NULL,
            s.identifier IS NOT NULL, COALESCE(s.identifier_check_passes, 1),
            EXISTS (SELECT 1 FROM ingest_problems p WHERE p.source_path = d.source_path AND p.kind IN ('conflict', 'identifier_check')),
            EXISTS (SELECT 1 FROM ingest_problems p WHERE p.source_path = d.source_path AND p.kind = 'low_confidence'),
            d.doc_type IN (\(types))
            \(conditions) ORDER BY d.id LIMIT ?2 OFFSET ?3
            """
        ).rows([scope, limit, offset]) { row in
            var reasons: [Reason] = []
            if row.int(13) == 1 {
                if row.isNull(4) { reasons.append(.noCaseNumber) }
                if row.int(8) == 0 {
                    reasons.append(.noSubject)
                } else if row.int(9) == 0 {
                    reasons.append(.noIdentifier)
                } else if row.int(10) == 0 {
                    reasons.append(.identifierCheckFailed)
                }
                if row.int(11) == 1 { reasons.append(.conflict) }
            }
            if row.int(12) == 1 { reasons.append(.lowConfidence) }
            return Entry(
                documentId: row.int64(0), title: row.string(1), docType: row.string(2), sourcePath: row.string(3),
                caseId: row.isNull(4) ? nil : row.int64(4), caseNumber: row.optionalString(5), agency: row.optionalString(6),
                subjectName: row.optionalString(7), reasons: reasons)
        }
        return (entries, total)
    }
}
