import JuanzongCore

/// What the indexer learned about one document, from its manifest entry or from its text.
public struct DocumentFacts: Sendable, Codable {
    public var docType: DocumentType = .other
    public var title: String = ""
    public var date: DayDate?
    public var caseNumber: CaseNumber?
    public var agency: String?
    public var subjectName: String?
    public var subjectIdentifier: SubjectIdentifier?
    public var subjectAddress: String?
    public var subjectIsPerson: Bool?
    /// The subject's 法定代表人, 负责人 or 经营者, as written (masked ones too: `王*锋`).
    public var representative: String?
    public var filedOn: DayDate?
    /// When a 公示 page published its decision (its 公示日期 or 发布日期).
    public var publishedOn: DayDate?
    public var penaltyAmountYuan: Double?
    /// The amount of 没收违法所得, kept apart from the fine.
    public var confiscationYuan: Double?
    public var penaltyKinds: [String] = []
    /// The provisions the decision applies (its penalty basis, 裁量基准 too).
    public var legalBases: [LegalBasis] = []
    /// The provisions the document finds violated (`违反了《…》第N条`).
    public var violatedProvisions: [LegalBasis] = []
    public var officers: [Officer] = []
    public var procedure: Procedure?
    public var caseType: CaseType?

    public struct Officer: Sendable, Codable, Hashable {
        public var name: String
        public var badgeNumber: String?
    }

    public init() {}
}
