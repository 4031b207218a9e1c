import Foundation
@testable import JuanzongBenchmarks
import JuanzongCore
import JuanzongPostgres
import JuanzongPostgresTesting
import JuanzongStore
import Testing

/// The design the PostgreSQL store's search rests on (docs/scale-out.md): juanzong's own tokens,
/// stored in a `tsvector` with positions under a GIN index and queried as `<->` chains, or in
/// posting lists of our own read back and intersected in Swift, find exactly the documents FTS5
/// finds with the juanzong tokenizer. Checked on the real published texts of
/// `Corpus/RealDocuments`, query by query, against a real SQLite FTS5 index and a real
/// PostgreSQL 15 cluster.
@Suite(.enabled(if: PostgresCluster.isInstalled, "需要 PostgreSQL 15(scripts/setup.sh 安装)"), .serialized)
struct PostgresSearchTokensTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus/RealDocuments/texts")

    /// Phrases of every length, a one-character term (a prefix on both), Traditional text, a
    /// Latin word and digits.
    static let queries = [
        "统一社会信用代码", "行政处罚决定书", "法定代表人", "罚款", "罚", "环境", "食品安全法", "市场监督管理局", "责令改正", "沒收違法所得",
        "處罰決定書", "生态环境局", "应急管理局", "有限公司", "第一百二十四条", "听证", "2023", "pdf", "行政复议", "送达",
    ]

    @Test func juanzongTokensInATsvectorAndInPostingListsFindWhatFTS5Finds() throws {
        let normalizer = try TextNormalizer()
        let files = try FileManager.default.contentsOfDirectory(at: Self.corpus, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
        let texts = try files.map { normalizer.normalize(try String(contentsOf: $0, encoding: .utf8)) }
        #expect(texts.count >= 180)

        let root = URL(fileURLWithPath: "/tmp/juanzong-pg-search-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)

        // SQLite: the archive's FTS5 definition (juanzong tokenizer with 4-grams, contentless).
        let sqlite = try Database(path: root.appendingPathComponent("search.sqlite").path)
        try sqlite.execute("CREATE VIRTUAL TABLE document_search USING fts5(body, tokenize = '\(SearchTokenizer.indexOption)', content = '')")
        let insert = try sqlite.prepare("INSERT INTO document_search(rowid, body) VALUES (?1, ?2)")
        for (index, text) in texts.enumerated() { try insert.run([Int64(index + 1), text]) }

        // PostgreSQL: the same tokens, with positions, in a tsvector under a GIN index.
        let cluster = try PostgresCluster.startPrimary(in: root.appendingPathComponent("cluster"))
        defer { try? cluster.stop() }
        try cluster.createDatabase("archive")
        let postgres = try PostgresConnection(url: cluster.url(database: "archive"))
        try postgres.execute("CREATE TABLE document_search(id bigint PRIMARY KEY, body tsvector NOT NULL)")
        try postgres.execute("CREATE INDEX document_search_body ON document_search USING gin(body)")
        try postgres.transaction {
            for (index, text) in texts.enumerated() {
                try postgres.query("INSERT INTO document_search VALUES ($1, $2::tsvector)", [String(index + 1), Self.tsvector(text)])
            }
        }

        var found = 0
        for query in Self.queries {
            let normalized = normalizer.normalize(query)
            let tokens = SearchTokenizer.queryTokens(normalized, quadgrams: true)
            let single = tokens.count == 1 && tokens[0].kind == .unigram
            let match = "\"\(normalized)\"" + (single ? "*" : "")
            let fts5 = Set(try sqlite.prepare("SELECT rowid FROM document_search WHERE document_search MATCH ?1").rows([match]) { $0.int64(0) })
            let postgresIDs = Set(
                try postgres.query("SELECT id FROM document_search WHERE body @@ $1::tsquery", [Self.tsquery(normalized)]).compactMap {
                    $0[0].flatMap { Int64($0) }
                })
            #expect(
                postgresIDs == fts5,
                "「\(query)」:PostgreSQL \(postgresIDs.count) 篇,FTS5 \(fts5.count) 篇;仅 PostgreSQL 有 \(postgresIDs.subtracting(fts5).sorted()),仅 FTS5 有 \(fts5.subtracting(postgresIDs).sorted())"
            )
            if !fts5.isEmpty { found += 1 }
        }
        // The comparison means something only if the queries find documents.
        #expect(found >= Self.queries.count - 2)

        // Posting lists of our own (the candidate `bench-postgres-search` measures): every token's
        // positions in chunks of documents, stored with COPY, read back in the binary format and
        // intersected in Swift, find the same documents for every phrase (Han characters, Latin
        // words, digits) and for a one-character query (a prefix: every bigram starting with it).
        var lists: [[UInt8]: PostingLists.Postings] = [:]
        for (index, text) in texts.enumerated() {
            for token in SearchTokenizer.indexTokens(text) {
                lists[token.bytes, default: PostingLists.Postings()].append(document: Int64(index + 1), position: Int32(token.position))
            }
        }
        try PostingLists.store(lists, in: postgres)
        var phrases = 0
        for query in Self.queries {
            let normalized = normalizer.normalize(query)
            let matched: (documents: [Int64], bytes: Int)
            let match: String
            if let tokens = PostingLists.phraseTokens(normalized) {
                matched = try PostingLists.documents(matching: tokens, in: postgres)
                match = "\"\(normalized)\""
            } else if let prefix = PostingLists.prefix(normalized) {
                matched = try PostingLists.documents(withPrefix: prefix, in: postgres)
                match = "\"\(normalized)\"*"
            } else {
                continue
            }
            phrases += 1
            let fts5 = Set(try sqlite.prepare("SELECT rowid FROM document_search WHERE document_search MATCH ?1").rows([match]) { $0.int64(0) })
            #expect(Set(matched.documents) == fts5, "「\(query)」:倒排表 \(matched.documents.count) 篇,FTS5 \(fts5.count) 篇")
        }
        #expect(phrases == Self.queries.count)
    }

    /// Chunks round-trip, and a phrase needs its tokens at their offsets in one document.
    @Test func postingListsRoundTripAndMatchPhrases() {
        var first = PostingLists.Postings(), second = PostingLists.Postings()
        for (document, position) in [(3, 1), (3, 9), (8_200, 4), (20_000, 7)] { first.append(document: Int64(document), position: Int32(position)) }
        for (document, position) in [(3, 2), (8_200, 9), (20_000, 8)] { second.append(document: Int64(document), position: Int32(position)) }
        var decoded = PostingLists.Postings()
        let chunks = PostingLists.encode(first)
        #expect(chunks.map(\.firstDocument) == [0, 8_192, 16_384])
        for chunk in chunks { PostingLists.decode(chunk.bytes, firstDocument: chunk.firstDocument, into: &decoded) }
        #expect(decoded.documents == first.documents && decoded.positions == first.positions && decoded.starts == first.starts)
        #expect(PostingLists.matchingDocuments([(first, 0), (second, 1)]) == [3, 20_000])
    }

    static func tsvector(_ text: String) -> String { PostgresSearchBenchmark.tsvector(SearchTokenizer.indexTokens(text)) }

    static func tsquery(_ normalized: String) -> String { PostgresSearchBenchmark.tsquery(normalized) }
}
