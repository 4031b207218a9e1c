import CSQLite
import Foundation

/// An error reported by SQLite, with its message and the statement that failed.
public struct DatabaseError: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let sql: String?
    public var description: String { "SQLite 错误 \(code):\(message)" + (sql.map { "(\($0))" } ?? "") }
}

/// One SQLite connection with the juanzong tokenizer registered.
///
/// A connection belongs to one thread at a time; the indexer writes through one connection,
/// readers open their own.
public final class Database {
    let handle: OpaquePointer
    public let path: String

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
        self.path = path
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

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements without results.
    public func execute(_ sql: String) throws {
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

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT, rolling back when it throws; inside a
    /// transaction already, simply runs it (the outer transaction commits or rolls back).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        guard sqlite3_get_autocommit(handle) != 0 else { return try body() }
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` inside one read transaction (BEGIN … COMMIT), so that everything it reads
    /// comes from one snapshot; inside a transaction already, simply runs it.
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        guard sqlite3_get_autocommit(handle) != 0 else { return try body() }
        try execute("BEGIN")
        defer { try? execute("COMMIT") }
        return try body()
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }

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
    let handle: OpaquePointer
    unowned let database: Database
    let sql: String

    init(database: Database, sql: String) throws {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw database.error(status, sql: sql) }
        handle = statement
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to parameters 1...n after resetting the statement.
    @discardableResult
    public func bind(_ values: [any SQLBindable]) throws -> Statement {
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
    func reset() { sqlite3_reset(handle) }

    /// Advances to the next row; false when done.
    public func step() throws -> Bool {
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
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// All rows, each mapped by `row`.
    public func rows<T>(_ values: [any SQLBindable] = [], _ row: (Statement) throws -> T) throws -> [T] {
        try bind(values)
        defer { sqlite3_reset(handle) }
        var result: [T] = []
        while try step() { result.append(try row(self)) }
        return result
    }

    /// Calls `row` for every row without collecting them.
    public func each(_ values: [any SQLBindable] = [], _ row: (Statement) throws -> Void) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() { try row(self) }
    }

    /// The first row mapped by `row`, or nil. The statement is reset afterwards, so it holds no
    /// read transaction open (an open one would keep WAL checkpoints from completing).
    public func first<T>(_ values: [any SQLBindable] = [], _ row: (Statement) throws -> T) throws -> T? {
        try bind(values)
        defer { sqlite3_reset(handle) }
        return try step() ? try row(self) : nil
    }

    /// Number of result columns.
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    public func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    public func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    public func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }
    public func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }
    /// A text column read by its length, so text holding NUL comes back exactly as it was stored.
    public func string(_ column: Int32) -> String {
        // sqlite3_column_text first, then sqlite3_column_bytes: the length is of the converted text.
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }
    public func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }
    /// Calls `body` with the bytes of a blob or text column, without copying them.
    public func withBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: bytes.assumingMemoryBound(to: UInt8.self), count: count))
    }

    public func data(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: bytes, count: count)
    }
}
