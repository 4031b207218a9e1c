import Foundation
import Glibc
import JuanzongCore
import JuanzongPostgres

/// A PostgreSQL 15 cluster of its own in a folder, on loopback, made with Debian's `initdb` and
/// run with `pg_ctl`: what the tests and benchmarks start instead of a mock. A replica is a
/// `pg_basebackup` of a primary streaming from it; `promote()` makes it a primary.
///
/// The server refuses to run as root: as root the programs run as the `postgres` user, which owns
/// the cluster's folder.
public final class PostgresCluster: @unchecked Sendable {
    /// The folder holding `data/`, the server's log and its socket.
    public let directory: URL
    public let port: Int
    /// Whether this cluster follows a primary (until promoted).
    public private(set) var isReplica: Bool
    private var running = false

    /// The database user every cluster is made with (trusted on loopback).
    public static let user = "juanzong"

    /// Where Debian puts PostgreSQL 15's server programs.
    public static let binaries = URL(fileURLWithPath: "/usr/lib/postgresql/15/bin")

    /// Whether the server programs are installed (`scripts/setup.sh` installs them).
    public static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent("initdb").path)
    }

    /// A libpq URL of database `database` on this cluster.
    public func url(database: String = "postgres") -> String {
        "postgresql://\(Self.user)@127.0.0.1:\(port)/\(database)"
    }

    private init(directory: URL, port: Int, isReplica: Bool) {
        self.directory = directory
        self.port = port
        self.isReplica = isReplica
    }

    deinit { try? stop() }

    private var data: URL { directory.appendingPathComponent("data") }
    private var log: URL { directory.appendingPathComponent("server.log") }

    /// Makes a new primary in `directory` (created, must not hold a cluster) and starts it, with
    /// `settings` added to its `postgresql.conf` (a replica made from it copies them).
    public static func startPrimary(in directory: URL, settings extra: [String] = []) throws -> PostgresCluster {
        try prepare(directory)
        let cluster = PostgresCluster(directory: directory, port: try freePort(), isReplica: false)
        try run("initdb", ["-D", cluster.data.path, "-U", user, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"])
        var settings = cluster.serverSettings
        settings += ["wal_level = replica", "max_wal_senders = 8", "wal_keep_size = '256MB'"] + extra
        try append(settings, to: cluster.data.appendingPathComponent("postgresql.conf"))
        try append(
            ["host all all 127.0.0.1/32 trust", "host replication all 127.0.0.1/32 trust"], to: cluster.data.appendingPathComponent("pg_hba.conf"))
        try cluster.start()
        return cluster
    }

    /// Starts again a primary that `startPrimary` made in `directory` and that was stopped, on a
    /// port free now (the later `port` line of its `postgresql.conf` wins).
    public static func restartPrimary(in directory: URL) throws -> PostgresCluster {
        let cluster = PostgresCluster(directory: directory, port: try freePort(), isReplica: false)
        guard FileManager.default.fileExists(atPath: cluster.data.appendingPathComponent("PG_VERSION").path) else {
            throw PostgresClusterError("\(directory.path) 中没有集群")
        }
        try append(["port = \(cluster.port)"], to: cluster.data.appendingPathComponent("postgresql.conf"))
        try cluster.start()
        return cluster
    }

    /// Makes a streaming replica of this primary in `directory` with `pg_basebackup` and starts
    /// it; it reports itself to the primary as `name`.
    public func startReplica(in directory: URL, name: String = "replica") throws -> PostgresCluster {
        try Self.prepare(directory)
        let replica = PostgresCluster(directory: directory, port: try Self.freePort(), isReplica: true)
        try Self.run(
            "pg_basebackup",
            [
                "-h", "127.0.0.1", "-p", String(port), "-U", Self.user, "-D", replica.data.path, "-R", "-X", "stream", "-c", "fast",
            ])
        // The copy carries the primary's port and socket; the replica gets its own, and a name.
        try Self.append(
            replica.serverSettings + ["primary_conninfo = 'host=127.0.0.1 port=\(port) user=\(Self.user) application_name=\(name)'"],
            to: replica.data.appendingPathComponent("postgresql.auto.conf"))
        try replica.start()
        return replica
    }

    /// Settings of a server that holds an archive, for a machine giving it `memory` bytes: a
    /// quarter of it as shared buffers (at most 8 GB), the rest as the kernel's cache, and room
    /// for a large ingest's WAL between checkpoints, as `docs/scale-out.md` recommends. The
    /// tests' small clusters keep the server's defaults.
    public static func archiveSettings(memory: UInt64) -> [String] {
        let megabytes = memory / 1_048_576
        return [
            "shared_buffers = '\(min(megabytes / 4, 8192))MB'", "effective_cache_size = '\(megabytes * 3 / 4)MB'",
            "max_wal_size = '8GB'", "checkpoint_timeout = '15min'", "checkpoint_completion_target = 0.9",
        ]
    }

    /// Settings of every cluster: loopback only, its own port and socket folder.
    private var serverSettings: [String] {
        ["listen_addresses = '127.0.0.1'", "port = \(port)", "unix_socket_directories = '\(directory.path)'", "hot_standby = on"]
    }

    /// Starts the server and waits until it accepts connections.
    public func start() throws {
        try Self.run("pg_ctl", ["-D", data.path, "-l", log.path, "-w", "-t", "60", "start"])
        running = true
    }

    /// Stops the server (fast shutdown: sessions are ended, committed work is kept).
    public func stop() throws {
        guard running else { return }
        running = false
        try Self.run("pg_ctl", ["-D", data.path, "-m", "fast", "-w", "stop"])
    }

    /// Makes this replica a primary that takes writes (`pg_ctl promote`).
    public func promote() throws {
        try Self.run("pg_ctl", ["-D", data.path, "-w", "promote"])
        isReplica = false
    }

    /// Makes every later commit on this primary wait until replica `name` has it (synchronous
    /// replication). Set once the replica streams: until then commits would wait for ever.
    public func requireSynchronousStandby(_ name: String) throws {
        let connection = try PostgresConnection(url: url())
        try connection.execute("ALTER SYSTEM SET synchronous_standby_names = '\(name)'")
        try connection.execute("SELECT pg_reload_conf()")
        try Self.poll(timeout: 30, failure: "副本 \(name) 在 30 秒内未成为同步副本") {
            try connection.query("SELECT sync_state FROM pg_stat_replication WHERE application_name = $1", [name]).first?.first == "sync"
        }
    }

    /// Lets commits on this primary return without waiting for a standby again.
    public func requireNoSynchronousStandby() throws {
        let connection = try PostgresConnection(url: url())
        try connection.execute("ALTER SYSTEM RESET synchronous_standby_names")
        try connection.execute("SELECT pg_reload_conf()")
    }

    /// Creates database `name` on this (primary) cluster.
    public func createDatabase(_ name: String) throws {
        try PostgresConnection(url: url()).execute("CREATE DATABASE \(name)")
    }

    /// Waits until this replica has replayed everything `primary` had written when called.
    public func catchUp(with primary: PostgresCluster, timeout: TimeInterval = 30) throws {
        let target = try PostgresConnection(url: primary.url()).query("SELECT pg_current_wal_lsn()::text").first?.first ?? nil
        let connection = try PostgresConnection(url: url())
        try Self.poll(timeout: timeout, failure: "副本在 \(Int(timeout)) 秒内未追上主库(\(target ?? "?"))") {
            try connection.query("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", [target]).first?.first == "t"
        }
    }

    /// Asks `condition` every 50 ms until it holds; throws `failure` after `timeout` seconds.
    private static func poll(timeout: TimeInterval, failure: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw PostgresClusterError(failure)
    }

    // MARK: - Programs

    /// Runs a server program; as root, as the `postgres` user.
    ///
    /// Its output goes to a file, not a pipe: the server that `pg_ctl start` leaves running
    /// would hold a pipe open for its whole life (`ChildProcess` gives it nothing else of ours).
    private static func run(_ program: String, _ arguments: [String]) throws {
        let path = binaries.appendingPathComponent(program).path
        let argv = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", path] + arguments : [path] + arguments
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-\(program)-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let status: Int32
        do {
            status = try ChildProcess(argv[0], Array(argv.dropFirst()), output: .file(outputFile.path), error: .sameAsOutput).wait()
        } catch {
            throw PostgresClusterError("无法启动 \(program):\(error)")
        }
        guard status == 0 else {
            let printed = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
            throw PostgresClusterError("\(program) 失败(状态 \(status)):\(printed)")
        }
    }

    /// Creates `directory` for a cluster; as root, owned by `postgres` (and its parents passable).
    private static func prepare(_ directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard getuid() == 0 else { return }
        guard let owner = getpwnam("postgres") else { throw PostgresClusterError("没有 postgres 用户:请先运行 scripts/setup.sh") }
        guard chown(directory.path, owner.pointee.pw_uid, owner.pointee.pw_gid) == 0 else {
            throw PostgresClusterError("无法把 \(directory.path) 交给 postgres 用户")
        }
        chmod(directory.path, 0o700)
        var parent = directory.deletingLastPathComponent()
        while parent.path != "/" {
            var info = stat()
            if stat(parent.path, &info) == 0, info.st_mode & 0o001 == 0 { chmod(parent.path, info.st_mode & 0o7777 | 0o001) }
            parent = parent.deletingLastPathComponent()
        }
    }

    private static func append(_ lines: [String], to file: URL) throws {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n" + lines.joined(separator: "\n") + "\n").utf8))
    }

    /// A TCP port on loopback that nothing listens on now.
    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw PostgresClusterError("无法创建套接字") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw PostgresClusterError("无法取得空闲端口") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why a test cluster could not be made, started or stopped, in Chinese.
public struct PostgresClusterError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
