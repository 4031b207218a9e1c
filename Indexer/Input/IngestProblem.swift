/// Why an input could not be (fully) archived. Each becomes an `ingest_problems` row.
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
    }

    public let sourcePath: String
    public let kind: Kind
    /// The reason in Chinese, for staff.
    public let reason: String

    public init(_ sourcePath: String, _ kind: Kind, _ reason: String) {
        self.sourcePath = sourcePath
        self.kind = kind
        self.reason = reason
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
