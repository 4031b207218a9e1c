import Foundation
import JuanzongBenchmarks
import JuanzongIndexer
import JuanzongPostgresTesting
import JuanzongQuery
@testable import JuanzongStore
import Testing

@Suite("The search index: segments, facets, rebuild")
struct SearchIndexTests {
    static let queries = [
        "罚款", "罚", "\"责令改正\"", "行政处罚 -警告", "机关:市场 文书:决定书", "\"责令改正\" 机关:生态环境局 文书:决定书",
        "罚款 -机关:市场", "食品 OR 噪声", "依据:大气污染防治法", "2023-01-01..2023-12-31",
        "\"行政处罚决定书\"", "\"执法人员出示执法证件\" 文书:笔录", "当事人对检查结果无异议 -罚款", "处罚决定 2023-01-01..2023-12-31",
    ]

    /// Every query's total, and its first 1,000 hits with their scores.
    static func results(_ searcher: Searcher) throws -> [[String]] {
        try queries.map { query in
            let result = try searcher.search(query, options: .init(limit: 1_000, facets: false, snippets: false))
            return [String(result.total)] + result.hits.map { "\($0.documentId):\(($0.score * 1e9).rounded())" }
        }
    }

    static func generatedArchive(cases: Int, batchFiles: Int = 2_000) throws -> (root: URL, archive: ArchiveLocation) {
        setlocale(LC_ALL, "C.UTF-8")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-index-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try CorpusGenerator(cases: cases, seed: 5).write(to: corpus)
        let archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        var options = IngestOptions()
        options.batchFiles = batchFiles
        _ = try Ingestor(archive: archive, options: options).run([corpus.path])
        return (root, archive)
    }

    /// Small write batches leave the index in many segments; merging them into one must change
    /// no search result, and searchers opened before the merge keep answering after it.
    @Test func optimizeMergesSegmentsWithoutChangingResults() throws {
        let (root, archive) = try Self.generatedArchive(cases: 60, batchFiles: 20)
        defer { try? FileManager.default.removeItem(at: root) }
        let searcher = try Searcher(database: archive.openForReading())
        let before = try Self.results(searcher)
        #expect(Int(before[0][0])! > 100)

        let (database, _) = try archive.openForWriting()
        let maintenance = SearchIndexMaintenance(database: database)
        let report = try maintenance.optimize()
        #expect(report.segmentsBefore > 1)
        #expect(report.segmentsAfter == 1)
        #expect(try Self.results(searcher) == before)
        #expect(try Self.results(Searcher(database: archive.openForReading())) == before)

        let again = try maintenance.optimize()
        #expect(again.segmentsBefore == 1 && again.segmentsAfter == 1)
    }

    /// An archive from before the facets column (schema 5) gets its index rebuilt on the next
    /// write; the rebuilt index answers every query as the ingest writer's own did, scores included.
    @Test func anArchiveOfSchemaFiveIsRebuiltWithFacetsAndAnswersAlike() throws {
        let (root, archive) = try Self.generatedArchive(cases: 40)
        defer { try? FileManager.default.removeItem(at: root) }
        let written = try Self.results(Searcher(database: archive.openForReading()))
        #expect(try SearchFacets.areIndexed(in: archive.openForReading()))

        let old = try Database(path: archive.databasePath)
        try old.execute(
            """
            DROP TABLE document_search;
            CREATE VIRTUAL TABLE document_search USING fts5(title, case_number, subject, body, tokenize = 'juanzong', content = '');
            PRAGMA user_version = 5;
            """)
        #expect(try !SearchFacets.areIndexed(in: old))
        #expect(try Searcher(database: archive.openForReading()).search("罚款").total == 0)

        _ = try archive.openForWriting()
        #expect(try SearchFacets.areIndexed(in: archive.openForReading()))
        #expect(try Self.results(Searcher(database: archive.openForReading())) == written)
        #expect(try SearchIndexMaintenance(database: archive.openForReading()).segmentCount() == 1)
    }

    /// The bigram index of schema 7 and the 4-gram index of schema 8 answer every query alike,
    /// scores included: an archive of schema 7 is searched with bigram chains until its next
    /// write rebuilds the index with 4-grams.
    @Test func anArchiveOfSchemaSevenAnswersAlikeBeforeAndAfterItsQuadgramRebuild() throws {
        let (root, archive) = try Self.generatedArchive(cases: 40)
        defer { try? FileManager.default.removeItem(at: root) }
        let written = try Self.results(Searcher(database: archive.openForReading()))
        #expect(try SearchTokenizer.indexesQuadgrams(in: archive.openForReading()))
        #expect(written.allSatisfy { Int($0[0])! > 0 })

        let old = try Database(path: archive.databasePath)
        try old.transaction {
            try old.execute(
                """
                DROP TABLE document_search;
                CREATE VIRTUAL TABLE document_search USING fts5(
                    title, case_number, subject, body, facets, tokenize = 'juanzong', content = '');
                PRAGMA user_version = 7;
                """)
            try SearchIndexRebuild(database: old).run()
        }
        #expect(try !SearchTokenizer.indexesQuadgrams(in: old))
        #expect(try Self.results(Searcher(database: archive.openForReading())) == written)

        _ = try archive.openForWriting()
        #expect(try SearchTokenizer.indexesQuadgrams(in: archive.openForReading()))
        #expect(try Self.results(Searcher(database: archive.openForReading())) == written)
    }

    /// Each position of a CJK run holds its bigram (the last one its character), and each
    /// position that starts four characters of the run also the marked 4-gram. Column sizes count
    /// positions only: bm25 sees the lengths it saw without 4-grams.
    @Test func theIndexHoldsQuadgramsColocatedWithTheirBigrams() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-tokens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let database = try Database(path: root.appendingPathComponent("t.sqlite").path)
        try database.execute(
            """
            CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '\(SearchTokenizer.indexOption)');
            CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, t, 'instance');
            INSERT INTO t(rowid, body) VALUES (1, '行政处罚决定 ab 罚款');
            """)
        let marker = String(UnicodeScalar(SearchTokenizer.quadgramMarker))
        let tokens = try database.prepare("SELECT term, offset FROM temp.v ORDER BY offset, term").rows { row in
            "\(row.int(1)):" + row.string(0).replacingOccurrences(of: marker, with: "#")
        }
        #expect(
            tokens == [
                "0:#行政处罚", "0:行政", "1:#政处罚决", "1:政处", "2:#处罚决定", "2:处罚", "3:罚决", "4:决定", "5:定",
                "6:ab", "7:罚款", "8:款",
            ])
        let size = try database.prepare("SELECT sz FROM t_docsize WHERE id = 1").first { row in row.withBytes(0) { Array($0) } }
        #expect(size == [9])
        // A one-character prefix query never reaches a 4-gram; a phrase is one 4-gram token.
        #expect(try database.prepare("SELECT count(*) FROM t WHERE t MATCH '\"处\" *'").first { $0.int(0) } == 1)
        #expect(try database.prepare("SELECT count(*) FROM t WHERE t MATCH '\"处罚决定\"'").first { $0.int(0) } == 1)
        #expect(try database.prepare("SELECT count(*) FROM t WHERE t MATCH '\"罚决定 ab\"'").first { $0.int(0) } == 1)
        #expect(try database.prepare("SELECT count(*) FROM t WHERE t MATCH '\"政处罚决定\"'").first { $0.int(0) } == 1)
        #expect(try database.prepare("SELECT count(*) FROM t WHERE t MATCH '\"处罚决定ab\"'").first { $0.int(0) } == 1)
        #expect(try database.prepare("SELECT count(*) FROM t WHERE t MATCH '\"行政决定\"'").first { $0.int(0) } == 0)
    }

    /// User terms never match the facet tokens, even when typed: a term that could meet one is
    /// confined to the text columns, and the others cannot meet one.
    @Test(arguments: ArchiveStoreKind.available) func facetTokensAreNeverFoundByUserTerms(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let searcher = try fixture.searcher()
        let facetTokens = [
            SearchFacets.agencyUnknown, SearchFacets.docTypeToken("行政处罚决定书"),
            SearchFacets.agencyToken("上海市奉贤区市场监督管理局"),
        ]
        let fine = fixture.substringScan("罚款")
        for term in ["j", "jz", "jza", "JZA"] + facetTokens {
            let found = fixture.substringScan(term)
            #expect(try fixture.matchingIDs(term, searcher: searcher) == found, "\(term)")
            #expect(try fixture.matchingIDs("罚款 " + term, searcher: searcher) == fine.intersection(found), "\(term)")
            #expect(try fixture.matchingIDs("\"\(term)\" OR 罚款", searcher: searcher) == fine.union(found), "\(term)")
        }
        #expect(try searcher.search(SearchFacets.agencyUnknown).total == 0)
    }

    /// A case's agency can become known only with a later document of it; the documents indexed
    /// before that carry the "no agency yet" token and must still pass an agency filter.
    @Test func documentsIndexedBeforeTheirCaseHadAnAgencyPassItsFilter() throws {
        setlocale(LC_ALL, "C.UTF-8")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-late-agency-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("input/案卷")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        询问笔录
        案号：测试监处〔2024〕0001号
        被询问人：张某某
        问：你店销售过期食品的情况是否属实？答：属实，愿意接受罚款。
        """.write(to: folder.appendingPathComponent("1.txt"), atomically: true, encoding: .utf8)
        try """
        某某区市场监督管理局
        行政处罚决定书
        测试监处〔2024〕0001号
        当事人：张某某
        你销售过期食品，本局决定给予警告，并处罚款人民币伍仟元。
        二〇二四年三月一日
        """.write(to: folder.appendingPathComponent("2.txt"), atomically: true, encoding: .utf8)
        let archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        _ = try Ingestor(archive: archive, options: IngestOptions()).run([root.appendingPathComponent("input").path])

        let database = try archive.openForReading()
        let agencies = try database.prepare("SELECT DISTINCT c.agency FROM documents d JOIN cases c ON c.id = d.case_id").rows {
            $0.optionalString(0)
        }
        #expect(agencies == ["某某区市场监督管理局"])
        let searcher = try Searcher(database: database)
        #expect(try searcher.search("罚款").total == 2)
        #expect(try searcher.search("罚款 机关:市场监督管理局").total == 2)
        #expect(try searcher.search("罚款 机关:某某区市场监督管理局", options: .init(limit: 10)).hits.count == 2)
        #expect(try searcher.search("罚款 机关:生态环境局").total == 0)
        #expect(try searcher.search("罚款 文书:询问笔录").total == 1)
    }
}
