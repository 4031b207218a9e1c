import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// One file to ingest: on disk, or a member of a bundle held in memory.
public struct InputFile: Sendable {
    public enum Content: Sendable {
        /// A file on disk, by its path.
        case disk(String)
        case memory(Data)
    }

    /// The path recorded in the archive; bundle members read `bundle.zip!/dir/file.docx`.
    public let sourcePath: String
    public let name: String
    public let content: Content
    public let size: Int64
    public let modified: Double
    /// The bytes of a small file on disk that the walker found in the page cache and read already
    /// (`BatchWalker.readAhead`), so that processing does not open it again.
    var preloaded: Data?
    /// An earlier run archived other content at this path (for a bundle member: in its bundle's
    /// place), so the document read now may be a new version of an archived one.
    var archivedBefore = false

    /// The whole content when it is already in memory: a bundle member, or a file the walker read.
    var bytesInMemory: Data? {
        if case .memory(let data) = content { return data }
        return preloaded
    }

    public var fileExtension: String { PathName.fileExtension(of: name).lowercased() }
    public var baseName: String { PathName.deletingExtension(of: name) }

    /// The whole content; refuses files larger than `limit`.
    func read(limit: Int64) throws -> Data {
        guard size <= limit else {
            throw IngestFailure(.oversized, "文件过大(\(size / 1_048_576) MB,上限 \(limit / 1_048_576) MB)")
        }
        if let bytes = bytesInMemory { return bytes }
        switch content {
        case .memory(let data): return data
        case .disk(let path):
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw IngestFailure(.unreadable, "无法读取文件:\(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            // One byte more than the size, so the read that finds the end needs no growth.
            var data = Data(count: Int(size) + 1)
            var filled = 0
            while true {
                if filled == data.count { data.count += 65_536 }
                let count = data.withUnsafeMutableBytes { buffer in
                    Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
                }
                if count < 0 { throw IngestFailure(.unreadable, "读取文件出错:\(String(cString: strerror(errno)))") }
                if count == 0 { break }
                filled += count
                if Int64(filled) > limit { throw IngestFailure(.oversized, "文件过大(超过 \(limit / 1_048_576) MB)") }
            }
            data.count = filled
            return data
        }
    }
}

/// A folder of input (on disk or inside a bundle): its files, and the case manifest that governs it.
public struct InputFolder: Sendable {
    public let path: String
    public var files: [InputFile]
    /// The nearest `case.json` at or above this folder.
    public var manifest: CaseManifest?
    /// Where that manifest lives, so AV file names resolve against it.
    public var manifestFolder: String?
    /// Sources that are complete once this folder is written (files, and a bundle after its last folder).
    public var completedSources: [SourceStamp] = []
    public var problems: [IngestProblem] = []
}

/// What identifies an input source between runs, for resuming and skipping.
public struct SourceStamp: Sendable, Hashable {
    public let path: String
    public let size: Int64
    public let modified: Double
}
