import CSQLite
import Foundation
import JuanzongCore

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
/// A long doclist is read by several readers at once, each on its own connection, each from a
/// page of its own: the first rowid a page holds is stored whole, so a share can start there.
///
/// Whatever the reader does not know (another format version, a delete marker, a row in two
/// segments, a page out of place, an index that changed between the readers' snapshots) makes it
/// answer `false`, and the caller asks FTS5 instead. Documents are only ever added to the
/// archive's index and never written twice, so in practice none of that happens.
///
/// A reader holds a connection's statements: one thread at a time uses it.
public struct DoclistReader: @unchecked Sendable {
    /// Doclists shorter than this many pages are read by one reader.
    static let pagesPerShare = 32

    private let database: Database
    private let structureRecord: Statement
    private let formatVersion: Statement
    private let termPage: Statement
    private let nextTermPage: Statement
    private let pages: Statement

    /// A reader of `table`'s index (`table_data`, `table_idx`, `table_config`) on `database`.
    public init(database: Database, table: String = "document_search") throws {
        self.database = database
        structureRecord = try database.prepare("SELECT block FROM \(table)_data WHERE id = 10")
        formatVersion = try database.prepare("SELECT v FROM \(table)_config WHERE k = 'version'")
        termPage = try database.prepare("SELECT pgno FROM \(table)_idx WHERE segid = ?1 AND term <= ?2 ORDER BY term DESC LIMIT 1")
        nextTermPage = try database.prepare("SELECT pgno FROM \(table)_idx WHERE segid = ?1 AND term > ?2 ORDER BY term LIMIT 1")
        pages = try database.prepare("SELECT id, block FROM \(table)_data WHERE id >= ?1 AND id <= ?2")
    }

    /// Calls `visit` with every document holding `token` (the tokenizer's bytes) and its
    /// frequency there: the token's occurrences in each column times the column's weight in
    /// `columnWeights` (columns beyond it weigh 0), summed. Documents are visited in no
    /// particular order, and only when their frequency is above 0.
    ///
    /// Returns false when the index holds something this reader does not understand; `visit` may
    /// have been called for some documents by then, and the caller discards what it gathered.
    public func forEachDocument(holding token: [UInt8], columnWeights: [Double], _ visit: (Int64, Double) -> Void) throws -> Bool {
        try Self.forEachDocument(holding: token, readers: [self], columnWeights: columnWeights) { _, row, frequency in visit(row, frequency) }
    }

    /// `forEachDocument(holding:columnWeights:_:)` with the doclist shared among `readers` (each on
    /// a connection of its own, to the same database), read at once on as many threads:
    /// `visit(share, row, frequency)` is called concurrently for different shares, never for the same one. Every
    /// reader works in the snapshot of the first; the call fails (false) if they differ.
    public static func forEachDocument(
        holding token: [UInt8], readers: [DoclistReader], columnWeights: [Double],
        _ visit: (Int, Int64, Double) -> Void
    ) throws -> Bool {
        guard let planner = readers.first else { return false }
        let term = [UInt8(ascii: "0")] + token
        return try planner.database.readTransaction {
            guard let (structure, pieces) = try planner.plan(term) else { return false }
            let shares = Self.shares(of: pieces, count: readers.count)
            let checkRows = Set(pieces.map(\.segment)).count > 1
            // Per share: the rows it read (when they are checked), or nil when it did not understand the index.
            let outcomes = ConcurrentResults<RowSet?>(count: shares.count)
            withoutActuallyEscaping(visit) { visit in
                let context = ShareContext(visit: visit)
                DispatchQueue.concurrentPerform(iterations: shares.count) { index in
                    outcomes.store(
                        Result {
                            let reader = readers[index]
                            var rows = checkRows ? RowSet() : nil
                            let read = {
                                try reader.read(shares[index], weights: columnWeights, rows: &rows) { row, frequency in
                                    context.visit(index, row, frequency)
                                }
                            }
                            // The first reader is in the planner's transaction; the others check they see its index.
                            let understood =
                                index == 0
                                ? try read()
                                : try reader.database.readTransaction {
                                    let seen = try reader.structureRecord.first { row in row.withBytes(0) { Array($0) } }
                                    return seen == structure ? try read() : false
                                }
                            return understood ? rows ?? RowSet() : nil
                        }, at: index)
                }
            }
            var seen = RowSet()
            for outcome in outcomes.all {
                // A row in two segments (FTS5 would show only the newest): left to FTS5.
                guard let rows = try outcome.get(), seen.formUnionIfDisjoint(rows) else { return false }
            }
            return true
        }
    }

    struct Segment: Hashable {
        var id: Int64
        var firstPage: Int64
        var lastPage: Int64
    }

    /// The pages of one segment that hold (part of) the doclist, `pages.lowerBound` being where
    /// its term is.
    struct Piece {
        var segment: Segment
        var pages: ClosedRange<Int64>
        /// Where the doclist starts on its first page, and where its part there ends.
        var start: Int
        var firstPageEnd: Int
    }

    /// Pages of one piece given to one reader: it reads the entries that start on them, and
    /// finishes the last one where it runs on.
    struct Share {
        var piece: Piece
        var pages: ClosedRange<Int64>
    }

    /// The structure record and the doclist's pages in each segment holding the term, newest
    /// segment first; nil for an index this reader does not know.
    private func plan(_ term: [UInt8]) throws -> ([UInt8], [Piece])? {
        let version = try formatVersion.first { $0.int(0) }
        let record = try structureRecord.first { row in row.withBytes(0) { Array($0) } }
        guard version == 4, let record, let segments = record.withUnsafeBufferPointer(Self.segments) else { return nil }
        var pieces: [Piece] = []
        for segment in segments.reversed() {
            let indexed = try termPage.first([segment.id, Data(term)]) { $0.int64(0) >> 1 } ?? 0
            let first = max(indexed, segment.firstPage)
            guard first <= segment.lastPage else { continue }
            let place = try pages.first([Self.pageID(segment: segment.id, page: first), Self.pageID(segment: segment.id, page: first)]) { row in
                row.withBytes(1) { Self.doclist(of: term, in: $0) }
            }
            switch place {
            case nil, .malformed?: return nil
            case .absent?: continue
            case .at(let start, let end, let followedByTerm)?:
                // Pages with no term carry the doclist on up to the next page that has one.
                let next = try nextTermPage.first([segment.id, Data(term)]) { $0.int64(0) >> 1 }
                let last = followedByTerm ? first : min(next ?? segment.lastPage, segment.lastPage)
                guard last >= first else { return nil }
                pieces.append(Piece(segment: segment, pages: first...last, start: start, firstPageEnd: end))
            }
        }
        return (record, pieces)
    }

    /// The segments of a structure record, oldest first; nil for a form this reader does not know.
    static func segments(_ bytes: UnsafeBufferPointer<UInt8>) -> [Segment]? {
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

    /// `pieces` cut into at most `count` runs of about equal numbers of pages.
    static func shares(of pieces: [Piece], count: Int) -> [[Share]] {
        let total = pieces.reduce(0) { $0 + $1.pages.count }
        let parts = max(1, min(count, total / pagesPerShare))
        let size = (total + parts - 1) / max(parts, 1)
        var shares = Array(repeating: [Share](), count: parts)
        var offset = 0
        for piece in pieces {
            var page = piece.pages.lowerBound
            while page <= piece.pages.upperBound {
                let part = min(offset / max(size, 1), parts - 1)
                let end = min(piece.pages.upperBound, page + Int64((part + 1) * size - offset) - 1)
                shares[part].append(Share(piece: piece, pages: page...end))
                offset += Int(end - page + 1)
                page = end + 1
            }
        }
        return shares
    }

    /// The id of a segment's leaf page in `%_data`.
    static func pageID(segment: Int64, page: Int64) -> Int64 { segment << 37 | page }

    /// Reads the entries of `shares`; false when a page is not as expected or (with `rows`) a row
    /// comes twice.
    private func read(
        _ shares: [Share], weights: [Double], rows: inout RowSet?,
        _ visit: (Int64, Double) -> Void
    ) throws -> Bool {
        var duplicate = false
        for share in shares {
            // Every entry counts for the check, the ones of weight 0 too.
            let understood = try read(share, weights: weights) { row, frequency in
                if rows != nil, !rows!.insert(row) { duplicate = true }
                if frequency > 0 { visit(row, frequency) }
            }
            guard understood, !duplicate else { return false }
        }
        return true
    }

    /// Reads the entries that start on the share's pages, and the end of the last.
    private func read(_ share: Share, weights: [Double], _ visit: (Int64, Double) -> Void) throws -> Bool {
        let piece = share.piece, segment = piece.segment
        var decoder = DoclistDecoder(weights: weights)
        var expected = share.pages.lowerBound
        try pages.bind([Self.pageID(segment: segment.id, page: expected), Self.pageID(segment: segment.id, page: piece.pages.upperBound)])
        defer { pages.reset() }
        while try pages.step() {
            guard pages.int64(0) == Self.pageID(segment: segment.id, page: expected) else { return false }
            let isLast = expected == piece.pages.upperBound
            let step = pages.withBytes(1) { page -> DoclistDecoder.Step in
                if expected == piece.pages.lowerBound {
                    return decoder.decode(page, from: piece.start, to: piece.firstPageEnd, endsHere: isLast, visit)
                }
                if !decoder.hasStarted { return decoder.startWithin(page, isLastPage: isLast, visit) }
                return decoder.continueOn(page, isLastPage: isLast, finishingOnly: expected > share.pages.upperBound, visit)
            }
            switch step {
            case .finished: return true
            case .invalid: return false
            case .needsNextPage:
                // Past its own pages, a share only finishes the entry that runs on.
                if expected >= share.pages.upperBound && !decoder.isInsideEntry { return true }
                expected += 1
            }
        }
        return false
    }

    enum TermPlace {
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
                cursor.position + suffix <= footer
            else { return .malformed }
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

/// The closure shares call, passed to their threads.
private struct ShareContext: @unchecked Sendable {
    let visit: (Int, Int64, Double) -> Void
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
    /// Column weights, and the current entry's weighted count.
    private let weights: [Double]
    private var frequency = 0.0
    /// A rowid has been read.
    private(set) var hasStarted = false

    init(weights: [Double]) {
        self.weights = weights
    }

    /// Counts the positions of the current list in `page[start..<stop]` (varints, which never
    /// run over a page's end); returns where it stopped, nil when a varint is cut off.
    @inline(__always)
    private mutating func countPositions(_ page: UnsafeBufferPointer<UInt8>, from start: Int, to stop: Int) -> Int? {
        var inColumn: Int32 = 0
        var index = start, varintStart = start
        while index < stop {
            let byte = page[index]
            index += 1
            // Not yet the last byte of a varint (the ninth byte of one is always the last).
            if byte & 0x80 != 0 && index - varintStart < 9 { continue }
            let isSingleByte = index - varintStart == 1
            if columnFollows {
                var cursor = VarintCursor(page, at: varintStart, end: index)
                column = Int(clamping: cursor.next() ?? 0)
                columnFollows = false
            } else if isSingleByte && byte == 1 {
                addCounted(&inColumn)
                columnFollows = true
            } else {
                inColumn &+= 1
            }
            varintStart = index
        }
        addCounted(&inColumn)
        return varintStart == index ? index : nil
    }

    /// Adds `inColumn` positions of the current column to the frequency.
    @inline(__always)
    private mutating func addCounted(_ inColumn: inout Int32) {
        if inColumn > 0 && column < weights.count { frequency += weights[column] * Double(inColumn) }
        inColumn = 0
    }

    /// In the middle of an entry whose position list runs on over the next page.
    var isInsideEntry: Bool { remaining != nil }

    /// Decodes `page[start..<end]`, which starts with the doclist's first rowid; the doclist ends
    /// there when `endsHere`.
    mutating func decode(
        _ page: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, endsHere: Bool,
        _ visit: (Int64, Double) -> Void
    ) -> Step {
        walk(page, from: start, to: end, wholeRowidAt: start, endsHere: endsHere, finishingOnly: false, visit)
    }

    /// Starts in the middle of a doclist, at the first entry that starts on `page` (if any).
    mutating func startWithin(
        _ page: UnsafeBufferPointer<UInt8>, isLastPage: Bool,
        _ visit: (Int64, Double) -> Void
    ) -> Step {
        guard let header = PageHeader(page) else { return .invalid }
        let termStart = header.firstTerm(in: page)
        let endsHere = termStart != nil || isLastPage
        guard header.firstRowid != 0 else { return endsHere ? .finished : .needsNextPage }
        let end = termStart ?? header.footer
        guard end > header.firstRowid, end <= header.footer else { return .invalid }
        return walk(page, from: header.firstRowid, to: end, wholeRowidAt: header.firstRowid, endsHere: endsHere, finishingOnly: false, visit)
    }

    /// Decodes the doclist's part on a following page; `finishingOnly`, only the end of the
    /// entry that runs on to it.
    mutating func continueOn(
        _ page: UnsafeBufferPointer<UInt8>, isLastPage: Bool, finishingOnly: Bool,
        _ visit: (Int64, Double) -> Void
    ) -> Step {
        guard let header = PageHeader(page) else { return .invalid }
        let termStart = header.firstTerm(in: page)
        let end = termStart ?? header.footer
        guard end >= 4, end <= header.footer else { return .invalid }
        // Between entries, the page must start with a rowid, or else with a term: the doclist is over.
        if remaining == nil {
            if header.firstRowid == 0 || finishingOnly { return .finished }
            guard header.firstRowid == 4 else { return .invalid }
        }
        return walk(
            page, from: 4, to: end, wholeRowidAt: header.firstRowid, endsHere: termStart != nil || isLastPage,
            finishingOnly: finishingOnly, visit)
    }

    /// Reads the entries in `page[start..<end]`. The page's first rowid, at `wholeRowidAt`, is
    /// stored whole; the others are deltas. `finishingOnly`: stops after the entry in progress.
    private mutating func walk(
        _ page: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, wholeRowidAt: Int, endsHere: Bool,
        finishingOnly: Bool, _ visit: (Int64, Double) -> Void
    ) -> Step {
        var cursor = VarintCursor(page, at: start, end: end)
        var firstOnPage = true
        while true {
            if let left = remaining {
                // Inside a position list: count positions per column. Only the column numbers
                // need decoding; a position is counted at its varint's last byte.
                let listEnd = cursor.position + left
                let stop = min(listEnd, end)
                guard let counted = countPositions(page, from: cursor.position, to: stop) else { return .invalid }
                cursor.skip(to: counted)
                if cursor.position < listEnd {
                    // The list goes on over the next page.
                    remaining = listEnd - cursor.position
                    break
                }
                remaining = nil
                visit(rowid, frequency)
                if finishingOnly { return .finished }
            }
            guard cursor.position < end else { break }
            let isWhole = cursor.position == wholeRowidAt
            // The first rowid of a page is stored whole and where the page's header says.
            guard isWhole || !firstOnPage else { return .invalid }
            firstOnPage = false
            guard let value = cursor.next(), let size = cursor.next() else { return .invalid }
            rowid = isWhole ? Int64(bitPattern: value) : rowid &+ Int64(bitPattern: value)
            hasStarted = true
            // A delete marker: the index has had rows removed, which this reader does not merge.
            guard size & 1 == 0 else { return .invalid }
            remaining = Int(size >> 1)
            column = 0
            columnFollows = false
            frequency = 0
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

    /// Moves to `position` (within the end).
    mutating func skip(to position: Int) {
        self.position = min(position, end)
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

    /// Adds the rows of `other` when none of them is here already; false (and unchanged) otherwise.
    mutating func formUnionIfDisjoint(_ other: RowSet) -> Bool {
        guard others.isDisjoint(with: other.others),
            !zip(words, other.words).contains(where: { $0 & $1 != 0 })
        else { return false }
        if other.words.count > words.count { words.append(contentsOf: repeatElement(0, count: other.words.count - words.count)) }
        for (index, word) in other.words.enumerated() { words[index] |= word }
        others.formUnion(other.others)
        return true
    }
}
