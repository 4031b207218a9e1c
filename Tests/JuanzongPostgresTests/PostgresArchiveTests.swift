import Foundation
import JuanzongBenchmarks
import JuanzongCore
import JuanzongIndexer
import JuanzongPostgresTesting
import JuanzongQuery
import JuanzongStore
import Testing

/// The archive on PostgreSQL means what it means on SQLite: the same ingest gives the same case
/// files, dossiers, review queue and precedent on both stores; corrections apply and hold on
/// both; several ingest processes writing one PostgreSQL archive at once end where one SQLite
/// ingest of the same input ends. Every cluster is real, started by the test.
@Suite(.enabled(if: PostgresCluster.isInstalled, "需要 PostgreSQL 15(scripts/setup.sh 安装)"), .serialized)
struct PostgresArchiveTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sampleCases = packageRoot.appendingPathComponent("SampleCases").path

    /// A started primary with a new database `archive`, the location of a PostgreSQL archive in
    /// it (originals in a folder beside the cluster) and of a SQLite archive, all under `root`.
    struct Stores {
        let root: URL
        let cluster: PostgresCluster
        let postgres: ArchiveLocation
        let sqlite: ArchiveLocation

        init(_ name: String) throws {
            root = try PostgresClusterTests.temporaryDirectory(name)
            cluster = try PostgresCluster.startPrimary(in: root.appendingPathComponent("cluster"))
            try cluster.createDatabase("archive")
            postgres = ArchiveLocation(path: cluster.url(database: "archive"), objects: root.appendingPathComponent("objects").path)
            sqlite = ArchiveLocation(path: root.appendingPathComponent("sqlite").path)
        }

        func stop() {
            try? cluster.stop()
            try? FileManager.default.removeItem(at: root)
        }
    }

    static func ingest(_ paths: [String], into location: ArchiveLocation) throws -> IngestSummary {
        setlocale(LC_ALL, "C.UTF-8")
        return try Ingestor(archive: location, options: IngestOptions()).run(paths)
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Everything a reader sees of the archive, as JSON: every case file with its texts, every
    /// dossier, the review queue and the precedent of each statute cited.
    static func everythingRead(from database: Database) throws -> [String: String] {
        let reader = ArchiveReader(database: database)
        var seen: [String: String] = [:]
        for key in try database.prepare("SELECT case_number_key FROM cases ORDER BY id").rows([], { $0.string(0) }) {
            seen["case " + key] = try json(try reader.caseFile(numberKey: key, includeText: true))
        }
        for id in try database.prepare("SELECT id FROM subjects ORDER BY id").rows([], { $0.int64(0) }) {
            seen["subject \(id)"] = try json(try reader.dossier(subjectID: id))
        }
        let queue = try ReviewQueue(database: database).entries(limit: 1000)
        seen["review queue"] = try json(queue.entries) + "\(queue.total)"
        let precedent = try PrecedentSearch(database: database)
        for (statute, article) in try database.prepare(
            "SELECT DISTINCT statute, article FROM case_legal_bases WHERE article IS NOT NULL ORDER BY 1, 2"
        ).rows([], { ($0.string(0), $0.int(1)) }) {
            let reference = try ArticleReference("\(statute) 第\(article)条")
            seen["precedent \(statute) \(article)"] = try json(try precedent.search(.init(article: reference)))
        }
        return seen
    }

    @Test func sampleCasesReadTheSameOnBothStoresAndCorrectionsHold() throws {
        let stores = try Stores("same-reads")
        defer { stores.stop() }
        let onSQLite = try Self.ingest([Self.sampleCases], into: stores.sqlite)
        let onPostgres = try Self.ingest([Self.sampleCases], into: stores.postgres)
        #expect(onPostgres.documents == onSQLite.documents && onPostgres.documents > 20)
        #expect(onPostgres.cases == onSQLite.cases && onPostgres.subjects == onSQLite.subjects)
        #expect(onPostgres.problems.map(\.sourcePath) == onSQLite.problems.map(\.sourcePath))

        let sqlite = try stores.sqlite.openExistingForWriting()
        let postgres = try stores.postgres.openExistingForWriting()
        #expect(postgres.dialect == .postgresql)
        let expected = try Self.everythingRead(from: sqlite)
        #expect(expected.keys.contains { $0.hasPrefix("precedent") })
        #expect(try Self.everythingRead(from: postgres) == expected)

        // A reviewer corrects the first document of the queue on both stores: subject and legal bases.
        let documentID = try #require(try ReviewQueue(database: sqlite).entries().entries.first?.documentId)
        var review = FactReview()
        review.subjectName = "上海存储核对测试有限公司"
        review.legalBases = [LegalBasis(statute: "中华人民共和国食品安全法", article: 124, clause: 1)]
        review.reason = "两种存储同样核对"
        for database in [sqlite, postgres] {
            #expect(try FactReviewer(database: database).review(documentId: documentID, review, actor: "测试").count == 2)
        }
        // A later ingest of the same files keeps the corrections, on both.
        _ = try Self.ingest([Self.sampleCases], into: stores.sqlite)
        _ = try Self.ingest([Self.sampleCases], into: stores.postgres)
        let corrected = try Self.everythingRead(from: sqlite)
        #expect(corrected != expected)
        #expect(corrected.values.contains { $0.contains("上海存储核对测试有限公司") })
        #expect(try Self.everythingRead(from: postgres) == corrected)
        #expect(try AuditLog(database: postgres).verify().intact)
    }

    @Test func fourIngestProcessesEndWhereOneSQLiteIngestEnds() throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("juanzong")
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "先运行 swift build 生成 juanzong")
        let stores = try Stores("four-writers")
        defer { stores.stop() }
        let corpus = stores.root.appendingPathComponent("corpus")
        try CorpusGenerator(cases: 240).write(to: corpus)
        let caseFolders = try FileManager.default.subpathsOfDirectory(atPath: corpus.path)
            .filter { ($0 as NSString).lastPathComponent.hasPrefix("case-") }.sorted().map { corpus.appendingPathComponent($0).path }
        #expect(caseFolders.count == 240)
        // Overlapping inputs: writer k reads the k-th and the next quarter of the cases, and all read SampleCases.
        let quarter = caseFolders.count / 4
        let inputs: [[String]] = (0..<4).map { writer in
            let first = writer * quarter, second = ((writer + 1) % 4) * quarter
            return [Self.sampleCases] + Array(caseFolders[first..<first + quarter]) + Array(caseFolders[second..<second + quarter])
        }
        let processes = try inputs.map { paths in
            try ChildProcess(
                executable.path,
                [
                    "ingest", "--archive", stores.cluster.url(database: "archive"), "--objects", stores.root.appendingPathComponent("objects").path,
                    "--batch-files", "40", "--json",
                ] + paths)
        }
        for process in processes {
            // 1: SampleCases holds problem files on purpose; anything else (2, a crash) is a failure.
            #expect(process.wait() == 1)
        }
        _ = try Self.ingest([Self.sampleCases] + caseFolders, into: stores.sqlite)

        let sqlite = try stores.sqlite.openForReading()
        let postgres = try stores.postgres.openForReading()
        for table in [
            "documents", "cases", "subjects", "subject_names", "case_legal_bases", "case_officers", "av_records", "blobs", "ingest_problems",
        ] {
            let count = "SELECT count(*) FROM \(table)"
            #expect(try postgres.prepare(count).first { $0.int(0) } == sqlite.prepare(count).first { $0.int(0) }, "\(table)")
        }
        #expect(try postgres.prepare("SELECT count(*) FROM search_lengths").first { $0.int(0) } == 240 * 5 + 29)
        // Every document is found by search as in the SQLite archive (the writers' posting lists interleave).
        let searches = ["罚款", "行政处罚决定书", "罚", "上海 OR 奉贤", "责令改正 -警告"]
        // Before and after each token's rows are joined into one (`juanzong optimize`), taken in
        // small key ranges here so that ranges end inside a token's rows.
        let writable = try stores.postgres.openExistingForWriting()
        #expect(try SearchIndexMaintenance(database: writable).segmentCount() > 1)
        let before = try searches.map {
            try Searcher(database: postgres).search($0, options: .init(limit: 100, snippets: false)).hits.map(\.documentId)
        }
        let found: (Database, String) throws -> [String] = { database, query in
            try Searcher(database: database).search(query, options: .init(limit: 10_000, snippets: false)).hits.map { hit in
                try database.prepare("SELECT sha256 FROM documents WHERE id = ?1").first([hit.documentId]) { $0.string(0) }!
            }
        }
        // Filtered by agency, a search reads only the rows of each list spanning documents of the
        // agency, and finds what SQLite finds, as when every row is read (rows without spans).
        let agency = try sqlite.prepare("SELECT agency FROM cases WHERE agency IS NOT NULL GROUP BY agency ORDER BY count(*) LIMIT 1")
            .first { $0.string(0) }!
        let filtered = ["罚款 机关:\(agency)", "处罚决定 机关:\(agency)", "罚款 -警告 机关:\(agency)"]
        let expectedFiltered = try filtered.map { Set(try found(sqlite, $0)) }
        #expect(expectedFiltered.allSatisfy { !$0.isEmpty })
        #expect(try filtered.map { Set(try found(postgres, $0)) } == expectedFiltered)
        try writable.execute("UPDATE search_postings SET last_document = NULL")
        #expect(try filtered.map { Set(try found(postgres, $0)) } == expectedFiltered)
        try writable.transaction { try PostgresSearchIndex(database: writable).mergeRows(chunk: 50) }
        #expect(try SearchIndexMaintenance(database: writable).segmentCount() == 1)
        let after = try searches.map {
            try Searcher(database: postgres).search($0, options: .init(limit: 100, snippets: false)).hits.map(\.documentId)
        }
        #expect(after == before)
        // A count adds up the rows' stored document counts; rows of an archive written before
        // counts were stored are counted from their lists, to the same totals.
        let total = { (database: Database, query: String) in
            try Searcher(database: database).search(query, options: .init(limit: 0, facets: false, snippets: false)).total
        }
        let terms = ["罚款", "处罚", "上海"]
        #expect(try writable.prepare("SELECT count(*) FROM search_postings WHERE document_count IS NULL").first { $0.int(0) } == 0)
        let counted = try terms.map { try total(postgres, $0) }
        #expect(try counted == terms.map { try total(sqlite, $0) })
        try writable.execute("UPDATE search_postings SET document_count = NULL")
        #expect(try terms.map { try total(postgres, $0) } == counted)
        for query in searches {
            let expected = try found(sqlite, query), onPostgres = try found(postgres, query)
            #expect(!expected.isEmpty && Set(onPostgres) == Set(expected), "\(query)")
        }
        #expect(try AuditLog(database: postgres).verify().intact)
        // Row ids differ with the order writers won their races; what rows say does not.
        let content = """
            SELECT c.case_number, COALESCE(c.agency, ''), COALESCE(s.name, ''), COALESCE(s.identifier, ''),
            COALESCE(c.decided_on, ''), COALESCE(c.penalty_amount_yuan, 0), d.sha256, d.doc_type
            FROM documents d LEFT JOIN cases c ON c.id = d.case_id LEFT JOIN subjects s ON s.id = c.subject_id
            ORDER BY d.sha256
            """
        let read: (Database) throws -> [String] = { database in
            // (Amounts read as numbers: as text, SQLite writes 500.0 where PostgreSQL writes 500.)
            try database.prepare(content).rows { row in (0..<8).map { $0 == 5 ? "\(row.double(5))" : row.string(Int32($0)) }.joined(separator: "|") }
        }
        let expected = try read(sqlite)
        #expect(expected.count == 240 * 5 + 29)
        #expect(try read(postgres) == expected)
        // Which of two paths of one content a document is filed under depends on the writer that
        // won; every path is recorded either way.
        let paths = "SELECT source_path FROM documents UNION SELECT source_path FROM document_sources ORDER BY 1"
        #expect(try postgres.prepare(paths).rows { $0.string(0) } == sqlite.prepare(paths).rows { $0.string(0) })
    }
}
