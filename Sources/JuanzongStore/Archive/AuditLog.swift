import Foundation
import JuanzongCore

/// The archive's append-only, hash-chained audit log (table `audit_log`).
public struct AuditLog {
    /// One action to record.
    public struct Entry: Sendable, Equatable {
        public var actor: String
        public var action: String
        public var target: String
        public var detail: String

        public init(actor: String = AuditLog.currentActor, action: String, target: String, detail: String = "") {
            self.actor = actor
            self.action = action
            self.target = target
            self.detail = detail
        }
    }

    /// A stored entry.
    public struct Row: Codable, Sendable, Equatable {
        public var id: Int64
        public var at: String
        public var actor: String
        public var action: String
        public var target: String
        public var detail: String
        public var entryHash: String
    }

    /// What `verify` found: the entries checked and each break of the chain.
    public struct Verification: Codable, Sendable {
        public struct Problem: Codable, Sendable, Equatable {
            public var id: Int64
            public var message: String
        }
        public var entries: Int
        public var lastHash: String?
        public var problems: [Problem]
        public var intact: Bool { problems.isEmpty }
    }

    public let database: Database
    static let genesisHash = String(repeating: "0", count: 64)

    public init(database: Database) { self.database = database }

    /// The acting user: `$JUANZONG_ACTOR`, else the login name.
    public static var currentActor: String {
        let environment = ProcessInfo.processInfo.environment
        return environment["JUANZONG_ACTOR"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "uid \(getuid())"
    }

    /// Appends one entry chained to the last; returns its hash.
    @discardableResult
    public func append(actor: String = AuditLog.currentActor, action: String, target: String, detail: String) throws -> String {
        try append([Entry(actor: actor, action: action, target: target, detail: detail)])
    }

    /// Appends entries in order, in one transaction, each chained to the one before; returns the last hash.
    ///
    /// PostgreSQL's text cannot hold U+0000, which hostile input may carry (a user name with
    /// `%00`): the store keeps it as ␀ (U+2400), and the log hashes it so, so the chain holds.
    @discardableResult
    public func append(_ entries: [Entry]) throws -> String {
        let entries = database.dialect == .postgresql ? entries.map(\.withNULShown) : entries
        return try database.transaction {
            // One chain: concurrent appenders (PostgreSQL) take turns at its head.
            try database.lockForTransaction("audit_log")
            // Each entry numbered after the last: ids run without gaps, which `verify` checks (a
            // sequence would skip values a rolled-back or failed-over transaction had taken).
            var (lastID, previous) =
                try database.prepare("SELECT id, entry_hash FROM audit_log ORDER BY id DESC LIMIT 1").first { ($0.int64(0), $0.string(1)) }
                ?? (0, Self.genesisHash)
            let at = ISO8601DateFormatter().string(from: Date())
            let insert = try database.prepare(
                """
                INSERT INTO audit_log(id, at, actor, action, target, detail, previous_hash, entry_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                """)
            for entry in entries {
                let hash = Self.entryHash(
                    previous: previous, at: at, actor: entry.actor, action: entry.action,
                    target: entry.target, detail: entry.detail)
                lastID += 1
                try insert.run([lastID, at, entry.actor, entry.action, entry.target, entry.detail, previous, hash])
                previous = hash
            }
            return previous
        }
    }

    /// SHA-256 over the previous hash and the fields, each on its own line.
    public static func entryHash(previous: String, at: String, actor: String, action: String, target: String, detail: String) -> String {
        MessageDigest.hex(.sha256, of: Data([previous, at, actor, action, target, detail].joined(separator: "\n").utf8))
    }

    /// Recomputes the chain from the first entry: an edited entry no longer matches its hash, a
    /// deleted or inserted one breaks the link to its neighbour, and ids must follow each other.
    public func verify() throws -> Verification {
        var previous = Self.genesisHash
        var previousID: Int64 = 0
        var problems: [Verification.Problem] = []
        var count = 0
        try database.prepare("SELECT id, at, actor, action, target, detail, previous_hash, entry_hash FROM audit_log ORDER BY id").each { row in
            count += 1
            let id = row.int64(0)
            if id != previousID + 1 {
                problems.append(.init(id: id, message: "第 \(previousID + 1)–\(id - 1) 条缺失(编号不连续)"))
            }
            if row.string(6) != previous {
                problems.append(.init(id: id, message: "第 \(id) 条记录的前一条哈希与链不符:前面的记录被删除、插入或修改"))
            }
            let recomputed = Self.entryHash(
                previous: row.string(6), at: row.string(1), actor: row.string(2), action: row.string(3),
                target: row.string(4), detail: row.string(5))
            if recomputed != row.string(7) {
                problems.append(.init(id: id, message: "第 \(id) 条记录的内容与其哈希不符:记录被修改"))
            }
            previous = row.string(7)
            previousID = id
        }
        return Verification(entries: count, lastHash: count > 0 ? previous : nil, problems: problems)
    }

    /// Entries newest first, optionally only those whose actor, action, target or detail contains `text`,
    /// by `actor` exactly, or dated within `from`…`through` (ISO dates, inclusive).
    public func search(
        text: String? = nil, actor: String? = nil, from: String? = nil, through: String? = nil,
        limit: Int = 100, offset: Int = 0
    ) throws -> (total: Int, rows: [Row]) {
        var conditions: [String] = []
        var values: [any SQLBindable] = []
        if let text, !text.isEmpty {
            values.append(text)
            let index = values.count
            conditions.append("(instr(actor, ?\(index)) OR instr(action, ?\(index)) OR instr(target, ?\(index)) OR instr(detail, ?\(index)))")
        }
        if let actor, !actor.isEmpty {
            values.append(actor)
            conditions.append("actor = ?\(values.count)")
        }
        if let from, !from.isEmpty {
            values.append(from)
            conditions.append("at >= ?\(values.count)")
        }
        if let through, !through.isEmpty {
            values.append(through + "T99")
            conditions.append("at < ?\(values.count)")
        }
        let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = try database.prepare("SELECT count(*) FROM audit_log \(clause)").first(values) { $0.int(0) } ?? 0
        let rows = try database.prepare(
            """
            SELECT id, at, actor, action, target, detail, entry_hash FROM audit_log \(clause) ORDER BY id DESC LIMIT \(max(0, limit)) OFFSET \(max(0, offset))
            """
        ).rows(values) { row in
            Row(
                id: row.int64(0), at: row.string(1), actor: row.string(2), action: row.string(3), target: row.string(4),
                detail: row.string(5), entryHash: row.string(6))
        }
        return (total, rows)
    }
}

extension AuditLog.Entry {
    /// The entry with every U+0000 replaced by ␀ (U+2400).
    var withNULShown: Self {
        let shown = { (text: String) in text.replacingOccurrences(of: "\u{0}", with: "\u{2400}") }
        return Self(actor: shown(actor), action: shown(action), target: shown(target), detail: shown(detail))
    }
}
