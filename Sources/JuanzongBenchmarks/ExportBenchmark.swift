import Foundation
import JuanzongCore
import JuanzongExport
import JuanzongIndexer
import JuanzongStore

/// Export and verify of a case with large recorder media, against `tar` on the same files, in
/// one run: a case of `mediaMegabytes` of WAV files (referenced, not copied), exported as zip
/// and tar.gz with its media and each bundle verified; every step starts cold and ends on disk.
public struct ExportBenchmark {
    public struct Measurement: Codable, Sendable {
        public var name: String
        public var seconds: Double
        public var megabytesPerSecond: Double
        /// Throughput as a share of the matching tar run.
        public var shareOfTar: Double?
    }

    public struct Result: Codable, Sendable {
        public var mediaMegabytes: Double
        public var measurements: [Measurement]
    }

    public let work: URL
    public let mediaMegabytes: Int
    public let files: Int

    /// `work` is emptied first.
    public init(work: URL, mediaMegabytes: Int, files: Int) {
        self.work = work
        self.mediaMegabytes = mediaMegabytes
        self.files = files
    }

    /// The 44-byte header of a PCM WAV file (48 kHz, 16-bit, stereo) holding `dataBytes` of samples.
    static func waveHeader(dataBytes: Int64) -> Data {
        var header = Data("RIFF".utf8)
        func append32(_ value: Int64) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { header.append(contentsOf: $0) } }
        func append16(_ value: Int) { withUnsafeBytes(of: UInt16(value).littleEndian) { header.append(contentsOf: $0) } }
        append32(36 + dataBytes)
        header.append(contentsOf: Array("WAVEfmt ".utf8))
        append32(16)
        append16(1)
        append16(2)
        append32(48_000)
        append32(192_000)
        append16(4)
        append16(16)
        header.append(contentsOf: Array("data".utf8))
        append32(dataBytes)
        return header
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        let root = work
        try? FileManager.default.removeItem(at: root)
        let folder = root.appendingPathComponent("input/大体积音像案")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        progress("生成 \(mediaMegabytes) MB 音像文件(WAV,48 kHz 立体声)…\n")
        let perFile = Int64(mediaMegabytes) * 1_048_576 / Int64(max(files, 1))
        var random = SplitMix64(seed: 42)
        var chunk = [UInt64](repeating: 0, count: 1 << 17)
        var records: [String] = []
        for index in 1...max(files, 1) {
            let name = String(format: "DSJ_%02d.wav", index)
            FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: nil)
            let handle = try FileHandle(forWritingTo: folder.appendingPathComponent(name))
            handle.write(Self.waveHeader(dataBytes: perFile - 44))
            var written: Int64 = 44
            while written < perFile {
                for position in chunk.indices { chunk[position] = random.next() }
                let data = chunk.withUnsafeBytes { Data($0.prefix(Int(min(Int64($0.count), perFile - written)))) }
                handle.write(data)
                written += Int64(data.count)
            }
            try handle.close()
            records.append(#"{"file": "\#(name)", "category": "强制执行", "device_id": "DSJ-\#(index)", "start": "2024-07-15T08:00:00+08:00"}"#)
        }
        try Data(
            """
            {"schema": "juanzong-case/1", "case_number": "奉城管罚〔2024〕第9999号", "agency": "上海市奉贤区城市管理行政执法局",
             "case_type": "行政强制", "dates": {"decided": "2024-07-10"},
             "subject": {"kind": "enterprise", "name": "基准测试建筑有限公司"},
             "av_records": [\(records.joined(separator: ",\n"))]}
            """.utf8
        ).write(to: folder.appendingPathComponent("case.json"))
        progress("导入(音像按引用登记)…\n")
        let archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        _ = try Ingestor(archive: archive, options: IngestOptions()).run([folder.deletingLastPathComponent().path])
        let (database, objects) = try archive.openForWriting()
        let exporter = Exporter(database: database, objects: objects)
        let megabytes = Double(perFile * Int64(max(files, 1))) / 1_048_576

        // Each step starts cold — no dirty pages left by the previous step, the page cache dropped
        // where permitted (root) — and ends when its own output is on disk (sync): no step is
        // helped by another's reads or slowed by another's writes.
        let canDropCaches = FileManager.default.isWritableFile(atPath: "/proc/sys/vm/drop_caches")
        if !canDropCaches { progress("提示:无权清空页缓存(需 root),各步骤的缓存状态可能不同\n") }
        func timed(_ name: String, _ body: () throws -> Void) rethrows -> Measurement {
            sync()
            if canDropCaches { try? Data("3\n".utf8).write(to: URL(fileURLWithPath: "/proc/sys/vm/drop_caches")) }
            let start = Date()
            try body()
            sync()
            let seconds = Date().timeIntervalSince(start)
            progress(String(format: "%@:%.2f 秒\n", name, seconds))
            return Measurement(name: name, seconds: seconds, megabytesPerSecond: megabytes / seconds)
        }
        func tar(_ arguments: [String]) throws {
            let status = try ChildProcess(
                "tar", arguments + ["-C", folder.deletingLastPathComponent().path, folder.lastPathComponent], output: .inherit, error: .inherit
            ).wait()
            guard status == 0 else { throw BenchmarkError("tar 失败(退出码 \(status))") }
        }
        var results: [Measurement] = []
        for (format, tarFlags) in [(BagWriter.Format.zip, "-cf"), (.tarGz, "-czf")] {
            let bundle = root.appendingPathComponent("bundle.\(format.rawValue)")
            let baseline = try timed("tar \(tarFlags)") { try tar([tarFlags, root.appendingPathComponent("baseline.\(format.rawValue)").path]) }
            var export = try timed("导出 \(format.rawValue) --include-media") {
                let summary = try exporter.export(.caseNumber("奉城管罚〔2024〕第9999号"), options: .init(includeMedia: true), format: format, to: bundle)
                guard Double(summary.payloadBytes) >= megabytes * 1_048_576 else { throw BenchmarkError("导出包未含全部音像文件") }
            }
            var verify = try timed("校验 \(format.rawValue)") {
                guard try BagVerifier().verify(bundle.path).valid else { throw BenchmarkError("基准包校验未通过") }
            }
            export.shareOfTar = export.megabytesPerSecond / baseline.megabytesPerSecond
            verify.shareOfTar = verify.megabytesPerSecond / baseline.megabytesPerSecond
            results += [baseline, export, verify]
            try? FileManager.default.removeItem(at: bundle)
            try? FileManager.default.removeItem(at: root.appendingPathComponent("baseline.\(format.rawValue)"))
        }
        return Result(mediaMegabytes: megabytes, measurements: results)
    }
}
