import JuanzongStore

/// Ids reserved for the rows one table gains in a batch (`Database.reserveIDs`), handed out in
/// order: the writer sends each insert with its id instead of waiting for the server to return one.
struct ReservedIDs {
    let table: String
    private var ids: ArraySlice<Int64> = []

    init(table: String) { self.table = table }

    /// Reserves `count` ids, forgetting any the last batch left.
    mutating func reserve(_ count: Int, in database: Database) throws {
        ids = try database.reserveIDs(in: table, count: count)[...]
    }

    /// The next reserved id; one more is reserved when the batch needs more than it foresaw.
    mutating func take(from database: Database) throws -> Int64 {
        if ids.isEmpty { try reserve(1, in: database) }
        return ids.removeFirst()
    }
}
