import ArgumentParser
import Foundation
import JuanzongStore

struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize", abstract: "把全文索引的各段合并为一段(大批量导入后运行,检索更快;运行期间检索照常)")

    @OptionGroup var options: ArchiveOptions

    func run() throws {
        let location = options.location
        let database = try location.openExistingForWriting()
        let report = try SearchIndexMaintenance(database: database).optimize()
        if options.json {
            try Output.printJSON(report)
        } else if report.segmentsBefore <= 1 {
            print("全文索引已是 \(report.segmentsBefore) 段,无需整理")
        } else {
            print(String(format: "全文索引由 %d 段合并为 %d 段,用时 %.1f 秒", report.segmentsBefore, report.segmentsAfter, report.seconds))
        }
    }
}
