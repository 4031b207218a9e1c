import Foundation
import JuanzongCore
import JuanzongEvaluation

/// Pages of 案卷评查: the overview with the draw and upload forms, a draw's findings, the report.
enum EvaluationPages {
    static func overview(draws: [RecordedDraw], notice: String?, viewer: Viewer, csrf: String?) -> String {
        let lastYear = Calendar(identifier: .gregorian).component(.year, from: Date()) - 1
        let rows = draws.map { draw in
            [
                "<a href=\"/evaluation/draws/\(draw.id)\">#\(draw.id)</a>", String(draw.year), String(draw.cases), HTML.escape(draw.seed),
                HTML.escape(draw.actor), HTML.escape(draw.drawnAt),
                draw.supersededById.map { "已被 #\($0) 取代" }
                    ?? (draw.supersedesId.map { "取代 #\($0):\(HTML.escape(draw.supersedeReason ?? ""))" } ?? "有效"),
            ]
        }
        let years = Set(draws.map(\.year)).sorted(by: >)
        return Layout.page(
            "案卷评查", viewer: viewer, csrf: csrf, active: "evaluation",
            body: """
                \(notice.map { "<p class=\"notice\" role=\"status\">\(HTML.escape($0))</p>" } ?? "")
                <form method="post" action="/evaluation/draws" id="draw-form">
                \(Layout.csrfField(csrf))
                <fieldset><legend>抽取案卷</legend>
                <label>评查年度 <input name="year" value="\(lastYear)" size="5" required></label>
                <label>抽取比例 <input name="rate" value="0.05" size="5"></label>
                <label>或每层件数 <input name="per_agency" size="4"></label>
                <label>分层 <select name="by"><option value="agency">按机关</option><option value="agency,case_type">按机关与案件类型</option></select></label>
                <label><input type="checkbox" name="closed_only" value="1"> 只抽已结案</label>
                <label>随机种子 <input name="seed" size="12" placeholder="留空则随机生成"></label>
                <br><label>取代抽查编号 <input name="supersedes" size="4"></label><label>取代理由 <input name="reason" size="30"></label>
                <button type="submit">抽取并自动检查</button>
                <p class="muted">同一档案库、同样参数与种子,总是抽出同样的案卷。每次抽取都记录在案,不能修改。</p>
                </fieldset>
                </form>
                <form method="post" action="/evaluation/scores" enctype="multipart/form-data" id="score-form">
                \(Layout.csrfField(csrf))
                <fieldset><legend>上传填好的评查表(CSV)</legend>
                <input type="file" name="worksheet" accept=".csv,text/csv" multiple required>
                <button type="submit">导入分数</button>
                <p class="muted">逐行校验,有任何错误则一行也不导入。</p>
                </fieldset>
                </form>
                <h2>年度报告</h2>
                <p>\(years.isEmpty ? "尚无抽查记录。" : years.map { "<a href=\"/evaluation/report?year=\($0)\">\($0) 年度</a>" }.joined(separator: " · "))</p>
                <h2>抽查记录</h2>
                \(Layout.table(["编号", "年度", "案卷数", "种子", "抽取人", "时间", "状态"], rows, id: "draws"))
                """)
    }

    static func draw(_ draw: DrawResult, viewer: Viewer, csrf: String?) -> String {
        let id = draw.drawId ?? 0
        let worksheets = Worksheet.byAgency(draw).map { agency, rows in
            let name = agency.isEmpty ? "未注明机关" : agency
            let query = URLQuery.encode(agency)
            return
                "<li>\(HTML.escape(name))(\(rows.count) 件):<a href=\"/evaluation/draws/\(id)/worksheet.csv?agency=\(query)\">评查表 CSV</a> · <a href=\"/evaluation/draws/\(id)/worksheet.html?agency=\(query)\">打印版</a></li>"
        }.joined()
        let rows = draw.cases.enumerated().map { index, drawn in
            [
                String(index + 1), HTML.escape(drawn.caseNumber), HTML.escape(drawn.agency), HTML.escape(drawn.caseType),
                HTML.escape(drawn.subjectName ?? "—"),
                drawn.findings.isEmpty
                    ? "未发现问题"
                    : "<ul>"
                        + drawn.findings.map {
                            "<li>\(HTML.escape($0.message))(扣 \(String(format: "%g", $0.deduction)) 分)<br><span class=\"muted\">\(HTML.escape($0.evidence))</span></li>"
                        }.joined() + "</ul>",
            ]
        }
        let strata = draw.strata.map { "\(HTML.escape($0.stratum.isEmpty ? "未注明机关" : $0.stratum)) \($0.drawn) 件" }.joined(separator: ";")
        return Layout.page(
            "抽查记录 #\(id)(\(draw.parameters.year) 年度)", viewer: viewer, csrf: csrf, active: "evaluation",
            body: """
                <p>种子 <code>\(HTML.escape(draw.seed))</code> · 共 \(draw.cases.count) 件 · \(strata)</p>
                <h2>评查表</h2><ul id="worksheets">\(worksheets)</ul>
                <h2>自动检查结果</h2>
                \(Layout.table(["序号", "案号", "执法机关", "案件类型", "当事人", "发现的问题"], rows, id: "findings"))
                """)
    }

    static func rejected(_ error: ScoreImporter.Rejected, viewer: Viewer, csrf: String?) -> String {
        Layout.page(
            "评查表未导入", viewer: viewer, csrf: csrf, active: "evaluation",
            body: """
                <p class="error" role="alert">评查表有误,未导入任何分数:</p>
                <ul>\(error.problems.map { "<li>\(HTML.escape($0))</li>" }.joined())</ul>
                <p><a href="/evaluation">返回</a></p>
                """)
    }

    static func report(_ report: EvaluationReport, viewer: Viewer, csrf: String?) -> String {
        let rows = report.agencies.map { agency in
            [
                HTML.escape(agency.agency), String(agency.drawn), String(agency.scored),
                agency.averageScore.map { String(format: "%.1f", $0) } ?? "—",
                String(agency.excellent), String(agency.pass), String(agency.fail),
                HTML.escape(agency.commonProblems.map { "\($0.problem)(\($0.count))" }.joined(separator: ";")),
            ]
        }
        return Layout.page(
            "\(report.year) 年度案卷评查报告", viewer: viewer, csrf: csrf, active: "evaluation",
            body: """
                <p>抽查记录:\(report.draws.map { "<a href=\"/evaluation/draws/\($0)\">#\($0)</a>" }.joined(separator: "、"))。
                共抽查 \(report.agencies.reduce(0) { $0 + $1.drawn }) 件,已评分 \(report.agencies.reduce(0) { $0 + $1.scored }) 件。</p>
                <figure id="report-chart">\(report.barChart())<figcaption class="muted">各机关平均分</figcaption></figure>
                \(Layout.table(["执法机关", "抽查", "已评分", "平均分", "优秀", "合格", "不合格", "常见问题"], rows, id: "report"))
                """)
    }
}
