import Foundation
import JuanzongCore
import JuanzongStore

/// A web account.
public struct Account: Codable, Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var role: Role
    /// The agency whose cases a 机关用户 may read; nil for the other roles.
    public var agency: String?
    public var disabled: Bool
    public var createdAt: String
}

/// Accounts in the archive's `users` table: add, change password, disable, authenticate.
public struct AccountStore {
    public let database: Database
    let hasher: PasswordHasher
    public static let minimumPasswordLength = 10

    public init(database: Database, hasher: PasswordHasher = PasswordHasher()) {
        self.database = database
        self.hasher = hasher
    }

    static let columns = "id, username, display_name, role, agency, disabled, created_at"

    static func account(_ row: Statement) -> Account {
        Account(
            id: row.int64(0), username: row.string(1), displayName: row.string(2), role: Role(rawValue: row.string(3)) ?? .agency,
            agency: row.optionalString(4), disabled: row.int(5) != 0, createdAt: row.string(6))
    }

    @discardableResult
    /// Adds an account. A 机关用户's agency must be one the archive already holds cases of, under
    /// any of the names texts give it (`AgencyName.key`), unless `allowNewAgency` (accounts made
    /// before the first ingest).
    public func add(
        username: String, displayName: String?, role: Role, agency: String?, password: String,
        allowNewAgency: Bool = false
    ) throws -> Account {
        guard username.range(of: "^[A-Za-z0-9._-]{3,32}$", options: .regularExpression) != nil else {
            throw AccessError.invalidUsername(username)
        }
        guard password.count >= Self.minimumPasswordLength else { throw AccessError.weakPassword }
        let agency = agency?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if role == .agency && agency == nil { throw AccessError.agencyRequired }
        for value in [displayName, agency].compactMap({ $0 }) where value.containsAnyControlCharacter {
            throw AccessError.controlCharacter(value.debugDescription)
        }
        if role == .agency, let agency, !allowNewAgency {
            let known = try knownAgencies()
            let key = AgencyName.key(agency)
            guard known.contains(where: { AgencyName.key($0) == key }) else { throw AccessError.unknownAgency(agency, known: known) }
        }
        if try account(named: username) != nil { throw AccessError.duplicateUsername(username) }
        let now = ISO8601DateFormatter().string(from: Date())
        let hash = try hasher.hash(password)
        try database.transaction {
            try database.prepare(
                """
                INSERT INTO users(username, display_name, role, agency, password_hash, created_at, password_changed_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                """
            ).run([username, displayName?.nilIfEmpty ?? username, role.rawValue, role == .agency ? agency : nil, hash, now])
        }
        return try account(named: username)!
    }

    /// Sets a new password and ends the account's sessions.
    public func setPassword(username: String, password: String) throws {
        guard password.count >= Self.minimumPasswordLength else { throw AccessError.weakPassword }
        guard let account = try account(named: username) else { throw AccessError.unknownUser(username) }
        let hash = try hasher.hash(password)
        try database.transaction {
            try database.prepare("UPDATE users SET password_hash = ?1, password_changed_at = ?2 WHERE id = ?3")
                .run([hash, ISO8601DateFormatter().string(from: Date()), account.id])
            try database.prepare("DELETE FROM sessions WHERE user_id = ?1").run([account.id])
        }
    }

    /// Disables (or enables again) an account; disabling ends its sessions.
    public func setDisabled(username: String, _ disabled: Bool) throws {
        guard let account = try account(named: username) else { throw AccessError.unknownUser(username) }
        try database.transaction {
            try database.prepare("UPDATE users SET disabled = ?1 WHERE id = ?2").run([disabled, account.id])
            if disabled { try database.prepare("DELETE FROM sessions WHERE user_id = ?1").run([account.id]) }
        }
    }

    public func account(named username: String) throws -> Account? {
        try database.prepare("SELECT \(Self.columns) FROM users WHERE username = ?1").first([username], Self.account)
    }

    /// The agencies the archive holds cases of, in name order.
    public func knownAgencies() throws -> [String] {
        try database.prepare("SELECT DISTINCT agency FROM cases WHERE agency IS NOT NULL ORDER BY agency").rows { $0.string(0) }
    }

    public func all() throws -> [Account] {
        try database.prepare("SELECT \(Self.columns) FROM users ORDER BY username").rows([], Self.account)
    }

    /// The enabled account with this username and password; `badCredentials` otherwise (the
    /// password is hashed even for an unknown name, so timing does not tell which was wrong).
    public func authenticate(username: String, password: String) throws -> Account {
        try storedCredentials(username: username).check(password, hasher: hasher)
    }

    /// What checking a password needs, read in one quick step; the slow check
    /// (`StoredCredentials.check`) can then run on threads of its own.
    public func storedCredentials(username: String) throws -> StoredCredentials {
        let stored = try database.prepare("SELECT password_hash, disabled FROM users WHERE username = ?1")
            .first([username]) { (hash: $0.string(0), disabled: $0.int(1) != 0) }
        let enabled = stored.map { !$0.disabled } ?? false
        let account: Account? = enabled ? try self.account(named: username) : nil
        return StoredCredentials(account: account, passwordHash: stored?.hash ?? Self.decoyHash)
    }

    /// A well-formed hash no password matches, verified for unknown usernames.
    static let decoyHash = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
}

/// An account's stored password hash, or a decoy for an unknown or disabled name.
public struct StoredCredentials: Sendable {
    /// The enabled account, nil when the name is unknown or disabled.
    let account: Account?
    let passwordHash: String

    /// The account when `password` matches; `badCredentials` otherwise. The hash is verified in
    /// every case (scrypt, about 0.1 s), so an unknown name takes as long as a wrong password.
    public func check(_ password: String, hasher: PasswordHasher = PasswordHasher()) throws -> Account {
        let matches = hasher.verify(password, against: passwordHash)
        guard matches, let account else { throw AccessError.badCredentials }
        return account
    }
}
