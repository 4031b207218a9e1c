import Foundation
import JuanzongCore
@testable import JuanzongEvaluation
import JuanzongIndexer
import JuanzongStore
import Testing

/// The State Council's notices as published and reposted (kept in Fixtures/), the statutory
/// estimate for years without one, and deadlines that say when they rest on an estimate.
@Suite("Holiday notices, the statutory estimate and deadlines across years")
struct CalendarTests {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    let bundled = try! WorkingCalendar(contentsOf: EvaluationFiles.holidays)

    func notice(_ name: String) throws -> String { try String(contentsOf: Self.fixtures.appendingPathComponent(name + ".txt"), encoding: .utf8) }
    func parse(_ text: String, year: Int? = nil) throws -> HolidayArrangement {
        try HolidayNotice.parse(text, year: year, normalizer: try TextNormalizer())
    }
    func day(_ text: String) -> DayDate { DayDate(iso: text)! }

    @Test(arguments: [("notice-2025", 2025), ("notice-2026", 2026), ("notice-2026-traditional-repost", 2026)])
    func importingAPublishedNoticeReproducesTheBundledTable(name: String, year: Int) throws {
        let arrangement = try parse(try notice(name))
        #expect(arrangement.year == year)
        let table = try bundled.year(year)
        #expect(table.source == .bundled)
        #expect(Set(arrangement.holidays) == Set(table.holidays.keys))
        #expect(Set(arrangement.workdays) == Set(table.workdays.keys))
        #expect(arrangement.festivals.map(\.name).joined(separator: "、").contains("春节"))
    }

    @Test func fullWidthDigitsAndPunctuationAreRead() throws {
        let text = try notice("notice-2026")
        let fullWidth = String(
            text.unicodeScalars.map { scalar -> Character in
                switch scalar.value {
                case 0x30...0x39: return Character(Unicode.Scalar(scalar.value - 0x30 + 0xFF10)!)
                default: return Character(scalar)
                }
            }
        ).replacingOccurrences(of: ":", with: ":")
        #expect(fullWidth.contains("１月１日") && !fullWidth.contains("1月1日"))
        #expect(try parse(fullWidth) == parse(text))
    }

    @Test func olderFormsWithCompensationDaysAreRead() throws {
        let arrangement = try parse(try notice("notice-2017"))
        #expect(arrangement.festivals[0].holidays == [day("2017-01-01"), day("2017-01-02")])  // 1月2日(星期一)补休
        #expect(arrangement.festivals.first { $0.name == "劳动节" }?.holidays == [day("2017-05-01")])  // 与周末连休
        #expect(arrangement.workdays.contains(day("2017-09-30")))
    }

    @Test func aTextThatDoesNotAddUpIsRefusedWithTheReason() throws {
        let text = try notice("notice-2026")
        func refusal(_ text: String, year: Int? = nil) -> String? {
            do {
                _ = try parse(text, year: year)
                return nil
            } catch { return (error as? HolidayNotice.Rejected)?.reason }
        }
        // A real repost whose “10月” lost its 1.
        #expect(refusal(try notice("notice-2017-garbled-repost")) == "中秋节、国庆节:2017 年没有 0 月 1 日")
        #expect(refusal(text.replacingOccurrences(of: "共9天", with: "共8天"))?.contains("写明共 8 天,但 2026-02-15 至 2026-02-23 是 9 天") == true)
        #expect(refusal(text.replacingOccurrences(of: "4月4日(周六)", with: "4月4日(周五)"))?.contains("2026-04-04 是周六,通知写的是周五") == true)
        #expect(refusal(text.replacingOccurrences(of: "5月9日(周六)上班", with: "5月8日上班"))?.contains("2026-05-08 是周五,不是周末") == true)
        #expect(refusal(text.replacingOccurrences(of: "6月19日", with: "6月31日"))?.contains("2026 年没有 6 月 31 日") == true)
        #expect(refusal(text.replacingOccurrences(of: "三、清明节", with: "三、清明"))?.contains("没有清明节的安排") == true)
        #expect(refusal(text.replacingOccurrences(of: "关于2026年部分节假日安排", with: "关于节假日"))?.contains("--year") == true)
        #expect(refusal(text, year: 2027)?.contains("与指定的 2027 年不符") == true)
        #expect(refusal("今天天气很好")?.contains("--year") == true)
        #expect(refusal(text.replacingOccurrences(of: "1月4日(周日)上班", with: "1月3日(周六)上班"))?.contains("2026-01-03 既列为放假又列为上班") == true)
    }

    @Test(arguments: [2025, 2026])
    func theEstimateHasEveryStatutoryDayTheNoticeHas(year: Int) throws {
        let published = Set(try parse(try notice("notice-\(year)")).holidays)
        let statutory = StatutoryHolidays.days(of: year)
        #expect(statutory.count == 13)  // 元旦 1, 春节 4, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3
        for (day, festival) in statutory {
            #expect(published.contains(day), "\(festival) \(day.iso) 不在 \(year) 年通知的放假日期中")
        }
    }

    @Test func qingmingFollowsTheSolarTerm() {
        let known = [
            "2019-04-05", "2020-04-04", "2021-04-04", "2022-04-05", "2023-04-05", "2024-04-04", "2025-04-04", "2026-04-05",
            "2027-04-05", "2028-04-04", "2029-04-04", "2030-04-05",
        ]
        for text in known {
            #expect(StatutoryHolidays.qingming(day(text).year) == day(text))
        }
        // Before 2025 the law gave 春节 three days from 正月初一 and 劳动节 one.
        #expect(StatutoryHolidays.days(of: 2024).filter { $0.festival == "春节" }.map(\.day.iso) == ["2024-02-10", "2024-02-11", "2024-02-12"])
        #expect(
            StatutoryHolidays.days(of: 2027).filter { $0.festival == "春节" }.map(\.day.iso) == [
                "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08",
            ])
    }

    @Test func aDeadlineIntoAYearWithoutNoticeIsEstimatedAndMarkedUntilTheNoticeIsImported() throws {
        // 2026-12-24 is a Thursday; 2027-01-01 (元旦, estimated) is skipped: the 7th working day is 2027-01-05.
        #expect(try bundled.workingDay(7, after: day("2026-12-24")) == day("2027-01-05"))
        #expect(bundled.estimatedYears(from: day("2026-12-24"), through: day("2027-01-05")) == [2027])
        #expect(try bundled.year(2027).source == .estimated)
        let rules = try EvaluationRules(contentsOf: EvaluationFiles.rules)
        let onTime = Self.caseFile(decided: "2026-12-24", served: "2027-01-05", published: "2027-01-04")
        let late = Self.caseFile(decided: "2026-12-24", served: "2027-01-06", published: "2027-01-04")
        let caveat = "按法定节假日估算,待导入 2027 年放假安排后复核"
        let estimated = CaseChecker(rules: rules, calendar: bundled).findings(for: onTime).filter { $0.rule == "service_within_7_working_days" }
        #expect(estimated.count == 1 && estimated[0].deduction == 0 && estimated[0].message.contains(caveat))
        #expect(estimated[0].evidence.contains("期限至 2027-01-05(估算)"))
        let lateFinding = try #require(
            CaseChecker(rules: rules, calendar: bundled).findings(for: late).first { $0.rule == "service_within_7_working_days" })
        #expect(lateFinding.message.hasPrefix("决定书作出后 7 个工作日内送达:超期") && lateFinding.message.contains(caveat) && lateFinding.deduction > 0)
        // With 2027's arrangement imported (here a made-up one: 元旦 1–3 off, 1月4日 still a workday) the checks run on it, unmarked.
        let arrangement = HolidayArrangement(
            year: 2027, festivals: [.init(name: "元旦", holidays: [day("2027-01-01"), day("2027-01-02"), day("2027-01-03")], workdays: [])])
        let imported = try WorkingCalendar(contentsOf: EvaluationFiles.holidays, imported: [arrangement])
        #expect(try imported.year(2027).source == .imported)
        let findings = CaseChecker(rules: rules, calendar: imported).findings(for: onTime)
        #expect(!findings.contains { $0.message.contains("估算") })
    }

    /// A case file as the archive's reader returns it (decoded: its records have no public initializer).
    static func caseFile(decided: String, served: String, published: String) -> ArchiveReader.CaseFile {
        let json = """
            {"case": {"id": 1, "caseNumber": "测罚〔2026〕1号", "caseNumberKey": "测罚〔2026〕1号", "agency": "测试局", "caseType": "行政处罚",
                      "procedure": "普通", "filedOn": "2026-12-01", "decidedOn": "\(decided)", "servedOn": "\(served)", "publishedOn": "\(published)",
                      "legalBases": [], "officers": []},
             "documents": [], "avRecords": []}
            """
        return try! JSONDecoder().decode(ArchiveReader.CaseFile.self, from: Data(json.utf8))
    }

    @Test func importsAreStoredAuditedNeverEditedAndReplacedOnlyWithAReason() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-calendar-\(UUID().uuidString)")
        let (database, _) = try ArchiveLocation(path: root.path).openForWriting()
        let store = HolidayArrangementStore(database: database)
        let text = try notice("notice-2026-traditional-repost")
        let first = try store.store(try parse(text), noticeText: text, reason: nil, actor: "tester")
        #expect(first.year == 2026 && first.replacesId == nil)
        #expect(throws: HolidayArrangementStore.Refusal.reasonRequired(year: 2026, existing: first.id)) {
            try store.store(try parse(text), noticeText: text, reason: "  ", actor: "tester")
        }
        let second = try store.store(
            try parse(try notice("notice-2026")), noticeText: try notice("notice-2026"), reason: "改用中国政府网原文", actor: "tester")
        #expect(second.replacesId == first.id && second.replaceReason == "改用中国政府网原文")
        #expect(try store.history(year: 2026).map(\.id) == [second.id, first.id])
        #expect(try store.current().map(\.year) == [2026])
        #expect(throws: DatabaseError.self) { try database.execute("UPDATE holiday_arrangements SET year = 2027") }
        #expect(throws: DatabaseError.self) { try database.execute("DELETE FROM holiday_arrangements") }
        #expect(
            try database.prepare("SELECT count(*) FROM audit_log WHERE action = 'import_holidays' AND target = 'calendar:2026'").first { $0.int(0) }
                == 2)
        #expect(try AuditLog(database: database).verify().intact)
        let calendar = try WorkingCalendar(contentsOf: EvaluationFiles.holidays, archive: database)
        #expect(try calendar.year(2026).source == .imported)
        #expect(try calendar.year(2026).holidays[day("2026-02-17")] == "春节")
        // The notice's text is kept as given.
        #expect(try database.prepare("SELECT notice_text FROM holiday_arrangements WHERE id = ?1").first([first.id]) { $0.string(0) } == text)
    }
}
