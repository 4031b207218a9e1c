/// Why an input could not be (fully) archived. Each becomes an `ingest_problems` row: one row per
/// input and kind, seen again by later runs (`last_run_id`, `last_seen_at`, `times_seen`).
public struct IngestProblem: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        case unreadable, corrupt, encrypted, truncated
        /// A part of a document too large to read its text from (the original is kept); in
        /// archives made before originals streamed, an original over the size limit.
        case oversized
        /// The document's text is longer than `IngestLimits.maxTextBytes`: archived whole, its
        /// text indexed up to the limit.
        case textTruncated = "text_truncated"
        /// A scanned page read with low confidence: archived, listed for staff to check.
        case lowConfidence = "low_confidence"
        case zipBomb = "zip_bomb"
        case pathEscape = "path_escape"
        case symlinkLoop = "symlink_loop"
        case invalidEncoding = "invalid_encoding"
        case unsupported
        case emptyText = "empty_text"
        case ocrRequired = "ocr_required"
        case manifestInvalid = "manifest_invalid"
        case identifierCheck = "identifier_check"
        case conflict
        case mediaMissing = "media_missing"
        /// Not a file to archive: a FIFO, a device, a socket, a hard-link or device entry of a
        /// bundle, a link that leaves the input tree.
        case skipped
        /// The content is of another type than the name says; archived by its content.
        case typeMismatch = "type_mismatch"
        /// The file at this path changed since it was archived: the new content is the current
        /// version, the old one is kept as history.
        case changed

        /// The input was not archived as a document: a later run tries it again.
        public var leavesInputUnarchived: Bool {
            switch self {
            case .unreadable, .corrupt, .encrypted, .truncated, .oversized, .zipBomb, .pathEscape, .symlinkLoop, .invalidEncoding,
                .unsupported, .emptyText, .ocrRequired:
                return true
            case .manifestInvalid, .identifierCheck, .conflict, .mediaMissing, .skipped, .typeMismatch, .changed, .textTruncated, .lowConfidence:
                return false
            }
        }
    }

    public let sourcePath: String
    public let kind: Kind
    /// The reason in Chinese, for staff.
    public let reason: String
    /// The input's bytes as kept in the archive's store although it was not archived as a
    /// document (nothing handed in is lost), nil when not kept (too large, unreadable).
    public var keptSHA256: String?

    public init(_ sourcePath: String, _ kind: Kind, _ reason: String, keptSHA256: String? = nil) {
        self.sourcePath = sourcePath
        self.kind = kind
        self.reason = reason
        self.keptSHA256 = keptSHA256
    }

    /// Whether this problem concerns `path` itself or a member of it (a bundle's `path!/…`).
    func concerns(_ path: String) -> Bool {
        sourcePath == path || sourcePath.hasPrefix(path + "!")
    }
}

/// An error that carries the problem to record.
struct IngestFailure: Error {
    let kind: IngestProblem.Kind
    let reason: String
    init(_ kind: IngestProblem.Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }
}

/// Limits that protect the archive from hostile or broken input.
public struct IngestLimits: Sendable {
    /// Files up to this size are read into memory whole; larger originals (scanned case files,
    /// videos, large bundle members) stream to the store and to the tools that read them.
    /// There is no limit on the size of an original.
    public var inMemoryBytes: Int64 = 16 << 20
    /// Most text extracted from one document and indexed for search; the rest of a longer text
    /// is left out of the index (a `text_truncated` row says so), the original is kept whole.
    public var maxTextBytes: Int64 = 16 << 20
    /// Largest part of a zip-based document (docx `word/document.xml`, OFD page content) read
    /// for its text: markup around text at most this limit.
    public var maxPartBytes: Int64 { maxTextBytes * 4 }
    /// Largest total uncompressed size of one bundle.
    public var maxBundleExpandedBytes: Int64 = 4 << 30
    /// Largest ratio of uncompressed to compressed size tolerated in a bundle over 1 MiB.
    public var maxCompressionRatio: Double = 200
    /// Deepest nesting of bundles inside bundles.
    public var maxNestingDepth = 4
    public init() {}
}
