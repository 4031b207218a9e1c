import Foundation
import JuanzongCore

/// The holidays every citizen has by law (全国年节及纪念日放假办法), for a year whose notice has not
/// been published: the statutory days only, on the dates the law names, with no 调休 and no
/// compensation for a day that falls on a weekend. Used as an estimate until the notice is
/// imported.
///
/// - From 2025 (the 2024 amendment): 元旦 1 day; 春节 4 days (除夕 and 正月初一 to 初三); 清明 1 day;
///   劳动节 May 1–2; 端午 1 day; 中秋 1 day; 国庆 October 1–3.
/// - 2014–2024 (the 2013 text): the same but 春节 正月初一 to 初三 and 劳动节 May 1 only.
///
/// Lunar dates come from the Chinese calendar (Foundation's `Calendar(identifier: .chinese)`,
/// ICU), in China Standard Time; 清明 is the day the sun reaches ecliptic longitude 15°.
public enum StatutoryHolidays {
    /// The first year the estimate is made for; earlier years had other statutory days.
    public static let firstYear = 2014

    /// The statutory days of `year` with the festival each belongs to, in date order.
    public static func days(of year: Int) -> [(day: DayDate, festival: String)] {
        var days: [(DayDate, String)] = []
        func add(_ day: DayDate?, _ festival: String) { if let day { days.append((day, festival)) } }
        add(DayDate(year: year, month: 1, day: 1), "元旦")
        if let newYear = lunarDay(year: year, month: 1, day: 1) {
            let first = year >= 2025 ? -1 : 0
            for offset in first...2 { add(newYear.adding(days: offset), "春节") }
        }
        add(qingming(year), "清明节")
        add(DayDate(year: year, month: 5, day: 1), "劳动节")
        if year >= 2025 { add(DayDate(year: year, month: 5, day: 2), "劳动节") }
        add(lunarDay(year: year, month: 5, day: 5), "端午节")
        add(lunarDay(year: year, month: 8, day: 15), "中秋节")
        for day in 1...3 { add(DayDate(year: year, month: 10, day: day), "国庆节") }
        return days.sorted { $0.0 < $1.0 }
    }

    private static let chinaTime = TimeZone(identifier: "Asia/Shanghai")!

    /// The Gregorian date in `year` of lunar month `month`, day `day` (not a leap month).
    static func lunarDay(year: Int, month: Int, day: Int) -> DayDate? {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = chinaTime
        var chinese = Calendar(identifier: .chinese)
        chinese.timeZone = chinaTime
        guard var date = gregorian.date(from: DateComponents(year: year, month: 1, day: 1, hour: 12)) else { return nil }
        for _ in 0..<366 {
            let lunar = chinese.dateComponents([.month, .day, .isLeapMonth], from: date)
            if lunar.month == month && lunar.day == day && lunar.isLeapMonth != true {
                let parts = gregorian.dateComponents([.year, .month, .day], from: date)
                guard parts.year == year else { return nil }
                return DayDate(year: year, month: parts.month!, day: parts.day!)
            }
            guard let next = gregorian.date(byAdding: .day, value: 1, to: date) else { return nil }
            date = next
        }
        return nil
    }

    /// 清明: the day (China Standard Time) on which the sun's apparent ecliptic longitude reaches 15°.
    static func qingming(_ year: Int) -> DayDate? {
        guard let guess = DayDate(year: year, month: 4, day: 4) else { return nil }
        // Julian Day of the guess at noon UTC; Newton steps on the solar longitude.
        var julianDay = Double(guess.daysSinceEpoch) + 2_440_587.5 + 0.5
        for _ in 0..<5 {
            var difference = 15 - apparentSolarLongitude(julianDay: julianDay)
            difference -= 360 * (difference / 360).rounded()
            julianDay += difference / 0.985_647
        }
        // Terrestrial to universal time (ΔT ≈ 69 s in these decades), then to China Standard Time.
        let chinaDays = julianDay - 69.0 / 86_400 + 8.0 / 24 - 2_440_587.5
        return DayDate(daysSinceEpoch: Int(chinaDays.rounded(.down)))
    }

    /// The sun's apparent longitude in degrees (Meeus, Astronomical Algorithms, ch. 25, low accuracy: about 0.01°).
    static func apparentSolarLongitude(julianDay: Double) -> Double {
        let t = (julianDay - 2_451_545.0) / 36_525
        let radians = Double.pi / 180
        let meanLongitude = 280.466_46 + 36_000.769_83 * t + 0.000_303_2 * t * t
        let meanAnomaly = (357.529_11 + 35_999.050_29 * t - 0.000_153_7 * t * t) * radians
        let center =
            (1.914_602 - 0.004_817 * t - 0.000_014 * t * t) * sin(meanAnomaly)
            + (0.019_993 - 0.000_101 * t) * sin(2 * meanAnomaly) + 0.000_289 * sin(3 * meanAnomaly)
        let node = (125.04 - 1_934.136 * t) * radians
        let longitude = meanLongitude + center - 0.005_69 - 0.004_78 * sin(node)
        return longitude.truncatingRemainder(dividingBy: 360) + (longitude < 0 ? 360 : 0)
    }
}
