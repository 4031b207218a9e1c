import Foundation
import JuanzongAccess
import JuanzongCore
import JuanzongStore
import Testing

/// Accounts in a real archive: what may be added, how passwords are checked.
@Suite("Accounts")
struct AccountStoreTests {
    static func store() throws -> (AccountStore, Database) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-accounts-\(UUID().uuidString)")
        let (database, _) = try ArchiveLocation(path: root.path).openForWriting()
        try database.execute(
            """
            INSERT INTO cases(case_number, case_number_key, agency) VALUES ('甲罚〔2024〕1号', '甲罚〔2024〕1号', '上海市奉贤区生态环境局')
            """)
        return (AccountStore(database: database, hasher: PasswordHasher(costExponent: 10)), database)
    }

    @Test func anAgencyAccountNeedsAnAgencyTheArchiveHolds() throws {
        let (store, _) = try Self.store()
        #expect(try store.knownAgencies() == ["上海市奉贤区生态环境局"])
        #expect(throws: AccessError.unknownAgency("上海市奉贤区市场监督管理局", known: ["上海市奉贤区生态环境局"])) {
            try store.add(username: "market", displayName: nil, role: .agency, agency: "上海市奉贤区市场监督管理局", password: "long-enough-1")
        }
        #expect(
            try store.add(
                username: "market", displayName: nil, role: .agency, agency: "上海市奉贤区市场监督管理局",
                password: "long-enough-1", allowNewAgency: true
            ).agency == "上海市奉贤区市场监督管理局")
        #expect(
            try store.add(
                username: "eco", displayName: nil, role: .agency, agency: "上海市奉贤区生态环境局",
                password: "long-enough-1"
            ).role == .agency)
        #expect(throws: AccessError.agencyRequired) {
            try store.add(username: "nobody", displayName: nil, role: .agency, agency: " ", password: "long-enough-1")
        }
    }

    @Test func controlCharactersAreRefusedInNamesAndAgencies() throws {
        let (store, _) = try Self.store()
        for (displayName, agency) in [("张\n三", nil), (nil, "上海市奉贤区生态环境局\r\nX")] as [(String?, String?)] {
            #expect(throws: AccessError.self) {
                try store.add(
                    username: "line.break", displayName: displayName, role: agency == nil ? .supervision : .agency,
                    agency: agency, password: "long-enough-1")
            }
        }
        #expect(try store.account(named: "line.break") == nil)
    }

    @Test func passwordsAreCheckedApartFromTheLookup() throws {
        let (store, _) = try Self.store()
        try store.add(username: "zhang.san", displayName: "张三", role: .supervision, agency: nil, password: "long-enough-1")
        let stored = try store.storedCredentials(username: "zhang.san")
        #expect(try stored.check("long-enough-1").username == "zhang.san")
        #expect(throws: AccessError.badCredentials) { try stored.check("wrong-password") }
        // An unknown or disabled name is checked against a decoy hash: the same refusal.
        #expect(throws: AccessError.badCredentials) { try store.storedCredentials(username: "nobody").check("long-enough-1") }
        try store.setDisabled(username: "zhang.san", true)
        #expect(throws: AccessError.badCredentials) { try store.storedCredentials(username: "zhang.san").check("long-enough-1") }
        #expect(throws: AccessError.badCredentials) { try store.authenticate(username: "zhang.san", password: "long-enough-1") }
    }
}
