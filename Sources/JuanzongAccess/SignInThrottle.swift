import Foundation

/// Slows down password guessing: after a few failed sign-ins for one account, or many from one
/// client address, further attempts are refused without checking the password until a delay has
/// passed, and the delay doubles with every failure after that, up to `maximumDelay`.
///
/// A refused attempt does not count as a failure, so a user locked out by someone guessing gets
/// in again after the delay. A successful sign-in clears its account's failures (not the
/// address's: one valid account must not reset a guesser's address). Failures are forgotten
/// after `forgetAfter` without a new one. State is in memory, per server process.
public final class SignInThrottle: @unchecked Sendable {
    /// How many failures are free and how the delay grows.
    public struct Policy: Sendable {
        /// Failures for one account before attempts are delayed.
        public var freeFailuresPerAccount = 5
        /// Failures from one client address (any accounts) before attempts are delayed; nil: no
        /// limit per address (every user comes through one proxy or NAT address).
        public var freeFailuresPerAddress: Int? = 20
        /// The delay after the first failure past the free ones; doubled for each further failure.
        public var firstDelay: TimeInterval = 2
        public var maximumDelay: TimeInterval = 15 * 60
        public var forgetAfter: TimeInterval = 3600
        /// Entries kept at most (a guesser rotating names cannot grow memory without bound).
        public var maximumEntries = 100_000

        public init() {}
    }

    /// What to tell a client that must wait.
    public struct Refusal: Error, Sendable, Equatable {
        /// Whole seconds until the next attempt is accepted (at least 1).
        public var retryAfter: Int

        public init(retryAfter: Int) { self.retryAfter = retryAfter }
    }

    private struct Record {
        var failures: Int
        var lastFailure: Date
        var blockedUntil: Date
    }

    public let policy: Policy
    private var records: [String: Record] = [:]
    private let lock = NSLock()

    public init(policy: Policy = Policy()) { self.policy = policy }

    /// Throws `Refusal` when the account or the address must wait before trying again.
    public func check(username: String, address: String?, now: Date = Date()) throws {
        let wait = lock.withLock {
            limits(username: username, address: address).compactMap { records[$0.key] }
                .filter { now.timeIntervalSince($0.lastFailure) < policy.forgetAfter }
                .map { $0.blockedUntil.timeIntervalSince(now) }.max() ?? 0
        }
        if wait > 0 { throw Refusal(retryAfter: max(1, Int(wait.rounded(.up)))) }
    }

    /// Records a failed attempt; returns the seconds the account or address must now wait (0 if none).
    @discardableResult
    public func recordFailure(username: String, address: String?, now: Date = Date()) -> Int {
        lock.withLock {
            if records.count >= policy.maximumEntries { forgetOldest(now: now) }
            var wait: TimeInterval = 0
            for (key, free) in limits(username: username, address: address) {
                var record =
                    records[key].flatMap { now.timeIntervalSince($0.lastFailure) < policy.forgetAfter ? $0 : nil }
                    ?? Record(failures: 0, lastFailure: now, blockedUntil: now)
                record.failures += 1
                record.lastFailure = now
                if record.failures > free {
                    let delay = min(policy.maximumDelay, policy.firstDelay * pow(2, Double(min(record.failures - free - 1, 30))))
                    record.blockedUntil = now.addingTimeInterval(delay)
                    wait = max(wait, delay)
                }
                records[key] = record
            }
            return wait > 0 ? max(1, Int(wait.rounded(.up))) : 0
        }
    }

    /// Clears the account's failures after a successful sign-in.
    public func recordSuccess(username: String) {
        lock.withLock { _ = records.removeValue(forKey: Self.accountKey(username)) }
    }

    /// The failures currently counted for an account (for tests and the admin's view).
    public func failures(username: String, now: Date = Date()) -> Int {
        lock.withLock {
            records[Self.accountKey(username)].flatMap { now.timeIntervalSince($0.lastFailure) < policy.forgetAfter ? $0.failures : nil } ?? 0
        }
    }

    /// The records an attempt counts against, each with its free failures.
    private func limits(username: String, address: String?) -> [(key: String, free: Int)] {
        var limits = [(key: Self.accountKey(username), free: policy.freeFailuresPerAccount)]
        if let address, let free = policy.freeFailuresPerAddress { limits.append((key: "address:" + address, free: free)) }
        return limits
    }

    /// Usernames compare case-insensitively and are cut to the longest valid name, so variants of
    /// one name share a record.
    private static func accountKey(_ username: String) -> String { "account:" + username.lowercased().prefix(64) }

    /// Drops forgotten entries, then the oldest half if that is not enough. Called with the lock held.
    private func forgetOldest(now: Date) {
        records = records.filter { now.timeIntervalSince($0.value.lastFailure) < policy.forgetAfter }
        guard records.count >= policy.maximumEntries else { return }
        let keep = records.sorted { $0.value.lastFailure > $1.value.lastFailure }.prefix(policy.maximumEntries / 2)
        records = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }
}
