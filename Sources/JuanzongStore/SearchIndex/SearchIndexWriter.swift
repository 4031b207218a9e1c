/// Adds documents' rows to the archive's search index: FTS5's table on SQLite, the posting
/// lists of `PostgresSearchIndex` on PostgreSQL. The ingest writer hands it each batch's rows
/// at the end of the batch's transaction.
public struct SearchIndexWriter {
    private let insert: Statement?
    private let postings: PostgresSearchIndex?

    public init(database: Database) throws {
        switch database.dialect {
        case .sqlite:
            insert = try database.prepare(SearchIndexRow.insertSQL)
            postings = nil
        case .postgresql:
            insert = nil
            postings = PostgresSearchIndex(database: database)
        }
    }

    /// Indexes `rows`, in ascending document id, in the caller's transaction.
    public func write(_ rows: [SearchIndexRow]) throws {
        if let postings { return try postings.write(rows) }
        for row in rows { try insert!.run(row.values) }
    }
}
