import Foundation
import JuanzongBenchmarks
import JuanzongCore
import JuanzongIndexer
import JuanzongQuery
import JuanzongStore

/// A real archive built once for the query tests: SampleCases, the seed documents
/// (Traditional and Simplified published texts) and a small generated corpus.
final class QueryFixture: @unchecked Sendable {
    static let shared: QueryFixture = {
        do { return try QueryFixture() } catch { fatalError("无法建立测试档案库:\(error)") }
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let archive: URL
    let normalizer: TextNormalizer
    /// Every document's indexed fields in normalized form: title, case number, subject, body.
    let indexedFields: [Int64: [String]]
    let originalTexts: [Int64: String]

    private init() throws {
        setlocale(LC_ALL, "C.UTF-8")
        archive = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-query-\(UUID().uuidString)")
        let corpus = archive.appendingPathExtension("corpus")
        try CorpusGenerator(cases: 40, seed: 7).write(to: corpus)
        let inputs = [
            Self.packageRoot.appendingPathComponent("SampleCases").path,
            Self.packageRoot.appendingPathComponent("Tests/JuanzongIndexerTests/Fixtures/seeds").path,
            corpus.path,
        ]
        _ = try Ingestor(archive: ArchiveLocation(path: archive.path), options: IngestOptions()).run(inputs)
        normalizer = try TextNormalizer()
        let database = try ArchiveLocation(path: archive.path).openForReading()
        var fields: [Int64: [String]] = [:]
        var texts: [Int64: String] = [:]
        try database.prepare(
            """
            SELECT d.id, d.title, COALESCE(c.case_number, ''), COALESCE(s.name, ''), d.text FROM documents d
            LEFT JOIN cases c ON c.id = d.case_id LEFT JOIN subjects s ON s.id = COALESCE(d.subject_id, c.subject_id)
            """
        ).each { [normalizer] row in
            fields[row.int64(0)] = [row.string(1), row.string(2), row.string(3), row.string(4)]
                .map { normalizer.normalize($0).lowercased() }
            texts[row.int64(0)] = row.string(4)
        }
        indexedFields = fields
        originalTexts = texts
    }

    func searcher() throws -> Searcher {
        try Searcher(database: ArchiveLocation(path: archive.path).openForReading(), normalizer: normalizer)
    }

    func database() throws -> Database { try ArchiveLocation(path: archive.path).openForReading() }

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

    /// Ids of every document matching `query`.
    func matchingIDs(_ query: String, searcher: Searcher) throws -> Set<Int64> {
        let result = try searcher.search(query, options: .init(limit: 100_000, facets: false, snippets: false))
        return Set(result.hits.map(\.documentId))
    }
}
