import Foundation
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

    /// A source path as this viewer may see it: administrators see the full path on the server;
    /// everyone else sees it from the ingested folder on (`SampleCases/市场监管/…`), so the
    /// server's layout stays private. `roots` are the ingest inputs, longest first.
    func sourcePath(_ path: String, roots: [String]) -> String {
        guard role != .admin else { return path }
        for root in roots where path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
            let folder = root.hasSuffix("/") ? String(root.dropLast()) : root
            let parent = (folder as NSString).deletingLastPathComponent
            return parent.isEmpty || parent == "/" ? String(path.drop { $0 == "/" }) : String(path.dropFirst(parent.count + 1))
        }
        return (path as NSString).lastPathComponent
    }

    /// A document's source paths as this viewer may see them.
    func showingPaths(_ document: DocumentRecord, roots: [String]) -> DocumentRecord {
        var document = document
        document.sourcePath = sourcePath(document.sourcePath, roots: roots)
        document.otherSourcePaths = document.otherSourcePaths.map { sourcePath($0, roots: roots) }
        return document
    }

    /// Document text as this viewer may see it: identity numbers inside it masked unless the role allows.
    func text(_ text: String) -> String {
        role.canSeePersonalIdentifiers ? text : IdentifierMask.maskIdentityNumbers(in: text)
    }
}
