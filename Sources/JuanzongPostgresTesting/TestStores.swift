import Foundation
import Glibc
import JuanzongStore

/// The stores an archive can live in, for tests that run once on each: `@Test(arguments:
/// ArchiveStoreKind.available)`. PostgreSQL is available where its server programs are installed
/// (`scripts/setup.sh`; CI always); its archives are databases of one cluster per test process.
public enum ArchiveStoreKind: String, CaseIterable, Sendable {
    case sqlite
    case postgresql

    /// Every store this machine can run.
    public static var available: [ArchiveStoreKind] { PostgresCluster.isInstalled ? allCases : [.sqlite] }

    /// A new, empty archive in this store, its files (SQLite's directory, PostgreSQL's originals)
    /// under `folder`.
    public func newArchive(in folder: URL) throws -> ArchiveLocation {
        switch self {
        case .sqlite: return ArchiveLocation(path: folder.appendingPathComponent("archive").path)
        case .postgresql:
            let url = try SharedTestCluster.newDatabase()
            return ArchiveLocation(path: url, objects: folder.appendingPathComponent("objects").path)
        }
    }
}

/// One PostgreSQL primary for all the tests of a process, started on first use in a temporary
/// folder and stopped (the folder removed) when the process exits.
public enum SharedTestCluster {
    nonisolated(unsafe) private static var cluster: PostgresCluster?
    nonisolated(unsafe) private static var databases = 0
    private static let lock = NSLock()

    /// The URL of a new database of the shared cluster.
    public static func newDatabase() throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if cluster == nil {
            let folder = URL(fileURLWithPath: "/tmp/juanzong-pg-shared-\(getpid())-\(UUID().uuidString.prefix(8))")
            cluster = try PostgresCluster.startPrimary(in: folder)
            atexit {
                try? SharedTestCluster.cluster?.stop()
                if let folder = SharedTestCluster.cluster?.directory { try? FileManager.default.removeItem(at: folder) }
            }
        }
        databases += 1
        let name = "archive_\(databases)"
        try cluster!.createDatabase(name)
        return cluster!.url(database: name)
    }
}
