import Foundation
import JuanzongCore

/// Runs an external tool from a Debian package (pdftotext, tesseract, mediainfo) with a time limit.
enum ProcessRunner {
    struct Output {
        let status: Int32
        let stdout: Data
        let stderr: String
        /// The tool wrote more than `outputLimit`: `stdout` holds the first bytes, the tool was stopped.
        var stdoutCut = false
    }

    /// Runs `tool`; at most `outputLimit` bytes of its standard output are kept (past them the
    /// tool is stopped), so that a tool's output never holds more memory than asked for.
    static func run(_ tool: String, _ arguments: [String], timeout: TimeInterval = 120, outputLimit: Int = 64 << 20) throws -> Output {
        guard let executable = locate(tool) else {
            throw IngestFailure(.unsupported, "缺少外部工具 \(tool)(请运行 .ci/setup 安装依赖)")
        }
        let result = try ChildProcess.run(executable, arguments, timeout: timeout, outputLimit: outputLimit)
        if result.timedOut { throw IngestFailure(.unreadable, "\(tool) 处理超时(\(Int(timeout)) 秒)") }
        return Output(
            status: result.status, stdout: result.output, stderr: String(decoding: result.errorOutput, as: UTF8.self),
            stdoutCut: result.outputCut)
    }

    private static let searchPath = ["/usr/bin", "/usr/local/bin", "/bin"]

    static func locate(_ tool: String) -> String? {
        searchPath.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A temporary file holding bytes for a tool that reads only from paths; removed on deinit.
final class TemporaryFile {
    let url: URL

    init(_ data: Data, extension ext: String) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("juanzong-\(UUID().uuidString).\(ext)")
        try data.write(to: url)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
