import JuanzongCore

/// A passage of a document with the query's matches marked.
public struct Snippet: Codable, Equatable, Sendable {
    /// The passage, in the document's original form (not normalized).
    public var text: String
    /// Marked ranges in `text`: `[start, end)` in characters (Unicode code points), sorted,
    /// never overlapping or touching (touching matches are merged into one).
    public var highlights: [[Int]]
    /// Where `text` starts in the whole document, in characters.
    public var offset: Int

    public init(text: String, highlights: [[Int]], offset: Int) {
        self.text = text
        self.highlights = highlights
        self.offset = offset
    }

    /// `text` with each highlight wrapped in `open` … `close`; `escape` is applied to the pieces of
    /// `text` (not to the markers), e.g. HTML escaping when the markers are `<mark>` tags.
    public func marked(open: String = "【", close: String = "】", escape: (String) -> String = { $0 }) -> String {
        let scalars = Array(text.unicodeScalars)
        func piece(_ range: Range<Int>) -> String { escape(String(String.UnicodeScalarView(scalars[range]))) }
        var output = ""
        var position = 0
        for range in highlights {
            output += piece(position..<range[0]) + open + piece(range[0]..<range[1]) + close
            position = range[1]
        }
        return output + piece(position..<scalars.count)
    }
}

/// Finds the query's terms in a document's original text and cuts a snippet around them.
///
/// Matching runs on the normalized form (the form the index holds) and is mapped back to the
/// original characters, so 罰款 in a Traditional document is marked when 罚款 was asked.
/// Overlapping and touching matches are merged before anything is marked, so no text is ever
/// repeated (the trap of FTS5's own highlight() with overlapping bigram tokens).
public struct Highlighter {
    public let normalizer: TextNormalizer
    /// Characters of context in a snippet.
    public var snippetLength = 120

    public init(normalizer: TextNormalizer) {
        self.normalizer = normalizer
    }

    /// The normalized form of `text` and, for each of its characters, the original character it came from.
    func normalizedWithOrigins(_ text: String) -> (normalized: [Unicode.Scalar], origins: [Int]) {
        let original = Array(text.unicodeScalars)
        var folded: [Unicode.Scalar] = []
        var origins: [Int] = []
        folded.reserveCapacity(original.count)
        origins.reserveCapacity(original.count)
        for (index, scalar) in original.enumerated() {
            // As the index: white space between two Han characters is dropped.
            if Self.isJoinableSpace(scalar), let previous = folded.last, Self.isHan(previous),
                let next = original[(index + 1)...].first(where: { !Self.isJoinableSpace($0) }), Self.isHan(next)
            {
                continue
            }
            if scalar.isASCII || (0x4E00...0x9FFF).contains(scalar.value) {
                folded.append(scalar.isASCII ? Self.lowercased(scalar) : scalar)
                origins.append(index)
                continue
            }
            for piece in TextNormalizer.foldWidthAndCompatibility(String(scalar)).lowercased().unicodeScalars {
                folded.append(piece)
                origins.append(index)
            }
        }
        // Traditional → Simplified keeps one character for one in all but rare phrase entries;
        // when the count changes, convert character by character instead.
        var simplified = Array(normalizer.toSimplified(String(String.UnicodeScalarView(folded))).unicodeScalars)
        if simplified.count != folded.count {
            simplified = folded.map { scalar in
                let converted = Array(normalizer.toSimplified(String(scalar)).unicodeScalars)
                return converted.count == 1 ? converted[0] : scalar
            }
        }
        return (simplified, origins)
    }

    private static func isJoinableSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\u{3000}" || scalar == "\u{A0}"
    }

    private static func isHan(_ scalar: Unicode.Scalar) -> Bool { (0x4E00...0x9FFF).contains(scalar.value) }

    private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }

    /// The ranges of `text` (in original characters) where any of `terms` (normalized) occurs;
    /// merged where they overlap or touch. A term is matched piece by piece: the runs of letters,
    /// digits and CJK characters it contains, as the index sees them.
    public func matches(of terms: [String], in text: String) -> [Range<Int>] {
        let (normalized, origins) = normalizedWithOrigins(text)
        var found: [Range<Int>] = []
        for term in terms {
            for piece in Self.pieces(of: term) where !piece.isEmpty {
                var start = 0
                while start + piece.count <= normalized.count {
                    guard let hit = Self.find(piece, in: normalized, from: start) else { break }
                    let lower = origins[hit], upper = origins[hit + piece.count - 1] + 1
                    found.append(lower..<upper)
                    start = hit + 1
                }
            }
        }
        return Self.merged(found)
    }

    /// A snippet of `text` around the densest cluster of matches (or its beginning).
    public func snippet(of text: String, terms: [String]) -> Snippet {
        let matches = matches(of: terms, in: text)
        let scalars = Array(text.unicodeScalars)
        let length = min(snippetLength, scalars.count)
        var start = 0
        if let best = Self.densestWindow(matches, length: length) {
            // A little context before the first match in the window.
            start = max(0, min(best - snippetLength / 6, scalars.count - length))
        }
        // Start after a line break or sentence end when one is near.
        if start > 0 {
            let lookBack = max(0, start - 12)
            if let boundary = scalars[lookBack..<start].lastIndex(where: { "。;;\n!?!?".unicodeScalars.contains($0) }) {
                start = boundary + 1
            }
        }
        let end = min(scalars.count, start + length)
        var passage = Array(scalars[start..<end])
        var highlights: [[Int]] = []
        for match in matches where match.upperBound > start && match.lowerBound < end {
            highlights.append([max(match.lowerBound, start) - start, min(match.upperBound, end) - start])
        }
        // Line breaks become spaces so that a snippet reads as one line.
        passage = passage.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 }
        return Snippet(text: String(String.UnicodeScalarView(passage)), highlights: highlights, offset: start)
    }

    /// The runs of indexable characters in a normalized term (`3 条` → `3`, `条`).
    static func pieces(of term: String) -> [[Unicode.Scalar]] {
        var pieces: [[Unicode.Scalar]] = [[]]
        for scalar in term.unicodeScalars {
            let indexable =
                scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || (0x3400...0x9FFF).contains(scalar.value) || scalar.value >= 0x20000
            if indexable {
                pieces[pieces.count - 1].append(scalar)
            } else if !pieces[pieces.count - 1].isEmpty {
                pieces.append([])
            }
        }
        return pieces.filter { !$0.isEmpty }
    }

    private static func find(_ piece: [Unicode.Scalar], in text: [Unicode.Scalar], from start: Int) -> Int? {
        guard let first = piece.first, text.count >= piece.count else { return nil }
        var index = start
        let last = text.count - piece.count
        while index <= last {
            if text[index] == first {
                var offset = 1
                while offset < piece.count && text[index + offset] == piece[offset] { offset += 1 }
                if offset == piece.count { return index }
            }
            index += 1
        }
        return nil
    }

    /// Sorted ranges with overlapping and touching ones merged.
    static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// The start of the first match of the window of `length` characters that covers most matched characters.
    static func densestWindow(_ matches: [Range<Int>], length: Int) -> Int? {
        var best: (start: Int, covered: Int)?
        for (index, match) in matches.enumerated() {
            var covered = 0
            for other in matches[index...] {
                guard other.lowerBound < match.lowerBound + length else { break }
                covered += min(other.upperBound, match.lowerBound + length) - other.lowerBound
            }
            if best == nil || covered > best!.covered { best = (match.lowerBound, covered) }
        }
        return best?.start
    }
}
