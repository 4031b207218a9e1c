import ArgumentParser
import Foundation
import JuanzongBenchmarks

struct BenchPostgresSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-postgres-search",
        abstract: "PostgreSQL 检索基准:把已有档案库的文书按 juanzong 分词写入 PostgreSQL 的 tsvector(GIN、RUM 索引),与 FTS5 及档案库检索比较载入、索引、占用空间、短语检索与分面",
        discussion: "PostgreSQL 15 集群建在 --work 下,仅监听 127.0.0.1,结束后删除。档案库可用 bench-ingest 生成。")

    @Option(name: .long, help: "已有的档案库目录(含 juanzong.sqlite)")
    var archive: String

    @Option(name: .long, help: "工作目录(会被清空,结束后删除)")
    var work: String = "/tmp/juanzong-bench-postgres-search"

    @Flag(name: .long, help: "倒排表存全部词项(测量其真实大小与载入时间;每 10 万份文书约需 2 GB 内存),默认只存检索用到的词项")
    var fullPostings = false

    @Flag(name: .long, help: "以 JSON 输出")
    var json = false

    func run() throws {
        let result = try PostgresSearchBenchmark(
            archive: URL(fileURLWithPath: archive).standardizedFileURL, work: URL(fileURLWithPath: work).standardizedFileURL,
            fullPostings: fullPostings
        ).run(progress: Output.standardError)
        if json {
            try Output.printJSON(result)
            return
        }
        func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
        print("文书 \(result.documents) 份(超过 tsvector 位置上限 16383 的 \(result.documentsOverPositionLimit) 份)")
        print(
            String(format: "COPY 载入 %.1f 秒;", result.loadSeconds)
                + "PostgreSQL 表 \(megabytes(result.postgresTableBytes));FTS5 索引 \(megabytes(result.sqliteFTS5Bytes))")
        for index in result.indexes {
            print("\(index.method.uppercased()) 索引:" + String(format: "建立 %.1f 秒,", index.buildSeconds) + megabytes(index.indexBytes))
        }
        print(
            "短语(篇数;计数 p50 / 前 20 p50,毫秒)  FTS5 / 档案库检索(前 20 含摘要与分面)"
                + result.indexes.map { "   \($0.method.uppercased())(篇数;计数 / 前 20 / 分面 / 取全部编号)" }.joined())
        for (row, query) in result.sqlite.enumerated() {
            var line =
                query.phrase.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(
                    format: "  %6d;%7.2f /%7.2f /%7.2f", query.count, query.p50Milliseconds, query.top20P50Milliseconds,
                    result.archiveSearchP50Milliseconds[row])
            for index in result.indexes {
                let measured = index.queries[row]
                line += String(
                    format: "   %6d;%7.2f /%7.2f /%7.2f /%7.2f", measured.count, measured.p50Milliseconds, measured.top20P50Milliseconds,
                    measured.facetsP50Milliseconds, measured.matchIDsP50Milliseconds)
            }
            print(line)
        }
        print(
            "自建倒排表(\(result.postingsOfEveryToken ? "全部词项" : "仅检索用到的词项")):"
                + String(format: "COPY 载入 %.1f 秒,", result.postingsLoadSeconds) + megabytes(result.postingsTableBytes))
        print("自建倒排表(PostgreSQL 存词项分块,Swift 求交):短语 篇数;读取字节;p50 毫秒")
        for query in result.postingLists {
            print(
                query.phrase.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + String(format: "  %6d;%9d;%7.2f", query.count, query.bytes, query.p50Milliseconds))
        }
    }
}
