import Foundation
import JuanzongCore

/// Where an original is kept. Every original is addressed by its SHA-256 and stored once.
///
/// A UTF-8 text original is its document's `text`, byte for byte. Other originals up to
/// `BlobStore.inlineLimit` (documents, sidecars) live in the `blob_contents` table, written in the same transaction as the rows that cite them; larger ones live in
/// `objects/ab/abcdef…` files; media may stay where they are, by reference, with their hash.
public enum OriginalLocation: Sendable {
    case database(Data)
    /// A UTF-8 text file whose bytes are exactly its document's `text`: kept once, as that text.
    case documentText
    case objects
    case reference(path: String, modified: Double)

    public var name: String {
        switch self {
        case .database: return "database"
        case .documentText: return "document_text"
        case .objects: return "objects"
        case .reference: return "reference"
        }
    }
}

/// An original on its way into the archive.
public struct PendingOriginal: Sendable {
    public let sha256: String
    public let size: Int64
    public let location: OriginalLocation
    public init(sha256: String, size: Int64, location: OriginalLocation) {
        self.sha256 = sha256
        self.size = size
        self.location = location
    }
}

/// The file half of the content-addressed store: `objects/ab/abcdef…` named by SHA-256.
/// A stored file is never modified.
public struct BlobStore: Sendable {
    /// Originals up to this size are kept inside the database.
    public static let inlineLimit = 4 << 20

    public let root: URL

    public init(root: URL) throws {
        self.root = root
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        // All 256 fan-out folders up front, so storing a blob is one write and one rename.
        for byte in 0..<256 {
            let folder = root.appendingPathComponent(String(format: "%02x", byte))
            if !FileManager.default.fileExists(atPath: folder.path) {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
        }
    }

    /// Where the blob with `sha256` lives.
    public func url(for sha256: String) -> URL {
        URL(fileURLWithPath: path(for: sha256))
    }

    func path(for sha256: String) -> String {
        root.path + "/" + sha256.prefix(2) + "/" + sha256
    }

    public func contains(_ sha256: String) -> Bool {
        access(path(for: sha256), F_OK) == 0
    }

    /// Stores `data` under its hash (computed here when not given); returns the hash.
    @discardableResult
    public func put(_ data: Data, sha256 known: String? = nil) throws -> String {
        let sha256 = known ?? MessageDigest.hex(.sha256, of: data)
        guard !contains(sha256) else { return sha256 }
        let temporary = root.appendingPathComponent("tmp").appendingPathComponent(UUID().uuidString)
        // Plain POSIX write: no fsync per blob. A crash can leave a partial file only under tmp/,
        // never under its hash, because the rename happens after the write completes.
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o444)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path]) }
        let written = data.withUnsafeBytes { buffer in buffer.isEmpty ? 0 : write(descriptor, buffer.baseAddress, buffer.count) }
        close(descriptor)
        guard written == data.count else {
            unlink(temporary.path)
            throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        try moveIntoPlace(temporary, sha256: sha256)
        return sha256
    }

    /// The folder for files on their way into the store (and spooled bundle members).
    public var temporaryFolder: String { root.path + "/tmp" }

    /// Copies the file at `source` into the store while hashing it, streaming in 1 MiB chunks.
    public func putFile(at source: URL) throws -> (sha256: String, size: Int64) {
        let descriptor = open(source.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileChunks.Unreadable(path: source.path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        return try putFile(descriptor: descriptor, name: source.path)
    }

    /// Copies what `descriptor` reads into the store while hashing it, streaming in 1 MiB chunks,
    /// so that an original of any size passes through without being held in memory.
    public func putFile(descriptor: Int32, name: String) throws -> (sha256: String, size: Int64) {
        let temporary = root.appendingPathComponent("tmp").appendingPathComponent(UUID().uuidString)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        let output = try FileHandle(forWritingTo: temporary)
        let hasher = MessageDigest(.sha256)
        let size = try FileChunks.read(descriptor: descriptor, name: name) { chunk in
            hasher.update(chunk)
            try output.write(contentsOf: chunk)
        }
        let sha256 = hasher.finalizeHex()
        try output.close()
        chmod(temporary.path, 0o444)
        if contains(sha256) {
            try? FileManager.default.removeItem(at: temporary)
        } else {
            try moveIntoPlace(temporary, sha256: sha256)
        }
        return (sha256, size)
    }

    /// Keeps the finished file at `path` (under `temporaryFolder`, whose content hashes to
    /// `sha256`) as that blob, by a second link: no copy, and the file at `path` stays for its owner.
    public func adopt(_ path: String, sha256: String) throws {
        guard !contains(sha256) else { return }
        let destination = self.path(for: sha256)
        chmod(path, 0o444)
        guard link(path, destination) == 0 || errno == EEXIST else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination])
        }
    }

    private func moveIntoPlace(_ temporary: URL, sha256: String) throws {
        let destination = url(for: sha256)
        guard rename(temporary.path, destination.path) == 0 else {
            unlink(temporary.path)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path])
        }
    }

    /// Hashes a file without copying it (media stored by reference).
    public static func hashFile(at url: URL) throws -> (sha256: String, size: Int64) {
        try stream(url) { _ in }
    }

    /// Reads a file in 1 MiB chunks, hashing each and handing it to `consume`.
    private static func stream(_ url: URL, consume: (UnsafeRawBufferPointer) throws -> Void) throws -> (sha256: String, size: Int64) {
        let hasher = MessageDigest(.sha256)
        let size = try FileChunks.read(url.path) { chunk in
            hasher.update(chunk)
            try consume(chunk)
        }
        return (hasher.finalizeHex(), size)
    }
}
