import ArgumentParser
import Foundation
import JuanzongIndexer
import JuanzongStore

struct GenerateCorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-corpus", abstract: "生成用于基准测试的模拟案卷语料(每案 5 份文书,约 500 字/份)")

    @Option(name: .long, help: "案件数")
    var cases: Int = 20_000

    @Option(name: .long, help: "随机种子")
    var seed: UInt64 = 20_231_113

    @Option(name: .long, help: "输出目录")
    var out: String

    func run() throws {
        let count = try CorpusGenerator(cases: cases, seed: seed).write(to: URL(fileURLWithPath: out))
        print("已生成 \(cases) 件案件、\(count) 份文书:\(out)")
    }
}

struct BenchIngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-ingest", abstract: "导入基准:完整导入流程与同一文本的裸 FTS5 插入对比(同一次运行)")

    @Option(name: .long, help: "语料目录(juanzong generate-corpus 生成)")
    var corpus: String

    @Option(name: .long, help: "基准用的临时档案库目录(会被清空)")
    var archive: String = "bench-out/archive"

    @Option(name: .long, help: "解析线程数(默认为 CPU 核数)")
    var workers: Int?

    @Flag(name: .long, help: "以 JSON 输出")
    var json = false

    func run() throws {
        var options = IngestOptions()
        if let workers { options.workers = max(1, workers) }
        let result = try IngestBenchmark(corpus: corpus, archive: ArchiveLocation(path: archive), options: options).run()
        if json { try Output.printJSON(result); return }
        print(String(format: "文书 %d 份,正文 %.1f MB", result.documents, result.textMegabytes))
        print(String(format: "完整导入:%.1f 秒,%.0f 份/秒,%.2f MB/s", result.pipelineSeconds, result.pipelineDocumentsPerSecond, result.pipelineTextMegabytesPerSecond))
        print(String(format: "  其中:遍历 %.1f 秒,解析(并行)%.1f 秒,写入线程忙 %.1f 秒", result.walkSeconds, result.processSeconds, result.writeSeconds))
        print(String(format: "裸 FTS5 插入(基线):%.1f 秒,%.0f 份/秒,%.2f MB/s", result.baselineSeconds, result.baselineDocumentsPerSecond, result.baselineTextMegabytesPerSecond))
        print(String(format: "完整导入速度为基线的 %.0f%%;数据库 %.0f MB", result.ratio * 100, result.databaseMegabytes))
    }
}
