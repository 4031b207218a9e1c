import Foundation
import HummingbirdTesting
import JuanzongAccess
import JuanzongBenchmarks
import JuanzongIndexer
import JuanzongStore
import JuanzongWeb
import Testing

/// A scan on the web: a hit's snippet links to the page it is on, the document shows each page's
/// image beside the text read from it, and the images are withheld where originals are.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: OCRService.pythonPath), "需要 scripts/setup.sh 安装的 PP-OCR 环境"))
struct ScanPageTests {
    @Test func aHitLinksToItsPageAndThePageShowsItsImageBesideItsText() async throws {
        setlocale(LC_ALL, "C.UTF-8")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-scan-web-\(UUID().uuidString)")
        let input = root.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let first = ScanRenderer.Page(
            name: "p1", paragraphs: ["上海市奉贤区城市管理行政执法局", "责令改正通知书", "沪奉城管责改〔2024〕0091号", "当事人:上海页面测试餐饮店"], seed: 21)
        let second = ScanRenderer.Page(
            name: "p2", paragraphs: ["现场检查笔录", "检查发现:店招店牌设置未经审批,占用人行道堆放杂物约三平方米。"], seed: 22)
        try ScanRenderer().render([first, second], into: root.appendingPathComponent("pages"), pdf: input.appendingPathComponent("扫描件.pdf"))
        let archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        _ = try Ingestor(archive: archive, options: IngestOptions()).run([input.path])
        let accounts = AccountStore(database: try archive.openForWriting().0, hasher: PasswordHasher(costExponent: 12))
        try accounts.add(username: "reviewer", displayName: "审核员", role: .legalReview, agency: nil, password: WebFixture.password)
        try accounts.add(username: "supervisor", displayName: "监督员", role: .supervision, agency: nil, password: WebFixture.password)
        let services = try ArchiveServices(location: archive, readers: 1)

        try await WebServer.application(services: services, host: "127.0.0.1", port: 0).test(.live) { client in
            let reviewer = try await APIClient.signIn(client, as: "reviewer")
            let search = try await reviewer.get("/api/v1/search?q=" + encoded("堆放杂物"))
            let hit = try #require((try search.json()["hits"] as? [[String: Any]])?.first)
            #expect(hit["page"] as? Int == 2)
            let id = try #require(hit["document_id"] as? Int)
            #expect(
                try await reviewer.get("/search?q=" + encoded("堆放杂物")).text.contains("/documents/\(id)?q=%E5%A0%86%E6%94%BE%E6%9D%82%E7%89%A9#page-2")
            )
            let page = try await reviewer.get("/documents/\(id)?q=" + encoded("堆放杂物")).text
            #expect(page.contains("id=\"page-1\"") && page.contains("id=\"page-2\""))
            #expect(page.contains("src=\"/documents/\(id)/pages/2\"") && page.contains("<mark>堆放杂物</mark>"))
            let image = try await reviewer.get("/documents/\(id)/pages/2")
            #expect(image.status == .ok && image.headers[.contentType] == "image/png")
            #expect(Array(image.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
            #expect(try await reviewer.get("/documents/\(id)/pages/3").status == .notFound)

            let supervisor = try await APIClient.signIn(client, as: "supervisor")
            #expect(try await supervisor.get("/documents/\(id)/pages/1").status == .forbidden)
            #expect(try await supervisor.get("/documents/\(id)").text.contains("原件图像不提供"))
        }
    }
}
