import ArgumentParser
import Foundation
import JuanzongExport
import JuanzongStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "导出行政复议案卷材料包(BagIt 格式,可由任何人校验)",
        discussion: """
            包内有 bagit.txt、data/(按卷内顺序编号的文书原件、音像记录元数据、卷内目录 HTML 与 CSV)、
            manifest-sha256.txt、manifest-sha512.txt、bag-info.txt、tagmanifest-sha256.txt。
            同一案件重复导出得到逐字节相同的文件;每次导出记入档案库审计日志。
            --redact 生成供申请人查阅的副本:他人姓名、证件号、手机号遮盖,涉密文书不提供并在目录中注明。
            """
    )

    @OptionGroup var options: ArchiveOptions

    @Option(name: .customLong("case"), help: "案号")
    var caseNumber: String?

    @Option(help: "当事人编号、证件号或名称(导出其全部案件)")
    var subject: String?

    @Option(help: "包格式:zip 或 tar.gz")
    var format: BagWriter.Format = .zip

    @Flag(help: "生成脱敏副本(申请人查阅用)")
    var redact = false

    @Flag(name: .customLong("include-media"), help: "附上音像文件本身(默认只附元数据)")
    var includeMedia = false

    @Option(help: "输出文件")
    var out: String

    func validate() throws {
        guard (caseNumber == nil) != (subject == nil) else { throw ValidationError("请给出 --case 或 --subject 之一") }
    }

    func run() throws {
        let location = options.location
        let database = try location.openExistingForWriting(), objects = try location.objectStore()
        let scope: BagPlanner.Scope = caseNumber.map { .caseNumber($0) } ?? .subject(subject!)
        let summary: Exporter.Summary
        do {
            summary = try Exporter(database: database, objects: objects)
                .export(scope, options: .init(redact: redact, includeMedia: includeMedia), format: format, to: URL(fileURLWithPath: out))
        } catch let error as ExportError {
            throw UserFacingError(error.description)
        }
        if options.json {
            try Output.printJSON(summary)
            return
        }
        print("已导出:\(summary.output)(\(summary.format)\(summary.redacted ? ",脱敏副本" : ""))")
        print(
            "  文件 \(summary.payloadFiles) 个,\(Output.megabytes(summary.payloadBytes)),未提供 \(summary.withheld) 项;Bagging-Date \(summary.baggingDate)")
        print("  SHA-256:\(summary.sha256)(已记入审计日志)")
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "校验 BagIt 包(zip、tar.gz 或已解开的目录),逐项列出问题;有问题时退出码为 1")

    @Flag(name: .long, help: "以 JSON 输出")
    var json = false

    @Argument(help: "包文件或目录")
    var path: String

    func run() throws {
        let report: BagVerifier.Report
        do {
            report = try BagVerifier().verify(path)
        } catch let error as ExportError {
            throw UserFacingError(error.description)
        }
        if json {
            try Output.printJSON(report)
        } else if report.valid {
            print("校验通过:\(path)")
            print("  载荷文件 \(report.payloadFiles) 个,\(Output.megabytes(report.payloadBytes)),清单算法 \(report.algorithms.joined(separator: "、"))")
        } else {
            print("校验未通过:\(path)(\(report.problems.count) 个问题)")
            for problem in report.problems { print("  ✗ \(problem)") }
        }
        if !report.valid { throw ExitCode(1) }
    }
}

extension BagWriter.Format: ExpressibleByArgument {}
