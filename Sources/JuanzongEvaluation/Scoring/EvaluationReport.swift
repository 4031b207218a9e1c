import Foundation
import JuanzongCore
import JuanzongStore

/// The year's evaluation summary by agency: files drawn and scored, average score, grades and
/// the most frequent problems, over the year's draws that no later draw superseded.
public struct EvaluationReport: Codable, Sendable {
    public struct Agency: Codable, Sendable {
        public var agency: String
        public var drawn: Int
        public var scored: Int
        public var averageScore: Double?
        public var excellent: Int
        public var pass: Int
        public var fail: Int
        /// The commonest findings, most frequent first, with their counts.
        public var commonProblems: [Problem]
    }

    public struct Problem: Codable, Sendable {
        public var problem: String
        public var count: Int
    }

    public var year: Int
    public var draws: [Int64]
    public var agencies: [Agency]

    public init(year: Int, database: Database) throws {
        self.year = year
        draws = try database.prepare(
            """
            SELECT id FROM sample_draws WHERE year = ?1
            AND id NOT IN (SELECT supersedes_id FROM sample_draws WHERE supersedes_id IS NOT NULL) ORDER BY id
            """
        ).rows([year]) { $0.int64(0) }
        let list = draws.map(String.init).joined(separator: ",")
        struct Row {
            var agency: String
            var findings: [Finding]
            var total: Double?
            var grade: String?
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let rows = try database.prepare(
            """
            SELECT COALESCE(c.agency, ''), dc.findings, s.total, s.grade FROM sample_draw_cases dc
            JOIN cases c ON c.id = dc.case_id
            LEFT JOIN sample_scores s ON s.draw_id = dc.draw_id AND s.case_number = dc.case_number
            WHERE dc.draw_id IN (\(list)) ORDER BY dc.draw_id, dc.position
            """
        ).rows { row in
            Row(
                agency: row.string(0), findings: (try? decoder.decode([Finding].self, from: Data(row.string(1).utf8))) ?? [],
                total: row.optionalDouble(2), grade: row.optionalString(3))
        }
        var order: [String] = []
        var groups: [String: [Row]] = [:]
        for row in rows {
            if groups[row.agency] == nil { order.append(row.agency) }
            groups[row.agency, default: []].append(row)
        }
        agencies = order.sorted().map { name in
            let members = groups[name]!
            let totals = members.compactMap(\.total)
            var problems: [String: Int] = [:]
            for finding in members.flatMap(\.findings) {
                let label = finding.message.split(separator: ":").first.map(String.init) ?? finding.message
                problems[label, default: 0] += 1
            }
            return Agency(
                agency: name, drawn: members.count, scored: totals.count,
                averageScore: totals.isEmpty ? nil : totals.reduce(0, +) / Double(totals.count),
                excellent: members.filter { $0.grade == "优秀" }.count, pass: members.filter { $0.grade == "合格" }.count,
                fail: members.filter { $0.grade == "不合格" }.count,
                commonProblems: problems.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3)
                    .map { Problem(problem: $0.key, count: $0.value) })
        }
    }

    public func csv() -> String {
        let header = ["执法机关", "抽查件数", "已评分", "平均分", "优秀", "合格", "不合格", "常见问题"]
        let rows = agencies.map { agency in
            [
                agency.agency, String(agency.drawn), String(agency.scored), agency.averageScore.map { String(format: "%.1f", $0) } ?? "",
                String(agency.excellent), String(agency.pass), String(agency.fail),
                agency.commonProblems.map { "\($0.problem)(\($0.count))" }.joined(separator: ";"),
            ]
        }
        return CSV.document([header] + rows)
    }

    /// A printable page with a bar chart (SVG drawn here) of each agency's average score.
    public func html() -> String {
        let rows = agencies.map { agency in
            "<tr><td>\(HTML.escape(agency.agency))</td><td>\(agency.drawn)</td><td>\(agency.scored)</td><td>\(agency.averageScore.map { String(format: "%.1f", $0) } ?? "—")</td><td>\(agency.excellent)</td><td>\(agency.pass)</td><td>\(agency.fail)</td><td>\(HTML.escape(agency.commonProblems.map { "\($0.problem)(\($0.count))" }.joined(separator: ";")))</td></tr>"
        }.joined(separator: "\n")
        return HTML.page(
            title: "\(year) 年度行政执法案卷评查报告", landscape: false,
            body: """
                <h1>\(year) 年度行政执法案卷评查报告</h1>
                <p>抽查记录:\(draws.map { "#\($0)" }.joined(separator: "、"))。共抽查 \(agencies.reduce(0) { $0 + $1.drawn }) 件,已评分 \(agencies.reduce(0) { $0 + $1.scored }) 件。</p>
                \(barChart())
                <table>
                <thead><tr><th>执法机关</th><th>抽查</th><th>已评分</th><th>平均分</th><th>优秀</th><th>合格</th><th>不合格</th><th>常见问题</th></tr></thead>
                <tbody>
                \(rows)
                </tbody>
                </table>
                """)
    }

    /// Horizontal bars of the average score (0–100) per agency, with value labels.
    public func barChart() -> String {
        let rowHeight = 28, labelWidth = 260, chartWidth = 400
        let height = agencies.count * rowHeight + 30
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + chartWidth + 60)\" height=\"\(height)\" role=\"img\" aria-label=\"各机关平均分\">"
        ]
        for tick in stride(from: 0, through: 100, by: 20) {
            let x = labelWidth + chartWidth * tick / 100
            parts.append(
                "<line x1=\"\(x)\" y1=\"0\" x2=\"\(x)\" y2=\"\(height - 20)\" stroke=\"#ccc\"/><text x=\"\(x)\" y=\"\(height - 5)\" font-size=\"11\" text-anchor=\"middle\">\(tick)</text>"
            )
        }
        for (index, agency) in agencies.enumerated() {
            let y = index * rowHeight + 4
            let score = agency.averageScore ?? 0
            let width = Int(Double(chartWidth) * min(max(score, 0), 100) / 100)
            parts.append("<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" font-size=\"12\" text-anchor=\"end\">\(HTML.escape(agency.agency))</text>")
            parts.append("<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(width)\" height=\"\(rowHeight - 8)\" fill=\"#2f6db5\"/>")
            parts.append(
                "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 16)\" font-size=\"12\">\(agency.averageScore.map { String(format: "%.1f", $0) } ?? "未评分")</text>"
            )
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
