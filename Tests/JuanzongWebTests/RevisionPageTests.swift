import Foundation
import HummingbirdTesting
import JuanzongAccess
import JuanzongIndexer
import JuanzongStore
import JuanzongWeb
import Testing

/// A changed decision in the browser's pages: the case file lists 修订记录, the old version says what replaced it.
@Suite struct RevisionPageTests {
    @Test func theCaseFileShowsItsRevisionsAndTheOldVersionPointsToTheNew() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-revisions-\(UUID().uuidString)")
        let input = root.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let file = input.appendingPathComponent("决定书.txt")
        let archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        for amount in ["伍万", "捌万"] {
            try "行政处罚决定书\n沪市监奉处〔2024〕0997号\n当事人:上海修订记录测试有限公司\n本局决定处以罚款人民币\(amount)元整。\n"
                .write(to: file, atomically: true, encoding: .utf8)
            _ = try Ingestor(archive: archive, options: IngestOptions()).run([input.path])
        }
        try AccountStore(database: archive.openForWriting().0, hasher: PasswordHasher(costExponent: 10))
            .add(username: "admin", displayName: nil, role: .admin, agency: nil, password: WebFixture.password)
        let database = try archive.openForReading()
        let caseID = try #require(try database.prepare("SELECT id FROM cases").first { $0.int64(0) })
        let (old, new) = try #require(
            try database.prepare("SELECT document_id, superseded_by FROM document_versions").first { ($0.int64(0), $0.int64(1)) })
        let services = try ArchiveServices(location: archive, readers: 1)
        try await WebServer.application(services: services, host: "127.0.0.1", port: 0).test(.live) { client in
            let admin = try await APIClient.signIn(client, as: "admin")
            let caseJSON = try await admin.get("/api/v1/cases/\(caseID)").json()
            let revisions = try #require(caseJSON["revisions"] as? [[String: Any]])
            #expect(revisions.count == 1 && revisions[0]["previous_document_id"] as? Int == Int(old))
            #expect((caseJSON["documents"] as? [Any])?.count == 1)
            let page = try await admin.get("/cases/\(caseID)").text
            #expect(page.contains("修订记录") && page.contains("/documents/\(old)") && page.contains("现行版本 #\(new)"))
            let oldPage = try await admin.get("/documents/\(old)").text
            #expect(oldPage.contains("id=\"superseded\"") && oldPage.contains("/documents/\(new)"))
            #expect(try await admin.get("/api/v1/documents/\(old)").json()["superseded_by"] as? Int == Int(new))
        }
    }
}
