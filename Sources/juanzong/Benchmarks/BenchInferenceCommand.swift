import ArgumentParser
import Foundation
import JuanzongBenchmarks

struct BenchInferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-inference",
        abstract: "推断基准:在真实公开文书语料上逐字段计算召回率与准确率(开发集与留出集分列),以及错误合并数",
        discussion: "语料见 Corpus/RealDocuments(texts/ 与 truth.tsv,格式见 FORMAT.md)。")

    @Option(name: .long, help: "语料目录(含 texts/)")
    var corpus = "Corpus/RealDocuments"

    @Option(name: .long, help: "逐字段人工核对的真值表(TSV)")
    var truth = "Corpus/RealDocuments/truth.tsv"

    @Flag(name: .long, help: "以 JSON 输出")
    var json = false

    @Option(name: .long, help: "列出开发集中该字段推断有误或缺失的文书(调整规则时用;不看留出集)")
    var show: String?

    @Option(name: .long, help: "逐字段列出开发集中一篇文书(编号,如 A-001)的真值与推断")
    var text: String?

    func run() throws {
        let benchmark = InferenceBenchmark(corpus: URL(fileURLWithPath: corpus), truth: URL(fileURLWithPath: truth))
        if let text {
            for line in try benchmark.fields(ofDevelopmentText: text) {
                print("\(line.field.padding(toLength: 18, withPad: " ", startingAt: 0))真值:\(line.truth)\t推断:\(line.predicted)")
            }
            return
        }
        if let show {
            for mismatch in try benchmark.mismatches(field: show) {
                print("\(mismatch.id)\t真值:\(mismatch.truth)\t推断:\(mismatch.predicted)")
            }
            return
        }
        let result = try benchmark.run()
        if json {
            try Output.printJSON(result)
            return
        }
        print("语料 \(result.texts) 篇(开发集 \(result.development),留出集 \(result.heldOut))")
        print("字段               开发集 召回/准确        留出集 召回/准确        全部 召回/准确")
        for field in InferenceBenchmark.fields {
            let cells = ["dev", "heldout", "all"].map { split -> String in
                guard let score = result.fields.first(where: { $0.field == field && $0.split == split }) else { return "—" }
                return String(format: "%5.1f%% / %5.1f%% (%3d)", score.recall * 100, score.precision * 100, score.stated)
            }
            print(field.padding(toLength: 18, withPad: " ", startingAt: 0) + cells.joined(separator: "   "))
        }
        print("错误合并:不同案件同一文号 \(result.wrongCaseJoins) 对;不同当事人同一证照号码 \(result.wrongSubjectMerges) 对")
    }
}
