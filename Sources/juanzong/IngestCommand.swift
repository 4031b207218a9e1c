import ArgumentParser
import Foundation
import JuanzongIndexer
import JuanzongStore

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "导入执法文书、压缩包与音像记录到档案库",
        discussion: """
            PATH 可以是文件、文件夹或压缩包(zip/tar/tar.gz/7z,可嵌套)。支持 txt(UTF-8/UTF-16/GB18030)、html、docx、pdf、ofd、
            扫描件(无文字层的 PDF、TIFF/JPEG/PNG 页面图像,自动做文字识别)、音视频(mp4/mov/avi/wav/mp3)及执法记录仪元数据(JSON/XML/CSV)。
            文字识别用 PP-OCRv4(scripts/setup.sh 安装,离线运行,每个 CPU 核一个识别进程),未安装时用 tesseract chi_sim 并在汇总中说明;
            红色印章先去除再识别,旋转 90/180/270 度的页面自动转正,双栏按栏、表格按行读出;可信度低的页面记为 low_confidence。
            原件不限大小:大文件流式存入档案库,不整体读入内存;每份文书编入检索的文字最多 16 MB(超出部分记为 text_truncated)。
            Windows 拷来的 GBK 编码文件名按 GB18030 解码显示,原始字节另存(source_path_bytes 表)。
            重复导入不会产生变化;中断后再次运行即从中断处继续。问题文件记入导入问题表,不会中止导入;
            未能归档的文件(如以 --no-ocr 导入的扫描件、权限不足的文件)下次运行会重试,其原始字节仍保存在档案库中。
            同一问题只记一行并更新最后出现时间。命名管道、设备文件、指向输入目录之外的链接不导入,记为 skipped。
            退出码:0 全部归档(或未变化);1 有问题(见问题列表);2 没有归档任何文件。
            """
    )

    @OptionGroup var options: ArchiveOptions

    @Argument(help: "要导入的文件、文件夹或压缩包")
    var paths: [String]

    @Flag(inversion: .prefixedNo, help: "对扫描件和图片做文字识别(默认开启;--no-ocr 关闭)")
    var ocr = true

    @Flag(name: .long, help: "把音视频文件复制进档案库(默认只登记路径与哈希)")
    var copyMedia = false

    @Option(name: .long, help: "每个事务写入的文件数")
    var batchFiles = IngestOptions().batchFiles

    func run() throws {
        var ingestOptions = IngestOptions()
        ingestOptions.ocr = ocr
        ingestOptions.copyMedia = copyMedia
        ingestOptions.batchFiles = batchFiles
        let archive = options.location
        let reporter = ProgressReporter(totalBytes: ProgressReporter.estimateBytes(paths))
        let summary = try Ingestor(archive: archive, options: ingestOptions).run(paths) { reporter.report($0) }
        reporter.finish()
        if options.json {
            try Output.printJSON(summary)
        } else {
            printSummary(summary, archive: archive)
        }
        switch summary.outcome {
        case .allArchived: break
        case .someProblems: throw ExitCode(1)
        case .nothingArchived: throw ExitCode(2)
        }
    }

    private func printSummary(_ summary: IngestSummary, archive: ArchiveLocation) {
        print("导入完成(第 \(summary.runID) 次导入,档案库 \(archive.displayName))")
        print("  读取文件 \(summary.filesRead) 个,\(Output.megabytes(summary.bytesRead)),跳过未变化文件 \(summary.filesSkipped) 个")
        print("  新增文书 \(summary.documents) 份;涉及案件 \(summary.cases) 件、当事人 \(summary.subjects) 个;新增音像记录 \(summary.avRecords) 条")
        if let engine = summary.ocrEngine {
            print(
                "  文字识别 \(summary.recognizedPages) 页,引擎 \(engine.chineseName)"
                    + (summary.ocrFallbackReason.map { "(备用:\($0))" } ?? ""))
        }
        if summary.retriedBatches > 0 { print("  与同时写入本档案库的其他导入冲突,重写批次 \(summary.retriedBatches) 次(已自动处理)") }
        if summary.changed > 0 { print("  内容已修改的文件 \(summary.changed) 个:新内容为现行版本,旧版本保留(见问题列表中的 changed)") }
        print(
            String(
                format: "  用时 %.1f 秒,%.1f MB/s,内存峰值 %.0f MB", summary.seconds, summary.megabytesPerSecond,
                Double(summary.peakMemoryBytes) / 1_048_576))
        if summary.problems.isEmpty {
            print("  问题:无")
        } else {
            print("  问题 \(summary.problems.count) 项:")
            for problem in summary.problems {
                print("    [\(problem.kind.rawValue)] \(problem.sourcePath)\n        \(problem.reason)")
            }
        }
    }
}

/// A progress bar on a terminal (files, MB, rate, ETA); plain log lines otherwise.
final class ProgressReporter: @unchecked Sendable {
    private let totalBytes: Int64
    private let terminal = Output.errorIsTerminal
    private var lastLine = Date.distantPast
    private let lock = NSLock()

    init(totalBytes: Int64) { self.totalBytes = totalBytes }

    /// Total size of the inputs, for the ETA.
    static func estimateBytes(_ paths: [String]) -> Int64 {
        paths.reduce(0) { $0 + InputTree.totalBytes(under: $1) }
    }

    func report(_ progress: IngestProgress) {
        lock.lock()
        defer { lock.unlock() }
        let rate = progress.elapsed > 0 ? Double(progress.bytesDone) / 1_048_576 / progress.elapsed : 0
        let fraction = totalBytes > 0 ? min(1, Double(progress.bytesDone) / Double(totalBytes)) : 0
        let eta = rate > 0 ? Double(max(0, totalBytes - progress.bytesDone)) / 1_048_576 / rate : 0
        if terminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            Output.standardError(
                String(
                    format: "\r%@ %3.0f%%  文件 %d  %.1f MB  %.1f MB/s  剩余约 %.0f 秒  问题 %d ",
                    bar, fraction * 100, progress.filesDone, Double(progress.bytesDone) / 1_048_576,
                    rate, eta, progress.problems))
        } else if Date().timeIntervalSince(lastLine) >= 2 {
            lastLine = Date()
            Output.standardError(
                String(
                    format: "导入中:文件 %d,%.1f MB,%.1f MB/s,文书 %d,问题 %d,已用 %.0f 秒\n",
                    progress.filesDone, Double(progress.bytesDone) / 1_048_576, rate,
                    progress.documents, progress.problems, progress.elapsed))
        }
    }

    func finish() {
        if terminal { Output.standardError("\n") }
    }
}
