/// A subject (当事人) row.
public struct SubjectRecord: Codable, Sendable {
    public var id: Int64
    public var kind: String
    public var name: String
    public var identifier: String?
    public var identifierKind: String?
    public var identifierMasked: Bool
    public var identifierCheckPasses: Bool?
    public var address: String?
    /// 法定代表人, 负责人 or 经营者, as the first document naming one wrote it.
    public var representative: String?
    public var nameVariants: [String]
}

/// A case (案件) row with its legal bases and officers.
public struct CaseRecord: Codable, Sendable {
    public struct Basis: Codable, Sendable {
        public var statute: String
        /// Nil for a discretion guideline (裁量基准) cited whole.
        public var article: Int?
        public var clause: Int?
        public var item: Int?
        public var written: String
        /// `applied` (the decision's basis) or `violated` (a provision it finds violated).
        public var role: String
    }
    public struct Officer: Codable, Sendable {
        public var name: String
        public var badgeNumber: String?
    }
    public var id: Int64
    public var caseNumber: String
    public var caseNumberKey: String
    public var agency: String?
    public var caseType: String
    public var procedure: String?
    public var filedOn: String?
    public var decidedOn: String?
    public var servedOn: String?
    public var closedOn: String?
    public var publishedOn: String?
    public var penaltyKinds: String?
    public var penaltyAmountYuan: Double?
    /// 没收违法所得, apart from the fine.
    public var confiscationYuan: Double?
    public var subjectId: Int64?
    public var subjectName: String?
    public var legalBases: [Basis] = []
    public var officers: [Officer] = []
}

/// A document row; `text` is the original text as extracted, kept for display.
public struct DocumentRecord: Codable, Sendable {
    public var id: Int64
    public var caseId: Int64?
    public var caseNumber: String?
    public var subjectId: Int64?
    public var docType: String
    public var title: String
    public var docDate: String?
    public var format: String
    public var encoding: String?
    public var extraction: String
    public var sourcePath: String
    public var otherSourcePaths: [String] = []
    public var sha256: String
    public var size: Int64
    public var confidential: Bool
    public var text: String?
    /// Set on an earlier version of a changed file: the document that replaced it.
    public var supersededBy: Int64?
}

/// An audio-video record (音像记录) row.
public struct AVRecordRow: Codable, Sendable {
    public var id: Int64
    public var fileName: String
    public var sha256: String?
    public var size: Int64?
    public var deviceId: String?
    public var officerId: String?
    public var startedAt: String?
    public var endedAt: String?
    public var durationSeconds: Double?
    public var codec: String?
    public var category: String
    public var important: Bool
    public var caseId: Int64?
    public var subjectId: Int64?
    public var mediaPath: String?
    public var sidecarPath: String?
    /// Whether the media is in the archive's store (false: stored by reference, or absent).
    public var mediaStored: Bool
}
