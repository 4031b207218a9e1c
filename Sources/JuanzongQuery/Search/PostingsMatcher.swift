import JuanzongStore

/// Matches a `SearchExpression` against the posting lists of a PostgreSQL archive
/// (`PostgresSearchIndex`) as FTS5 matches the expression's MATCH string against its index:
/// a phrase is its tokens at consecutive positions of one column, the last one a prefix when the
/// phrase ends open; groups of phrases are ORed, groups ANDed, excluded phrases subtracted.
///
/// For each matching document it gives each phrase's column-weighted frequency, in FTS5's phrase
/// order (`SearchExpression.phrases`): what `juanzong_bm25` reads from FTS5, so the score is the
/// same number. One matcher serves one search; the lists it reads are kept for that search.
final class PostingsMatcher {
    /// A matching document and the weighted frequency of each phrase in it (0 for phrases it lacks).
    struct Match {
        var document: Int64
        var frequencies: [Double]
    }

    private let index: PostgresSearchIndex
    private var lists: [[UInt8]: Postings] = [:]
    private var prefixLists: [[UInt8]: Postings] = [:]

    init(index: PostgresSearchIndex) { self.index = index }

    /// Documents matching `expression`, ascending, with their phrase frequencies.
    func matches(of expression: SearchExpression) throws -> [Match] {
        let phraseCount = expression.phrases.count
        var found: [Int64: [Double]]? = nil
        var phraseNumber = 0
        for group in expression.requiredPhrases {
            var inGroup: [Int64: [Double]] = [:]
            for phrase in group {
                for (document, frequency) in try hits(of: phrase) {
                    inGroup[document, default: Array(repeating: 0, count: phraseCount)][phraseNumber] = frequency
                }
                phraseNumber += 1
            }
            guard let sofar = found else {
                found = inGroup
                continue
            }
            var both: [Int64: [Double]] = [:]
            for (document, frequencies) in sofar {
                guard let more = inGroup[document] else { continue }
                both[document] = zip(frequencies, more).map { $0 + $1 }
            }
            found = both
        }
        guard var found else { return [] }
        for document in try documents(matchingAny: expression.excludedPhrases) { found[document] = nil }
        return found.keys.sorted().map { Match(document: $0, frequencies: found[$0]!) }
    }

    /// Documents holding any of `phrases` (an exclusion).
    func documents(matchingAny phrases: [SearchExpression.Phrase]) throws -> Set<Int64> {
        try phrases.reduce(into: Set<Int64>()) { $0.formUnion(try hits(of: $1).keys) }
    }

    /// Documents holding `phrase`, and its column-weighted frequency in each.
    func hits(of phrase: SearchExpression.Phrase) throws -> [Int64: Double] {
        guard !phrase.tokens.isEmpty else { return [:] }
        var tokenLists: [Postings] = []
        for (offset, token) in phrase.tokens.enumerated() {
            tokenLists.append(try offset == phrase.tokens.count - 1 && phrase.endsOpen ? listOfPrefix(token) : list(of: token))
        }
        let weights = SearchIndexColumns.weights
        let first = tokenLists[0]
        var cursors = [Int](repeating: 0, count: tokenLists.count)
        var hits: [Int64: Double] = [:]
        documents: for (index, document) in first.documents.enumerated() {
            // Every other list moves to this document (or past it).
            for list in 1..<tokenLists.count {
                let documents = tokenLists[list].documents
                while cursors[list] < documents.count, documents[cursors[list]] < document { cursors[list] += 1 }
                guard cursors[list] < documents.count, documents[cursors[list]] == document else { continue documents }
            }
            var frequency = 0.0
            for position in first.positions(ofDocumentAt: index) {
                let follows = (1..<tokenLists.count).allSatisfy { list in
                    Self.contains(tokenLists[list].positions(ofDocumentAt: cursors[list]), position + Int32(list))
                }
                guard follows else { continue }
                let column = Postings.column(of: position)
                frequency += column < weights.count ? weights[column] : 0
            }
            if frequency > 0 { hits[document] = frequency }
        }
        return hits
    }

    /// Whether ascending `positions` hold `position` (binary search).
    private static func contains(_ positions: ArraySlice<Int32>, _ position: Int32) -> Bool {
        var low = positions.startIndex, high = positions.endIndex
        while low < high {
            let middle = (low + high) / 2
            if positions[middle] < position { low = middle + 1 } else { high = middle }
        }
        return low < positions.endIndex && positions[low] == position
    }

    private func list(of token: [UInt8]) throws -> Postings {
        if let known = lists[token] { return known }
        let read = try index.postings(of: token)
        lists[token] = read
        return read
    }

    private func listOfPrefix(_ prefix: [UInt8]) throws -> Postings {
        if let known = prefixLists[prefix] { return known }
        let read = try index.postings(withPrefix: prefix)
        prefixLists[prefix] = read
        return read
    }
}
