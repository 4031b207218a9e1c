import Foundation
import JuanzongPostgres

/// Where an archive is: a directory (`juanzong.sqlite` and the `objects/` store of originals), or
/// a PostgreSQL database given by its libpq URL with its originals in a shared folder (`--objects`)
/// that every server writing or reading the archive can reach.
public struct ArchiveLocation: Sendable {
    public enum Store: Sendable {
        case sqlite(root: URL)
        case postgresql(url: String, objects: URL?)
    }

    public let store: Store

    /// `--archive DIR|postgresql://…`, else `$JUANZONG_ARCHIVE`, else `./juanzong-archive`; for a
    /// PostgreSQL archive, `--objects DIR`, else `$JUANZONG_OBJECTS`.
    public init(path: String?, objects: String? = nil) {
        let environment = ProcessInfo.processInfo.environment
        let chosen = path ?? environment["JUANZONG_ARCHIVE"] ?? "juanzong-archive"
        if Self.isPostgresURL(chosen) {
            let folder = objects ?? environment["JUANZONG_OBJECTS"]
            store = .postgresql(url: chosen, objects: folder.map { URL(fileURLWithPath: $0).standardizedFileURL })
        } else {
            store = .sqlite(root: URL(fileURLWithPath: chosen).standardizedFileURL)
        }
    }

    /// Whether `text` is a PostgreSQL connection URL (`postgresql://` or `postgres://`).
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// The archive directory (SQLite); for a PostgreSQL archive, its originals folder.
    public var root: URL {
        switch store {
        case .sqlite(let root): return root
        case .postgresql(_, let objects): return objects ?? URL(fileURLWithPath: "/")
        }
    }

    /// The archive as messages name it: its directory, or its URL without a password.
    public var displayName: String {
        switch store {
        case .sqlite(let root): return root.path
        case .postgresql(let url, _): return PostgresConnection.withoutPassword(url)
        }
    }

    /// The options that name this archive to a `juanzong` command: `--archive DIR`, or
    /// `--archive URL` with `--objects DIR` when the originals folder is known.
    public var commandLineArguments: [String] {
        guard case .postgresql(_, let objects?) = store else { return ["--archive", address] }
        return ["--archive", address, "--objects", objects.path]
    }

    /// The directory, or the PostgreSQL URL as given (a password in it included).
    public var address: String {
        switch store {
        case .sqlite(let root): return root.path
        case .postgresql(let url, _): return url
        }
    }

    /// The SQLite database file (a directory archive's only).
    public var databasePath: String { root.appendingPathComponent("juanzong.sqlite").path }

    /// The folder of originals kept as files (`objects/ab/abcdef…`).
    public var objects: URL {
        get throws {
            switch store {
            case .sqlite(let root): return root.appendingPathComponent("objects")
            case .postgresql(_, let objects):
                guard let objects else { throw ArchiveError.objectsFolderMissing(displayName) }
                return objects
            }
        }
    }

    /// Whether an archive is here: its database file exists, or the PostgreSQL database answers
    /// and holds an archive's tables.
    public var exists: Bool {
        switch store {
        case .sqlite: return FileManager.default.fileExists(atPath: databasePath)
        case .postgresql(let url, _):
            guard let database = try? Database(postgresURL: url, readOnly: true) else { return false }
            return (try? database.prepare("SELECT to_regclass('archive_info') IS NOT NULL").first { $0.int(0) }) == 1
        }
    }

    /// Opens the archive for writing, creating it and migrating its schema as needed (ingest),
    /// with its store of originals.
    public func openForWriting() throws -> (Database, BlobStore) {
        (try openDatabaseForWriting(), try objectStore())
    }

    /// The store of originals kept as files (a PostgreSQL archive's needs `--objects`).
    public func objectStore() throws -> BlobStore { try BlobStore(root: try objects) }

    /// Opens the archive's database for writing, creating it and migrating its schema as needed.
    public func openDatabaseForWriting() throws -> Database {
        let database: Database
        switch store {
        case .sqlite(let root):
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            database = try Database(path: databasePath)
            try Schema.migrate(database)
        case .postgresql(let url, _):
            database = try Database(postgresURL: url)
            try PostgresSchema.migrate(database)
        }
        let created = ISO8601DateFormatter().string(from: Date())
        try database.prepare("INSERT OR IGNORE INTO archive_info(key, value) VALUES ('archive_id', ?1), ('created_at', ?2)")
            .run([UUID().uuidString.lowercased(), created])
        return database
    }

    /// Opens the database of an archive that must exist already, for writing (its schema brought
    /// up to date); `ArchiveError.missing` when there is none. Every command but `ingest` opens this way.
    public func openExistingForWriting() throws -> Database {
        guard exists else { throw ArchiveError.missing(displayName) }
        return try openDatabaseForWriting()
    }

    /// Opens an archive that must exist already, for reading; `ArchiveError.missing` when there is none.
    public func openForReading() throws -> Database {
        guard exists else { throw ArchiveError.missing(displayName) }
        return try connect(readOnly: true)
    }

    /// Another connection to an archive already opened (a server's readers and jobs).
    public func connect(readOnly: Bool) throws -> Database {
        switch store {
        case .sqlite: return try Database(path: databasePath, readOnly: readOnly)
        case .postgresql(let url, _): return try Database(postgresURL: url, readOnly: readOnly)
        }
    }
}

public enum ArchiveError: Error, CustomStringConvertible {
    case missing(String)
    case objectsFolderMissing(String)
    /// What a command needs is not built for PostgreSQL archives yet.
    case notOnPostgres(String)

    public var description: String {
        switch self {
        case .missing(let path): return "档案库不存在:\(path)(先运行 juanzong ingest)"
        case .objectsFolderMissing(let url):
            return "PostgreSQL 档案库 \(url) 需要原件目录:以 --objects 目录(或环境变量 JUANZONG_OBJECTS)指定各服务器都能访问的共享目录"
        case .notOnPostgres(let what): return "\(what)尚不支持 PostgreSQL 档案库(进度见 docs/scale-out.md)"
        }
    }
}
