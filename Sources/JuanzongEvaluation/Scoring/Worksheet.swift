import Foundation
import JuanzongCore

/// The evaluation worksheet (评查表) of one agency, in the common layout: each drawn file with its
/// automatic findings, and blank columns for the veto items (基本标准), the form score (卷面) and
/// the content score (内容). Written as CSV (what `juanzong score` reads back) and as a printable
/// A4 HTML page.
public enum Worksheet {
    public static let columns = [
        "抽查编号", "序号", "案号", "执法机关", "案件类型", "当事人", "自动检查发现", "建议扣分",
        "基本标准通过(是/否)", "卷面得分", "内容得分", "评查人", "备注",
    ]

    /// One worksheet per agency: file name stem → rows, in draw order.
    public static func byAgency(_ draw: DrawResult) -> [(agency: String, rows: [DrawResult.DrawnCase])] {
        var order: [String] = []
        var groups: [String: [DrawResult.DrawnCase]] = [:]
        for drawn in draw.cases {
            if groups[drawn.agency] == nil { order.append(drawn.agency) }
            groups[drawn.agency, default: []].append(drawn)
        }
        return order.map { ($0, groups[$0]!) }
    }

    static func findingsText(_ drawn: DrawResult.DrawnCase) -> String {
        drawn.findings.isEmpty ? "未发现问题" : drawn.findings.map { "\($0.message)(\($0.evidence))" }.joined(separator: ";")
    }

    public static func csv(drawID: Int64, rows: [DrawResult.DrawnCase]) -> String {
        let lines = rows.enumerated().map { index, drawn in
            [
                String(drawID), String(index + 1), drawn.caseNumber, drawn.agency, drawn.caseType, drawn.subjectName ?? "",
                findingsText(drawn), String(format: "%g", drawn.findings.reduce(0) { $0 + $1.deduction }), "", "", "", "", "",
            ]
        }
        return CSV.document([columns] + lines)
    }

    public static func html(drawID: Int64, year: Int, agency: String, rows: [DrawResult.DrawnCase], scoring: EvaluationRules.Scoring) -> String {
        let body = rows.enumerated().map { index, drawn in
            let cells = [
                String(index + 1), drawn.caseNumber, drawn.caseType, drawn.subjectName ?? "", findingsText(drawn),
                String(format: "%g", drawn.findings.reduce(0) { $0 + $1.deduction }), "□是 □否", "", "", "", "",
            ]
            return "<tr>" + cells.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>"
        }.joined(separator: "\n")
        let headers = [
            "序号", "案号", "案件类型", "当事人", "自动检查发现", "建议扣分", "基本标准通过",
            "卷面(\(Int(scoring.formPoints)))", "内容(\(Int(scoring.contentPoints)))", "总分", "等级",
        ]
        return HTML.page(
            title: "\(year) 年度行政执法案卷评查表 — \(agency)", landscape: true,
            body: """
                <h1>\(year) 年度行政执法案卷评查表</h1>
                <p>被评查单位:\(HTML.escape(agency))  抽查记录 #\(drawID)  等级:总分 \(Int(scoring.excellentAtLeast)) 分以上为优秀,\(Int(scoring.passAtLeast)) 分以上为合格;基本标准(否决项)不通过者为不合格。</p>
                <table>
                <thead><tr>\(headers.map { "<th>\(HTML.escape($0))</th>" }.joined())</tr></thead>
                <tbody>
                \(body)
                </tbody>
                </table>
                <p class="sign">评查人(签名):__________  日期:__________</p>
                """)
    }
}
