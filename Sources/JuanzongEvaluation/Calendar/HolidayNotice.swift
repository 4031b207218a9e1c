import Foundation
import JuanzongCore

/// One year's holidays and adjusted working days (调休上班), festival by festival.
public struct HolidayArrangement: Codable, Sendable, Equatable {
    /// One item of the notice: 元旦, 春节, … (国庆节、中秋节 when the notice joins them).
    public struct Festival: Codable, Sendable, Equatable {
        public var name: String
        public var holidays: [DayDate]
        public var workdays: [DayDate]
    }

    public var year: Int
    public var festivals: [Festival]

    public init(year: Int, festivals: [Festival]) {
        self.year = year
        self.festivals = festivals
    }

    /// Every day off, in date order.
    public var holidays: [DayDate] { festivals.flatMap(\.holidays).sorted() }
    /// Every weekend day made a working day, in date order.
    public var workdays: [DayDate] { festivals.flatMap(\.workdays).sorted() }
}

/// Reads the State Council General Office's annual notice (国务院办公厅关于YYYY年部分节假日安排的通知)
/// as published and as reposted: Simplified or Traditional characters (with the pinyin debris of
/// some converters: `節(jié)`), full-width or half-width digits and punctuation, weekdays as 周四 or
/// 星期四, ranges as `1月1日(周四)至3日(周六)`, `5月31日(周六)至6月2日(周一)` or
/// `2022年12月31日至2023年1月2日`, and the older forms `1月2日(星期一)补休` and `与周末连休`.
///
/// A text that does not add up is refused with the reason: a festival missing, a date that does
/// not exist, a weekday that is not the date's, a count (共N天) that does not match the range, a
/// working day that is not a weekend day, a day both off and working.
public enum HolidayNotice {
    /// Why a notice text was refused, in Chinese.
    public struct Rejected: Error, CustomStringConvertible, Equatable {
        public let reason: String
        public init(reason: String) { self.reason = reason }
        public var description: String { "无法导入放假安排:\(reason)" }
    }

    /// The festivals every annual notice arranges.
    static let festivalNames = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]

    /// Parses `text`; `year` is needed only when the text lacks the title's "关于YYYY年".
    public static func parse(_ text: String, year: Int? = nil, normalizer: TextNormalizer) throws -> HolidayArrangement {
        let text = clean(text, normalizer: normalizer)
        let titleYear = firstMatch(#"关于(\d{4})年部分节假日安排"#, in: text).flatMap { Int($0[1]) }
        if let year, let titleYear, year != titleYear {
            throw Rejected(reason: "通知标题是 \(titleYear) 年,与指定的 \(year) 年不符")
        }
        guard let year = year ?? titleYear else {
            throw Rejected(reason: "文本中没有“关于YYYY年部分节假日安排”的标题,请用 --year 指明年份")
        }
        let items = matches(#"(?:^|[\s。])[一二三四五六七八九十]、([^:\s。]{2,24}):([^\n]*)"#, in: text)
        var festivals: [HolidayArrangement.Festival] = []
        for item in items {
            let name = item[1]
            guard festivalNames.contains(where: name.contains) else { continue }
            festivals.append(try festival(name: name, body: item[2], year: year))
        }
        for name in festivalNames where !festivals.contains(where: { $0.name.contains(name) }) {
            throw Rejected(reason: "通知中没有\(name)的安排(应有“一、元旦:…”至“七、国庆节:…”各项)")
        }
        let arrangement = HolidayArrangement(year: year, festivals: festivals)
        let holidays = arrangement.holidays, workdays = arrangement.workdays
        if let twice = Dictionary(grouping: holidays, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw Rejected(reason: "\(twice.iso) 在两个节日中都列为放假")
        }
        if let both = Set(holidays).intersection(workdays).min() {
            throw Rejected(reason: "\(both.iso) 既列为放假又列为上班")
        }
        return arrangement
    }

    /// One item: `1月28日(农历除夕、周二)至2月4日(农历正月初七、周二)放假调休,共8天。1月26日(周日)、2月8日(周六)上班。`
    static func festival(name: String, body: String, year: Int) throws -> HolidayArrangement.Festival {
        let sentences = body.split(whereSeparator: { "。;".contains($0) }).map(String.init)
        var holidays: [DayDate] = []
        var workdays: [DayDate] = []
        for sentence in sentences {
            if sentence.contains("放假") {
                guard let range = firstMatch(datePattern + "(?:至" + endPattern + ")?(?=放假)", in: sentence) else {
                    throw Rejected(reason: "\(name):看不懂放假日期“\(sentence)”")
                }
                let start = try day(year: range[1], month: range[2], day: range[3], weekday: range[4], defaultYear: year, festival: name)
                var end = start
                if !range[7].isEmpty {
                    end = try day(
                        year: range[5], month: range[6].isEmpty ? String(start.month) : range[6], day: range[7], weekday: range[8],
                        defaultYear: range[5].isEmpty ? start.year : year, festival: name)
                }
                guard start <= end else { throw Rejected(reason: "\(name):放假结束日 \(end.iso) 早于开始日 \(start.iso)") }
                let days = (start.daysSinceEpoch...end.daysSinceEpoch).compactMap(DayDate.init(daysSinceEpoch:))
                if let stated = firstMatch(#"(?:共|放假)(\d{1,2})天"#, in: sentence).flatMap({ Int($0[1]) }), stated != days.count {
                    throw Rejected(reason: "\(name):写明共 \(stated) 天,但 \(start.iso) 至 \(end.iso) 是 \(days.count) 天")
                }
                holidays += days
                // The older form: `1月1日放假,1月2日(星期一)补休。`
                for extra in matches(datePattern + "补休", in: sentence) {
                    holidays.append(try day(year: extra[1], month: extra[2], day: extra[3], weekday: extra[4], defaultYear: year, festival: name))
                }
            } else if sentence.contains("上班") {
                guard let listed = firstMatch("^((?:" + datePattern + "[、,和及]?)+)上班", in: sentence.trimmingCharacters(in: .whitespaces)) else {
                    throw Rejected(reason: "\(name):看不懂上班日期“\(sentence)”")
                }
                for found in matches(datePattern, in: listed[1]) {
                    let workday = try day(year: found[1], month: found[2], day: found[3], weekday: found[4], defaultYear: year, festival: name)
                    guard workday.weekday >= 6 else {
                        throw Rejected(reason: "\(name):调休上班日 \(workday.iso) 是\(workday.chineseWeekday),不是周末")
                    }
                    workdays.append(workday)
                }
            }
        }
        guard !holidays.isEmpty else { throw Rejected(reason: "\(name):没有放假日期") }
        return HolidayArrangement.Festival(name: name, holidays: holidays, workdays: workdays)
    }

    /// `[2022年]12月31日[(…周六)]`: groups year, month, day, the parenthesis.
    private static let datePattern = #"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(\([^)]*\))?"#
    /// The end of a range, whose year and month may be left out: `3日(周六)`, `2月4日`.
    private static let endPattern = #"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(\([^)]*\))?"#

    /// A date of the notice, checked to exist and to fall on the weekday written beside it.
    private static func day(year: String, month: String, day: String, weekday: String, defaultYear: Int, festival: String) throws -> DayDate {
        let year = Int(year) ?? defaultYear
        guard let monthNumber = Int(month), let dayNumber = Int(day), let date = DayDate(year: year, month: monthNumber, day: dayNumber) else {
            throw Rejected(reason: "\(festival):\(year) 年没有 \(month) 月 \(day) 日")
        }
        guard abs(year - defaultYear) <= 1 else { throw Rejected(reason: "\(festival):\(date.iso) 不在 \(defaultYear) 年前后") }
        if let written = firstMatch("(?:周|星期)([一二三四五六日天])", in: weekday) {
            let number = "一二三四五六日".firstIndex(of: Character(written[1] == "天" ? "日" : written[1])).map {
                "一二三四五六日".distance(from: "一二三四五六日".startIndex, to: $0) + 1
            }
            guard number == date.weekday else {
                throw Rejected(reason: "\(festival):\(date.iso) 是\(date.chineseWeekday),通知写的是\(written[0])")
            }
        }
        return date
    }

    /// Width folded, Traditional to Simplified, converter debris such as `(jié)` removed,
    /// full-width colon and parentheses as ASCII, spaces inside lines dropped.
    static func clean(_ text: String, normalizer: TextNormalizer) -> String {
        var text = normalizer.toSimplified(TextNormalizer.foldWidthAndCompatibility(text))
        text = text.replacingOccurrences(of: #"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,6}\)"#, with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: "︰", with: ":").replacingOccurrences(of: "\r\n", with: "\n")
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.filter { $0 != " " && $0 != "\t" && $0 != "\u{3000}" && $0 != "\u{A0}" } }.joined(separator: "\n")
    }

    private static func matches(_ pattern: String, in text: String) -> [[String]] {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) else { return [] }
        let source = text as NSString
        return expression.matches(in: text, range: NSRange(location: 0, length: source.length)).map { match in
            (0..<match.numberOfRanges).map { index in
                let range = match.range(at: index)
                return range.location == NSNotFound ? "" : source.substring(with: range)
            }
        }
    }

    private static func firstMatch(_ pattern: String, in text: String) -> [String]? { matches(pattern, in: text).first }
}
