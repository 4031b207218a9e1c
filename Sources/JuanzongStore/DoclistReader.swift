import CSQLite
import Foundation

/// Reads the doclist of one token straight from the pages FTS5 stores in `document_search_data`.
///
/// A search for one common token hands FTS5 hundreds of thousands of rows, and FTS5 spends
/// ~110 ns on each (iterator, phrase callbacks) before the caller sees it. The doclist itself is
/// a few bytes per row: read here, a row costs a few nanoseconds. The format is FTS5's on-disk
/// format (documented at the top of SQLite's `fts5_index.c`; `version` 4 in `%_config`):
///
/// - The structure record (`id` 10) lists each level's segments, oldest first; a segment's leaf
///   pages have ids `segid << 37 | page`. `%_idx` maps (segid, first term of a page) to the page.
/// - A leaf page starts with two big-endian 16-bit offsets, of its first rowid (0 when none comes
///   before a term) and of its footer, the list of its terms' offsets. Terms are stored with the
///   index's prefix byte, `0` for the main index, and prefix-compressed after a page's first.
/// - A doclist is the first rowid, then (rowid delta, position list) pairs; a position list is
///   its size × 2 (+1 for a delete marker), then positions + 2 of column 0, and `0x01, column`
///   before the positions of each further column. It runs on over following pages, whose first
///   rowid is stored whole, until the next term.
///
/// Whatever the reader does not know (another format version, a delete marker, a page out of
/// place) makes it answer `false`, and the caller asks FTS5 instead. Documents are only ever
/// added to the archive's index, so in practice it never meets a delete marker.
public struct DoclistReader {
    /// Occurrences of the token in each of the first eight columns of one document.
    public typealias ColumnCounts = SIMD8<Int32>

    private let database: Database
    private let table: String
    private let pageLookup: Statement
    private let pages: Statement

    /// A reader of `table`'s index (`table_data`, `table_idx`) on `database`.
    public init(database: Database, table: String = "document_search") throws {
        self.database = database
        self.table = table
        pageLookup = try database.prepare(
            "SELECT pgno FROM \(table)_idx WHERE segid = ?1 AND term <= ?2 ORDER BY term DESC LIMIT 1")
        pages = try database.prepare("SELECT id, block FROM \(table)_data WHERE id >= ?1 AND id <= ?2")
    }

    /// Calls `visit` with every document holding `token` (the tokenizer's bytes) and its counts
    /// per column, in no particular order, all read in one snapshot of the index. Documents whose
    /// every occurrence lies in column 8 or later are not visited.
    ///
    /// Returns false when the index holds something this reader does not understand; `visit` may
    /// have been called for some documents by then, and the caller discards what it gathered.
    public func forEachDocument(holding token: [UInt8], _ visit: (Int64, ColumnCounts) -> Void) throws -> Bool {
        try database.readTransaction {
            guard try formatVersion() == 4, let segments = try structure() else { return false }
            let term = [UInt8(ascii: "0")] + token
            if segments.count == 1 { return try read(term, in: segments[0], visit) }
            // FTS5 lets the newest segment's entry for a row stand: read newest first, skip rows seen.
            var seen = RowSet()
            for segment in segments.reversed() {
                let understood = try read(term, in: segment) { row, counts in
                    if seen.insert(row) { visit(row, counts) }
                }
                guard understood else { return false }
            }
            return true
        }
    }

    struct Segment {
        var id: Int64
        var firstPage: Int64
        var lastPage: Int64
    }

    private func formatVersion() throws -> Int? {
        try database.prepare("SELECT v FROM \(table)_config WHERE k = 'version'").first { $0.int(0) }
    }

    /// The segments of the structure record, oldest first; nil for a form this reader does not know.
    func structure() throws -> [Segment]? {
        let record = try database.prepare("SELECT block FROM \(table)_data WHERE id = 10").first { row in
            row.withBytes(0) { bytes -> [Segment]? in
                // After the 4-byte cookie, a structure of SQLite 3.44+ (with tombstones) starts FF 00 00 01.
                guard bytes.count >= 5, bytes[4] != 0xFF else { return nil }
                var cursor = VarintCursor(bytes, at: 4)
                guard let levels = cursor.next(), cursor.next() != nil, cursor.next() != nil else { return nil }
                var segments: [Segment] = []
                for _ in 0..<levels {
                    guard cursor.next() != nil, let count = cursor.next() else { return nil }
                    var level: [Segment] = []
                    for _ in 0..<count {
                        guard let id = cursor.next(), let first = cursor.next(), let last = cursor.next() else { return nil }
                        level.append(Segment(id: Int64(id), firstPage: Int64(first), lastPage: Int64(last)))
                    }
                    // Level 0 holds the newest segments; within a level the last is the newest.
                    segments.insert(contentsOf: level, at: 0)
                }
                return segments
            }
        }
        return record ?? nil
    }

    /// The id of a segment's leaf page in `%_data`.
    static func pageID(segment: Int64, page: Int64) -> Int64 { segment << 37 | page }

    /// Reads `term`'s doclist in one segment; false when a page is not as expected.
    private func read(_ term: [UInt8], in segment: Segment, _ visit: (Int64, ColumnCounts) -> Void) throws -> Bool {
        let indexed = try pageLookup.first([segment.id, Data(term)]) { $0.int64(0) >> 1 } ?? 0
        let firstPage = max(indexed, segment.firstPage)
        guard firstPage <= segment.lastPage else { return true }
        var decoder = DoclistDecoder()
        var expected = firstPage
        try pages.bind([Self.pageID(segment: segment.id, page: firstPage), Self.pageID(segment: segment.id, page: segment.lastPage)])
        defer { pages.reset() }
        while try pages.step() {
            guard pages.int64(0) == Self.pageID(segment: segment.id, page: expected) else { return false }
            let isLastPage = expected == segment.lastPage
            let step = pages.withBytes(1) { page -> DoclistDecoder.Step in
                guard expected == firstPage else { return decoder.continueOn(page, isLastPage: isLastPage, visit) }
                switch Self.doclist(of: term, in: page) {
                case .malformed: return .invalid
                case .absent: return .finished
                case .at(let start, let end, let followedByTerm):
                    return decoder.decode(page, from: start, to: end, endsHere: followedByTerm || isLastPage, visit)
                }
            }
            switch step {
            case .finished: return true
            case .invalid: return false
            case .needsNextPage: expected += 1
            }
        }
        // The segment ended while the doclist went on.
        return false
    }

    enum TermPlace: Equatable {
        case malformed, absent
        /// The doclist starts at `start`; its part on this page ends at `end`, where another term
        /// starts when `followedByTerm`.
        case at(start: Int, end: Int, followedByTerm: Bool)
    }

    /// Where `term`'s doclist starts on the page the index points to.
    static func doclist(of term: [UInt8], in page: UnsafeBufferPointer<UInt8>) -> TermPlace {
        guard let footer = PageHeader(page)?.footer else { return .malformed }
        var offsets = VarintCursor(page, at: footer)
        var current: [UInt8] = []
        current.reserveCapacity(term.count + 16)
        var termOffset = 0, first = true
        while let delta = offsets.next() {
            termOffset += Int(delta)
            var cursor = VarintCursor(page, at: termOffset, end: footer)
            // A page's first term is whole; the others share a prefix with the term before.
            let prefix = first ? 0 : cursor.next().map(Int.init)
            guard let prefix, prefix <= current.count, let suffix = cursor.next().map(Int.init),
                  cursor.position + suffix <= footer else { return .malformed }
            current.removeSubrange(prefix...)
            current.append(contentsOf: page[cursor.position..<(cursor.position + suffix)])
            first = false
            if current == term {
                let next = offsets.peek().map { termOffset + Int($0) }
                return .at(start: cursor.position + suffix, end: next ?? footer, followedByTerm: next != nil)
            }
            if term.lexicographicallyPrecedes(current) { return .absent }
        }
        return .absent
    }
}

/// The two offsets that start every leaf page.
struct PageHeader {
    /// Offset of the first rowid on the page when it comes before any term, else 0.
    let firstRowid: Int
    /// Offset of the footer (the list of term offsets); the page's size when it has no terms.
    let footer: Int

    init?(_ page: UnsafeBufferPointer<UInt8>) {
        guard page.count >= 4 else { return nil }
        firstRowid = Int(page[0]) << 8 | Int(page[1])
        footer = Int(page[2]) << 8 | Int(page[3])
        guard footer >= 4, footer <= page.count, firstRowid == 0 || (firstRowid >= 4 && firstRowid < footer) else { return nil }
    }

    /// Offset of the page's first term, if it has one.
    func firstTerm(in page: UnsafeBufferPointer<UInt8>) -> Int? {
        var cursor = VarintCursor(page, at: footer)
        return cursor.next().map(Int.init)
    }
}

/// Walks a doclist that may run over several pages, one page at a time.
struct DoclistDecoder {
    enum Step { case finished, needsNextPage, invalid }

    private var rowid: Int64 = 0
    /// Bytes of the current position list not yet read; nil between entries.
    private var remaining: Int?
    private var column = 0
    /// The previous varint of the position list was 0x01: the next one is a column number.
    private var columnFollows = false
    private var counts = DoclistReader.ColumnCounts()

    /// Decodes `page[start..<end]`, which starts with the doclist's first rowid; the doclist ends
    /// there when another term follows or the page is the segment's last.
    mutating func decode(_ page: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, endsHere: Bool,
                         _ visit: (Int64, DoclistReader.ColumnCounts) -> Void) -> Step {
        walk(page, from: start, to: end, wholeRowidAt: start, endsHere: endsHere, visit)
    }

    /// Decodes the doclist's part on a following page.
    mutating func continueOn(_ page: UnsafeBufferPointer<UInt8>, isLastPage: Bool,
                             _ visit: (Int64, DoclistReader.ColumnCounts) -> Void) -> Step {
        guard let header = PageHeader(page) else { return .invalid }
        let termStart = header.firstTerm(in: page)
        let end = termStart ?? header.footer
        guard end >= 4, end <= header.footer else { return .invalid }
        // Between entries, the page must start with a rowid, or else with a term: the doclist is over.
        if remaining == nil {
            if header.firstRowid == 0 { return .finished }
            guard header.firstRowid == 4 else { return .invalid }
        }
        return walk(page, from: 4, to: end, wholeRowidAt: header.firstRowid, endsHere: termStart != nil || isLastPage, visit)
    }

    /// Reads the entries in `page[start..<end]`. The page's first rowid, at `wholeRowidAt`, is
    /// stored whole; the others are deltas.
    private mutating func walk(_ page: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, wholeRowidAt: Int, endsHere: Bool,
                               _ visit: (Int64, DoclistReader.ColumnCounts) -> Void) -> Step {
        var cursor = VarintCursor(page, at: start, end: end)
        var firstOnPage = true
        while true {
            if let left = remaining {
                // Inside a position list: count positions per column.
                let listEnd = cursor.position + left
                let stop = min(listEnd, end)
                while cursor.position < stop {
                    guard let value = cursor.next() else { return .invalid }
                    if columnFollows {
                        column = Int(clamping: value)
                        columnFollows = false
                    } else if value == 1 {
                        columnFollows = true
                    } else if column < 8 {
                        counts[column] &+= 1
                    }
                }
                guard cursor.position <= listEnd else { return .invalid }
                if cursor.position < listEnd {
                    // The list goes on over the next page.
                    remaining = listEnd - cursor.position
                    break
                }
                remaining = nil
                if counts != .zero { visit(rowid, counts) }
            }
            guard cursor.position < end else { break }
            let isWhole = cursor.position == wholeRowidAt
            // The first rowid of a page is stored whole and where the page's header says.
            guard isWhole || !firstOnPage else { return .invalid }
            firstOnPage = false
            guard let value = cursor.next(), let size = cursor.next() else { return .invalid }
            rowid = isWhole ? Int64(bitPattern: value) : rowid &+ Int64(bitPattern: value)
            // A delete marker: the index has had rows removed, which this reader does not merge.
            guard size & 1 == 0 else { return .invalid }
            remaining = Int(size >> 1)
            column = 0
            columnFollows = false
            counts = DoclistReader.ColumnCounts()
        }
        guard endsHere else { return .needsNextPage }
        return remaining == nil ? .finished : .invalid
    }
}

/// Reads SQLite varints (big-endian, 7 bits a byte, the ninth byte whole) from a buffer.
struct VarintCursor {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let end: Int
    private(set) var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, end: Int? = nil) {
        self.bytes = bytes
        self.position = position
        self.end = min(end ?? bytes.count, bytes.count)
    }

    /// The next varint, or nil when it would run past the end.
    @inline(__always)
    mutating func next() -> UInt64? {
        guard position < end else { return nil }
        let first = bytes[position]
        if first < 0x80 {
            position += 1
            return UInt64(first)
        }
        var value: UInt64 = 0
        var index = position
        for _ in 0..<8 {
            guard index < end else { return nil }
            let byte = bytes[index]
            index += 1
            value = value << 7 | UInt64(byte & 0x7F)
            if byte < 0x80 {
                position = index
                return value
            }
        }
        guard index < end else { return nil }
        value = value << 8 | UInt64(bytes[index])
        position = index + 1
        return value
    }

    /// The next varint without moving past it.
    func peek() -> UInt64? {
        var copy = self
        return copy.next()
    }
}

/// Rows already visited, for indexes of more than one segment.
struct RowSet {
    private var words: [UInt64] = []
    private var others: Set<Int64> = []

    /// Adds `row`; false when it was there already.
    @inline(__always)
    mutating func insert(_ row: Int64) -> Bool {
        guard row >= 0, row < 1 << 36 else { return others.insert(row).inserted }
        let word = Int(row >> 6), bit = UInt64(1) << UInt64(row & 63)
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: max(word + 1 - words.count, words.count))) }
        if words[word] & bit != 0 { return false }
        words[word] |= bit
        return true
    }
}
