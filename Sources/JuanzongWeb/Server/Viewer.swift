import JuanzongAccess
import JuanzongQuery
import JuanzongStore

/// The signed-in account and what it may see: the agency scope of a 机关用户, and the
/// `Disclosure` every record read for it passes through (`ArchiveServices.read(as:_:)`).
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

    /// What this viewer may see of personal data: identity numbers masked unless the role
    /// allows them; server paths for administrators only. `ingestRoots` make paths relative.
    func disclosure(ingestRoots: [String]) -> Disclosure {
        Disclosure(masksIdentityNumbers: !role.canSeePersonalIdentifiers, showsServerPaths: role == .admin, ingestRoots: ingestRoots)
    }
}
