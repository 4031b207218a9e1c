import ArgumentParser
import Foundation
import JuanzongEvaluation
import JuanzongIndexer
import JuanzongStore

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "案卷评查抽样:按机关(及案件类型)分层随机抽取当年案卷,并自动检查完整性、音像记录、期限与法制审核",
        discussion: """
            同一档案库、同样参数与种子,在任何机器上都抽出同样的案卷(算法见 README)。未给 --seed 时随机生成并打印。
            每次抽样连同参数、种子与抽中的案卷记入档案库,不能修改;如需重抽,用 --supersedes 编号 --reason 理由 取代旧记录。
            """
    )

    @OptionGroup var options: ArchiveOptions

    @Option(help: "评查年度(按决定日期)")
    var year: Int

    @Option(name: .customLong("per-agency"), help: "每层抽取件数")
    var perAgency: Int?

    @Option(help: "每层抽取比例(未给 --per-agency 与 --rate 时为 0.05)")
    var rate: Double?

    @Option(name: .customLong("min"), help: "每层至少抽取件数")
    var minimum = 1

    @Option(help: "分层字段,逗号分隔:agency(机关)、case_type(案件类型)")
    var by = "agency"

    @Flag(name: .customLong("closed-only"), help: "只抽已结案的案件")
    var closedOnly = false

    @Option(name: .customLong("exclude-sampled-since"), help: "排除该年度以来已被抽中的案件")
    var excludeSampledSince: Int?

    @Option(help: "随机种子(任意文字)")
    var seed: String?

    @Option(help: "评查表输出目录:每个机关一份 CSV(填写后用 juanzong score 导入)与可打印的 HTML")
    var out: String?

    @Option(help: "取代的抽查记录编号")
    var supersedes: Int64?

    @Option(help: "取代理由")
    var reason: String?

    @Option(help: "评查规则文件(默认随程序提供的 Sources/JuanzongEvaluation/Resources/rules.json)")
    var rules: String?

    @Option(help: "节假日表(默认 Sources/JuanzongEvaluation/Resources/holidays.json)")
    var holidays: String?

    func validate() throws {
        guard perAgency == nil || rate == nil else { throw ValidationError("--per-agency 与 --rate 只能给出其一") }
        if let perAgency, perAgency < 1 { throw ValidationError("--per-agency 至少为 1") }
        if let rate, !(rate > 0 && rate <= 1) { throw ValidationError("--rate 应在 0 与 1 之间") }
        let fields = by.split(separator: ",").map(String.init)
        guard !fields.isEmpty, fields.allSatisfy(["agency", "case_type"].contains) else {
            throw ValidationError("--by 只能是 agency、case_type 或二者以逗号连接")
        }
        guard (supersedes == nil) == (reason == nil) else { throw ValidationError("--supersedes 与 --reason 须同时给出") }
    }

    func run() throws {
        let location = options.location
        let database = try location.openExistingForWriting()
        let checker: CaseChecker
        do {
            checker = CaseChecker(
                rules: try EvaluationRules(contentsOf: rules.map { URL(fileURLWithPath: $0) } ?? EvaluationFiles.rules),
                calendar: try WorkingCalendar(contentsOf: holidays.map { URL(fileURLWithPath: $0) } ?? EvaluationFiles.holidays, archive: database))
        } catch {
            throw UserFacingError("\(error)")
        }
        let parameters = DrawParameters(
            year: year, perAgency: perAgency, rate: perAgency == nil ? rate ?? 0.05 : nil, minimum: minimum,
            by: by.split(separator: ",").map(String.init), closedOnly: closedOnly,
            excludeSampledSince: excludeSampledSince)
        let chosenSeed = seed ?? SampleDraw.newSeed()
        let result: DrawResult
        do {
            result = try DrawRecorder(database: database, checker: checker)
                .draw(parameters, seed: chosenSeed, supersedes: supersedes.map { ($0, reason!) })
        } catch let error as DrawError {
            throw UserFacingError(error.description)
        }
        if let out, let drawID = result.drawId {
            let folder = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (agency, rows) in Worksheet.byAgency(result) {
                let stem = "评查表-\(year)-#\(drawID)-" + String((agency.isEmpty ? "未注明机关" : agency).map { "/\\:*?\"<>|".contains($0) ? "_" : $0 })
                try Data(Worksheet.csv(drawID: drawID, rows: rows).utf8).write(to: folder.appendingPathComponent(stem + ".csv"))
                try Data(Worksheet.html(drawID: drawID, year: year, agency: agency, rows: rows, scoring: checker.rules.scoring).utf8)
                    .write(to: folder.appendingPathComponent(stem + ".html"))
            }
            Output.standardError("评查表已写入 \(folder.path)\n")
        }
        if options.json {
            try Output.printJSON(result)
            return
        }
        print("抽查记录 #\(result.drawId ?? 0):\(year) 年度,种子 \(chosenSeed)" + (seed == nil ? "(随机生成,重抽时请用 --seed \(chosenSeed))" : ""))
        for stratum in result.strata {
            print("  \(stratum.stratum.isEmpty ? "(未注明机关)" : stratum.stratum):共 \(stratum.population) 件,抽取 \(stratum.drawn) 件")
        }
        for (index, drawn) in result.cases.enumerated() {
            print("")
            print("\(index + 1). \(drawn.caseNumber)  [\(drawn.caseType)]  \(drawn.agency)  当事人:\(drawn.subjectName ?? "—")")
            if drawn.findings.isEmpty { print("   自动检查未发现问题") }
            for finding in drawn.findings {
                print("   ✗ \(finding.message)(建议扣 \(String(format: "%g", finding.deduction)) 分)")
                print("     依据:\(finding.evidence)")
            }
        }
    }
}

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "导入填好的评查表(CSV):逐行校验,有任何错误则一行也不导入")

    @OptionGroup var options: ArchiveOptions

    @Argument(help: "评查表 CSV 文件")
    var files: [String]

    @Option(help: "评查规则文件(分值与等级线)")
    var rules: String?

    func run() throws {
        let location = options.location
        let database = try location.openExistingForWriting()
        do {
            let scoring = try EvaluationRules(contentsOf: rules.map { URL(fileURLWithPath: $0) } ?? EvaluationFiles.rules).scoring
            let imported = try ScoreImporter(database: database, scoring: scoring).importWorksheets(files)
            if options.json {
                try Output.printJSON(imported)
                return
            }
            print("已导入 \(imported.files) 个评查表中的 \(imported.rows) 件案卷的分数")
        } catch let error as ScoreImporter.Rejected {
            throw UserFacingError(error.description)
        } catch let error as RulesError {
            throw UserFacingError(error.description)
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "年度评查汇总:各机关抽查件数、平均分、等级与常见问题(HTML 含柱状图,及 CSV)")

    @OptionGroup var options: ArchiveOptions

    @Option(help: "评查年度")
    var year: Int

    @Option(help: "输出目录:写入 评查报告-年度.html 与 .csv")
    var out: String?

    func run() throws {
        let report = try EvaluationReport(year: year, database: try options.location.openForReading())
        guard !report.draws.isEmpty else { throw UserFacingError("\(year) 年度没有抽查记录(先运行 juanzong sample)") }
        if let out {
            let folder = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(report.html().utf8).write(to: folder.appendingPathComponent("评查报告-\(year).html"))
            try Data(report.csv().utf8).write(to: folder.appendingPathComponent("评查报告-\(year).csv"))
            Output.standardError("评查报告已写入 \(folder.path)\n")
        }
        if options.json {
            try Output.printJSON(report)
            return
        }
        print("\(year) 年度案卷评查(抽查记录 \(report.draws.map { "#\($0)" }.joined(separator: "、")))")
        for agency in report.agencies {
            print(
                "  \(agency.agency.isEmpty ? "(未注明机关)" : agency.agency):抽查 \(agency.drawn) 件,已评分 \(agency.scored) 件,平均分 "
                    + (agency.averageScore.map { String(format: "%.1f", $0) } ?? "—")
                    + ",优秀 \(agency.excellent) / 合格 \(agency.pass) / 不合格 \(agency.fail)")
            if !agency.commonProblems.isEmpty {
                print("    常见问题:" + agency.commonProblems.map { "\($0.problem)(\($0.count) 次)" }.joined(separator: ";"))
            }
        }
    }
}
