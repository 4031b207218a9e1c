import Foundation
import JuanzongCore

/// The archive's append-only, hash-chained audit log (table `audit_log`).
public struct AuditLog {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// The acting user: `$JUANZONG_ACTOR`, else the login name.
    public static var currentActor: String {
        let environment = ProcessInfo.processInfo.environment
        return environment["JUANZONG_ACTOR"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "uid \(getuid())"
    }

    /// Appends one entry chained to the last; returns its hash.
    @discardableResult
    public func append(actor: String = AuditLog.currentActor, action: String, target: String, detail: String) throws -> String {
        try database.transaction {
            let previous = try database.prepare("SELECT entry_hash FROM audit_log ORDER BY id DESC LIMIT 1").first { $0.string(0) }
                ?? String(repeating: "0", count: 64)
            let at = ISO8601DateFormatter().string(from: Date())
            let hash = Self.entryHash(previous: previous, at: at, actor: actor, action: action, target: target, detail: detail)
            try database.prepare("""
                INSERT INTO audit_log(at, actor, action, target, detail, previous_hash, entry_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """).run([at, actor, action, target, detail, previous, hash])
            return hash
        }
    }

    /// SHA-256 over the previous hash and the fields, each on its own line.
    public static func entryHash(previous: String, at: String, actor: String, action: String, target: String, detail: String) -> String {
        MessageDigest.hex(.sha256, of: Data([previous, at, actor, action, target, detail].joined(separator: "\n").utf8))
    }
}
