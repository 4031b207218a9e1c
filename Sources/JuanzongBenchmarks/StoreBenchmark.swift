import Foundation
import JuanzongCore
import JuanzongIndexer
import JuanzongPostgres
import JuanzongPostgresTesting
@_spi(Benchmarks) import JuanzongQuery
import JuanzongStore

/// The two stores side by side, in one run, on one generated corpus: ingest by one writer into
/// SQLite (the baseline), by one and by two concurrent writers into PostgreSQL, then the four
/// query sets of `SearchBenchmark` (count only, and a top-20 page with snippets and facets) on
/// the SQLite archive and on the one-writer PostgreSQL archive, and what each store occupies.
/// With `serveSeconds`, last the web server under `serveClients` clients (`ServeBenchmark`):
/// `juanzong serve` on the SQLite archive, then on the PostgreSQL archive reading from a
/// synchronous streaming standby (`--read-replica`), which the benchmark makes with `pg_basebackup`.
///
/// PostgreSQL 15 runs in a cluster of the benchmark's own under `work`, on loopback, sized as
/// an archive's server is (`PostgresCluster.archiveSettings`), with the server's default
/// durability (fsync, synchronous commit); SQLite as the archive runs it (WAL, synchronous=NORMAL).
public struct StoreBenchmark {
    public struct Ingest: Codable, Sendable {
        public var store: String
        public var writers: Int
        public var seconds: Double
        public var documentsPerSecond: Double
        /// This ingest's rate over the SQLite ingest's.
        public var rateToSQLite: Double
    }

    public struct SearchSet: Codable, Sendable {
        public var sqlite: SearchBenchmark.Latency
        public var postgresql: SearchBenchmark.Latency
        /// PostgreSQL's p95 over SQLite's, count only and top 20.
        public var countP95Ratio: Double
        public var top20P95Ratio: Double
    }

    /// The web server's rounds on one store.
    public struct Serve: Codable, Sendable {
        public var store: String
        public var rounds: [ServeBenchmark.Round]
    }

    public struct Result: Codable, Sendable {
        public var documents: Int
        public var ingests: [Ingest]
        public var sets: [SearchSet]
        /// Whether every query of every set found the same number of documents on both stores.
        public var sameCounts: Bool
        public var sqliteMegabytes: Double
        public var postgresqlMegabytes: Double
        /// The largest PostgreSQL tables with their indexes and TOAST, in MB.
        public var postgresqlTables: [String: Double]
        /// The web server on SQLite and on the PostgreSQL standby (empty without `serveSeconds`).
        public var serve: [Serve] = []
    }

    public let cases: Int
    public let work: URL
    public let queriesPerSet: Int
    /// Seconds of each web-server round (0: no server rounds) and the `juanzong` that serves.
    public var serveSeconds = 0
    public var serveClients = 20
    public var serverExecutable: URL?

    /// Keep `work` (the corpus, both archives and the stopped cluster) after the run.
    public var keep = false
    /// Measure the archives a run with `keep` left in `work`, without generating or ingesting.
    public var reuse = false

    public init(cases: Int, work: URL, queriesPerSet: Int = 20) {
        self.cases = cases
        self.work = work
        self.queriesPerSet = queriesPerSet
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        let sqlite = ArchiveLocation(path: work.appendingPathComponent("sqlite").path)
        let clusterFolder = work.appendingPathComponent("cluster"), objects = work.appendingPathComponent("objects").path
        // Registered first, so run last: after the cluster has stopped. Archives reused are never removed.
        defer { if !keep && !reuse { try? FileManager.default.removeItem(at: work) } }
        let cluster: PostgresCluster
        var ingests: [Ingest] = []
        if reuse {
            cluster = try PostgresCluster.restartPrimary(in: clusterFolder)
            // Archives kept by an earlier build are brought to the current schema, as a writer would.
            _ = try sqlite.openDatabaseForWriting()
            _ = try ArchiveLocation(path: cluster.url(database: "one_writer"), objects: objects).openDatabaseForWriting()
            progress("沿用 \(work.path) 中保留的档案库,不生成、不导入\n")
        } else {
            (cluster, ingests) = try ingest(into: sqlite, clusterFolder: clusterFolder, objects: objects, progress: progress)
        }
        defer { try? cluster.stop() }
        let oneWriter = ArchiveLocation(path: cluster.url(database: "one_writer"), objects: objects)
        let sqliteDatabase = try sqlite.openForReading(), postgresDatabase = try oneWriter.openForReading()
        let sqliteSearcher = try Searcher(database: sqliteDatabase), postgresSearcher = try Searcher(database: postgresDatabase)
        let terms = try QueryTerms(database: sqliteDatabase, catalog: try sqliteSearcher.currentCatalog(), count: queriesPerSet)
        let measuring = SearchBenchmark(archive: sqlite, textFolder: nil, queriesPerSet: queriesPerSet)
        // Warm both: catalogs loaded, pages mapped.
        for searcher in [sqliteSearcher, postgresSearcher] { _ = try searcher.search("罚款", options: .init(limit: 20)) }
        var sets: [SearchSet] = []
        var sameCounts = true
        for (name, queries) in [
            ("a 罕见双字词", terms.rare), ("b 最常见双字词", terms.common), ("c 四字短语", terms.phrases), ("d 短语+两个字段筛选", terms.filtered),
        ] {
            progress("测量 \(name)(\(queries.count) 条,两种存储)…\n")
            let onSQLite = try measuring.measure(name, queries, sqliteSearcher)
            let onPostgres = try measuring.measure(name, queries, postgresSearcher)
            for query in queries {
                let options = Searcher.Options(limit: 0, facets: false, snippets: false)
                if try sqliteSearcher.search(query, options: options).total != postgresSearcher.search(query, options: options).total {
                    sameCounts = false
                }
            }
            sets.append(
                SearchSet(
                    sqlite: onSQLite, postgresql: onPostgres,
                    countP95Ratio: onPostgres.countP95Milliseconds / max(onSQLite.countP95Milliseconds, 0.001),
                    top20P95Ratio: onPostgres.top20P95Milliseconds / max(onSQLite.top20P95Milliseconds, 0.001)))
        }

        let sqliteBytes = (try? FileManager.default.attributesOfItem(atPath: sqlite.databasePath)[.size] as? NSNumber)?.doubleValue ?? 0
        let postgresBytes = try postgresDatabase.prepare("SELECT pg_database_size(current_database())").first { $0.double(0) } ?? 0
        var tables: [String: Double] = [:]
        try postgresDatabase.prepare(
            """
            SELECT relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 2 DESC LIMIT 6
            """
        ).each { tables[$0.string(0)] = $0.double(1) / 1_048_576 }
        var serve: [Serve] = []
        if serveSeconds > 0, let serverExecutable {
            let standbyFolder = work.appendingPathComponent("standby")
            let standby = try cluster.startReplica(in: standbyFolder)
            defer {
                // A kept primary must not wait for this standby when it is started again.
                try? cluster.requireNoSynchronousStandby()
                try? standby.stop()
                try? FileManager.default.removeItem(at: standbyFolder)
            }
            try cluster.requireSynchronousStandby("replica")
            try standby.catchUp(with: cluster)
            var onStandby = ServeBenchmark(archive: oneWriter, serverExecutable: serverExecutable)
            onStandby.readReplica = ArchiveLocation(path: standby.url(database: "one_writer"))
            onStandby.queriesFrom = sqlite
            for (store, var benchmark) in [
                ("sqlite", ServeBenchmark(archive: sqlite, serverExecutable: serverExecutable)), ("postgresql-standby", onStandby),
            ] {
                progress("网页服务(\(store)):\(serveClients) 个客户端,每轮 \(serveSeconds) 秒……\n")
                benchmark.duration = serveSeconds
                benchmark.clients = serveClients
                benchmark.guessers = 0
                serve.append(Serve(store: store, rounds: try benchmark.run(progress: progress).rounds))
            }
        }
        return Result(
            documents: try sqliteSearcher.currentCatalog().count, ingests: ingests, sets: sets, sameCounts: sameCounts,
            sqliteMegabytes: sqliteBytes / 1_048_576, postgresqlMegabytes: postgresBytes / 1_048_576, postgresqlTables: tables, serve: serve)
    }

    /// Generates the corpus and ingests it into SQLite, then into PostgreSQL by one and by two
    /// writers; leaves both stores settled (`settle`) and the cluster running.
    private func ingest(
        into sqlite: ArchiveLocation, clusterFolder: URL, objects: String, progress: (String) -> Void
    ) throws -> (
        PostgresCluster, [Ingest]
    ) {
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let corpus = work.appendingPathComponent("corpus")
        let documents = try CorpusGenerator(cases: cases).write(to: corpus)
        let caseFolders = try FileManager.default.subpathsOfDirectory(atPath: corpus.path)
            .filter { ($0 as NSString).lastPathComponent.hasPrefix("case-") }.sorted().map { corpus.appendingPathComponent($0).path }
        progress("语料:\(cases) 件案件,\(documents) 份文书\n")

        let sqliteSeconds = try timed { _ = try Ingestor(archive: sqlite, options: IngestOptions()).run([corpus.path]) }
        progress(String(format: "SQLite 单写入:%.1f 秒\n", sqliteSeconds))

        // The primary and its standby share the machine (and SQLite's page cache): each is sized for half of it.
        let cluster = try PostgresCluster.startPrimary(
            in: clusterFolder, settings: PostgresCluster.archiveSettings(memory: ProcessInfo.processInfo.physicalMemory / 2))
        try cluster.createDatabase("one_writer")
        try cluster.createDatabase("two_writers")
        let oneWriter = ArchiveLocation(path: cluster.url(database: "one_writer"), objects: objects)
        let oneSeconds = try timed { _ = try Ingestor(archive: oneWriter, options: IngestOptions()).run([corpus.path]) }
        progress(String(format: "PostgreSQL 单写入:%.1f 秒\n", oneSeconds))

        let twoWriters = ArchiveLocation(path: cluster.url(database: "two_writers"), objects: objects)
        // The archive exists before the writers race to create it; each takes half of the cases.
        _ = try twoWriters.openDatabaseForWriting()
        let halves = [Array(caseFolders[..<(caseFolders.count / 2)]), Array(caseFolders[(caseFolders.count / 2)...])]
        let twoSeconds = try timed {
            let outcomes = ConcurrentResults<IngestSummary>(count: 2)
            DispatchQueue.concurrentPerform(iterations: 2) { writer in
                outcomes.store(Swift.Result { try Ingestor(archive: twoWriters, options: IngestOptions()).run(halves[writer]) }, at: writer)
            }
            _ = try outcomes.all.map { try $0.get() }
        }
        progress(String(format: "PostgreSQL 两个写入并发:%.1f 秒\n", twoSeconds))
        try settle(sqlite: sqlite, cluster: cluster, progress: progress)

        let rate = { (seconds: Double) in Double(documents) / max(seconds, 0.001) }
        return (
            cluster,
            [
                Ingest(store: "sqlite", writers: 1, seconds: sqliteSeconds, documentsPerSecond: rate(sqliteSeconds), rateToSQLite: 1),
                Ingest(
                    store: "postgresql", writers: 1, seconds: oneSeconds, documentsPerSecond: rate(oneSeconds),
                    rateToSQLite: sqliteSeconds / oneSeconds),
                Ingest(
                    store: "postgresql", writers: 2, seconds: twoSeconds, documentsPerSecond: rate(twoSeconds),
                    rateToSQLite: sqliteSeconds / twoSeconds),
            ]
        )
    }

    /// Brings both stores to where an archive in service is between ingests, before anything is
    /// searched: the two-writer archive (measured for its ingest only) dropped, so that it holds
    /// no memory; PostgreSQL's upkeep after a bulk load done (`VACUUM (ANALYZE)`: statistics,
    /// visibility map, hint bits, which autovacuum would otherwise do while queries are timed)
    /// and its dirty pages written (`CHECKPOINT`); SQLite's write-ahead log checkpointed into
    /// the database file.
    private func settle(sqlite: ArchiveLocation, cluster: PostgresCluster, progress: (String) -> Void) throws {
        progress("整理两种存储(VACUUM ANALYZE、检查点)……\n")
        let start = Date()
        let server = try PostgresConnection(url: cluster.url())
        try server.execute("DROP DATABASE two_writers")
        let archive = try PostgresConnection(url: cluster.url(database: "one_writer"))
        try archive.execute("VACUUM (ANALYZE)")
        try archive.execute("CHECKPOINT")
        try sqlite.openDatabaseForWriting().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        progress(String(format: "整理用时 %.1f 秒\n", Date().timeIntervalSince(start)))
    }

    private func timed(_ body: () throws -> Void) throws -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }
}
