import ArgumentParser
import Foundation
import JuanzongStore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "审计日志:verify 校验哈希链,search 查询记录",
        subcommands: [Verify.self, Search.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "重新计算审计日志的哈希链:记录被修改、删除或插入时报告位置并以非零状态退出")
        @OptionGroup var options: ArchiveOptions

        func run() throws {
            let verification = try AuditLog(database: try options.location.openForReading()).verify()
            if options.json {
                try Output.printJSON(verification)
            } else if verification.intact {
                print("审计日志完整:\(verification.entries) 条记录,哈希链全部吻合。末条哈希 \(verification.lastHash ?? "—")")
            } else {
                print("审计日志被改动:共 \(verification.entries) 条记录,发现 \(verification.problems.count) 处问题")
                for problem in verification.problems { print("  \(problem.message)") }
            }
            if !verification.intact { throw ExitCode(1) }
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "按内容、操作人与日期查询审计记录(新的在前)")
        @OptionGroup var options: ArchiveOptions
        @Argument(help: "操作人、操作、对象或详情中包含的文字") var text: String?
        @Option(help: "操作人(如 web:zhangsan)") var actor: String?
        @Option(help: "起始日期 YYYY-MM-DD(UTC)") var from: String?
        @Option(help: "截止日期 YYYY-MM-DD(UTC)") var through: String?
        @Option(help: "最多列出条数") var limit = 50

        struct Listing: Encodable {
            var total: Int
            var entries: [AuditLog.Row]
        }

        func run() throws {
            let found = try AuditLog(database: try options.location.openForReading())
                .search(text: text, actor: actor, from: from, through: through, limit: limit)
            if options.json {
                try Output.printJSON(Listing(total: found.total, entries: found.rows))
                return
            }
            print("共 \(found.total) 条")
            for row in found.rows { print("#\(row.id)\t\(row.at)\t\(row.actor)\t\(row.action)\t\(row.target)\t\(row.detail)") }
        }
    }
}
