import Foundation
import JuanzongCore
import JuanzongStore

/// Reads filled worksheets (CSV) back into the archive: every row is checked first, and either
/// all rows of all files are imported or none.
public struct ScoreImporter {
    public struct Imported: Codable, Sendable {
        public var rows: Int
        public var files: Int
    }

    /// Every problem found, each naming the file and line.
    public struct Rejected: Error, CustomStringConvertible {
        public var problems: [String]
        public var description: String { "评查表有误,未导入任何分数:\n" + problems.map { "  " + $0 }.joined(separator: "\n") }
    }

    let database: Database
    let scoring: EvaluationRules.Scoring

    public init(database: Database, scoring: EvaluationRules.Scoring) {
        self.database = database
        self.scoring = scoring
    }

    /// Imports worksheet files from disk.
    public func importWorksheets(_ paths: [String]) throws -> Imported {
        try importWorksheets(paths.map { path in (name: path, data: FileManager.default.contents(atPath: path)) })
    }

    /// Imports worksheets given as bytes (an upload), each named for the error messages;
    /// a nil `data` is a file that could not be read.
    public func importWorksheets(_ sheets: [(name: String, data: Data?)]) throws -> Imported {
        struct Row {
            var draw: Int64
            var caseNumber: String
            var veto: Bool
            var form: Double
            var content: Double
            var reviewer: String
            var note: String
        }
        var rows: [Row] = []
        var problems: [String] = []
        let known = try database.prepare("SELECT 1 FROM sample_draw_cases WHERE draw_id = ?1 AND case_number = ?2")
        for (path, data) in sheets {
            guard let data, let text = String(data: data, encoding: .utf8) else {
                problems.append("\(path):无法读取,或不是 UTF-8 编码的 CSV")
                continue
            }
            let table = CSV.parse(text)
            guard let header = table.first else {
                problems.append("\(path):文件为空")
                continue
            }
            func column(_ name: String) -> Int? { header.firstIndex { $0.trimmingCharacters(in: .whitespaces) == name } }
            guard let drawColumn = column("抽查编号"), let numberColumn = column("案号"), let vetoColumn = column("基本标准通过(是/否)"),
                let formColumn = column("卷面得分"), let contentColumn = column("内容得分")
            else {
                problems.append("\(path):表头不是评查表的格式(需要 抽查编号、案号、基本标准通过(是/否)、卷面得分、内容得分 列)")
                continue
            }
            let reviewerColumn = column("评查人"), noteColumn = column("备注")
            for (offset, cells) in table.dropFirst().enumerated() {
                let line = "\(path) 第 \(offset + 2) 行"
                func cell(_ index: Int?) -> String { index.flatMap { $0 < cells.count ? cells[$0].trimmingCharacters(in: .whitespaces) : nil } ?? "" }
                let caseNumber = cell(numberColumn)
                guard let draw = Int64(cell(drawColumn)) else {
                    problems.append("\(line):抽查编号“\(cell(drawColumn))”不是数字")
                    continue
                }
                guard try known.first([draw, caseNumber], { $0.int(0) }) != nil else {
                    problems.append("\(line):案件“\(caseNumber)”不在抽查记录 #\(draw) 中")
                    continue
                }
                let vetoText = cell(vetoColumn)
                guard ["是", "否"].contains(vetoText) else {
                    problems.append("\(line):基本标准通过应填“是”或“否”,实为“\(vetoText)”")
                    continue
                }
                guard let form = Double(cell(formColumn)), (0...scoring.formPoints).contains(form) else {
                    problems.append("\(line):卷面得分“\(cell(formColumn))”应为 0 到 \(Int(scoring.formPoints)) 之间的数")
                    continue
                }
                guard let content = Double(cell(contentColumn)), (0...scoring.contentPoints).contains(content) else {
                    problems.append("\(line):内容得分“\(cell(contentColumn))”应为 0 到 \(Int(scoring.contentPoints)) 之间的数")
                    continue
                }
                rows.append(
                    Row(
                        draw: draw, caseNumber: caseNumber, veto: vetoText == "是", form: form, content: content,
                        reviewer: cell(reviewerColumn), note: cell(noteColumn)))
            }
        }
        if rows.isEmpty && problems.isEmpty { problems.append("评查表中没有分数行") }
        guard problems.isEmpty else { throw Rejected(problems: problems) }
        let now = ISO8601DateFormatter().string(from: Date())
        try database.transaction {
            let insert = try database.prepare(
                """
                INSERT INTO sample_scores(draw_id, case_number, veto_passed, form_score, content_score, total, grade, reviewer, note, imported_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                ON CONFLICT(draw_id, case_number) DO UPDATE SET veto_passed = excluded.veto_passed, form_score = excluded.form_score,
                content_score = excluded.content_score, total = excluded.total, grade = excluded.grade, reviewer = excluded.reviewer,
                note = excluded.note, imported_at = excluded.imported_at
                """)
            for row in rows {
                let total = row.form + row.content
                try insert.run([
                    row.draw, row.caseNumber, row.veto, row.form, row.content, total,
                    scoring.grade(total: total, vetoPassed: row.veto), row.reviewer.isEmpty ? nil : row.reviewer,
                    row.note.isEmpty ? nil : row.note, now,
                ])
            }
        }
        return Imported(rows: rows.count, files: sheets.count)
    }
}
