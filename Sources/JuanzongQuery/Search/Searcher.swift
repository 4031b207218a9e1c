import Foundation
import JuanzongCore
import JuanzongStore

/// Full-text search over an archive: match, filter, rank, count facets, cut snippets.
///
/// Ranking is bm25 with column weights title 8, case number 4, subject 4, body 1 (FTS5's
/// formula, computed by `juanzong_bm25` from lengths held in memory); ties go to the more
/// recent decision. Matching documents are streamed once: each is filtered and counted against
/// the in-memory `DocumentCatalog` and offered to a bounded top list, so even a term found in
/// most documents costs one pass and no table lookups. A count-only search skips ranking.
///
/// A Searcher holds connections and per-query state: use one per thread (a web server keeps one
/// per worker); searches keep being answered while an ingest writes (WAL readers).
public final class Searcher {
    public enum Sort: String, CaseIterable, Sendable { case rank, date }

    public struct Options: Sendable {
        public var limit = 20
        public var offset = 0
        public var sort = Sort.rank
        public var facets = true
        public var snippets = true
        /// What the hits may show: identity numbers in snippets and identifiers, source paths.
        public var disclosure = Disclosure.everything

        public init(
            limit: Int = 20, offset: Int = 0, sort: Sort = .rank, facets: Bool = true, snippets: Bool = true,
            disclosure: Disclosure = .everything
        ) {
            self.limit = limit
            self.offset = offset
            self.sort = sort
            self.facets = facets
            self.snippets = snippets
            self.disclosure = disclosure
        }
    }

    public let database: Database
    let normalizer: TextNormalizer
    /// The index has the `facets` column: user terms are confined to the four text columns, and
    /// agency and document-type filters also go into the MATCH expression (`RowFilter.facetClause`).
    let facetsIndexed: Bool
    /// The index holds 4-grams: phrases of four or more characters are chains of them.
    let quadgramsIndexed: Bool
    let highlighter: Highlighter
    private var catalog: DocumentCatalog?
    private let rankContext = RankContext()
    /// Documents matching each phrase alone (for idf), valid for the current catalog.
    private var phraseCounts: [String: Int] = [:]
    private lazy var matchRowidStatement = Result { try database.prepare("SELECT rowid FROM document_search WHERE document_search MATCH ?1") }
    /// A PostgreSQL archive's posting lists, matched here in place of FTS5; nil on SQLite.
    private let postings: PostgresSearchIndex?
    /// The matcher of the search under way (PostgreSQL): the phrases' idf counts reuse the lists
    /// and hits it has read when it reads whole lists (an unfiltered search).
    private var matcher: PostingsMatcher?

    public init(database: Database, normalizer: TextNormalizer? = nil) throws {
        self.database = database
        self.normalizer = try normalizer ?? TextNormalizer()
        highlighter = Highlighter(normalizer: self.normalizer)
        switch database.dialect {
        case .sqlite:
            postings = nil
            facetsIndexed = try SearchFacets.areIndexed(in: database)
            quadgramsIndexed = try SearchTokenizer.indexesQuadgrams(in: database)
            try database.registerRankFunction(rankContext)
        case .postgresql:
            // Filters are applied from the catalog alone; facet tokens narrow nothing here.
            postings = PostgresSearchIndex(database: database)
            facetsIndexed = false
            quadgramsIndexed = true
        }
    }

    /// The catalog, reloaded when the archive changed since it was read.
    public func currentCatalog() throws -> DocumentCatalog {
        if let catalog, try catalog.isCurrent() { return catalog }
        let loaded = try DocumentCatalog(database: database)
        catalog = loaded
        phraseCounts = [:]
        rankContext.lengthsByDocument = loaded.searchLengthsByDocument
        rankContext.averageLength = loaded.averageSearchLength
        return loaded
    }

    /// Forgets the document counts of phrases seen so far (they give later searches their idf
    /// without a count); the search benchmark calls it so that every query is measured cold.
    @_spi(Benchmarks) public func forgetPhraseCounts() {
        phraseCounts = [:]
    }

    /// One scanner per processor, each with its own connection, created with the catalog.
    private var scans: [PartitionScan] = []

    private func partitions(for catalog: DocumentCatalog) throws -> [PartitionScan] {
        if scans.isEmpty {
            let count = min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 4)
            scans = try (0..<count).map { _ in try PartitionScan(path: database.path) }
        }
        for scan in scans { scan.use(catalog) }
        return scans
    }

    /// `match` confined to the text columns when one of its terms could meet a facet token.
    private func inTextColumns(_ match: String, _ expression: SearchExpression) -> String {
        facetsIndexed && expression.reachesFacetTokens ? "\(SearchIndexColumns.textColumnFilter) : (\(match))" : match
    }

    /// Documents matching `match`, counted by FTS5 in C without handing each row to Swift, over
    /// one id range per core; when `match` is one token, read from its doclist instead.
    private func count(_ match: String, token: [UInt8]?, catalog: DocumentCatalog) throws -> Int {
        let scans = try partitions(for: catalog)
        if let token, let count = try PartitionScan.count(token: token, scans: scans) { return count }
        let bounds = PartitionScan.bounds(count: scans.count, maxID: catalog.maxDocumentID)
        let counts = ConcurrentResults<Int>(count: scans.count)
        DispatchQueue.concurrentPerform(iterations: scans.count) { index in
            counts.store(Result { try scans[index].count(match, ids: bounds[index]) }, at: index)
        }
        return try counts.all.reduce(0) { try $0 + $1.get() }
    }

    /// How a phrase's document count for its idf is sampled (`estimatedCount`).
    struct IDFSampling {
        /// Archives smaller than this count exactly, which costs little there.
        var minimumDocuments = 100_000
        /// The sample: this many id ranges holding 1/`slices` of the archive.
        var slices = 32
        /// Fewer matches in the sample than this: count exactly.
        var minimumMatches = 20
    }

    var idfSampling = IDFSampling()

    /// Documents matching phrase `number` of `expression` alone (for its idf), kept for the
    /// catalog's lifetime.
    private func documentCount(ofPhrase number: Int, in expression: SearchExpression, catalog: DocumentCatalog) throws -> Int {
        let phrase = expression.phrases[number]
        if let known = phraseCounts[phrase] { return known }
        let total: Int
        if let postings {
            let phrase = expression.indexedPhrases[number]
            // The search's matcher when it reads whole lists; a filtered search's reads some rows only.
            let whole = matcher.flatMap { $0.selection == nil ? $0 : nil } ?? PostingsMatcher(index: postings)
            total = try estimatedCount(catalog: catalog, exactly: { try whole.hits(of: phrase).documents.count }) { slices in
                // A list not read yet is read only in the rows the sample spans (a prefix's lists whole).
                let sampling = whole === matcher ? whole : PostingsMatcher(index: postings) { rows in slices.contains { $0.overlaps(rows) } }
                return try sampling.hits(of: phrase).documents.reduce(0) { sum, id in sum + (slices.contains { $0.contains(id) } ? 1 : 0) }
            }
        } else {
            total = try estimatedCount(inTextColumns(phrase, expression), catalog: catalog)
        }
        phraseCounts[phrase] = total
        return total
    }

    /// Documents matching `match`: on a large archive, counted in 32 id ranges spread over the
    /// archive that together hold 1/32 of it and scaled up; counted exactly when the archive is
    /// small or the sample finds fewer than 20 matches (see `IDFSampling`).
    ///
    /// Counting a phrase found in half of a million documents costs FTS5 ~200 ms of positional
    /// intersection; the sample costs 1/32 of that. The idf is a logarithm of the count, so the
    /// sample's error (~1 % at 10,000 sampled matches, ~20 % at 20) moves it by far less, and the
    /// order of a one-phrase result list never depends on it. Search engines rank with sampled
    /// statistics too: a shard of Elasticsearch scores with its own document frequencies.
    private func estimatedCount(_ match: String, catalog: DocumentCatalog) throws -> Int {
        try estimatedCount(catalog: catalog, exactly: { try count(match, token: nil, catalog: catalog) }) { slices in
            let scans = try partitions(for: catalog)
            let counts = ConcurrentResults<Int>(count: scans.count)
            DispatchQueue.concurrentPerform(iterations: scans.count) { index in
                counts.store(
                    Result {
                        try stride(from: index, to: slices.count, by: scans.count).reduce(0) { try $0 + scans[index].count(match, ids: slices[$1]) }
                    }, at: index)
            }
            return try counts.all.reduce(0) { try $0 + $1.get() }
        }
    }

    /// The sampling of `estimatedCount`, for any store: `exactly` counts all matches, `inSlices`
    /// those in the sample's id ranges.
    private func estimatedCount(
        catalog: DocumentCatalog, exactly: () throws -> Int, inSlices: ([Range<Int64>]) throws -> Int
    ) throws -> Int {
        // Fewer ids than ranges would make the ranges overlap.
        guard catalog.count >= idfSampling.minimumDocuments, catalog.maxDocumentID >= Int64(idfSampling.slices) else {
            return try exactly()
        }
        let slices = PartitionScan.sampleSlices(maxID: catalog.maxDocumentID, count: idfSampling.slices)
        let sampled = try inSlices(slices)
        let documentsSampled = slices.reduce(0) { $0 + catalog.documentCount(in: $1) }
        guard sampled >= idfSampling.minimumMatches, documentsSampled > 0 else { return try exactly() }
        return Int((Double(sampled) * Double(catalog.count) / Double(documentsSampled)).rounded())
    }

    /// The idf of each phrase of `expression`, for `juanzong_bm25`.
    private func phraseIDF(_ expression: SearchExpression, catalog: DocumentCatalog) throws -> [Double] {
        try expression.phrases.indices.map { number in
            RankContext.idf(documents: catalog.count, matching: try documentCount(ofPhrase: number, in: expression, catalog: catalog))
        }
    }

    /// Parses `text` in the staff query language and searches.
    public func search(_ text: String, options: Options = Options()) throws -> SearchResult {
        try search(QueryParser.parse(text), options: options)
    }

    public func search(_ query: SearchQuery, options: Options = Options()) throws -> SearchResult {
        // PostgreSQL: the catalog held is used at once, and whether it is current is asked in the
        // same round trip as the search's first read of the index (a rare term's count is then
        // one round trip, not two); if it was not, the search runs again on the catalog reloaded.
        // A search that fails on the catalog held (the server went away, say) is run again the same
        // way, through `currentCatalog`, which reconnects.
        if postings != nil, let held = catalog, let check = try? held.checkAhead(),
            let result = try? search(query, options: options, catalog: held), (try? check.isCurrent()) == true
        {
            return result
        }
        return try search(query, options: options, catalog: try currentCatalog())
    }

    private func search(_ query: SearchQuery, options: Options, catalog: DocumentCatalog) throws -> SearchResult {
        let expression = try SearchExpression(query, normalizer: normalizer, quadgrams: quadgramsIndexed)
        let filter = try RowFilter(query, catalog: catalog, database: database, normalizer: normalizer)
        // The agency and document-type filters as facet tokens (nil: they narrow nothing).
        let facetFilter = filter.facetClause()
        // PostgreSQL: every match with its phrase frequencies, from the posting lists.
        // Filtered by agency or document type, as FTS5 narrows by facet tokens: the rows of each
        // list spanning no accepted document are not read.
        let selection: PostgresSearchIndex.RowSelection? = postings == nil || facetFilter == nil ? nil : { filter.acceptsAny(in: $0) }
        matcher = postings.map { PostingsMatcher(index: $0, selection: selection) }
        defer { matcher = nil }
        // Only the number of matches is asked for (no filter, facets or page).
        let countOnly = expression.match != nil && filter.isEmpty && !options.facets && options.limit == 0 && catalog.supersededCount == 0
        // One token's documents are counted from its lists without reading positions.
        let countsOneToken = countOnly && expression.singleToken != nil
        let postingsMatches = try expression.match == nil || countsOneToken ? nil : matcher?.matches(of: expression)
        let excluded =
            try expression.exclusion.map { exclusion -> Set<Int64> in
                if let matcher { return try matcher.documents(matchingAny: expression.excludedPhrases) }
                return try Set(matchRowidStatement.get().rows([inTextColumns(exclusion, expression)]) { $0.int64(0) })
            } ?? []
        // Agency and document-type filters narrow the FTS5 match itself; the exact filter still
        // decides every row.
        let facetClause = facetsIndexed ? facetFilter : nil
        let match = expression.match.map { inTextColumns($0, expression) }.map { text in facetClause.map { "(\(text)) AND \($0)" } ?? text }
        // No page holds more than every document: a huge offset (a typed URL) must not allocate for it.
        let capacity = min(max(0, options.offset), catalog.count) + min(max(0, options.limit), catalog.count)
        var top = TopList(capacity: capacity, sort: options.sort)
        var facets = FacetCounter(catalog: catalog, enabled: options.facets)
        var total = 0

        if let match, countOnly {
            if let postings, countsOneToken, let token = expression.singleToken {
                total = try postings.documentCount(of: token)
            } else {
                total = try postingsMatches?.count ?? count(match, token: expression.singleToken, catalog: catalog)
            }
        } else if let match {
            // Ranking is needed only to choose a page of rank-sorted results.
            let ranked = options.sort == .rank && options.limit > 0
            // With one phrase its idf scales every score alike: the scan ranks with idf 1, and the
            // phrase's document count (all matches, before filters) gives the idf afterwards.
            let onePhrase = expression.phrases.count == 1
            let idf = onePhrase ? [1] : ranked ? try phraseIDF(expression, catalog: catalog) : []
            let job = PartitionScan.Job(
                match: match, walkToken: expression.isSingleToken && facetClause == nil, ranked: ranked, idf: idf,
                filter: filter, catalog: catalog, capacity: capacity, sort: options.sort, facets: options.facets)
            // One token without facet tokens to narrow it: its doclist read whole from the index's
            // pages. Otherwise FTS5 matches (intersected with the facet tokens, which for a phrase
            // in half of all documents is cheaper) in one id range per core.
            let outcomes: [PartitionScan.Outcome]
            if let postingsMatches {
                outcomes = scored(postingsMatches, job, ranked: ranked, idf: idf)
            } else {
                let scans = try partitions(for: catalog)
                let token = facetClause == nil ? expression.singleToken : nil
                let fromDoclist = try token.flatMap { try PartitionScan.scan(job, token: $0, scans: scans) }
                outcomes = try fromDoclist ?? scan(job, scans: scans, catalog: catalog)
            }
            var matches = 0
            for outcome in outcomes {
                total += outcome.total
                matches += outcome.matches
                facets.add(outcome.facets)
                for entry in outcome.top.sorted() { top.offer(entry) }
            }
            if onePhrase {
                // Matches narrowed by facets are not all the phrase's documents (PostgreSQL's
                // rows are narrowed by the same filters).
                let narrowedByFacets = postings == nil ? facetClause != nil : selection != nil
                if !narrowedByFacets { phraseCounts[expression.phrases[0]] = matches }
                if ranked {
                    let documents = try documentCount(ofPhrase: 0, in: expression, catalog: catalog)
                    top.scale(by: RankContext.idf(documents: catalog.count, matching: documents))
                }
            }
        } else {
            for index in 0..<catalog.count where filter.accepts(index) && !excluded.contains(catalog.documentIDs[index]) {
                total += 1
                facets.count(index)
                top.offer(TopList.Entry(score: 0, day: catalog.dayNumbers[index], id: catalog.documentIDs[index]))
            }
        }
        let page = top.sorted().dropFirst(max(0, options.offset))
        var scores = Dictionary(uniqueKeysWithValues: page.map { ($0.id, $0.score) })
        if options.sort == .date, let match, !page.isEmpty {
            let idf = try phraseIDF(expression, catalog: catalog)
            if let postingsMatches {
                let onPage = Set(page.map(\.id))
                for (index, document) in postingsMatches.documents.enumerated() where onPage.contains(document) {
                    scores[document] = -Self.bm25(postingsMatches, index, idf: idf, rankContext)
                }
            } else {
                scores = try self.scores(of: page.map(\.id), match: match, idf: idf)
            }
        }
        let hits = try self.hits(
            page.map { ($0.id, scores[$0.id] ?? 0) }, terms: expression.highlightTerms, snippets: options.snippets,
            disclosure: options.disclosure)
        return SearchResult(total: total, hits: hits, facets: facets.result())
    }

    /// `job` run by FTS5 over one id range per core.
    private func scan(_ job: PartitionScan.Job, scans: [PartitionScan], catalog: DocumentCatalog) throws -> [PartitionScan.Outcome] {
        let bounds = PartitionScan.bounds(count: scans.count, maxID: catalog.maxDocumentID)
        let collected = ConcurrentResults<PartitionScan.Outcome>(count: scans.count)
        DispatchQueue.concurrentPerform(iterations: scans.count) { index in
            collected.store(Result { try scans[index].scan(job, ids: bounds[index]) }, at: index)
        }
        return try collected.all.map { try $0.get() }
    }

    /// The matches from posting lists scored, filtered, counted by facet and ranked, in one
    /// slice of them per core (as FTS5's matches are, one id range per core).
    private func scored(_ matches: PostingsMatcher.Matches, _ job: PartitionScan.Job, ranked: Bool, idf: [Double]) -> [PartitionScan.Outcome] {
        let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, matches.count / 20_000))
        let collected = ConcurrentResults<PartitionScan.Outcome>(count: slices)
        let context = rankContext
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            var outcome = PartitionScan.Outcome(job)
            for index in (matches.count * slice / slices)..<(matches.count * (slice + 1) / slices) {
                outcome.add(matches.documents[index], score: ranked ? -Self.bm25(matches, index, idf: idf, context) : 0, job)
            }
            collected.store(.success(outcome), at: slice)
        }
        return collected.all.compactMap { try? $0.get() }
    }

    /// bm25 of match `index` from posting lists: `juanzong_bm25`'s sum over the phrases, in their order.
    private static func bm25(_ matches: PostingsMatcher.Matches, _ index: Int, idf: [Double], _ context: RankContext) -> Double {
        var score = 0.0
        for (phrase, frequency) in matches.frequencies(of: index).enumerated() where phrase < idf.count {
            score += context.score(frequency: frequency, rowid: matches.documents[index], idf: idf[phrase])
        }
        return score
    }

    /// bm25 scores of a few documents, for date-sorted pages.
    private func scores(of ids: [Int64], match: String, idf: [Double]) throws -> [Int64: Double] {
        let list = ids.map(String.init).joined(separator: ",")
        var scores: [Int64: Double] = [:]
        try database.prepare(
            "SELECT rowid, juanzong_bm25(document_search, ?2) FROM document_search WHERE document_search MATCH ?1 AND rowid IN (\(list))"
        ).each([match], rankQuery: RankQuery(phraseIDF: idf), at: 2) { row in
            if scores[row.int64(0)] == nil { scores[row.int64(0)] = row.double(1) }
        }
        return scores
    }

    /// A page's documents with their cases and subjects and, with snippets, where each page of a
    /// scan starts in its text (`page:start,…`), in one statement: on PostgreSQL one round trip
    /// for the page, not one per hit.
    private lazy var hitsStatement = Result {
        let pageStarts = "CAST(page AS TEXT) || ':' || CAST(text_start AS TEXT)"
        let joined = database.dialect == .sqlite ? "group_concat(\(pageStarts), ',')" : "string_agg(\(pageStarts), ',')"
        return try database.prepare(
            """
            SELECT d.id, c.case_number, s.name, d.subject_id, s.identifier, c.agency, d.doc_type, d.title, c.decided_on, d.doc_date,
            d.source_path, c.case_type, CASE WHEN ?2 THEN d.text END,
            CASE WHEN ?2 THEN (SELECT \(joined) FROM document_pages p WHERE p.document_id = d.id) END
            FROM documents d LEFT JOIN cases c ON c.id = d.case_id LEFT JOIN subjects s ON s.id = COALESCE(d.subject_id, c.subject_id)
            WHERE \(database.dialect.isInJSONIntegerArray("d.id", "?1"))
            """)
    }

    /// The hits of one page of results, in the page's order.
    private func hits(_ page: [(id: Int64, score: Double)], terms: [String], snippets: Bool, disclosure: Disclosure) throws -> [SearchHit] {
        guard !page.isEmpty else { return [] }
        let ids = "[" + page.map { String($0.id) }.joined(separator: ",") + "]"
        var found: [Int64: SearchHit] = [:]
        try hitsStatement.get().each([ids, snippets]) { row in
            let id = row.int64(0)
            let snippet = snippets ? highlighter.snippet(of: row.string(12), terms: terms) : nil
            // A scan's hit is on the page its first match is on: the last page starting at or before it.
            let scanPage = snippet.flatMap { snippet -> Int? in
                let offset = snippet.offset + (snippet.highlights.first?[0] ?? 0)
                return row.optionalString(13)?.split(separator: ",").compactMap { entry -> Int? in
                    let parts = entry.split(separator: ":")
                    guard parts.count == 2, let number = Int(parts[0]), let start = Int(parts[1]), start <= offset else { return nil }
                    return number
                }.max()
            }
            found[id] = SearchHit(
                documentId: id, caseNumber: row.optionalString(1), subjectName: row.optionalString(2),
                subjectId: row.isNull(3) ? nil : row.int64(3), subjectIdentifier: row.optionalString(4).map(disclosure.text),
                agency: row.optionalString(5), docType: row.string(6), title: row.string(7),
                decisionDate: row.optionalString(8), documentDate: row.optionalString(9), sourcePath: disclosure.sourcePath(row.string(10)),
                caseType: row.optionalString(11), snippet: snippet.map { disclosure.text($0.marked()) }, highlights: snippet?.highlights,
                snippetText: snippet.map { disclosure.text($0.text) }, score: 0, page: scanPage)
        }
        return page.compactMap { entry in
            found[entry.id].map { hit in
                var hit = hit
                hit.score = -entry.score
                return hit
            }
        }
    }
}

/// One page of search results.
public struct SearchResult: Codable, Sendable {
    /// Matching documents in all (not only this page).
    public var total: Int
    public var hits: [SearchHit]
    public var facets: Facets
}

/// One matching document. `score` is bm25 turned positive: higher is more relevant.
public struct SearchHit: Codable, Sendable {
    public var documentId: Int64
    public var caseNumber: String?
    public var subjectName: String?
    public var subjectId: Int64?
    public var subjectIdentifier: String?
    public var agency: String?
    public var docType: String
    public var title: String
    public var decisionDate: String?
    public var documentDate: String?
    public var sourcePath: String
    public var caseType: String?
    /// The passage with matches marked 【…】.
    public var snippet: String?
    /// Matches in `snippet_text` as `[start, end)` character offsets.
    public var highlights: [[Int]]?
    /// The passage without marks.
    public var snippetText: String?
    public var score: Double
    /// For a scan read by OCR: the page the snippet's first match is on (1-based).
    public var page: Int?
}

/// Counts of the result set by agency, case type, document type and year of decision.
public struct Facets: Codable, Sendable {
    public struct Count: Codable, Sendable, Equatable {
        public var value: String
        public var count: Int
    }

    public var agency: [Count] = []
    public var caseType: [Count] = []
    public var docType: [Count] = []
    public var year: [Count] = []
}

/// Tallies facet counts per catalog code while results stream by.
struct FacetCounter {
    let catalog: DocumentCatalog
    let enabled: Bool
    /// All counts in one array, so that a row costs one uniqueness check: by agency code + 1
    /// (0 is "none"), then by case type and document type from their bases, then by year of
    /// decision (index year − 1900; years outside 1900–2199 are not counted).
    private var tallies: [Int]
    private let caseTypeBase: Int, docTypeBase: Int, yearBase: Int
    private static let years = 300

    init(catalog: DocumentCatalog, enabled: Bool) {
        self.catalog = catalog
        self.enabled = enabled
        caseTypeBase = catalog.agencies.values.count + 1
        docTypeBase = caseTypeBase + catalog.caseTypes.values.count + 1
        yearBase = docTypeBase + catalog.docTypes.values.count + 1
        tallies = Array(repeating: 0, count: enabled ? yearBase + Self.years : 0)
    }

    @inline(__always)
    mutating func count(_ row: Int) {
        guard enabled else { return }
        let agency = Int(catalog.agencyCodes[row]) + 1
        let caseType = caseTypeBase + Int(catalog.caseTypeCodes[row]) + 1
        let docType = docTypeBase + Int(catalog.docTypeCodes[row]) + 1
        let year = Int(catalog.dayNumbers[row] / 10_000) - 1900
        tallies.withUnsafeMutableBufferPointer { tallies in
            tallies[agency] += 1
            tallies[caseType] += 1
            tallies[docType] += 1
            if year >= 0 && year < Self.years { tallies[yearBase + year] += 1 }
        }
    }

    /// Adds the counts of another counter over the same catalog.
    mutating func add(_ other: FacetCounter) {
        guard enabled else { return }
        for index in tallies.indices { tallies[index] += other.tallies[index] }
    }

    func result() -> Facets {
        guard enabled else { return Facets() }
        func counts(_ tally: ArraySlice<Int>, _ dictionary: DocumentCatalog.Dictionary) -> [Facets.Count] {
            tally.dropFirst().enumerated().filter { $0.element > 0 }
                .map { Facets.Count(value: dictionary.values[$0.offset], count: $0.element) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
        }
        let yearCounts = tallies[yearBase...].enumerated().reversed().filter { $0.element > 0 }
            .map { Facets.Count(value: String($0.offset + 1900), count: $0.element) }
        return Facets(
            agency: counts(tallies[..<caseTypeBase], catalog.agencies),
            caseType: counts(tallies[caseTypeBase..<docTypeBase], catalog.caseTypes),
            docType: counts(tallies[docTypeBase..<yearBase], catalog.docTypes), year: yearCounts)
    }
}

/// The best `capacity` results seen so far, in result order.
struct TopList {
    struct Entry {
        var score: Double
        var day: Int32
        var id: Int64
    }

    let capacity: Int
    let sort: Searcher.Sort
    private var entries: [Entry] = []

    init(capacity: Int, sort: Searcher.Sort) {
        self.capacity = capacity
        self.sort = sort
        entries.reserveCapacity(capacity + 1)
    }

    /// Whether `a` comes before `b`: by score (lower bm25 is better) then newer, or by date then score.
    @inline(__always)
    func precedes(_ a: Entry, _ b: Entry) -> Bool {
        switch sort {
        case .rank:
            if a.score != b.score { return a.score < b.score }
            if a.day != b.day { return a.day > b.day }
        case .date:
            if a.day != b.day { return a.day > b.day }
            if a.score != b.score { return a.score < b.score }
        }
        return a.id > b.id
    }

    mutating func offer(_ entry: Entry) {
        guard capacity > 0 else { return }
        if entries.count == capacity {
            guard precedes(entry, entries[capacity - 1]) else { return }
            entries.removeLast()
        }
        // Binary search for the insertion point keeps `entries` sorted.
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if precedes(entries[middle], entry) { low = middle + 1 } else { high = middle }
        }
        entries.insert(entry, at: low)
    }

    func sorted() -> [Entry] { entries }

    /// Multiplies every score by a positive `factor` (the order stays).
    mutating func scale(by factor: Double) {
        for index in entries.indices { entries[index].score *= factor }
    }
}
