import Foundation
import JuanzongAccess
import JuanzongCore
import JuanzongStore
import Testing

/// `juanzong user` and `juanzong audit`, run as the built executable.
@Suite struct CommandLineTests {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("juanzong")
    }

    @discardableResult
    func juanzong(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String) {
        let result = try ChildProcess.run(Self.executable.path, arguments, input: Data(input.utf8))
        return (result.status, String(decoding: result.output + result.errorOutput, as: UTF8.self))
    }

    @Test func accountsAndTheAuditChainFromTheCommandLine() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "先运行 swift build 生成 juanzong")
        let archive = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-cli-\(UUID().uuidString)").path
        _ = try ArchiveLocation(path: archive).openForWriting()
        #expect(try juanzong(["user", "add", "zhang.san", "--role", "机关用户", "--archive", archive], input: "long-enough-1\n").status != 0)
        // An agency the archive holds no case of is refused unless asked for (accounts made before the first ingest).
        let unknown = try juanzong(
            ["user", "add", "zhang.san", "--role", "agency", "--agency", "上海市奉贤区生态环境局", "--archive", archive], input: "long-enough-1\n")
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("没有执法机关“上海市奉贤区生态环境局”"))
        let added = try juanzong(
            ["user", "add", "zhang.san", "--role", "agency", "--agency", "上海市奉贤区生态环境局", "--new-agency", "--archive", archive],
            input: "long-enough-1\n")
        #expect(added.status == 0, "\(added.output)")
        #expect(try juanzong(["user", "add", "short", "--role", "admin", "--archive", archive], input: "short\n").output.contains("至少 10 个字符"))
        let store = AccountStore(database: try Database(path: archive + "/juanzong.sqlite"))
        #expect(try store.authenticate(username: "zhang.san", password: "long-enough-1").agency == "上海市奉贤区生态环境局")
        #expect(try juanzong(["user", "passwd", "zhang.san", "--archive", archive], input: "another-secret-2\n").status == 0)
        #expect(throws: AccessError.badCredentials) { try store.authenticate(username: "zhang.san", password: "long-enough-1") }
        #expect(try store.authenticate(username: "zhang.san", password: "another-secret-2").username == "zhang.san")
        #expect(try juanzong(["user", "disable", "zhang.san", "--archive", archive]).status == 0)
        #expect(throws: AccessError.badCredentials) { try store.authenticate(username: "zhang.san", password: "another-secret-2") }
        #expect(try juanzong(["user", "list", "--archive", archive]).output.contains("已停用"))

        let intact = try juanzong(["audit", "verify", "--archive", archive])
        #expect(intact.status == 0)
        #expect(intact.output.contains("完整"))
        #expect(try juanzong(["audit", "search", "disable_user", "--archive", archive]).output.contains("user:zhang.san"))
        let database = try Database(path: archive + "/juanzong.sqlite")
        try database.execute("DROP TRIGGER audit_log_is_append_only_update; UPDATE audit_log SET actor = 'someone' WHERE id = 1")
        let broken = try juanzong(["audit", "verify", "--archive", archive])
        #expect(broken.status == 1)
        #expect(broken.output.contains("第 1 条"))
    }

    @Test func calendarImportAndShowFromTheCommandLine() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "先运行 swift build 生成 juanzong")
        let archive = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-calendar-cli-\(UUID().uuidString)").path
        _ = try ArchiveLocation(path: archive).openForWriting()
        let fixtures = WebFixture.packageRoot.appendingPathComponent("Tests/JuanzongEvaluationTests/Fixtures")
        let estimated = try juanzong(["calendar", "show", "2027", "--archive", archive])
        #expect(estimated.status == 0)
        #expect(estimated.output.hasPrefix("2027 年:估算"))
        #expect(estimated.output.contains("2027-01-01  周五  放假  元旦"))
        #expect(try juanzong(["calendar", "show", "2026", "--archive", archive]).output.hasPrefix("2026 年:内置"))

        let notice = fixtures.appendingPathComponent("notice-2026-traditional-repost.txt").path
        let imported = try juanzong(["calendar", "import", notice, "--yes", "--archive", archive])
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("春节:放假 2026-02-15、2026-02-16"))
        #expect(imported.output.contains("调休上班 2026-02-14、2026-02-28"))
        let shown = try juanzong(["calendar", "show", "2026", "--archive", archive])
        #expect(shown.output.hasPrefix("2026 年:已导入"))
        #expect(shown.output.contains("2026-02-28  周六  调休上班  春节"))
        // Again without a reason: refused; from standard input with one: stored.
        let again = try juanzong(["calendar", "import", notice, "--yes", "--archive", archive])
        #expect(again.status != 0 && again.output.contains("替换须说明理由"))
        let text = try String(contentsOfFile: fixtures.appendingPathComponent("notice-2026.txt").path, encoding: .utf8)
        #expect(try juanzong(["calendar", "import", "-", "--yes", "--reason", "改用政府网原文", "--archive", archive], input: text).status == 0)
        let broken = try juanzong([
            "calendar", "import", fixtures.appendingPathComponent("notice-2017-garbled-repost.txt").path, "--yes", "--archive", archive,
        ])
        #expect(broken.status != 0)
        #expect(broken.output.contains("notice-2017-garbled-repost.txt:中秋节、国庆节:2017 年没有 0 月 1 日"))
        #expect(try juanzong(["audit", "search", "import_holidays", "--archive", archive]).output.contains("calendar:2026"))
    }
}
