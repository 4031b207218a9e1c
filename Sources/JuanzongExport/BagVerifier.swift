import CArchive
import Foundation
import JuanzongCore

/// Checks a BagIt bag (RFC 8493) — a zip, a tar (any compression libarchive reads) or an
/// unpacked folder, made here or by any other tool: bagit.txt, every manifest and tag manifest
/// line, Payload-Oxum, no payload file missing from or absent in a manifest.
public struct BagVerifier {
    public struct Report: Codable, Sendable {
        public var bag: String
        public var payloadFiles: Int
        public var payloadBytes: Int64
        public var algorithms: [String]
        /// Each problem in Chinese; empty when the bag is valid.
        public var problems: [String]
        public var valid: Bool { problems.isEmpty }
    }

    /// What is known of one file of the bag, by its path relative to the bag's root.
    struct FileFacts {
        var size: Int64
        var digests: [MessageDigest.Algorithm: String]
        /// The bytes of top-level tag files (read to parse them).
        var content: Data?
    }

    public init() {}

    public func verify(_ path: String) throws -> Report {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ExportError.notFound(path) }
        // Payload digests are computed while reading; SHA-256 and SHA-512 (the common pair) in the
        // first pass, any other algorithm a manifest asks for in a second.
        let read = { (algorithms: Set<MessageDigest.Algorithm>) throws -> [String: FileFacts] in
            isDirectory.boolValue ? try Self.readFolder(path, algorithms: algorithms) : try Self.readArchive(path, algorithms: algorithms)
        }
        var files = try read([.sha256, .sha512])
        var problems: [String] = []
        guard let bagitPath = files.keys.filter({ $0 == "bagit.txt" || $0.hasSuffix("/bagit.txt") }).min(by: { $0.count < $1.count })
        else {
            return Report(bag: path, payloadFiles: 0, payloadBytes: 0, algorithms: [], problems: ["缺少 bagit.txt:这不是一个 BagIt 包"])
        }
        let root = String(bagitPath.dropLast("bagit.txt".count))
        for outside in files.keys.filter({ !$0.hasPrefix(root) }).sorted() { problems.append("包外多出文件:\(outside)") }
        var bag = Dictionary(uniqueKeysWithValues: files.filter { $0.key.hasPrefix(root) }.map { (String($0.key.dropFirst(root.count)), $0.value) })

        let declaration = Self.fields(bag["bagit.txt"]?.content)
        if declaration["BagIt-Version"] == nil { problems.append("bagit.txt 缺少 BagIt-Version") }
        if declaration["Tag-File-Character-Encoding"] == nil { problems.append("bagit.txt 缺少 Tag-File-Character-Encoding") }

        let manifests = Self.manifestNames(in: bag, prefix: "manifest-")
        let tagManifests = Self.manifestNames(in: bag, prefix: "tagmanifest-")
        if manifests.isEmpty { problems.append("缺少清单文件 manifest-<算法>.txt") }
        let needed = Set((manifests + tagManifests).compactMap(\.algorithm)).subtracting([.sha256, .sha512])
        if !needed.isEmpty {
            files = try read(needed)
            for (name, facts) in files where name.hasPrefix(root) {
                bag[String(name.dropFirst(root.count)), default: facts].digests.merge(facts.digests) { old, _ in old }
            }
        }
        let payload = bag.filter { $0.key.hasPrefix("data/") }
        for manifest in manifests + tagManifests {
            guard let algorithm = manifest.algorithm else {
                problems.append("\(manifest.name):不支持的校验算法")
                continue
            }
            let isPayloadManifest = manifest.name.hasPrefix("manifest-")
            var listed = Set<String>()
            for (lineNumber, line) in Self.lines(bag[manifest.name]?.content).enumerated() {
                guard let (digest, encodedPath) = Self.manifestLine(line) else {
                    problems.append("\(manifest.name) 第 \(lineNumber + 1) 行格式错误:\(line)")
                    continue
                }
                let filePath = BagPath.decode(encodedPath)
                listed.insert(filePath)
                if isPayloadManifest && !filePath.hasPrefix("data/") {
                    problems.append("\(manifest.name) 列出了 data/ 之外的文件:\(filePath)")
                }
                guard let facts = bag[filePath] else {
                    problems.append("清单所列文件缺失(\(manifest.name)):\(filePath)")
                    continue
                }
                if facts.digests[algorithm]?.lowercased() != digest.lowercased() {
                    problems.append("文件内容与清单不符(\(algorithm.rawValue)):\(filePath)")
                }
            }
            if isPayloadManifest {
                for extra in payload.keys.sorted() where !listed.contains(extra) {
                    problems.append("文件未列入清单 \(manifest.name):\(extra)")
                }
            }
        }
        let octets = payload.values.reduce(Int64(0)) { $0 + $1.size }
        if let oxum = Self.fields(bag["bag-info.txt"]?.content)["Payload-Oxum"] {
            if oxum != "\(octets).\(payload.count)" {
                problems.append("Payload-Oxum 不符:包内声明 \(oxum),实际 \(octets).\(payload.count)(字节数.文件数)")
            }
        }
        return Report(
            bag: path, payloadFiles: payload.count, payloadBytes: octets,
            algorithms: manifests.compactMap { $0.algorithm?.rawValue }.sorted(), problems: problems)
    }

    // MARK: - Reading

    /// Text files outside any `data/` folder: tag files, whose bytes are kept for parsing
    /// (a bag may sit at any depth of a bundle).
    private static func isTagFile(_ path: String) -> Bool {
        path.hasSuffix(".txt") && !path.split(separator: "/").dropLast().contains("data")
    }

    static func readFolder(_ path: String, algorithms: Set<MessageDigest.Algorithm>) throws -> [String: FileFacts] {
        let root = URL(fileURLWithPath: path)
        var files: [String: FileFacts] = [:]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw ExportError.unreadable(path, "无法列出目录")
        }
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            var hashing = DigestSet(algorithms, keepContent: isTagFile(relative))
            try FileChunks.read(url.path) { hashing.update($0) }
            files[relative] = hashing.facts()
        }
        return files
    }

    static func readArchive(_ path: String, algorithms: Set<MessageDigest.Algorithm>) throws -> [String: FileFacts] {
        guard let archive = archive_read_new() else { throw ExportError.unreadable(path, "libarchive 初始化失败") }
        defer { archive_read_free(archive) }
        archive_read_support_format_all(archive)
        archive_read_support_filter_all(archive)
        guard archive_read_open_filename(archive, path, 1 << 20) == ARCHIVE_OK else {
            throw ExportError.unreadable(path, "不是可读的压缩包:" + BagWriter.message(archive))
        }
        var files: [String: FileFacts] = [:]
        var entry: OpaquePointer?
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw ExportError.unreadable(path, "压缩包已损坏:" + BagWriter.message(archive))
            }
            guard archive_entry_filetype(entry) == mode_t(JZ_AE_IFREG) else { continue }
            let name =
                archive_entry_pathname_utf8(entry).map { String(cString: $0) }
                ?? archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            let relative = name.hasPrefix("./") ? String(name.dropFirst(2)) : name
            var hashing = DigestSet(algorithms, keepContent: isTagFile(relative))
            while true {
                let count = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                if count == 0 { break }
                guard count > 0 else { throw ExportError.unreadable(path, "读取 \(relative) 失败:" + BagWriter.message(archive)) }
                buffer.withUnsafeBytes { hashing.update(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            }
            files[relative] = hashing.facts()
        }
        return files
    }

    // MARK: - Parsing

    struct ManifestName {
        var name: String
        var algorithm: MessageDigest.Algorithm?
    }

    private static func manifestNames(in bag: [String: FileFacts], prefix: String) -> [ManifestName] {
        bag.keys.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".txt") && !$0.contains("/") }.sorted().map { name in
            ManifestName(name: name, algorithm: MessageDigest.Algorithm(rawValue: String(name.dropFirst(prefix.count).dropLast(4))))
        }
    }

    private static func lines(_ data: Data?) -> [String] {
        guard let data else { return [] }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// `hash␣path` (one or more spaces or tabs).
    private static func manifestLine(_ line: String) -> (String, String)? {
        guard let separator = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
        let digest = String(line[..<separator])
        let path = line[separator...].drop(while: { $0 == " " || $0 == "\t" })
        guard !digest.isEmpty, !path.isEmpty, digest.allSatisfy(\.isHexDigit) else { return nil }
        return (digest, String(path))
    }

    /// `Label: value` lines (continuation lines start with whitespace).
    static func fields(_ data: Data?) -> [String: String] {
        var result: [String: String] = [:]
        var last: String?
        for line in lines(data) {
            if line.first?.isWhitespace == true, let key = last {
                result[key, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                result[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                last = key
            }
        }
        return result
    }
}

/// Several digests of one stream, computed together.
private struct DigestSet {
    private let digests: [(MessageDigest.Algorithm, MessageDigest)]
    private var size: Int64 = 0
    private var content: Data?

    init(_ algorithms: Set<MessageDigest.Algorithm>, keepContent: Bool) {
        digests = algorithms.sorted { $0.rawValue < $1.rawValue }.map { ($0, MessageDigest($0)) }
        content = keepContent ? Data() : nil
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if digests.count == 2 {
            // One digest per core: SHA-512 and SHA-256 together cost what the slower one costs.
            concurrently(bytes: bytes.count, { digests[0].1.update(bytes) }, { digests[1].1.update(bytes) })
        } else {
            for (_, digest) in digests { digest.update(bytes) }
        }
        size += Int64(bytes.count)
        if content != nil, let base = bytes.baseAddress { content!.append(base.assumingMemoryBound(to: UInt8.self), count: bytes.count) }
    }

    func facts() -> BagVerifier.FileFacts {
        var result: [MessageDigest.Algorithm: String] = [:]
        for (algorithm, digest) in digests { result[algorithm] = digest.finalizeHex() }
        return BagVerifier.FileFacts(size: size, digests: result, content: content)
    }
}
