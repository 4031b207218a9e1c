import JuanzongCore

/// One row of the full-text index: a document's title, case number, subject name and text in
/// search form (`TextNormalizer.normalize`), and its facet tokens (`SearchFacets`).
///
/// The ingest writer and the index rebuild both make their rows with `SearchIndexRow.Builder`
/// and insert them with `insertSQL`, so the index is built one way only.
public struct SearchIndexRow {
    public var documentID: Int64
    public var title: String
    public var caseNumber: String
    public var subject: String
    public var body: String
    public var facets: String

    /// The statement that inserts a row; bind `values`.
    public static let insertSQL =
        "INSERT INTO document_search(rowid, title, case_number, subject, body, \(SearchIndexColumns.facets)) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"

    /// The row's values in `insertSQL`'s order.
    public var values: [any SQLBindable] { [documentID, title, caseNumber, subject, body, facets] }

    /// Makes rows; remembers the facet tokens of each agency and document type it has seen.
    public struct Builder {
        public let normalizer: TextNormalizer
        private var facets = SearchFacets.Memo()

        public init(normalizer: TextNormalizer) { self.normalizer = normalizer }

        /// Text in the index's search form.
        public func searchForm(_ text: String) -> String { normalizer.normalize(text) }

        /// The row of a document whose text fields are in search form already (`searchForm`;
        /// the ingest's workers normalize in parallel, the writer only assembles).
        public mutating func row(
            documentID: Int64, title: String, caseNumber: String, subject: String, body: String,
            agency: String?, docType: String
        ) -> SearchIndexRow {
            SearchIndexRow(
                documentID: documentID, title: title, caseNumber: caseNumber, subject: subject, body: body,
                facets: facets.text(agency: agency, docType: docType))
        }
    }
}
