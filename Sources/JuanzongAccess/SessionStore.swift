import Foundation
import JuanzongCore
import JuanzongStore

/// A signed-in session: the account and the token forms must echo back (CSRF).
public struct Session: Sendable, Equatable {
    public var account: Account
    public var csrfToken: String
    public var expiresAt: Date
}

/// Sessions in the archive's `sessions` table, keyed by the SHA-256 of a random bearer token.
public struct SessionStore {
    public let database: Database
    /// How long a session lasts after sign-in.
    public static let lifetime: TimeInterval = 12 * 3600

    public init(database: Database) { self.database = database }

    /// Starts a session for `account`; returns the token to hand to the client (cookie or bearer).
    public func start(for account: Account, now: Date = Date()) throws -> (token: String, session: Session) {
        let token = try SecureRandom.token()
        let csrf = try SecureRandom.token()
        let formatter = ISO8601DateFormatter()
        let expires = now.addingTimeInterval(Self.lifetime)
        try database.transaction {
            try database.prepare("DELETE FROM sessions WHERE expires_at < ?1").run([formatter.string(from: now)])
            try database.prepare("INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)")
                .run([Self.tokenHash(token), account.id, csrf, formatter.string(from: now), formatter.string(from: expires)])
        }
        return (token, Session(account: account, csrfToken: csrf, expiresAt: expires))
    }

    /// The live session of `token` whose account is enabled, if any.
    public func session(token: String, now: Date = Date()) throws -> Session? {
        let formatter = ISO8601DateFormatter()
        return try database.prepare(
            """
            SELECT u.id, u.username, u.display_name, u.role, u.agency, u.disabled, u.created_at, s.csrf_token, s.expires_at
            FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0
            """
        ).first([Self.tokenHash(token), formatter.string(from: now)]) { row in
            Session(
                account: AccountStore.account(row), csrfToken: row.string(7),
                expiresAt: formatter.date(from: row.string(8)) ?? now)
        }
    }

    public func end(token: String) throws {
        try database.prepare("DELETE FROM sessions WHERE token_hash = ?1").run([Self.tokenHash(token)])
    }

    static func tokenHash(_ token: String) -> String { MessageDigest.hex(.sha256, of: Data(token.utf8)) }
}
