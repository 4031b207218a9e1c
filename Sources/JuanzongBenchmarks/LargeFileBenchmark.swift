import Foundation
import JuanzongCore
import JuanzongStore

/// Peak memory and time of ingesting one large file, for each kind and size that real case files
/// bring (long text exports, whole scanned case files, body-camera videos on disk and inside a
/// zip). Each file is ingested by the `juanzong` executable in a process of its own, into a new
/// archive, so that the process's peak resident memory (`peak_memory_bytes` of the run) is that
/// one file's; the baseline is `cp` of the same file into the same file system, which is the
/// least an archive that keeps originals must do.
public struct LargeFileBenchmark {
    public let work: URL
    /// The `juanzong` executable that ingests.
    public let executable: URL
    /// A short real recording (SampleCases has some), grown to each size by an MP4 `free` box.
    public let recording: URL
    public var sizesInMegabytes = [50, 100, 200, 300]

    public init(work: URL, executable: URL, recording: URL) {
        self.work = work
        self.executable = executable
        self.recording = recording
    }

    public struct Result: Codable, Sendable {
        public var kind: String
        public var megabytes: Int
        public var peakMemoryMegabytes: Double
        public var seconds: Double
        public var copySeconds: Double
        public var outcome: String
    }

    enum Kind: String, CaseIterable {
        case text = "文本(txt)"
        case scan = "扫描件 PDF(无文字层)"
        case video = "视频(磁盘上)"
        case videoInZip = "视频(zip 内)"
    }

    public func run(progress: (String) -> Void) throws -> [Result] {
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        var results: [Result] = []
        for kind in Kind.allCases {
            for megabytes in sizesInMegabytes {
                progress("\(kind.rawValue) \(megabytes) MB …")
                let input = work.appendingPathComponent("input")
                try? FileManager.default.removeItem(at: input)
                try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
                let file = try make(kind, megabytes: megabytes, in: input)
                let copySeconds = try timed { try run("/bin/cp", [file.path, work.appendingPathComponent("copy").path]) }
                try FileManager.default.removeItem(at: work.appendingPathComponent("copy"))
                let archive = work.appendingPathComponent("archive")
                try? FileManager.default.removeItem(at: archive)
                var output = Data()
                let seconds = try timed { output = try run(executable.path, ["ingest", "--json", "--archive", archive.path, input.path]) }
                let summary = try JSONSerialization.jsonObject(with: output) as? [String: Any] ?? [:]
                results.append(
                    Result(
                        kind: kind.rawValue, megabytes: megabytes,
                        peakMemoryMegabytes: Double(summary["peak_memory_bytes"] as? Int64 ?? 0) / 1_048_576,
                        seconds: seconds, copySeconds: copySeconds, outcome: summary["outcome"] as? String ?? "?"))
            }
        }
        return results
    }

    /// Writes one input of `kind` and about `megabytes` in `folder`; returns the file to copy.
    private func make(_ kind: Kind, megabytes: Int, in folder: URL) throws -> URL {
        let size = UInt64(megabytes) << 20
        switch kind {
        case .text:
            // Lines of a decision, numbered so that the index sees new terms all the way.
            let file = folder.appendingPathComponent("导出记录.txt")
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else { throw BenchmarkError("无法创建 \(file.path)") }
            let handle = try FileHandle(forWritingTo: file)
            var written: UInt64 = 0
            var line = 0
            while written < size {
                var chunk = ""
                for _ in 0..<1_000 {
                    line += 1
                    chunk += "第\(line)条 当事人上海某某贸易有限公司经营过期食品,违反《中华人民共和国食品安全法》第三十四条,处罚款人民币\(line % 997)万元。\n"
                }
                let data = Data(chunk.utf8)
                try handle.write(contentsOf: data)
                written += UInt64(data.count)
            }
            try handle.close()
            return file
        case .scan:
            // A PDF header and then nothing: the size of a scanned case file, read by pdftotext.
            let file = folder.appendingPathComponent("扫描案卷.pdf")
            try Data("%PDF-1.4\n".utf8).write(to: file)
            try grow(file, to: size)
            return file
        case .video, .videoInZip:
            let file = (kind == .video ? folder : work).appendingPathComponent("DSJ_20240715_0800.mp4")
            let head = try grownRecordingHead(size: size)
            try head.write(to: file)
            try grow(file, to: UInt64(head.count) + size)
            guard kind == .videoInZip else { return file }
            let zip = folder.appendingPathComponent("音像.zip")
            try run(
                "/usr/bin/bsdtar",
                ["--format", "zip", "--options", "zip:compression=store", "-cf", zip.path, "-C", work.path, file.lastPathComponent])
            try FileManager.default.removeItem(at: file)
            return zip
        }
    }

    /// The real recording followed by the header of an MP4 `free` box of `size` bytes, which
    /// `grow` then fills.
    private func grownRecordingHead(size: UInt64) throws -> Data {
        var data = try Data(contentsOf: recording)
        let boxSize = UInt32(size + 8)
        data += [UInt8(boxSize >> 24), UInt8(boxSize >> 16 & 0xFF), UInt8(boxSize >> 8 & 0xFF), UInt8(boxSize & 0xFF)]
        data += Data("free".utf8)
        return data
    }

    private func grow(_ file: URL, to size: UInt64) throws {
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: size)
        try handle.close()
    }

    private func timed(_ body: () throws -> Void) throws -> Double {
        let started = Date()
        try body()
        return Date().timeIntervalSince(started)
    }

    @discardableResult
    private func run(_ executable: String, _ arguments: [String]) throws -> Data {
        try ChildProcess.run(executable, arguments).output
    }
}
