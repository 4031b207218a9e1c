import ArgumentParser
import Foundation
import JuanzongBenchmarks
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

    func run() throws {
        var benchmark = ServeBenchmark(
            archive: ArchiveLocation(path: archive),
            serverExecutable: URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL)
        benchmark.duration = duration
        benchmark.clients = clients
        benchmark.guessers = guessers
        benchmark.port = port
        benchmark.readers = readers
        let result = try benchmark.run(progress: Output.standardError)
        if json {
            try Output.printJSON(result)
            return
        }
        print("档案库 \(result.documents) 份文书;\(result.queries) 个检索式轮流(罕见词、最常见词、四字短语、短语+两个筛选),每次前 20 条带摘要与分面")
        print("客户端  请求数  每秒   p50(ms)  p95(ms)  p99(ms)  最慢(ms)  非2xx  连接错误  同时猜密码")
        for round in result.rounds {
            let guessing = round.guessers > 0 ? String(format: "%d 个客户端,每秒 %.1f 次", round.guessers, round.guessesPerSecond ?? 0) : "—"
            print(
                String(
                    format: "%6d  %6d  %5.1f  %8.1f  %8.1f  %8.1f  %8.1f  %5d  %8d  ", round.clients, round.requests, round.requestsPerSecond,
                    round.p50Milliseconds, round.p95Milliseconds, round.p99Milliseconds, round.maxMilliseconds, round.non2xx, round.socketErrors)
                    + guessing)
        }
    }

}
