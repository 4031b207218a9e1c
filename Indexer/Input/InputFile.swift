import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// One file to ingest: on disk, a member of a bundle held in memory, or a large member of a
/// bundle spooled to a temporary file.
public struct InputFile: Sendable {
    public enum Content: Sendable {
        /// A file on disk.
        case disk(DiskLocation)
        case memory(Data)
        case spooled(SpooledFile)
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

    /// Opens the content for reading (nil when it is held in memory); the caller closes it.
    func openDescriptor() throws -> Int32? {
        let descriptor: Int32
        switch content {
        case .memory: return nil
        case .disk(let location): descriptor = location.open(O_RDONLY)
        case .spooled(let spool): descriptor = open(spool.path, O_RDONLY)
        }
        guard descriptor >= 0 else {
            throw IngestFailure(.unreadable, "无法读取文件:\(String(cString: strerror(errno)))")
        }
        return descriptor
    }

    /// The first `count` bytes (all of them when the content is shorter).
    func read(upTo count: Int64) throws -> Data {
        if let bytes = bytesInMemory { return bytes.prefix(Int(count)) }
        guard let descriptor = try openDescriptor() else { return Data() }
        defer { close(descriptor) }
        return try Self.read(descriptor, expecting: min(count, size), limit: count)
    }

    /// The whole content; meant for files up to `IngestLimits.inMemoryBytes` (larger ones stream).
    func read() throws -> Data {
        try read(upTo: size)
    }

    /// The whole file at `location` (a manifest; at most 64 MiB).
    static func readWhole(_ location: DiskLocation) throws -> Data {
        let descriptor = location.open(O_RDONLY)
        guard descriptor >= 0 else { throw IngestFailure(.unreadable, "无法读取文件:\(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? min(Int64(status.st_size), 64 << 20) : 0
        return try read(descriptor, expecting: size, limit: 64 << 20)
    }

    /// The bytes from `descriptor` to its end, at most `limit`; `expected` (the size the file had
    /// when measured) sizes the buffer, so a file that did not change is read with no growth.
    private static func read(_ descriptor: Int32, expecting expected: Int64, limit: Int64) throws -> Data {
        // One byte more than expected, so that the read that finds the end needs no growth.
        var data = Data(count: Int(min(expected, limit)) + 1)
        var filled = 0
        while Int64(filled) < limit {
            if filled == data.count { data.count = Int(min(Int64(data.count) + 65_536, limit)) }
            let count = data.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 { throw IngestFailure(.unreadable, "读取文件出错:\(String(cString: strerror(errno)))") }
            if count == 0 { break }
            filled += count
        }
        data.count = min(filled, Int(limit))
        return data
    }
}

/// A path on disk whose name is not UTF-8, with its bytes, recorded beside the text path.
public struct SourceName: Sendable {
    public let path: String
    public let bytes: [UInt8]
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
    /// Paths met in this folder whose names on disk are not UTF-8.
    public var fileSystemNames: [SourceName] = []
}

/// What identifies an input source between runs, for resuming and skipping.
public struct SourceStamp: Sendable, Hashable {
    public let path: String
    public let size: Int64
    public let modified: Double
}
