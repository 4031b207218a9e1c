import Foundation
import JuanzongCore

/// A fact of a document that staff can correct in review (or confirm as inferred).
public enum ReviewedField: String, Codable, Sendable, CaseIterable {
    /// The facts as inferred are right: the document leaves the review queue unchanged.
    case confirmed
    case caseNumber = "case_number"
    case subjectName = "subject_name"
    case subjectIdentifier = "subject_identifier"
    case decidedOn = "decided_on"
    case fineYuan = "fine_yuan"
    case legalBases = "legal_bases"

    public var chineseName: String {
        switch self {
        case .confirmed: return "确认无误"
        case .caseNumber: return "文号"
        case .subjectName: return "当事人"
        case .subjectIdentifier: return "证件号码"
        case .decidedOn: return "决定日期"
        case .fineYuan: return "罚款金额(元)"
        case .legalBases: return "法律依据"
        }
    }
}

/// One stored correction (or confirmation): who, when, the value it replaced and the new one.
public struct FactCorrection: Sendable, Codable {
    public let id: Int64
    public let documentId: Int64
    public let field: ReviewedField
    /// Values as shown to staff; legal bases one per line.
    public let previousValue: String?
    public let value: String?
    public let actor: String
    public let at: String
    public let reason: String?
}

/// What a reviewer says about one document: the values the facts should have; nil leaves a
/// fact as it is. Values equal to the current ones are not corrections.
public struct FactReview: Sendable {
    public var caseNumber: String?
    public var subjectName: String?
    public var subjectIdentifier: String?
    public var decidedOn: DayDate?
    public var fineYuan: Double?
    public var legalBases: [LegalBasis]?
    public var reason: String?

    public init() {}

    public var isEmpty: Bool {
        caseNumber == nil && subjectName == nil && subjectIdentifier == nil && decidedOn == nil && fineYuan == nil && legalBases == nil
    }
}

/// A review that cannot be stored, with the reason in Chinese.
public struct FactReviewRefusal: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }

    public init(reason: String) { self.reason = reason }
}

/// Stores reviews and applies them to the archive: the document joins the corrected case, the
/// case the corrected subject, and the case's date, fine and legal bases take the corrected
/// values. Corrections are kept by the document's SHA-256 (its content), and the ingest writer
/// applies them again to every case a later run touches, so a re-ingest never undoes them.
public struct FactReviewer {
    let database: Database

    public init(database: Database) { self.database = database }

    /// The facts of a document as the archive holds them now, as shown in review.
    public struct CurrentFacts: Sendable, Codable {
        public let documentId: Int64
        public let sha256: String
        public let caseId: Int64?
        public let agency: String?
        public let caseNumber: String?
        public let subjectId: Int64?
        public let subjectName: String?
        public let subjectIdentifier: String?
        public let decidedOn: String?
        public let fineYuan: Double?
        public let legalBases: [String]

        func shown(_ field: ReviewedField) -> String? {
            switch field {
            case .confirmed: return nil
            case .caseNumber: return caseNumber
            case .subjectName: return subjectName
            case .subjectIdentifier: return subjectIdentifier
            case .decidedOn: return decidedOn
            case .fineYuan: return fineYuan.map(FactReviewer.yuan)
            case .legalBases: return legalBases.isEmpty ? nil : legalBases.joined(separator: "\n")
            }
        }
    }

    /// The current facts of document `documentId`; nil when there is no such document.
    public func currentFacts(documentId: Int64) throws -> CurrentFacts? {
        try database.prepare(
            """
            SELECT d.id, d.sha256, d.case_id, c.agency, c.case_number, COALESCE(c.subject_id, d.subject_id), s.name, s.identifier,
            c.decided_on, c.penalty_amount_yuan
            FROM documents d LEFT JOIN cases c ON c.id = d.case_id LEFT JOIN subjects s ON s.id = COALESCE(c.subject_id, d.subject_id)
            WHERE d.id = ?1
            """
        ).first([documentId]) { row in
            let caseID = row.isNull(2) ? nil : row.int64(2)
            let bases = try caseID.map { id in
                try database.prepare(
                    "SELECT written FROM case_legal_bases WHERE case_id = ?1 AND role = 'applied' ORDER BY statute_key, article, clause, item"
                )
                .rows([id]) { $0.string(0) }
            }
            return CurrentFacts(
                documentId: row.int64(0), sha256: row.string(1), caseId: caseID, agency: row.optionalString(3),
                caseNumber: row.optionalString(4), subjectId: row.isNull(5) ? nil : row.int64(5), subjectName: row.optionalString(6),
                subjectIdentifier: row.optionalString(7), decidedOn: row.optionalString(8), fineYuan: row.optionalDouble(9),
                legalBases: bases ?? [])
        }
    }

    /// Stores `review` of document `documentId` by `actor`: one correction per fact whose value
    /// differs from the current one, or a confirmation when none does; applies them, audits
    /// them and tells search that the archive changed, in one transaction.
    @discardableResult
    public func review(documentId: Int64, _ review: FactReview, actor: String) throws -> [FactCorrection] {
        try database.transaction {
            guard let current = try currentFacts(documentId: documentId) else {
                throw FactReviewRefusal(reason: "没有编号为 \(documentId) 的文书")
            }
            var changes: [(ReviewedField, String)] = []
            if let written = review.caseNumber?.trimmingCharacters(in: .whitespaces), !written.isEmpty {
                guard let number = CaseNumber(written), Self.looksLikeCaseNumber(written) else {
                    throw FactReviewRefusal(reason: "文号“\(written)”无法识别(应如 沪市监奉处〔2024〕12号:含年份与“号”)")
                }
                if number.key != current.caseNumber.flatMap(CaseNumber.init)?.key { changes.append((.caseNumber, number.written)) }
            }
            // A document moving to another case states its facts for that case: each given one counts.
            let moving = !changes.isEmpty
            if let name = review.subjectName?.trimmingCharacters(in: .whitespaces), !name.isEmpty, moving || name != current.subjectName {
                changes.append((.subjectName, name))
            }
            if let raw = review.subjectIdentifier?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
                guard let identifier = SubjectIdentifier(raw) else {
                    throw FactReviewRefusal(reason: "证件号码“\(raw)”不是统一社会信用代码或身份证号码(18 位,可含打码)")
                }
                if moving || identifier.value != current.subjectIdentifier { changes.append((.subjectIdentifier, identifier.value)) }
            }
            if let date = review.decidedOn, moving || date.iso != current.decidedOn { changes.append((.decidedOn, date.iso)) }
            if let fine = review.fineYuan {
                guard fine >= 0, fine.isFinite else { throw FactReviewRefusal(reason: "罚款金额应为不小于 0 的数") }
                if moving || fine != current.fineYuan { changes.append((.fineYuan, Self.yuan(fine))) }
            }
            if let bases = review.legalBases {
                let written = bases.map(\.written)
                if moving || Set(written) != Set(current.legalBases) { changes.append((.legalBases, written.joined(separator: "\n"))) }
            }
            if changes.contains(where: { [.decidedOn, .fineYuan, .legalBases].contains($0.0) }), current.caseId == nil,
                !changes.contains(where: { $0.0 == .caseNumber })
            {
                throw FactReviewRefusal(reason: "这份文书不属于任何案件:请先填写文号,再更正日期、金额或依据")
            }
            let at = ISO8601DateFormatter().string(from: Date())
            let insert = try database.prepare(
                """
                INSERT INTO fact_corrections(document_sha256, field, previous_value, value, structured_value, actor, at, reason)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                """)
            var stored: [FactCorrection] = []
            for (field, value) in changes.isEmpty ? [(ReviewedField.confirmed, "")] : changes {
                let structured =
                    field == .legalBases ? try review.legalBases.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) } : nil
                let shownValue = field == .confirmed ? nil : value
                try insert.run([current.sha256, field.rawValue, current.shown(field), shownValue, structured, actor, at, review.reason])
                stored.append(
                    FactCorrection(
                        id: try database.lastInsertRowID, documentId: documentId, field: field, previousValue: current.shown(field),
                        value: shownValue, actor: actor, at: at, reason: review.reason))
            }
            try apply(documentSHA256: current.sha256)
            try AuditLog(database: database).append(
                stored.map { correction in
                    AuditLog.Entry(
                        actor: actor, action: correction.field == .confirmed ? "facts_confirmed" : "fact_corrected",
                        target: "document:\(documentId)",
                        detail: correction.field == .confirmed
                            ? "确认推断的事实无误"
                            : "\(correction.field.chineseName):\(correction.previousValue ?? "(空)") → \(correction.value ?? "(空)")"
                                + (review.reason.map { ";理由:\($0)" } ?? ""))
                })
            try database.execute(
                "INSERT INTO archive_info(key, value) VALUES ('content_version', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(archive_info.value AS INTEGER) + 1"
            )
            return stored
        }
    }

    /// Every correction and confirmation of document `documentId`, oldest first.
    public func history(documentId: Int64) throws -> [FactCorrection] {
        try database.prepare(
            """
            SELECT f.id, f.field, f.previous_value, f.value, f.actor, f.at, f.reason FROM fact_corrections f
            JOIN documents d ON d.sha256 = f.document_sha256 WHERE d.id = ?1 ORDER BY f.id
            """
        ).rows([documentId]) { row in
            FactCorrection(
                id: row.int64(0), documentId: documentId, field: ReviewedField(rawValue: row.string(1)) ?? .confirmed,
                previousValue: row.optionalString(2), value: row.optionalString(3), actor: row.string(4), at: row.string(5),
                reason: row.optionalString(6))
        }
    }

    /// Applies again the corrections of the current documents of `caseIDs` (the ingest writer,
    /// after it changed those cases). A document replaced by a new version of its file keeps
    /// its corrections in history but no longer applies them: the new text is new evidence.
    public func reapply(toCases caseIDs: Set<Int64>) throws {
        guard !caseIDs.isEmpty, try database.prepare("SELECT 1 FROM fact_corrections LIMIT 1").first([], { _ in true }) == true else { return }
        let list = caseIDs.map(String.init).joined(separator: ",")
        let documents = try database.prepare(
            """
            SELECT DISTINCT f.document_sha256 FROM fact_corrections f JOIN documents d ON d.sha256 = f.document_sha256
            WHERE d.case_id IN (\(list)) AND f.field <> 'confirmed'
            AND NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.document_id = d.id)
            """
        ).rows { $0.string(0) }
        for sha256 in documents { try apply(documentSHA256: sha256) }
    }

    /// Brings the archive in line with the latest corrected value of each fact of one document.
    private func apply(documentSHA256 sha256: String) throws {
        var latest: [ReviewedField: (value: String?, structured: String?)] = [:]
        try database.prepare("SELECT field, value, structured_value FROM fact_corrections WHERE document_sha256 = ?1 ORDER BY id")
            .each([sha256]) { row in
                guard let field = ReviewedField(rawValue: row.string(0)), field != .confirmed else { return }
                latest[field] = (row.optionalString(1), row.optionalString(2))
            }
        guard let documentID = try database.prepare("SELECT id FROM documents WHERE sha256 = ?1").first([sha256], { $0.int64(0) }) else {
            return
        }
        if let written = latest[.caseNumber]?.value, let number = CaseNumber(written) {
            try moveDocument(documentID, toCase: number)
        }
        let caseID =
            try database.prepare("SELECT case_id FROM documents WHERE id = ?1").first([documentID]) { $0.isNull(0) ? nil : $0.int64(0) } ?? nil
        if latest[.subjectName] != nil || latest[.subjectIdentifier] != nil {
            let subjectID = try resolveSubject(
                name: latest[.subjectName]?.value, identifier: latest[.subjectIdentifier]?.value.flatMap(SubjectIdentifier.init),
                documentID: documentID, caseID: caseID)
            if let caseID {
                try database.prepare("UPDATE cases SET subject_id = ?1 WHERE id = ?2").run([subjectID, caseID])
                try database.prepare("UPDATE documents SET subject_id = ?1 WHERE case_id = ?2").run([subjectID, caseID])
            } else {
                try database.prepare("UPDATE documents SET subject_id = ?1 WHERE id = ?2").run([subjectID, documentID])
            }
        }
        guard let caseID else { return }
        if let date = latest[.decidedOn]?.value {
            try database.prepare("UPDATE cases SET decided_on = ?1 WHERE id = ?2").run([date, caseID])
        }
        if let fine = latest[.fineYuan]?.value.flatMap(Double.init) {
            try database.prepare("UPDATE cases SET penalty_amount_yuan = ?1 WHERE id = ?2").run([fine, caseID])
        }
        if let structured = latest[.legalBases]?.structured {
            let bases = try JSONDecoder().decode([LegalBasis].self, from: Data(structured.utf8))
            try database.prepare("DELETE FROM case_legal_bases WHERE case_id = ?1 AND role = 'applied'").run([caseID])
            let insert = try database.prepare(
                """
                INSERT INTO case_legal_bases(case_id, statute, statute_key, article, clause, item, written, role)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'applied') ON CONFLICT(case_id, written, role) DO NOTHING
                """
            )
            for basis in bases {
                try insert.run([caseID, basis.statute, basis.statuteKey, basis.article, basis.clause, basis.item, basis.written])
            }
        }
    }

    /// Puts the document in the case of `number` (made when the archive has none); a new case
    /// takes the subject and agency of the case the document leaves.
    private func moveDocument(_ documentID: Int64, toCase number: CaseNumber) throws {
        let previous =
            try database.prepare("SELECT case_id FROM documents WHERE id = ?1").first([documentID]) { $0.isNull(0) ? nil : $0.int64(0) } ?? nil
        let target: Int64
        if let existing = try database.prepare("SELECT id FROM cases WHERE case_number_key = ?1").first([number.key], { $0.int64(0) }) {
            target = existing
        } else {
            try database.prepare(
                """
                INSERT INTO cases(case_number, case_number_key, agency, case_type, subject_id)
                SELECT ?1, ?2, c.agency, c.case_type, c.subject_id FROM (SELECT 1) LEFT JOIN cases c ON c.id = ?3
                """
            ).run([number.written, number.key, previous])
            target = try database.lastInsertRowID
        }
        guard target != previous else { return }
        try database.prepare(
            "UPDATE documents SET case_id = ?1, subject_id = COALESCE((SELECT subject_id FROM cases WHERE id = ?1), subject_id) WHERE id = ?2"
        )
        .run([target, documentID])
    }

    /// The subject the reviewer named: the one with the identifier, else the case's subject when
    /// it has no identifier yet (it gains this one, and the name), else, with a name only, the
    /// only subject of that name; else a new one. Nothing is merged by name when names collide.
    private func resolveSubject(name: String?, identifier: SubjectIdentifier?, documentID: Int64, caseID: Int64?) throws -> Int64 {
        let currentSubject =
            try database.prepare("SELECT COALESCE(c.subject_id, d.subject_id) FROM documents d LEFT JOIN cases c ON c.id = d.case_id WHERE d.id = ?1")
            .first([documentID]) { $0.isNull(0) ? nil : $0.int64(0) } ?? nil
        let currentName = try currentSubject.flatMap { id in
            try database.prepare("SELECT name FROM subjects WHERE id = ?1").first([id]) { $0.string(0) }
        }
        let name = name ?? currentName ?? "(未知当事人)"
        let nameKey = CaseNumber.normalize(name)
        let addName = try database.prepare("INSERT OR IGNORE INTO subject_names(subject_id, name) VALUES (?1, ?2)")
        if let identifier {
            // A masked identifier joins only a subject of the same name (many share the mask).
            let existing =
                identifier.isMasked
                ? try database.prepare("SELECT id FROM subjects WHERE identifier = ?1 AND name_key = ?2").first([identifier.value, nameKey]) {
                    $0.int64(0)
                }
                : try database.prepare("SELECT id FROM subjects WHERE identifier = ?1").first([identifier.value]) { $0.int64(0) }
            if let existing {
                try addName.run([existing, name])
                return existing
            }
            // The case's subject had no identifier: it gains this one.
            if let currentSubject,
                try database.prepare("SELECT identifier IS NULL FROM subjects WHERE id = ?1").first([currentSubject], { $0.int(0) == 1 }) == true
            {
                try database.prepare(
                    """
                    UPDATE subjects SET identifier = ?1, identifier_kind = ?2, identifier_masked = ?3, identifier_check_passes = ?4,
                    name = ?5, name_key = ?6, kind = CASE WHEN ?2 = 'id_card' THEN 'person' WHEN ?2 = 'uscc' THEN 'enterprise' ELSE kind END
                    WHERE id = ?7
                    """
                ).run([
                    identifier.value, identifier.kind.rawValue, identifier.isMasked, identifier.checkPasses, name, nameKey, currentSubject,
                ])
                try addName.run([currentSubject, name])
                return currentSubject
            }
        } else {
            let sameName = try database.prepare("SELECT id FROM subjects WHERE name_key = ?1").rows([nameKey]) { $0.int64(0) }
            if sameName.count == 1 { return sameName[0] }
        }
        let kind = identifier.map { $0.identifiesPerson ? "person" : "enterprise" } ?? "unknown"
        try database.prepare(
            """
            INSERT INTO subjects(kind, name, name_key, identifier, identifier_kind, identifier_masked, identifier_check_passes)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """
        ).run([kind, name, nameKey, identifier?.value, identifier?.kind.rawValue, identifier?.isMasked ?? false, identifier?.checkPasses])
        let id = try database.lastInsertRowID
        try addName.run([id, name])
        return id
    }

    /// A number as staff type one: a year of four digits and a serial ending in 号 (or 號).
    static func looksLikeCaseNumber(_ text: String) -> Bool {
        let folded = CaseNumber.normalize(text)
        return (folded.hasSuffix("号") || folded.hasSuffix("號")) && folded.contains(/(19|20)\d\d/) && folded.contains(where: \.isNumber)
    }

    /// An amount in yuan as staff write it: no trailing `.0`, fen kept.
    public static func yuan(_ amount: Double) -> String {
        amount == amount.rounded() ? String(Int64(amount)) : String(format: "%.2f", amount)
    }
}
