import Foundation
import JuanzongCore

/// Fills an empty `document_search` from the archive's documents, as the ingest writer would
/// have: title, case number, subject name and text normalized (NFKC, width, t2s), facets from the
/// case's agency and the document type; then merges the segments into one.
///
/// Runs inside the caller's transaction (a schema migration), so readers see the old index or
/// the new one, never a partial one.
struct SearchIndexRebuild {
    let database: Database

    func run() throws {
        var rows = SearchIndexRow.Builder(normalizer: try TextNormalizer())
        let insert = try database.prepare(SearchIndexRow.insertSQL)
        var subjectNames: [Int64: String] = [:]
        let subjectName = try database.prepare("SELECT name FROM subjects WHERE id = ?1")
        let started = Date()
        var done = 0
        try database.prepare(
            """
            SELECT d.id, d.title, COALESCE(c.case_number, ''), d.subject_id, d.text, c.agency, d.doc_type
            FROM documents d LEFT JOIN cases c ON c.id = d.case_id ORDER BY d.id
            """
        ).each { row in
            var subject = ""
            if !row.isNull(3) {
                let id = row.int64(3)
                if let known = subjectNames[id] {
                    subject = known
                } else {
                    subject = rows.searchForm(try subjectName.first([id]) { $0.string(0) } ?? "")
                    subjectNames[id] = subject
                }
            }
            let indexRow = rows.row(
                documentID: row.int64(0), title: rows.searchForm(row.string(1)), caseNumber: rows.searchForm(row.string(2)),
                subject: subject, body: rows.searchForm(row.string(4)), agency: row.optionalString(5), docType: row.string(6))
            try insert.run(indexRow.values)
            done += 1
            if done % 100_000 == 0 {
                FileHandle.standardError.write(Data("全文索引重建中:已处理 \(done) 份文书(\(Int(Date().timeIntervalSince(started))) 秒)\n".utf8))
            }
        }
        if done > 0 { try SearchIndexMaintenance(database: database).mergeSegments() }
    }
}
