/// The columns of the full-text index `document_search`, in the index's order, and the bm25
/// weight of each text column. Defined here only: the rank function, the doclist reader, the
/// query's column filter and FTS5's own `bm25()` in tests all read them from here.
public enum SearchIndexColumns {
    /// The text columns user terms are searched in, with their bm25 weights: a term in the title
    /// counts eight times one in the body.
    public static let text: [(name: String, weight: Double)] = [("title", 8), ("case_number", 4), ("subject", 4), ("body", 1)]

    /// The weights of the text columns, in order. The `facets` column after them weighs 0.
    public static let weights: [Double] = text.map(\.weight)

    /// FTS5's column filter confining a MATCH expression to the text columns: `{title case_number subject body}`.
    public static let textColumnFilter = "{" + text.map(\.name).joined(separator: " ") + "}"

    /// The column of filter tokens (`SearchFacets`).
    public static let facets = "facets"
}
