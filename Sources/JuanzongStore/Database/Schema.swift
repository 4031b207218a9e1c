/// The archive's database schema, applied in order; `PRAGMA user_version` records the last one.
///
/// Every table except the FTS5 index is an ordinary table that the stock `sqlite3` shell reads.
/// The FTS5 table needs the `juanzong` tokenizer, which only juanzong registers. It is
/// contentless (`content=''`): it holds the index of the normalized text, rowid = documents.id;
/// the text itself is kept once, in `documents.text` (original form, for display and snippets).
enum Schema {
    static let migrations: [Migration] = [
        Migration(
            name: "initial",
            sql: """
                CREATE TABLE archive_info(
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );

                CREATE TABLE subjects(
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK(kind IN ('enterprise','person','unknown')),
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    identifier TEXT,
                    identifier_kind TEXT CHECK(identifier_kind IN ('uscc','id_card','other')),
                    identifier_masked INTEGER NOT NULL DEFAULT 0,
                    identifier_check_passes INTEGER,
                    address TEXT,
                    created_run_id INTEGER
                );
                CREATE UNIQUE INDEX subjects_by_identifier ON subjects(identifier) WHERE identifier IS NOT NULL;
                CREATE INDEX subjects_by_name_key ON subjects(name_key);

                CREATE TABLE subject_names(
                    subject_id INTEGER NOT NULL REFERENCES subjects(id),
                    name TEXT NOT NULL,
                    PRIMARY KEY(subject_id, name)
                ) WITHOUT ROWID;

                CREATE TABLE cases(
                    id INTEGER PRIMARY KEY,
                    case_number TEXT NOT NULL,
                    case_number_key TEXT NOT NULL UNIQUE,
                    agency TEXT,
                    case_type TEXT NOT NULL DEFAULT '其他',
                    procedure TEXT CHECK(procedure IN ('简易','普通')),
                    filed_on TEXT,
                    decided_on TEXT,
                    served_on TEXT,
                    closed_on TEXT,
                    published_on TEXT,
                    penalty_kinds TEXT,
                    penalty_amount_yuan REAL,
                    subject_id INTEGER REFERENCES subjects(id),
                    from_manifest INTEGER NOT NULL DEFAULT 0,
                    updated_run_id INTEGER
                );
                CREATE INDEX cases_by_subject ON cases(subject_id);
                CREATE INDEX cases_by_agency ON cases(agency);

                CREATE TABLE case_legal_bases(
                    case_id INTEGER NOT NULL REFERENCES cases(id),
                    statute TEXT NOT NULL,
                    statute_key TEXT NOT NULL,
                    article INTEGER NOT NULL,
                    clause INTEGER,
                    item INTEGER,
                    written TEXT NOT NULL,
                    PRIMARY KEY(case_id, written)
                ) WITHOUT ROWID;
                CREATE INDEX legal_bases_by_article ON case_legal_bases(statute_key, article);

                CREATE TABLE case_officers(
                    case_id INTEGER NOT NULL REFERENCES cases(id),
                    name TEXT NOT NULL,
                    badge_number TEXT,
                    PRIMARY KEY(case_id, name)
                ) WITHOUT ROWID;

                CREATE TABLE blobs(
                    sha256 TEXT PRIMARY KEY,
                    size INTEGER NOT NULL,
                    location TEXT NOT NULL CHECK(location IN ('database','document_text','objects','reference')),
                    reference_path TEXT,
                    reference_mtime REAL
                ) WITHOUT ROWID;

                CREATE TABLE blob_contents(
                    sha256 TEXT PRIMARY KEY,
                    data BLOB NOT NULL
                );

                CREATE TABLE documents(
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE REFERENCES blobs(sha256),
                    case_id INTEGER REFERENCES cases(id),
                    subject_id INTEGER REFERENCES subjects(id),
                    doc_type TEXT NOT NULL,
                    title TEXT NOT NULL,
                    doc_date TEXT,
                    file_order INTEGER,
                    format TEXT NOT NULL,
                    encoding TEXT,
                    extraction TEXT NOT NULL,
                    source_path TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    confidential INTEGER NOT NULL DEFAULT 0,
                    ingest_run_id INTEGER
                );
                CREATE INDEX documents_by_case ON documents(case_id);
                CREATE INDEX documents_by_subject ON documents(subject_id);

                -- Further paths at which an archived original was met (documents.source_path holds the first).
                CREATE TABLE document_sources(
                    source_path TEXT PRIMARY KEY,
                    document_id INTEGER NOT NULL REFERENCES documents(id)
                ) WITHOUT ROWID;

                CREATE TABLE av_records(
                    id INTEGER PRIMARY KEY,
                    record_key TEXT NOT NULL UNIQUE,
                    file_name TEXT NOT NULL,
                    sha256 TEXT REFERENCES blobs(sha256),
                    size INTEGER,
                    device_id TEXT,
                    officer_id TEXT,
                    started_at TEXT,
                    ended_at TEXT,
                    duration_seconds REAL,
                    codec TEXT,
                    container_format TEXT,
                    category TEXT NOT NULL DEFAULT '其他',
                    important INTEGER NOT NULL DEFAULT 0,
                    case_id INTEGER REFERENCES cases(id),
                    subject_id INTEGER REFERENCES subjects(id),
                    media_path TEXT,
                    sidecar_path TEXT,
                    ingest_run_id INTEGER
                );
                CREATE INDEX av_records_by_case ON av_records(case_id);

                CREATE TABLE ingest_runs(
                    id INTEGER PRIMARY KEY,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    inputs TEXT NOT NULL,
                    options TEXT NOT NULL,
                    files_read INTEGER NOT NULL DEFAULT 0,
                    bytes_read INTEGER NOT NULL DEFAULT 0,
                    documents_added INTEGER NOT NULL DEFAULT 0,
                    av_records_added INTEGER NOT NULL DEFAULT 0,
                    files_skipped INTEGER NOT NULL DEFAULT 0,
                    problems INTEGER NOT NULL DEFAULT 0,
                    status TEXT NOT NULL DEFAULT 'running'
                );

                CREATE TABLE ingest_problems(
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
                    source_path TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    reason TEXT NOT NULL
                );

                CREATE TABLE ingested_sources(
                    source_path TEXT PRIMARY KEY,
                    size INTEGER NOT NULL,
                    mtime REAL NOT NULL,
                    sha256 TEXT,
                    run_id INTEGER NOT NULL
                ) WITHOUT ROWID;

                CREATE VIRTUAL TABLE document_search USING fts5(
                    title, case_number, subject, body,
                    tokenize = 'juanzong',
                    content = ''
                );
                -- Merge segments 8 at a time rather than 4: a large ingest rewrites the index far less
                -- (100,000 documents: 42 s → 33 s, 12.4 → 10.7 M sectors written), at the price of a few
                -- more segments per query until the next merge.
                INSERT INTO document_search(document_search, rank) VALUES ('automerge', 8);
                """, rebuildsSearchIndex: false),
        Migration(
            name: "documents_by_case_and_order",
            sql: """
                -- Search keeps per-document fields in memory (JuanzongQuery.DocumentCatalog); this index
                -- covers them, so loading reads a narrow index instead of the table with every text.
                DROP INDEX documents_by_case;
                CREATE INDEX documents_by_case ON documents(case_id, subject_id, doc_type, doc_date);
                """, rebuildsSearchIndex: false),
        Migration(
            name: "audit_log",
            sql: """
                -- Who did what, when: exports now, every view and search once the web UI exists.
                -- Append-only (the triggers refuse changes) and hash-chained: entry_hash is the SHA-256 of
                -- the previous entry's hash and this entry's fields, so an edited or deleted entry shows.
                CREATE TABLE audit_log(
                    id INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    previous_hash TEXT NOT NULL,
                    entry_hash TEXT NOT NULL
                );
                CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, '审计日志只能追加,不能修改'); END;
                CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, '审计日志只能追加,不能删除'); END;
                """, rebuildsSearchIndex: false),
        Migration(
            name: "sample_draws",
            sql: """
                -- Spot-check draws (案卷评查): a draw is never edited; a later draw may supersede it, with a reason.
                CREATE TABLE sample_draws(
                    id INTEGER PRIMARY KEY,
                    drawn_at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    parameters TEXT NOT NULL,
                    seed TEXT NOT NULL,
                    supersedes_id INTEGER REFERENCES sample_draws(id),
                    supersede_reason TEXT,
                    CHECK ((supersedes_id IS NULL) = (supersede_reason IS NULL))
                );
                CREATE TABLE sample_draw_cases(
                    draw_id INTEGER NOT NULL REFERENCES sample_draws(id),
                    position INTEGER NOT NULL,
                    case_id INTEGER NOT NULL REFERENCES cases(id),
                    case_number TEXT NOT NULL,
                    stratum TEXT NOT NULL,
                    findings TEXT NOT NULL,
                    PRIMARY KEY(draw_id, position)
                ) WITHOUT ROWID;
                CREATE TRIGGER sample_draws_are_final_update BEFORE UPDATE ON sample_draws
                BEGIN SELECT RAISE(ABORT, '抽查记录不能修改,只能以新的抽查取代并说明理由'); END;
                CREATE TRIGGER sample_draws_are_final_delete BEFORE DELETE ON sample_draws
                BEGIN SELECT RAISE(ABORT, '抽查记录不能删除,只能以新的抽查取代并说明理由'); END;
                CREATE TRIGGER sample_draw_cases_are_final_update BEFORE UPDATE ON sample_draw_cases
                BEGIN SELECT RAISE(ABORT, '抽查记录不能修改'); END;
                CREATE TRIGGER sample_draw_cases_are_final_delete BEFORE DELETE ON sample_draw_cases
                BEGIN SELECT RAISE(ABORT, '抽查记录不能删除'); END;

                -- Scores entered on the worksheets; a later import of the same case replaces its score.
                CREATE TABLE sample_scores(
                    draw_id INTEGER NOT NULL REFERENCES sample_draws(id),
                    case_number TEXT NOT NULL,
                    veto_passed INTEGER NOT NULL,
                    form_score REAL NOT NULL,
                    content_score REAL NOT NULL,
                    total REAL NOT NULL,
                    grade TEXT NOT NULL,
                    reviewer TEXT,
                    note TEXT,
                    imported_at TEXT NOT NULL,
                    PRIMARY KEY(draw_id, case_number)
                ) WITHOUT ROWID;
                """, rebuildsSearchIndex: false),
        Migration(
            name: "users_and_sessions",
            sql: """
                -- Web accounts and their sessions. Passwords are stored as scrypt hashes only; a session
                -- row holds the SHA-256 of the cookie's token, never the token itself.
                CREATE TABLE users(
                    id INTEGER PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE,
                    display_name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('admin', 'legal_review', 'supervision', 'agency')),
                    agency TEXT,
                    password_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL,
                    password_changed_at TEXT NOT NULL,
                    CHECK (role <> 'agency' OR agency IS NOT NULL)
                );
                CREATE TABLE sessions(
                    token_hash TEXT PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES users(id),
                    csrf_token TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX sessions_by_user ON sessions(user_id);
                CREATE INDEX audit_log_by_actor ON audit_log(actor, id);
                """, rebuildsSearchIndex: false),
        Migration(
            name: "search_facets",
            sql: """
                -- The index gains a fifth column, facets: each document's agency and document type as a
                -- token (SearchFacets), so that filtered searches intersect doclists. FTS5 cannot add a
                -- column: the table is made anew and refilled from documents (SearchIndexRebuild) in
                -- this same transaction.
                DROP TABLE document_search;
                CREATE VIRTUAL TABLE document_search USING fts5(
                    title, case_number, subject, body, facets,
                    tokenize = 'juanzong',
                    content = ''
                );
                INSERT INTO document_search(document_search, rank) VALUES ('automerge', 8);
                """, rebuildsSearchIndex: true),
        Migration(
            name: "search_hashsize",
            sql: """
                -- FTS5 writes its pending terms out as a new segment whenever they pass 'hashsize' (1 MB
                -- by default), so a 2,000-file batch made about ten small segments for automerge to
                -- merge again. 32 MB holds a whole batch: one segment per batch, and the ingest writer
                -- spends ~10 % less time (100,000 documents: 20.8 → 18.9 s of CPU).
                INSERT INTO document_search(document_search, rank) VALUES ('hashsize', 33554432);
                """, rebuildsSearchIndex: false),
        Migration(
            name: "search_quadgrams",
            sql: """
                -- The index gains 4-gram tokens colocated with the bigrams (SearchTokenizer, argument
                -- quadgrams): a phrase of four characters becomes one doclist instead of the positional
                -- intersection of three. The tokenizer's arguments are part of the table's definition, so
                -- the table is made anew and refilled from documents (SearchIndexRebuild).
                DROP TABLE document_search;
                CREATE VIRTUAL TABLE document_search USING fts5(
                    title, case_number, subject, body, facets,
                    tokenize = 'juanzong quadgrams',
                    content = ''
                );
                INSERT INTO document_search(document_search, rank) VALUES ('automerge', 8);
                INSERT INTO document_search(document_search, rank) VALUES ('hashsize', 33554432);
                """, rebuildsSearchIndex: true),
        Migration(
            name: "holiday_arrangements",
            sql: """
                -- Holidays and adjusted working days imported from the State Council's annual notice
                -- (juanzong calendar import). An import is never edited; a later import of the same year
                -- replaces it, with a reason, and the latest one counts. The notice's text is kept as given.
                -- (IF NOT EXISTS: tests wind user_version back to replay the search-index migrations.)
                CREATE TABLE IF NOT EXISTS holiday_arrangements(
                    id INTEGER PRIMARY KEY,
                    year INTEGER NOT NULL,
                    imported_at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    festivals TEXT NOT NULL,
                    notice_text TEXT NOT NULL,
                    notice_sha256 TEXT NOT NULL,
                    replaces_id INTEGER REFERENCES holiday_arrangements(id),
                    replace_reason TEXT,
                    CHECK ((replaces_id IS NULL) = (replace_reason IS NULL))
                );
                CREATE INDEX IF NOT EXISTS holiday_arrangements_by_year ON holiday_arrangements(year, id);
                CREATE TRIGGER IF NOT EXISTS holiday_arrangements_are_final_update BEFORE UPDATE ON holiday_arrangements
                BEGIN SELECT RAISE(ABORT, '放假安排不能修改,只能重新导入并说明理由'); END;
                CREATE TRIGGER IF NOT EXISTS holiday_arrangements_are_final_delete BEFORE DELETE ON holiday_arrangements
                BEGIN SELECT RAISE(ABORT, '放假安排不能删除,只能重新导入并说明理由'); END;
                """, rebuildsSearchIndex: false),
        Migration(
            name: "ingest_problems_seen_again",
            sql: """
                -- One row per input and kind of problem: a re-run that meets the same problem updates
                -- when it was last seen (and by which run) instead of adding a row; sha256 names the
                -- input's bytes when they were kept although not archived as a document. The table is
                -- made anew from the old rows (duplicates folded, counted in times_seen).
                CREATE TABLE IF NOT EXISTS ingest_problems_seen(
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
                    last_run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
                    source_path TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    last_seen_at TEXT,
                    times_seen INTEGER NOT NULL DEFAULT 1,
                    sha256 TEXT,
                    UNIQUE(source_path, kind)
                );
                INSERT OR IGNORE INTO ingest_problems_seen(run_id, last_run_id, source_path, kind, reason, times_seen)
                    SELECT min(run_id), max(run_id), source_path, kind, reason, count(*) FROM ingest_problems GROUP BY source_path, kind;
                UPDATE ingest_problems_seen SET last_seen_at = (SELECT COALESCE(finished_at, started_at) FROM ingest_runs r WHERE r.id = last_run_id)
                    WHERE last_seen_at IS NULL;
                DROP TABLE ingest_problems;
                ALTER TABLE ingest_problems_seen RENAME TO ingest_problems;
                CREATE INDEX IF NOT EXISTS ingest_problems_by_last_run ON ingest_problems(last_run_id);
                """, rebuildsSearchIndex: false),
        Migration(
            name: "document_versions",
            sql: """
                -- A source file that changed between runs: both versions are kept; the older is
                -- superseded by the newer (one row per superseded document). A document is current
                -- while no row names it here: searches, case files and dossiers show current ones.
                CREATE TABLE IF NOT EXISTS document_versions(
                    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
                    superseded_by INTEGER NOT NULL REFERENCES documents(id),
                    source_path TEXT NOT NULL,
                    run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
                    changed_at TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS document_versions_by_successor ON document_versions(superseded_by);
                -- The ingest writer asks, for each new document, what its path held before.
                CREATE INDEX IF NOT EXISTS documents_by_source_path ON documents(source_path);
                """, rebuildsSearchIndex: false),
        Migration(
            name: "search_han_spaces",
            sql: """
                -- Normalization drops white space between two Han characters (text extracted from
                -- PDFs is spaced out: 统 一社会信用代码): the index is refilled in the new form.
                SELECT 1;
                """, rebuildsSearchIndex: true),
        Migration(
            name: "source_path_bytes",
            sql: """
                -- Paths whose names on disk are not UTF-8 (folders written by Windows in GBK): every
                -- table shows the path decoded (as GB18030); here are its bytes as the disk holds
                -- them, so that an original's name can be matched byte for byte.
                CREATE TABLE IF NOT EXISTS source_path_bytes(
                    source_path TEXT PRIMARY KEY,
                    path_bytes BLOB NOT NULL
                ) WITHOUT ROWID;
                """, rebuildsSearchIndex: false),
        Migration(
            name: "fact_corrections",
            sql: """
                -- Staff review of inferred facts: each correction (or confirmation) of one document,
                -- kept by the document's content, with who, when, the value shown before and the new
                -- one (legal bases also as JSON, to apply them again). The ingest writer re-applies
                -- them to every case a later run changes.
                CREATE TABLE IF NOT EXISTS fact_corrections(
                    id INTEGER PRIMARY KEY,
                    document_sha256 TEXT NOT NULL,
                    field TEXT NOT NULL CHECK(field IN ('confirmed','case_number','subject_name','subject_identifier','decided_on',
                        'fine_yuan','legal_bases')),
                    previous_value TEXT,
                    value TEXT,
                    structured_value TEXT,
                    actor TEXT NOT NULL,
                    at TEXT NOT NULL,
                    reason TEXT
                );
                CREATE INDEX IF NOT EXISTS fact_corrections_by_document ON fact_corrections(document_sha256);
                """, rebuildsSearchIndex: false),
        Migration(
            name: "document_pages",
            sql: """
                -- The pages of a scan read by OCR: where each page's text starts in documents.text (in
                -- Unicode scalars) and how long it is, the engine's mean confidence, the engine
                -- (pp-ocrv4 or tesseract) and the turn (0, 90, 180, 270 degrees) it was read at.
                CREATE TABLE IF NOT EXISTS document_pages(
                    document_id INTEGER NOT NULL REFERENCES documents(id),
                    page INTEGER NOT NULL,
                    text_start INTEGER NOT NULL,
                    text_length INTEGER NOT NULL,
                    confidence REAL,
                    engine TEXT NOT NULL,
                    rotation INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY(document_id, page)
                ) WITHOUT ROWID;
                """, rebuildsSearchIndex: false),
        Migration(
            name: "representative_and_confiscation",
            sql: """
                -- The subject's 法定代表人, 负责人 or 经营者 as a decision names it, and the amount of
                -- 没收违法所得 a decision imposes, kept apart from the fine. A case's cited provisions
                -- say what they are cited for: 'applied' (the penalty basis) or 'violated' (违反了…).
                -- A Traditional 中華人民共和國 is no part of a statute's key, as 中华人民共和国 is not.
                UPDATE case_legal_bases SET statute_key = substr(statute_key, 8) WHERE statute_key LIKE '中華人民共和國%';
                """, rebuildsSearchIndex: false,
            addedColumns: [
                ("subjects", "representative TEXT"), ("cases", "confiscation_yuan REAL"),
                ("case_legal_bases", "role TEXT NOT NULL DEFAULT 'applied' CHECK(role IN ('applied','violated'))"),
            ]),
        Migration(
            name: "masked_identifiers_not_unique",
            sql: """
                -- A masked identifier (91430681XXXXXXXXXX) is shared by many subjects: only a whole
                -- one is unique, and a masked one joins a subject of the same name only.
                UPDATE subjects SET identifier_masked = 1, identifier_check_passes = NULL WHERE identifier LIKE '%XXX%';
                -- The unique index is partial, so lookups by identifier (masked or not) have one of their own.
                DROP INDEX IF EXISTS subjects_by_identifier;
                DROP INDEX IF EXISTS subjects_by_identifier_and_name;
                CREATE UNIQUE INDEX subjects_by_identifier ON subjects(identifier) WHERE identifier IS NOT NULL AND NOT identifier_masked;
                CREATE INDEX subjects_by_identifier_and_name ON subjects(identifier, name_key);
                """, rebuildsSearchIndex: false),
        Migration(
            name: "guidelines_as_legal_bases",
            sql: """
                -- A discretion guideline (裁量基准) cited whole or by its own numbering is a legal
                -- basis without an article: the column may be empty (SQLite changes a constraint only
                -- by copying the table). A provision a decision finds violated and then applies is
                -- kept in both roles. Rows of no case (none are written; a hand edit could leave
                -- some) are not copied, so that the step cannot fail on them.
                CREATE TABLE case_legal_bases_new(
                    case_id INTEGER NOT NULL REFERENCES cases(id),
                    statute TEXT NOT NULL,
                    statute_key TEXT NOT NULL,
                    article INTEGER,
                    clause INTEGER,
                    item INTEGER,
                    written TEXT NOT NULL,
                    role TEXT NOT NULL DEFAULT 'applied' CHECK(role IN ('applied','violated')),
                    PRIMARY KEY(case_id, written, role)
                ) WITHOUT ROWID;
                INSERT INTO case_legal_bases_new(case_id, statute, statute_key, article, clause, item, written, role)
                    SELECT case_id, statute, statute_key, article, clause, item, written, role FROM case_legal_bases
                    WHERE case_id IN (SELECT id FROM cases);
                DROP TABLE case_legal_bases;
                ALTER TABLE case_legal_bases_new RENAME TO case_legal_bases;
                CREATE INDEX legal_bases_by_article ON case_legal_bases(statute_key, article);
                """, rebuildsSearchIndex: false),
    ]

    /// The `CREATE VIRTUAL TABLE` statement of `document_search`, which tells its columns and
    /// tokenizer arguments (the index of an older archive differs until it is rebuilt).
    static func searchIndexDefinition(in database: Database) throws -> String? {
        try database.prepare("SELECT sql FROM sqlite_master WHERE name = 'document_search'").first { $0.string(0) }
    }

    /// Brings `database` to the newest schema version: every migration after the one
    /// `PRAGMA user_version` names, in one transaction; then, for an archive that had documents
    /// indexed the old way, the search index rebuilt once if any of them changed its definition.
    static func migrate(_ database: Database) throws {
        let version = try database.prepare("PRAGMA user_version").first { $0.int(0) } ?? 0
        guard version < migrations.count else { return }
        try database.transaction {
            let pending = migrations[version...]
            for migration in pending {
                try database.execute(migration.sql)
                for (table, column) in migration.addedColumns {
                    // SQLite has no ADD COLUMN IF NOT EXISTS; tests replay steps on archives that have it.
                    let name = String(column.prefix { $0 != " " })
                    let existing = try database.prepare("SELECT name FROM pragma_table_info('\(table)')").rows { $0.string(0) }
                    if !existing.contains(name) { try database.execute("ALTER TABLE \(table) ADD COLUMN \(column)") }
                }
            }
            if version > 0 && pending.contains(where: \.rebuildsSearchIndex) {
                try SearchIndexRebuild(database: database).run()
            }
            try database.execute("PRAGMA user_version = \(migrations.count)")
        }
    }
}

/// One step of the schema. Steps are applied in order and never edited once released; the
/// archive's `PRAGMA user_version` is the number of steps applied.
struct Migration {
    /// What the step does, for readers of the code and of error messages.
    let name: String
    let sql: String
    /// The step changes how the full-text index is defined, so an archive that already holds
    /// documents has its index refilled from them (`SearchIndexRebuild`).
    let rebuildsSearchIndex: Bool
    /// Columns the step adds (table, column definition), each only where it is missing.
    var addedColumns: [(table: String, column: String)] = []
}
