import ArgumentParser
import Foundation
import JuanzongCore
import JuanzongEvaluation
import JuanzongIndexer
import JuanzongStore

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "工作日日历:导入国务院办公厅的年度放假安排通知,查看某年的放假与调休上班日期",
        discussion: """
            评查中“7 个工作日内送达、公示”等期限按工作日计算。每年的放假安排依次取自:导入档案库的通知(已导入)、
            随程序提供的节假日表(内置)、按《全国年节及纪念日放假办法》的法定节假日估算(估算,不含调休)。
            依据估算年份得出的评查结论会注明“按法定节假日估算,待导入 YYYY 年放假安排后复核”。
            """,
        subcommands: [Import.self, Show.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入《国务院办公厅关于YYYY年部分节假日安排的通知》的文本(简体、繁体或全角均可)",
            discussion: "先逐日列出读到的放假与调休上班日期,确认后存入档案库并记入审计日志。同一年再次导入即替换,须用 --reason 说明理由。")

        @OptionGroup var options: ArchiveOptions
        @Argument(help: "通知文本文件(UTF-8);- 表示从标准输入读取") var file: String
        @Option(help: "年份(文本中没有“关于YYYY年部分节假日安排”的标题时必填)") var year: Int?
        @Option(help: "替换已导入的同一年安排时的理由") var reason: String?
        @Flag(help: "不询问,直接导入(用于脚本)") var yes = false

        func run() throws {
            let text: String
            if file == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard let data = FileManager.default.contents(atPath: file) else { throw UserFacingError("无法读取 \(file)") }
                guard let decoded = String(data: data, encoding: .utf8) else { throw UserFacingError("\(file) 不是 UTF-8 文本") }
                text = decoded
            }
            let arrangement: HolidayArrangement
            do {
                arrangement = try HolidayNotice.parse(text, year: year, normalizer: try TextNormalizer())
            } catch let rejected as HolidayNotice.Rejected {
                throw UserFacingError("\(file == "-" ? "标准输入" : file):\(rejected.reason)")
            }
            let location = options.location
            let database = try location.openExistingForWriting()
            let store = HolidayArrangementStore(database: database)
            let existing = try store.current(year: arrangement.year)
            if let existing, reason == nil {
                throw UserFacingError(HolidayArrangementStore.Refusal.reasonRequired(year: arrangement.year, existing: existing.id).description)
            }
            if !options.json {
                print("读到 \(arrangement.year) 年放假安排:放假 \(arrangement.holidays.count) 天,调休上班 \(arrangement.workdays.count) 天")
                for festival in arrangement.festivals {
                    print(
                        "\(festival.name):放假 " + festival.holidays.map(\.iso).joined(separator: "、")
                            + (festival.workdays.isEmpty ? "" : ";调休上班 " + festival.workdays.map(\.iso).joined(separator: "、")))
                }
                if let existing { print("将替换已导入的 #\(existing.id)(\(existing.importedAt),\(existing.actor)),理由:\(reason ?? "")") }
            }
            guard try yes || Confirmation.ask("确认导入?[y/N] ") else { throw UserFacingError("未导入") }
            let record = try store.store(arrangement, noticeText: text, reason: reason)
            if options.json {
                try Output.printJSON(record)
                return
            }
            print("已导入 \(arrangement.year) 年放假安排(#\(record.id));评查期限自此按该安排计算")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "逐日列出某年的放假与调休上班日期,并注明来源(内置、已导入或估算)")

        @OptionGroup var options: ArchiveOptions
        @Argument(help: "年份") var year: Int
        @Option(help: "节假日表(默认 Sources/JuanzongEvaluation/Resources/holidays.json)") var holidays: String?

        struct Listing: Codable {
            var year: Int
            var source: WorkingCalendar.Source
            var sourceName: String
            var days: [WorkingCalendar.Year.Day]
        }

        func run() throws {
            let location = options.location
            let file = holidays.map { URL(fileURLWithPath: $0) } ?? EvaluationFiles.holidays
            let calendar =
                location.exists
                ? try WorkingCalendar(contentsOf: file, archive: try location.openForReading())
                : try WorkingCalendar(contentsOf: file)
            let days: WorkingCalendar.Year
            do { days = try calendar.year(year) } catch { throw UserFacingError("\(error)") }
            if options.json {
                try Output.printJSON(Listing(year: year, source: days.source, sourceName: days.source.chineseName, days: days.days))
                return
            }
            print("\(year) 年:\(days.source.chineseName)" + (days.source == .estimated ? "(按法定节假日估算,不含调休;通知公布后用 juanzong calendar import 导入)" : ""))
            for day in days.days {
                print(
                    "\(day.date.iso)  \(day.date.chineseWeekday)  \(day.working ? "调休上班" : "放假")" + (day.festival.isEmpty ? "" : "  \(day.festival)"))
            }
        }
    }
}

/// A yes/no question on the terminal (read from /dev/tty, so that the notice itself may come on standard input).
enum Confirmation {
    static func ask(_ question: String) throws -> Bool {
        guard let terminal = FileHandle(forUpdatingAtPath: "/dev/tty") else {
            throw UserFacingError("无法在终端上确认;在脚本中请加 --yes")
        }
        terminal.write(Data(question.utf8))
        var answer = Data()
        while let byte = try terminal.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { answer.append(byte) }
        return ["y", "yes", "是"].contains(String(decoding: answer, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased())
    }
}
