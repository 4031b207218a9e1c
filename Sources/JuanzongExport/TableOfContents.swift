import Foundation

/// The bundle's 卷内目录: a CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese) and a
/// printable A4 HTML page.
enum TableOfContents {
    static let headers = ["序号", "案号", "文书题名", "类型", "日期", "页数或时长", "文件名", "SHA-256", "备注"]

    static func rows(_ entries: [BagPlan.Entry]) -> [[String]] {
        entries.map { entry in
            [String(entry.number), entry.caseNumber ?? "", entry.title, entry.type, entry.date ?? "", entry.extent,
             entry.fileName.map { "data/" + $0 } ?? "", entry.sha256 ?? "", entry.withheldReason.map { "未提供:" + $0 } ?? ""]
        }
    }

    static func csv(_ entries: [BagPlan.Entry]) -> String {
        func field(_ value: String) -> String {
            value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        return "\u{FEFF}" + ([headers] + rows(entries)).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func html(_ entries: [BagPlan.Entry], redacted: Bool) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let head = headers.map { "<th>\(escape($0))</th>" }.joined()
        let body = rows(entries).map { row in
            "<tr>" + row.enumerated().map { index, value in
                index == 7 ? "<td class=\"hash\">\(escape(value))</td>" : "<td>\(escape(value))</td>"
            }.joined() + "</tr>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <title>卷内目录</title>
            <style>
            @page { size: A4 landscape; margin: 15mm; }
            body { font-family: "Noto Serif CJK SC", "Songti SC", "SimSun", serif; font-size: 10.5pt; }
            h1 { text-align: center; font-size: 16pt; letter-spacing: 0.5em; }
            table { width: 100%; border-collapse: collapse; }
            th, td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; }
            th { background: #eee; }
            td.hash { font-family: monospace; font-size: 7pt; word-break: break-all; }
            tr { page-break-inside: avoid; }
            </style>
            </head>
            <body>
            <h1>卷内目录</h1>
            \(redacted ? "<p>本副本供申请人查阅:他人身份信息已遮盖,涉密或涉及他人隐私的材料未提供(见备注)。</p>" : "")
            <table>
            <thead><tr>\(head)</tr></thead>
            <tbody>
            \(body)
            </tbody>
            </table>
            </body>
            </html>

            """
    }
}
