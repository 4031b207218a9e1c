import Foundation
import JuanzongCore
import JuanzongAccess
import JuanzongQuery
import JuanzongStore

/// Load on the web server, in one run against the same archive: wrk on loopback calls the search
/// API (the query mix of `SearchBenchmark`) with one client, then with `clients`, then with one
/// while `guessers` clients guess passwords (the server runs without the per-address limit and
/// each guess is a new username, so every guess costs a password check). Adds the account
/// `bench-load` to the archive. With `readReplica`, the server reads from that standby of a
/// PostgreSQL archive, as `serve --read-replica` does.
public struct ServeBenchmark {
    public let archive: ArchiveLocation
    /// A PostgreSQL standby the server reads searches from (`serve --read-replica`).
    public var readReplica: ArchiveLocation?
    /// A SQLite archive of the same documents to draw the queries from (they come from FTS5's
    /// vocabulary); nil: the served archive, which must then be a SQLite one.
    public var queriesFrom: ArchiveLocation?
    /// The `juanzong` executable that serves (`juanzong serve`).
    public let serverExecutable: URL
    public var duration = 30
    public var clients = 20
    public var guessers = 8
    public var port = 18_080
    public var readers = 4

    public init(archive: ArchiveLocation, serverExecutable: URL) {
        self.archive = archive
        self.serverExecutable = serverExecutable
    }

    public struct Round: Codable, Sendable {
        public var clients: Int
        public var requests: Int
        public var requestsPerSecond: Double
        public var p50Milliseconds: Double
        public var p95Milliseconds: Double
        public var p99Milliseconds: Double
        public var maxMilliseconds: Double
        public var non2xx: Int
        public var socketErrors: Int
        /// Clients guessing passwords at the same time, and the sign-ins they got answered per second.
        public var guessers = 0
        public var guessesPerSecond: Double?
    }

    public struct Result: Codable, Sendable {
        public var documents: Int
        public var queries: Int
        public var rounds: [Round]
    }

    /// Rotates through the queries; prints one JSON line of totals and latency percentiles.
    static let wrkScript = """
        local queries = {}
        for line in io.lines(os.getenv("JUANZONG_QUERIES")) do queries[#queries + 1] = line end
        local headers = { ["Authorization"] = "Bearer " .. os.getenv("JUANZONG_TOKEN") }
        local counter = math.random(#queries)
        request = function()
          counter = counter % #queries + 1
          return wrk.format("GET", queries[counter], headers)
        end
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format('{"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,"non_2xx":%d,"socket_errors":%d}\\n',
            summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
            e.status, e.connect + e.read + e.write + e.timeout))
        end
        """

    /// Wrong passwords for a new username each time, so no account is throttled and every guess costs a password check.
    static let guessScript = """
        local counter = 0
        request = function()
          counter = counter + 1
          local body = string.format('{"username":"guess-%d-%d","password":"wrong-password-1"}', math.random(1000000000), counter)
          return wrk.format("POST", "/api/v1/session", { ["Content-Type"] = "application/json" }, body)
        end
        done = function(summary, latency, requests)
          io.write(string.format('{"requests":%d,"duration_us":%d}\\n', summary.requests, summary.duration))
        end
        """

    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        let location = archive
        let database = try (queriesFrom ?? location).openForReading()
        let catalog = try DocumentCatalog(database: database)
        let terms = try QueryTerms(database: database, catalog: catalog, count: 20)
        let queries = (terms.rare + terms.common + terms.phrases + terms.filtered).map {
            "/api/v1/search?limit=20&q=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-bench-serve-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try Data((queries.joined(separator: "\n") + "\n").utf8).write(to: work.appendingPathComponent("queries.txt"))
        try Data(Self.wrkScript.utf8).write(to: work.appendingPathComponent("search.lua"))
        try Data(Self.guessScript.utf8).write(to: work.appendingPathComponent("guess.lua"))

        let password = try SecureRandom.token()
        let accounts = AccountStore(database: try location.openDatabaseForWriting())
        if try accounts.account(named: "bench-load") == nil {
            try accounts.add(username: "bench-load", displayName: "负载基准", role: .supervision, agency: nil, password: password)
        } else {
            try accounts.setPassword(username: "bench-load", password: password)
        }

        let server = try ChildProcess(
            serverExecutable.path,
            ["serve"] + location.commandLineArguments + (readReplica.map { ["--read-replica", $0.address] } ?? [])
                + ["--port", String(port), "--readers", String(readers), "--failures-per-address", "0"],
            output: .inherit)
        defer {
            server.terminate()
            server.wait()
        }
        let base = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<300 where !ready {
            Thread.sleep(forTimeInterval: 0.1)
            ready = (try? Self.run("curl", ["-sf", "-o", "/dev/null", base + "/api/v1/openapi.json"])) != nil
        }
        guard ready else { throw BenchmarkError("服务未能启动(端口 \(port) 是否被占用?)") }
        let login = try Self.run(
            "curl",
            [
                "-sf", "-X", "POST", "-H", "Content-Type: application/json",
                "-d", "{\"username\":\"bench-load\",\"password\":\"\(password)\"}", base + "/api/v1/session",
            ])
        guard let token = (try JSONSerialization.jsonObject(with: login) as? [String: Any])?["token"] as? String else {
            throw BenchmarkError("基准账户登录失败")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["JUANZONG_QUERIES"] = work.appendingPathComponent("queries.txt").path
        environment["JUANZONG_TOKEN"] = token
        func wrk(clients: Int, seconds: Int) throws -> Round {
            let threads = min(clients, 2)
            let output = try Self.run(
                "wrk",
                [
                    "-t\(threads)", "-c\(clients)", "-d\(seconds)s", "--timeout", "60s",
                    "-s", work.appendingPathComponent("search.lua").path, base,
                ], environment: environment)
            let line = String(decoding: output, as: UTF8.self).split(separator: "\n").last { $0.hasPrefix("{") } ?? ""
            guard let totals = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Int] else {
                throw BenchmarkError("无法解读 wrk 的输出:\(String(decoding: output, as: UTF8.self))")
            }
            let milliseconds = { (key: String) in Double(totals[key] ?? 0) / 1000 }
            return Round(
                clients: clients, requests: totals["requests"] ?? 0,
                requestsPerSecond: Double(totals["requests"] ?? 0) / max(Double(totals["duration_us"] ?? 1) / 1e6, 1e-6),
                p50Milliseconds: milliseconds("p50_us"), p95Milliseconds: milliseconds("p95_us"), p99Milliseconds: milliseconds("p99_us"),
                maxMilliseconds: milliseconds("max_us"), non2xx: totals["non_2xx"] ?? 0, socketErrors: totals["socket_errors"] ?? 0)
        }
        progress("预热:加载各读连接的文书目录……\n")
        _ = try wrk(clients: readers, seconds: 10)
        var rounds: [Round] = []
        for count in [1, clients] {
            progress("\(count) 个客户端,\(duration) 秒……\n")
            rounds.append(try wrk(clients: count, seconds: duration))
        }
        if guessers > 0 {
            progress("1 个客户端检索,同时 \(guessers) 个客户端猜密码,\(duration) 秒……\n")
            let guessing = try ChildProcess(
                "wrk",
                [
                    "-t\(min(guessers, 2))", "-c\(guessers)", "-d\(duration + 2)s", "--timeout", "60s",
                    "-s", work.appendingPathComponent("guess.lua").path, base,
                ], output: .pipe)
            Thread.sleep(forTimeInterval: 1)
            var round = try wrk(clients: 1, seconds: duration)
            let output = guessing.output!.readDataToEndOfFile()
            guessing.wait()
            let line = String(decoding: output, as: UTF8.self).split(separator: "\n").last { $0.hasPrefix("{") } ?? ""
            let totals = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Int] ?? [:]
            round.guessers = guessers
            round.guessesPerSecond = Double(totals["requests"] ?? 0) / max(Double(totals["duration_us"] ?? 1) / 1e6, 1e-6)
            rounds.append(round)
        }
        return Result(documents: catalog.count, queries: queries.count, rounds: rounds)
    }

    /// Runs a tool found on PATH; its standard output, or an error naming it.
    static func run(_ tool: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Data {
        let result = try ChildProcess.run(tool, arguments, environment: environment)
        guard result.status == 0 else { throw BenchmarkError("\(tool) 失败(退出码 \(result.status))") }
        return result.output
    }
}
