import CArchive
import Foundation

/// Reads the members of a bundle (zip, tar, tar.gz, 7z, …) and the parts of zip-based
/// documents (docx, ofd) through libarchive, guarding against hostile content.
enum BundleReader {
    /// What a bundle is read from.
    enum Source {
        case memory(Data)
        /// An open file (a bundle too large to hold in memory), `size` bytes long; the caller closes it.
        case descriptor(Int32, size: Int64)

        var size: Int64 {
            switch self {
            case .memory(let data): return Int64(data.count)
            case .descriptor(_, let size): return size
            }
        }
    }

    struct Member {
        let path: String
        /// In memory, or spooled to a file when larger than `IngestLimits.inMemoryBytes`.
        let content: InputFile.Content
        let size: Int64
        let modified: Double

        /// The member's bytes when held in memory.
        var data: Data? {
            if case .memory(let data) = content { return data }
            return nil
        }
    }

    struct Listing {
        var members: [Member] = []
        var problems: [(path: String, kind: IngestProblem.Kind, reason: String)] = []
    }

    /// Reads all regular-file members of the bundle.
    ///
    /// Members larger than `limits.inMemoryBytes` are spooled to files in `spoolFolder` (without
    /// one, they are refused as oversized: a document's parts). Members whose path leaves the
    /// bundle, encrypted members and links are reported and skipped; a zip bomb or a truncated
    /// bundle stops the listing with a problem.
    static func read(_ source: Source, limits: IngestLimits, spoolFolder: String?, wanted: ((String) -> Bool)? = nil) -> Listing {
        var listing = Listing()
        guard let archive = open(source) else {
            listing.problems.append(("", .corrupt, "无法打开压缩包"))
            return listing
        }
        defer { archive_read_free(archive) }
        // libarchive reads from the data's storage until archive_read_free; keep it alive.
        return withExtendedLifetime(source) {
            var reader = MemberReader(
                archive: archive, limits: limits, compressedSize: max(source.size, 1), spoolFolder: spoolFolder,
                memoryLimit: spoolFolder == nil ? limits.maxPartBytes : limits.inMemoryBytes)
            var entry: OpaquePointer?
            while true {
                let status = archive_read_next_header(archive, &entry)
                if status == ARCHIVE_EOF { break }
                if status == ARCHIVE_FATAL || entry == nil {
                    let kind: IngestProblem.Kind = listing.members.isEmpty ? .corrupt : .truncated
                    let reason = listing.members.isEmpty ? "压缩包已损坏或格式不支持" : "压缩包被截断或已损坏"
                    listing.problems.append(("", kind, "\(reason):\(errorString(archive))"))
                    break
                }
                let entryPath = memberPath(entry)
                let fileType = archive_entry_filetype(entry)
                if fileType == mode_t(JZ_AE_IFDIR) { continue }
                if let target = archive_entry_hardlink(entry) {
                    listing.problems.append((entryPath, .skipped, "压缩包内的硬链接(指向 \(String(cString: target))),其内容已在该成员中,未重复展开"))
                    continue
                }
                guard fileType == mode_t(JZ_AE_IFREG) else {
                    if fileType == mode_t(JZ_AE_IFLNK) {
                        listing.problems.append((entryPath, .unsupported, "压缩包内的符号链接未跟随"))
                    } else {
                        listing.problems.append((entryPath, .skipped, "压缩包内的\(InputTree.kindName(fileType)),不是文件,已跳过"))
                    }
                    continue
                }
                if escapes(entryPath) {
                    listing.problems.append((entryPath, .pathEscape, "路径越出压缩包(含 ../ 或绝对路径),已拒绝"))
                    continue
                }
                if archive_entry_is_encrypted(entry) != 0 {
                    listing.problems.append((entryPath, .encrypted, "文件已加密,无法读取"))
                    continue
                }
                if let wanted, !wanted(entryPath) { continue }
                switch reader.readMember(path: entryPath) {
                case .member(let content, let size):
                    listing.members.append(Member(path: entryPath, content: content, size: size, modified: Double(archive_entry_mtime(entry))))
                case .failed(let kind, let reason):
                    listing.problems.append((entryPath, kind, reason))
                case .stop(let kind, let reason):
                    listing.problems.append((entryPath, kind, reason))
                    return listing
                }
            }
            return listing
        }
    }

    /// Reads one member's data at a time, counting what the bundle expands to.
    private struct MemberReader {
        enum Outcome {
            case member(InputFile.Content, size: Int64)
            /// This member is lost; the next may be read.
            case failed(IngestProblem.Kind, String)
            /// The bundle is not read further (a zip bomb).
            case stop(IngestProblem.Kind, String)
        }

        let archive: OpaquePointer
        let limits: IngestLimits
        let compressedSize: Int64
        let spoolFolder: String?
        /// Members larger than this are spooled to `spoolFolder`, or refused without one.
        let memoryLimit: Int64
        var expanded: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)

        mutating func readMember(path: String) -> Outcome {
            var content = Data()
            var spool: SpoolWriter?
            defer { spool?.discard() }
            while true {
                let count = archive_read_data(archive, &buffer, buffer.count)
                if count == 0 { break }
                if count < 0 {
                    let message = errorString(archive)
                    let encrypted = message.contains("ncrypt") || message.contains("assphrase")
                    return .failed(encrypted ? .encrypted : .truncated, encrypted ? "文件已加密,无法读取" : "成员数据损坏或被截断:\(message)")
                }
                expanded += Int64(count)
                if expanded > limits.maxBundleExpandedBytes
                    || (expanded > 8 << 20 && Double(expanded) / Double(compressedSize) > limits.maxCompressionRatio)
                {
                    return .stop(
                        .zipBomb,
                        "解压后体积异常(已超过 \(expanded / 1_048_576) MB,压缩比 \(Int(Double(expanded) / Double(compressedSize)))):疑似压缩炸弹,停止读取")
                }
                do {
                    if spool == nil, Int64(content.count + count) > memoryLimit {
                        guard let spoolFolder else {
                            return .failed(.oversized, "文档的组成部分 \(path) 过大(超过 \(memoryLimit / 1_048_576) MB),无法提取文字")
                        }
                        // Too large to hold: what was read so far, and the rest, go to a file.
                        spool = try SpoolWriter(folder: spoolFolder)
                        try content.withUnsafeBytes { try spool!.append($0) }
                        content = Data()
                    }
                    if spool != nil {
                        try buffer.withUnsafeBytes { try spool!.append(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
                    } else {
                        content.append(buffer, count: count)
                    }
                } catch let failure as IngestFailure {
                    return .failed(failure.kind, failure.reason)
                } catch {
                    return .failed(.unreadable, "\(error)")
                }
            }
            if let finished = spool {
                spool = nil
                let file = finished.finish()
                return .member(.spooled(file), size: file.size)
            }
            return .member(.memory(content), size: Int64(content.count))
        }
    }

    /// A libarchive reader on `source`, every format and filter enabled; nil when it cannot open it.
    private static func open(_ source: Source, formats: (OpaquePointer) -> Void = { archive_read_support_format_all($0) }) -> OpaquePointer? {
        guard let archive = archive_read_new() else { return nil }
        formats(archive)
        archive_read_support_filter_all(archive)
        let opened: Int32
        switch source {
        case .memory(let data): opened = data.withUnsafeBytes { archive_read_open_memory(archive, $0.baseAddress, $0.count) }
        case .descriptor(let descriptor, _): opened = archive_read_open_fd(archive, descriptor, 1 << 16)
        }
        guard opened == ARCHIVE_OK else {
            archive_read_free(archive)
            return nil
        }
        return archive
    }

    /// The member names of a zip, without reading their data (to tell docx and OFD from bundles).
    static func memberNames(of source: Source) -> [String] {
        guard let archive = open(source, formats: { archive_read_support_format_zip($0) }) else { return [] }
        defer { archive_read_free(archive) }
        var names: [String] = []
        withExtendedLifetime(source) {
            var entry: OpaquePointer?
            while archive_read_next_header(archive, &entry) == ARCHIVE_OK, names.count < 10_000 {
                names.append(memberPath(entry))
                archive_read_data_skip(archive)
            }
        }
        return names
    }

    /// The named parts of a zip-based document (docx, ofd), each held in memory.
    static func parts(of source: Source, limits: IngestLimits, matching wanted: @escaping (String) -> Bool) throws -> [String: Data] {
        let listing = read(source, limits: limits, spoolFolder: nil, wanted: wanted)
        if let problem = listing.problems.first(where: { $0.kind != .unsupported }) {
            throw IngestFailure(problem.kind, problem.reason)
        }
        return Dictionary(listing.members.compactMap { member in member.data.map { (member.path, $0) } }, uniquingKeysWith: { first, _ in first })
    }

    private static func memberPath(_ entry: OpaquePointer?) -> String {
        if let utf8 = archive_entry_pathname_utf8(entry) {
            return normalizeSeparators(String(cString: utf8))
        }
        guard let raw = archive_entry_pathname(entry) else { return "(无名成员)" }
        let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: strlen(raw)))
        return normalizeSeparators(TextDecoding.decodeName(bytes) ?? String(decoding: bytes, as: UTF8.self))
    }

    private static func normalizeSeparators(_ path: String) -> String {
        var result = path.replacingOccurrences(of: "\\", with: "/")
        while result.hasPrefix("./") { result.removeFirst(2) }
        return result
    }

    static func escapes(_ path: String) -> Bool {
        path.hasPrefix("/") || path.split(separator: "/").contains("..") || path.contains(":/")
    }

    private static func errorString(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "未知错误"
    }
}
