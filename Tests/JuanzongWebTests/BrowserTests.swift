import Foundation
import HummingbirdTesting
import JuanzongExport
import JuanzongPostgresTesting
import JuanzongWeb
import Testing

/// End to end in a real headless Chromium (Debian's chromium and chromium-driver): sign in,
/// search and narrow by a facet, open a dossier and a document, review precedent, make a draw,
/// download a reconsideration bundle and verify it; a 机关用户 cannot open another agency's case.
/// With `JUANZONG_SCREENSHOTS=DIR` the pages are saved as PNGs (the README's screenshots).
@Suite(.enabled(if: WebDriver.isInstalled, "需要 chromium-driver(scripts/setup.sh 安装)"))
struct BrowserTests {
    @Test(arguments: ArchiveStoreKind.available) func staffWorkThroughTheBrowser(store: ArchiveStoreKind) async throws {
        let fixture = WebFixture.on(store)
        let downloads = fixture.root.appendingPathComponent("downloads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: downloads, withIntermediateDirectories: true)
        let otherCase = try fixture.caseID(agency: WebFixture.marketAgency, equal: false)
        try await fixture.application().test(.live) { client in
            let site = "http://127.0.0.1:\(try #require(client.port))"
            let browser = try await WebDriver(downloads: downloads)
            do {
                try await signIn(browser, site: site, as: "reviewer", next: "/search")

                try await browser.type("input[name=q]", "罚款 \"行政复议\"")
                try await browser.click("form.searchbox button")
                #expect(try await browser.waitForURL(containing: "q="))
                let count = try await browser.text("#result-count")
                #expect(count.contains("共"))
                #expect(try await browser.findAll("article.hit mark").count > 0)
                try await browser.saveScreenshot("search.png")
                let unfiltered = try await browser.findAll("article.hit").count
                try await browser.click("ul[data-facet=agency] a")
                #expect(try await browser.waitForURL(containing: "agency="))
                #expect(try await browser.findAll("ul[data-facet=agency] a.on").count == 1)
                #expect(try await browser.findAll("article.hit").count <= unfiltered)

                try await browser.click("article.hit .meta a")
                #expect(try await browser.waitForURL(containing: "/subjects/"))
                #expect(try await browser.text("#penalty-total").hasPrefix("¥"))
                #expect(try await browser.findAll("ol.timeline li").count > 0)
                #expect(try await browser.findAll("section.case table tbody tr").count > 0)
                // The subject with most cases and a recorder video: several cases, AV playback.
                try await browser.go(site + "/subjects/\(try fixture.subjectWithVideo())")
                #expect(try await browser.findAll("section.case").count >= 2)
                #expect(try await browser.findAll("video[src^='/av/']").count >= 1)
                try await browser.saveScreenshot("dossier.png")

                try await browser.go(site + "/search?q=" + encoded("罚款"))
                try await browser.click("article.hit h3 a")
                #expect(try await browser.waitForURL(containing: "/documents/"))
                #expect(try await browser.findAll("#document-text mark").count > 0)

                try await browser.go(site + "/precedent?article=" + encoded("大气污染防治法 第一百零八条") + "&amount=50000")
                #expect(try await browser.findAll("#proposed-marker").count == 1)
                #expect(try await browser.text("#assessment").contains("拟处罚"))
                try await browser.saveScreenshot("precedent.png")

                try await browser.go(site + "/evaluation")
                try await browser.type("#draw-form input[name=year]", "2023")
                try await browser.type("#draw-form input[name=rate]", "")
                try await browser.type("#draw-form input[name=per_agency]", "2")
                try await browser.type("#draw-form input[name=seed]", "浏览器")
                try await browser.click("#draw-form button")
                #expect(try await browser.waitForURL(containing: "/evaluation/draws/"))
                #expect(try await browser.findAll("#findings tbody tr").count == 6)
                try await browser.saveScreenshot("evaluation.png")
                try await browser.go(site + "/evaluation/report?year=2023")
                #expect(try await browser.findAll("#report-chart svg").count == 1)

                try await browser.go(site + "/export?case=" + encoded("沪市监奉处〔2023〕0123号"))
                try await browser.saveScreenshot("export.png")
                try await browser.click("#export-form button")
                let bundle = try await waitForDownload(in: downloads)
                let report = try BagVerifier().verify(bundle.path)
                #expect(report.valid, "\(report.problems)")

                try await browser.go(site + "/search")
                try await browser.click("form[action='/logout'] button")
                #expect(try await browser.waitForURL(containing: "/login"))

                try await signIn(browser, site: site, as: "market", next: "/cases/\(otherCase)")
                #expect(try await browser.text("p.error").contains("未找到"))
                #expect(try await browser.pageSource.contains("not_found"))
                try await browser.go(site + "/search?q=" + encoded("罚款"))
                let agencies = try await browser.findAll("ul[data-facet=agency] li")
                #expect(agencies.count == 1)

                try await signIn(browser, site: site, as: "admin", next: "/audit?actor=" + encoded("web:reviewer"))
                #expect(try await browser.findAll("#audit tbody tr").count > 5)
                try await browser.saveScreenshot("audit.png")

                // The year's notice pasted (a Traditional repost), checked day by day, then imported.
                try await browser.go(site + "/calendar?year=2026")
                #expect(try await browser.text("#calendar-source") == "内置")
                let notice = try String(
                    contentsOf: WebFixture.packageRoot.appendingPathComponent(
                        "Tests/JuanzongEvaluationTests/Fixtures/notice-2026-traditional-repost.txt"),
                    encoding: .utf8)
                try await browser.type("#notice", notice)
                try await browser.click("#calendar-form button")
                #expect(try await browser.waitForURL(containing: "/calendar/preview"))
                #expect(try await browser.text("#calendar-summary").contains("放假 33 天,调休上班 6 天"))
                #expect(try await browser.findAll("#calendar-preview tbody tr").count == 39)
                try await browser.saveScreenshot("calendar.png")
                try await browser.click("#calendar-confirm button")
                #expect(try await browser.waitForURL(containing: "notice="))
                #expect(try await browser.text("#calendar-source") == "已导入")
                #expect(try await browser.text("p.notice").contains("已导入 2026 年放假安排"))
            } catch {
                print("页面:", (try? await browser.currentURL) ?? "", ((try? await browser.pageSource) ?? "").prefix(1500))
                await browser.quit()
                throw error
            }
            await browser.quit()
        }
    }

    private func signIn(_ browser: WebDriver, site: String, as username: String, next: String) async throws {
        try await browser.go(site + "/login?next=" + encoded(next))
        try await browser.type("#username", username)
        try await browser.type("#password", WebFixture.password)
        try await browser.click("form.signin button")
        #expect(try await browser.waitForURL(containing: next), "登录 \(username) 后应到达 \(next)")
    }

    private func waitForDownload(in folder: URL) async throws -> URL {
        for _ in 0..<150 {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            if let name = names.first(where: { $0.hasSuffix(".zip") }) { return folder.appendingPathComponent(name) }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestFailure("浏览器没有下载到材料包")
    }
}
