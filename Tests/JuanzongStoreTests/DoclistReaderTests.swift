import Foundation
@testable import JuanzongStore
import Testing

/// `DoclistReader` reads FTS5's pages itself; every document and weighted count it reports must
/// be what FTS5 reports (fts5vocab 'instance') for the same token, however the doclists lie over
/// pages and segments. The weights 1, 1,000 and 0 keep the first two columns' counts apart in
/// one number and leave the third out, as the archive's facets column is left out.
@Suite("Reading FTS5 doclists from their pages")
struct DoclistReaderTests {
    /// A table of the archive's tokenizer with tiny pages, so that doclists and single position
    /// lists run over many pages, filled in `batches` transactions (one segment each, merging off).
    static func table(batches: Int, rowsPerBatch: Int) throws -> (URL, Database) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-doclist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let database = try Database(path: root.appendingPathComponent("t.sqlite").path)
        try database.execute(
            """
            CREATE VIRTUAL TABLE t USING fts5(title, body, extra, tokenize = '\(SearchTokenizer.indexOption)', content = '');
            INSERT INTO t(t, rank) VALUES ('pgsz', 64);
            INSERT INTO t(t, rank) VALUES ('automerge', 0);
            CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, t, 'instance');
            """)
        let phrases = ["行政处罚决定书", "责令改正", "罚款", "当事人", "执法人员出示执法证件", "ab 12", "处罚"]
        var random = SystemRandomNumberGenerator()
        let insert = try database.prepare("INSERT INTO t(rowid, title, body, extra) VALUES (?1, ?2, ?3, ?4)")
        var rowid: Int64 = 0
        for _ in 0..<batches {
            try database.transaction {
                for _ in 0..<rowsPerBatch {
                    rowid += Int64.random(in: 1...40, using: &random)
                    func text(_ words: Int) -> String {
                        (0..<words).map { _ in phrases.randomElement(using: &random)! }.joined(separator: "，")
                    }
                    // Now and then a row with one token hundreds of times: a position list of many pages.
                    let body =
                        rowid % 7 == 0 ? Array(repeating: "罚款", count: 300).joined(separator: " ") : text(Int.random(in: 0...30, using: &random))
                    try insert.run([rowid, text(Int.random(in: 0...3, using: &random)), body, text(Int.random(in: 0...2, using: &random))])
                }
            }
        }
        return (root, database)
    }

    static let weights = [1.0, 1_000.0, 0]

    /// What FTS5 says each token's documents and weighted counts are.
    static func expected(_ database: Database) throws -> [[UInt8]: [Int64: Double]] {
        var result: [[UInt8]: [Int64: Double]] = [:]
        try database.prepare("SELECT term, doc, col, count(*) FROM temp.v GROUP BY term, doc, col").each { row in
            let term = row.withBytes(0) { Array($0) }
            let weight = weights[["title": 0, "body": 1, "extra": 2][row.string(2)]!]
            guard weight > 0 else { return }
            result[term, default: [:]][row.int64(1), default: 0] += weight * Double(row.int(3))
        }
        return result
    }

    static func read(_ reader: DoclistReader, _ token: [UInt8]) throws -> [Int64: Double]? {
        var found: [Int64: Double] = [:]
        var twice: [Int64] = []
        let understood = try reader.forEachDocument(holding: token, columnWeights: weights) { row, frequency in
            if found[row] != nil { twice.append(row) }
            found[row] = frequency
        }
        // What the reader visited before it gave up is discarded, so it may hold anything.
        guard understood else { return nil }
        #expect(twice.isEmpty, "rows visited twice")
        return found
    }

    /// The documents `readers` find together, each share gathering its own.
    static func read(_ readers: [DoclistReader], _ token: [UInt8]) throws -> [Int64: Double]? {
        let shares = SharedFinds(count: readers.count)
        let understood = try DoclistReader.forEachDocument(holding: token, readers: readers, columnWeights: weights) { share, row, frequency in
            shares.add(share, row, frequency)
        }
        guard understood else { return nil }
        var found: [Int64: Double] = [:]
        for share in shares.all {
            for (row, frequency) in share {
                #expect(found[row] == nil, "row \(row) visited twice")
                found[row] = frequency
            }
        }
        return found
    }

    final class SharedFinds: @unchecked Sendable {
        private var finds: [[(Int64, Double)]]
        init(count: Int) { finds = Array(repeating: [], count: count) }
        /// Called from the share's own thread only: no two threads touch the same slot.
        func add(_ share: Int, _ row: Int64, _ frequency: Double) { finds[share].append((row, frequency)) }
        var all: [[(Int64, Double)]] { finds }
    }

    @Test(arguments: [false, true])
    func everyTokenReadsAsFTS5SeesIt(optimized: Bool) throws {
        let (root, database) = try Self.table(batches: 6, rowsPerBatch: 150)
        defer { try? FileManager.default.removeItem(at: root) }
        if optimized { try database.execute("INSERT INTO t(t) VALUES ('optimize')") }
        let reader = try DoclistReader(database: database, table: "t")
        let segments = try database.prepare("SELECT block FROM t_data WHERE id = 10").first { $0.withBytes(0) { DoclistReader.segments($0)?.count } }
        #expect(segments == (optimized ? 1 : 6))
        let expected = try Self.expected(database)
        #expect(expected.count > 30)
        // Three readers on connections of their own share each long doclist.
        let readers = try [reader] + (1..<3).map { _ in try DoclistReader(database: Database(path: database.path, readOnly: true), table: "t") }
        var shared = 0
        for (term, documents) in expected {
            #expect(try Self.read(reader, term) == documents, "\(String(decoding: term, as: UTF8.self))")
            #expect(try Self.read(readers, term) == documents, "\(String(decoding: term, as: UTF8.self)), shared")
            if documents.count > 300 { shared += 1 }
        }
        #expect(shared >= 3)
        // Tokens the index lacks, before, between and after its terms.
        for missing in ["", "行政处", "zzz", "\u{01}罚款罚款", "罚"] {
            let token = Array(missing.utf8)
            guard expected[token] == nil else { continue }
            #expect(try Self.read(reader, token) == [:], "\(missing)")
        }
    }

    /// Rows deleted from the index leave delete markers, which the reader does not merge: it
    /// says so, and the caller asks FTS5.
    @Test func deleteMarkersAreLeftToFTS5() throws {
        let (root, database) = try Self.table(batches: 1, rowsPerBatch: 50)
        defer { try? FileManager.default.removeItem(at: root) }
        let reader = try DoclistReader(database: database, table: "t")
        #expect(try Self.read(reader, Array("罚款".utf8)) != nil)
        let rowid = try database.prepare("SELECT doc FROM temp.v WHERE term = '罚款' LIMIT 1").first { $0.int64(0) }!
        try database.execute("INSERT INTO t(t, rowid, title, body, extra) VALUES ('delete', \(rowid), '', '罚款', '')")
        #expect(try Self.read(reader, Array("罚款".utf8)) == nil)
    }

    /// A contentless table lets a row be written twice; FTS5 then shows the newest segment's
    /// entry. The reader does not choose between them: it leaves such a token to FTS5.
    @Test func aRowInTwoSegmentsIsLeftToFTS5() throws {
        let (root, database) = try Self.table(batches: 2, rowsPerBatch: 50)
        defer { try? FileManager.default.removeItem(at: root) }
        let reader = try DoclistReader(database: database, table: "t")
        #expect(try Self.read(reader, Array("改正".utf8)) != nil)
        // Once where the first entry weighs 0 (found only in the third column), once where both count.
        try database.execute("INSERT INTO t(rowid, title, body, extra) VALUES (100000, '', '', '责令改正')")
        #expect(try Self.read(reader, Array("改正".utf8)) != nil)
        try database.execute("INSERT INTO t(rowid, title, body, extra) VALUES (100000, '', '责令改正', '')")
        #expect(try Self.read(reader, Array("改正".utf8)) == nil)
        try database.execute("INSERT INTO t(t) VALUES ('optimize')")
        let rowid = try database.prepare("SELECT doc FROM temp.v WHERE term = '责令' AND col = 'body' LIMIT 1").first { $0.int64(0) }!
        #expect(try Self.read(reader, Array("责令".utf8)) != nil)
        try database.execute("INSERT INTO t(rowid, title, body, extra) VALUES (\(rowid), '', '责令改正', '')")
        #expect(try Self.read(reader, Array("责令".utf8)) == nil)
        #expect(try Self.read(reader, Array("罚款".utf8)) != nil)
    }
}
