import ArgumentParser
import Foundation
import JuanzongStore

struct FixityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixity", abstract: "重新计算档案库内原件及按路径登记的音视频的 SHA-256,列出被改动或丢失的文件")

    @OptionGroup var options: ArchiveOptions

    func run() throws {
        let location = options.location
        let database = try location.openForReading()
        let report = try FixityCheck(database: database, store: try BlobStore(root: location.objects)).run()
        if options.json {
            try Output.printJSON(report)
        } else {
            print("已核验 \(report.checked) 个原件,发现问题 \(report.findings.count) 个")
            for finding in report.findings {
                let what = finding.status == .missing ? "丢失" : "已被改动"
                print(
                    "  [\(what)] \(finding.path ?? finding.sha256)(登记 SHA-256 \(finding.sha256.prefix(16))…\(finding.actualSha256.map { ",现为 \($0.prefix(16))…" } ?? ""))"
                )
            }
        }
        if !report.findings.isEmpty { throw ExitCode(1) }
    }
}
