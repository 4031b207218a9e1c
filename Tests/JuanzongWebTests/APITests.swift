import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JuanzongAccess
import JuanzongCore
import JuanzongExport
import JuanzongIndexer
import JuanzongPostgresTesting
import JuanzongStore
import JuanzongWeb
import Testing

/// The JSON API against a live server over a real archive of SampleCases.
@Suite struct APITests {
    @Test(arguments: ArchiveStoreKind.available) func signInIsRequiredAndWrongPasswordsAreRefused(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        try await fixture.application().test(.live) { client in
            let anonymous = APIClient(client)
            let refused = try await anonymous.get("/api/v1/search?q=" + encoded("罚款"))
            #expect(refused.status == .unauthorized)
            #expect(refused.errorCode == "unauthenticated")
            let wrong = try await anonymous.post("/api/v1/session", json: ["username": "admin", "password": "wrong-password"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorCode == "bad_credentials")
            #expect(((try wrong.json()["error"] as? [String: Any])?["message"] as? String)?.contains("密码") == true)
            let page = try await anonymous.get("/search?q=" + encoded("罚款"))
            #expect(page.status == .seeOther)
            #expect(page.headers[.location]?.hasPrefix("/login?next=") == true)
            let spec = try await anonymous.get("/api/v1/openapi.json")
            #expect(spec.status == .ok)
            #expect(try spec.json()["openapi"] as? String == "3.1.0")
            let head = try await client.execute(uri: "/api/v1/openapi.json", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
        }
    }

    @Test(arguments: ArchiveStoreKind.available) func searchReturnsHitsFacetsAndChineseErrors(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        try await fixture.application().test(.live) { client in
            let api = try await APIClient.signIn(client, as: "reviewer")
            let response = try await api.get("/api/v1/search?q=" + encoded("罰款") + "&limit=5")
            #expect(response.status == .ok)
            let body = try response.json()
            let hits = try #require(body["hits"] as? [[String: Any]])
            #expect((body["total"] as? Int ?? 0) >= 10)
            #expect(hits.count == 5)
            for key in [
                "document_id", "case_number", "subject_name", "subject_id", "agency", "doc_type", "title", "decision_date", "source_path", "snippet",
                "score",
            ] {
                #expect(hits[0][key] != nil, "命中缺少 \(key)")
            }
            let facets = try #require(body["facets"] as? [String: Any])
            #expect((facets["agency"] as? [[String: Any]])?.count == 3)
            let malformed = try await api.get("/api/v1/search?q=" + encoded("罚款 OR"))
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorCode?.hasPrefix("query_") == true)
            // A huge offset (found by schemathesis: it once asked the ranker to allocate for it) is an empty page.
            let beyond = try await api.get("/api/v1/search?q=" + encoded("罚款") + "&offset=999999999999999999")
            #expect(beyond.status == .ok)
            #expect((try beyond.json()["hits"] as? [Any])?.isEmpty == true)
            let badSort = try await api.get("/api/v1/search?q=" + encoded("罚款") + "&sort=x")
            #expect(badSort.errorCode == "bad_sort")
        }
    }

    @Test(arguments: ArchiveStoreKind.available) func anAgencyUserReadsOnlyItsOwnAgency(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        let otherCase = try fixture.caseID(agency: WebFixture.marketAgency, equal: false)
        let ownCase = try fixture.caseID(agency: WebFixture.marketAgency, equal: true)
        try await fixture.application().test(.live) { client in
            let api = try await APIClient.signIn(client, as: "market")
            let search = try await api.get("/api/v1/search?q=" + encoded("罚款") + "&limit=50")
            let hits = try #require(try search.json()["hits"] as? [[String: Any]])
            #expect(!hits.isEmpty)
            #expect(hits.allSatisfy { $0["agency"] as? String == WebFixture.marketAgency })
            // The agency filter cannot be widened by the query language.
            let widened = try await api.get("/api/v1/search?q=" + encoded("罚款 机关:生态环境"))
            #expect(try widened.json()["total"] as? Int == 0)
            #expect(try await api.get("/api/v1/cases/\(ownCase)").status == .ok)
            #expect(try await api.get("/api/v1/cases/\(otherCase)").status == .notFound)
            #expect(try await api.get("/cases/\(otherCase)").status == .notFound)
            let otherDocument = try fixture.archive.openForReading().prepare("SELECT id FROM documents WHERE case_id = ?1 LIMIT 1")
                .first([otherCase]) { $0.int64(0) }!
            #expect(try await api.get("/api/v1/documents/\(otherDocument)").status == .notFound)
            #expect(try await api.get("/api/v1/documents/\(otherDocument)/original").status == .notFound)
            #expect(try await api.get("/api/v1/subjects/1").status == .notFound)  // 王伟: 城管 cases only
            #expect(try await api.get("/api/v1/evaluation/draws").status == .forbidden)
            #expect(try await api.post("/api/v1/exports", json: ["case_number": "奉城管罚〔2024〕第0301号"]).status == .forbidden)
            #expect(try await api.get("/api/v1/audit").status == .forbidden)
        }
    }

    /// Real texts name one agency in several ways; a 机关用户 reads its agency's cases under every
    /// one of them (with or without its city, by its common short name), and no other agency's.
    @Test func anAgencyUserReadsItsAgencyUnderEveryName() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-agency-names-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let decisions = [
            ("北京市昌平区环境保护局", "京昌环罚〔2024〕1号", "北京示例建材有限公司"), ("昌平区环保局", "京昌环罚〔2024〕2号", "北京示例物流有限公司"),
            ("北京市海淀区生态环境局", "京海环罚〔2024〕3号", "北京示例印刷有限公司"),
        ]
        for (index, (agency, number, subject)) in decisions.enumerated() {
            try "\(agency)\n行政处罚决定书\n\(number)\n当事人:\(subject)\n你单位违反《中华人民共和国大气污染防治法》,决定罚款\(index + 1)0000元。\n"
                .write(to: input.appendingPathComponent("决定书\(index).txt"), atomically: true, encoding: .utf8)
        }
        let archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        _ = try Ingestor(archive: archive, options: IngestOptions()).run([input.path])
        let accounts = AccountStore(database: try archive.openForWriting().0, hasher: PasswordHasher(costExponent: 12))
        try accounts.add(username: "changping", displayName: nil, role: .agency, agency: "昌平区环保局", password: WebFixture.password)
        let cases = try archive.openForReading().prepare("SELECT case_number, id FROM cases").rows { ($0.string(0), $0.int64(1)) }
        let caseIDs = Dictionary(uniqueKeysWithValues: cases)
        let (own, other) = (try #require(caseIDs["京昌环罚〔2024〕1号"]), try #require(caseIDs["京海环罚〔2024〕3号"]))
        // Its review queue too (the subjects have no identifier: every decision waits there).
        let queued = try ReviewQueue(database: archive.openForReading()).entries(agency: "昌平区环保局").entries
        #expect(Set(queued.compactMap(\.caseNumber)) == ["京昌环罚〔2024〕1号", "京昌环罚〔2024〕2号"])
        let services = try ArchiveServices(location: archive, readers: 1)
        try await WebServer.application(services: services, host: "127.0.0.1", port: 0).test(.live) { client in
            let api = try await APIClient.signIn(client, as: "changping")
            let hits = try #require(try await api.get("/api/v1/search?q=" + encoded("罚款")).json()["hits"] as? [[String: Any]])
            #expect(Set(hits.compactMap { $0["agency"] as? String }) == ["北京市昌平区环境保护局", "昌平区环保局"])
            #expect(try await api.get("/api/v1/cases/\(own)").status == .ok)
            #expect(try await api.get("/api/v1/cases/\(other)").status == .notFound)
            let subjects = try #require(try await api.get("/api/v1/subjects").json()["subjects"] as? [[String: Any]])
            #expect(subjects.count == 2)
        }
    }

    @Test(arguments: ArchiveStoreKind.available) func personalIdentifiersAreMaskedForRolesThatMayNotSeeThem(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        try await fixture.application().test(.live) { client in
            let reviewer = try await APIClient.signIn(client, as: "reviewer")
            let supervisor = try await APIClient.signIn(client, as: "supervisor")
            let full = try #require(try await reviewer.get("/api/v1/subjects/1").json()["subject"] as? [String: Any])
            let masked = try #require(try await supervisor.get("/api/v1/subjects/1").json()["subject"] as? [String: Any])
            #expect(full["identifier"] as? String == "441226199203152812")
            #expect(masked["identifier"] as? String == "4412261992*******2")
            // An enterprise's code is not personal: shown to everyone.
            let enterprise = try #require(try await supervisor.get("/api/v1/subjects/8").json()["subject"] as? [String: Any])
            #expect(enterprise["identifier"] as? String == "913101206300123455")
            // Identity numbers inside document text are masked too, keeping the text's length.
            let document = try fixture.archive.openForReading().prepare(
                "SELECT id, text FROM documents WHERE text LIKE '%441226199203152812%' LIMIT 1"
            )
            .first { ($0.int64(0), $0.string(1)) }
            let (id, original) = try #require(document)
            let text = try #require(try await supervisor.get("/api/v1/documents/\(id)").json()["text"] as? String)
            #expect(!text.contains("441226199203152812"))
            #expect(text.contains("4412261992*******2"))
            #expect(text.count == original.count)
        }
    }

    @Test(arguments: ArchiveStoreKind.available) func cookieSessionsNeedTheCSRFTokenToChangeAnything(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        try await fixture.application().test(.live) { client in
            let signIn = try await client.execute(
                uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"supervisor","password":"\#(WebFixture.password)"}"#))
            let setCookie = try #require(signIn.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("Secure"))
            #expect(setCookie.contains("SameSite=Strict"))
            let cookie = String(setCookie.prefix { $0 != ";" })
            let csrf = try #require(try signIn.json()["csrf_token"] as? String)
            let withoutToken = try await client.execute(
                uri: "/evaluation/draws", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "year=2023&per_agency=1"))
            #expect(withoutToken.status == .forbidden)
            #expect(String(decoding: withoutToken.body.readableBytesView, as: UTF8.self).contains("CSRF"))
            let forged = try await client.execute(
                uri: "/api/v1/evaluation/draws", method: .post,
                headers: [.cookie: cookie, .contentType: "application/json", HTTPField.Name("X-CSRF-Token")!: "forged"],
                body: ByteBuffer(string: #"{"year":2023,"per_agency":1}"#))
            #expect(forged.errorCode == "csrf_failed")
            let withToken = try await client.execute(
                uri: "/evaluation/draws", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "year=2023&per_agency=1&seed=csrf&csrf_token=\(csrf)"))
            #expect(withToken.status == .seeOther)
            #expect(withToken.headers[.location]?.hasPrefix("/evaluation/draws/") == true)
        }
    }

    @Test(arguments: ArchiveStoreKind.available) func exportsAreVerifiableBagsAndEveryReadIsAudited(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        try await fixture.application().test(.live) { client in
            let api = try await APIClient.signIn(client, as: "reviewer")
            _ = try await api.get("/api/v1/search?q=" + encoded("审计测试专用词"))
            let export = try await api.post("/api/v1/exports", json: ["case_number": "沪市监奉处〔2023〕0123号", "include_media": true])
            #expect(export.status == .ok)
            let bytes = Data(export.body.readableBytesView)
            #expect(export.headers[HTTPField.Name("X-Bundle-SHA256")!] == MessageDigest.hex(.sha256, of: bytes))
            let file = fixture.root.appendingPathComponent("api-export-\(UUID().uuidString).zip")
            try bytes.write(to: file)
            let report = try BagVerifier().verify(file.path)
            #expect(report.valid, "\(report.problems)")
            #expect(report.payloadFiles > 2)

            let admin = try await APIClient.signIn(client, as: "admin")
            let audit = try await admin.get("/api/v1/audit?actor=" + encoded("web:reviewer"))
            let entries = try #require(try audit.json()["entries"] as? [[String: Any]])
            let actions = Set(entries.compactMap { $0["action"] as? String })
            #expect(actions.isSuperset(of: ["login", "search", "export"]))
            #expect(entries.contains { ($0["detail"] as? String)?.contains("审计测试专用词") == true })
            let verification = try await admin.get("/api/v1/audit/verify").json()
            #expect((verification["problems"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(arguments: ArchiveStoreKind.available) func drawWorksheetScoresAndReportThroughTheAPI(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        try await fixture.application().test(.live) { client in
            let api = try await APIClient.signIn(client, as: "supervisor")
            let draw = try await api.post("/api/v1/evaluation/draws", json: ["year": 2023, "per_agency": 1, "seed": "接口测试"])
            #expect(draw.status == .created)
            let drawID = try #require(try draw.json()["draw_id"] as? Int)
            let worksheet = try await api.get("/api/v1/evaluation/draws/\(drawID)/worksheet")
            #expect(worksheet.status == .ok)
            var table = CSV.parse(worksheet.text.replacingOccurrences(of: "\u{FEFF}", with: ""))
            let header = table[0]
            let veto = try #require(header.firstIndex(of: "基本标准通过(是/否)"))
            let form = try #require(header.firstIndex(of: "卷面得分")), content = try #require(header.firstIndex(of: "内容得分"))
            for row in 1..<table.count {
                table[row][veto] = "是"
                table[row][form] = "18"
                table[row][content] = "72"
            }
            let imported = try await api.post("/api/v1/evaluation/scores", body: CSV.document(table), contentType: "text/csv")
            #expect(imported.status == .ok)
            #expect(try imported.json()["rows"] as? Int == table.count - 1)
            let bad = try await api.post("/api/v1/evaluation/scores", body: "抽查编号,案号\n1,x\n", contentType: "text/csv")
            #expect(bad.errorCode == "scores_rejected")
            let report = try await api.get("/api/v1/evaluation/report?year=2023").json()
            let agencies = try #require(report["agencies"] as? [[String: Any]])
            #expect(agencies.contains { ($0["scored"] as? Int ?? 0) > 0 })
        }
    }

    @Test(arguments: ArchiveStoreKind.available) func precedentShowsTheAmountDistribution(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        try await fixture.application().test(.live) { client in
            let api = try await APIClient.signIn(client, as: "reviewer")
            let response = try await api.get("/api/v1/precedent?article=" + encoded("大气污染防治法 第一百零八条") + "&amount=50000")
            #expect(response.status == .ok)
            let body = try response.json()
            #expect((body["total"] as? Int ?? 0) >= 1)
            #expect((body["proposed"] as? [String: Any])?["assessment"] is String)
            let page = try await api.get("/precedent?article=" + encoded("大气污染防治法 第一百零八条") + "&amount=50000")
            #expect(page.text.contains("id=\"proposed-marker\""))
            let invalid = try await api.get("/api/v1/precedent?article=" + encoded("第一百条"))
            #expect(invalid.status == .badRequest)
        }
    }
}

/// The page-side features that are plain HTTP: CSV of a result list, media with ranges, worksheet upload by form.
@Suite struct PageTests {
    @Test(arguments: ArchiveStoreKind.available) func resultListDownloadsAsCSV(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        try await fixture.application().test(.live) { client in
            let api = try await APIClient.signIn(client, as: "reviewer")
            let response = try await api.get("/search.csv?q=" + encoded("罚款") + "&agency=" + encoded(WebFixture.marketAgency))
            #expect(response.status == .ok)
            #expect(response.headers[.contentDisposition]?.contains("filename*=UTF-8''") == true)
            let rows = CSV.parse(response.text.replacingOccurrences(of: "\u{FEFF}", with: ""))
            #expect(rows.first?.starts(with: ["序号", "案号", "当事人", "执法机关"]) == true)
            #expect(rows.count > 1)
            #expect(rows.dropFirst().filter { $0.count > 3 }.allSatisfy { $0[3] == WebFixture.marketAgency })
        }
    }

    @Test(arguments: ArchiveStoreKind.available) func mediaIsServedWithRangesForPlayback(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        let (id, size) = try fixture.archive.openForReading().prepare("SELECT id, size FROM av_records WHERE size > 1000 ORDER BY id LIMIT 1")
            .first { ($0.int64(0), $0.int(1)) }!
        try await fixture.application().test(.live) { client in
            let api = try await APIClient.signIn(client, as: "supervisor")
            let whole = try await api.get("/av/\(id)/media")
            #expect(whole.status == .ok)
            #expect(whole.body.readableBytes == size)
            let part = try await api.get("/av/\(id)/media", headers: [.range: "bytes=100-199"])
            #expect(part.status == .partialContent)
            #expect(part.headers[.contentRange] == "bytes 100-199/\(size)")
            #expect(Data(part.body.readableBytesView) == Data(whole.body.readableBytesView)[100..<200])
            let market = try await APIClient.signIn(client, as: "market")
            let agency = try fixture.archive.openForReading().prepare(
                "SELECT c.agency FROM av_records a JOIN cases c ON c.id = a.case_id WHERE a.id = ?1"
            )
            .first([id]) { $0.string(0) }
            #expect(try await market.get("/av/\(id)/media").status == (agency == WebFixture.marketAgency ? .ok : .notFound))
        }
    }

    @Test(arguments: ArchiveStoreKind.available) func worksheetsUploadThroughTheForm(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        try await fixture.application().test(.live) { client in
            let signIn = try await client.execute(
                uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"reviewer","password":"\#(WebFixture.password)"}"#))
            let cookie = String(try #require(signIn.headers[.setCookie]).prefix { $0 != ";" })
            let csrf = try #require(try signIn.json()["csrf_token"] as? String)
            let api = try await APIClient.signIn(client, as: "reviewer")
            let draw = try await api.post("/api/v1/evaluation/draws", json: ["year": 2024, "per_agency": 1, "seed": "表单上传"])
            let drawID = try #require(try draw.json()["draw_id"] as? Int)
            var table = CSV.parse(
                try await api.get("/api/v1/evaluation/draws/\(drawID)/worksheet").text.replacingOccurrences(of: "\u{FEFF}", with: ""))
            let header = table[0]
            for row in 1..<table.count {
                table[row][header.firstIndex(of: "基本标准通过(是/否)")!] = "是"
                table[row][header.firstIndex(of: "卷面得分")!] = "20"
                table[row][header.firstIndex(of: "内容得分")!] = "75"
            }
            let boundary = "juanzong-\(UUID().uuidString)"
            let body = """
                --\(boundary)\r
                Content-Disposition: form-data; name="csrf_token"\r
                \r
                \(csrf)\r
                --\(boundary)\r
                Content-Disposition: form-data; name="worksheet"; filename="评查表.csv"\r
                Content-Type: text/csv\r
                \r
                \(CSV.document(table))\r
                --\(boundary)--\r

                """
            let response = try await client.execute(
                uri: "/evaluation/scores", method: .post,
                headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
                body: ByteBuffer(string: body))
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            #expect(location.removingPercentEncoding?.contains("已导入 1 个评查表中 \(table.count - 1) 件") == true)
        }
    }
}
