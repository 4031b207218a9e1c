import Foundation

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = DispatchTime.now() + timeout
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        nonisolated(unsafe) var outCut = false
        group.enter()
        DispatchQueue.global().async {
            let reader = stdout.fileHandleForReading
            while let chunk = try? reader.read(upToCount: 1 << 20), !chunk.isEmpty {
                if outData.count + chunk.count > outputLimit {
                    outData.append(chunk.prefix(outputLimit - outData.count))
                    outCut = true
                    process.terminate()
                    break
                }
                outData.append(chunk)
            }
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if group.wait(timeout: deadline) == .timedOut {
            process.terminate()
            group.wait()
            process.waitUntilExit()
            throw IngestFailure(.unreadable, "\(tool) 处理超时(\(Int(timeout)) 秒)")
        }
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: outData,
            stderr: String(decoding: errData, as: UTF8.self), stdoutCut: outCut)
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
