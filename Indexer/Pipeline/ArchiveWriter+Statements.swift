import JuanzongStore

extension ArchiveWriter {
    /// The writer's prepared statements, prepared once per run.
    struct Statements {
        let subjectByIdentifier, subjectByMaskedIdentifier, subjectsByIdentifiers, subjectCountsByNameKeys, subjectsByNameKey, addName, fillSubject,
            setIdentifier,
            insertSubject: Statement
        let casesByKey, casesBases, casesOfficers, insertCase, updateCase, insertBasis, insertOfficer: Statement
        let documentsBySHA, insertDocument, insertDocumentSource, insertBlob, subjectName: Statement
        let searchIndex: SearchIndexWriter
        let currentDocumentAtPath, supersede, dropSourceAlias: Statement
        let insertAV, markSource, insertProblem, insertContent, bumpContentVersion, recordPathBytes, insertPage: Statement

        init(_ db: Database) throws {
            subjectByIdentifier = try db.prepare("SELECT id FROM subjects WHERE identifier = ?1")
            subjectByMaskedIdentifier = try db.prepare("SELECT id FROM subjects WHERE identifier = ?1 AND name_key = ?2")
            // The identifiers and name keys of the subjects holding any identifier of a JSON array.
            subjectsByIdentifiers = try db.prepare(
                "SELECT identifier, name_key FROM subjects WHERE \(db.dialect.isInJSONArray("identifier", "?1"))")
            // For each name key of a JSON array: how many subjects have it, and how many of them no identifier.
            subjectCountsByNameKeys = try db.prepare(
                """
                SELECT name_key, count(*), count(*) - count(identifier) FROM subjects
                WHERE \(db.dialect.isInJSONArray("name_key", "?1")) GROUP BY name_key
                """)
            subjectsByNameKey = try db.prepare("SELECT id, identifier FROM subjects WHERE name_key = ?1 ORDER BY id")
            addName = try db.prepare("INSERT OR IGNORE INTO subject_names(subject_id, name) VALUES (?1, ?2)")
            fillSubject = try db.prepare(
                "UPDATE subjects SET address = COALESCE(address, ?1), representative = COALESCE(representative, ?3) WHERE id = ?2")
            setIdentifier = try db.prepare(
                """
                UPDATE subjects SET identifier = ?1, identifier_kind = ?2, identifier_masked = ?3,
                identifier_check_passes = ?4, kind = CASE WHEN kind = 'unknown' THEN ?5 ELSE kind END WHERE id = ?6
                """)
            insertSubject = try db.prepare(
                """
                INSERT INTO subjects(kind, name, name_key, identifier, identifier_kind, identifier_masked,
                identifier_check_passes, address, created_run_id, representative) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id
                """)
            subjectName = try db.prepare("SELECT name FROM subjects WHERE id = ?1")
            // The cases of a JSON array of keys, with what each knows; then their bases and officers.
            casesByKey = try db.prepare(
                """
                SELECT id, case_number, subject_id, agency, NULLIF(case_type, '其他'), procedure, subject_id, penalty_amount_yuan,
                penalty_kinds, filed_on, decided_on, served_on, closed_on, confiscation_yuan, published_on, case_number_key FROM cases
                WHERE \(db.dialect.isInJSONArray("case_number_key", "?1"))
                """)
            casesBases = try db.prepare(
                "SELECT case_id, written || '|' || role FROM case_legal_bases WHERE \(db.dialect.isInJSONIntegerArray("case_id", "?1"))")
            casesOfficers = try db.prepare(
                """
                SELECT case_id, name || '|' || COALESCE(badge_number, '') FROM case_officers
                WHERE \(db.dialect.isInJSONIntegerArray("case_id", "?1"))
                """)
            // New rows take ids the writer reserved (`ReservedIDs`), so their inserts are sent
            // without waiting for an id. A key another writer inserted first fails the batch,
            // which is written again (`Database.lostRace`).
            insertCase = try db.prepare("INSERT INTO cases(id, case_number, case_number_key, updated_run_id) VALUES (?1, ?2, ?3, ?4)")
            // A batch's values for one case (ArchiveWriter.CaseUpdate); NULL leaves a column as it is.
            updateCase = try db.prepare(
                """
                UPDATE cases SET agency = COALESCE(?1, agency), case_type = COALESCE(?2, case_type),
                procedure = COALESCE(?3, procedure), subject_id = COALESCE(?4, subject_id),
                penalty_amount_yuan = COALESCE(?5, penalty_amount_yuan), penalty_kinds = COALESCE(?6, penalty_kinds),
                filed_on = COALESCE(?7, filed_on), decided_on = COALESCE(?8, decided_on), served_on = COALESCE(?9, served_on),
                closed_on = COALESCE(?10, closed_on), published_on = COALESCE(?11, published_on),
                from_manifest = CASE WHEN ?12 THEN 1 ELSE from_manifest END, confiscation_yuan = COALESCE(?14, confiscation_yuan) WHERE id = ?13
                """)
            insertBasis = try db.prepare(
                """
                INSERT OR IGNORE INTO case_legal_bases(case_id, statute, statute_key, article, clause, item, written, role)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                """)
            insertOfficer = try db.prepare(
                """
                INSERT INTO case_officers(case_id, name, badge_number) VALUES (?1, ?2, ?3)
                ON CONFLICT(case_id, name) DO UPDATE SET badge_number = COALESCE(case_officers.badge_number, excluded.badge_number)
                """)
            // The archived documents of a JSON array of SHA-256 digests: a batch's content archived
            // before is found in one statement and not inserted again.
            documentsBySHA = try db.prepare("SELECT sha256, id FROM documents WHERE \(db.dialect.isInJSONArray("sha256", "?1"))")
            insertDocument = try db.prepare(
                """
                INSERT INTO documents(id, sha256, case_id, subject_id, doc_type, title, doc_date, file_order, format, encoding,
                extraction, source_path, size, text, confidential, ingest_run_id)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
                """)
            // A further path of a document, unless it is the document's own (two writers reading one file).
            insertDocumentSource = try db.prepare(
                """
                INSERT OR IGNORE INTO document_sources(source_path, document_id)
                SELECT CAST(?1 AS TEXT), CAST(?2 AS INTEGER) WHERE NOT EXISTS (SELECT 1 FROM documents WHERE id = ?2 AND source_path = ?1)
                """)
            currentDocumentAtPath = try db.prepare(
                """
                SELECT d.id, d.sha256 FROM documents d WHERE d.source_path = ?1 AND d.id <> ?2
                AND NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.document_id = d.id) ORDER BY d.id DESC LIMIT 1
                """)
            supersede = try db.prepare(
                "INSERT OR IGNORE INTO document_versions(document_id, superseded_by, source_path, run_id, changed_at) VALUES (?1, ?2, ?3, ?4, ?5)")
            dropSourceAlias = try db.prepare("DELETE FROM document_sources WHERE source_path = ?1 AND document_id <> ?2")
            searchIndex = try SearchIndexWriter(database: db)
            bumpContentVersion = try db.prepare(
                """
                INSERT INTO archive_info(key, value) VALUES ('content_version', '1')
                ON CONFLICT(key) DO UPDATE SET value = CAST(archive_info.value AS INTEGER) + 1
                """)
            insertBlob = try db.prepare(
                """
                INSERT INTO blobs(sha256, size, location, reference_path, reference_mtime) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT(sha256) DO UPDATE SET location = excluded.location, reference_path = excluded.reference_path,
                reference_mtime = excluded.reference_mtime WHERE blobs.location = 'reference'
                """)
            insertContent = try db.prepare("INSERT OR IGNORE INTO blob_contents(sha256, data) VALUES (?1, ?2)")
            insertAV = try db.prepare(
                """
                INSERT OR IGNORE INTO av_records(record_key, file_name, sha256, size, device_id, officer_id, started_at, ended_at,
                duration_seconds, codec, container_format, category, important, case_id, subject_id, media_path, sidecar_path,
                ingest_run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
                """)
            markSource = try db.prepare(
                """
                INSERT INTO ingested_sources(source_path, size, mtime, run_id) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT(source_path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, run_id = excluded.run_id
                """)
            insertPage = try db.prepare(
                """
                INSERT INTO document_pages(document_id, page, text_start, text_length, confidence, engine, rotation)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                ON CONFLICT(document_id, page) DO UPDATE SET text_start = excluded.text_start, text_length = excluded.text_length,
                confidence = excluded.confidence, engine = excluded.engine, rotation = excluded.rotation
                """)
            recordPathBytes = try db.prepare(
                "INSERT INTO source_path_bytes(source_path, path_bytes) VALUES (?1, ?2) ON CONFLICT(source_path) DO UPDATE SET path_bytes = excluded.path_bytes"
            )
            insertProblem = try db.prepare(
                """
                INSERT INTO ingest_problems(run_id, last_run_id, source_path, kind, reason, last_seen_at, sha256)
                VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6)
                ON CONFLICT(source_path, kind) DO UPDATE SET last_run_id = excluded.last_run_id, reason = excluded.reason,
                last_seen_at = excluded.last_seen_at, times_seen = ingest_problems.times_seen + 1, sha256 = COALESCE(excluded.sha256, ingest_problems.sha256)
                """)
        }
    }
}
