/// Why an input could not be (fully) archived. Each becomes an `ingest_problems` row: one row per
/// input and kind, seen again by later runs (`last_run_id`, `last_seen_at`, `times_seen`).
public struct IngestProblem: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        case unreadable, corrupt, encrypted, truncated, oversized
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
            case .manifestInvalid, .identifierCheck, .conflict, .mediaMissing, .skipped, .typeMismatch, .changed:
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
    /// Largest single document (not media) read into memory.
    public var maxDocumentBytes: Int64 = 256 << 20
    /// Largest total uncompressed size of one bundle.
    public var maxBundleExpandedBytes: Int64 = 4 << 30
    /// Largest ratio of uncompressed to compressed size tolerated in a bundle over 1 MiB.
    public var maxCompressionRatio: Double = 200
    /// Deepest nesting of bundles inside bundles.
    public var maxNestingDepth = 4
    public init() {}
}
