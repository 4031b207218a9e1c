import JuanzongCore
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

    /// `query` confined to the viewer's agency when the role requires it: a whole-name filter,
    /// which matches the agency under any of its names (`AgencyName.key`).
    func scoped(_ query: SearchQuery) -> SearchQuery {
        guard !role.canSeeAllAgencies else { return query }
        var query = query
        query.filters.append(FieldFilter(.agency, account.agency ?? "", exact: true))
        return query
    }

    /// Whether a case of `agency` is the viewer's to read: every case for the roles that see all
    /// agencies; for a 机关用户 its own agency's, under any of the names texts give it
    /// (`昌平区环保局` = `北京市昌平区环境保护局`).
    func mayRead(agency: String?) -> Bool {
        if role.canSeeAllAgencies { return true }
        guard let agency, let own = account.agency else { return false }
        return agency == own || AgencyName.key(agency) == AgencyName.key(own)
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
