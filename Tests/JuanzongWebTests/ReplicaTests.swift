import Foundation
import JuanzongAccess
import JuanzongBenchmarks
import JuanzongIndexer
import JuanzongPostgresTesting
import JuanzongQuery
import JuanzongStore
import Testing

@testable import JuanzongWeb

/// `juanzong serve --read-replica`: a real primary and a streaming standby started by the test.
/// Searches are answered by the standby while the primary ingests; writes go to the primary and
/// are on the standby when they return; after the primary stops and the standby is promoted,
/// writes go on and nothing committed is lost.
@Suite(.enabled(if: PostgresCluster.isInstalled, "需要 PostgreSQL 15(scripts/setup.sh 安装)"), .serialized)
struct ReplicaTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func count(_ table: String, on cluster: PostgresCluster) throws -> Int {
        try Database(postgresURL: cluster.url(database: "archive"), readOnly: true).prepare("SELECT count(*) FROM \(table)").first { $0.int(0) }
            ?? -1
    }

    @Test func searchesReadTheStandbyWritesReachItAndSurviveAFailover() async throws {
        setlocale(LC_ALL, "C.UTF-8")
        let root = URL(fileURLWithPath: "/tmp/juanzong-pg-replica-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let primary = try PostgresCluster.startPrimary(in: root.appendingPathComponent("primary"))
        defer { try? primary.stop() }
        try primary.createDatabase("archive")
        let standby = try primary.startReplica(in: root.appendingPathComponent("standby"), name: "standby")
        defer { try? standby.stop() }
        try primary.requireSynchronousStandby("standby")

        // The archive's address names both servers: libpq keeps the one that takes writes.
        let archive = ArchiveLocation(
            path: "postgresql://\(PostgresCluster.user)@127.0.0.1:\(primary.port),127.0.0.1:\(standby.port)/archive?target_session_attrs=read-write",
            objects: root.appendingPathComponent("objects").path)
        _ = try Ingestor(archive: archive, options: IngestOptions()).run([Self.packageRoot.appendingPathComponent("SampleCases").path])
        let services = try ArchiveServices(location: archive, readReplica: ArchiveLocation(path: standby.url(database: "archive")), readers: 2)
        #expect(try await services.read { try $0.database.prepare("SELECT pg_is_in_recovery()").first { $0.int(0) } } == 1)

        // Searches are answered by the standby while the primary ingests.
        let corpus = root.appendingPathComponent("corpus")
        try CorpusGenerator(cases: 200).write(to: corpus)
        var options = IngestOptions()
        options.batchFiles = 50  // many commits: the standby replays them while it answers
        // The ingest holds after its first batch until the standby has answered a search, so the
        // two overlap however busy the machine is. It runs on a thread of its own: held on one of
        // Swift's few shared threads, it could starve the test that must open it.
        let gate = Gate()
        let ingestOptions = options
        let ingest = BackgroundRun { try Ingestor(archive: archive, options: ingestOptions).run([corpus.path]) { _ in gate.holdOnce() } }
        while try Self.count("documents", on: primary) <= 29 { try await Task.sleep(for: .milliseconds(20)) }
        // Each answer with the documents the primary held right after it.
        var answers: [(total: Int, ingested: Int)] = []
        repeat {
            let total = try await services.read { try Searcher(database: $0.database).search("罚款").total }
            answers.append((total, try Self.count("documents", on: primary)))
            gate.open()
        } while answers.count < 500 && answers.last!.ingested < 1029
        let summary = try await ingest.value()
        #expect(summary.documents == 1000)
        #expect(answers.allSatisfy { $0.total > 0 })
        #expect(answers.contains { $0.ingested < 1029 }, "no search was answered while the primary ingested")
        try standby.catchUp(with: primary)
        let onPrimary = try Searcher(database: archive.openForReading()).search("罚款").total
        #expect(try await services.read { try Searcher(database: $0.database).search("罚款").total } == onPrimary)

        // A write goes to the primary and is on the standby when it returns (remote_apply).
        let before = try Self.count("audit_log", on: standby)
        try await services.write { database in
            _ = try AuditLog(database: database).append(action: "replica_test", target: "before_failover", detail: "")
        }
        #expect(try Self.count("audit_log", on: standby) == before + 1)

        // The primary stops; the standby is promoted; the server's writer finds it through the address.
        try primary.stop()
        try standby.promote()
        try await services.write { database in
            _ = try AuditLog(database: database).append(action: "replica_test", target: "after_failover", detail: "")
        }
        let promoted = try Database(postgresURL: standby.url(database: "archive"))
        #expect(try promoted.prepare("SELECT count(*) FROM audit_log").first { $0.int(0) } == before + 2)
        #expect(try AuditLog(database: promoted).verify().intact)
        #expect(try promoted.prepare("SELECT count(*) FROM documents").first { $0.int(0) } == 1029)
    }
}

/// Holds the first caller of `holdOnce` until `open` (at most two minutes); later callers pass.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var held = false
    private let opened = DispatchSemaphore(value: 0)

    func holdOnce() {
        lock.lock()
        let first = !held
        held = true
        lock.unlock()
        if first { _ = opened.wait(timeout: .now() + 120) }
    }

    func open() { opened.signal() }
}

/// Runs `body` on a thread of its own; `value()` waits for its result without holding a thread.
final class BackgroundRun<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Value, any Error>?

    init(_ body: @escaping @Sendable () throws -> Value) {
        Thread { [self] in
            let outcome = Result { try body() }
            lock.withLock { result = outcome }
        }.start()
    }

    func value() async throws -> Value {
        while true {
            if let result = lock.withLock({ result }) { return try result.get() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
