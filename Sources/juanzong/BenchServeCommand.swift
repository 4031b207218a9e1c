import ArgumentParser
import Foundation
import JuanzongAccess
import JuanzongQuery
import JuanzongStore

/// Load on the web server: the search API under one client and under many (wrk on loopback),
/// in one run against the same archive, with the query mix of bench-search.
struct BenchServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-serve",
        abstract: "网页服务负载基准:wrk 在本机以 1 个与 N 个并发客户端调用检索 API,再在 G 个客户端猜密码时以 1 个客户端检索,报告 p50/p95/p99 与错误数(同一次运行)",
        discussion: "查询为 bench-search 的四组(罕见词、最常见词、四字短语、短语+两个筛选),每次取前 20 条并带摘要与分面。会在档案库中添加账户 bench-load。")

    @Option(name: .long, help: "档案库目录(如 bench-ingest 建立的 100 万份文书的库)")
    var archive: String

    @Option(name: .long, help: "每轮时长(秒)")
    var duration = 30

    @Option(name: .long, help: "并发客户端数")
    var clients = 20

    @Option(name: .long, help: "猜密码的并发客户端数(每次换一个用户名,服务端不按地址限制,每次都计算 scrypt);0 表示不测")
    var guessers = 8

    @Option(name: .long, help: "服务端口")
    var port = 18_080

    @Option(name: .long, help: "服务的读连接数")
    var readers = 4

    @Flag(name: .long, help: "以 JSON 输出")
    var json = false

    struct Round: Codable {
        var clients: Int
        var requests: Int
        var requestsPerSecond: Double
        var p50Milliseconds: Double
        var p95Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        var non2xx: Int
        var socketErrors: Int
        /// Clients guessing passwords at the same time, and the sign-ins they got answered per second.
        var guessers = 0
        var guessesPerSecond: Double?
    }

    struct Result: Codable {
        var documents: Int
        var queries: Int
        var rounds: [Round]
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

    func run() throws {
        let location = ArchiveLocation(path: archive)
        let database = try location.openForReading()
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
        let accounts = AccountStore(database: try location.openForWriting().0)
        if try accounts.account(named: "bench-load") == nil {
            try accounts.add(username: "bench-load", displayName: "负载基准", role: .supervision, agency: nil, password: password)
        } else {
            try accounts.setPassword(username: "bench-load", password: password)
        }

        let server = Process()
        server.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        server.arguments = ["serve", "--archive", location.root.path, "--port", String(port), "--readers", String(readers),
                            "--failures-per-address", "0"]
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        let base = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<300 where !ready {
            Thread.sleep(forTimeInterval: 0.1)
            ready = (try? Self.run("curl", ["-sf", "-o", "/dev/null", base + "/api/v1/openapi.json"])) != nil
        }
        guard ready else { throw UserFacingError("服务未能启动(端口 \(port) 是否被占用?)") }
        let login = try Self.run("curl", ["-sf", "-X", "POST", "-H", "Content-Type: application/json",
                                          "-d", "{\"username\":\"bench-load\",\"password\":\"\(password)\"}", base + "/api/v1/session"])
        guard let token = (try JSONSerialization.jsonObject(with: login) as? [String: Any])?["token"] as? String else {
            throw UserFacingError("基准账户登录失败")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["JUANZONG_QUERIES"] = work.appendingPathComponent("queries.txt").path
        environment["JUANZONG_TOKEN"] = token
        func wrk(clients: Int, seconds: Int) throws -> Round {
            let threads = min(clients, 2)
            let output = try Self.run("wrk", ["-t\(threads)", "-c\(clients)", "-d\(seconds)s", "--timeout", "60s",
                                              "-s", work.appendingPathComponent("search.lua").path, base], environment: environment)
            let line = String(decoding: output, as: UTF8.self).split(separator: "\n").last { $0.hasPrefix("{") } ?? ""
            guard let totals = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Int] else {
                throw UserFacingError("无法解读 wrk 的输出:\(String(decoding: output, as: UTF8.self))")
            }
            let milliseconds = { (key: String) in Double(totals[key] ?? 0) / 1000 }
            return Round(clients: clients, requests: totals["requests"] ?? 0,
                         requestsPerSecond: Double(totals["requests"] ?? 0) / max(Double(totals["duration_us"] ?? 1) / 1e6, 1e-6),
                         p50Milliseconds: milliseconds("p50_us"), p95Milliseconds: milliseconds("p95_us"), p99Milliseconds: milliseconds("p99_us"),
                         maxMilliseconds: milliseconds("max_us"), non2xx: totals["non_2xx"] ?? 0, socketErrors: totals["socket_errors"] ?? 0)
        }
        Output.standardError("预热:加载各读连接的文书目录……\n")
        _ = try wrk(clients: readers, seconds: 10)
        var rounds: [Round] = []
        for count in [1, clients] {
            Output.standardError("\(count) 个客户端,\(duration) 秒……\n")
            rounds.append(try wrk(clients: count, seconds: duration))
        }
        if guessers > 0 {
            Output.standardError("1 个客户端检索,同时 \(guessers) 个客户端猜密码,\(duration) 秒……\n")
            let guessing = Process()
            guessing.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            guessing.arguments = ["wrk", "-t\(min(guessers, 2))", "-c\(guessers)", "-d\(duration + 2)s", "--timeout", "60s",
                                  "-s", work.appendingPathComponent("guess.lua").path, base]
            let guessOutput = Pipe()
            guessing.standardOutput = guessOutput
            guessing.standardError = FileHandle.nullDevice
            try guessing.run()
            Thread.sleep(forTimeInterval: 1)
            var round = try wrk(clients: 1, seconds: duration)
            let output = guessOutput.fileHandleForReading.readDataToEndOfFile()
            guessing.waitUntilExit()
            let line = String(decoding: output, as: UTF8.self).split(separator: "\n").last { $0.hasPrefix("{") } ?? ""
            let totals = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Int] ?? [:]
            round.guessers = guessers
            round.guessesPerSecond = Double(totals["requests"] ?? 0) / max(Double(totals["duration_us"] ?? 1) / 1e6, 1e-6)
            rounds.append(round)
        }
        let result = Result(documents: catalog.count, queries: queries.count, rounds: rounds)
        if json { try Output.printJSON(result); return }
        print("档案库 \(catalog.count) 份文书;\(queries.count) 个检索式轮流(罕见词、最常见词、四字短语、短语+两个筛选),每次前 20 条带摘要与分面")
        print("客户端  请求数  每秒   p50(ms)  p95(ms)  p99(ms)  最慢(ms)  非2xx  连接错误  同时猜密码")
        for round in rounds {
            let guessing = round.guessers > 0 ? String(format: "%d 个客户端,每秒 %.1f 次", round.guessers, round.guessesPerSecond ?? 0) : "—"
            print(String(format: "%6d  %6d  %5.1f  %8.1f  %8.1f  %8.1f  %8.1f  %5d  %8d  ", round.clients, round.requests, round.requestsPerSecond,
                         round.p50Milliseconds, round.p95Milliseconds, round.p99Milliseconds, round.maxMilliseconds, round.non2xx, round.socketErrors)
                  + guessing)
        }
    }

    /// Runs a tool found on PATH; its standard output, or an error naming it.
    static func run(_ tool: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw UserFacingError("\(tool) 失败(退出码 \(process.terminationStatus))") }
        return output
    }
}
