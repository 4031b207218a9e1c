import JuanzongStore

/// The fields search filters, facets and sorts on, for every document, held in memory as
/// small codes in arrays indexed by document id.
///
/// A common term matches most of the archive; filtering, counting facets and breaking ties by
/// date over hundreds of thousands of matches must not cost a table lookup per match.
/// One million documents take about 20 MB here. Load once per connection and call
/// `isCurrent` before reuse: any change to the archive makes it stale.
public final class DocumentCatalog: @unchecked Sendable {
    /// Distinct values of a text field; rows hold an index into `values`, -1 for none.
    public struct Dictionary: Sendable {
        public private(set) var values: [String] = []
        private var codes: [String: Int32] = [:]

        mutating func code(_ value: String?) -> Int32 {
            guard let value, !value.isEmpty else { return -1 }
            if let code = codes[value] { return code }
            let code = Int32(values.count)
            values.append(value)
            codes[value] = code
            return code
        }

        /// The codes whose value satisfies `predicate`.
        func codes(where predicate: (String) -> Bool) -> Set<Int32> {
            Set(values.indices.filter { predicate(values[$0]) }.map(Int32.init))
        }
    }

    /// Document id → row (-1: no such document). Ids are dense in practice.
    private(set) var rowOfDocument: [Int32] = []
    @_spi(Benchmarks) public private(set) var documentIDs: [Int64] = []
    private(set) var caseIDs: [Int32] = []
    private(set) var subjectIDs: [Int32] = []
    @_spi(Benchmarks) public private(set) var agencyCodes: [Int32] = []
    private(set) var caseTypeCodes: [Int32] = []
    @_spi(Benchmarks) public private(set) var docTypeCodes: [Int32] = []
    /// The case's decision date (else the document's date) as yyyymmdd, 0 when unknown.
    private(set) var dayNumbers: [Int32] = []
    /// The case's penalty in yuan; NaN when none.
    private(set) var amounts: [Double] = []
    /// Tokens each document has in the search index (all columns), indexed by document id,
    /// and their mean: what bm25 normalizes by.
    public private(set) var searchLengthsByDocument: [Int32] = []
    public private(set) var averageSearchLength = 1.0

    /// Documents left out because a newer version of their file superseded them: the index still
    /// holds them, so counts must come from the catalog's rows, not from the index alone.
    public private(set) var supersededCount = 0

    public private(set) var agencies = Dictionary()
    public private(set) var caseTypes = Dictionary()
    public private(set) var docTypes = Dictionary()

    private let contentVersion: Int64
    private let database: Database

    public var count: Int { documentIDs.count }
    public var maxDocumentID: Int64 { Int64(max(rowOfDocument.count - 1, 0)) }

    public init(database: Database) throws {
        self.database = database
        contentVersion = try Self.version(of: database)
        try load()
    }

    /// False once the archive's content has changed since the catalog was loaded.
    public func isCurrent() throws -> Bool { try Self.version(of: database) == contentVersion }

    /// `isCurrent`, asked ahead: on PostgreSQL the question travels with the connection's next
    /// read of the search index, in one round trip with it, and `Check.isCurrent` reads the answer.
    /// A search with the catalog it holds asks this way and runs again if the answer is no. On the
    /// connection's own thread, outside a transaction.
    public func checkAhead() throws -> Check {
        Check(answer: try database.integersAhead(Self.versionQuery), loaded: contentVersion)
    }

    /// A question of `checkAhead`.
    public struct Check {
        let answer: Database.IntegersAhead
        let loaded: Int64

        /// Whether the archive's content was the catalog's when the question was answered.
        public func isCurrent() throws -> Bool { DocumentCatalog.version(try answer.values()) == loaded }
    }

    /// The ingest writer bumps `content_version` with every batch; the newest document and ingest
    /// run cover archives written before it did. Writes that do not touch documents or cases
    /// (audit entries, sessions, sample draws) leave the catalog current.
    private static let versionQuery = """
        SELECT (SELECT CAST(value AS BIGINT) FROM archive_info WHERE key = 'content_version'),
               (SELECT CAST(max(id) AS BIGINT) FROM documents), (SELECT CAST(max(id) AS BIGINT) FROM ingest_runs)
        """

    /// Asked through a statement (not read ahead): one that reconnects after a failover.
    private static func version(of database: Database) throws -> Int64 {
        version(try database.prepare(versionQuery).first { row in (0..<Int32(3)).map { row.isNull($0) ? nil : row.int64($0) } } ?? [])
    }

    /// The three numbers of `versionQuery` as one.
    private static func version(_ values: [Int64?]) -> Int64 {
        func value(_ index: Int) -> Int64 { index < values.count ? values[index] ?? 0 : 0 }
        return value(0) &* 1_000_000_007 &+ value(1) &* 1_000_003 &+ value(2)
    }

    private struct CaseFields {
        var agency: Int32, caseType: Int32, day: Int32, amount: Double, subject: Int32
    }

    private func load() throws {
        var cases: [Int64: CaseFields] = [:]
        try database.prepare("SELECT id, agency, case_type, decided_on, penalty_amount_yuan, subject_id FROM cases")
            .each { row in
                cases[row.int64(0)] = CaseFields(
                    agency: agencies.code(row.optionalString(1)), caseType: caseTypes.code(row.optionalString(2)),
                    day: Self.dayNumber(row.optionalString(3)), amount: row.optionalDouble(4) ?? .nan,
                    subject: row.isNull(5) ? -1 : Int32(truncatingIfNeeded: row.int64(5)))
            }
        // Earlier versions of changed files are kept but not searched.
        let superseded = try Self.supersededDocuments(in: database)
        supersededCount = superseded.count
        // The columns come from the covering index documents_by_case, not the wide table (SQLite
        // must be told; PostgreSQL's planner chooses an index-only scan itself when it pays).
        let coveringIndex = database.dialect == .sqlite ? " INDEXED BY documents_by_case" : ""
        try database.prepare("SELECT id, case_id, subject_id, doc_type, doc_date FROM documents\(coveringIndex)")
            .each { row in
                let id = row.int64(0)
                guard !superseded.contains(id) else { return }
                let caseID = row.isNull(1) ? nil : row.int64(1)
                let fields = caseID.flatMap { cases[$0] }
                documentIDs.append(id)
                caseIDs.append(caseID.map { Int32(truncatingIfNeeded: $0) } ?? -1)
                subjectIDs.append(row.isNull(2) ? (fields?.subject ?? -1) : Int32(truncatingIfNeeded: row.int64(2)))
                agencyCodes.append(fields?.agency ?? -1)
                caseTypeCodes.append(fields?.caseType ?? -1)
                docTypeCodes.append(docTypes.code(row.string(3)))
                let day = fields?.day ?? 0
                dayNumbers.append(day != 0 ? day : Self.dayNumber(row.optionalString(4)))
                amounts.append(fields?.amount ?? .nan)
            }
        let maxID = Int(documentIDs.max() ?? 0)
        rowOfDocument = Array(repeating: -1, count: maxID + 1)
        for (row, id) in documentIDs.enumerated() { rowOfDocument[Int(id)] = Int32(row) }
        try loadSearchLengths(maxID: maxID)
    }

    /// Documents superseded by a newer version of their file (none before the table exists).
    private static func supersededDocuments(in database: Database) throws -> Set<Int64> {
        let exists = try database.hasTable("document_versions")
        guard exists else { return [] }
        return Set(try database.prepare("SELECT document_id FROM document_versions").rows { $0.int64(0) })
    }

    /// Reads FTS5's own record of each row's column sizes (`%_docsize`: one varint per column);
    /// on PostgreSQL, the lengths its search index recorded the same way.
    private func loadSearchLengths(maxID: Int) throws {
        var lengths = Array(repeating: Int32(0), count: maxID + 1)
        var total = 0, rows = 0
        if database.dialect == .postgresql {
            for (id, length) in try PostgresSearchIndex(database: database).lengths() {
                if id >= 0 && id <= maxID { lengths[Int(id)] = Int32(clamping: length) }
                total += length
                rows += 1
            }
            searchLengthsByDocument = lengths
            averageSearchLength = rows > 0 ? max(Double(total) / Double(rows), 1) : 1
            return
        }
        try database.prepare("SELECT id, sz FROM document_search_docsize").each { row in
            let id = Int(row.int64(0))
            var length = 0
            row.withBytes(1) { bytes in
                var value = 0
                for byte in bytes {
                    value = value << 7 | Int(byte & 0x7F)
                    if byte & 0x80 == 0 {
                        length += value
                        value = 0
                    }
                }
            }
            if id >= 0 && id <= maxID { lengths[id] = Int32(clamping: length) }
            total += length
            rows += 1
        }
        searchLengthsByDocument = lengths
        averageSearchLength = rows > 0 ? max(Double(total) / Double(rows), 1) : 1
    }

    /// The row of document `id`, or nil.
    @inline(__always)
    func row(of id: Int64) -> Int? {
        guard id >= 0, id < rowOfDocument.count else { return nil }
        let row = rowOfDocument[Int(id)]
        return row < 0 ? nil : Int(row)
    }

    /// Documents whose id is in `ids`.
    func documentCount(in ids: Range<Int64>) -> Int {
        let lower = Int(max(ids.lowerBound, 0)), upper = Int(min(ids.upperBound, Int64(rowOfDocument.count)))
        guard lower < upper else { return 0 }
        return rowOfDocument[lower..<upper].reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
    }

    /// `2023-06-15` → 20230615; 0 for nil or malformed.
    static func dayNumber(_ iso: String?) -> Int32 {
        guard let iso, iso.utf8.count >= 10 else { return 0 }
        let digits = iso.utf8.prefix(10).filter { $0 != UInt8(ascii: "-") }
        guard digits.count == 8, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return 0 }
        return digits.reduce(Int32(0)) { $0 * 10 + Int32($1 - 0x30) }
    }
}
