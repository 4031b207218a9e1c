import Foundation
import JuanzongCore

/// Working days as Chinese administrative deadlines count them: Monday to Friday, minus the
/// holidays, plus the weekend days made working days (调休).
///
/// Each year comes from one source, in this order: an arrangement imported from the State
/// Council's notice (`juanzong calendar import`, stored in the archive); the bundled calendar
/// file (`holidays.json`, which lists both per year); else an estimate from the statutory holidays
/// (`StatutoryHolidays`), which deadline findings must say they rest on.
public struct WorkingCalendar: Sendable {
    /// Where a year's days come from.
    public enum Source: String, Codable, Sendable {
        case imported, bundled, estimated

        /// 已导入, 内置, 估算.
        public var chineseName: String {
            switch self {
            case .imported: return "已导入"
            case .bundled: return "内置"
            case .estimated: return "估算"
            }
        }
    }

    /// One year's days off and working weekend days, each with its festival when known.
    public struct Year: Sendable {
        public var year: Int
        public var source: Source
        public var holidays: [DayDate: String]
        public var workdays: [DayDate: String]

        /// One listed day: off (放假) or a working weekend day (调休上班).
        public struct Day: Codable, Sendable, Equatable {
            public var date: DayDate
            public var working: Bool
            public var festival: String
        }

        /// The listed days in date order.
        public var days: [Day] {
            (holidays.map { Day(date: $0.key, working: false, festival: $0.value) }
                + workdays.map { Day(date: $0.key, working: true, festival: $0.value) }).sorted { $0.date < $1.date }
        }
    }

    public struct YearNotCovered: Error, CustomStringConvertible {
        public let year: Int
        public var description: String {
            "\(year) 年早于 \(StatutoryHolidays.firstYear) 年,节假日表与估算都不包含,请在 holidays.json 中补充当年安排"
        }
    }

    private var known: [Int: Year] = [:]
    private let estimates = EstimateCache()

    /// The bundled calendar file (see `holidays.json` for the format) and the arrangements
    /// imported into the archive, which take precedence.
    public init(contentsOf url: URL, imported: [HolidayArrangement] = []) throws {
        struct File: Decodable {
            struct Year: Decodable {
                var holidays: [String]
                var workdays: [String]
            }
            var years: [String: Year]
        }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        for (key, days) in file.years {
            guard let year = Int(key) else { continue }
            known[year] = Year(
                year: year, source: .bundled,
                holidays: Dictionary(try days.holidays.flatMap(Self.expand).map { ($0, "") }, uniquingKeysWith: { a, _ in a }),
                workdays: Dictionary(try days.workdays.flatMap(Self.expand).map { ($0, "") }, uniquingKeysWith: { a, _ in a }))
        }
        for arrangement in imported {
            var holidays: [DayDate: String] = [:], workdays: [DayDate: String] = [:]
            for festival in arrangement.festivals {
                for day in festival.holidays { holidays[day] = festival.name }
                for day in festival.workdays { workdays[day] = festival.name }
            }
            known[arrangement.year] = Year(year: arrangement.year, source: .imported, holidays: holidays, workdays: workdays)
        }
    }

    /// `2024-02-10` or `2024-02-10..2024-02-17`.
    static func expand(_ text: String) throws -> [DayDate] {
        let bounds = text.components(separatedBy: "..").map { DayDate(iso: $0) }
        guard let start = bounds.first ?? nil, let end = bounds.last ?? nil, start <= end, bounds.count <= 2 else {
            throw CocoaError(.coderReadCorrupt, userInfo: [NSDebugDescriptionErrorKey: "holidays.json 中的日期无法识别:\(text)"])
        }
        return (start.daysSinceEpoch...end.daysSinceEpoch).compactMap { DayDate(daysSinceEpoch: $0) }
    }

    /// The year's days and their source; a year neither imported nor bundled is estimated.
    public func year(_ year: Int) throws -> Year {
        if let known = known[year] { return known }
        guard year >= StatutoryHolidays.firstYear else { throw YearNotCovered(year: year) }
        return estimates.year(year)
    }

    public func isWorkingDay(_ day: DayDate) throws -> Bool {
        // A day listed by a neighbouring year's arrangement (2022-12-31 in the 2023 notice) counts too.
        for year in [day.year, day.year + 1, day.year - 1] {
            guard let days = year == day.year ? try self.year(year) : known[year] else { continue }
            if days.workdays[day] != nil { return true }
            if days.holidays[day] != nil { return false }
        }
        return day.weekday <= 5
    }

    /// The `count`-th working day after `day` (the day itself not counted): the last day of a
    /// deadline of `count` working days starting the day after `day`.
    public func workingDay(_ count: Int, after day: DayDate) throws -> DayDate {
        var current = day
        var remaining = count
        while remaining > 0 {
            guard let next = current.adding(days: 1) else { throw YearNotCovered(year: current.year + 1) }
            current = next
            if try isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// The years from `start` to `end` whose days are only estimated.
    public func estimatedYears(from start: DayDate, through end: DayDate) -> [Int] {
        (start.year...max(start.year, end.year)).filter { known[$0] == nil }
    }
}

/// Estimated years, computed once each (a year needs a few hundred Chinese-calendar conversions).
private final class EstimateCache: @unchecked Sendable {
    private var years: [Int: WorkingCalendar.Year] = [:]
    private let lock = NSLock()

    func year(_ year: Int) -> WorkingCalendar.Year {
        if let cached = lock.withLock({ years[year] }) { return cached }
        let days = StatutoryHolidays.days(of: year)
        let estimated = WorkingCalendar.Year(
            year: year, source: .estimated,
            holidays: Dictionary(days.map { ($0.day, $0.festival) }, uniquingKeysWith: { a, _ in a }),
            workdays: [:])
        lock.withLock { years[year] = estimated }
        return estimated
    }
}
