import Foundation
import JuanzongCore
import JuanzongPostgres
import JuanzongPostgresTesting
@_spi(Benchmarks) import JuanzongQuery
import JuanzongStore

/// Full-text search on PostgreSQL with juanzong's tokens beside the archive's FTS5 index, on the
/// same documents: the documents of an existing SQLite archive (e.g. the ingest benchmark's) are
/// normalized and tokenized as the archive indexes them, loaded with COPY into a `tsvector`
/// column of a table on a PostgreSQL 15 cluster made for the run, beside each document's facets
/// (agency, case type, document type, year of decision), and indexed with GIN, then RUM. Reported:
/// load and index times, sizes on disk beside FTS5's, and for each phrase the number of documents
/// found (which must be equal on both), the count-only query time on both, the first 20 by each
/// store's own rank, the facet counts of the matches on PostgreSQL, the same phrases matched
/// through posting lists of our own (`PostingLists`, read from PostgreSQL, intersected in Swift),
/// and the archive's own search (a top-20 page with snippets and facets, `Searcher`) as the
/// baseline a PostgreSQL store must meet.
public struct PostgresSearchBenchmark {
    public struct Result: Encodable, Sendable {
        public var documents: Int
        /// Documents with more token positions than a tsvector keeps (16,383): to be chunked.
        public var documentsOverPositionLimit: Int
        public var loadSeconds: Double
        public var postgresTableBytes: Int64
        public var sqliteFTS5Bytes: Int64
        /// FTS5's answer to each phrase.
        public var sqlite: [Query]
        /// The archive's own search of each phrase: a top-20 page ranked by bm25 with snippets and
        /// facets (`Searcher`, as `juanzong search` and the web UI run it), p50 milliseconds.
        public var archiveSearchP50Milliseconds: [Double]
        /// Each PostgreSQL index's build and answers.
        public var indexes: [IndexMeasurement]
        /// Each phrase and the one-character prefix matched through posting lists of our own
        /// (`PostingLists`) read from PostgreSQL and intersected in Swift.
        public var postingLists: [PostingsQuery]
        /// Whether the postings table holds every token of every document (`fullPostings`), or
        /// only those the queries read.
        public var postingsOfEveryToken: Bool
        /// Loading the postings table (COPY), and its size with its TOAST and primary key.
        public var postingsLoadSeconds: Double
        public var postingsTableBytes: Int64
    }

    public struct PostingsQuery: Encodable, Sendable {
        public var phrase: String
        /// Documents holding the phrase: must equal FTS5's count.
        public var count: Int
        /// The bytes of postings read for it.
        public var bytes: Int
        /// Reading the phrase's tokens' chunks, decoding and intersecting them.
        public var p50Milliseconds: Double
    }

    public struct IndexMeasurement: Encodable, Sendable {
        /// `gin`, or `rum` (positions in the index; Debian's postgresql-15-rum).
        public var method: String
        public var buildSeconds: Double
        public var indexBytes: Int64
        public var queries: [Query]
    }

    public struct Query: Encodable, Sendable {
        public var phrase: String
        public var count: Int
        /// Counting every match.
        public var p50Milliseconds: Double
        /// The first 20 by the store's own rank: FTS5's bm25, GIN's `ts_rank`, RUM's `<=>` distance
        /// (ranking functions differ, so only the time compares).
        public var top20P50Milliseconds: Double = 0
        /// The matches counted by agency, case type, document type and year in one query
        /// (PostgreSQL only).
        public var facetsP50Milliseconds: Double = 0
        /// The ids of every match fetched to the client, for ranking and facets in Swift over an
        /// in-memory catalog (PostgreSQL only).
        public var matchIDsP50Milliseconds: Double = 0
    }

    /// Phrases from common to rare, two to eight characters, and a one-character prefix.
    public static let phrases = ["罚款", "行政处罚决定书", "统一社会信用代码", "现场检查笔录", "责令改正", "法定代表人", "听证", "罚"]

    /// Whether the RUM extension is installed (`scripts/setup.sh` installs postgresql-15-rum).
    public static var rumIsInstalled: Bool { FileManager.default.fileExists(atPath: "/usr/share/postgresql/15/extension/rum.control") }

    public let archive: URL
    public let work: URL
    /// Keep every token's postings, not only the queries' (the table's real size and load cost;
    /// about 2 GB of memory per 100,000 documents while loading).
    public let fullPostings: Bool

    public init(archive: URL, work: URL, fullPostings: Bool = false) {
        self.archive = archive
        self.work = work
        self.fullPostings = fullPostings
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        guard PostgresCluster.isInstalled else { throw BenchmarkError("需要 PostgreSQL 15(scripts/setup.sh 安装)") }
        let sqlitePath = archive.appendingPathComponent("juanzong.sqlite").path
        guard FileManager.default.fileExists(atPath: sqlitePath) else {
            throw BenchmarkError("\(archive.path) 不是 juanzong 档案库(没有 juanzong.sqlite);先运行 bench-ingest 或 ingest")
        }
        let sqlite = try Database(path: sqlitePath, readOnly: true)
        let normalizer = try TextNormalizer()
        try? FileManager.default.removeItem(at: work)
        defer { try? FileManager.default.removeItem(at: work) }
        let cluster = try PostgresCluster.startPrimary(in: work.appendingPathComponent("cluster"))
        defer { try? cluster.stop() }
        try cluster.createDatabase("archive")
        let postgres = try PostgresConnection(url: cluster.url(database: "archive"))
        try postgres.execute(
            "CREATE TABLE document_search(id bigint PRIMARY KEY, agency text, case_type text, doc_type text, year int, body tsvector NOT NULL)")

        // The tokens of each phrase with their offsets in characters, and the bigrams starting
        // with a one-character query's character: their postings are kept while loading.
        let phraseTokens = Self.phrases.map { PostingLists.phraseTokens(normalizer.normalize($0)) }
        let prefixes = Self.phrases.map { PostingLists.prefix(normalizer.normalize($0)) }
        let wanted = Set(phraseTokens.compactMap { $0 }.flatMap { $0.map(\.bytes) })
        let wantedPrefixes = prefixes.compactMap { $0 }
        var postings: [[UInt8]: PostingLists.Postings] = [:]

        progress("从 \(sqlitePath) 读取文书,分词后以 COPY 载入 PostgreSQL…\n")
        var documents = 0, overLimit = 0
        let loadStarted = Date()
        var rows: [[String?]] = []
        func load() throws {
            try postgres.copy(into: "document_search", columns: ["id", "agency", "case_type", "doc_type", "year", "body"], rows: rows)
            rows.removeAll(keepingCapacity: true)
        }
        try sqlite.prepare(
            """
            SELECT d.id, d.text, c.agency, c.case_type, d.doc_type, CAST(substr(c.decided_on, 1, 4) AS INTEGER)
            FROM documents d LEFT JOIN cases c ON c.id = d.case_id WHERE d.text IS NOT NULL ORDER BY d.id
            """
        ).each { row in
            let tokens = SearchTokenizer.indexTokens(normalizer.normalize(row.string(1)))
            if (tokens.last?.position ?? 0) > 16_383 { overLimit += 1 }
            let year = row.optionalInt(5).map(String.init)
            for token in tokens where fullPostings || wanted.contains(token.bytes) || wantedPrefixes.contains(where: token.bytes.starts) {
                postings[token.bytes, default: PostingLists.Postings()].append(document: row.int64(0), position: Int32(token.position))
            }
            rows.append([String(row.int64(0)), row.optionalString(2), row.optionalString(3), row.optionalString(4), year, Self.tsvector(tokens)])
            documents += 1
            if rows.count == 10_000 {
                try load()
                progress("  已载入 \(documents) 份\n")
            }
        }
        try load()
        let loadSeconds = Date().timeIntervalSince(loadStarted)
        try postgres.execute("VACUUM ANALYZE document_search")

        func bytes(_ sql: String) throws -> Int64 { Int64(try postgres.query(sql).first?.first.flatMap { $0 } ?? "0") ?? 0 }
        let tableBytes = try bytes("SELECT pg_table_size('document_search')")
        let fts5Bytes =
            try sqlite.prepare("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'document_search%'").first { $0.int64(0) } ?? 0

        let countSQLite = try sqlite.prepare("SELECT count(*) FROM document_search WHERE document_search MATCH ?1")
        let topSQLite = try sqlite.prepare("SELECT rowid FROM document_search WHERE document_search MATCH ?1 ORDER BY rank LIMIT 20")
        let sqliteQueries = try Self.phrases.map { phrase in
            let normalized = normalizer.normalize(phrase)
            let tokens = SearchTokenizer.queryTokens(normalized, quadgrams: true)
            let match = "body : \"\(normalized)\"" + (tokens.count == 1 && tokens[0].kind == .unigram ? "*" : "")
            var measured = try Self.timed(phrase) { try countSQLite.first([match]) { Int($0.int64(0)) } ?? 0 }
            measured.top20P50Milliseconds = try Self.timed(phrase) { try topSQLite.rows([match]) { $0.int64(0) }.count }.p50Milliseconds
            return measured
        }

        progress("载入词项倒排表(\(postings.count) 个词项)…\n")
        let postingsStarted = Date()
        try PostingLists.store(postings, in: postgres)
        let postingsLoadSeconds = Date().timeIntervalSince(postingsStarted)
        postings = [:]
        try postgres.execute("VACUUM ANALYZE postings")
        let postingsBytes = try bytes("SELECT pg_total_relation_size('postings')")
        let postingQueries = try Self.phrases.indices.compactMap { index -> PostingsQuery? in
            let phrase = Self.phrases[index]
            var bytesRead = 0
            let measured: Query
            if let tokens = phraseTokens[index] {
                measured = try Self.timed(phrase) {
                    let matched = try PostingLists.documents(matching: tokens, in: postgres)
                    bytesRead = matched.bytes
                    return matched.documents.count
                }
            } else if let prefix = prefixes[index] {
                measured = try Self.timed(phrase) {
                    let matched = try PostingLists.documents(withPrefix: prefix, in: postgres)
                    bytesRead = matched.bytes
                    return matched.documents.count
                }
            } else {
                return nil
            }
            return PostingsQuery(phrase: phrase, count: measured.count, bytes: bytesRead, p50Milliseconds: measured.p50Milliseconds)
        }

        let searcher = try Searcher(database: sqlite, normalizer: normalizer)
        _ = try searcher.search("罚款")
        let archiveSearch = try Self.phrases.map { phrase in
            try Self.timed(phrase) {
                searcher.forgetPhraseCounts()
                return try searcher.search("\"\(phrase)\"", options: .init(limit: 20, facets: true, snippets: true)).total
            }.p50Milliseconds
        }

        // A term in most documents (听证 in 70 %) makes the planner prefer a sequential scan that
        // reads and matches every tsvector (about 800 ms on 100,000 documents); the index answers
        // the same count from its posting lists. Search always goes through the index.
        try postgres.execute("SET enable_seqscan = off")
        var indexes: [IndexMeasurement] = []
        for method in ["gin"] + (Self.rumIsInstalled ? ["rum"] : []) {
            progress("建立 \(method) 索引…\n")
            let started = Date()
            if method == "rum" { try postgres.execute("CREATE EXTENSION IF NOT EXISTS rum") }
            try postgres.execute(
                "CREATE INDEX document_search_body ON document_search USING \(method == "rum" ? "rum(body rum_tsvector_ops)" : "gin(body)")")
            let buildSeconds = Date().timeIntervalSince(started)
            let indexBytes = try bytes("SELECT pg_relation_size('document_search_body')")
            let queries = try Self.phrases.map { phrase in
                let query = Self.tsquery(normalizer.normalize(phrase))
                var measured = try Self.timed(phrase) {
                    Int(
                        try postgres.query("SELECT count(*) FROM document_search WHERE body @@ $1::tsquery", [query]).first?.first.flatMap { $0 }
                            ?? "0") ?? 0
                }
                let order = method == "rum" ? "body <=> $1::tsquery" : "ts_rank(body, $1::tsquery) DESC"
                measured.top20P50Milliseconds =
                    try Self.timed(phrase) {
                        try postgres.query("SELECT id FROM document_search WHERE body @@ $1::tsquery ORDER BY \(order) LIMIT 20", [query]).count
                    }.p50Milliseconds
                measured.facetsP50Milliseconds =
                    try Self.timed(phrase) {
                        try postgres.query(
                            """
                            SELECT agency, case_type, doc_type, year, count(*) FROM document_search WHERE body @@ $1::tsquery
                            GROUP BY GROUPING SETS ((agency), (case_type), (doc_type), (year))
                            """, [query]
                        ).count
                    }.p50Milliseconds
                measured.matchIDsP50Milliseconds =
                    try Self.timed(phrase) {
                        try postgres.query("SELECT id FROM document_search WHERE body @@ $1::tsquery", [query]).count
                    }.p50Milliseconds
                return measured
            }
            indexes.append(IndexMeasurement(method: method, buildSeconds: buildSeconds, indexBytes: indexBytes, queries: queries))
            try postgres.execute("DROP INDEX document_search_body")
        }
        return Result(
            documents: documents, documentsOverPositionLimit: overLimit, loadSeconds: loadSeconds, postgresTableBytes: tableBytes,
            sqliteFTS5Bytes: fts5Bytes, sqlite: sqliteQueries, archiveSearchP50Milliseconds: archiveSearch, indexes: indexes,
            postingLists: postingQueries, postingsOfEveryToken: fullPostings, postingsLoadSeconds: postingsLoadSeconds,
            postingsTableBytes: postingsBytes)
    }

    /// `count` run five times: its answer and its median time.
    static func timed(_ phrase: String, _ count: () throws -> Int) throws -> Query {
        var times: [Double] = []
        var answer = 0
        for _ in 0..<5 {
            let started = Date()
            answer = try count()
            times.append(Date().timeIntervalSince(started) * 1000)
        }
        return Query(phrase: phrase, count: answer, p50Milliseconds: times.sorted()[2])
    }

    /// Index tokens as a tsvector literal: `'行政':1 '␁行政处罚':1 '政处':2 …`.
    public static func tsvector(_ tokens: [SearchTokenizer.IndexToken]) -> String {
        // Built as bytes: the String interpolation and replacing of a first version took most of
        // the load's time (100,000 documents: 213 s, 3 minutes of it in this process).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tokens.count * 12)
        for token in tokens {
            if !bytes.isEmpty { bytes.append(0x20) }
            appendLexeme(token.bytes, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: String(min(token.position, 16_383)).utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `'lexeme'` with quote and backslash doubled as tsvector input wants them.
    static func appendLexeme(_ lexeme: [UInt8], to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "'"))
        for byte in lexeme {
            if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\\") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "'"))
    }

    /// A normalized query as a tsquery: a phrase is a `<->` chain of its tokens; a lone character a prefix.
    public static func tsquery(_ normalized: String) -> String {
        let bytes = Array(normalized.utf8)
        let tokens = SearchTokenizer.queryTokens(normalized, quadgrams: true)
        if tokens.count == 1, tokens[0].kind == .unigram { return lexeme(tokens[0].indexBytes(in: bytes)) + ":*" }
        return tokens.map { lexeme($0.indexBytes(in: bytes)) }.joined(separator: " <-> ")
    }

    /// One lexeme quoted for tsvector and tsquery input (quote and backslash escaped).
    public static func lexeme(_ bytes: [UInt8]) -> String {
        var quoted: [UInt8] = []
        appendLexeme(bytes, to: &quoted)
        return String(decoding: quoted, as: UTF8.self)
    }
}
