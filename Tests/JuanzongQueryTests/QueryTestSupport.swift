import Foundation
import JuanzongBenchmarks
import JuanzongCore
import JuanzongIndexer
import JuanzongPostgresTesting
import JuanzongQuery
import JuanzongStore

/// A real archive built once per store for the query tests: SampleCases, the seed documents
/// (Traditional and Simplified published texts) and a small generated corpus.
final class QueryFixture: @unchecked Sendable {
    private static let sqlite = make(.sqlite)
    private static let postgresql = make(.postgresql)

    /// The fixture's archive in `store`.
    static func on(_ store: ArchiveStoreKind) -> QueryFixture { store == .sqlite ? sqlite : postgresql }

    private static func make(_ store: ArchiveStoreKind) -> QueryFixture {
        do { return try QueryFixture(store) } catch { fatalError("无法建立测试档案库(\(store)):\(error)") }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let archive: ArchiveLocation
    let normalizer: TextNormalizer
    /// Every document's indexed fields in normalized form: title, case number, subject, body.
    let indexedFields: [Int64: [String]]
    let originalTexts: [Int64: String]
    /// Every document's content hash: ids differ between stores (PostgreSQL's sequences skip
    /// values an insert of an archived content took), the content does not.
    let contentOfDocument: [Int64: String]

    private init(_ store: ArchiveStoreKind) throws {
        setlocale(LC_ALL, "C.UTF-8")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-query-\(UUID().uuidString)")
        archive = try store.newArchive(in: folder)
        let corpus = folder.appendingPathComponent("corpus")
        try CorpusGenerator(cases: 40, seed: 7).write(to: corpus)
        let inputs = [
            Self.packageRoot.appendingPathComponent("SampleCases").path,
            Self.packageRoot.appendingPathComponent("Tests/JuanzongIndexerTests/Fixtures/seeds").path,
            corpus.path,
        ]
        _ = try Ingestor(archive: archive, options: IngestOptions()).run(inputs)
        normalizer = try TextNormalizer()
        let database = try archive.openForReading()
        var fields: [Int64: [String]] = [:]
        var texts: [Int64: String] = [:]
        var contents: [Int64: String] = [:]
        try database.prepare(
            """
            SELECT d.id, d.title, COALESCE(c.case_number, ''), COALESCE(s.name, ''), d.text, d.sha256 FROM documents d
            LEFT JOIN cases c ON c.id = d.case_id LEFT JOIN subjects s ON s.id = COALESCE(d.subject_id, c.subject_id)
            """
        ).each { [normalizer] row in
            fields[row.int64(0)] = [row.string(1), row.string(2), row.string(3), row.string(4)]
                .map { normalizer.normalize($0).lowercased() }
            texts[row.int64(0)] = row.string(4)
            contents[row.int64(0)] = row.string(5)
        }
        contentOfDocument = contents
        indexedFields = fields
        originalTexts = texts
    }

    func searcher() throws -> Searcher {
        try Searcher(database: archive.openForReading(), normalizer: normalizer)
    }

    func database() throws -> Database { try archive.openForReading() }

    /// Ids of documents whose indexed text holds `term` (normalized) as a substring, where a term
    /// starting with a letter or digit must start a word (the index matches words by prefix).
    func substringScan(_ term: String) -> Set<Int64> {
        let needle = normalizer.normalize(term).lowercased()
        let startsWithWord = needle.unicodeScalars.first.map(Self.isWordScalar) ?? false
        return Set(
            indexedFields.filter { _, fields in
                fields.contains { field in
                    var searchRange = field.startIndex..<field.endIndex
                    while let found = field.range(of: needle, range: searchRange) {
                        if !startsWithWord || found.lowerBound == field.startIndex
                            || !Self.isWordScalar(field[field.index(before: found.lowerBound)].unicodeScalars.last!)
                        {
                            return true
                        }
                        searchRange = field.index(after: found.lowerBound)..<field.endIndex
                    }
                    return false
                }
            }.keys)
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
    }

    /// FTS5's own bm25 (with the archive's column weights) of every document matching `match`:
    /// what `juanzong_bm25` and the PostgreSQL store's ranking must give. SQLite only.
    func builtInScores(_ match: String) throws -> [Int64: Double] {
        let rows = try database().prepare(
            "SELECT rowid, bm25(document_search, 8.0, 4.0, 4.0, 1.0) FROM document_search WHERE document_search MATCH ?1"
        ).rows([match]) { ($0.int64(0), -$0.double(1)) }
        return Dictionary(uniqueKeysWithValues: rows)
    }

    /// Ids of every document matching `query`.
    func matchingIDs(_ query: String, searcher: Searcher) throws -> Set<Int64> {
        let result = try searcher.search(query, options: .init(limit: 100_000, facets: false, snippets: false))
        return Set(result.hits.map(\.documentId))
    }
}
