import Foundation
import JuanzongCore

/// The content-addressed store of original files: `objects/ab/abcdef…` named by SHA-256.
/// Identical files are stored once; a stored file is never modified.
public struct BlobStore: Sendable {
    public let root: URL

    public init(root: URL) throws {
        self.root = root
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    }

    /// Where the blob with `sha256` lives.
    public func url(for sha256: String) -> URL {
        root.appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(sha256)
    }

    public func contains(_ sha256: String) -> Bool {
        FileManager.default.fileExists(atPath: url(for: sha256).path)
    }

    /// Stores `data` under its hash (computed here when not given); returns the hash.
    @discardableResult
    public func put(_ data: Data, sha256 known: String? = nil) throws -> String {
        let sha256 = known ?? SHA256Hasher.hex(of: data)
        guard !contains(sha256) else { return sha256 }
        let temporary = root.appendingPathComponent("tmp").appendingPathComponent(UUID().uuidString)
        try data.write(to: temporary)
        try moveIntoPlace(temporary, sha256: sha256)
        return sha256
    }

    /// Copies the file at `source` into the store while hashing it, streaming in 1 MiB chunks.
    public func putFile(at source: URL) throws -> (sha256: String, size: Int64) {
        let temporary = root.appendingPathComponent("tmp").appendingPathComponent(UUID().uuidString)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        let input = try FileHandle(forReadingFrom: source)
        let output = try FileHandle(forWritingTo: temporary)
        defer { try? input.close(); try? output.close() }
        var hasher = SHA256Hasher()
        var size: Int64 = 0
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(chunk)
            try output.write(contentsOf: chunk)
            size += Int64(chunk.count)
        }
        let sha256 = hasher.finalizeHex()
        if contains(sha256) {
            try? FileManager.default.removeItem(at: temporary)
        } else {
            try moveIntoPlace(temporary, sha256: sha256)
        }
        return (sha256, size)
    }

    private func moveIntoPlace(_ temporary: URL, sha256: String) throws {
        let destination = url(for: sha256)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            try FileManager.default.moveItem(at: temporary, to: destination)
        } catch where contains(sha256) {
            // Another writer stored the same content first.
            try? FileManager.default.removeItem(at: temporary)
        }
        chmod(destination.path, 0o444)
    }

    /// Hashes a file without copying it (media stored by reference).
    public static func hashFile(at url: URL) throws -> (sha256: String, size: Int64) {
        let input = try FileHandle(forReadingFrom: url)
        defer { try? input.close() }
        var hasher = SHA256Hasher()
        var size: Int64 = 0
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(chunk)
            size += Int64(chunk.count)
        }
        return (hasher.finalizeHex(), size)
    }
}
