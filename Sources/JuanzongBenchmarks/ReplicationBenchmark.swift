import Foundation
import JuanzongPostgres
import JuanzongPostgresTesting

/// What a commit costs on PostgreSQL as replication gets stricter: single-row appends to a
/// hash-chained audit table (each row holds the SHA-256 of the one before, as juanzong's audit log
/// does), one transaction each, on a primary alone, with an asynchronous streaming replica and
/// with a synchronous one (`synchronous_standby_names`: a commit returns once the replica has
/// it). Real clusters on loopback, made for the run and removed after it.
public struct ReplicationBenchmark {
    /// One mode's appends.
    public struct Measurement: Encodable, Sendable {
        public var mode: String
        public var appends: Int
        public var seconds: Double
        public var appendsPerSecond: Double { Double(appends) / seconds }
        /// Milliseconds per commit, median and 95th percentile.
        public var p50Milliseconds: Double
        public var p95Milliseconds: Double

        enum CodingKeys: String, CodingKey {
            case mode, appends, seconds
            case appendsPerSecond = "appends_per_second"
            case p50Milliseconds = "p50_ms"
            case p95Milliseconds = "p95_ms"
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(mode, forKey: .mode)
            try container.encode(appends, forKey: .appends)
            try container.encode(seconds, forKey: .seconds)
            try container.encode(appendsPerSecond, forKey: .appendsPerSecond)
            try container.encode(p50Milliseconds, forKey: .p50Milliseconds)
            try container.encode(p95Milliseconds, forKey: .p95Milliseconds)
        }
    }

    public let work: URL
    public let appends: Int

    /// `work` is emptied first and removed after the run.
    public init(work: URL, appends: Int) {
        self.work = work
        self.appends = appends
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> [Measurement] {
        guard PostgresCluster.isInstalled else { throw BenchmarkError("需要 PostgreSQL 15(scripts/setup.sh 安装)") }
        try? FileManager.default.removeItem(at: work)
        defer { try? FileManager.default.removeItem(at: work) }
        let primary = try PostgresCluster.startPrimary(in: work.appendingPathComponent("primary"))
        defer { try? primary.stop() }
        try primary.createDatabase("archive")
        let connection = try PostgresConnection(url: primary.url(database: "archive"))
        try connection.execute(
            """
            CREATE TABLE audit_log(seq bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), actor text NOT NULL,
                action text NOT NULL, target text NOT NULL, previous_hash text NOT NULL, hash text NOT NULL)
            """)
        var results: [Measurement] = []
        var sequence = 0
        progress("主库单独:\(appends) 次追加\n")
        results.append(try measure("primary_alone", on: connection, sequence: &sequence))
        let replica = try primary.startReplica(in: work.appendingPathComponent("replica"), name: "replica")
        defer { try? replica.stop() }
        try replica.catchUp(with: primary)
        progress("异步副本:\(appends) 次追加\n")
        results.append(try measure("async_replica", on: connection, sequence: &sequence))
        try primary.requireSynchronousStandby("replica")
        progress("同步副本:\(appends) 次追加\n")
        results.append(try measure("sync_replica", on: connection, sequence: &sequence))
        return results
    }

    /// `appends` single-row transactions, each reading the chain's last hash and appending after it.
    private func measure(_ mode: String, on connection: PostgresConnection, sequence: inout Int) throws -> Measurement {
        var latencies: [Double] = []
        latencies.reserveCapacity(appends)
        let started = Date()
        for _ in 0..<appends {
            sequence += 1
            let seq = String(sequence)
            let begun = Date()
            try connection.transaction {
                let previous = try connection.query("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").first?.first ?? nil
                try connection.query(
                    """
                    INSERT INTO audit_log(seq, actor, action, target, previous_hash, hash)
                    VALUES ($1::bigint, 'bench', 'search', 'query', $2, encode(sha256(($2 || $1::text)::bytea), 'hex'))
                    """, [seq, previous ?? ""])
            }
            latencies.append(Date().timeIntervalSince(begun) * 1000)
        }
        let seconds = Date().timeIntervalSince(started)
        latencies.sort()
        return Measurement(
            mode: mode, appends: appends, seconds: seconds, p50Milliseconds: latencies[latencies.count / 2],
            p95Milliseconds: latencies[min(latencies.count - 1, latencies.count * 95 / 100)])
    }
}
