import CLinux
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
    /// Where the CPU time went: walking inputs, processing folders (all workers), and the writer
    /// thread (it overlaps processing).
    public var walkSeconds: Double
    public var processSeconds: Double
    public var writeSeconds: Double

    /// Documents whose content the archive held already: their paths were recorded.
    public var duplicates: Int
    /// Files whose content changed since they were archived: the new content is their current version.
    public var changed: Int
    /// Batches written again after losing a race with another writer of the same (PostgreSQL) archive.
    public var retriedBatches = 0
    /// The engine scans were read with, when the run read any; with tesseract, why not PP-OCR.
    public var ocrEngine: OCREngine?
    public var ocrFallbackReason: String?
    public var recognizedPages = 0
    /// The most memory this process held at once (its peak resident set, `VmHWM`), as the run ended.
    public var peakMemoryBytes: Int64 = 0

    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytesRead) / 1_048_576 / seconds : 0 }
    /// True when nothing at all could be read.
    public var nothingRead: Bool { filesRead == 0 && filesSkipped == 0 }

    /// How the run ended, for scripts (`juanzong ingest` exits 0, 1 or 2 accordingly).
    public enum Outcome: String, Sendable, Codable {
        /// Every input archived, or unchanged since it was; no problem met.
        case allArchived = "all_archived"
        /// Something archived (or unchanged), and problems met: see `problems`.
        case someProblems = "some_problems"
        /// Nothing archived: nothing could be read, or every input read failed.
        case nothingArchived = "nothing_archived"
    }

    /// Set by the run from its counts and problems (`Outcome`).
    public var outcome = Outcome.allArchived

    fileprivate mutating func decideOutcome() {
        let archivedSomething = documents + avRecords + duplicates > 0
        if nothingRead || (!archivedSomething && filesSkipped == 0 && problems.contains { $0.kind.leavesInputUnarchived }) {
            outcome = .nothingArchived
        } else {
            // A changed file is a revision, reported but not a problem of the run.
            outcome = problems.allSatisfy { $0.kind == .changed } ? .allArchived : .someProblems
        }
    }
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
        let ocr = options.ocr ? OCRService(python: options.ocrPython) : nil
        defer { ocr?.stop() }
        let processors = try (0..<options.workers).map { _ in try FolderProcessor(options: options, store: store, ocr: ocr) }
        let pipeline = WritePipeline(writer: writer)
        let walker = try BatchWalker(archive: archive, options: options, paths: paths)
        walker.start()

        var processSeconds = 0.0
        while let folders = walker.next() {
            let processed = ProcessedBatch(count: folders.count)
            DispatchQueue.concurrentPerform(iterations: processors.count) { worker in
                let cpuStarted = ThreadClock.now()
                var index = worker
                while index < folders.count {
                    processed.set(index, processors[worker].process(folders[index]))
                    index += processors.count
                }
                processed.addCPU(ThreadClock.now() - cpuStarted)
            }
            processSeconds += processed.cpuSeconds
            pipeline.submit(processed.flattened(), started: started, progress: progress)
        }
        try pipeline.waitUntilWritten()
        try writer.finish(skipped: walker.skippedFiles)

        // This run's problems: those it met, new or seen before.
        let problems = try database.prepare("SELECT source_path, kind, reason, sha256 FROM ingest_problems WHERE last_run_id = ?1 ORDER BY id")
            .rows([writer.runID]) {
                IngestProblem($0.string(0), IngestProblem.Kind(rawValue: $0.string(1)) ?? .unreadable, $0.string(2), keptSHA256: $0.optionalString(3))
            }
        let counts = writer.counts
        var summary = IngestSummary(
            runID: writer.runID, filesRead: counts.filesRead, filesSkipped: walker.skippedFiles, bytesRead: counts.bytesRead,
            documents: counts.documents, cases: counts.caseIDs.count, subjects: counts.subjectIDs.count,
            avRecords: counts.avRecords, problems: problems, seconds: Date().timeIntervalSince(started),
            walkSeconds: walker.cpuSeconds, processSeconds: processSeconds, writeSeconds: pipeline.busySeconds,
            duplicates: counts.duplicates, changed: counts.changed)
        summary.peakMemoryBytes = ProcessMemory.peakResidentBytes()
        summary.retriedBatches = counts.retriedBatches
        if let ocr, counts.recognizedPages > 0 {
            let (engine, reason) = ocr.engine
            summary.ocrEngine = engine
            summary.ocrFallbackReason = reason
            summary.recognizedPages = counts.recognizedPages
        }
        summary.decideOutcome()
        return summary
    }
}

/// Walks the inputs on a thread of its own, cutting the folders into batches and asking the kernel
/// to read each batch's files ahead, while earlier batches are processed and written.
/// At most two batches wait, so memory stays bounded.
private final class BatchWalker: @unchecked Sendable {
    private var tree: InputTree
    private let paths: [String]
    private let batchFiles: Int
    private let batchBytes: Int64
    private let condition = NSCondition()
    private var ready: [[InputFolder]] = []
    private var finished = false
    private(set) var cpuSeconds = 0.0
    private(set) var skippedFiles = 0

    init(archive: ArchiveLocation, options: IngestOptions, paths: [String]) throws {
        // The walker's own read connection answers "archived already?" for each file.
        let sources = try ArchivedSources(database: try archive.openForReading(), inputs: paths)
        tree = InputTree(limits: options.limits) { stamp in
            guard let known = sources.stamp(of: stamp.path) else { return .nothing }
            return known.size == stamp.size && known.modified == stamp.modified ? .unchanged : .otherContent
        }
        self.paths = paths
        batchFiles = options.batchFiles
        batchBytes = options.batchBytes
    }

    func start() {
        let thread = Thread { [self] in walk() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The next batch, waiting for the walker; nil when the inputs are exhausted.
    func next() -> [InputFolder]? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished { condition.wait() }
        guard !ready.isEmpty else { return nil }
        let batch = ready.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Reads ahead for the batch. A small file already in the page cache is read right here (one
    /// `preadv2` with `RWF_NOWAIT`, which never waits for the disk), so that processing does not
    /// open it a second time; for any other file the kernel is asked to start reading it now, all
    /// at once: on a cold page cache, reading many small files one at a time per worker leaves the
    /// disk idle most of the time.
    static func readAhead(_ folders: inout [InputFolder]) {
        for folderIndex in folders.indices {
            for fileIndex in folders[folderIndex].files.indices {
                let file = folders[folderIndex].files[fileIndex]
                guard case .disk(let location) = file.content, file.size <= 16 << 20 else { continue }
                let descriptor = location.open(O_RDONLY)
                guard descriptor >= 0 else { continue }
                defer { close(descriptor) }
                if file.size <= maxPreloadedBytes, let data = cachedContent(of: descriptor, size: Int(file.size)) {
                    folders[folderIndex].files[fileIndex].preloaded = data
                } else {
                    posix_fadvise(descriptor, 0, 0, Int32(POSIX_FADV_WILLNEED))
                }
            }
        }
    }

    /// Files up to this size may be read by the walker (and then wait in memory for processing).
    static let maxPreloadedBytes: Int64 = 1 << 20

    /// The whole file if all of it is in the page cache and it is still `size` bytes long; nil
    /// when reading would wait for the disk (or the file changed size since the walk).
    private static func cachedContent(of descriptor: Int32, size: Int) -> Data? {
        var data = Data(count: size + 1)
        let count = data.withUnsafeMutableBytes { buffer in
            juanzong_read_cached(descriptor, buffer.baseAddress, UInt(buffer.count))
        }
        guard count == size else { return nil }
        data.count = size
        return data
    }

    private func walk() {
        let started = ThreadClock.now()
        var batch: [InputFolder] = []
        var files = 0
        var bytes: Int64 = 0
        func hand(_ folders: [InputFolder]) {
            var folders = folders
            Self.readAhead(&folders)
            condition.lock()
            while ready.count >= 2 { condition.wait() }
            ready.append(folders)
            condition.broadcast()
            condition.unlock()
        }
        tree.walk(paths) { folder in
            batch.append(folder)
            files += max(folder.files.count, 1)
            bytes += folder.files.reduce(0) { $0 + $1.size }
            if files >= batchFiles || bytes >= batchBytes {
                hand(batch)
                batch = []
                files = 0
                bytes = 0
            }
        }
        if !batch.isEmpty { hand(batch) }
        condition.lock()
        cpuSeconds = ThreadClock.now() - started
        skippedFiles = tree.skippedFiles
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Results of one batch, filled by worker threads at distinct indices.
private final class ProcessedBatch: @unchecked Sendable {
    private var slots: [[ProcessedFolder]]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func set(_ index: Int, _ folders: [ProcessedFolder]) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = folders
    }

    func flattened() -> [ProcessedFolder] { slots.flatMap { $0 } }

    private(set) var cpuSeconds = 0.0
    func addCPU(_ seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        cpuSeconds += seconds
    }
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
    /// Time the writer thread spent writing.
    private(set) var busySeconds = 0.0

    init(writer: ArchiveWriter) { self.writer = writer }

    func submit(_ folders: [ProcessedFolder], started: Date, progress: @escaping @Sendable (IngestProgress) -> Void) {
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard failure == nil else { return }
            let writeStarted = ThreadClock.now()
            defer { busySeconds += ThreadClock.now() - writeStarted }
            do {
                try writer.write(folders)
                filesDone += folders.reduce(0) { $0 + $1.filesRead }
                bytesDone += folders.reduce(0) { $0 + $1.bytesRead }
                progress(
                    IngestProgress(
                        filesDone: filesDone, bytesDone: bytesDone, documents: writer.counts.documents,
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

/// Memory figures of this process, from `/proc/self/status`.
enum ProcessMemory {
    /// The peak resident set size (`VmHWM`) in bytes; 0 where the kernel does not say.
    static func peakResidentBytes() -> Int64 {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int64(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }
}

/// CPU time of the calling thread, for the stage figures of a run.
enum ThreadClock {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
