import Foundation
import JuanzongBenchmarks
import JuanzongCore
import JuanzongIndexer
import JuanzongStore
import Testing

/// Inference on the real published texts of `Corpus/RealDocuments`, and joins that must rest on
/// evidence in the documents themselves.
@Suite("Real documents")
struct RealDocumentTests {
    static let corpus = TestSupport.packageRoot.appendingPathComponent("Corpus/RealDocuments")

    /// The figures reached on 679 texts (recall, precision, both parts
    /// together): a change that drops any of them fails. Raise them as inference gets better.
    static let floors: [String: (recall: Double, precision: Double)] = [
        "document_type": (0.86, 0.97), "case_number": (0.89, 0.96), "agency": (0.82, 0.91), "subject_name": (0.83, 0.92),
        "subject_kind": (0.87, 0.97), "identifier": (0.92, 0.98), "representative": (0.92, 0.98), "decision_date": (0.85, 0.95),
        "penalty_kinds": (0.87, 0.94), "fine_yuan": (0.90, 0.94), "confiscation_yuan": (0.81, 0.94), "legal_bases": (0.87, 0.88),
        "officers": (0.90, 0.98),
    ]

    @Test func inferenceOnTheCorpusDoesNotDropBelowWhatItReached() throws {
        let result = try InferenceBenchmark(corpus: Self.corpus, truth: Self.corpus.appendingPathComponent("truth.tsv")).run()
        #expect(result.texts >= 679 && result.heldOut >= result.texts * 30 / 100)
        for (field, floor) in Self.floors {
            let score = try #require(result.fields.first { $0.field == field && $0.split == "all" })
            #expect(score.recall >= floor.recall, "\(field) 召回 \(score.recall) < \(floor.recall)")
            #expect(score.precision >= floor.precision, "\(field) 准确 \(score.precision) < \(floor.precision)")
        }
        #expect(result.wrongCaseJoins == 0 && result.wrongSubjectMerges == 0)
    }

    /// Pages end anywhere (a 公示 page ended right after `3万` and stopped the indexer): every
    /// text of the corpus, cut at every 101st character, is read from either side of the cut.
    @Test func inferenceReadsTextsCutAnywhere() throws {
        let texts = Self.corpus.appendingPathComponent("texts")
        var read = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: texts.path).sorted() {
            let scalars = Array(try String(contentsOf: texts.appendingPathComponent(name), encoding: .utf8).unicodeScalars)
            for cut in stride(from: 1, to: scalars.count, by: 101) {
                _ = FactInference.infer(text: String(String.UnicodeScalarView(scalars[..<cut])), fileName: name)
                _ = FactInference.infer(text: String(String.UnicodeScalarView(scalars[cut...])), fileName: name)
                read += 2
            }
        }
        #expect(read > 4_000)
    }

    @Test func caseNumbersKeepTheirBracketedPrefixes() {
        let keys = ["(穗云)应急罚〔2023〕45号", "(穗海)应急罚〔2023〕45号", "沪公(浦)行罚决字〔2023〕12345号", "沪公(闵)行罚决字〔2023〕12345号"]
            .compactMap { CaseNumber($0)?.key }
        #expect(Set(keys).count == 4)
        #expect(CaseNumber("文關(guān)檢罰字〔2021〕0100號")?.key == CaseNumber("文關檢罰字[2021]0100号")?.key)
        let facts = FactInference.infer(text: "行政处罚决定书\n威自然执(经)罚字〔2024〕4号\n某某有限公司:\n", fileName: "a")
        #expect(facts.caseNumber?.written == "威自然执(经)罚字〔2024〕4号")
        #expect(facts.subjectName == "某某有限公司")
        let spaced = FactInference.infer(text: "行政处罚决定书\n苏环行罚字〔 2024〕第 0312 号\n", fileName: "b")
        #expect(spaced.caseNumber?.key == CaseNumber("苏环行罚字〔2024〕第0312号")?.key)
    }

    /// A folder of downloaded decisions is not one case: one whose number was read does not
    /// take in the others (the wrong join of 26 documents the issue reports).
    @Test func aFolderOfDownloadedDecisionsIsNotOneCase() throws {
        let input = try TestSupport.temporaryDirectory("downloads")
        try "行政处罚决定书\n罚字〔2024〕4号\n甲有限公司:\n本局决定处以罚款人民币伍仟元。\n".write(
            to: input.appendingPathComponent("1.txt"), atomically: true, encoding: .utf8)
        for index in 2...6 {
            try "行政处罚决定书\n编号缺失的决定 第\(index)份\n乙\(index)有限公司:\n本局决定处以罚款。\n".write(
                to: input.appendingPathComponent("\(index).txt"), atomically: true, encoding: .utf8)
        }
        try "新闻:某地开展执法检查\n近日,市场监管部门检查了多家商户。\n".write(
            to: input.appendingPathComponent("新闻.txt"), atomically: true, encoding: .utf8)
        let archive = try TestSupport.temporaryDirectory("downloads-archive")
        let summary = try TestSupport.ingest([input.path], into: archive)
        #expect(summary.documents == 7)
        #expect(try TestSupport.rows(archive, "SELECT count(*) FROM documents WHERE case_id IS NOT NULL") == ["1"])
    }

    /// The representative and the confiscated amount a decision states are kept with the subject and the case.
    @Test func representativeAndConfiscationAreArchived() throws {
        let input = try TestSupport.temporaryDirectory("representative")
        try """
        行政处罚决定书
        示市监罚〔2025〕18号
        示例食品有限公司:
        统一社会信用代码:91310115MA1K4B2N0T
        法定代表人:周某某
        你公司的行为违反了《中华人民共和国食品安全法》(2021年修正)第三十四条第(十)项的规定。
        依据《中华人民共和国食品安全法》第一百二十四条第一款第三项的规定,
        本局决定对你公司作出如下行政处罚:没收违法所得人民币1,250元,并处罚款人民币8000元。
        根据《中华人民共和国行政处罚法》第六十七条的规定,你公司应自收到本决定书之日起十五日内缴纳罚没款。
        """.write(to: input.appendingPathComponent("决定书.txt"), atomically: true, encoding: .utf8)
        let archive = try TestSupport.temporaryDirectory("representative-archive")
        _ = try TestSupport.ingest([input.path], into: archive)
        #expect(try TestSupport.rows(archive, "SELECT name || '|' || representative FROM subjects") == ["示例食品有限公司|周某某"])
        #expect(
            try TestSupport.rows(archive, "SELECT penalty_kinds || '|' || penalty_amount_yuan || '|' || confiscation_yuan FROM cases")
                == ["罚款、没收违法所得|8000.0|1250.0"])
        // The provision violated and the one applied, each with its role; the payment instruction is neither.
        #expect(
            try TestSupport.rows(archive, "SELECT role || '|' || statute_key || '|' || article FROM case_legal_bases ORDER BY role")
                == ["applied|食品安全法|124", "violated|食品安全法|34"])
    }
}
