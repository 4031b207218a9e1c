import Foundation
import JuanzongCore
import JuanzongPostgresTesting
@testable import JuanzongQuery
import JuanzongStore
import Testing

@Suite("Precedent for legal review, timelines and the query language")
struct PrecedentTests {
    @Test func quartilesInterpolateLinearly() {
        let distribution = AmountDistribution([200_000, 30_000, 150_000, 45_000])
        #expect(distribution.count == 4)
        #expect(distribution.minimum == 30_000 && distribution.maximum == 200_000)
        #expect(distribution.firstQuartile == 41_250)
        #expect(distribution.median == 97_500)
        #expect(distribution.thirdQuartile == 162_500)
        #expect(distribution.mean == 106_250)
        let single = AmountDistribution([500])
        #expect(single.firstQuartile == 500 && single.median == 500 && single.thirdQuartile == 500)
        #expect(AmountDistribution([]).median == nil)
        // numpy.percentile([1, 2, 3, 4, 10], [25, 50, 75]) == [2, 3, 4]
        let odd = AmountDistribution([10, 1, 4, 2, 3])
        #expect([odd.firstQuartile, odd.median, odd.thirdQuartile] == [2, 3, 4])
    }

    @Test func proposedAmountIsPlacedAmongEarlierOnes() {
        let distribution = AmountDistribution([30_000, 45_000, 150_000, 200_000])
        #expect(ProposedAmount(10_000, among: distribution).position == .belowMinimum)
        #expect(ProposedAmount(35_000, among: distribution).position == .lowerQuarter)
        #expect(ProposedAmount(50_000, among: distribution).position == .interquartile)
        #expect(ProposedAmount(50_000, among: distribution).percentile == 50)
        #expect(ProposedAmount(180_000, among: distribution).position == .upperQuarter)
        #expect(ProposedAmount(250_000, among: distribution).position == .aboveMaximum)
        #expect(ProposedAmount(1, among: AmountDistribution([])).position == .noPrecedent)
    }

    @Test func articleReferencesAreReadAsReviewersWriteThem() throws {
        let forms = ["大气污染防治法 第一百一十九条", "《中华人民共和国大气污染防治法》第一百一十九条", "大气污染防治法第119条"]
        for form in forms {
            let reference = try ArticleReference(form)
            #expect(reference.statuteKey == "大气污染防治法" && reference.article == 119, "\(form)")
        }
        let withClause = try ArticleReference("《大气污染防治法》第一百一十九条第一款")
        #expect(withClause.clause == 1)
        #expect(try ArticleReference("食品安全法").article == nil)
        #expect(throws: QueryError.self) { try ArticleReference("第一百条") }
    }

    @Test(arguments: ArchiveStoreKind.available) func precedentListsDecidedCasesOnTheBasisWithTheirAmounts(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let database = try fixture.database()
        let precedent = try PrecedentSearch(database: database)
        let result = try precedent.search(.init(article: try ArticleReference("大气污染防治法 第一百零八条"), proposedAmount: 50_000))
        let expected = try database.prepare(
            """
            SELECT DISTINCT c.id, c.penalty_amount_yuan FROM cases c JOIN case_legal_bases b ON b.case_id = c.id
            WHERE b.statute_key = '大气污染防治法' AND b.article = 108 AND c.decided_on IS NOT NULL
            """
        ).rows { ($0.int64(0), $0.optionalDouble(1)) }
        #expect(result.total == expected.count && result.total >= 2)
        #expect(Set(result.cases.map(\.caseId)) == Set(expected.map(\.0)))
        #expect(result.amounts.values == expected.compactMap(\.1).sorted())
        let dates = result.cases.map { $0.decisionDate ?? "" }
        #expect(dates == dates.sorted(by: >))
        for record in result.cases {
            #expect(record.citations.allSatisfy { $0.contains("大气污染防治法") })
            #expect(record.facts?.isEmpty == false)
        }
        #expect(result.proposed?.percentile != nil)
        // Filters narrow; an unknown agency leaves nothing and says so.
        let none = try precedent.search(.init(article: try ArticleReference("大气污染防治法 第一百零八条"), agency: "不存在的机关", proposedAmount: 1))
        #expect(none.total == 0 && none.proposed?.position == .noPrecedent)
    }

    @Test(arguments: ArchiveStoreKind.available) func similarCasesExcludeTheDocumentsOwnCase(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let database = try fixture.database()
        let (documentID, caseID) = try #require(
            try database.prepare(
                """
                SELECT d.id, d.case_id FROM documents d JOIN cases c ON c.id = d.case_id
                WHERE c.case_number_key = '第2231〔2023〕041号' AND d.doc_type = '处罚决定书'
                """
            ).first { ($0.int64(0), $0.int64(1)) })
        let result = try PrecedentSearch(database: database).similar(to: documentID, limit: 3)
        #expect(!result.cases.isEmpty)
        #expect(!result.cases.contains { $0.caseId == caseID })
        // The same subject's later case on the same facts ranks first.
        #expect(result.cases.first?.caseNumber == "第2231〔2024〕052号")
        let similarities = result.cases.compactMap(\.similarity)
        #expect(similarities == similarities.sorted(by: >))
    }

    @Test(arguments: ArchiveStoreKind.available) func subjectTimelineIsInDateOrderWithPenaltyTotals(store: ArchiveStoreKind) throws {
        let fixture = QueryFixture.on(store)
        let database = try fixture.database()
        let reader = ArchiveReader(database: database)
        let subject = try #require(try reader.findSubjects("91310120MA1HK3X52X").first)
        let dossier = try #require(try reader.dossier(subjectID: subject.id))
        let timeline = SubjectTimeline(dossier)
        let dates = timeline.events.compactMap { $0.date.map { String($0.prefix(10)) } }
        #expect(dates == dates.sorted())
        #expect(timeline.events.contains { $0.kind == .caseDecided })
        #expect(timeline.events.contains { $0.kind == .document })
        let amounts = dossier.cases.compactMap(\.case.penaltyAmountYuan)
        #expect(timeline.penaltyTotals.amountYuan == amounts.reduce(0, +))
        #expect(timeline.penaltyTotals.byYear.map(\.amountYuan).reduce(0, +) == timeline.penaltyTotals.amountYuan)
        // The JSON keeps the dossier's keys and adds the timeline.
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let json = try JSONSerialization.jsonObject(with: encoder.encode(SubjectReport(dossier))) as! [String: Any]
        for key in ["subject", "cases", "timeline", "penalty_totals"] { #expect(json[key] != nil, "\(key)") }
    }

    @Test func queryLanguageParsesEveryOperator() throws {
        let query = try QueryParser.parse("行政处罚 罚款 OR 警告 -撤销 \"责令 改正\" 机关:生态环境局 -文书:送达回证 案号：奉环罚〔2023〕12号 2023-01..2023-06 金额:1万..")
        #expect(query.required == [[TextTerm("行政处罚")], [TextTerm("罚款"), TextTerm("警告")], [TextTerm("责令 改正", quoted: true)]])
        #expect(query.excluded == [TextTerm("撤销")])
        #expect(
            query.filters == [
                FieldFilter(.agency, "生态环境局"), FieldFilter(.docType, "送达回证", negated: true),
                FieldFilter(.caseNumber, "奉环罚〔2023〕12号"),
            ])
        #expect(query.decisionDate == DateRange(from: "2023-01-01", through: "2023-06-30"))
        #expect(query.amount == AmountRange(minimum: 10_000, maximum: nil))
        let quotedValue = try QueryParser.parse("当事人:\"上海 某某 公司\"")
        #expect(quotedValue.filters == [FieldFilter(.subject, "上海 某某 公司")])
        // Unknown prefixes are ordinary text: 时间:上午 is a term.
        #expect(try QueryParser.parse("时间:上午").required == [[TextTerm("时间:上午")]])
    }

    @Test(arguments: [false, true])
    func expressionsQuoteEveryTermAndEndOpenWhereTheIndexNeedsIt(quadgrams: Bool) throws {
        let normalizer = try TextNormalizer()
        func match(_ text: String) throws -> String? {
            try SearchExpression(QueryParser.parse(text), normalizer: normalizer, quadgrams: quadgrams).match
        }
        #expect(try match("罚款") == "\"罚款\"")
        #expect(try match("行政处罚决定书") == "\"行政处罚决定书\"")
        #expect(try match("行政处罚 第3") == "\"行政处罚\" AND \"第3\" *")
        #expect(try match("罚") == "\"罚\" *")
        #expect(try match("罰款 OR 警告") == "(\"罚款\" OR \"警告\")")
        #expect(try match("abc\"def\"") == "\"abc\"\"def\"\"\"")
        #expect(try match("第3条") == "\"第3条\" *")
        #expect(try match("罚款 -警告") == "(\"罚款\") NOT \"警告\"")
        #expect(try match("NEAR(罚款 警告)") == "\"near(罚款\" AND \"警告)\"")
    }

    @Test func queryTokensMatchTheIndexTokens() {
        func kinds(_ text: String) -> [SearchTokenizer.QueryToken.Kind] { SearchTokenizer.queryTokens(text).map(\.kind) }
        #expect(kinds("处罚") == [.bigram])
        #expect(kinds("处罚3") == [.bigram, .unigram, .word])
        #expect(kinds("罚") == [.unigram])
        #expect(kinds("第3条") == [.unigram, .word, .unigram])
        #expect(kinds("行政处罚决定") == [.bigram, .bigram, .bigram, .bigram, .bigram])
    }

    /// With 4-grams in the index, a query run takes the 4-gram wherever the index has one and
    /// drops the bigrams a final 4-gram covers; shorter runs are as before.
    @Test func queryTokensUseQuadgramsWhereTheIndexHasThem() {
        func kinds(_ text: String) -> [SearchTokenizer.QueryToken.Kind] {
            SearchTokenizer.queryTokens(text, quadgrams: true).map(\.kind)
        }
        func texts(_ text: String) -> [String] {
            let bytes = Array(text.utf8)
            return SearchTokenizer.queryTokens(text, quadgrams: true).map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
        }
        #expect(kinds("处罚") == [.bigram])
        #expect(kinds("罚") == [.unigram])
        #expect(kinds("处罚决") == [.bigram, .bigram])
        #expect(texts("行政处罚") == ["行政处罚"])
        #expect(texts("行政处罚决定") == ["行政处罚", "政处罚决", "处罚决定"])
        // Followed by more of the phrase, the run keeps one token per position up to its end.
        #expect(texts("行政处罚决定x1") == ["行政处罚", "政处罚决", "处罚决定", "罚决", "决定", "定", "x1"])
        #expect(kinds("第3条") == [.unigram, .word, .unigram])
        #expect(texts("依法责令改正,罚款") == ["依法责令", "法责令改", "责令改正", "令改", "改正", "正", "罚款"])
    }
}
