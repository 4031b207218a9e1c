import ArgumentParser
import Foundation
import JuanzongQuery
import JuanzongStore

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "全文检索文书",
        discussion: """
            检索语法:
              行政处罚 罚款            空格表示“并且”;连续汉字按原文连续匹配,单字也可检索
              罚款 OR 警告             任一即可(OR 须大写)
              -警告                    排除含“警告”的文书
              "责令 改正"              引号内为精确短语(也可用 “…”)
              机关:生态环境局  类型:行政处罚  文书:决定书  当事人:某某公司  案号:奉环罚〔2023〕12号
              依据:大气污染防治法第一百一十九条        字段筛选,可加 - 表示排除
              2023-01-01..2023-12-31    决定日期范围(也可写 2023..2024、2023-06..)
              金额:10000..50000         罚款金额范围(元,可写 1万..5万)
            繁体与简体、全角与半角、大小写均视为相同。
            """
    )

    @OptionGroup var options: ArchiveOptions

    @Argument(help: "检索式")
    var query: String

    @Option(help: "每页条数")
    var limit = 20

    @Option(help: "跳过前若干条(翻页)")
    var offset = 0

    @Option(help: "排序:rank(相关度,同分按决定日期新者在前)或 date(决定日期,新者在前)")
    var sort: Searcher.Sort = .rank

    func validate() throws {
        guard limit >= 0, limit <= 10_000 else { throw ValidationError("--limit 应在 0 到 10000 之间") }
        guard offset >= 0 else { throw ValidationError("--offset 不能为负数") }
    }

    func run() throws {
        let searcher = try Searcher(database: try options.location.openForReading())
        let result: SearchResult
        do {
            result = try searcher.search(query, options: .init(limit: limit, offset: offset, sort: sort))
        } catch let error as QueryError {
            throw UserFacingError("检索式有误:\(error.message)")
        }
        if options.json {
            try Output.printJSON(result)
            return
        }
        print("共 \(result.total) 份文书" + (result.total > 0 ? ",显示第 \(offset + 1)–\(offset + result.hits.count) 份" : ""))
        let emphasize = isatty(STDOUT_FILENO) != 0
        for (index, hit) in result.hits.enumerated() {
            print("")
            print("\(offset + index + 1). [\(hit.docType)] \(hit.title)  (文书 #\(hit.documentId))")
            var line = "   案号:\(hit.caseNumber ?? "未归案")   当事人:\(hit.subjectName ?? "—")"
            if let agency = hit.agency { line += "   机关:\(agency)" }
            if let date = hit.decisionDate { line += "   决定:\(date)" }
            print(line)
            print("   来源:\(hit.sourcePath)")
            if let snippet = hit.snippetText, let highlights = hit.highlights {
                let marked = Snippet(text: snippet, highlights: highlights, offset: 0)
                    .marked(open: emphasize ? "\u{1B}[1;31m" : "【", close: emphasize ? "\u{1B}[0m" : "】")
                print("   …\(marked)…")
            }
        }
        guard result.total > 0 else { return }
        print("")
        for (name, counts) in [
            ("机关", result.facets.agency), ("案件类型", result.facets.caseType),
            ("文书类型", result.facets.docType), ("年份", result.facets.year),
        ] where !counts.isEmpty {
            print("\(name):" + counts.prefix(8).map { "\($0.value) \($0.count)" }.joined(separator: " · "))
        }
    }
}

extension Searcher.Sort: ExpressibleByArgument {}
