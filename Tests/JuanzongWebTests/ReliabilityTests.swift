import Foundation
import JuanzongBenchmarks
import HummingbirdTesting
import JuanzongAccess
import JuanzongIndexer
import JuanzongStore
import JuanzongWeb
import Testing

@Suite struct ReliabilityTests {
    /// The server keeps answering searches while an ingest commits batch after batch to the same
    /// archive (WAL, one writer); the answers never go backwards, and the audit entries of those
    /// searches reach the log once the writer lock is free.
    @Test func searchesAreAnsweredWhileAnIngestRuns() async throws {
        setlocale(LC_ALL, "C.UTF-8")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-web-ingest-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try CorpusGenerator(cases: 400, seed: 7).write(to: corpus)
        let archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        _ = try Ingestor(archive: archive, options: IngestOptions()).run([WebFixture.packageRoot.appendingPathComponent("SampleCases").path])
        try AccountStore(database: try archive.openForWriting().0, hasher: PasswordHasher(costExponent: 12))
            .add(username: "watcher", displayName: nil, role: .supervision, agency: nil, password: WebFixture.password)
        let services = try ArchiveServices(location: archive, readers: 2)
        let app = WebServer.application(services: services, host: "127.0.0.1", port: 0)
        let searches = try await app.test(.live) { client -> Int in
            let api = try await APIClient.signIn(client, as: "watcher")
            var options = IngestOptions()
            options.batchFiles = 50
            let batches = options
            // The ingest runs on a thread of its own, as it would in its own process.
            let finished = Flag()
            let ingest = Thread {
                _ = try? Ingestor(archive: archive, options: batches).run([corpus.path])
                finished.set()
            }
            ingest.start()
            var totals: [Int] = []
            var done = false
            while !done {
                done = finished.isSet
                let response = try await api.get("/api/v1/search?limit=5&q=" + encoded("罚款"))
                #expect(response.status == .ok)
                totals.append(try response.json()["total"] as? Int ?? -1)
            }
            #expect(totals.count >= 2)
            #expect(totals == totals.sorted(), "检索结果数不应减少:\(totals)")
            #expect(totals.last! > totals.first!)
            return totals.count
        }
        // Every search was audited, and the chain is intact.
        var audited = 0
        for _ in 0..<50 {
            audited = try AuditLog(database: archive.openForReading()).search(actor: "web:watcher", limit: 100_000).rows.filter {
                $0.action == "search"
            }.count
            if audited >= searches { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(audited == searches)
        #expect(try AuditLog(database: archive.openForReading()).verify().intact)
    }

    /// `audit verify` finds an edited entry and a deleted one, even when the append-only
    /// triggers were dropped first (what someone with the sqlite3 shell could do).
    @Test func auditVerifyFindsEditedAndDeletedEntries() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-audit-\(UUID().uuidString)")
        let (database, _) = try ArchiveLocation(path: root.path).openForWriting()
        let log = AuditLog(database: database)
        try log.append((1...6).map { AuditLog.Entry(actor: "web:a", action: "search", target: "search", detail: "{\"q\":\"\($0)\"}") })
        #expect(try log.verify().intact)
        #expect(try log.verify().entries == 6)
        #expect(throws: (any Error).self) { try database.execute("UPDATE audit_log SET actor = 'x' WHERE id = 2") }
        try database.execute("DROP TRIGGER audit_log_is_append_only_update; DROP TRIGGER audit_log_is_append_only_delete")
        try database.execute("UPDATE audit_log SET detail = '{\"q\":\"改\"}' WHERE id = 2")
        let edited = try log.verify()
        #expect(!edited.intact)
        #expect(edited.problems.contains { $0.id == 2 && $0.message.contains("修改") })
        try database.execute("DELETE FROM audit_log WHERE id = 4")
        let deleted = try log.verify()
        #expect(deleted.problems.contains { $0.id == 5 && $0.message.contains("缺失") })
        #expect(deleted.problems.contains { $0.id == 5 && $0.message.contains("删除") })
        let matches = try log.search(text: "改")
        #expect(matches.total == 1)
    }
}

/// A flag set by one thread and read by another.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
