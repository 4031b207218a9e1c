import Foundation
import JuanzongCore
import JuanzongIndexer
import JuanzongStore

/// Helpers for tests that ingest real files into a real archive in a temporary directory.
enum TestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sampleCases = packageRoot.appendingPathComponent("SampleCases").path
    /// The seed documents (published government texts from `../shared/seeds/`, copied so the tests run anywhere).
    static var seeds: String { fixture("seeds") }

    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
    }

    /// The built `juanzong` executable, beside the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("juanzong")
    }

    /// Runs the built `juanzong` with `arguments`; its exit status and standard output.
    static func juanzong(_ arguments: [String]) throws -> (status: Int32, output: Data) {
        let result = try ChildProcess.run(executable.path, arguments)
        return (result.status, result.output)
    }

    static func temporaryDirectory(_ label: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func ingest(_ paths: [String], into archive: URL, options: IngestOptions = IngestOptions()) throws -> IngestSummary {
        setlocale(LC_ALL, "C.UTF-8")
        return try Ingestor(archive: ArchiveLocation(path: archive.path), options: options).run(paths)
    }

    /// Rows of a query as strings, for comparing archives.
    static func rows(_ archive: URL, _ sql: String) throws -> [String] {
        let database = try ArchiveLocation(path: archive.path).openForReading()
        let statement = try database.prepare(sql)
        return try statement.rows { row in
            (0..<statement.columnCount).map { row.optionalString(Int32($0)) ?? "∅" }.joined(separator: "|")
        }
    }

    static func count(_ archive: URL, _ table: String) throws -> Int {
        Int(try rows(archive, "SELECT count(*) FROM \(table)")[0])!
    }

    /// The archive's content, without run bookkeeping (run ids, problems, timestamps).
    static func content(_ archive: URL) throws -> [String] {
        try rows(archive, "SELECT s.name, s.identifier, s.kind, s.address FROM subjects s ORDER BY s.name, s.identifier")
            + rows(
                archive,
                """
                SELECT c.case_number, c.agency, c.case_type, c.procedure, c.filed_on, c.decided_on, c.penalty_amount_yuan, s.name
                FROM cases c LEFT JOIN subjects s ON s.id = c.subject_id ORDER BY c.case_number_key
                """)
            + rows(
                archive,
                """
                SELECT d.sha256, d.doc_type, d.title, d.doc_date, c.case_number_key, s.name
                FROM documents d LEFT JOIN cases c ON c.id = d.case_id LEFT JOIN subjects s ON s.id = d.subject_id ORDER BY d.sha256
                """)
            + rows(archive, "SELECT record_key, file_name, device_id, started_at, category FROM av_records ORDER BY record_key")
            + rows(archive, "SELECT case_id IS NULL, statute_key, article, written FROM case_legal_bases ORDER BY 2, 3, 4")
            + rows(
                archive, "SELECT b.sha256, b.size, b.location, c.sha256 IS NOT NULL FROM blobs b LEFT JOIN blob_contents c USING (sha256) ORDER BY 1")
    }
}
