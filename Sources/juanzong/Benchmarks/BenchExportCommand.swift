import ArgumentParser
import Foundation
import JuanzongBenchmarks

struct BenchExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-export",
        abstract: "导出基准:含大体积音像的案件导出与校验的吞吐量,同一次运行对比 tar 打包同样的文件")

    @Option(name: .long, help: "工作目录(会被清空)")
    var work: String = "bench-out/export"

    @Option(name: .customLong("media-mb"), help: "音像文件总量(MB)")
    var mediaMegabytes = 2048

    @Option(name: .long, help: "音像文件个数")
    var files = 4

    @Flag(name: .long, help: "以 JSON 输出")
    var json = false

    func run() throws {
        let result = try ExportBenchmark(work: URL(fileURLWithPath: work).standardizedFileURL, mediaMegabytes: mediaMegabytes, files: files)
            .run(progress: Output.standardError)
        if json {
            try Output.printJSON(result)
            return
        }
        print(String(format: "音像 %.0f MB(%d 个文件);每步冷缓存开始,含 sync 落盘", result.mediaMegabytes, files))
        for measurement in result.measurements {
            print(
                measurement.name.padding(toLength: 24, withPad: " ", startingAt: 0)
                    + String(format: "%7.2f 秒  %7.0f MB/s", measurement.seconds, measurement.megabytesPerSecond)
                    + (measurement.shareOfTar.map { String(format: "  为 tar 的 %.0f%%", $0 * 100) } ?? ""))
        }
    }
}
