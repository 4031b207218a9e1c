/// What an account may do. Stored by its English raw value; shown by its Chinese name.
public enum Role: String, CaseIterable, Codable, Sendable {
    /// 管理员: accounts, audit, and everything else.
    case admin
    /// 法制审核: every agency's cases; precedent, sampling, export; sees personal identifiers.
    case legalReview = "legal_review"
    /// 执法监督: every agency's cases; precedent, sampling, export; personal identifiers masked.
    case supervision
    /// 机关用户: reads its own agency's cases only; personal identifiers masked.
    case agency

    public var chineseName: String {
        switch self {
        case .admin: return "管理员"
        case .legalReview: return "法制审核"
        case .supervision: return "执法监督"
        case .agency: return "机关用户"
        }
    }

    /// Accepts the raw value or the Chinese name.
    public init?(named name: String) {
        guard let role = Role(rawValue: name) ?? Role.allCases.first(where: { $0.chineseName == name }) else { return nil }
        self = role
    }

    public var canSeeAllAgencies: Bool { self != .agency }
    public var canSample: Bool { self != .agency }
    public var canExport: Bool { self != .agency }
    public var canSeePersonalIdentifiers: Bool { self == .admin || self == .legalReview }
    public var canManageAccounts: Bool { self == .admin }
    public var canReadAudit: Bool { self == .admin }
    /// Review and correct inferred facts (agency users: of their own agency's cases).
    public var canReview: Bool { self != .supervision }
}
