import JuanzongCore
import JuanzongStore

/// A query's field filters, date and amount ranges compiled against a `DocumentCatalog`:
/// a per-row test that costs a few array reads.
struct RowFilter {
    private var allowedAgencies: [Bool]?
    private var allowedCaseTypes: [Bool]?
    private var allowedDocTypes: [Bool]?
    private var cases: [(ids: Set<Int32>, negated: Bool)] = []
    private var subjectSets: [(ids: Set<Int32>, negated: Bool)] = []
    private var days: ClosedRange<Int32>?
    private var amounts: ClosedRange<Double>?
    private let catalog: DocumentCatalog

    var isEmpty: Bool {
        allowedAgencies == nil && allowedCaseTypes == nil && allowedDocTypes == nil && subjectSets.isEmpty
            && cases.isEmpty && days == nil && amounts == nil
    }

    init(_ query: SearchQuery, catalog: DocumentCatalog, database: Database, normalizer: TextNormalizer) throws {
        self.catalog = catalog
        func folded(_ text: String) -> String { normalizer.normalize(text).lowercased().filter { !$0.isWhitespace } }
        /// Narrows `allowed` (one flag per dictionary code, index 0 for "none") by one filter; a
        /// whole-name agency filter matches the agency under any of its names (`AgencyName.key`).
        func narrow(_ allowed: inout [Bool]?, _ dictionary: DocumentCatalog.Dictionary, _ filter: FieldFilter) {
            let wanted = folded(filter.value)
            let wantedAgency = filter.field == .agency && filter.exact ? AgencyName.key(filter.value) : nil
            var flags = [!filter.negated ? false : true]
            flags += dictionary.values.map { value in
                let matches =
                    if let wantedAgency { AgencyName.key(value) == wantedAgency } else if filter.exact { folded(value) == wanted } else {
                        folded(value).contains(wanted)
                    }
                return matches != filter.negated
            }
            allowed = allowed.map { zip($0, flags).map { $0 && $1 } } ?? flags
        }
        for filter in query.filters {
            switch filter.field {
            case .agency: narrow(&allowedAgencies, catalog.agencies, filter)
            case .caseType: narrow(&allowedCaseTypes, catalog.caseTypes, filter)
            case .docType: narrow(&allowedDocTypes, catalog.docTypes, filter)
            case .subject:
                let ids = try database.prepare(
                    """
                    SELECT id FROM subjects WHERE identifier = upper(?1) OR name LIKE '%' || ?1 || '%'
                    UNION SELECT subject_id FROM subject_names WHERE name LIKE '%' || ?1 || '%'
                    """
                ).rows([filter.value.trimmingCharacters(in: .whitespaces)]) { Int32(truncatingIfNeeded: $0.int64(0)) }
                subjectSets.append((Set(ids), filter.negated))
            case .caseNumber:
                let key = CaseNumber(filter.value)?.key ?? filter.value.filter { !$0.isWhitespace }
                let ids = try database.prepare("SELECT id FROM cases WHERE instr(case_number_key, ?1) > 0")
                    .rows([key]) { Int32(truncatingIfNeeded: $0.int64(0)) }
                cases.append((Set(ids), filter.negated))
            case .legalBasis:
                let reference = try ArticleReference(filter.value)
                cases.append((Set(try reference.caseIDs(in: database).map { Int32(truncatingIfNeeded: $0) }), filter.negated))
            }
        }
        if let range = query.decisionDate {
            days = DocumentCatalog.dayNumber(range.from ?? "0001-01-01")...DocumentCatalog.dayNumber(range.through ?? "9999-12-31")
        }
        if let range = query.amount {
            amounts = (range.minimum ?? -.infinity)...(range.maximum ?? .infinity)
        }
    }

    /// An FTS5 expression on the index's `facets` column that every document this filter accepts
    /// matches (see `SearchFacets`), or nil when the filter narrows by neither agency nor
    /// document type, or accepts so many values that the clause would not narrow.
    func facetClause() -> String? {
        func clause(
            _ allowed: [Bool]?, _ dictionary: DocumentCatalog.Dictionary, extra: [String],
            token: (String) -> String
        ) -> String? {
            // Index 0 is "no value": accepting it (a negated filter) leaves nothing to narrow.
            guard let allowed, !allowed[0] else { return nil }
            let values = dictionary.values.indices.filter { allowed[$0 + 1] }.map { dictionary.values[$0] }
            guard values.count <= 16 else { return nil }
            let tokens = values.map(token) + extra
            // No value accepted: the exact filter rejects every row anyway.
            guard !tokens.isEmpty else { return nil }
            return "facets : (" + tokens.map { "\"\($0)\"" }.joined(separator: " OR ") + ")"
        }
        let parts = [
            clause(allowedAgencies, catalog.agencies, extra: [SearchFacets.agencyUnknown], token: SearchFacets.agencyToken),
            clause(allowedDocTypes, catalog.docTypes, extra: [], token: SearchFacets.docTypeToken),
        ].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " AND ")
    }

    /// Whether the filter accepts any document whose id is in `ids` (stops at the first): which
    /// rows of a posting list a filtered search must read.
    func acceptsAny(in ids: ClosedRange<Int64>) -> Bool {
        var id = max(ids.lowerBound, 0)
        while id <= min(ids.upperBound, catalog.maxDocumentID) {
            if let row = catalog.row(of: id), accepts(row) { return true }
            id += 1
        }
        return false
    }

    @inline(__always)
    func accepts(_ row: Int) -> Bool {
        if let allowed = allowedAgencies, !allowed[Int(catalog.agencyCodes[row]) + 1] { return false }
        if let allowed = allowedCaseTypes, !allowed[Int(catalog.caseTypeCodes[row]) + 1] { return false }
        if let allowed = allowedDocTypes, !allowed[Int(catalog.docTypeCodes[row]) + 1] { return false }
        if let days, !days.contains(catalog.dayNumbers[row]) { return false }
        if let amounts, !amounts.contains(catalog.amounts[row]) { return false }
        for set in subjectSets where set.ids.contains(catalog.subjectIDs[row]) == set.negated { return false }
        for set in cases where set.ids.contains(catalog.caseIDs[row]) == set.negated { return false }
        return true
    }
}
