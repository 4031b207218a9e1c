import ArgumentParser
import Foundation
import JuanzongQuery
import JuanzongStore

struct PrecedentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "precedent",
        abstract: "法制审核:查找同一法律依据的已决案件及其罚款金额分布,或与某份文书最相似的已决案件",
        discussion: """
            例:juanzong precedent --article "大气污染防治法 第一百一十九条" --agency 生态环境局 --amount 50000
                juanzong precedent --like 1234
            金额分布的四分位数按线性插值计算(与 R 的 type 7、numpy 默认方法相同)。
            """
    )

    @OptionGroup var options: ArchiveOptions

    @Option(help: "法律依据:法律名称与条(款),如 \"大气污染防治法 第一百一十九条\"")
    var article: String?

    @Option(help: "与这份文书(编号)最相似的已决案件")
    var like: Int64?

    @Option(help: "只看该执法机关(名称包含即可)")
    var agency: String?

    @Option(name: .customLong("case-type"), help: "只看该案件类型,如 行政处罚")
    var caseType: String?

    @Option(help: "拟处罚金额(元),显示其在以往金额中的位置")
    var amount: Double?

    @Option(help: "只看该日期(含)之前作出决定的案件,如 2024-06-30")
    var before: String?

    @Option(help: "列出的案件数")
    var limit = 20

    func validate() throws {
        guard (article == nil) != (like == nil) else { throw ValidationError("请给出 --article 或 --like 之一") }
        if let amount, amount < 0 { throw ValidationError("--amount 不能为负数") }
    }

    func run() throws {
        let database = try options.location.openForReading()
        let precedent = try PrecedentSearch(database: database)
        let result: PrecedentSearch.Result
        do {
            if let article {
                var criteria = PrecedentSearch.Criteria(
                    article: try ArticleReference(article), agency: agency, caseType: caseType,
                    decidedBefore: before, proposedAmount: amount, limit: limit)
                criteria.limit = limit
                result = try precedent.search(criteria)
            } else {
                result = try precedent.similar(to: like!, limit: limit, proposedAmount: amount)
            }
        } catch let error as QueryError {
            throw UserFacingError(error.message)
        }
        if options.json {
            try Output.printJSON(result)
            return
        }
        print(result.basis.map { "依据 \($0) 的已决案件 \(result.total) 件" } ?? "与文书 #\(like!) 最相似的已决案件 \(result.total) 件")
        for (index, record) in result.cases.enumerated() {
            print("")
            print("\(index + 1). \(record.caseNumber)  \(record.decisionDate ?? "—")  \(record.agency ?? "—")")
            print(
                "   当事人:\(record.subjectName ?? "—")   处罚:\(record.penaltyKinds ?? "—")   金额:\(Output.yuan(record.amountYuan))"
                    + (record.similarity.map { String(format: "   相似度 %.2f", $0) } ?? ""))
            if !record.citations.isEmpty { print("   依据:\(record.citations.joined(separator: "、"))") }
            if let facts = record.facts { print("   事实:\(facts)") }
        }
        let amounts = result.amounts
        print("")
        if amounts.count > 0 {
            print(
                "金额分布(\(amounts.count) 件):最低 \(Output.yuan(amounts.minimum))  下四分位 \(Output.yuan(amounts.firstQuartile))  "
                    + "中位 \(Output.yuan(amounts.median))  上四分位 \(Output.yuan(amounts.thirdQuartile))  最高 \(Output.yuan(amounts.maximum))")
        } else {
            print("金额分布:无罚款金额记录")
        }
        if let proposed = result.proposed { print(proposed.assessment) }
    }
}
