import Foundation
import JuanzongBenchmarks
import JuanzongCore
import JuanzongIndexer
import JuanzongPostgresTesting
@_spi(Benchmarks) @testable import JuanzongQuery
import JuanzongStore
import Testing

@Suite("Chinese full-text search against a real archive")
struct SearchTests {
    /// Terms cut from the archive's own texts: every 1- to 4-character string of Han characters
    /// at a spread of positions, so run starts, run ends and single characters are all covered.
    func sampledTerms() -> [String] {
        let fixture = QueryFixture.on(.sqlite)
        var terms = Set<String>()
        let han = { (scalar: Unicode.Scalar) in (0x4E00...0x9FFF).contains(scalar.value) }
        for (id, text) in fixture.originalTexts.sorted(by: { $0.key < $1.key }) where id % 3 == 0 {
            let scalars = Array(text.unicodeScalars)
            var position = Int(id) % 7
            while position < scalars.count {
                for length in 1...4 where position + length <= scalars.count {
                    let piece = scalars[position..<(position + length)]
                    if piece.allSatisfy(han) { terms.insert(String(String.UnicodeScalarView(piece))) }
                }
                position += 97
            }
        }
        return terms.sorted()
    }

    @Test(arguments: ArchiveStoreKind.available) func recallEqualsASubstringScanForTermsOfOneToFourCharacters(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let searcher = try fixture.searcher()
        let terms = sampledTerms()
        #expect(terms.count > 300)
        #expect(terms.contains { $0.count == 1 } && terms.contains { $0.count == 2 })
        var checked = 0
        for term in terms {
            let expected = fixture.substringScan(term)
            let found = try fixture.matchingIDs(term, searcher: searcher)
            #expect(found == expected, "“\(term)”:检索 \(found.count) 份,子串扫描 \(expected.count) 份")
            checked += 1
        }
        #expect(checked == terms.count)
    }

    @Test(arguments: ArchiveStoreKind.available) func traditionalAndSimplifiedFindEachOther(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let searcher = try fixture.searcher()
        for (traditional, simplified) in [("罰款", "罚款"), ("法治政府建設", "法治政府建设"), ("行政執法", "行政执法"), ("報告", "报告")] {
            let fromTraditional = try fixture.matchingIDs(traditional, searcher: searcher)
            #expect(!fromTraditional.isEmpty, "\(traditional)")
            #expect(fromTraditional == (try fixture.matchingIDs(simplified, searcher: searcher)))
            #expect(fromTraditional == fixture.substringScan(simplified))
        }
        // The seed 001 is written in Traditional characters: a Simplified query finds it and marks its original text.
        let result = try searcher.search("法治政府建设")
        let seed = try #require(result.hits.first { $0.sourcePath.contains("001_") })
        #expect(seed.snippet?.contains("【法治政府建設】") == true)
    }

    @Test(arguments: ArchiveStoreKind.available) func latinAndDigitsAreWordsMatchedByPrefix(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let searcher = try fixture.searcher()
        for term in ["2023", "2231", "91310120", "mp4", "GB", "0388"] {
            #expect(try fixture.matchingIDs(term, searcher: searcher) == fixture.substringScan(term), "\(term)")
        }
        // Mixed Han and digits, and full-width forms folded.
        for term in ["第2231", "2023年", "０３８８号"] {
            let found = try fixture.matchingIDs(term, searcher: searcher)
            #expect(!found.isEmpty && found == fixture.substringScan(term), "\(term)")
        }
        // Brackets are not indexed: 〔2023〕 finds the word 2023 itself.
        let bracketed = try fixture.matchingIDs("〔2023〕", searcher: searcher)
        #expect(!bracketed.isEmpty && bracketed.isSubset(of: fixture.substringScan("2023")))
    }

    @Test(arguments: ArchiveStoreKind.available) func andOrExcludeAndPhrases(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let searcher = try fixture.searcher()
        let fine = fixture.substringScan("罚款"), warning = fixture.substringScan("警告"), service = fixture.substringScan("送达")
        #expect(try fixture.matchingIDs("罚款 送达", searcher: searcher) == fine.intersection(service))
        #expect(try fixture.matchingIDs("罚款 OR 警告", searcher: searcher) == fine.union(warning))
        #expect(try fixture.matchingIDs("送达 罚款 OR 警告", searcher: searcher) == service.intersection(fine.union(warning)))
        #expect(try fixture.matchingIDs("罚款 -警告", searcher: searcher) == fine.subtracting(warning))
        #expect(try fixture.matchingIDs("罚款 －警告", searcher: searcher) == fine.subtracting(warning))
        #expect(try fixture.matchingIDs("\"责令改正\"", searcher: searcher) == fixture.substringScan("责令改正"))
        #expect(try fixture.matchingIDs("“责令改正”", searcher: searcher) == fixture.substringScan("责令改正"))
        // Space inside a phrase: both parts, in order, with only non-indexed characters between.
        let phrase = try fixture.matchingIDs("\"行政处罚 决定书\"", searcher: searcher)
        #expect(phrase.isSubset(of: fixture.substringScan("行政处罚").intersection(fixture.substringScan("决定书"))))
    }

    @Test(arguments: ArchiveStoreKind.available) func fieldFiltersDateAndAmountRanges(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let searcher = try fixture.searcher()
        let database = try fixture.database()
        func ids(_ sql: String) throws -> Set<Int64> { Set(try database.prepare(sql).rows { $0.int64(0) }) }
        let fine = fixture.substringScan("罚款")

        let ecology = try ids("SELECT d.id FROM documents d JOIN cases c ON c.id = d.case_id WHERE c.agency LIKE '%生态环境局%'")
        #expect(try fixture.matchingIDs("罚款 机关:生态环境局", searcher: searcher) == fine.intersection(ecology))
        #expect(try fixture.matchingIDs("罚款 机关:生態環境局", searcher: searcher) == fine.intersection(ecology))
        #expect(try fixture.matchingIDs("罚款 -机关:生态环境局", searcher: searcher) == fine.subtracting(ecology))

        let decisions = try ids("SELECT id FROM documents WHERE doc_type LIKE '%决定书%'")
        #expect(try fixture.matchingIDs("罚款 文书:决定书", searcher: searcher) == fine.intersection(decisions))
        let penalties = try ids("SELECT d.id FROM documents d JOIN cases c ON c.id = d.case_id WHERE c.case_type = '行政处罚'")
        #expect(try fixture.matchingIDs("罚款 类型:行政处罚", searcher: searcher) == fine.intersection(penalties))

        let restaurant = try ids(
            """
            SELECT d.id FROM documents d JOIN subjects s ON s.id = COALESCE(d.subject_id, (SELECT subject_id FROM cases WHERE id = d.case_id))
            WHERE s.identifier = '91310120MA1HK3X52X'
            """)
        #expect(!restaurant.isEmpty)
        #expect(try fixture.matchingIDs("当事人:91310120MA1HK3X52X", searcher: searcher) == restaurant)

        let caseDocs = try ids("SELECT d.id FROM documents d JOIN cases c ON c.id = d.case_id WHERE c.case_number_key = '沪市监奉处〔2023〕0388号'")
        #expect(try fixture.matchingIDs("案号:沪市监奉处[2023]0388号", searcher: searcher) == caseDocs)

        let cited = try ids(
            """
            SELECT d.id FROM documents d JOIN case_legal_bases b ON b.case_id = d.case_id
            WHERE b.statute_key = '大气污染防治法' AND b.article = 108
            """)
        #expect(!cited.isEmpty)
        #expect(try fixture.matchingIDs("依据:《中华人民共和国大气污染防治法》第一百零八条", searcher: searcher) == cited)
        #expect(try fixture.matchingIDs("依据:大气污染防治法第108条", searcher: searcher) == cited)

        let decided2023 = try ids(
            "SELECT d.id FROM documents d JOIN cases c ON c.id = d.case_id WHERE c.decided_on BETWEEN '2023-01-01' AND '2023-12-31'")
        #expect(try fixture.matchingIDs("罚款 2023-01-01..2023-12-31", searcher: searcher) == fine.intersection(decided2023))
        #expect(try fixture.matchingIDs("罚款 2023..2023", searcher: searcher) == fine.intersection(decided2023))

        let midAmounts = try ids("SELECT d.id FROM documents d JOIN cases c ON c.id = d.case_id WHERE c.penalty_amount_yuan BETWEEN 10000 AND 50000")
        #expect(!midAmounts.isEmpty)
        #expect(try fixture.matchingIDs("金额:10000..50000", searcher: searcher) == midAmounts)
        #expect(try fixture.matchingIDs("金额:1万..5万", searcher: searcher) == midAmounts)
        // Filters alone, without any text term, list the documents that pass them.
        #expect(try fixture.matchingIDs("机关:生态环境局", searcher: searcher) == ecology)
    }

    @Test(arguments: ArchiveStoreKind.available) func malformedQueriesGetAChineseErrorNeverAnFTS5Error(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let searcher = try fixture.searcher()
        let cases: [(String, QueryError.Code)] = [
            ("", .emptyQuery), ("   ", .emptyQuery), ("\"罚款", .unclosedQuote), ("“罚款", .unclosedQuote),
            ("OR 罚款", .danglingOperator), ("罚款 OR", .danglingOperator), ("罚款 OR OR 警告", .danglingOperator),
            ("- 罚款", .danglingOperator), ("罚款 OR -警告", .danglingOperator), ("机关:", .emptyFilter),
            ("2023-13-01..2023-12-31", .invalidDate), ("2024..2023", .invalidDate), ("金额:abc", .invalidAmount),
            ("金额:500..100", .invalidAmount), ("-罚款", .onlyExclusions), ("()", .nothingSearchable),
            ("依据:第一百条", .invalidArticle), ("*", .nothingSearchable),
        ]
        for (input, code) in cases {
            do {
                _ = try searcher.search(input)
                Issue.record("“\(input)” 应当报错")
            } catch let error as QueryError {
                #expect(error.code == code, "“\(input)”:\(error.message)")
                #expect(error.message.unicodeScalars.contains { $0.value >= 0x4E00 }, "错误信息应为中文:\(error.message)")
            }
        }
        // Any mix of operator characters: a result or a QueryError, never an SQLite error or a crash.
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("\"“”-:：OR()*^+{}[]NEARAND 罚款警告.2023..金额机关'\\|,，")
        for _ in 0..<2000 {
            let length = Int.random(in: 1...12, using: &generator)
            let input = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            do {
                _ = try searcher.search(input, options: .init(limit: 5))
            } catch is QueryError {
            } catch {
                Issue.record("“\(input)” 引发了非检索式错误:\(error)")
            }
        }
    }

    @Test(arguments: ArchiveStoreKind.available) func rankingWeightsTitleAndBreaksTiesByRecency(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let searcher = try fixture.searcher()
        // 决定书 is in the title of decisions and in the body of many other documents.
        let result = try searcher.search("决定书", options: .init(limit: 5))
        #expect(result.hits.count == 5)
        #expect(result.hits.allSatisfy { $0.title.contains("决定书") })
        let scores = result.hits.map(\.score)
        #expect(scores == scores.sorted(by: >))
        for (a, b) in zip(result.hits, result.hits.dropFirst()) where a.score == b.score {
            #expect((a.decisionDate ?? "") >= (b.decisionDate ?? ""))
        }
        let byDate = try searcher.search("罚款", options: .init(limit: 10, sort: .date))
        let dates = byDate.hits.map { $0.decisionDate ?? $0.documentDate ?? "" }
        #expect(dates == dates.sorted(by: >))
        // Paging is consistent with one long page.
        let all = try searcher.search("罚款", options: .init(limit: 30)).hits.map(\.documentId)
        let second = try searcher.search("罚款", options: .init(limit: 10, offset: 10)).hits.map(\.documentId)
        #expect(Array(all[10..<20]) == second)
    }

    @Test(arguments: ArchiveStoreKind.available) func facetsCountTheWholeResultSet(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let searcher = try fixture.searcher()
        let result = try searcher.search("罚款", options: .init(limit: 3))
        #expect(result.total == fixture.substringScan("罚款").count)
        #expect(result.facets.docType.map(\.count).reduce(0, +) == result.total)
        #expect(!result.facets.agency.isEmpty && !result.facets.year.isEmpty && !result.facets.caseType.isEmpty)
        #expect(result.facets.agency.map(\.count) == result.facets.agency.map(\.count).sorted(by: >))
        // Count-only searches take other paths (FTS5 count per id range; no ranking) and agree.
        for query in ["罚款", "\"责令改正\"", "罚款 机关:生态环境局", "罚款 OR 警告", "罚"] {
            let full = try searcher.search(query, options: .init(limit: 100_000))
            let countOnly = try searcher.search(query, options: .init(limit: 0, facets: false, snippets: false))
            #expect(countOnly.total == full.total && full.total == full.hits.count, "\(query)")
        }
        // A facet value used as a filter gives exactly its count.
        let agency = result.facets.agency[0]
        #expect(try searcher.search("罚款 机关:\(agency.value)").total == agency.count)
        let year = result.facets.year[0]
        #expect(
            try searcher.search("罚款 \(year.value)..\(year.value)").total
                == (try fixture.searcher().search("罚款", options: .init(limit: 100_000))).hits.filter {
                    ($0.decisionDate ?? $0.documentDate ?? "").hasPrefix(year.value)
                }.count)
    }

    @Test(arguments: ArchiveStoreKind.available) func searchHitsCarryTheContractFields(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let searcher = try fixture.searcher()
        let result = try searcher.search("罚款 当事人:王伟")
        let hit = try #require(result.hits.first { $0.sourcePath.contains(".zip!/") })
        #expect(hit.caseNumber == "奉城管罚〔2023〕第0456号")
        #expect(hit.subjectName == "王伟" && hit.subjectId != nil)
        #expect(hit.agency == "上海市奉贤区城市管理行政执法局" && hit.decisionDate == "2023-09-12")
        #expect(hit.score > 0)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let json = try JSONSerialization.jsonObject(with: encoder.encode(result)) as! [String: Any]
        #expect(json["total"] as? Int == result.total)
        #expect(json["facets"] != nil)
        let first = try #require((json["hits"] as? [[String: Any]])?.first)
        for key in [
            "document_id", "case_number", "subject_name", "subject_id", "agency", "doc_type", "title",
            "decision_date", "source_path", "snippet", "score",
        ] {
            #expect(first[key] != nil, "缺少字段 \(key)")
        }
    }
}

@Suite("Highlights and snippets")
struct HighlightTests {
    let highlighter = Highlighter(normalizer: try! TextNormalizer())

    @Test func overlappingAndTouchingMatchesAreMergedNeverRepeated() {
        let text = "本机关决定对当事人处罚罚款人民币伍佰元。"
        let snippet = highlighter.snippet(of: text, terms: ["处罚", "罚款"])
        #expect(snippet.marked() == "本机关决定对当事人【处罚罚款】人民币伍佰元。")
        #expect(snippet.highlights == [[9, 13]])
        // Overlapping occurrences of one term: 罚罚 in 罚罚罚.
        let repeated = highlighter.snippet(of: "甲罚罚罚乙", terms: ["罚罚"])
        #expect(repeated.marked() == "甲【罚罚罚】乙")
        // Touching matches of different terms merge too; separate ones stay apart.
        #expect(highlighter.snippet(of: "罚款警告与罚款", terms: ["罚款", "警告"]).marked() == "【罚款警告】与【罚款】")
    }

    @Test func matchesAreFoundInTraditionalAndFullWidthOriginals() {
        #expect(highlighter.snippet(of: "處以罰款人民幣", terms: ["罚款"]).marked() == "處以【罰款】人民幣")
        #expect(highlighter.snippet(of: "案号ＡＢＣ２０２３号", terms: ["abc2023"]).marked() == "案号【ＡＢＣ２０２３】号")
    }

    @Test func snippetOffsetsAreInCharactersOfTheSnippet() {
        let text = String(repeating: "无关的文字内容。", count: 40) + "这里出现了罚款两字。" + String(repeating: "其他内容。", count: 40)
        let snippet = highlighter.snippet(of: text, terms: ["罚款"])
        #expect(snippet.text.count <= highlighter.snippetLength)
        let scalars = Array(snippet.text.unicodeScalars)
        let range = snippet.highlights[0]
        #expect(String(String.UnicodeScalarView(scalars[range[0]..<range[1]])) == "罚款")
        let whole = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(whole[(snippet.offset + range[0])..<(snippet.offset + range[1])])) == "罚款")
    }
}

@Suite("Ranking function")
struct RankFunctionTests {
    /// juanzong_bm25 reads lengths from memory; its scores must be FTS5's own bm25() scores. On
    /// PostgreSQL, the scores from posting lists must be FTS5's on the same archive in SQLite.
    @Test(arguments: ArchiveStoreKind.available) func juanzongBM25EqualsFTS5BM25(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let searcher = try fixture.searcher()
        for query in ["罚款", "决定书 当事人", "罚款 OR 警告", "\"责令改正\"", "罚", "2023年"] {
            let ours = try searcher.search(query, options: .init(limit: 50, facets: false, snippets: false))
            let expression = try SearchExpression(QueryParser.parse(query), normalizer: fixture.normalizer, quadgrams: true)
            let builtIn = try QueryFixture.on(.sqlite).builtInScores(expression.match!)
            let expected = Dictionary(uniqueKeysWithValues: builtIn.map { (QueryFixture.on(.sqlite).contentOfDocument[$0.key]!, $0.value) })
            #expect(!ours.hits.isEmpty, "\(query)")
            for hit in ours.hits {
                let score = try #require(expected[fixture.contentOfDocument[hit.documentId]!])
                #expect(abs(score - hit.score) < 1e-9 * max(1, abs(score)), "\(query) #\(hit.documentId): \(hit.score) ≠ \(score)")
            }
            // And the page is the best of all matches by that score (ties broken by date, then id).
            let best = builtIn.values.max() ?? 0
            #expect(abs((ours.hits.first?.score ?? 0) - best) < 1e-9 * max(1, best))
        }
    }
}

@Suite("Document frequencies from a sample on large archives")
struct SampledFrequencyTests {
    /// FTS5's own bm25 of every document matching `match` in the SQLite archive, keyed by the
    /// id the document has in `fixture` (the same content's id in either store).
    func builtInScores(_ match: String, in fixture: QueryFixture) throws -> [Int64: Double] {
        let sqlite = QueryFixture.on(.sqlite)
        let idOfContent = Dictionary(uniqueKeysWithValues: fixture.contentOfDocument.map { ($0.value, $0.key) })
        return Dictionary(
            uniqueKeysWithValues: try sqlite.builtInScores(match).map { (idOfContent[sqlite.contentOfDocument[$0.key]!]!, $0.value) })
    }

    /// A filtered one-phrase search takes its idf from the sample: every score is FTS5's score
    /// times one factor (the order never changes), a factor near 1, and exactly 1 for a phrase
    /// the sample finds too rarely (then counted in full). The fixture is small: here the sample
    /// is half the archive (2 ranges) and 5 matches suffice.
    @Test(arguments: ArchiveStoreKind.available) func aSampledIdfScalesScoresAndKeepsTheOrder(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let searcher = try fixture.searcher()
        searcher.idfSampling = .init(minimumDocuments: 0, slices: 2, minimumMatches: 5)
        let catalog = try searcher.currentCatalog()
        let commonest = Dictionary(grouping: catalog.docTypeCodes.filter { $0 >= 0 }, by: { $0 }).max { $0.value.count < $1.value.count }!.key
        let docType = catalog.docTypes.values[Int(commonest)]
        // Three-character phrases (two bigrams: one token's doclist is read whole, which counts
        // it exactly) in 10–35 % of the documents: their idf is not clamped, and the sample sees them.
        var candidates: [(String, [Int64: Double])] = []
        for (_, text) in fixture.originalTexts.sorted(by: { $0.key < $1.key }) where candidates.count < 6 {
            let scalars = Array(text.unicodeScalars)
            for start in stride(from: 0, to: scalars.count - 2, by: 37) where candidates.count < 6 {
                let pair = scalars[start...start + 2]
                guard pair.allSatisfy({ (0x4E00...0x9FFF).contains($0.value) }) else { continue }
                let phrase = String(String.UnicodeScalarView(pair))
                guard !candidates.contains(where: { $0.0 == phrase }) else { continue }
                let expression = try SearchExpression(QueryParser.parse(phrase), normalizer: fixture.normalizer, quadgrams: true)
                let expected = try builtInScores(expression.match!, in: fixture)
                if Double(expected.count) >= 0.10 * Double(catalog.count), Double(expected.count) <= 0.35 * Double(catalog.count) {
                    candidates.append((phrase, expected))
                }
            }
        }
        #expect(candidates.count >= 3)
        var factors: [String: Double] = [:]
        for (phrase, expected) in candidates {
            let query = "\(phrase) 文书:\(docType)"
            let page = try searcher.search(query, options: .init(limit: 1000, facets: false, snippets: false)).hits
            guard let first = page.first, let firstExpected = expected[first.documentId], firstExpected > 0 else { continue }
            let factor = first.score / firstExpected
            for hit in page {
                let score = try #require(expected[hit.documentId])
                #expect(abs(hit.score - score * factor) < 1e-9 * max(1, abs(score)), "\(query) #\(hit.documentId)")
            }
            #expect(zip(page, page.dropFirst()).allSatisfy { $0.score >= $1.score }, "\(query)")
            factors[phrase] = factor
        }
        #expect(factors.count >= 3, "\(factors)")
        #expect(factors.values.contains { abs($0 - 1) > 1e-9 }, "the sample was never used: \(factors)")
        for (phrase, factor) in factors {
            #expect(factor > 0.5 && factor < 2, "\(phrase): \(factor) \(factors)")
        }
        // A phrase too rare for the sample is counted in full: FTS5's scores exactly.
        var rare: (id: Int64, phrase: String, expected: [Int64: Double])?
        for (id, text) in fixture.originalTexts.sorted(by: { $0.key < $1.key }) where rare == nil {
            let runs = text.split { !(0x4E00...0x9FFF).contains($0.unicodeScalars.first!.value) }.filter { $0.count >= 8 }
            for run in runs where rare == nil {
                let phrase = String(run.prefix(8))
                let expression = try SearchExpression(QueryParser.parse(phrase), normalizer: fixture.normalizer, quadgrams: true)
                let expected = try builtInScores(expression.match!, in: fixture)
                if (1...4).contains(expected.count) { rare = (id, phrase, expected) }
            }
        }
        let (rareID, phrase, expected) = try #require(rare)
        let rareType = try #require(try searcher.database.prepare("SELECT doc_type FROM documents WHERE id = ?1").first([rareID]) { $0.string(0) })
        let ours = try searcher.search("\(phrase) 文书:\(rareType)", options: .init(limit: 50, facets: false, snippets: false))
        #expect(ours.hits.contains { $0.documentId == rareID }, "\(phrase)")
        for hit in ours.hits {
            let score = try #require(expected[hit.documentId])
            #expect(abs(hit.score - score) < 1e-9 * max(1, abs(score)), "\(phrase) #\(hit.documentId)")
        }
    }
}

@Suite("Searching while an ingest writes")
struct ConcurrentIngestTests {
    /// Readers keep answering while the one writer commits batch after batch (SQLite's WAL,
    /// PostgreSQL's snapshots), and each answer reflects a committed state (the count never goes
    /// down); a searcher holding a catalog sees that a batch made it stale (on PostgreSQL the
    /// question travels with the search's first read) and searches again with the new one.
    @Test(arguments: ArchiveStoreKind.available) func searchesAreAnsweredDuringAnIngest(store: ArchiveStoreKind) throws {
        setlocale(LC_ALL, "C.UTF-8")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-concurrent-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = root.appendingPathComponent("corpus")
        try CorpusGenerator(cases: 400, seed: 11).write(to: corpus)
        let archive = try store.newArchive(in: root)
        // A first small ingest creates the archive, so that readers can open it.
        _ = try Ingestor(archive: archive, options: IngestOptions()).run([QueryFixture.packageRoot.appendingPathComponent("SampleCases").path])
        var batches = IngestOptions()
        batches.batchFiles = 50
        let options = batches
        let finished = Flag()
        let ingest = Thread {
            _ = try? Ingestor(archive: archive, options: options).run([corpus.path])
            finished.set()
        }
        ingest.start()
        let searcher = try Searcher(database: archive.openForReading())
        var totals: [Int] = []
        repeat {
            totals.append(try searcher.search("罚款 机关:市场监督管理局", options: .init(limit: 5)).total)
        } while !finished.isSet
        totals.append(try searcher.search("罚款 机关:市场监督管理局", options: .init(limit: 5)).total)
        #expect(totals.count >= 2)
        #expect(totals == totals.sorted(), "检索结果数不应减少:\(totals)")
        #expect(totals.last! > totals.first!)
    }
}

/// A flag set by one thread and read by another.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
