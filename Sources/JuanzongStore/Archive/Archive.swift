import Foundation

/// An archive directory: `juanzong.sqlite` and the `objects/` store of originals.
public struct ArchiveLocation: Sendable {
    public let root: URL
    public var databasePath: String { root.appendingPathComponent("juanzong.sqlite").path }
    public var objects: URL { root.appendingPathComponent("objects") }

    /// `--archive DIR`, else `$JUANZONG_ARCHIVE`, else `./juanzong-archive`.
    public init(path: String?) {
        let chosen = path ?? ProcessInfo.processInfo.environment["JUANZONG_ARCHIVE"] ?? "juanzong-archive"
        root = URL(fileURLWithPath: chosen).standardizedFileURL
    }

    /// Whether an archive is here (its database file exists).
    public var exists: Bool { FileManager.default.fileExists(atPath: databasePath) }

    /// Opens the archive for writing, creating it and migrating its schema as needed (ingest).
    public func openForWriting() throws -> (Database, BlobStore) {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let database = try Database(path: databasePath)
        try Schema.migrate(database)
        let created = ISO8601DateFormatter().string(from: Date())
        try database.prepare("INSERT OR IGNORE INTO archive_info(key, value) VALUES ('archive_id', ?1), ('created_at', ?2)")
            .run([UUID().uuidString.lowercased(), created])
        return (database, try BlobStore(root: objects))
    }

    /// Opens an archive that must exist already, for writing (its schema brought up to date);
    /// `ArchiveError.missing` when there is none. Every command but `ingest` opens this way.
    public func openExistingForWriting() throws -> (Database, BlobStore) {
        guard exists else { throw ArchiveError.missing(root.path) }
        return try openForWriting()
    }

    /// Opens an archive that must exist already, for reading; `ArchiveError.missing` when there is none.
    public func openForReading() throws -> Database {
        guard exists else { throw ArchiveError.missing(root.path) }
        return try Database(path: databasePath, readOnly: true)
    }
}

public enum ArchiveError: Error, CustomStringConvertible {
    case missing(String)

    public var description: String {
        switch self {
        case .missing(let path): return "档案库不存在:\(path)(先运行 juanzong ingest)"
        }
    }
}
