import Foundation
import JuanzongCore

/// The bundle's 卷内目录: a CSV and a printable A4 HTML page.
enum TableOfContents {
    static let headers = ["序号", "案号", "文书题名", "类型", "日期", "页数或时长", "文件名", "SHA-256", "备注"]

    static func rows(_ entries: [BagPlan.Entry]) -> [[String]] {
        entries.map { entry in
            [
                String(entry.number), entry.caseNumber ?? "", entry.title, entry.type, entry.date ?? "", entry.extent,
                entry.fileName.map { "data/" + $0 } ?? "", entry.sha256 ?? "", entry.withheldReason.map { "未提供:" + $0 } ?? "",
            ]
        }
    }

    static func csv(_ entries: [BagPlan.Entry]) -> String {
        CSV.document([headers] + rows(entries))
    }

    static func html(_ entries: [BagPlan.Entry], redacted: Bool) -> String {
        let head = headers.map { "<th>\(HTML.escape($0))</th>" }.joined()
        let body = rows(entries).map { row in
            "<tr>"
                + row.enumerated().map { index, value in
                    index == 7 ? "<td class=\"hash\">\(HTML.escape(value))</td>" : "<td>\(HTML.escape(value))</td>"
                }.joined() + "</tr>"
        }.joined(separator: "\n")
        return HTML.page(
            title: "卷内目录", landscape: true,
            style: """
                h1 { letter-spacing: 0.5em; }
                td.hash { font-family: monospace; font-size: 7pt; word-break: break-all; }
                """,
            body: """
                <h1>卷内目录</h1>
                \(redacted ? "<p>本副本供申请人查阅:他人身份信息已遮盖,涉密或涉及他人隐私的材料未提供(见备注)。</p>" : "")
                <table>
                <thead><tr>\(head)</tr></thead>
                <tbody>
                \(body)
                </tbody>
                </table>
                """)
    }
}
