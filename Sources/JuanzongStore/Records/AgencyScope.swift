import Foundation
import JuanzongCore

/// The names under which the archive's cases name one agency: texts write one agency in several
/// ways (`昌平区环保局`, `北京市昌平区环境保护局`), and a 机关用户 reads its agency's cases under
/// every one of them (`AgencyName.key` equal).
public struct AgencyScope: Sendable {
    /// The agency's names as the cases give them, the account's own among them.
    public let names: [String]

    public init(agency: String, database: Database) throws {
        let key = AgencyName.key(agency)
        let known = try database.prepare("SELECT DISTINCT agency FROM cases WHERE agency IS NOT NULL").rows { $0.string(0) }
        names = Array(Set(known.filter { AgencyName.key($0) == key } + [agency])).sorted()
    }

    /// The names as a JSON array, for `c.agency IN (…)` through `SQLDialect.isInJSONArray`.
    public var json: String {
        String(decoding: (try? JSONEncoder().encode(names)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
