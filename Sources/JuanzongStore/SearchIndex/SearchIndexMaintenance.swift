import Foundation

/// Upkeep of the full-text index: FTS5 keeps each ingest batch as a segment and merges them
/// eight at a time, so a large archive is searched through a few dozen segments; merging them
/// into one makes every query walk one doclist per term. On PostgreSQL a token's posting list
/// has a row per batch that met it (its "segments"), joined into one row the same way.
public struct SearchIndexMaintenance {
    /// What an optimization found and left.
    public struct Report: Codable, Sendable {
        public var segmentsBefore: Int
        public var segmentsAfter: Int
        public var seconds: Double
    }

    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The number of segments the index is split into (PostgreSQL: the most rows of one token).
    public func segmentCount() throws -> Int {
        if database.dialect == .postgresql { return try PostgresSearchIndex(database: database).mostRowsOfAToken() }
        return try database.prepare("SELECT count(DISTINCT segid) FROM document_search_idx").first { $0.int(0) } ?? 0
    }

    /// Merges every segment into one (FTS5 'optimize'), in one transaction: readers keep the
    /// old segments until it commits, and an interrupted run leaves the index as it was. On
    /// PostgreSQL the upkeep after a bulk load follows: `VACUUM (ANALYZE)` reclaims the rows the
    /// merge replaced and refreshes the planner's statistics of every table.
    public func optimize() throws -> Report {
        let before = try segmentCount()
        let start = Date()
        if before > 1 { try database.transaction { try mergeSegments() } }
        if database.dialect == .postgresql { try database.execute("VACUUM (ANALYZE)") }
        return Report(segmentsBefore: before, segmentsAfter: try segmentCount(), seconds: Date().timeIntervalSince(start))
    }

    /// FTS5 'optimize' (PostgreSQL: each token's rows joined), inside the caller's transaction.
    func mergeSegments() throws {
        if database.dialect == .postgresql { return try PostgresSearchIndex(database: database).mergeRows() }
        try database.execute("INSERT INTO document_search(document_search) VALUES ('optimize')")
    }
}
