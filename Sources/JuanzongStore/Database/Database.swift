import CSQLite
import Foundation
import JuanzongPostgres

/// An error reported by SQLite, with its message and the statement that failed.
public struct DatabaseError: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let sql: String?
    public var description: String { "SQLite 错误 \(code):\(message)" + (sql.map { "(\($0))" } ?? "") }
}

/// One connection to the archive's database: SQLite (a file, with the juanzong tokenizer
/// registered) or PostgreSQL (a server, through libpq).
///
/// Statements are written once in the SQL both engines read (`SQLDialect` translates the few
/// SQLite spellings); results are read through the same `Statement` accessors on both. A
/// connection belongs to one thread at a time; the indexer writes through one connection,
/// readers open their own.
public final class Database {
    /// The SQLite connection; nil on PostgreSQL.
    let handle: OpaquePointer!
    /// The PostgreSQL connection; nil on SQLite.
    let postgres: PostgresConnection?
    /// The file (SQLite) or the connection URL (PostgreSQL).
    public let path: String
    public let dialect: SQLDialect
    /// PostgreSQL: the name each statement text was prepared under on this connection.
    private var preparedNames: [String: String] = [:]
    /// PostgreSQL: each statement text as translated (`SQLDialect`), kept for the connection's life.
    private var translations: [String: String] = [:]
    /// PostgreSQL: rows changed by the last INSERT, UPDATE or DELETE.
    fileprivate var postgresChanges = 0

    /// Opens (and creates when `readOnly` is false) the database at `path`, in WAL mode.
    public init(path: String, readOnly: Bool = false) throws {
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let status = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "无法打开"
            if let db { sqlite3_close_v2(db) }
            throw DatabaseError(code: status, message: "\(path):\(message)", sql: nil)
        }
        handle = db
        postgres = nil
        self.path = path
        dialect = .sqlite
        sqlite3_busy_timeout(db, 10_000)
        try SearchTokenizer.register(on: self)
        if !readOnly {
            // 16 KiB pages for every new database file (the archive, bench-ingest's baseline); no
            // effect on an existing one. A document row with its text (~1.7 KB) left a third of
            // each 4 KiB page empty: 487 → 428 MB per 100,000 documents.
            try execute("PRAGMA page_size=16384")
            try execute("PRAGMA journal_mode=WAL")
            try execute("PRAGMA synchronous=NORMAL")
            // 64 MiB of page cache for the writer: the FTS index pages stay hot during a large ingest.
            try execute("PRAGMA cache_size=-65536")
        } else {
            // Readers map the database instead of copying pages through read(2): a search over a
            // common term walks hundreds of MB of FTS5 doclists (1M documents: 1.2 s → see README).
            try execute("PRAGMA mmap_size=17179869184")
            try execute("PRAGMA cache_size=-65536")
        }
        try execute("PRAGMA foreign_keys=ON")
    }

    /// Connects to the PostgreSQL database at `url` (any libpq connection string). A reading
    /// connection refuses writes, as a read-only SQLite file does.
    public init(postgresURL url: String, readOnly: Bool = false) throws {
        let connection = try PostgresConnection(url: url)
        handle = nil
        postgres = connection
        path = url
        dialect = .postgresql
        self.readOnly = readOnly
        try configureSession()
    }

    /// PostgreSQL: the connection refuses writes (a reader's).
    private var readOnly = false
    /// PostgreSQL: settings made again on every new session (`setOnEverySession`).
    private var sessionSettings: [String] = []

    private func configureSession() throws {
        if readOnly { try postgres!.execute("SET default_transaction_read_only = on") }
        for setting in sessionSettings { try postgres!.execute(setting) }
    }

    /// PostgreSQL: runs `sql` (a `SET`) now and after every reconnection.
    public func setOnEverySession(_ sql: String) throws {
        guard let postgres else { return }
        try postgres.execute(sql)
        sessionSettings.append(sql)
    }

    /// PostgreSQL: after the server went away (stopped, or a failover), connects again, outside a
    /// transaction only: one that was open is lost with its connection and reported as failed.
    /// Returns whether it did.
    fileprivate func reconnectIfBroken() throws -> Bool {
        guard let postgres, postgres.isBroken else { return false }
        try postgres.reconnect()
        preparedNames.removeAll()
        try configureSession()
        return true
    }

    deinit {
        if let handle { sqlite3_close_v2(handle) }
    }

    /// Runs one or more statements without results (written for this database's engine).
    public func execute(_ sql: String) throws {
        if let postgres { return try postgres.execute(sql) }
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &error)
        if status != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "未知错误"
            sqlite3_free(error)
            throw DatabaseError(code: status, message: message, sql: sql)
        }
    }

    /// Prepares a statement; bind values with `Statement.bind`.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// The first row of `sql` (no parameters; every column an integer, NULL as nil), read ahead:
    /// on PostgreSQL it travels with the connection's next read of the search index, in one round
    /// trip with it (`PostgresConnection.ReadAhead`); on SQLite, where a statement costs no round
    /// trip, it is read at once.
    public func integersAhead(_ sql: String) throws -> IntegersAhead {
        if let postgres { return IntegersAhead(ahead: try postgres.readAhead(sql)) }
        let row = try prepare(sql).first { row in (0..<Int32(row.columnCount)).map { row.isNull($0) ? nil : row.int64($0) } }
        return IntegersAhead(read: row ?? [])
    }

    /// A row of integers asked for with `integersAhead`.
    public struct IntegersAhead {
        private let ahead: PostgresConnection.ReadAhead?
        private let read: [Int64?]

        fileprivate init(ahead: PostgresConnection.ReadAhead? = nil, read: [Int64?] = []) {
            self.ahead = ahead
            self.read = read
        }

        /// The row's values (empty when the statement gave no row).
        public func values() throws -> [Int64?] {
            guard let ahead else { return read }
            return try ahead.rows().first?.map { $0.map(Self.integer) } ?? []
        }

        /// A `smallint`, `integer` or `bigint` in PostgreSQL's binary format (big-endian, signed).
        private static func integer(_ bytes: [UInt8]) -> Int64 {
            let sign: Int64 = (bytes.first ?? 0) & 0x80 != 0 ? -1 : 0
            return bytes.reduce(sign) { $0 << 8 | Int64($1) }
        }
    }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT, rolling back when it throws; inside a
    /// transaction already, simply runs it (the outer transaction commits or rolls back).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        guard !isInTransaction else { return try body() }
        try begin(dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
        defer { inTransaction = false }
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if let postgres { postgres.rollback() } else { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Runs `body` inside one read transaction (BEGIN … COMMIT), so that everything it reads
    /// comes from one snapshot; inside a transaction already, simply runs it.
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        guard !isInTransaction else { return try body() }
        try begin(dialect == .sqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        defer {
            try? execute("COMMIT")
            inTransaction = false
        }
        return try body()
    }

    /// PostgreSQL: a transaction of `transaction` or `readTransaction` is open. Its statements are
    /// never run again on a new connection: what the lost one did is gone.
    fileprivate var inTransaction = false

    /// Starts a transaction; on PostgreSQL connects again first if the server went away (a
    /// closed connection shows only when it is next used: then BEGIN fails, and is tried again).
    private func begin(_ sql: String) throws {
        do {
            try execute(sql)
        } catch {
            guard postgres != nil, try reconnectIfBroken() else { throw error }
            try execute(sql)
        }
        inTransaction = postgres != nil
    }

    /// Whether the table `name` exists (an archive opened for reading may predate a schema step).
    public func hasTable(_ name: String) throws -> Bool {
        let sql =
            dialect == .sqlite
            ? "SELECT 1 FROM sqlite_master WHERE name = ?1" : "SELECT 1 WHERE to_regclass(CAST(?1 AS text)) IS NOT NULL"
        return try prepare(sql).first([name]) { $0.int(0) } != nil
    }

    /// Serializes, until the current transaction ends, the writers that read before they write
    /// under the same `key` (the audit chain's head, a subject's name). PostgreSQL: a
    /// transaction-scoped advisory lock, the server's own, released at commit or rollback. SQLite
    /// needs none: its one writer holds the database's write lock for the whole transaction.
    public func lockForTransaction(_ key: String) throws {
        guard dialect == .postgresql else { return }
        try prepare("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))) AS locked").send([key])
    }

    /// `lockForTransaction` for many keys at once, taken in one order every writer shares (by
    /// their hash), so that two writers locking overlapping sets never wait on each other in a circle.
    public func lockForTransaction(_ keys: some Collection<String>) throws {
        guard dialect == .postgresql, !keys.isEmpty else { return }
        let list = try SQLDialect.jsonArray(Set(keys))
        try prepare(
            """
            SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT DISTINCT hashtextextended(value, 0) AS h
            FROM json_array_elements_text(CAST(?1 AS json)) AS value ORDER BY h) AS keys
            """
        ).run([list])
    }

    /// `count` new ids for rows of `table` (its `id` column), ascending, so that a writer can send
    /// its inserts without waiting for each new row's id. PostgreSQL takes them from the column's
    /// identity sequence, so concurrent writers never share one (a rolled-back writer's ids are
    /// skipped, as PostgreSQL's own inserts skip them). SQLite continues after the largest id,
    /// which its one writer holds until it commits: the ids SQLite's own inserts would give.
    /// Call it inside a write transaction; `table` is one of the archive's own, never user input.
    public func reserveIDs(in table: String, count: Int) throws -> [Int64] {
        guard count > 0 else { return [] }
        guard dialect == .postgresql else {
            let largest = try prepare("SELECT COALESCE(MAX(id), 0) FROM \(table)").first { $0.int64(0) } ?? 0
            return Array(largest + 1...largest + Int64(count))
        }
        return try prepare(
            "SELECT nextval(pg_get_serial_sequence(CAST(?1 AS text), 'id')) AS id FROM generate_series(1, CAST(?2 AS integer)) ORDER BY id"
        ).rows([table, count]) { $0.int64(0) }
    }

    /// Whether `error` is a write that lost a race with another writer (PostgreSQL: a unique key
    /// another transaction inserted first, a serialization failure, a deadlock), after which the
    /// whole transaction may be run again and will see the other writer's rows.
    public static func lostRace(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        return error.isUniqueViolation || error.isRetryable
    }

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool {
        if let postgres { return postgres.isInTransaction }
        return sqlite3_get_autocommit(handle) == 0
    }

    /// The id of the row the last INSERT added (PostgreSQL: the last value any sequence gave
    /// this session, `lastval()`, which is the inserted row's `id`).
    public var lastInsertRowID: Int64 {
        get throws {
            guard dialect == .postgresql else { return sqlite3_last_insert_rowid(handle) }
            return try prepare("SELECT lastval()").first { $0.int64(0) } ?? 0
        }
    }
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { postgres == nil ? Int(sqlite3_changes(handle)) : postgresChanges }

    /// `sql` as this connection's engine reads it, translated once per text.
    fileprivate func translated(_ sql: String) -> String {
        if let known = translations[sql] { return known }
        let translation = dialect.translate(sql)
        translations[sql] = translation
        return translation
    }

    /// PostgreSQL: the name `sql` (translated) is prepared under on this connection, preparing it
    /// the first time. Statements are kept for the connection's life; distinct texts are few.
    ///
    /// The server infers each parameter's type from where it stands, but stops at a parameter
    /// first met in `$1 IS NULL` (the archive's optional filters: `$1 IS NULL OR column = $1`).
    /// Then the statement is first prepared with those tests read as true, which gives every
    /// other use of the parameters its type, and prepared again with the types found (text for a
    /// parameter used in no other place).
    fileprivate func preparedName(for sql: String, translated: String) throws -> String {
        if let name = preparedNames[sql] { return name }
        let name = "s\(preparedNames.count + 1)"
        // Inside a transaction, a statement that fails to prepare must not abort it.
        let guarded = isInTransaction
        if guarded { try execute("SAVEPOINT prepare_statement") }
        do {
            try postgres!.prepare(name: name, sql: translated)
            if guarded { try execute("RELEASE SAVEPOINT prepare_statement") }
        } catch let error as PostgresError where error.sqlState == "42P08" {
            if guarded { try execute("ROLLBACK TO SAVEPOINT prepare_statement; RELEASE SAVEPOINT prepare_statement") }
            let probe = translated.replacing(/\$([0-9]+) IS (NOT )?NULL/, with: "TRUE")
            try postgres!.prepare(name: name + "_probe", sql: probe)
            var types = try postgres!.parameterTypes(ofPrepared: name + "_probe")
            try postgres!.execute("DEALLOCATE \(name)_probe")
            let count = Self.parameterCount(in: translated)
            types = (0..<count).map { $0 < types.count && types[$0] != 0 ? types[$0] : 25 }
            try postgres!.prepare(name: name, sql: translated, types: types)
        }
        preparedNames[sql] = name
        return name
    }

    func error(_ status: Int32, sql: String?) -> DatabaseError {
        DatabaseError(code: status, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}

/// A value that can be bound to a statement parameter.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension Int: SQLBindable { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLBindable { public var sqlValue: SQLValue { .integer(self) } }
extension Double: SQLBindable { public var sqlValue: SQLValue { .real(self) } }
extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension Bool: SQLBindable { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension Data: SQLBindable { public var sqlValue: SQLValue { .blob(self) } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement. Reuse it with `reset()` in loops.
public final class Statement {
    /// The SQLite statement; nil on PostgreSQL.
    let handle: OpaquePointer!
    /// The PostgreSQL run's state; nil on SQLite.
    private let postgres: PostgresRun?
    /// Held strongly: a statement may outlive every other reference to its connection.
    let database: Database
    let sql: String

    init(database: Database, sql: String) throws {
        self.database = database
        self.sql = sql
        guard database.dialect == .sqlite else {
            handle = nil
            postgres = PostgresRun(translated: database.translated(sql))
            return
        }
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw database.error(status, sql: sql) }
        handle = statement
        postgres = nil
    }

    deinit {
        if let handle { sqlite3_finalize(handle) }
    }

    /// Binds `values` to parameters 1...n after resetting the statement.
    @discardableResult
    public func bind(_ values: [any SQLBindable]) throws -> Statement {
        if let postgres {
            postgres.bind(values)
            return self
        }
        sqlite3_reset(handle)
        // Parameters left unbound must not keep the previous run's values.
        if values.count < Int(sqlite3_bind_parameter_count(handle)) { sqlite3_clear_bindings(handle) }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value.sqlValue {
            case .null: status = sqlite3_bind_null(handle, index)
            case .integer(let v): status = sqlite3_bind_int64(handle, index, v)
            case .real(let v): status = sqlite3_bind_double(handle, index, v)
            case .text(var v):
                // The string's own UTF-8 with its length: no C-string copy, no strlen (a document's text is kilobytes).
                // (A null pointer would bind NULL, hence the literal for the empty string.)
                status =
                    v.isEmpty
                    ? sqlite3_bind_text(handle, index, "", 0, transient)
                    : v.withUTF8 { bytes in
                        bytes.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), transient) }
                    }
            case .blob(let v):
                status = v.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient) }
            }
            guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
        }
        return self
    }

    /// Ends the current run, releasing the statement's read of the database.
    func reset() {
        if let postgres { return postgres.reset() }
        sqlite3_reset(handle)
    }

    /// Advances to the next row; false when done.
    public func step() throws -> Bool {
        if let postgres {
            if postgres.result == nil {
                let result: PostgresResult
                do {
                    result = try postgres.run(on: database, sql: sql)
                } catch {
                    // A lost server is tried once more, on a new connection (outside a transaction).
                    guard !database.inTransaction, try database.reconnectIfBroken() else { throw error }
                    result = try postgres.run(on: database, sql: sql)
                }
                if let changed = result.changedRows { database.postgresChanges = changed }
                postgres.result = result
            }
            postgres.row += 1
            return postgres.row < postgres.result!.rowCount
        }
        let status = sqlite3_step(handle)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(status, sql: sql)
        }
    }

    /// Runs the statement to completion with `values` bound.
    public func run(_ values: [any SQLBindable] = []) throws {
        try bind(values)
        defer { reset() }
        while try step() {}
    }

    /// Runs the statement with `values` bound, for a statement whose result is not read, inside
    /// a transaction: on PostgreSQL it is sent without waiting for the server's answer
    /// (`PostgresConnection.send`), so that a writer's many such statements cost no round trip
    /// each; an error it meets is thrown by the connection's next statement or by the commit,
    /// and fails the transaction. Elsewhere (SQLite, no transaction open) it is `run`.
    public func send(_ values: [any SQLBindable] = []) throws {
        guard let postgres, database.isInTransaction else { return try run(values) }
        postgres.bind(values)
        let name = try database.preparedName(for: sql, translated: postgres.translated)
        try database.postgres!.send(name: name, sql: postgres.translated, postgres.parameters)
    }

    /// Runs an `INSERT … RETURNING id` with `values` bound; the new row's id.
    public func insertedID(_ values: [any SQLBindable]) throws -> Int64 {
        guard let id = try first(values, { $0.int64(0) }) else {
            throw DatabaseError(code: SQLITE_ERROR, message: "插入语句没有返回新行的 id", sql: sql)
        }
        return id
    }

    /// All rows, each mapped by `row`.
    public func rows<T>(_ values: [any SQLBindable] = [], _ row: (Statement) throws -> T) throws -> [T] {
        try bind(values)
        defer { reset() }
        var result: [T] = []
        while try step() { result.append(try row(self)) }
        return result
    }

    /// Calls `row` for every row without collecting them.
    public func each(_ values: [any SQLBindable] = [], _ row: (Statement) throws -> Void) throws {
        try bind(values)
        defer { reset() }
        while try step() { try row(self) }
    }

    /// The first row mapped by `row`, or nil. The statement is reset afterwards, so it holds no
    /// read transaction open (an open one would keep WAL checkpoints from completing).
    public func first<T>(_ values: [any SQLBindable] = [], _ row: (Statement) throws -> T) throws -> T? {
        try bind(values)
        defer { reset() }
        return try step() ? try row(self) : nil
    }

    /// Number of result columns.
    public var columnCount: Int {
        if let postgres { return Int(postgres.result?.columnCount ?? 0) }
        return Int(sqlite3_column_count(handle))
    }

    public func int(_ column: Int32) -> Int { Int(int64(column)) }
    public func int64(_ column: Int32) -> Int64 {
        if let postgres { return postgres.int64(column) }
        return sqlite3_column_int64(handle, column)
    }
    public func double(_ column: Int32) -> Double {
        if let postgres { return Double(postgres.text(column)) ?? 0 }
        return sqlite3_column_double(handle, column)
    }
    public func isNull(_ column: Int32) -> Bool {
        if let postgres { return postgres.isNull(column) }
        return sqlite3_column_type(handle, column) == SQLITE_NULL
    }
    public func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }
    public func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }
    /// A text column read by its length, so text holding NUL comes back exactly as it was stored.
    public func string(_ column: Int32) -> String {
        if let postgres { return postgres.text(column) }
        // sqlite3_column_text first, then sqlite3_column_bytes: the length is of the converted text.
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }
    public func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }
    /// Calls `body` with the bytes of a blob or text column, without copying them (PostgreSQL:
    /// a `bytea` is decoded first).
    public func withBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        if let postgres {
            guard postgres.result!.isBinary(column) else { return try postgres.result!.withBytes(postgres.row, column, body) }
            return try postgres.bytes(column).withUnsafeBufferPointer(body)
        }
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: bytes.assumingMemoryBound(to: UInt8.self), count: count))
    }

    public func data(_ column: Int32) -> Data {
        withBytes(column) { Data($0) }
    }
}

/// A statement's run on PostgreSQL: its translated text, the parameters bound (as text), and
/// the rows of the current run with the row being read.
private final class PostgresRun {
    let translated: String
    var parameters: [String?] = []
    var result: PostgresResult?
    var row: Int32 = -1

    init(translated: String) { self.translated = translated }

    /// Runs the statement with the parameters bound, preparing it on the connection first if needed.
    func run(on database: Database, sql: String) throws -> PostgresResult {
        let name = try database.preparedName(for: sql, translated: translated)
        return try database.postgres!.runPrepared(name: name, sql: translated, parameters)
    }

    func bind(_ values: [any SQLBindable]) {
        reset()
        parameters = values.map { value in
            switch value.sqlValue {
            case .null: return nil
            case .integer(let v): return String(v)
            case .real(let v): return v.description
            case .text(let v):
                // libpq passes text as C strings, and PostgreSQL's text holds no U+0000 (hostile
                // input may carry one): it is kept as ␀ (U+2400), never cut short.
                return v.utf8.contains(0) ? v.replacingOccurrences(of: "\u{0}", with: "\u{2400}") : v
            case .blob(let v): return "\\x" + v.map { String(format: "%02x", $0) }.joined()
            }
        }
    }

    func reset() {
        result = nil
        row = -1
    }

    func isNull(_ column: Int32) -> Bool { result!.isNull(row, column) }

    func text(_ column: Int32) -> String {
        result!.withBytes(row, column) { String(decoding: $0, as: UTF8.self) }
    }

    /// An integer column; a boolean reads as 1 or 0 (SQLite has no booleans), a numeric as its whole part.
    func int64(_ column: Int32) -> Int64 {
        let value = text(column)
        if let integer = Int64(value) { return integer }
        switch value {
        case "t": return 1
        case "f": return 0
        default: return Double(value).map { Int64($0) } ?? 0
        }
    }

    /// A `bytea` column's bytes, from PostgreSQL's hex output (`\x0a1b…`).
    func bytes(_ column: Int32) -> [UInt8] {
        result!.withBytes(row, column) { text in
            guard text.count >= 2 else { return [] }
            var bytes: [UInt8] = []
            bytes.reserveCapacity((text.count - 2) / 2)
            var index = 2
            while index + 1 < text.count {
                bytes.append(Self.nibble(text[index]) << 4 | Self.nibble(text[index + 1]))
                index += 2
            }
            return bytes
        }
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        digit <= UInt8(ascii: "9") ? digit - UInt8(ascii: "0") : (digit | 0x20) - UInt8(ascii: "a") + 10
    }
}

extension Database {
    /// The highest `$n` in a PostgreSQL statement.
    fileprivate static func parameterCount(in sql: String) -> Int {
        sql.matches(of: /\$([0-9]+)/).compactMap { Int($0.1) }.max() ?? 0
    }
}
