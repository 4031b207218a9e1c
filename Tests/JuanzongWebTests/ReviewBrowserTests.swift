import Foundation
import HummingbirdTesting
import JuanzongAccess
import JuanzongIndexer
import JuanzongStore
import JuanzongWeb
import Testing

/// The review queue in a real headless Chromium: a 法制审核 reviewer corrects a subject that
/// inference read without its credit code, sees the dossier re-form, a later ingest of the same
/// folder (with the case's notice added) runs, and the correction stays. An archive of its own,
/// so that the shared fixture's counts stay as they are.
@Suite(.enabled(if: WebDriver.isInstalled, "需要 chromium-driver(scripts/setup.sh 安装)"))
struct ReviewBrowserTests {
    static let decision = """
        上海市奉贤区市场监督管理局
        行政处罚决定书
        沪市监奉处〔2024〕0777号
        当事人:上海浏览器核对贸易有限公司
        经查,当事人销售过期食品。依据《中华人民共和国食品安全法》第一百二十四条第一款第三项,
        本局决定对当事人处以罚款人民币伍万元整。
        2024年5月20日
        """

    @Test func aReviewerCorrectsASubjectAndTheCorrectionOutlivesReingest() async throws {
        setlocale(LC_ALL, "C.UTF-8")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-review-web-\(UUID().uuidString)")
        let input = root.appendingPathComponent("input/案卷")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try Self.decision.write(to: input.appendingPathComponent("决定书.txt"), atomically: true, encoding: .utf8)
        let archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        _ = try Ingestor(archive: archive, options: IngestOptions()).run([input.path])
        let accounts = AccountStore(database: try archive.openForWriting().0, hasher: PasswordHasher(costExponent: 12))
        try accounts.add(username: "reviewer", displayName: "审核员", role: .legalReview, agency: nil, password: WebFixture.password)
        let services = try ArchiveServices(location: archive, readers: 1)

        try await WebServer.application(services: services, host: "127.0.0.1", port: 0).test(.live) { client in
            let site = "http://127.0.0.1:\(try #require(client.port))"
            let browser = try await WebDriver(downloads: root)
            do {
                try await browser.go(site + "/login?next=" + encoded("/review"))
                try await browser.type("#username", "reviewer")
                try await browser.type("#password", WebFixture.password)
                try await browser.click("form.signin button")
                #expect(try await browser.waitForURL(containing: "/review"))
                #expect(try await browser.text("#review-total") == "1")
                #expect(try await browser.text("#review-queue").contains("当事人无证件号码"))
                try await browser.click("#review-queue a")
                #expect(try await browser.waitForURL(containing: "/review/"))
                try await browser.type("input[name=subject_name]", "上海浏览器核对商贸有限公司")
                try await browser.type("input[name=subject_identifier]", "913101206300123455")
                try await browser.type("input[name=reason]", "与原件核对")
                try await browser.saveScreenshot("review.png")
                try await browser.click("#save-correction")
                #expect(try await browser.waitForURL(containing: "notice="))
                #expect(try await browser.text("#review-notice").contains("已保存 2 项更正"))
                #expect(try await browser.text("#review-history").contains("上海浏览器核对贸易有限公司 → 上海浏览器核对商贸有限公司"))

                // The dossier has re-formed under the corrected subject.
                try await browser.click("#dossier-link")
                #expect(try await browser.waitForURL(containing: "/subjects/"))
                let dossier = try await browser.pageSource
                #expect(dossier.contains("上海浏览器核对商贸有限公司") && dossier.contains("913101206300123455"))
                #expect(dossier.contains("沪市监奉处〔2024〕0777号"))
                let dossierURL = try await browser.currentURL

                // A later ingest of the folder, now with the case's notice naming the subject as
                // inference read it: the correction stays.
                try Self.decision.replacingOccurrences(of: "行政处罚决定书", with: "行政处罚告知书")
                    .write(to: input.appendingPathComponent("告知书.txt"), atomically: true, encoding: .utf8)
                let later = try Ingestor(archive: archive, options: IngestOptions()).run([input.path])
                #expect(later.documents == 1)
                try await browser.go(dossierURL)
                let after = try await browser.pageSource
                #expect(after.contains("上海浏览器核对商贸有限公司") && after.contains("行政处罚告知书"))
                // The decision is reviewed; the notice, whose party block disagrees with the
                // corrected case, waits for review as a conflict.
                try await browser.go(site + "/review")
                #expect(try await browser.text("#review-total") == "1")
                let queue = try await browser.text("#review-queue")
                #expect(queue.contains("处罚告知书") && queue.contains("导入时有冲突") && !queue.contains("处罚决定书"))
            } catch {
                print("页面:", (try? await browser.currentURL) ?? "", ((try? await browser.pageSource) ?? "").prefix(1500))
                await browser.quit()
                throw error
            }
            await browser.quit()
        }
    }
}
