/// The documents holding one token of the search index and its positions in each: what the
/// PostgreSQL store keeps in place of FTS5's doclists (`PostgresSearchIndex`).
///
/// A position carries its column in its high bits (`position(column:offset:)`), so that one
/// list answers phrases, column weights and column filters. Documents ascend.
public struct Postings: Sendable, Equatable {
    public private(set) var documents: [Int64] = []
    /// Where each document's positions start in `positions` (one more entry than documents).
    public private(set) var starts: [Int] = [0]
    public private(set) var positions: [Int32] = []

    public init() {}

    /// Bits of a position below its column: no column holds 2^27 tokens (a text is indexed up to 16 MB).
    public static let columnShift: Int32 = 27

    /// The position of the token at `offset` (1-based, as the tokenizer counts) of `column`.
    @inline(__always)
    public static func position(column: Int, offset: Int) -> Int32 {
        Int32(column) << columnShift | Int32(truncatingIfNeeded: offset)
    }

    /// The column a position is in.
    @inline(__always)
    public static func column(of position: Int32) -> Int { Int(position >> columnShift) }

    /// Adds a position; documents must come in ascending order, positions within one ascending.
    public mutating func append(document: Int64, position: Int32) {
        if documents.last != document {
            documents.append(document)
            starts.append(positions.count)
        }
        positions.append(position)
        starts[starts.count - 1] = positions.count
    }

    public func positions(ofDocumentAt index: Int) -> ArraySlice<Int32> { positions[starts[index]..<starts[index + 1]] }

    /// The documents and positions of all `lists` together (the tokens of a prefix; the rows of
    /// one token written by writers whose documents interleave). Lists that follow each other
    /// are joined end to end; others are merged.
    public static func union(_ lists: [Postings]) -> Postings {
        guard lists.count > 1 else { return lists.first ?? Postings() }
        let ordered = lists.filter { !$0.documents.isEmpty }.sorted { $0.documents[0] < $1.documents[0] }
        if zip(ordered, ordered.dropFirst()).allSatisfy({ $0.documents.last! < $1.documents[0] }) {
            var joined = Postings()
            for list in ordered {
                let shift = joined.positions.count
                joined.documents += list.documents
                joined.starts += list.starts.dropFirst().map { $0 + shift }
                joined.positions += list.positions
            }
            return joined
        }
        var byDocument: [Int64: [Int32]] = [:]
        for list in lists {
            for (index, document) in list.documents.enumerated() {
                byDocument[document, default: []].append(contentsOf: list.positions(ofDocumentAt: index))
            }
        }
        var union = Postings()
        for document in byDocument.keys.sorted() {
            for position in byDocument[document]!.sorted() { union.append(document: document, position: position) }
        }
        return union
    }

    /// The list as stored: each document as `varint(id − previous id)` (the first from
    /// `firstDocument`), `varint(count)`, then its positions as `varint(position − previous)`.
    public func encoded() -> (firstDocument: Int64, bytes: [UInt8]) {
        var bytes: [UInt8] = []
        let first = documents.first ?? 0
        var previous = first
        for (index, document) in documents.enumerated() {
            Self.appendVarint(UInt64(document - previous), to: &bytes)
            previous = document
            let own = positions(ofDocumentAt: index)
            Self.appendVarint(UInt64(own.count), to: &bytes)
            var last: Int32 = 0
            for position in own {
                Self.appendVarint(UInt64(position - last), to: &bytes)
                last = position
            }
        }
        return (first, bytes)
    }

    /// Appends a stored list (`encoded`) whose documents all follow those already here.
    public mutating func append(encoded bytes: [UInt8], firstDocument: Int64) {
        var index = 0
        var document = firstDocument
        positions.reserveCapacity(positions.count + bytes.count / 2)
        while index < bytes.count {
            document += Int64(Self.readVarint(bytes, &index))
            let count = Int(Self.readVarint(bytes, &index))
            guard count > 0 else { continue }
            documents.append(document)
            var position: Int32 = 0
            for _ in 0..<count {
                position += Int32(truncatingIfNeeded: Self.readVarint(bytes, &index))
                positions.append(position)
            }
            starts.append(positions.count)
        }
    }

    /// Appends each document of a stored list (`encoded`) to `documents`, and to `frequencies`
    /// the sum over its positions of their column's weight (`weights[column]`, 0 past the end;
    /// a document whose sum is 0 is left out): a one-token phrase's frequency, read without
    /// building the list.
    public static func weightedFrequencies(
        encoded bytes: [UInt8], firstDocument: Int64, weights: [Double], documents: inout [Int64], frequencies: inout [Double]
    ) {
        var index = 0
        var document = firstDocument
        while index < bytes.count {
            document += Int64(readVarint(bytes, &index))
            let count = Int(readVarint(bytes, &index))
            guard count > 0 else { continue }
            var position: Int32 = 0
            var frequency = 0.0
            for _ in 0..<count {
                position += Int32(truncatingIfNeeded: readVarint(bytes, &index))
                let column = column(of: position)
                frequency += column < weights.count ? weights[column] : 0
            }
            guard frequency > 0 else { continue }
            documents.append(document)
            frequencies.append(frequency)
        }
    }

    /// The number of documents in a stored list (`encoded`), its positions skipped unread.
    public static func documentCount(encoded bytes: [UInt8]) -> Int {
        var documents = 0
        var index = 0
        while index < bytes.count {
            _ = readVarint(bytes, &index)
            var positions = readVarint(bytes, &index)
            if positions > 0 { documents += 1 }
            // A varint ends at its byte without the high bit.
            while positions > 0, index < bytes.count {
                if bytes[index] < 0x80 { positions -= 1 }
                index += 1
            }
        }
        return documents
    }

    /// Appends `value` as a varint (7 bits a byte, low bits first; the high bit: more follow).
    public static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Reads the varint at `index` and moves past it.
    @inline(__always)
    public static func readVarint(_ bytes: [UInt8], _ index: inout Int) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return value
    }
}
