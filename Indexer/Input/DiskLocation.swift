import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Where a file or folder is on disk: its path as text, which the archive records, and, when
/// the file system's name is not UTF-8 (folders written by Windows in GBK, common on disks and
/// USB sticks), the path's own bytes, which are what opens it.
public struct DiskLocation: Sendable, Hashable {
    /// The path as text: a component that is not UTF-8 is decoded as GB18030 (a superset of GBK).
    public let path: String
    /// The path's bytes with a terminating NUL, when they are not `path`'s UTF-8.
    let fileSystemBytes: [CChar]?

    /// A path given as text (an argument of `ingest`): its UTF-8 is its name on disk.
    public init(path: String) {
        self.path = path
        fileSystemBytes = nil
    }

    private init(path: String, fileSystemBytes: [CChar]?) {
        self.path = path
        self.fileSystemBytes = fileSystemBytes
    }

    /// The path's bytes on disk (without NUL) when they are not UTF-8, kept in the archive
    /// beside the text so that the original name can be matched byte for byte.
    public var rawBytes: [UInt8]? {
        fileSystemBytes.map { $0.dropLast().map { UInt8(bitPattern: $0) } }
    }

    /// The entry `entry` of this folder.
    func appending(_ entry: DirectoryEntry) -> DiskLocation {
        let path = self.path == "/" ? "/" + entry.name : self.path + "/" + entry.name
        guard fileSystemBytes != nil || entry.fileSystemName != nil else { return DiskLocation(path: path) }
        var bytes = fileSystemBytes.map { Array($0.dropLast()) } ?? Array(self.path.utf8CString.dropLast())
        if self.path != "/" { bytes.append(CChar(bitPattern: UInt8(ascii: "/"))) }
        bytes += entry.fileSystemName ?? Array(entry.name.utf8CString.dropLast())
        return DiskLocation(path: path, fileSystemBytes: bytes + [0])
    }

    /// Calls `body` with the path as the operating system takes it.
    func withFileSystemPath<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
        if let fileSystemBytes {
            return try fileSystemBytes.withUnsafeBufferPointer { try body($0.baseAddress!) }
        }
        return try path.withCString(body)
    }

    /// `open(2)` on this path.
    func open(_ flags: Int32) -> Int32 {
        withFileSystemPath { Glibc.open($0, flags) }
    }

    /// `lstat(2)` or, following links, `stat(2)`; nil when the path cannot be reached.
    func status(followingLinks: Bool) -> stat? {
        var status = stat()
        let found = withFileSystemPath { followingLinks ? stat($0, &status) : lstat($0, &status) } == 0
        return found ? status : nil
    }

    /// The path with every symbolic link resolved, as bytes; nil when it cannot be resolved.
    func resolvedBytes() -> [UInt8]? {
        guard let resolved = withFileSystemPath({ realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self), count: strlen(resolved)))
    }

    /// The sorted entries of the folder at this path, without `.` and `..`; nil when it cannot be read.
    func directoryEntries() -> [DirectoryEntry]? {
        guard let directory = withFileSystemPath({ opendir($0) }) else { return nil }
        defer { closedir(directory) }
        var entries: [DirectoryEntry] = []
        while let entry = readdir(directory) {
            let read: DirectoryEntry? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let name = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
                if let text = String(validatingCString: name) {
                    return text == "." || text == ".." ? nil : DirectoryEntry(name: text, fileSystemName: nil)
                }
                let bytes = Array(UnsafeBufferPointer(start: name, count: strlen(name)))
                return DirectoryEntry(name: Self.decodeName(bytes), fileSystemName: bytes)
            }
            if let read { entries.append(read) }
        }
        entries.sort { $0.name < $1.name }
        // A decoded name equal to a sibling's UTF-8 name (案卷 in GBK beside 案卷 in UTF-8)
        // gets a mark, so that every path stays one file.
        for index in entries.indices.dropFirst() where entries[index].name == entries[index - 1].name {
            let marked = entries[index].fileSystemName != nil ? index : index - 1
            entries[marked].name += "(GBK 编码名称)"
        }
        return entries
    }

    /// A name that is not UTF-8: GB18030 when it decodes as such, else its bytes escaped as `%XX`.
    static func decodeName(_ bytes: [CChar]) -> String {
        let unsigned = bytes.map { UInt8(bitPattern: $0) }
        if let text = TextDecoding.iconv(unsigned, from: "GB18030"), !text.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            return text
        }
        return unsigned.map { $0 < 0x80 && $0 >= 0x20 && $0 != UInt8(ascii: "%") ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }
            .joined()
    }
}

/// One name in a folder, as `readdir` gives it.
struct DirectoryEntry {
    /// The name as text (decoded from GB18030 when it is not UTF-8).
    var name: String
    /// The name's bytes (no NUL) when they are not UTF-8.
    let fileSystemName: [CChar]?
}
