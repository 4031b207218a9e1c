import CLibPQ
import Foundation

/// An error reported by PostgreSQL or libpq: the server's message, its SQLSTATE code (`23505`
/// unique violation, `40001` serialization failure, `25006` read-only transaction) and the
/// statement that failed.
public struct PostgresError: Error, CustomStringConvertible {
    /// The five-character SQLSTATE, empty when libpq failed before the server answered.
    public let sqlState: String
    public let message: String
    public let sql: String?

    public init(sqlState: String, message: String, sql: String?) {
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
    }

    public var description: String {
        "PostgreSQL 错误" + (sqlState.isEmpty ? "" : " \(sqlState)") + ":\(message)" + (sql.map { "(\($0))" } ?? "")
    }

    /// The statement broke a unique constraint (another writer inserted the same key first).
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// The transaction lost a race with another one and may be run again.
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
}

/// One connection to a PostgreSQL server through libpq, Debian's `libpq5`.
///
/// libpq is the server project's own client: every connection URL and option PostgreSQL
/// documents (`postgresql://user@host:port/db?sslmode=…`, `PG*` variables, `.pgpass`) works
/// as in `psql`. Calls block, as the archive's SQLite calls do; a connection belongs to one
/// thread at a time.
public final class PostgresConnection {
    private let handle: OpaquePointer
    /// The connection URL as given, for messages (no password is ever part of one juanzong prints).
    public let url: String
    /// The name each statement text of `binaryQuery` is prepared under.
    private var binaryStatements: [String: String] = [:]
    /// Statements sent in pipeline mode (`send`) whose answers are not read yet.
    private var unanswered: [String] = []
    /// How many sent statements wait for their answers at most: the answers must fit the
    /// sockets' buffers, or the server, blocked writing them, stops reading statements.
    private static let unansweredLimit = 512

    /// Connects to `url` (any libpq connection string); a bad URL or a refused connection is an
    /// error in Chinese naming the address and libpq's reason.
    public init(url: String) throws {
        self.url = url
        guard let connection = PQconnectdb(url) else {
            throw PostgresError(sqlState: "", message: "无法连接 \(Self.withoutPassword(url)):内存不足", sql: nil)
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw PostgresError(sqlState: "", message: "无法连接 \(Self.withoutPassword(url)):\(reason)", sql: nil)
        }
        handle = connection
        // Text in and out is UTF-8 whatever the server's default.
        try execute("SET client_encoding = 'UTF8'")
    }

    deinit { PQfinish(handle) }

    /// Runs one or more statements without parameters, discarding any rows.
    public func execute(_ sql: String) throws {
        try settle()
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Runs one statement with `$1`, `$2`, … bound to `parameters` (sent as text; nil is NULL)
    /// and returns its rows, each a list of column values as text (nil for NULL).
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        try rows(of: sql, parameters, binary: false) { value, _ in String(cString: value) }
    }

    /// Runs one statement as `query` does, with its rows in PostgreSQL's binary format: each
    /// value as the server's bytes (a `bytea` as it is stored), nil for NULL. Each statement
    /// text is prepared on its first run and kept for the connection's life (the search index's
    /// few reads run for every search: no parse and plan each time).
    public func binaryQuery(_ sql: String, _ parameters: [String?] = []) throws -> [[[UInt8]?]] {
        try rows(of: sql, parameters, binary: true, Self.bytes)
    }

    /// Runs `sql` with text `parameters` and reads every value that is not NULL with `read`
    /// (its bytes and their length), in text or binary result format. A binary statement takes
    /// the statements read ahead (`readAhead`) with it, in one round trip.
    private func rows<Value>(
        of sql: String, _ parameters: [String?], binary: Bool, _ read: (UnsafePointer<CChar>, Int) -> Value
    ) throws -> [[Value?]] {
        try readAnswers()
        guard binary else {
            try answerReadsAhead()
            let result = Self.withCStrings(parameters) { PQexecParams(handle, sql, Int32(parameters.count), nil, $0, nil, nil, 0) }
            defer { PQclear(result) }
            return try Self.values(of: result, sql: sql, self, read)
        }
        let name = try preparedBinary(sql)
        func alone() throws -> [[Value?]] {
            let result = Self.withCStrings(parameters) { PQexecPrepared(handle, name, Int32(parameters.count), $0, nil, nil, 1) }
            defer { PQclear(result) }
            return try Self.values(of: result, sql: sql, self, read)
        }
        guard !readsAhead.isEmpty else { return try alone() }
        let sent = readsAhead
        readsAhead.removeAll()
        let results: [OpaquePointer?]
        do {
            results = try pipeline(sent.map { ($0.name, []) } + [(name, parameters)])
        } catch {
            readsAhead = sent
            throw error
        }
        defer { results.forEach { PQclear($0) } }
        for (ahead, result) in zip(sent, results) {
            // One the server skipped after an earlier one failed is asked again later.
            guard let result else {
                readsAhead.append(ahead)
                continue
            }
            ahead.answer = Result { try Self.values(of: result, sql: ahead.sql, self, Self.bytes) }
        }
        // A statement read ahead failed, and the server skipped this one: it runs alone.
        guard let result = results.last, let result else { return try alone() }
        return try Self.values(of: result, sql: sql, self, read)
    }

    /// The name `sql` is prepared under for `binaryQuery`, prepared on its first use.
    private func preparedBinary(_ sql: String) throws -> String {
        if let name = binaryStatements[sql] { return name }
        let name = "b\(binaryStatements.count + 1)"
        try prepare(name: name, sql: sql)
        binaryStatements[sql] = name
        return name
    }

    /// Runs `statements` (prepared names, text parameters, binary results) in pipeline mode with
    /// one sync: one round trip for all. Gives each statement's result (the caller clears them),
    /// nil for a statement the server skipped after an earlier one failed. A statement that could
    /// not be sent fails them all; the connection still leaves pipeline mode.
    private func pipeline(_ statements: [(name: String, parameters: [String?])]) throws -> [OpaquePointer?] {
        guard PQenterPipelineMode(handle) == 1 else { throw failure(sql: "pipeline") }
        var sendFailure: PostgresError?
        var sent = 0
        for statement in statements {
            let accepted = Self.withCStrings(statement.parameters) { values in
                PQsendQueryPrepared(handle, statement.name, Int32(statement.parameters.count), values, nil, nil, 1)
            }
            guard accepted == 1 else {
                sendFailure = failure(sql: statement.name)
                break
            }
            sent += 1
        }
        if PQpipelineSync(handle) != 1, sendFailure == nil { sendFailure = failure(sql: "pipeline") }
        // Each statement's results end with a null; the sync's own result comes last.
        var results: [OpaquePointer?] = []
        for _ in 0..<sent {
            var kept: OpaquePointer?
            while let result = PQgetResult(handle) {
                if kept == nil, PQresultStatus(result) != PGRES_PIPELINE_ABORTED { kept = result } else { PQclear(result) }
            }
            results.append(kept)
        }
        // Up to the sync, past any null (a broken connection gives nulls only: stop there).
        var nulls = 0
        while nulls < 2 {
            guard let result = PQgetResult(handle) else {
                nulls += 1
                continue
            }
            nulls = 0
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        if PQexitPipelineMode(handle) != 1, sendFailure == nil { sendFailure = failure(sql: "pipeline") }
        if let sendFailure {
            results.forEach { PQclear($0) }
            throw sendFailure
        }
        return results
    }

    /// The rows of a successful `result`, every value that is not NULL read with `read`.
    private static func values<Value>(
        of result: OpaquePointer?, sql: String, _ connection: PostgresConnection, _ read: (UnsafePointer<CChar>, Int) -> Value
    ) throws -> [[Value?]] {
        try connection.check(result, sql: sql)
        let rows = Int(PQntuples(result)), columns = Int(PQnfields(result))
        return (0..<rows).map { row in
            (0..<columns).map { column -> Value? in
                guard PQgetisnull(result, Int32(row), Int32(column)) == 0, let value = PQgetvalue(result, Int32(row), Int32(column)) else {
                    return nil
                }
                return read(value, Int(PQgetlength(result, Int32(row), Int32(column))))
            }
        }
    }

    /// A value's bytes, as `binaryQuery` gives them.
    private static func bytes(_ value: UnsafePointer<CChar>, _ length: Int) -> [UInt8] {
        value.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    /// A statement without parameters whose rows (in binary format, as `binaryQuery` gives them)
    /// are wanted a little later: it is sent with the connection's next `binaryQuery`, in the same
    /// round trip, or alone when its rows are asked for first or another call comes first. For
    /// reads outside a transaction (one that fails would fail the transaction); like the
    /// connection, for one thread at a time.
    ///
    /// A search checks that the catalog it holds is current this way: the check travels with
    /// the search's first read of the index instead of costing a round trip of its own.
    public final class ReadAhead {
        fileprivate let sql: String
        fileprivate let name: String
        fileprivate var answer: Result<[[[UInt8]?]], Error>?
        private weak var connection: PostgresConnection?

        fileprivate init(sql: String, name: String, connection: PostgresConnection) {
            self.sql = sql
            self.name = name
            self.connection = connection
        }

        /// The statement's rows, each value as the server's bytes (nil for NULL).
        public func rows() throws -> [[[UInt8]?]] {
            if answer == nil, let connection { try connection.answerReadsAhead() }
            guard let answer else { throw PostgresError(sqlState: "08003", message: "连接已关闭", sql: sql) }
            return try answer.get()
        }
    }

    /// Statements `readAhead` queued, not sent yet.
    private var readsAhead: [ReadAhead] = []

    /// Queues `sql` (no parameters) to be sent with the next `binaryQuery` (see `ReadAhead`).
    public func readAhead(_ sql: String) throws -> ReadAhead {
        let ahead = ReadAhead(sql: sql, name: try preparedBinary(sql), connection: self)
        readsAhead.append(ahead)
        return ahead
    }

    /// Runs the statements read ahead that are still queued, alone (no statement came to take them).
    private func answerReadsAhead() throws {
        guard !readsAhead.isEmpty else { return }
        try readAnswers()
        let queued = readsAhead
        readsAhead.removeAll()
        for ahead in queued {
            let result = PQexecPrepared(handle, ahead.name, 0, nil, nil, nil, 1)
            defer { PQclear(result) }
            ahead.answer = Result { try Self.values(of: result, sql: ahead.sql, self, Self.bytes) }
        }
    }

    /// Brings the connection to a state where a statement may be run and waited for: the answers
    /// to statements sent (`send`) read, the statements read ahead answered.
    private func settle() throws {
        try readAnswers()
        try answerReadsAhead()
    }

    /// Prepares `sql` under `name` on this connection, for `runPrepared`. Parameters `$1`, `$2`, …
    /// have the type OIDs `types` gives (0, or missing: the type the server infers).
    public func prepare(name: String, sql: String, types: [UInt32] = []) throws {
        // Statements read ahead stay queued: preparing runs none.
        try readAnswers()
        let result = types.withUnsafeBufferPointer { PQprepare(handle, name, sql, Int32(types.count), $0.baseAddress) }
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// The type OIDs of the parameters of the statement prepared as `name`, as the server inferred them.
    public func parameterTypes(ofPrepared name: String) throws -> [UInt32] {
        try readAnswers()
        let result = PQdescribePrepared(handle, name)
        defer { PQclear(result) }
        try check(result, sql: "DESCRIBE \(name)")
        return (0..<PQnparams(result)).map { PQparamtype(result, $0) }
    }

    /// Runs the statement prepared as `name` with text `parameters` (nil is NULL); its rows come
    /// back in text format, read in place from the result (`PostgresResult`).
    public func runPrepared(name: String, sql: String, _ parameters: [String?]) throws -> PostgresResult {
        try settle()
        let result = Self.withCStrings(parameters) { values in
            PQexecPrepared(handle, name, Int32(parameters.count), values, nil, nil, 0)
        }
        do {
            try check(result, sql: sql)
        } catch {
            PQclear(result)
            throw error
        }
        return PostgresResult(result!)
    }

    /// Sends the statement prepared as `name` without waiting for its answer (libpq's pipeline
    /// mode): statements whose results are not read cost no round trip each. Their answers are
    /// read by the connection's next call that waits (any other statement, a commit); the first
    /// error among them is thrown there, and the server has skipped the statements after it
    /// until then. Inside a transaction that error fails the transaction, as it would have
    /// failed at once.
    public func send(name: String, sql: String, _ parameters: [String?]) throws {
        if !readsAhead.isEmpty { try settle() }
        if unanswered.count >= Self.unansweredLimit { try readAnswers() }
        if unanswered.isEmpty, PQpipelineStatus(handle) == PQ_PIPELINE_OFF {
            guard PQenterPipelineMode(handle) == 1 else { throw failure(sql: sql) }
        }
        let sent = Self.withCStrings(parameters) { values in
            PQsendQueryPrepared(handle, name, Int32(parameters.count), values, nil, nil, 0)
        }
        guard sent == 1 else {
            let error = failure(sql: sql)
            try? readAnswers()
            throw error
        }
        unanswered.append(sql)
    }

    /// Reads the answers to the statements `send` sent and leaves pipeline mode; throws the
    /// first error among them.
    private func readAnswers() throws {
        guard PQpipelineStatus(handle) != PQ_PIPELINE_OFF else { return }
        let statements = unanswered
        unanswered.removeAll()
        var firstError: PostgresError?
        if PQpipelineSync(handle) != 1 { firstError = failure(sql: statements.first ?? "") }
        // Each statement's results end with a null; the sync's own result comes last.
        for sql in statements {
            while let result = PQgetResult(handle) {
                defer { PQclear(result) }
                let status = PQresultStatus(result)
                if firstError == nil, status != PGRES_PIPELINE_ABORTED {
                    do { try check(result, sql: sql) } catch let error as PostgresError { firstError = error }
                }
            }
        }
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        if PQexitPipelineMode(handle) != 1, firstError == nil { firstError = failure(sql: "pipeline") }
        if let firstError { throw firstError }
    }

    /// Calls `body` with `parameters` as C strings (nil for NULL) that live until it returns.
    private static func withCStrings<T>(_ parameters: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        let cStrings = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { cStrings.forEach { free($0) } }
        return cStrings.map { UnsafePointer($0) }.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// Whether the connection to the server was lost (the server stopped, failed over).
    public var isBroken: Bool { PQstatus(handle) == CONNECTION_BAD }

    /// Connects again with the same URL. With several hosts in it
    /// (`postgresql://primary,standby/db?target_session_attrs=read-write`), libpq tries each and
    /// keeps the one that takes writes: after a failover, the promoted standby. Statements
    /// prepared before are gone.
    public func reconnect() throws {
        unanswered.removeAll()
        for ahead in readsAhead { ahead.answer = .failure(PostgresError(sqlState: "08006", message: "连接已断开", sql: ahead.sql)) }
        readsAhead.removeAll()
        binaryStatements.removeAll()
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            let reason = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
            throw PostgresError(sqlState: "08006", message: "无法重新连接 \(Self.withoutPassword(url)):\(reason)", sql: nil)
        }
        try execute("SET client_encoding = 'UTF8'")
    }

    /// Whether a transaction is open on this connection (idle in one, or in a failed one).
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Loads `rows` into `table` (`columns` in order) with `COPY … FROM STDIN`, the bulk path:
    /// one statement, rows streamed in PostgreSQL's text format. A nil value is NULL.
    public func copy(into table: String, columns: [String], rows: some Sequence<[String?]>) throws {
        try copying("COPY \(table)(\(columns.joined(separator: ", "))) FROM STDIN") { send in
            var buffer = ""
            for row in rows {
                buffer += row.map { $0.map(Self.copyEscaped) ?? "\\N" }.joined(separator: "\t") + "\n"
                if buffer.utf8.count > 1 << 20 {
                    try send(Array(buffer.utf8))
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try send(Array(buffer.utf8))
        }
    }

    /// Loads `rows` into `table` (`columns` in order) with `COPY … FROM STDIN (FORMAT binary)`:
    /// values go as their bytes (a `bytea` as it is, integers as 8 or 4 bytes), with nothing to
    /// escape or spell in hex. Each value must be of its column's type (`.int32` for `integer`).
    public func copyBinary(into table: String, columns: [String], rows: some Sequence<[CopyValue]>) throws {
        try copying("COPY \(table)(\(columns.joined(separator: ", "))) FROM STDIN (FORMAT binary)") { send in
            // The signature, no flags, no header extension.
            var buffer: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
            func append<T: FixedWidthInteger>(_ value: T) {
                withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
            }
            for row in rows {
                append(Int16(row.count))
                for value in row {
                    switch value {
                    case .null: append(Int32(-1))
                    case .int64(let number):
                        append(Int32(8))
                        append(number)
                    case .int32(let number):
                        append(Int32(4))
                        append(number)
                    case .bytes(let bytes):
                        append(Int32(bytes.count))
                        buffer.append(contentsOf: bytes)
                    case .text(let text):
                        append(Int32(text.utf8.count))
                        buffer.append(contentsOf: text.utf8)
                    }
                }
                if buffer.count > 1 << 20 {
                    try send(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            append(Int16(-1))
            try send(buffer)
        }
    }

    /// Starts `sql` (a `COPY … FROM STDIN`), lets `body` send its data, and ends it; a COPY
    /// that `body` leaves with an error is cancelled, so the connection stays usable.
    private func copying(_ sql: String, _ body: (_ send: ([UInt8]) throws -> Void) throws -> Void) throws {
        try settle()
        let started = PQexec(handle, sql)
        let status = started.map(PQresultStatus)
        PQclear(started)
        guard status == PGRES_COPY_IN else { throw failure(sql: sql) }
        do {
            try body { bytes in
                guard !bytes.isEmpty else { return }
                let sent = bytes.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
                }
                guard sent == 1 else { throw failure(sql: sql) }
            }
        } catch {
            PQputCopyEnd(handle, "juanzong: COPY cancelled")
            while let result = PQgetResult(handle) { PQclear(result) }
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw failure(sql: sql) }
        // The COPY's own result, then the end of the command.
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            try check(result, sql: sql)
        }
    }

    /// A value of a row `copyBinary` loads.
    public enum CopyValue {
        case null
        /// A `bigint`.
        case int64(Int64)
        /// An `integer`.
        case int32(Int32)
        /// A `bytea`.
        case bytes([UInt8])
        /// A `text` (or a domain over it).
        case text(String)
    }

    /// A value in COPY's text format: backslash, tab and line breaks escaped.
    static func copyEscaped(_ value: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character and neither of its scalars alone.
        let special: Set<Unicode.Scalar> = ["\\", "\t", "\n", "\r"]
        guard value.unicodeScalars.contains(where: special.contains) else { return value }
        var escaped = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped.append(contentsOf: "\\\\".unicodeScalars)
            case "\t": escaped.append(contentsOf: "\\t".unicodeScalars)
            case "\n": escaped.append(contentsOf: "\\n".unicodeScalars)
            case "\r": escaped.append(contentsOf: "\\r".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// The connection's last error as a `PostgresError`.
    private func failure(sql: String, sqlState: String = "") -> PostgresError {
        PostgresError(sqlState: sqlState, message: String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines), sql: sql)
    }

    /// Runs `body` in one transaction (`BEGIN` … `COMMIT`), rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            rollback()
            throw error
        }
    }

    /// Rolls the open transaction back, after reading the answers of any statements sent
    /// (whose error, already reported or not, must not keep the ROLLBACK from running: the
    /// session would stay in a failed transaction).
    public func rollback() {
        try? settle()
        PQclear(PQexec(handle, "ROLLBACK"))
    }

    private func check(_ result: OpaquePointer?, sql: String) throws {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? ""
            // The result's own message: a pipeline's later commands clear the connection's.
            let message = result.map { String(cString: PQresultErrorMessage($0)).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            guard !message.isEmpty else { throw failure(sql: sql, sqlState: state) }
            throw PostgresError(sqlState: state, message: message, sql: sql)
        }
    }

    /// `url` with any password replaced by `***`, for messages.
    public static func withoutPassword(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}

/// The rows of one statement's run, in text format, owned until released.
public final class PostgresResult {
    private let handle: OpaquePointer
    public let rowCount: Int32
    public let columnCount: Int32

    init(_ handle: OpaquePointer) {
        self.handle = handle
        rowCount = PQntuples(handle)
        columnCount = PQnfields(handle)
    }

    deinit { PQclear(handle) }

    /// The rows an INSERT, UPDATE or DELETE changed; nil for any other statement.
    public var changedRows: Int? {
        let status = String(cString: PQcmdStatus(handle))
        guard status.hasPrefix("INSERT") || status.hasPrefix("UPDATE") || status.hasPrefix("DELETE") else { return nil }
        return Int(String(cString: PQcmdTuples(handle))) ?? 0
    }

    public func isNull(_ row: Int32, _ column: Int32) -> Bool { PQgetisnull(handle, row, column) != 0 }

    /// Calls `body` with the value's text bytes (empty for NULL), without copying them.
    public func withBytes<T>(_ row: Int32, _ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let length = Int(PQgetlength(handle, row, column))
        guard length > 0, let value = PQgetvalue(handle, row, column) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try value.withMemoryRebound(to: UInt8.self, capacity: length) { try body(UnsafeBufferPointer(start: $0, count: length)) }
    }

    /// Whether the column is a `bytea` (its text is `\x` and hex digits).
    public func isBinary(_ column: Int32) -> Bool { PQftype(handle, column) == 17 }
}
