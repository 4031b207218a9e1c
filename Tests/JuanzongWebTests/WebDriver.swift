import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JuanzongCore

/// A W3C WebDriver client for Debian's chromedriver driving a real headless Chromium.
final class WebDriver: @unchecked Sendable {
    static let executable = "/usr/bin/chromedriver"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: executable) }
    private static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    private let process: ChildProcess
    private let port: Int
    private var session = ""

    /// Starts chromedriver on a free port and opens a browser session that saves downloads in `downloads`.
    init(downloads: URL) async throws {
        let port = Int.random(in: 20_000...45_000)
        process = try ChildProcess(Self.executable, ["--port=\(port)", "--allowed-ips=127.0.0.1"])
        self.port = port
        var ready = false
        for _ in 0..<100 where !ready {
            try await Task.sleep(for: .milliseconds(100))
            ready = (((try? await call("GET", "/status"))?["value"] as? [String: Any])?["ready"] as? Bool) == true
        }
        guard ready else {
            process.terminate(SIGKILL)
            throw TestFailure("chromedriver 未能启动")
        }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": "/usr/bin/chromium",
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=zh-CN",
                        ],
                        "prefs": ["download.default_directory": downloads.path, "download.prompt_for_download": false],
                    ] as [String: Any],
                ] as [String: Any]
            ]
        ]
        let created = try await call("POST", "/session", capabilities)
        session = try ((created["value"] as? [String: Any])?["sessionId"] as? String).orThrow("无法创建浏览器会话:\(created)")
        _ = try await call(
            "POST", "/session/\(session)/goog/cdp/execute",
            ["cmd": "Browser.setDownloadBehavior", "params": ["behavior": "allow", "downloadPath": downloads.path]])
        // Finding an element waits up to 5 s for it: after a click the next page may still be
        // loading when the test looks for what it shows (seen on a loaded machine).
        _ = try await call("POST", "/session/\(session)/timeouts", ["implicit": 5000])
    }

    /// Closes the browser and stops chromedriver (a driver left running would outlive the tests).
    func quit() async {
        _ = try? await call("DELETE", "/session/\(session)")
        process.terminate(SIGKILL)
        process.wait()
    }

    func go(_ url: String) async throws { _ = try await call("POST", "/session/\(session)/url", ["url": url]) }

    var currentURL: String { get async throws { try await call("GET", "/session/\(session)/url")["value"] as? String ?? "" } }

    /// Waits (up to 10 s) until the address contains `fragment` (percent-decoded): a click on a
    /// link or a submit button returns before the next page has loaded.
    func waitForURL(containing fragment: String) async throws -> Bool {
        for _ in 0..<100 {
            let url = try await currentURL
            if url.contains(fragment) || (url.removingPercentEncoding ?? url).contains(fragment) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    var pageSource: String { get async throws { try await call("GET", "/session/\(session)/source")["value"] as? String ?? "" } }

    func find(_ css: String) async throws -> String {
        let found = try await call("POST", "/session/\(session)/element", ["using": "css selector", "value": css])
        return try ((found["value"] as? [String: Any])?[Self.elementKey] as? String).orThrow("页面上没有 \(css)")
    }

    func findAll(_ css: String) async throws -> [String] {
        let found = try await call("POST", "/session/\(session)/elements", ["using": "css selector", "value": css])
        return (found["value"] as? [[String: Any]] ?? []).compactMap { $0[Self.elementKey] as? String }
    }

    func click(_ css: String) async throws {
        _ = try await call("POST", "/session/\(session)/element/\(try await find(css))/click", [:])
    }

    func type(_ css: String, _ text: String) async throws {
        let element = try await find(css)
        _ = try await call("POST", "/session/\(session)/element/\(element)/clear", [:])
        _ = try await call("POST", "/session/\(session)/element/\(element)/value", ["text": text])
    }

    func text(_ css: String) async throws -> String {
        try await call("GET", "/session/\(session)/element/\(try await find(css))/text")["value"] as? String ?? ""
    }

    func attribute(_ css: String, _ name: String) async throws -> String? {
        try await call("GET", "/session/\(session)/element/\(try await find(css))/attribute/\(name)")["value"] as? String
    }

    /// A PNG of the whole window.
    func screenshot() async throws -> Data {
        let encoded = try await call("GET", "/session/\(session)/screenshot")["value"] as? String ?? ""
        return try Data(base64Encoded: encoded).orThrow("截图失败")
    }

    /// Saves a screenshot as `name` under `$JUANZONG_SCREENSHOTS`, when that is set (README images).
    func saveScreenshot(_ name: String) async throws {
        guard let folder = ProcessInfo.processInfo.environment["JUANZONG_SCREENSHOTS"] else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try await screenshot().write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
    }

    /// One WebDriver command over its own connection (chromedriver closes idle ones).
    private func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120)))
        client.connect()
        defer { Task { try? await client.shutdown() } }
        var headers: HTTPFields = [:]
        if body != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(
            .init(
                path, method: HTTPRequest.Method(method)!, authority: "127.0.0.1:\(port)", headers: headers,
                body: try body.map { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: $0)) }))
        let data = response.body.map { Data($0.readableBytesView) } ?? Data()
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        if let error = (object["value"] as? [String: Any])?["error"] as? String {
            throw TestFailure("WebDriver \(method) \(path):\(error) \((object["value"] as? [String: Any])?["message"] ?? "")")
        }
        return object
    }
}

extension Optional {
    func orThrow(_ message: @autoclosure () -> String) throws -> Wrapped {
        guard let self else { throw TestFailure(message()) }
        return self
    }
}
