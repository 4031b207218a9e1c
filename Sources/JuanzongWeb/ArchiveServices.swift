import Dispatch
import Foundation
import JuanzongCore
import JuanzongEvaluation
import JuanzongIndexer
import JuanzongQuery
import JuanzongStore

/// One reader's connection and the query objects built on it; used by one request at a time.
final class ReadConnection {
    let database: Database
    let searcher: Searcher
    let precedent: PrecedentSearch
    let normalizer: TextNormalizer
    var reader: ArchiveReader { ArchiveReader(database: database) }

    init(path: String, normalizer: TextNormalizer) throws {
        database = try Database(path: path, readOnly: true)
        self.normalizer = normalizer
        searcher = try Searcher(database: database, normalizer: normalizer)
        precedent = try PrecedentSearch(database: database, normalizer: normalizer)
    }
}

/// What the handlers share: the archive, a pool of read connections, one writer, the audit trail.
///
/// SQLite calls block, so they run on Dispatch's threads, never on the server's event loops or
/// Swift's cooperative pool. Reads take a connection from the pool (WAL readers: answers keep
/// coming while an ingest writes); writes go through one serial queue with its own connection.
public final class ArchiveServices: @unchecked Sendable {
    public let location: ArchiveLocation
    public let objects: BlobStore
    let checker: CaseChecker
    let audit: AuditTrail
    private let pool: ConnectionPool
    private let writeQueue = DispatchQueue(label: "juanzong.writer")
    private let writeDatabase: Database

    /// Opens the archive (creating it if needed), `readers` read connections and the writer.
    public init(location: ArchiveLocation, readers: Int = 4, rules: URL? = nil, holidays: URL? = nil) throws {
        self.location = location
        let (database, objects) = try location.openForWriting()
        writeDatabase = database
        self.objects = objects
        // Each connection has its own normalizer: OpenCC converters are not shared across threads.
        pool = try ConnectionPool((0..<max(1, readers)).map { _ in
            try ReadConnection(path: location.databasePath, normalizer: try TextNormalizer())
        })
        checker = CaseChecker(rules: try EvaluationRules(contentsOf: rules ?? EvaluationFiles.rules),
                              calendar: try WorkingCalendar(contentsOf: holidays ?? EvaluationFiles.holidays))
        audit = AuditTrail()
        audit.services = self
    }

    /// Loads every reader's in-memory catalog, so the first searches are not the slow ones.
    public func warmUp() async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<pool.size {
                group.addTask { _ = try? await self.read { connection in try connection.searcher.currentCatalog() } }
            }
        }
    }

    /// Runs `body` with a read connection, off the async threads.
    func read<T: Sendable>(_ body: @escaping @Sendable (ReadConnection) throws -> T) async throws -> T {
        let pool = self.pool
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let connection = pool.checkOut()
                defer { pool.checkIn(connection) }
                continuation.resume(with: Result { try body(connection) })
            }
        }
    }

    /// Runs `body` on the writer connection, one write at a time.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            writeQueue.async { continuation.resume(with: Result { try body(self.writeDatabase) }) }
        }
    }

    /// Runs `body` with a writable connection of its own, for long work (building an export)
    /// that must not hold up sign-ins and audit entries on the writer.
    func withOwnConnection<T: Sendable>(_ body: @escaping @Sendable (Database, BlobStore) throws -> T) async throws -> T {
        let location = self.location, objects = self.objects
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try body(try Database(path: location.databasePath), objects) })
            }
        }
    }

    /// Enqueues work on the writer without waiting for it.
    func writeLater(_ body: @escaping @Sendable (Database) -> Void) {
        writeQueue.async { body(self.writeDatabase) }
    }
}

/// A fixed set of read connections; `checkOut` waits while all are in use.
private final class ConnectionPool: @unchecked Sendable {
    private var idle: [ReadConnection]
    private let lock = NSLock()
    private let available: DispatchSemaphore
    let size: Int

    init(_ connections: [ReadConnection]) {
        idle = connections
        size = connections.count
        available = DispatchSemaphore(value: connections.count)
    }

    func checkOut() -> ReadConnection {
        available.wait()
        lock.lock()
        defer { lock.unlock() }
        return idle.removeLast()
    }

    func checkIn(_ connection: ReadConnection) {
        lock.lock()
        idle.append(connection)
        lock.unlock()
        available.signal()
    }
}
