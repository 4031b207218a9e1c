import ArgumentParser
import Foundation
import JuanzongIndexer
import JuanzongBenchmarks
import JuanzongQuery
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

    @Option(name: .long, help: "解析线程数(默认为 CPU 核数减一,至少 1:写入线程独占一核)")
    var workers: Int?

    @Option(name: .long, help: "每个事务写入的文件数(默认同 ingest)")
    var batchFiles: Int?

    @Flag(name: .long, help: "以 JSON 输出")
    var json = false

    func run() throws {
        var options = IngestOptions()
        if let workers { options.workers = max(1, workers) }
        if let batchFiles { options.batchFiles = max(1, batchFiles) }
        let result = try IngestBenchmark(corpus: corpus, archive: ArchiveLocation(path: archive), options: options).run()
        if json {
            try Output.printJSON(result)
            return
        }
        print(String(format: "文书 %d 份,正文 %.1f MB", result.documents, result.textMegabytes))
        print(
            String(
                format: "完整导入:%.1f 秒,%.0f 份/秒,%.2f MB/s", result.pipelineSeconds, result.pipelineDocumentsPerSecond,
                result.pipelineTextMegabytesPerSecond))
        print(String(format: "  其中:遍历 %.1f 秒,解析(并行)%.1f 秒,写入线程忙 %.1f 秒", result.walkSeconds, result.processSeconds, result.writeSeconds))
        print(
            String(
                format: "裸 FTS5 插入(基线):%.1f 秒,%.0f 份/秒,%.2f MB/s", result.baselineSeconds, result.baselineDocumentsPerSecond,
                result.baselineTextMegabytesPerSecond))
        print(String(format: "完整导入速度为基线的 %.0f%%;数据库 %.0f MB", result.ratio * 100, result.databaseMegabytes))
    }
}

struct BenchSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-search",
        abstract: "检索基准:罕见词、常见词、四字短语、短语加字段筛选的延迟(p50/p95),同一次运行对比 rg 与 SQLite 子串扫描")

    @Option(name: .long, help: "已导入语料的档案库目录")
    var archive: String

    @Option(name: .long, help: "语料的文本目录,供 rg 基线使用(省略则不测 rg)")
    var corpus: String?

    @Option(name: .long, help: "每组查询数")
    var queries = 20

    @Option(name: .long, help: "每条查询重复次数")
    var repetitions = 3

    @Flag(name: .long, help: "以 JSON 输出")
    var json = false

    func run() throws {
        let benchmark = SearchBenchmark(
            archive: ArchiveLocation(path: archive), textFolder: corpus,
            queriesPerSet: queries, repetitions: repetitions)
        let result = try benchmark.run { Output.standardError($0 + "\n") }
        if json {
            try Output.printJSON(result)
            return
        }
        print(
            String(
                format: "文书 %d 份,正文 %.0f MB,FTS5 索引 %.0f MB(正文的 %.2f 倍),检索目录载入 %.0f 毫秒",
                result.documents, result.textMegabytes, result.indexMegabytes, result.indexToTextRatio, result.catalogLoadMilliseconds))
        print("查询组                     条数  命中中位数  仅计数 p50/p95(毫秒)  前20条+摘要+分面 p50/p95(毫秒)")
        for set in result.sets {
            print(
                set.name.padding(toLength: 18, withPad: " ", startingAt: 0)
                    + String(
                        format: "  %4d  %9d  %8.1f / %-8.1f  %8.1f / %-8.1f", set.queries, set.medianMatches,
                        set.countP50Milliseconds, set.countP95Milliseconds, set.top20P50Milliseconds, set.top20P95Milliseconds))
        }
        for baseline in result.baselines {
            print(
                "基线 \(baseline.name):"
                    + String(
                        format: "%d 条,p50 %.0f 毫秒,p95 %.0f 毫秒", baseline.queries,
                        baseline.p50Milliseconds, baseline.p95Milliseconds))
        }
        if let speedup = result.rareTermSpeedupOverRipgrep {
            print(String(format: "罕见词仅计数比 rg 快 %.0f 倍", speedup))
        }
    }
}

struct BenchLargeFilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-large-files",
        abstract: "大文件基准:逐个导入 50–300 MB 的文本、扫描件 PDF、视频(磁盘上与 zip 内),测内存峰值与用时,同一次运行对比 cp")

    @Option(name: .long, help: "工作目录(会被清空)")
    var work: String = "bench-out/large-files"

    @Option(name: .long, help: "一段真实的短录像,用来生成各种大小的视频")
    var recording: String = "SampleCases/城管执法局/信达建筑-强制拆除/音像/CQ_20240715_0800.mp4"

    @Flag(name: .long, help: "以 JSON 输出")
    var json = false

    func run() throws {
        let benchmark = LargeFileBenchmark(
            work: URL(fileURLWithPath: work).standardizedFileURL,
            executable: URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL,
            recording: URL(fileURLWithPath: recording))
        let results = try benchmark.run { Output.standardError($0 + "\n") }
        if json {
            try Output.printJSON(results)
            return
        }
        print("文件                      大小      内存峰值    导入用时    cp 用时    结果")
        for result in results {
            print(
                result.kind.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + String(
                        format: "  %4d MB  %7.0f MB  %7.1f 秒  %6.1f 秒   %@", result.megabytes, result.peakMemoryMegabytes, result.seconds,
                        result.copySeconds, result.outcome))
        }
    }
}

struct BenchOCRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-ocr",
        abstract: "文字识别基准:用真实公开文书生成扫描页(倾斜、模糊、噪点、JPEG,部分盖红章、表格、双栏、旋转),同一次运行对比 PP-OCRv4 与 tesseract 的字符错误率和速度")

    @Option(name: .long, help: "真实文书语料目录(含 texts/)")
    var corpus: String = "Corpus/RealDocuments"

    @Option(name: .long, help: "工作目录(会被清空)")
    var work: String = "bench-out/ocr"

    @Option(name: .long, help: "页数(至少 30)")
    var pages = 32

    @Flag(name: .long, help: "以 JSON 输出")
    var json = false

    func run() throws {
        var benchmark = OCRBenchmark(
            corpus: URL(fileURLWithPath: corpus).standardizedFileURL, work: URL(fileURLWithPath: work).standardizedFileURL)
        benchmark.pages = max(30, pages)
        let result = try benchmark.run { Output.standardError($0 + "\n") }
        if json {
            try Output.printJSON(result)
            return
        }
        print(
            "简体扫描页 \(result.pages) 页(盖章 \(result.sealedPages) 页),参考文字 \(result.referenceCharacters) 字;另有繁体页 \(result.traditionalPages) 页单列")
        print("引擎                  字符错误率  盖章页   表格页   旋转页   双栏页   繁体页(原样/折合简体)  页/秒")
        for engine in result.engines {
            print(
                engine.engine.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + String(
                        format: "  %.4f    %.4f   %.4f   %.4f   %.4f   %.4f / %.4f      %.2f", engine.characterErrorRate,
                        engine.sealedCharacterErrorRate, engine.tableCharacterErrorRate, engine.rotatedCharacterErrorRate,
                        engine.columnsCharacterErrorRate, engine.traditionalCharacterErrorRate,
                        engine.traditionalFoldedCharacterErrorRate, engine.pagesPerSecond))
        }
    }
}
