import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JuanzongAccess
import JuanzongIndexer
import JuanzongPostgresTesting
import JuanzongStore
import JuanzongWeb

/// A real archive of SampleCases with one account per role, shared by the web tests, once per store.
final class WebFixture: @unchecked Sendable {
    private static let sqlite = make(.sqlite)
    private static let postgresql = make(.postgresql)

    /// The fixture's archive in `store`.
    static func on(_ store: ArchiveStoreKind) -> WebFixture { store == .sqlite ? sqlite : postgresql }

    private static func make(_ store: ArchiveStoreKind) -> WebFixture {
        do { return try WebFixture(store) } catch { fatalError("无法建立测试档案库(\(store)):\(error)") }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let password = "correct-horse-电池"
    static let marketAgency = "上海市奉贤区市场监督管理局"
    /// Accounts by role: admin, legal_review, supervision, agency (市场监管).
    static let users: [(String, Role, String?)] = [
        ("admin", .admin, nil), ("reviewer", .legalReview, nil),
        ("supervisor", .supervision, nil), ("market", .agency, marketAgency),
    ]

    let root: URL
    let archive: ArchiveLocation
    let services: ArchiveServices

    private init(_ store: ArchiveStoreKind) throws {
        setlocale(LC_ALL, "C.UTF-8")
        root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-web-\(UUID().uuidString)")
        archive = try store.newArchive(in: root)
        _ = try Ingestor(archive: archive, options: IngestOptions()).run([Self.packageRoot.appendingPathComponent("SampleCases").path])
        let accounts = AccountStore(database: try archive.openForWriting().0, hasher: PasswordHasher(costExponent: 12))
        for (name, role, agency) in Self.users {
            try accounts.add(username: name, displayName: name, role: role, agency: agency, password: Self.password)
        }
        services = try ArchiveServices(location: archive, readers: 2)
    }

    func application() -> some ApplicationProtocol {
        WebServer.application(services: services, host: "127.0.0.1", port: 0)
    }

    /// The subject with the most cases among those with a recorder video.
    func subjectWithVideo() throws -> Int64 {
        try archive.openForReading().prepare(
            """
            SELECT c.subject_id FROM cases c WHERE c.subject_id IN
              (SELECT c2.subject_id FROM av_records a JOIN cases c2 ON c2.id = a.case_id WHERE a.file_name LIKE '%.mp4')
            GROUP BY c.subject_id ORDER BY count(*) DESC, c.subject_id LIMIT 1
            """
        ).first { $0.int64(0) }!
    }

    /// The id of a case of an agency other than 市场监管 (for scope checks) and of one of 市场监管.
    func caseID(agency: String, equal: Bool) throws -> Int64 {
        try archive.openForReading().prepare("SELECT id FROM cases WHERE (agency = ?1) = ?2 ORDER BY id LIMIT 1")
            .first([agency, equal]) { $0.int64(0) }!
    }
}

/// Requests as a signed-in user over the live server's connection.
struct APIClient {
    let client: any TestClientProtocol
    var token: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    static func signIn(_ client: any TestClientProtocol, as username: String) async throws -> APIClient {
        var api = APIClient(client)
        let response = try await api.post("/api/v1/session", json: ["username": username, "password": WebFixture.password])
        guard response.status == .ok, let token = try response.json()["token"] as? String else {
            throw TestFailure("登录失败:\(response.status) \(String(decoding: response.body.readableBytesView, as: UTF8.self))")
        }
        api.token = token
        return api
    }

    var authorization: HTTPFields { token.map { [.authorization: "Bearer \($0)"] } ?? [:] }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var all = authorization
        all.append(contentsOf: headers)
        return try await client.execute(uri: uri, method: .get, headers: all)
    }

    func post(_ uri: String, json: [String: Any]) async throws -> TestResponse {
        var headers = authorization
        headers[.contentType] = "application/json"
        return try await client.execute(
            uri: uri, method: .post, headers: headers,
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
    }

    func post(_ uri: String, body: String, contentType: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = authorization
        headers[.contentType] = contentType
        headers.append(contentsOf: extra)
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension TestResponse {
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
            throw TestFailure("不是 JSON 对象:\(String(decoding: body.readableBytesView, as: UTF8.self))")
        }
        return object
    }

    var text: String { String(decoding: body.readableBytesView, as: UTF8.self) }

    /// The `error.code` of a JSON error body.
    var errorCode: String? { ((try? json())?["error"] as? [String: Any])?["code"] as? String }
}

/// Percent-encodes a query value.
func encoded(_ value: String) -> String {
    value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
}
