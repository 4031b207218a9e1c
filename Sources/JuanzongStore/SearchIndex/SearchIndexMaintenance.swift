import Foundation

/// Upkeep of the full-text index: FTS5 keeps each ingest batch as a segment and merges them
/// eight at a time, so a large archive is searched through a few dozen segments; merging them
/// into one makes every query walk one doclist per term.
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

    /// The number of segments the index is split into.
    public func segmentCount() throws -> Int {
        try database.prepare("SELECT count(DISTINCT segid) FROM document_search_idx").first { $0.int(0) } ?? 0
    }

    /// Merges every segment into one (FTS5 'optimize'), in one transaction: readers keep the
    /// old segments until it commits, and an interrupted run leaves the index as it was.
    public func optimize() throws -> Report {
        let before = try segmentCount()
        let start = Date()
        if before > 1 { try database.transaction { try mergeSegments() } }
        return Report(segmentsBefore: before, segmentsAfter: try segmentCount(), seconds: Date().timeIntervalSince(start))
    }

    /// FTS5 'optimize', inside the caller's transaction.
    func mergeSegments() throws {
        try database.execute("INSERT INTO document_search(document_search) VALUES ('optimize')")
    }
}
