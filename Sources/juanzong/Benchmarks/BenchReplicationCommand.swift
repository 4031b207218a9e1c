import ArgumentParser
import Foundation
import JuanzongBenchmarks

struct BenchReplicationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-replication",
        abstract: "复制基准:在自建的 PostgreSQL 15 集群上逐条追加哈希链审计记录,比较主库单独、异步副本与同步副本时每次提交的耗时",
        discussion: "集群建在 --work 下的临时目录,仅监听 127.0.0.1,结束后删除。")

    @Option(name: .long, help: "工作目录(会被清空,结束后删除)")
    var work: String = "/tmp/juanzong-bench-replication"

    @Option(name: .long, help: "每种方式追加的审计记录数")
    var appends = 2000

    @Flag(name: .long, help: "以 JSON 输出")
    var json = false

    func run() throws {
        let results = try ReplicationBenchmark(work: URL(fileURLWithPath: work).standardizedFileURL, appends: appends)
            .run(progress: Output.standardError)
        if json {
            try Output.printJSON(results)
            return
        }
        let names = ["primary_alone": "主库单独", "async_replica": "异步副本", "sync_replica": "同步副本"]
        for result in results {
            print(
                (names[result.mode] ?? result.mode)
                    + String(
                        format: "  %d 次提交 %.2f 秒  每秒 %.0f 次  p50 %.2f 毫秒  p95 %.2f 毫秒", result.appends, result.seconds, result.appendsPerSecond,
                        result.p50Milliseconds, result.p95Milliseconds))
        }
    }
}
