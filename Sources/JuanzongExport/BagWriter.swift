import CArchive
import Foundation
import JuanzongCore

/// One file of a bag's payload (under `data/`), in bag order.
public struct PayloadFile: Sendable {
    public enum Source: Sendable {
        case bytes(Data)
        /// Streamed from disk in chunks: media of any size never sit in memory.
        case file(URL)
    }

    /// Path inside `data/`, e.g. `01-立案审批表-立案审批表.pdf`.
    public var path: String
    public var source: Source
    public var size: Int64
    /// Written stored rather than deflated in a zip (already compressed: media, images, docx).
    public var storeUncompressed: Bool

    public init(path: String, source: Source, size: Int64, storeUncompressed: Bool = false) {
        self.path = path
        self.source = source
        self.size = size
        self.storeUncompressed = storeUncompressed
    }
}

/// Writes a BagIt bag (RFC 8493) as a zip or tar.gz with libarchive, deterministically: entries
/// in a fixed order, every timestamp set to `modified`, owner 0, mode 0644, no gzip timestamp.
/// Payload files are hashed (SHA-256 and SHA-512) while they are written.
public struct BagWriter {
    public enum Format: String, CaseIterable, Sendable {
        case zip
        case tarGz = "tar.gz"
    }

    public let format: Format
    /// The bag's top folder inside the bundle.
    public let bagName: String
    public let modified: Date

    public init(format: Format, bagName: String, modified: Date) {
        self.format = format
        self.bagName = bagName
        self.modified = modified
    }

    /// Writes the bag to `output` and returns the bundle's SHA-256, computed as it is written.
    /// `bagInfo` is written in the given order, with Payload-Oxum added. A label, value or payload
    /// path with a line break or another control character is refused: it would add a line of
    /// its own to a tag file or a manifest.
    @discardableResult
    public func write(payload: [PayloadFile], bagInfo: [(String, String)], to output: URL) throws -> String {
        for (label, value) in bagInfo where label.containsAnyControlCharacter || value.containsAnyControlCharacter {
            throw ExportError.controlCharacter("bag-info.txt 的 \(label.debugDescription)", value.debugDescription)
        }
        for file in payload where file.path.containsAnyControlCharacter {
            throw ExportError.controlCharacter("清单中的文件名", file.path.debugDescription)
        }
        guard let archive = archive_write_new() else { throw ExportError.archive(output.path, "libarchive 初始化失败") }
        defer { archive_write_free(archive) }
        switch format {
        case .zip:
            archive_write_set_format_zip(archive)
            archive_write_set_options(archive, "zip:hdrcharset=UTF-8")
        case .tarGz:
            archive_write_set_format_pax_restricted(archive)
            archive_write_add_filter_gzip(archive)
            archive_write_set_options(archive, "gzip:!timestamp")
        }
        guard let sink = HashingFileSink(path: output.path) else {
            throw ExportError.archive(output.path, String(cString: strerror(errno)))
        }
        guard archive_write_open2(archive, Unmanaged.passUnretained(sink).toOpaque(), nil, HashingFileSink.write, nil, nil) == ARCHIVE_OK else {
            throw ExportError.archive(output.path, Self.message(archive))
        }

        var manifest256: [(String, String)] = [], manifest512: [(String, String)] = []
        for file in payload {
            let path = "data/" + file.path
            if format == .zip {
                file.storeUncompressed ? archive_write_zip_set_compression_store(archive) : archive_write_zip_set_compression_deflate(archive)
            }
            try writeHeader(archive, path: path, size: file.size, output: output)
            let sha256 = MessageDigest(.sha256), sha512 = MessageDigest(.sha512)
            func emit(_ chunk: UnsafeRawBufferPointer) throws {
                var written = false
                // SHA-512 on a second core while this one hashes SHA-256 and writes.
                concurrently(
                    bytes: chunk.count, { sha512.update(chunk) },
                    {
                        sha256.update(chunk)
                        written = archive_write_data(archive, chunk.baseAddress, chunk.count) == chunk.count
                    })
                guard written else { throw ExportError.archive(output.path, Self.message(archive)) }
            }
            switch file.source {
            case .bytes(let data):
                try data.withUnsafeBytes { try emit($0) }
            case .file(let url):
                let written = try FileChunks.read(url.path, emit)
                guard written == file.size else { throw ExportError.unreadable(url.path, "文件在导出过程中被修改(大小 \(written) ≠ \(file.size))") }
            }
            manifest256.append((sha256.finalizeHex(), path))
            manifest512.append((sha512.finalizeHex(), path))
        }

        let oxum = "\(payload.reduce(Int64(0)) { $0 + $1.size }).\(payload.count)"
        let tagFiles: [(String, Data)] = [
            ("bagit.txt", Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)),
            ("bag-info.txt", Data((bagInfo + [("Payload-Oxum", oxum)]).map { "\($0.0): \($0.1)\n" }.joined().utf8)),
            ("manifest-sha256.txt", Self.manifest(manifest256)),
            ("manifest-sha512.txt", Self.manifest(manifest512)),
        ]
        var tagManifest: [(String, String)] = []
        if format == .zip { archive_write_zip_set_compression_deflate(archive) }
        for (name, data) in tagFiles {
            try writeHeader(archive, path: name, size: Int64(data.count), output: output)
            _ = data.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            tagManifest.append((MessageDigest.hex(.sha256, of: data), name))
        }
        let tags = Self.manifest(tagManifest)
        try writeHeader(archive, path: "tagmanifest-sha256.txt", size: Int64(tags.count), output: output)
        _ = tags.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
        guard archive_write_close(archive) == ARCHIVE_OK, sink.close() else {
            throw ExportError.archive(output.path, sink.failed ? String(cString: strerror(errno)) : Self.message(archive))
        }
        return sink.digest.finalizeHex()
    }

    private func writeHeader(_ archive: OpaquePointer, path: String, size: Int64, output: URL) throws {
        guard let entry = archive_entry_new() else { throw ExportError.archive(output.path, "libarchive 初始化失败") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, bagName + "/" + path)
        archive_entry_set_filetype(entry, UInt32(JZ_AE_IFREG))
        archive_entry_set_perm(entry, 0o644)
        archive_entry_set_size(entry, size)
        archive_entry_set_mtime(entry, time_t(modified.timeIntervalSince1970), 0)
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw ExportError.archive(output.path, Self.message(archive)) }
    }

    /// `hash  path` lines; CR, LF and % in paths percent-encoded as RFC 8493 asks.
    static func manifest(_ lines: [(String, String)]) -> Data {
        Data(lines.map { "\($0.0)  \(BagPath.encode($0.1))\n" }.joined().utf8)
    }

    static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "未知错误"
    }
}

/// The file a bundle is written to, hashing the bytes on their way (no second read of the bundle).
final class HashingFileSink {
    private let file: UnsafeMutablePointer<FILE>
    let digest = MessageDigest(.sha256)
    private(set) var failed = false

    init?(path: String) {
        guard let file = fopen(path, "wb") else { return nil }
        self.file = file
    }

    static let write: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeRawPointer?, Int) -> Int = { _, context, bytes, count in
        guard let context, let bytes else { return -1 }
        let sink = Unmanaged<HashingFileSink>.fromOpaque(context).takeUnretainedValue()
        guard fwrite(bytes, 1, count, sink.file) == count else {
            sink.failed = true
            return -1
        }
        sink.digest.update(UnsafeRawBufferPointer(start: bytes, count: count))
        return count
    }

    /// Flushes and closes the file; false if any write failed.
    func close() -> Bool {
        let closed = fclose(file) == 0
        return closed && !failed
    }
}

/// Manifest path encoding (RFC 8493 §2.1.3).
enum BagPath {
    static func encode(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\n", with: "%0A")
            .replacingOccurrences(of: "\r", with: "%0D")
    }

    static func decode(_ path: String) -> String {
        path.replacingOccurrences(of: "%0A", with: "\n", options: .caseInsensitive)
            .replacingOccurrences(of: "%0D", with: "\r", options: .caseInsensitive)
            .replacingOccurrences(of: "%25", with: "%")
    }
}

/// Why an export or verification could not be done.
public enum ExportError: Error, CustomStringConvertible {
    case archive(String, String)
    case unreadable(String, String)
    case notFound(String)
    case controlCharacter(String, String)

    public var description: String {
        switch self {
        case .archive(let path, let reason): return "无法写入 \(path):\(reason)"
        case .unreadable(let path, let reason): return "无法读取 \(path):\(reason)"
        case .notFound(let what): return "未找到 \(what)"
        case .controlCharacter(let field, let value): return "\(field)含有控制字符(换行等),不能写入导出包:\(value)。请先更正档案中的这项数据"
        }
    }
}
