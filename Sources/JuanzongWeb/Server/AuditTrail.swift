import Dispatch
import Foundation
import JuanzongStore

/// Writes the web server's audit entries (searches, views, downloads, exports) to the archive's
/// hash-chained audit log, many at a time.
///
/// A search does not wait for its entry to be committed: entries queue in memory in arrival
/// order and the writer commits all that are waiting in one transaction (group commit), so 20
/// clients searching at once cost one small transaction per batch, not one each, and a running
/// ingest holding the write lock delays the entries, never the answers. Downloads and exports
/// wait (`recordAndWait`) until their entry is committed before any byte is sent.
final class AuditTrail: @unchecked Sendable {
    weak var services: ArchiveServices?
    private var pending: [AuditLog.Entry] = []
    private var flushScheduled = false
    private let lock = NSLock()

    /// Queues an entry; it is committed shortly after.
    func record(_ entry: AuditLog.Entry) {
        lock.lock()
        pending.append(entry)
        let schedule = !flushScheduled
        flushScheduled = true
        lock.unlock()
        if schedule { services?.writeLater { [weak self] database in self?.flush(database) } }
    }

    /// Queues an entry and returns once it (and every entry before it) is committed.
    func recordAndWait(_ entry: AuditLog.Entry) async throws {
        lock.withLock { pending.append(entry) }
        guard let services else { return }
        try await services.write { [weak self] database in try self?.flushOrThrow(database) }
    }

    private func takePending() -> [AuditLog.Entry] {
        lock.lock()
        defer { lock.unlock() }
        let entries = pending
        pending.removeAll()
        flushScheduled = false
        return entries
    }

    private func putBack(_ entries: [AuditLog.Entry]) {
        lock.lock()
        pending.insert(contentsOf: entries, at: 0)
        lock.unlock()
    }

    private func flushOrThrow(_ database: Database) throws {
        let entries = takePending()
        guard !entries.isEmpty else { return }
        do {
            try AuditLog(database: database).append(entries)
        } catch {
            putBack(entries)
            throw error
        }
    }

    /// Commits what is waiting; on failure (the archive busy for longer than the busy timeout)
    /// keeps the entries and tries again a second later.
    private func flush(_ database: Database) {
        do {
            try flushOrThrow(database)
        } catch {
            lock.lock()
            flushScheduled = true
            lock.unlock()
            DispatchQueue.global().asyncAfter(deadline: .now() + 1) { [weak self] in
                guard let self else { return }
                self.services?.writeLater { [weak self] database in self?.flush(database) }
            }
        }
    }
}
