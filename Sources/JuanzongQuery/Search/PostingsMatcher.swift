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
    /// The documents matching an expression, ascending, with each phrase's weighted frequency in
    /// each (0 for phrases it lacks): `frequencies[match * phraseCount + phrase]`.
    struct Matches {
        var documents: [Int64] = []
        var frequencies: [Double] = []
        let phraseCount: Int

        var count: Int { documents.count }

        /// Phrase frequencies of match `index`.
        func frequencies(of index: Int) -> ArraySlice<Double> {
            frequencies[(index * phraseCount)..<((index + 1) * phraseCount)]
        }
    }

    /// The documents holding one phrase, ascending, and its weighted frequency in each.
    struct Hits {
        var documents: [Int64] = []
        var frequencies: [Double] = []
    }

    private let index: PostgresSearchIndex
    /// The rows of each list this matcher reads (nil: all); prefix lists are read whole.
    let selection: PostgresSearchIndex.RowSelection?
    private var lists: [[UInt8]: Postings] = [:]
    private var prefixLists: [[UInt8]: Postings] = [:]
    private var phraseHits: [SearchExpression.Phrase: Hits] = [:]

    /// A matcher reading the rows of each list that `selection` keeps: documents in the rows it
    /// skips are never matched.
    init(index: PostgresSearchIndex, selection: PostgresSearchIndex.RowSelection? = nil) {
        self.index = index
        self.selection = selection
    }

    /// Documents matching `expression`, ascending, with their phrase frequencies.
    func matches(of expression: SearchExpression) throws -> Matches {
        let phraseCount = expression.phrases.count
        var found: Matches? = nil
        var phraseNumber = 0
        for group in expression.requiredPhrases {
            // The group: the union of its phrases' documents, each phrase in its own slot.
            var inGroup = Matches(phraseCount: phraseCount)
            for phrase in group {
                inGroup = Self.union(inGroup, try hits(of: phrase), slot: phraseNumber)
                phraseNumber += 1
            }
            found = found.map { Self.intersection($0, inGroup) } ?? inGroup
        }
        guard var found else { return Matches(phraseCount: phraseCount) }
        let excluded = try documents(matchingAny: expression.excludedPhrases)
        if !excluded.isEmpty {
            var kept = Matches(phraseCount: phraseCount)
            for (index, document) in found.documents.enumerated() where !excluded.contains(document) {
                kept.documents.append(document)
                kept.frequencies += found.frequencies(of: index)
            }
            found = kept
        }
        return found
    }

    /// `matches` with the documents of `hits` added, their frequency in `slot`.
    private static func union(_ matches: Matches, _ hits: Hits, slot: Int) -> Matches {
        let width = matches.phraseCount
        var merged = Matches(phraseCount: width)
        merged.documents.reserveCapacity(matches.count + hits.documents.count)
        merged.frequencies.reserveCapacity((matches.count + hits.documents.count) * width)
        var left = 0, right = 0
        while left < matches.count || right < hits.documents.count {
            let takeLeft = right == hits.documents.count || left < matches.count && matches.documents[left] <= hits.documents[right]
            let takeRight = left == matches.count || right < hits.documents.count && hits.documents[right] <= matches.documents[left]
            let row = merged.frequencies.count
            if takeLeft {
                merged.documents.append(matches.documents[left])
                merged.frequencies += matches.frequencies(of: left)
                left += 1
            } else {
                merged.documents.append(hits.documents[right])
                merged.frequencies += repeatElement(0, count: width)
            }
            if takeRight {
                merged.frequencies[row + slot] += hits.frequencies[right]
                right += 1
            }
        }
        return merged
    }

    /// The documents in both, each with the frequencies of both (every phrase has one slot).
    private static func intersection(_ a: Matches, _ b: Matches) -> Matches {
        var both = Matches(phraseCount: a.phraseCount)
        var left = 0, right = 0
        while left < a.count && right < b.count {
            if a.documents[left] < b.documents[right] {
                left += 1
            } else if b.documents[right] < a.documents[left] {
                right += 1
            } else {
                both.documents.append(a.documents[left])
                both.frequencies += zip(a.frequencies(of: left), b.frequencies(of: right)).map { $0 + $1 }
                left += 1
                right += 1
            }
        }
        return both
    }

    /// Documents holding any of `phrases` (an exclusion).
    func documents(matchingAny phrases: [SearchExpression.Phrase]) throws -> Set<Int64> {
        try phrases.reduce(into: Set<Int64>()) { $0.formUnion(try hits(of: $1).documents) }
    }

    /// Documents holding `phrase`, ascending, and its column-weighted frequency in each.
    func hits(of phrase: SearchExpression.Phrase) throws -> Hits {
        if let known = phraseHits[phrase] { return known }
        let hits = try findHits(of: phrase)
        phraseHits[phrase] = hits
        return hits
    }

    private func findHits(of phrase: SearchExpression.Phrase) throws -> Hits {
        guard !phrase.tokens.isEmpty else { return Hits() }
        // One whole token: its frequencies straight from the stored lists.
        if phrase.tokens.count == 1, !phrase.endsOpen, lists[phrase.tokens[0]] == nil,
            let (documents, frequencies) = try index.weightedFrequencies(
                of: phrase.tokens[0], weights: SearchIndexColumns.weights, selection: selection)
        {
            return Hits(documents: documents, frequencies: frequencies)
        }
        var tokenLists: [Postings] = []
        for (offset, token) in phrase.tokens.enumerated() {
            tokenLists.append(try offset == phrase.tokens.count - 1 && phrase.endsOpen ? listOfPrefix(token) : list(of: token))
        }
        let weights = SearchIndexColumns.weights
        let first = tokenLists[0]
        var cursors = [Int](repeating: 0, count: tokenLists.count)
        var hits = Hits()
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
            if frequency > 0 {
                hits.documents.append(document)
                hits.frequencies.append(frequency)
            }
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
        let read = try index.postings(of: token, selection: selection)
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
