import Foundation
import JuanzongStore

/// What the archive recorded of each input file it archived (size and modification time), which
/// the walker asks of every file it meets to skip unchanged ones.
///
/// SQLite answers each path by an indexed lookup in its own file. On PostgreSQL a query per file
/// is a round trip per file (half of an ingest's time was spent so), so the records under the
/// run's inputs are read once, by key range, when the walk starts.
struct ArchivedSources {
    private let lookup: Statement?
    private let known: [String: (size: Int64, modified: Double)]

    init(database: Database, inputs: [String]) throws {
        let statement = try database.prepare("SELECT size, mtime FROM ingested_sources WHERE source_path = ?1")
        guard database.dialect == .postgresql else {
            lookup = statement
            known = [:]
            return
        }
        lookup = nil
        let range = try database.prepare(
            "SELECT source_path, size, mtime FROM ingested_sources WHERE source_path >= ?1 AND source_path < ?2")
        var known: [String: (Int64, Double)] = [:]
        for input in Set(inputs.map { URL(fileURLWithPath: $0).standardizedFileURL.path }) {
            // Every path starting with the input: it sorts before the input followed by the last code point.
            try range.each([input, input + "\u{10FFFF}"]) { known[$0.string(0)] = ($0.int64(1), $0.double(2)) }
        }
        self.known = known
    }

    /// The size and modification time recorded for `path`, or nil when it was never archived.
    func stamp(of path: String) -> (size: Int64, modified: Double)? {
        guard let lookup else { return known[path] }
        return try? lookup.first([path]) { ($0.int64(0), $0.double(1)) }
    }
}
