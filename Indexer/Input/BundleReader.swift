import CArchive
import Foundation

/// Reads the members of a bundle (zip, tar, tar.gz, 7z, …) and the parts of zip-based
/// documents (docx, ofd) through libarchive, guarding against hostile content.
enum BundleReader {
    struct Member {
        let path: String
        let data: Data
        let modified: Double
    }

    struct Listing {
        var members: [Member] = []
        var problems: [(path: String, kind: IngestProblem.Kind, reason: String)] = []
    }

    /// Reads all regular-file members of the bundle held in `data`.
    ///
    /// Members whose path leaves the bundle, encrypted members, oversized members and links are
    /// reported and skipped; a zip bomb or a truncated bundle stops the listing with a problem.
    static func read(_ data: Data, limits: IngestLimits, wanted: ((String) -> Bool)? = nil) -> Listing {
        var listing = Listing()
        guard let archive = archive_read_new() else {
            listing.problems.append(("", .unreadable, "libarchive 初始化失败"))
            return listing
        }
        defer { archive_read_free(archive) }
        archive_read_support_format_all(archive)
        archive_read_support_filter_all(archive)

        let compressedSize = max(Int64(data.count), 1)
        var expanded: Int64 = 0
        let opened = data.withUnsafeBytes { buffer -> Int32 in
            archive_read_open_memory(archive, buffer.baseAddress, buffer.count)
        }
        guard opened == ARCHIVE_OK else {
            listing.problems.append(("", .corrupt, "无法打开压缩包:\(errorString(archive))"))
            return listing
        }
        // libarchive reads from `data`'s storage until archive_read_free; keep it alive.
        return withExtendedLifetime(data) {
            var entry: OpaquePointer?
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
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
                let declared = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : -1
                if declared > limits.maxDocumentBytes {
                    listing.problems.append((entryPath, .oversized, "成员过大(\(declared / 1_048_576) MB)"))
                    continue
                }
                var content = Data()
                var failed = false
                while true {
                    let count = archive_read_data(archive, &buffer, buffer.count)
                    if count == 0 { break }
                    if count < 0 {
                        let encrypted = errorString(archive).contains("ncrypt") || errorString(archive).contains("assphrase")
                        listing.problems.append(
                            (
                                entryPath, encrypted ? .encrypted : .truncated,
                                encrypted ? "文件已加密,无法读取" : "成员数据损坏或被截断:\(errorString(archive))"
                            ))
                        failed = true
                        break
                    }
                    expanded += Int64(count)
                    if expanded > limits.maxBundleExpandedBytes
                        || (expanded > 8 << 20 && Double(expanded) / Double(compressedSize) > limits.maxCompressionRatio)
                    {
                        listing.problems.append(
                            (
                                entryPath, .zipBomb,
                                "解压后体积异常(已超过 \(expanded / 1_048_576) MB,压缩比 \(Int(Double(expanded) / Double(compressedSize))):疑似压缩炸弹,停止读取"
                            ))
                        return listing
                    }
                    if Int64(content.count) + Int64(count) > limits.maxDocumentBytes {
                        listing.problems.append((entryPath, .oversized, "成员过大(超过 \(limits.maxDocumentBytes / 1_048_576) MB)"))
                        failed = true
                        break
                    }
                    content.append(buffer, count: count)
                }
                if failed { continue }
                let modified = Double(archive_entry_mtime(entry))
                listing.members.append(Member(path: entryPath, data: content, modified: modified))
            }
            return listing
        }
    }

    /// The member names of a bundle, without reading their data (to tell docx and OFD from bundles).
    static func memberNames(of data: Data) -> [String] {
        guard let archive = archive_read_new() else { return [] }
        defer { archive_read_free(archive) }
        archive_read_support_format_zip(archive)
        var names: [String] = []
        let opened = data.withUnsafeBytes { archive_read_open_memory(archive, $0.baseAddress, $0.count) }
        guard opened == ARCHIVE_OK else { return [] }
        withExtendedLifetime(data) {
            var entry: OpaquePointer?
            while archive_read_next_header(archive, &entry) == ARCHIVE_OK, names.count < 10_000 {
                names.append(memberPath(entry))
                archive_read_data_skip(archive)
            }
        }
        return names
    }

    /// The named parts of a zip-based document (docx, ofd).
    static func parts(of data: Data, limits: IngestLimits, matching wanted: @escaping (String) -> Bool) throws -> [String: Data] {
        let listing = read(data, limits: limits, wanted: wanted)
        if let problem = listing.problems.first(where: { $0.kind != .unsupported }) {
            throw IngestFailure(problem.kind, problem.reason)
        }
        return Dictionary(listing.members.map { ($0.path, $0.data) }, uniquingKeysWith: { first, _ in first })
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
