import Foundation
import JuanzongCore

/// Working days as Chinese administrative deadlines count them: Monday to Friday, minus the
/// statutory holidays, plus the weekend days made working days (调休), from a calendar file
/// (`Indexer/Evaluation/holidays.json`) that lists both per year.
public struct WorkingCalendar: Sendable {
    public struct YearNotCovered: Error, CustomStringConvertible {
        public let year: Int
        public var description: String { "节假日表未包含 \(year) 年,请在 holidays.json 中补充当年安排" }
    }

    private var holidays: Set<DayDate> = []
    private var workdays: Set<DayDate> = []
    public private(set) var years: ClosedRange<Int>

    /// Reads the calendar file (see `holidays.json` for the format).
    public init(contentsOf url: URL) throws {
        struct File: Decodable {
            struct Year: Decodable { var holidays: [String]; var workdays: [String] }
            var years: [String: Year]
        }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        let covered = file.years.keys.compactMap(Int.init).sorted()
        guard let first = covered.first, let last = covered.last else { throw YearNotCovered(year: 0) }
        years = first...last
        for year in file.years.values {
            holidays.formUnion(try year.holidays.flatMap(Self.expand))
            workdays.formUnion(try year.workdays.flatMap(Self.expand))
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

    public func isWorkingDay(_ day: DayDate) throws -> Bool {
        guard years.contains(day.year) else { throw YearNotCovered(year: day.year) }
        if workdays.contains(day) { return true }
        if holidays.contains(day) { return false }
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
}
