import Foundation
import JuanzongCore
import JuanzongStore

/// A document ready to be written: original stored, text extracted and normalized, facts inferred.
struct ProcessedDocument: Sendable {
    let sourcePath: String
    let sha256: String
    let size: Int64
    let format: FileFormat
    let extracted: ExtractedText
    let normalizedText: String
    let normalizedTitle: String
    var facts: DocumentFacts
    /// Position given by the manifest's document list, if listed.
    let manifestOrder: Int?
    let confidential: Bool
    /// An earlier run archived other content at this path: this may be a new version.
    let archivedBefore: Bool
}

/// A media file: hashed, probed, stored (or referenced).
struct ProcessedMedia: Sendable {
    let sourcePath: String
    let name: String
    let sha256: String
    let size: Int64
    let facts: MediaFacts?
}

/// One recording described by a sidecar file.
struct ProcessedSidecar: Sendable {
    let sourcePath: String
    let sidecar: RecorderSidecar
}

/// Everything the writer needs for one folder, in one batch transaction.
struct ProcessedFolder: Sendable {
    let path: String
    let manifest: CaseManifest?
    let manifestFolder: String?
    var documents: [ProcessedDocument] = []
    var media: [ProcessedMedia] = []
    var sidecars: [ProcessedSidecar] = []
    var problems: [IngestProblem] = []
    var completedSources: [SourceStamp] = []
    /// Every original met in the folder, for the writer to record (and keep, when inline).
    var originals: [PendingOriginal] = []
    /// Paths whose names on disk are not UTF-8, with their bytes.
    var fileSystemNames: [SourceName] = []
    var filesRead = 0
    var bytesRead: Int64 = 0
}

/// Options of one ingest run.
public struct IngestOptions: Sendable {
    /// Scans (image-only PDFs, page images) are recognized unless turned off (`--no-ocr`).
    public var ocr = true
    /// The Python of the PP-OCR environment; nil reads scans with tesseract only.
    public var ocrPython: String? = OCRService.pythonPath
    public var copyMedia = false
    public var limits = IngestLimits()
    /// Files per write transaction. Larger batches commit less often, and each commit writes every
    /// page it dirtied to the WAL, among them pages all over the two SHA-256-keyed indexes
    /// (originals, documents) wherever the batch's hashes fall. 100,000 documents, alternating
    /// runs: 2,000 → 8,000 files per batch, 19.3–22.9 → 18.1–19.6 s.
    public var batchFiles = 8_000
    /// A batch also ends once its files hold this many bytes, so that batches of large files
    /// (PDFs, scans, media) still commit, report progress and free memory every few seconds.
    public var batchBytes: Int64 = 64 << 20
    /// Extraction threads. The writer thread is the pipeline's critical path and gets a core of
    /// its own: on 2 vCPUs one extraction thread beats two (100,000 documents: 32–35 s against
    /// 38–39 s; 1,000,000: 505 s against 539 s, see README).
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
    public init() {}
}
