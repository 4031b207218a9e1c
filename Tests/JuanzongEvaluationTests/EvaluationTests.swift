import Foundation
import JuanzongCore
@testable import JuanzongEvaluation
import JuanzongIndexer
import JuanzongStore
import Testing

@Suite("Working days with statutory holidays and 调休")
struct WorkingCalendarTests {
    let calendar = try! WorkingCalendar(contentsOf: EvaluationFiles.holidays)

    func day(_ text: String) -> DayDate { DayDate(iso: text)! }

    @Test func springFestivalIsSkippedAndMakeUpSundaysCount() throws {
        // 2024: 2月10日–17日 放假,2月18日(周日)上班.
        #expect(try calendar.workingDay(7, after: day("2024-02-08")) == day("2024-02-23"))
        #expect(try calendar.isWorkingDay(day("2024-02-18")) && day("2024-02-18").weekday == 7)
        #expect(try !calendar.isWorkingDay(day("2024-02-12")))
        // 2026: 2月15日–23日 放假,2月14日(周六)、2月28日(周六)上班.
        #expect(try calendar.workingDay(1, after: day("2026-02-13")) == day("2026-02-14"))
        #expect(try calendar.workingDay(2, after: day("2026-02-13")) == day("2026-02-24"))
        // 2020: the holiday extended to 2月2日; 1月19日(周日)上班.
        #expect(try calendar.workingDay(1, after: day("2020-01-23")) == day("2020-02-03"))
        #expect(try calendar.isWorkingDay(day("2020-01-19")))
    }

    @Test func nationalDayIsSkippedAndMakeUpWeekendCounts() throws {
        // 2023: 9月29日–10月6日 放假,10月7日(周六)、8日(周日)上班.
        #expect(try calendar.workingDay(7, after: day("2023-09-27")) == day("2023-10-12"))
        #expect(try calendar.isWorkingDay(day("2023-10-07")) && calendar.isWorkingDay(day("2023-10-08")))
        // 2025: 10月1日–8日 放假,9月28日(周日)、10月11日(周六)上班. 9月26日是周五.
        #expect(try calendar.workingDay(1, after: day("2025-09-26")) == day("2025-09-28"))
        #expect(try calendar.workingDay(3, after: day("2025-09-26")) == day("2025-09-30"))
        #expect(try calendar.workingDay(4, after: day("2025-09-26")) == day("2025-10-09"))
        #expect(try calendar.workingDay(6, after: day("2025-09-26")) == day("2025-10-11"))
    }

    @Test func ordinaryWeeksAndUncoveredYears() throws {
        #expect(try calendar.workingDay(5, after: day("2024-03-01")) == day("2024-03-08"))
        #expect(day("2024-03-01").weekday == 5 && day("1970-01-01").weekday == 4)
        #expect(DayDate(daysSinceEpoch: day("2024-02-29").daysSinceEpoch) == day("2024-02-29"))
        // A year with no arrangement is estimated from the statutory holidays (5月1日–2日 in 2030); before 2014 it is not.
        #expect(try calendar.workingDay(3, after: day("2030-05-01")) == day("2030-05-07"))
        #expect(throws: WorkingCalendar.YearNotCovered.self) { try calendar.workingDay(3, after: day("2010-05-01")) }
    }
}

@Suite("Reproducible stratified draws")
struct SampleDrawTests {
    static func population(_ count: Int) -> [PopulationCase] {
        (0..<count).map { index in
            let agency = ["生态环境局", "市场监督管理局", "城市管理行政执法局"][index % 3]
            return PopulationCase(
                id: Int64(index + 1), numberKey: "罚〔2024〕\(String(format: "%04d", (index * 7919) % count))号",
                caseNumber: "罚〔2024〕\(index)号", agency: agency, caseType: index % 5 == 0 ? "行政强制" : "行政处罚",
                subjectName: nil)
        }
    }

    /// The README's algorithm, written again here from its text.
    static func reference(_ population: [PopulationCase], perStratum: Int, seed: String) -> [String] {
        struct Mixer {
            var state: UInt64
            mutating func next() -> UInt64 {
                state = state &+ 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z >> 31)
            }
        }
        let sorted = population.sorted { Array($0.numberKey.utf8).lexicographicallyPrecedes(Array($1.numberKey.utf8)) }
        let strata = Set(sorted.map(\.agency)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var result: [String] = []
        for stratum in strata {
            let members = sorted.filter { $0.agency == stratum }
            let digest = MessageDigest.hex(.sha256, of: Data((seed + "\n" + stratum).utf8))
            var mixer = Mixer(state: UInt64(digest.prefix(16), radix: 16)!)
            var order = Array(members.indices)
            let n = min(perStratum, members.count)
            for i in 0..<n { order.swapAt(i, i + Int(mixer.next() % UInt64(members.count - i))) }
            result += order.prefix(n).map { members[$0].caseNumber }
        }
        return result
    }

    @Test func sameSeedSameListOtherSeedOtherList() {
        let population = Self.population(300)
        let parameters = DrawParameters(year: 2024, perAgency: 8)
        let first = SampleDraw.draw(population, parameters: parameters, seed: "评查2024").flatMap { $0.drawn.map(\.caseNumber) }
        let again = SampleDraw.draw(population.shuffled(), parameters: parameters, seed: "评查2024").flatMap { $0.drawn.map(\.caseNumber) }
        let other = SampleDraw.draw(population, parameters: parameters, seed: "评查2024b").flatMap { $0.drawn.map(\.caseNumber) }
        #expect(first.count == 24 && first == again)
        #expect(first != other)
        #expect(Set(first).count == first.count)
    }

    @Test func theDocumentedAlgorithmReimplementedGivesTheSameList() {
        let population = Self.population(250)
        for seed in ["a", "2024年度案卷评查", "seed-3"] {
            let drawn = SampleDraw.draw(population, parameters: DrawParameters(year: 2024, perAgency: 10), seed: seed)
            #expect(drawn.flatMap { $0.drawn.map(\.caseNumber) } == Self.reference(population, perStratum: 10, seed: seed))
        }
    }

    @Test func rateMinimumAndTwoFieldStrata() {
        let population = Self.population(300)
        let byRate = SampleDraw.draw(population, parameters: DrawParameters(year: 2024, rate: 0.05, minimum: 6), seed: "x")
        #expect(byRate.map(\.drawn.count) == [6, 6, 6])
        let byRateLarge = SampleDraw.draw(population, parameters: DrawParameters(year: 2024, rate: 0.1), seed: "x")
        #expect(byRateLarge.map(\.drawn.count) == [10, 10, 10])
        let twoFields = SampleDraw.draw(population, parameters: DrawParameters(year: 2024, perAgency: 2, by: ["agency", "case_type"]), seed: "x")
        #expect(twoFields.count == 6 && twoFields.allSatisfy { $0.key.count == 2 && $0.drawn.count == 2 })
    }
}

@Suite("Automatic checks and draw records on a real archive", .serialized)
struct CaseCheckTests {
    /// Two hand-made 普通程序 penalty cases: one that meets every rule, one that breaks each.
    static let archive: ArchiveLocation = {
        setlocale(LC_ALL, "C.UTF-8")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-evaluation-\(UUID().uuidString)")
        func write(_ folder: String, _ manifest: String, _ documents: [(String, String)]) {
            let url = root.appendingPathComponent("input/\(folder)")
            try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try! Data(manifest.utf8).write(to: url.appendingPathComponent("case.json"))
            for (name, text) in documents { try! Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        }
        let rights = "如不服本决定,可以在收到本决定书之日起六十日内申请行政复议,也可以在六个月内依法向人民法院提起行政诉讼。"
        write(
            "合规案件",
            """
            {"case_number": "奉环罚〔2024〕第0001号", "agency": "上海市奉贤区生态环境局", "case_type": "行政处罚", "procedure": "普通",
             "dates": {"filed": "2024-01-10", "decided": "2024-02-08", "served": "2024-02-23", "published": "2024-02-23", "closed": "2024-03-01"},
             "penalty": {"kinds": ["罚款"], "amount_yuan": 20000},
             "officers": [{"name": "赵刚"}, {"name": "孙丽"}],
             "subject": {"kind": "enterprise", "name": "合规测试有限公司"},
             "documents": [
               {"file": "1.txt", "type": "立案审批表", "date": "2024-01-10"}, {"file": "2.txt", "type": "询问笔录", "date": "2024-01-12"},
               {"file": "3.txt", "type": "调查终结报告", "date": "2024-01-20"}, {"file": "4.txt", "type": "处罚告知书", "date": "2024-01-22"},
               {"file": "5.txt", "type": "法制审核意见", "date": "2024-02-05"}, {"file": "6.txt", "type": "处罚决定书", "date": "2024-02-08"},
               {"file": "7.txt", "type": "送达回证", "date": "2024-02-23"}, {"file": "8.txt", "type": "结案报告", "date": "2024-03-01"}]}
            """, (1...8).map { ("\($0).txt", $0 == 6 ? "行政处罚决定书\n" + rights : "文书 \($0) 合规") })
        write(
            "问题案件",
            """
            {"case_number": "奉环罚〔2024〕第0002号", "agency": "上海市奉贤区生态环境局", "case_type": "行政处罚", "procedure": "普通",
             "dates": {"filed": "2024-01-02", "decided": "2024-04-15", "served": "2024-04-25"},
             "penalty": {"kinds": ["扣押", "罚款"], "amount_yuan": 50000},
             "officers": [{"name": "赵刚"}],
             "subject": {"kind": "enterprise", "name": "问题测试有限公司"},
             "documents": [
               {"file": "1.txt", "type": "立案审批表", "date": "2024-01-02"}, {"file": "2.txt", "type": "处罚决定书", "date": "2024-04-15"},
               {"file": "3.txt", "type": "处罚告知书", "date": "2024-03-20"}, {"file": "4.txt", "type": "送达回证", "date": "2024-04-25"}]}
            """, [("1.txt", "立案 问题"), ("2.txt", "行政处罚决定书\n如不服本决定,可申请行政复议。"), ("3.txt", "告知 问题"), ("4.txt", "送达 问题")])
        let location = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        _ = try! Ingestor(archive: location, options: IngestOptions()).run([root.appendingPathComponent("input").path])
        return location
    }()

    func checker() throws -> CaseChecker {
        CaseChecker(
            rules: try EvaluationRules(contentsOf: EvaluationFiles.rules), calendar: try WorkingCalendar(contentsOf: EvaluationFiles.holidays))
    }

    func findings(_ number: String) throws -> [Finding] {
        let reader = ArchiveReader(database: try Self.archive.openForReading())
        let file = try #require(try reader.caseFile(numberKey: CaseNumber(number)!.key, includeText: true))
        return try checker().findings(for: file)
    }

    @Test func aCompliantCasePassesEveryRule() throws {
        #expect(try findings("奉环罚〔2024〕第0001号") == [])
    }

    @Test func aDeficientCaseFailsEachRuleWithEvidence() throws {
        let found = try findings("奉环罚〔2024〕第0002号")
        let rules = Set(found.map(\.rule))
        for rule in [
            "completeness", "order", "audio_video", "decision_within_90_days", "service_within_7_working_days",
            "publication_within_7_working_days", "legal_review", "officers", "remedies",
        ] {
            #expect(rules.contains(rule), "应有 \(rule) 问题:\(found.map(\.message))")
        }
        let service = try #require(found.first { $0.rule == "service_within_7_working_days" })
        #expect(service.evidence.contains("送达 2024-04-25") && service.evidence.contains("期限至 2024-04-24"))
        #expect(found.contains { $0.message.contains("卷内缺少调查终结报告") })
        #expect(found.allSatisfy { $0.deduction > 0 && !$0.evidence.isEmpty })
    }

    @Test func drawsAreRecordedNeverEditedAndCanBeSuperseded() throws {
        let (database, _) = try Self.archive.openForWriting()
        let recorder = DrawRecorder(database: database, checker: try checker())
        let parameters = DrawParameters(year: 2024, perAgency: 1)
        let first = try recorder.draw(parameters, seed: "s1")
        #expect(first.cases.count == 1 && first.drawId != nil)
        #expect(first.cases[0].findings == (try findings(first.cases[0].caseNumber)))
        #expect(throws: DatabaseError.self) { try database.execute("UPDATE sample_draws SET seed = 'x'") }
        #expect(throws: DatabaseError.self) { try database.execute("DELETE FROM sample_draw_cases") }
        // Excluding earlier draws leaves the other case; superseding the first draw releases its case again.
        let excluding = DrawParameters(year: 2024, perAgency: 2, excludeSampledSince: 2024)
        let second = try recorder.draw(excluding, seed: "s2")
        #expect(second.cases.map(\.caseNumber) == ["奉环罚〔2024〕第000\(first.cases[0].caseNumber.hasSuffix("1号") ? 2 : 1)号"])
        let replacement = try recorder.draw(parameters, seed: "s3", supersedes: (first.drawId!, "抽样参数有误"))
        #expect(
            try database.prepare("SELECT supersede_reason FROM sample_draws WHERE id = ?1").first([replacement.drawId!]) { $0.string(0) } == "抽样参数有误")
        #expect(throws: DrawError.self) { try recorder.draw(parameters, seed: "s4", supersedes: (999, "无此记录")) }
        // An empty population is refused, not recorded.
        let draws = try database.prepare("SELECT count(*) FROM sample_draws").first { $0.int(0) }
        #expect(throws: DrawError.self) { try recorder.draw(DrawParameters(year: 2099, perAgency: 1), seed: "s5") }
        #expect(try database.prepare("SELECT count(*) FROM sample_draws").first { $0.int(0) } == draws)
    }

    @Test func worksheetsRoundTripIntoScoresAndTheReport() throws {
        let (database, _) = try Self.archive.openForWriting()
        let checker = try checker()
        let draw = try DrawRecorder(database: database, checker: checker).draw(DrawParameters(year: 2024, perAgency: 2), seed: "表")
        let drawID = try #require(draw.drawId)
        let sheets = Worksheet.byAgency(draw)
        #expect(sheets.count == 1 && sheets[0].rows.count == 2)
        let html = Worksheet.html(drawID: drawID, year: 2024, agency: sheets[0].agency, rows: sheets[0].rows, scoring: checker.rules.scoring)
        #expect(html.contains("卷面(20)") && html.contains("内容(80)") && html.contains("@page { size: A4"))
        // Fill the CSV as a reviewer would in a spreadsheet, and read it back.
        var table = CSV.parse(Worksheet.csv(drawID: drawID, rows: sheets[0].rows))
        #expect(table[0] == Worksheet.columns && table.count == 3)
        table[1][8] = "是"
        table[1][9] = "19"
        table[1][10] = "75"
        table[1][11] = "张审"
        table[2][8] = "否"
        table[2][9] = "15"
        table[2][10] = "60"
        table[2][12] = "缺少法制审核,一票否决"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-sheets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let filled = folder.appendingPathComponent("filled.csv")
        try Data(("\u{FEFF}" + table.map { $0.map(CSV.field).joined(separator: ",") }.joined(separator: "\r\n")).utf8).write(to: filled)
        let imported = try ScoreImporter(database: database, scoring: checker.rules.scoring).importWorksheets([filled.path])
        #expect(imported.rows == 2)
        let grades = try database.prepare("SELECT case_number, total, grade FROM sample_scores WHERE draw_id = ?1 ORDER BY total DESC")
            .rows([drawID]) { "\($0.string(0))|\($0.double(1))|\($0.string(2))" }
        #expect(grades == ["\(table[1][2])|94.0|优秀", "\(table[2][2])|75.0|不合格"])
        let report = try EvaluationReport(year: 2024, database: database)
        let agency = try #require(report.agencies.first)
        #expect(agency.drawn >= 2 && agency.scored == 2 && agency.averageScore == 84.5 && agency.excellent == 1 && agency.fail == 1)
        #expect(report.html().contains("<svg") && report.html().contains("84.5"))
        #expect(report.csv().contains("上海市奉贤区生态环境局"))
    }

    @Test func badWorksheetsAreRejectedWholeWithTheirLines() throws {
        let (database, _) = try Self.archive.openForWriting()
        let checker = try checker()
        let draw = try DrawRecorder(database: database, checker: checker).draw(DrawParameters(year: 2024, perAgency: 2), seed: "坏表")
        let drawID = try #require(draw.drawId)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-bad-sheets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var table = CSV.parse(Worksheet.csv(drawID: drawID, rows: draw.cases))
        table[1][8] = "是"
        table[1][9] = "19"
        table[1][10] = "75"
        table[2][8] = "是"
        table[2][9] = "25"
        table[2][10] = "75"
        let good = folder.appendingPathComponent("good.csv"), bad = folder.appendingPathComponent("bad.csv")
        try Data(table.prefix(2).map { $0.map(CSV.field).joined(separator: ",") }.joined(separator: "\n").utf8).write(to: good)
        var wrong = table
        wrong[1][2] = "不存在〔2024〕1号"
        wrong[1][8] = "也许"
        try Data(wrong.map { $0.map(CSV.field).joined(separator: ",") }.joined(separator: "\n").utf8).write(to: bad)
        let garbage = folder.appendingPathComponent("garbage.csv")
        try Data("名称,分数\n甲,1\n".utf8).write(to: garbage)
        let before = try database.prepare("SELECT count(*) FROM sample_scores").first { $0.int(0) }
        do {
            _ = try ScoreImporter(database: database, scoring: checker.rules.scoring).importWorksheets([good.path, bad.path, garbage.path])
            Issue.record("坏的评查表应当被拒绝")
        } catch let rejected as ScoreImporter.Rejected {
            #expect(rejected.problems.contains { $0.contains("bad.csv 第 2 行") && $0.contains("不在抽查记录") })
            #expect(rejected.problems.contains { $0.contains("bad.csv 第 3 行") && $0.contains("卷面得分“25”") })
            #expect(rejected.problems.contains { $0.contains("garbage.csv") && $0.contains("表头") })
        }
        // Nothing at all was imported, not even the good file's row.
        #expect(try database.prepare("SELECT count(*) FROM sample_scores").first { $0.int(0) } == before)
    }
}
