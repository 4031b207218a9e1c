import Dispatch
import Foundation
import JuanzongAccess
import JuanzongCore
import JuanzongEvaluation
import JuanzongQuery
import JuanzongStore
import NIOPosix

/// One reader's connection and the query objects built on it; used by one request at a time.
/// Records are read through `ViewerConnection` only, which discloses what its viewer may see.
final class ReadConnection {
    let database: Database
    let normalizer: TextNormalizer
    fileprivate let searcher: Searcher
    fileprivate let precedent: PrecedentSearch

    init(database: Database, normalizer: TextNormalizer) throws {
        self.database = database
        self.normalizer = normalizer
        searcher = try Searcher(database: database, normalizer: normalizer)
        precedent = try PrecedentSearch(database: database, normalizer: normalizer)
    }
}

/// A read connection as one viewer may use it: every record, hit and precedent it returns has
/// passed through the viewer's `Disclosure` (identity numbers masked, originals withheld, paths
/// relative, as the role requires). Routes read records only through it, so none can forget.
struct ViewerConnection {
    let reader: ArchiveReader
    private let connection: ReadConnection

    fileprivate init(_ connection: ReadConnection, viewer: Viewer) throws {
        self.connection = connection
        let roots = try ArchiveReader(database: connection.database).ingestRoots()
        reader = ArchiveReader(database: connection.database, disclosure: viewer.disclosure(ingestRoots: roots))
    }

    var normalizer: TextNormalizer { connection.normalizer }

    func search(_ query: SearchQuery, options: Searcher.Options) throws -> SearchResult {
        var options = options
        options.disclosure = reader.disclosure
        return try connection.searcher.search(query, options: options)
    }

    func precedent(_ criteria: PrecedentSearch.Criteria) throws -> PrecedentSearch.Result {
        try connection.precedent.search(criteria, disclosure: reader.disclosure)
    }

    func similarCases(to documentID: Int64, limit: Int, proposedAmount: Double?) throws -> PrecedentSearch.Result {
        try connection.precedent.similar(to: documentID, limit: limit, proposedAmount: proposedAmount, disclosure: reader.disclosure)
    }
}

/// What the handlers share: the archive, a pool of read connections, one writer, the audit trail.
///
/// SQLite calls block, so they run on threads of the server's own — never on its event loops,
/// Swift's cooperative pool or Dispatch's shared pool (an ingest or export in the same process
/// may fill that one): one thread per read connection (WAL readers: answers keep coming while
/// an ingest writes), one writer thread with its own connection, and two threads for long jobs
/// (building an export, checking a draw).
public final class ArchiveServices: @unchecked Sendable {
    public let location: ArchiveLocation
    public let objects: BlobStore
    /// The evaluation rules and the bundled calendar file; the arrangements imported into the
    /// archive are read with each check (`checker(_:)`), so an import counts at once.
    let rules: EvaluationRules
    let holidaysFile: URL
    let audit: AuditTrail
    /// Failed sign-ins per account and per address, and the delays they earn.
    let signInThrottle: SignInThrottle
    private let connections: ConnectionPool
    private let readThreads: NIOThreadPool
    private let writeThread = NIOThreadPool(numberOfThreads: 1)
    private let jobThreads = NIOThreadPool(numberOfThreads: 2)
    /// scrypt is slow on purpose; it runs here, never on the reader threads, so guessing
    /// passwords cannot slow searches down. One thread: a sign-in takes ~0.1 s of it.
    private let passwordThread = NIOThreadPool(numberOfThreads: 1)
    /// At most 64 checks wait (about 6 s of work at 0.1 s each); more are refused at once.
    private let passwordChecks = PasswordCheckCounter(limit: 64)
    private let writeDatabase: Database
    /// Where searches and pages are read, when not the archive itself.
    private let readReplica: ArchiveLocation?
    /// What a primary's writers set so that their commits are visible on the standby when they return.
    static let waitForTheReplica = "SET synchronous_commit = remote_apply"

    /// Opens the archive (creating it if needed), `readers` read connections and the writer.
    ///
    /// With `readReplica` (a PostgreSQL standby of the archive's primary), searches and pages
    /// are read there and everything written (audit entries, reviews, draws, exports) goes to the
    /// primary, whose commits then wait until the standby has applied them
    /// (`synchronous_commit = remote_apply`, when the primary names it a synchronous standby):
    /// a page read right after a write shows it, and a failover loses no audit entry.
    public init(
        location: ArchiveLocation, readReplica: ArchiveLocation? = nil, readers: Int = 4, rules: URL? = nil, holidays: URL? = nil,
        signInPolicy: SignInThrottle.Policy = .init()
    ) throws {
        self.location = location
        let (database, objects) = try location.openForWriting()
        if readReplica != nil { try database.setOnEverySession(Self.waitForTheReplica) }
        writeDatabase = database
        self.objects = objects
        self.readReplica = readReplica
        // Each connection has its own normalizer: OpenCC converters are not shared across threads.
        connections = try ConnectionPool(
            (0..<max(1, readers)).map { _ in
                try ReadConnection(database: try (readReplica ?? location).connect(readOnly: true), normalizer: try TextNormalizer())
            })
        readThreads = NIOThreadPool(numberOfThreads: connections.size)
        self.rules = try EvaluationRules(contentsOf: rules ?? EvaluationFiles.rules)
        holidaysFile = holidays ?? EvaluationFiles.holidays
        _ = try WorkingCalendar(contentsOf: holidaysFile)  // a broken calendar file stops the server at start
        audit = AuditTrail()
        signInThrottle = SignInThrottle(policy: signInPolicy)
        for pool in [readThreads, writeThread, jobThreads, passwordThread] { pool.start() }
        audit.services = self
    }

    deinit {
        for pool in [readThreads, writeThread, jobThreads, passwordThread] { pool.shutdownGracefully { _ in } }
    }

    /// The case checker with the calendar as it stands in the archive now.
    func checker(_ database: Database) throws -> CaseChecker {
        CaseChecker(rules: rules, calendar: try WorkingCalendar(contentsOf: holidaysFile, archive: database))
    }

    /// Loads every reader's in-memory catalog, so the first searches are not the slow ones.
    public func warmUp() async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<connections.size {
                group.addTask { _ = try? await self.read { connection in try connection.searcher.currentCatalog() } }
            }
        }
    }

    /// Runs `body` with a read connection on a reader thread.
    func read<T: Sendable>(_ body: @escaping @Sendable (ReadConnection) throws -> T) async throws -> T {
        let connections = self.connections
        return try await readThreads.runIfActive {
            let connection = connections.checkOut()
            defer { connections.checkIn(connection) }
            return try body(connection)
        }
    }

    /// Runs `body` with a read connection that discloses only what `viewer` may see.
    func read<T: Sendable>(as viewer: Viewer, _ body: @escaping @Sendable (ViewerConnection) throws -> T) async throws -> T {
        try await read { connection in try body(try ViewerConnection(connection, viewer: viewer)) }
    }

    /// Runs `body` on the writer connection, one write at a time.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writeThread.runIfActive { try body(self.writeDatabase) }
    }

    /// Runs `body` with a writable connection of its own, for long work (building an export)
    /// that must not hold up sign-ins and audit entries on the writer.
    func withOwnConnection<T: Sendable>(_ body: @escaping @Sendable (Database, BlobStore) throws -> T) async throws -> T {
        let location = self.location, objects = self.objects, waits = readReplica != nil
        return try await jobThreads.runIfActive {
            let database = try location.connect(readOnly: false)
            if waits { try database.setOnEverySession(Self.waitForTheReplica) }
            return try body(database, objects)
        }
    }

    /// Checks a password on the password thread. At most `limit` checks wait there; beyond
    /// that the sign-in is refused at once with a 429 (a flood of guesses queues no work).
    func checkPassword(_ password: String, against credentials: StoredCredentials) async throws -> Account {
        guard passwordChecks.enter() else {
            throw WebError(.tooManyRequests, code: "sign_in_busy", "登录请求过多,请稍后重试", retryAfter: 1)
        }
        defer { passwordChecks.leave() }
        return try await passwordThread.runIfActive { try credentials.check(password) }
    }

    /// Enqueues work on the writer without waiting for it.
    func writeLater(_ body: @escaping @Sendable (Database) -> Void) {
        writeThread.submit { state in
            if case .active = state { body(self.writeDatabase) }
        }
    }
}

/// Counts password checks under way, up to a limit.
private final class PasswordCheckCounter: @unchecked Sendable {
    private var count = 0
    private let limit: Int
    private let lock = NSLock()

    init(limit: Int) { self.limit = limit }

    func enter() -> Bool {
        lock.withLock {
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func leave() { lock.withLock { count -= 1 } }
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
