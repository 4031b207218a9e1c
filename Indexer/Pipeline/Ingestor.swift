import Foundation
import JuanzongStore

/// The summary of an ingest run, printed at the end and stored in `ingest_runs`.
public struct IngestSummary: Sendable, Codable {
    public var runID: Int64
    public var filesRead: Int
    public var filesSkipped: Int
    public var bytesRead: Int64
    public var documents: Int
    public var cases: Int
    public var subjects: Int
    public var avRecords: Int
    public var problems: [IngestProblem]
    public var seconds: Double

    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytesRead) / 1_048_576 / seconds : 0 }
    /// True when nothing at all could be read (the CLI exits non-zero then).
    public var nothingRead: Bool { filesRead == 0 && filesSkipped == 0 }
}

/// Progress of a running ingest, reported after each batch.
public struct IngestProgress: Sendable {
    public var filesDone: Int
    public var bytesDone: Int64
    public var documents: Int
    public var problems: Int
    public var elapsed: Double
}

/// Runs an ingest: walks the inputs, processes folders on worker threads in batches and writes
/// each batch in one transaction on the writer thread while the next batch is processed.
public struct Ingestor {
    public let archive: ArchiveLocation
    public let options: IngestOptions

    public init(archive: ArchiveLocation, options: IngestOptions) {
        self.archive = archive
        self.options = options
    }

    public func run(_ paths: [String], progress: @escaping @Sendable (IngestProgress) -> Void = { _ in }) throws -> IngestSummary {
        let started = Date()
        let (database, store) = try archive.openForWriting()
        let writer = try ArchiveWriter(database: database, inputs: paths, options: options)
        let reader = try archive.openForReading()
        let lookup = try reader.prepare("SELECT size, mtime FROM ingested_sources WHERE source_path = ?1")
        var tree = InputTree(limits: options.limits) { stamp in
            guard let known = try? lookup.first([stamp.path], { ($0.int64(0), $0.double(1)) }) else { return false }
            return known.0 == stamp.size && known.1 == stamp.modified
        }
        let processors = try (0..<options.workers).map { _ in try FolderProcessor(options: options, store: store) }
        let pipeline = WritePipeline(writer: writer)

        var batch: [InputFolder] = []
        var batchFiles = 0
        func flush() {
            guard !batch.isEmpty else { return }
            let folders = batch
            batch = []
            batchFiles = 0
            let processed = ProcessedBatch(count: folders.count)
            DispatchQueue.concurrentPerform(iterations: processors.count) { worker in
                var index = worker
                while index < folders.count {
                    processed.set(index, processors[worker].process(folders[index]))
                    index += processors.count
                }
            }
            pipeline.submit(processed.flattened(), started: started, progress: progress)
        }
        tree.walk(paths) { folder in
            batch.append(folder)
            batchFiles += max(folder.files.count, 1)
            if batchFiles >= options.batchFiles { flush() }
        }
        flush()
        try pipeline.waitUntilWritten()
        try writer.finish(skipped: tree.skippedFiles)

        let problems = try database.prepare("SELECT source_path, kind, reason FROM ingest_problems WHERE run_id = ?1 ORDER BY id")
            .rows([writer.runID]) { IngestProblem($0.string(0), IngestProblem.Kind(rawValue: $0.string(1)) ?? .unreadable, $0.string(2)) }
        let counts = writer.counts
        return IngestSummary(runID: writer.runID, filesRead: counts.filesRead, filesSkipped: tree.skippedFiles, bytesRead: counts.bytesRead,
                             documents: counts.documents, cases: counts.caseIDs.count, subjects: counts.subjectIDs.count,
                             avRecords: counts.avRecords, problems: problems, seconds: Date().timeIntervalSince(started))
    }
}

/// Results of one batch, filled by worker threads at distinct indices.
private final class ProcessedBatch: @unchecked Sendable {
    private var slots: [[ProcessedFolder]]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func set(_ index: Int, _ folders: [ProcessedFolder]) {
        lock.lock(); defer { lock.unlock() }
        slots[index] = folders
    }

    func flattened() -> [ProcessedFolder] { slots.flatMap { $0 } }
}

/// Hands batches to the writer thread; at most one batch waits while another is written,
/// so processing and writing overlap without unbounded memory.
private final class WritePipeline: @unchecked Sendable {
    private let writer: ArchiveWriter
    private let queue = DispatchQueue(label: "juanzong.writer")
    private let slots = DispatchSemaphore(value: 2)
    private var failure: Error?
    private var filesDone = 0
    private var bytesDone: Int64 = 0

    init(writer: ArchiveWriter) { self.writer = writer }

    func submit(_ folders: [ProcessedFolder], started: Date, progress: @escaping @Sendable (IngestProgress) -> Void) {
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard failure == nil else { return }
            do {
                try writer.write(folders)
                filesDone += folders.reduce(0) { $0 + $1.filesRead }
                bytesDone += folders.reduce(0) { $0 + $1.bytesRead }
                progress(IngestProgress(filesDone: filesDone, bytesDone: bytesDone, documents: writer.counts.documents,
                                        problems: writer.counts.problems, elapsed: Date().timeIntervalSince(started)))
            } catch {
                failure = error
            }
        }
    }

    func waitUntilWritten() throws {
        queue.sync {}
        if let failure { throw failure }
    }
}
