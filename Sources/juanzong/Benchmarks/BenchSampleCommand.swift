import ArgumentParser
import Foundation
import JuanzongBenchmarks

struct BenchSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-sample",
        abstract: "抽样基准:在含大量案件的档案库中按年度分层抽样并对抽中案卷做全部自动检查")

    @Option(name: .long, help: "工作目录(会被清空)")
    var work: String = "bench-out/sample"

    @Option(name: .long, help: "案件数")
    var cases = 1_000_000

    @Flag(name: .long, help: "以 JSON 输出")
    var json = false

    func run() throws {
        let results = try SampleBenchmark(work: URL(fileURLWithPath: work).standardizedFileURL, cases: cases)
            .run(progress: Output.standardError)
        if json {
            try Output.printJSON(results)
            return
        }
        print("档案库 \(cases) 件案件;抽 2024 年度(含全部自动检查并记入档案库)")
        for result in results {
            print(
                result.draw.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + String(format: "  总体 %7d 件  抽中 %5d 件  发现 %6d 项  %.2f 秒", result.population, result.drawn, result.findings, result.seconds))
        }
    }
}
