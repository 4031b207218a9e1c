import Foundation

/// Read queries over the archive: the subject dossier (一户式), the case file and documents.
///
/// Every record it returns has passed through its `disclosure`: a reader made for a viewer who
/// sees identity numbers masked returns them masked, and withholds originals.
public struct ArchiveReader {
    public let database: Database
    public let disclosure: Disclosure

    public init(database: Database, disclosure: Disclosure = .everything) {
        self.database = database
        self.disclosure = disclosure
    }

    /// A subject's dossier: the subject, its cases in date order, and every document and AV record.
    public struct Dossier: Codable, Sendable {
        public var subject: SubjectRecord
        public var cases: [CaseFile]
        public var unassignedDocuments: [DocumentRecord]
        public var penaltyTotalYuan: Double
    }

    /// A case file: the case, its documents in case-file order, then its AV records.
    public struct CaseFile: Codable, Sendable {
        public var `case`: CaseRecord
        public var documents: [DocumentRecord]
        public var avRecords: [AVRecordRow]
        /// Changes of the case's files, newest first (修订记录); earlier versions stay openable by id.
        public var revisions: [Revision] = []

        public init(case record: CaseRecord, documents: [DocumentRecord], avRecords: [AVRecordRow], revisions: [Revision] = []) {
            self.case = record
            self.documents = documents
            self.avRecords = avRecords
            self.revisions = revisions
        }

        /// JSON written before revisions existed has none.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.case = try container.decode(CaseRecord.self, forKey: .case)
            documents = try container.decode([DocumentRecord].self, forKey: .documents)
            avRecords = try container.decode([AVRecordRow].self, forKey: .avRecords)
            revisions = try container.decodeIfPresent([Revision].self, forKey: .revisions) ?? []
        }
    }

    /// Subjects matching `query`: an id, an identifier, or a name (exact, else containing).
    public func findSubjects(_ query: String) throws -> [SubjectRecord] {
        if let id = Int64(query), let found = try subject(id) { return [found] }
        var ids = try database.prepare(
            """
            SELECT id FROM subjects WHERE identifier = upper(?1) OR name = ?1
            OR id IN (SELECT subject_id FROM subject_names WHERE name = ?1) ORDER BY id
            """
        ).rows([query]) { $0.int64(0) }
        if ids.isEmpty {
            ids = try database.prepare("SELECT id FROM subjects WHERE name LIKE '%' || ?1 || '%' ORDER BY id LIMIT 50")
                .rows([query]) { $0.int64(0) }
        }
        return try ids.compactMap(subject)
    }

    public func subject(_ id: Int64) throws -> SubjectRecord? {
        try storedSubject(id).map(disclosure.subject)
    }

    private func storedSubject(_ id: Int64) throws -> SubjectRecord? {
        guard
            var record = try database.prepare(
                """
                SELECT id, kind, name, identifier, identifier_kind, identifier_masked, identifier_check_passes, address,
                representative FROM subjects WHERE id = ?1
                """
            ).first(
                [id],
                { row in
                    SubjectRecord(
                        id: row.int64(0), kind: row.string(1), name: row.string(2), identifier: row.optionalString(3),
                        identifierKind: row.optionalString(4), identifierMasked: row.int(5) != 0,
                        identifierCheckPasses: row.optionalInt(6).map { $0 != 0 }, address: row.optionalString(7),
                        representative: row.optionalString(8), nameVariants: [])
                })
        else { return nil }
        record.nameVariants = try database.prepare("SELECT name FROM subject_names WHERE subject_id = ?1 AND name <> ?2 ORDER BY name")
            .rows([id, record.name]) { $0.string(0) }
        return record
    }

    public func dossier(subjectID: Int64) throws -> Dossier? {
        guard let subject = try storedSubject(subjectID) else { return nil }
        let caseIDs = try database.prepare(
            """
            SELECT id FROM cases WHERE subject_id = ?1
            OR id IN (SELECT case_id FROM documents WHERE subject_id = ?1 AND case_id IS NOT NULL)
            ORDER BY COALESCE(decided_on, filed_on, closed_on, '9999'), id
            """
        ).rows([subjectID]) { $0.int64(0) }
        let cases = try caseIDs.compactMap { try storedCaseFile(id: $0, includeText: false) }
        let unassigned = try documents(where: "d.subject_id = ?1 AND d.case_id IS NULL", [subjectID], includeText: false)
        let total = cases.compactMap(\.case.penaltyAmountYuan).reduce(0, +)
        return disclosure.dossier(Dossier(subject: subject, cases: cases, unassignedDocuments: unassigned, penaltyTotalYuan: total))
    }

    /// The case whose normalized number equals that of `number`.
    public func caseFile(numberKey: String, includeText: Bool = false) throws -> CaseFile? {
        guard let id = try database.prepare("SELECT id FROM cases WHERE case_number_key = ?1").first([numberKey], { $0.int64(0) })
        else { return nil }
        return try caseFile(id: id, includeText: includeText)
    }

    public func caseFile(id: Int64, includeText: Bool) throws -> CaseFile? {
        try storedCaseFile(id: id, includeText: includeText).map(disclosure.caseFile)
    }

    private func storedCaseFile(id: Int64, includeText: Bool) throws -> CaseFile? {
        guard
            var record = try database.prepare(
                """
                SELECT c.id, c.case_number, c.case_number_key, c.agency, c.case_type, c.procedure, c.filed_on, c.decided_on,
                c.served_on, c.closed_on, c.published_on, c.penalty_kinds, c.penalty_amount_yuan, c.subject_id, s.name,
                c.confiscation_yuan FROM cases c LEFT JOIN subjects s ON s.id = c.subject_id WHERE c.id = ?1
                """
            ).first(
                [id],
                { row in
                    CaseRecord(
                        id: row.int64(0), caseNumber: row.string(1), caseNumberKey: row.string(2), agency: row.optionalString(3),
                        caseType: row.string(4), procedure: row.optionalString(5), filedOn: row.optionalString(6),
                        decidedOn: row.optionalString(7), servedOn: row.optionalString(8), closedOn: row.optionalString(9),
                        publishedOn: row.optionalString(10), penaltyKinds: row.optionalString(11),
                        penaltyAmountYuan: row.optionalDouble(12), confiscationYuan: row.optionalDouble(15),
                        subjectId: row.isNull(13) ? nil : row.int64(13), subjectName: row.optionalString(14))
                })
        else { return nil }
        record.legalBases = try database.prepare(
            """
            SELECT statute, article, clause, item, written, role FROM case_legal_bases WHERE case_id = ?1
            ORDER BY role = 'violated', statute, article, clause, item
            """
        ).rows([id]) {
            .init(
                statute: $0.string(0), article: $0.optionalInt(1), clause: $0.optionalInt(2), item: $0.optionalInt(3), written: $0.string(4),
                role: $0.string(5))
        }
        record.officers = try database.prepare("SELECT name, badge_number FROM case_officers WHERE case_id = ?1 ORDER BY name")
            .rows([id]) { .init(name: $0.string(0), badgeNumber: $0.optionalString(1)) }
        let documents = try documents(where: "d.case_id = ?1", [id], includeText: includeText)
        let av = try avRecords(caseID: id)
        return CaseFile(case: record, documents: documents, avRecords: av, revisions: try revisions(caseID: id))
    }

    /// The bytes of an original kept in the archive (inline or as an object file); nil for media
    /// stored by reference or unknown hashes. An original cannot be masked: a reader that masks
    /// identity numbers throws `Disclosure.OriginalWithheld`.
    public func original(sha256: String, objects: BlobStore) throws -> Data? {
        guard !disclosure.masksIdentityNumbers else { throw Disclosure.OriginalWithheld() }
        if let data = try database.prepare("SELECT data FROM blob_contents WHERE sha256 = ?1").first([sha256], { $0.data(0) }) {
            return data
        }
        if let text = try database.prepare(
            """
            SELECT d.text FROM documents d JOIN blobs b USING (sha256) WHERE d.sha256 = ?1 AND b.location = 'document_text'
            """
        ).first([sha256], { $0.string(0) }) {
            return Data(text.utf8)
        }
        guard objects.contains(sha256) else { return nil }
        return try Data(contentsOf: objects.url(for: sha256))
    }

    /// The media file of an AV record — in the store, or where it was referenced from — if it is
    /// present and of the recorded size.
    public func mediaFile(_ record: AVRecordRow, objects: BlobStore) throws -> (url: URL, size: Int64)? {
        guard let sha256 = record.sha256 else { return nil }
        let url: URL
        if objects.contains(sha256) {
            url = objects.url(for: sha256)
        } else if let path = try database.prepare("SELECT reference_path FROM blobs WHERE sha256 = ?1").first([sha256], { $0.optionalString(0) })
            ?? nil
        {
            url = URL(fileURLWithPath: path)
        } else {
            return nil
        }
        guard let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int64,
            record.size == nil || record.size == size
        else { return nil }
        return (url, size)
    }

    /// The folders and files ever given to `ingest`, as recorded by each run, longest first.
    public func ingestRoots() throws -> [String] {
        let lists = try database.prepare("SELECT DISTINCT inputs FROM ingest_runs").rows { $0.string(0) }
        let roots = Set(lists.flatMap { (try? JSONDecoder().decode([String].self, from: Data($0.utf8))) ?? [] })
        return roots.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// The agency of a case, nil when the case is unknown or has none.
    public func agency(caseID: Int64) throws -> String? {
        try database.prepare("SELECT agency FROM cases WHERE id = ?1").first([caseID]) { $0.optionalString(0) } ?? nil
    }

    /// The id of the case with this normalized number (`CaseNumber.key`).
    public func caseID(numberKey: String) throws -> Int64? {
        try database.prepare("SELECT id FROM cases WHERE case_number_key = ?1").first([numberKey]) { $0.int64(0) }
    }

    /// A document, current or an earlier version of a changed file (then `supersededBy` names the next).
    public func document(id: Int64) throws -> DocumentRecord? {
        try documents(where: "d.id = ?1", [id], includeText: true, currentOnly: false).first.map(disclosure.document)
    }

    /// One page of a scan read by OCR: where its text is in the document's text (in Unicode
    /// scalars), how sure the engine was, which engine, and the turn it was read at.
    public struct DocumentPage: Codable, Sendable {
        public var page: Int
        public var textStart: Int
        public var textLength: Int
        public var confidence: Double?
        public var engine: String
        public var rotation: Int
    }

    /// The OCR pages of a document, in order; empty for text read otherwise.
    public func pages(documentID: Int64) throws -> [DocumentPage] {
        guard try database.hasTable("document_pages") else { return [] }
        return try database.prepare(
            "SELECT page, text_start, text_length, confidence, engine, rotation FROM document_pages WHERE document_id = ?1 ORDER BY page"
        ).rows([documentID]) { row in
            DocumentPage(
                page: row.int(0), textStart: row.int(1), textLength: row.int(2), confidence: row.optionalDouble(3), engine: row.string(4),
                rotation: row.int(5))
        }
    }

    /// The changes of the case's files (修订记录): which document replaced which, when, newest first.
    public func revisions(caseID: Int64) throws -> [Revision] {
        guard try hasDocumentVersions() else { return [] }
        return try database.prepare(
            """
            SELECT v.document_id, v.superseded_by, v.source_path, v.changed_at, v.run_id FROM document_versions v
            JOIN documents n ON n.id = v.superseded_by JOIN documents o ON o.id = v.document_id
            WHERE n.case_id = ?1 OR o.case_id = ?1 ORDER BY v.changed_at DESC, v.document_id DESC
            """
        ).rows([caseID]) { row in
            Revision(
                previousDocumentId: row.int64(0), documentId: row.int64(1), sourcePath: disclosure.sourcePath(row.string(2)),
                changedAt: row.string(3), runId: row.int64(4))
        }
    }

    /// One change of a file: its earlier document, superseded by the next, in an ingest run.
    public struct Revision: Codable, Sendable {
        public var previousDocumentId: Int64
        public var documentId: Int64
        public var sourcePath: String
        public var changedAt: String
        public var runId: Int64
    }

    private func hasDocumentVersions() throws -> Bool {
        try database.hasTable("document_versions")
    }

    /// A row of the subject list: who, how many cases (of `agency` only, when given), the total fined, the last decision.
    public struct SubjectSummary: Codable, Sendable {
        public var id: Int64
        public var name: String
        public var kind: String
        public var identifier: String?
        public var cases: Int
        public var penaltyTotalYuan: Double
        public var lastDecision: String?
    }

    /// Up to 100 subjects, newest decision first: all, or those whose identifier is `text` or whose
    /// name (or a variant) contains it; with `agency`, only subjects with a case of it (under any of
    /// its names, `AgencyScope`), counted over those cases.
    public func subjectSummaries(matching text: String?, agency: String?) throws -> [SubjectSummary] {
        try database.prepare(
            """
            SELECT s.id, s.name, s.kind, s.identifier, s.identifier_kind, count(c.id), COALESCE(sum(c.penalty_amount_yuan), 0), max(c.decided_on)
            FROM subjects s LEFT JOIN cases c ON c.subject_id = s.id AND \(database.dialect.isInJSONArray("c.agency", "?1"))
            WHERE ?2 IS NULL OR s.identifier = upper(?2) OR s.name LIKE '%' || ?2 || '%'
               OR s.id IN (SELECT subject_id FROM subject_names WHERE name LIKE '%' || ?2 || '%')
            GROUP BY s.id HAVING ?1 IS NULL OR count(c.id) > 0
            ORDER BY max(c.decided_on) DESC, s.id LIMIT 100
            """
        ).rows([try agency.map { try AgencyScope(agency: $0, database: database).json }, text]) { row in
            SubjectSummary(
                id: row.int64(0), name: row.string(1), kind: row.string(2),
                identifier: disclosure.identifier(row.optionalString(3), kind: row.optionalString(4), subjectKind: row.string(2)),
                cases: row.int(5), penaltyTotalYuan: row.double(6), lastDecision: row.optionalString(7))
        }
    }

    /// The case an AV record belongs to, if any.
    public func caseID(ofAVRecord id: Int64) throws -> Int64? {
        try database.prepare("SELECT case_id FROM av_records WHERE id = ?1").first([id]) { $0.isNull(0) ? nil : $0.int64(0) } ?? nil
    }

    /// Documents matching `condition`; `currentOnly` leaves out earlier versions of changed files.
    private func documents(
        where condition: String, _ values: [any SQLBindable], includeText: Bool, currentOnly: Bool = true
    ) throws
        -> [DocumentRecord]
    {
        let versioned = try hasDocumentVersions()
        let successor = versioned ? "(SELECT v.superseded_by FROM document_versions v WHERE v.document_id = d.id)" : "NULL"
        let records = try database.prepare(
            """
            SELECT d.id, d.case_id, c.case_number, d.subject_id, d.doc_type, d.title, d.doc_date, d.format, d.encoding, d.extraction,
            d.source_path, d.sha256, d.size, d.confidential, \(includeText ? "d.text" : "NULL"), \(successor)
            FROM documents d LEFT JOIN cases c ON c.id = d.case_id WHERE (\(condition))
            \(versioned && currentOnly ? "AND NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.document_id = d.id)" : "")
            ORDER BY d.file_order, COALESCE(d.doc_date, '9999'), d.id
            """
        ).rows(values) { row in
            var record = DocumentRecord(
                id: row.int64(0), caseId: row.isNull(1) ? nil : row.int64(1), caseNumber: row.optionalString(2),
                subjectId: row.isNull(3) ? nil : row.int64(3), docType: row.string(4), title: row.string(5),
                docDate: row.optionalString(6), format: row.string(7), encoding: row.optionalString(8),
                extraction: row.string(9), sourcePath: row.string(10), sha256: row.string(11), size: row.int64(12),
                confidential: row.int(13) != 0, text: row.optionalString(14))
            record.supersededBy = row.isNull(15) ? nil : row.int64(15)
            return record
        }
        let sources = try database.prepare("SELECT source_path FROM document_sources WHERE document_id = ?1 ORDER BY 1")
        return try records.map { record in
            var record = record
            record.otherSourcePaths = try sources.rows([record.id]) { $0.string(0) }
            return record
        }
    }

    private func avRecords(caseID: Int64) throws -> [AVRecordRow] {
        try database.prepare(
            """
            SELECT a.id, a.file_name, a.sha256, a.size, a.device_id, a.officer_id, a.started_at, a.ended_at, a.duration_seconds,
            a.codec, a.category, a.important, a.case_id, a.subject_id, a.media_path, a.sidecar_path, CASE WHEN b.location <> 'reference' THEN 1 ELSE 0 END
            FROM av_records a LEFT JOIN blobs b ON b.sha256 = a.sha256 WHERE a.case_id = ?1
            ORDER BY COALESCE(a.started_at, '9999'), a.id
            """
        ).rows([caseID]) { row in
            AVRecordRow(
                id: row.int64(0), fileName: row.string(1), sha256: row.optionalString(2),
                size: row.isNull(3) ? nil : row.int64(3), deviceId: row.optionalString(4), officerId: row.optionalString(5),
                startedAt: row.optionalString(6), endedAt: row.optionalString(7), durationSeconds: row.optionalDouble(8),
                codec: row.optionalString(9), category: row.string(10), important: row.int(11) != 0,
                caseId: row.isNull(12) ? nil : row.int64(12), subjectId: row.isNull(13) ? nil : row.int64(13),
                mediaPath: row.optionalString(14), sidecarPath: row.optionalString(15), mediaStored: row.int(16) != 0)
        }
    }
}
