import Foundation
import JuanzongIndexer
import JuanzongStore

/// Measures the whole ingest pipeline against its baseline, in one run: a bare FTS5 insert
/// (same tokenizer, same transaction size) of the very texts the pipeline extracted.
public struct IngestBenchmark {
    public struct Result: Codable, Sendable {
        public var documents: Int
        public var textMegabytes: Double
        public var pipelineSeconds: Double
        public var pipelineDocumentsPerSecond: Double
        public var pipelineTextMegabytesPerSecond: Double
        public var baselineSeconds: Double
        public var baselineDocumentsPerSecond: Double
        public var baselineTextMegabytesPerSecond: Double
        /// Pipeline rate as a share of the bare insert's rate.
        public var ratio: Double
        public var databaseMegabytes: Double
        public var walkSeconds: Double
        public var processSeconds: Double
        public var writeSeconds: Double
    }

    public let corpus: String
    public let archive: ArchiveLocation
    public let options: IngestOptions

    public init(corpus: String, archive: ArchiveLocation, options: IngestOptions) {
        self.corpus = corpus
        self.archive = archive
        self.options = options
    }

    public func run() throws -> Result {
        try? FileManager.default.removeItem(at: archive.root)
        let summary = try Ingestor(archive: archive, options: options).run([corpus])
        let database = try archive.openForReading()
        let texts = try database.prepare("SELECT text FROM documents ORDER BY id").rows { $0.string(0) }
        let textBytes = texts.reduce(0) { $0 + $1.utf8.count }

        let baselinePath = archive.root.appendingPathComponent("baseline.sqlite").path
        try? FileManager.default.removeItem(atPath: baselinePath)
        let baseline = try Database(path: baselinePath)
        try baseline.execute("CREATE VIRTUAL TABLE bare USING fts5(body, tokenize = '\(SearchTokenizer.indexOption)')")
        let insert = try baseline.prepare("INSERT INTO bare(body) VALUES (?1)")
        // The pipeline's archive is flushed first, so that its pages are not written back while
        // the baseline is timed (runs varied by ±20 % without this).
        sync()
        let started = Date()
        var index = 0
        while index < texts.count {
            let end = min(index + options.batchFiles, texts.count)
            try baseline.transaction {
                for text in texts[index..<end] { try insert.run([text]) }
            }
            index = end
        }
        let baselineSeconds = Date().timeIntervalSince(started)
        try? FileManager.default.removeItem(atPath: baselinePath)

        let megabytes = Double(textBytes) / 1_048_576
        let databaseSize = (try? FileManager.default.attributesOfItem(atPath: archive.databasePath)[.size] as? NSNumber)?.doubleValue ?? 0
        return Result(
            documents: summary.documents, textMegabytes: megabytes,
            pipelineSeconds: summary.seconds, pipelineDocumentsPerSecond: Double(summary.documents) / summary.seconds,
            pipelineTextMegabytesPerSecond: megabytes / summary.seconds,
            baselineSeconds: baselineSeconds, baselineDocumentsPerSecond: Double(texts.count) / baselineSeconds,
            baselineTextMegabytesPerSecond: megabytes / baselineSeconds,
            ratio: baselineSeconds / summary.seconds, databaseMegabytes: databaseSize / 1_048_576,
            walkSeconds: summary.walkSeconds, processSeconds: summary.processSeconds, writeSeconds: summary.writeSeconds)
    }
}
