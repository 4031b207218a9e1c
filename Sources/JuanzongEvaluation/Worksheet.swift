import Foundation

/// The evaluation worksheet (评查表) of one agency, in the common layout: each drawn file with its
/// automatic findings, and blank columns for the veto items (基本标准), the form score (卷面) and
/// the content score (内容). Written as CSV (what `juanzong score` reads back) and as a printable
/// A4 HTML page.
public enum Worksheet {
    public static let columns = ["抽查编号", "序号", "案号", "执法机关", "案件类型", "当事人", "自动检查发现", "建议扣分",
                                 "基本标准通过(是/否)", "卷面得分", "内容得分", "评查人", "备注"]

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
            [String(drawID), String(index + 1), drawn.caseNumber, drawn.agency, drawn.caseType, drawn.subjectName ?? "",
             findingsText(drawn), String(format: "%g", drawn.findings.reduce(0) { $0 + $1.deduction }), "", "", "", "", ""]
        }
        return "\u{FEFF}" + ([columns] + lines).map { $0.map(CSV.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    public static func html(drawID: Int64, year: Int, agency: String, rows: [DrawResult.DrawnCase], scoring: EvaluationRules.Scoring) -> String {
        let body = rows.enumerated().map { index, drawn in
            let cells = [String(index + 1), drawn.caseNumber, drawn.caseType, drawn.subjectName ?? "", findingsText(drawn),
                         String(format: "%g", drawn.findings.reduce(0) { $0 + $1.deduction }), "□是 □否", "", "", "", ""]
            return "<tr>" + cells.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>"
        }.joined(separator: "\n")
        let headers = ["序号", "案号", "案件类型", "当事人", "自动检查发现", "建议扣分", "基本标准通过",
                       "卷面(\(Int(scoring.formPoints)))", "内容(\(Int(scoring.contentPoints)))", "总分", "等级"]
        return HTML.page(title: "\(year) 年度行政执法案卷评查表 — \(agency)", landscape: true, body: """
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

/// RFC 4180 CSV, as spreadsheet programs write it (UTF-8, optional BOM, CRLF or LF, quoted fields).
enum CSV {
    static func field(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        while let character = characters.first {
            characters.removeFirst()
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" || character == "\r" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows.filter { !($0.count == 1 && $0[0].isEmpty) }
    }
}

/// Shared printable-page markup.
enum HTML {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func page(title: String, landscape: Bool, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <title>\(escape(title))</title>
        <style>
        @page { size: A4\(landscape ? " landscape" : ""); margin: 15mm; }
        body { font-family: "Noto Serif CJK SC", "Songti SC", "SimSun", serif; font-size: 10.5pt; }
        h1 { text-align: center; font-size: 16pt; }
        table { width: 100%; border-collapse: collapse; margin: 8px 0; }
        th, td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; }
        th { background: #eee; }
        tr { page-break-inside: avoid; }
        .sign { margin-top: 24px; text-align: right; }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
