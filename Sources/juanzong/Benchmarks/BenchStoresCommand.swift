import ArgumentParser
import Foundation
import JuanzongBenchmarks

struct BenchStoresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-stores",
        abstract: "存储对比基准:同一份生成语料导入 SQLite(单写入)与 PostgreSQL(单写入、两个写入并发),再在两种存储上测四组检索的 p50/p95(同一次运行)",
        discussion:
            "PostgreSQL 15 集群建在 --work 下,仅监听 127.0.0.1,按档案库服务器配置内存(共享缓冲区等,见 docs/scale-out.md),持久性为服务器默认设置,结束后删除(--keep 则保留)。检索前整理两种存储:删除两个写入的档案库,PostgreSQL 做 VACUUM ANALYZE 与检查点,SQLite 做 WAL 检查点。最后以 wrk 测网页服务:SQLite 档案库,与 PostgreSQL 档案库经同步流复制备库读取(serve --read-replica)。"
    )

    @Option(name: .long, help: "生成的案件数(每案 5 份文书)")
    var cases = 20_000

    @Option(name: .long, help: "工作目录(会被清空,结束后删除)")
    var work: String = "/tmp/juanzong-bench-stores"

    @Option(name: .long, help: "每组检索的查询条数")
    var queries = 20

    @Option(name: .long, help: "网页服务每轮秒数(SQLite 与 PostgreSQL 同步备库各测 1 个与 --clients 个客户端);0 表示不测")
    var serveSeconds = 30

    @Option(name: .long, help: "网页服务轮的并发客户端数")
    var clients = 20

    @Flag(name: .long, help: "保留工作目录(语料、两个档案库与已停止的 PostgreSQL 集群),供 --reuse 再测")
    var keep = false

    @Flag(name: .long, help: "不生成、不导入:在 --keep 留下的工作目录上重测检索与网页服务(工作目录保留)")
    var reuse = false

    @Flag(name: .long, help: "以 JSON 输出")
    var json = false

    func run() throws {
        var benchmark = StoreBenchmark(cases: cases, work: URL(fileURLWithPath: work).standardizedFileURL, queriesPerSet: queries)
        benchmark.keep = keep
        benchmark.reuse = reuse
        benchmark.serveSeconds = serveSeconds
        benchmark.serveClients = clients
        benchmark.serverExecutable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        let result = try benchmark.run(progress: Output.standardError)
        if json {
            try Output.printJSON(result)
            return
        }
        print("文书 \(result.documents) 份;SQLite \(Int(result.sqliteMegabytes)) MB,PostgreSQL \(Int(result.postgresqlMegabytes)) MB")
        for ingest in result.ingests {
            print(
                String(
                    format: "导入 %@ %d 个写入:%.1f 秒,%.0f 份/秒,为 SQLite 的 %.2f 倍", ingest.store, ingest.writers, ingest.seconds,
                    ingest.documentsPerSecond, ingest.rateToSQLite))
        }
        print("检索(毫秒)            SQLite 计数 p50/p95   前20 p50/p95    PostgreSQL 计数 p50/p95   前20 p50/p95   p95 之比(计数/前20)")
        for set in result.sets {
            print(
                set.sqlite.name.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + String(
                        format: "  %7.2f /%7.2f   %7.2f /%7.2f      %7.2f /%7.2f   %7.2f /%7.2f   %5.2f / %5.2f",
                        set.sqlite.countP50Milliseconds, set.sqlite.countP95Milliseconds, set.sqlite.top20P50Milliseconds,
                        set.sqlite.top20P95Milliseconds, set.postgresql.countP50Milliseconds, set.postgresql.countP95Milliseconds,
                        set.postgresql.top20P50Milliseconds, set.postgresql.top20P95Milliseconds, set.countP95Ratio, set.top20P95Ratio))
        }
        for set in result.sets {
            for (store, latency) in [("SQLite", set.sqlite), ("PostgreSQL", set.postgresql)] {
                let slowest = latency.slowest.prefix(3).map {
                    String(format: "%@ %.1f ms(%@,第 %d 次)", $0.kind, $0.milliseconds, $0.query, $0.repetition)
                }
                print("  最慢 \(set.sqlite.name.prefix(1)) \(store):" + slowest.joined(separator: ";"))
            }
        }
        print(result.sameCounts ? "每条查询两种存储的命中数相同" : "注意:有查询两种存储的命中数不同")
        print(
            "PostgreSQL 最大的表(MB):"
                + result.postgresqlTables.sorted { $0.value > $1.value }.map { "\($0.key) \(Int($0.value))" }.joined(separator: ","))
        if !result.serve.isEmpty { print("网页服务(检索 API,前 20 条带摘要与分面)  客户端  每秒请求  p50(ms)  p95(ms)  p99(ms)  非2xx  连接错误") }
        for serve in result.serve {
            for round in serve.rounds {
                print(
                    serve.store.padding(toLength: 20, withPad: " ", startingAt: 0)
                        + String(
                            format: "  %6d  %8.1f  %7.1f  %7.1f  %7.1f  %5d  %8d", round.clients, round.requestsPerSecond, round.p50Milliseconds,
                            round.p95Milliseconds, round.p99Milliseconds, round.non2xx, round.socketErrors))
            }
        }
    }
}
