import JuanzongAccess
import JuanzongQuery
import JuanzongStore

/// The signed-in account and what it may see: the agency scope of a 机关用户 and the masking
/// of personal identifiers for roles that may not see them.
struct Viewer: Sendable {
    let account: Account
    var role: Role { account.role }

    /// The audit log's actor name.
    var actor: String { "web:" + account.username }

    /// `query` confined to the viewer's agency (a whole-name match) when the role requires it.
    func scoped(_ query: SearchQuery) -> SearchQuery {
        guard !role.canSeeAllAgencies else { return query }
        var query = query
        query.filters.append(FieldFilter(.agency, account.agency ?? "", exact: true))
        return query
    }

    func mayRead(agency: String?) -> Bool {
        role.canSeeAllAgencies || (agency != nil && agency == account.agency)
    }

    func require(_ allowed: Bool) throws {
        if !allowed { throw WebError.forbidden }
    }

    /// A subject's identifier as this viewer may see it: persons' identity numbers masked unless the role allows.
    func identifier(_ subject: SubjectRecord) -> String? {
        guard let identifier = subject.identifier else { return nil }
        return mustMask(kind: subject.identifierKind, subjectKind: subject.kind) ? IdentifierMask.mask(identifier) : identifier
    }

    func mustMask(kind: String?, subjectKind: String?) -> Bool {
        guard !role.canSeePersonalIdentifiers else { return false }
        return kind == "id_card" || subjectKind == "person"
    }

    /// Document text as this viewer may see it: identity numbers inside it masked unless the role allows.
    func text(_ text: String) -> String {
        role.canSeePersonalIdentifiers ? text : IdentifierMask.maskIdentityNumbers(in: text)
    }
}
