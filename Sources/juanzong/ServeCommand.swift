import ArgumentParser
import Foundation
import Hummingbird
import JuanzongAccess
import JuanzongStore
import JuanzongWeb

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "启动网页界面与 JSON API(/api/v1,说明见 /api/v1/openapi.json)",
        discussion: """
            账户用 juanzong user add 创建。检索在导入(ingest)进行时照常应答。
            会话 Cookie 默认带 Secure 标记(浏览器对 http://localhost 仍会发送);在其他主机上以明文 HTTP 提供服务时须加 --insecure-cookies,建议改用 HTTPS 反向代理。
            """
    )

    @OptionGroup var options: ArchiveOptions

    @Option(help: "监听端口")
    var port = 8080

    @Option(help: "监听地址(0.0.0.0 表示所有网卡)")
    var host = "127.0.0.1"

    @Option(help: "并行应答检索的数据库连接数")
    var readers = 4

    @Flag(name: .customLong("insecure-cookies"), help: "会话 Cookie 不带 Secure 标记(仅用于明文 HTTP)")
    var insecureCookies = false

    @Option(
        name: .customLong("failures-per-address"),
        help: "同一客户端地址允许的登录失败次数,超过后逐次加倍延迟;0 表示不按地址限制(所有用户经同一代理或 NAT 访问时)。按账户的限制(5 次)始终有效")
    var failuresPerAddress = 20

    @Option(
        name: .customLong("read-replica"),
        help: "PostgreSQL 档案库的只读副本(流复制备库)地址 postgresql://…:检索与页面从副本读取,写入(审计、核对、抽查、导出)仍到 --archive 所指主库")
    var readReplica: String?

    @Option(help: "评查规则文件(默认随程序提供的 Sources/JuanzongEvaluation/Resources/rules.json)")
    var rules: String?

    @Option(help: "节假日表(默认 Sources/JuanzongEvaluation/Resources/holidays.json)")
    var holidays: String?

    func run() async throws {
        let location = options.location
        guard location.exists else { throw ArchiveError.missing(location.displayName) }
        guard failuresPerAddress >= 0 else { throw ValidationError("--failures-per-address 不能为负数") }
        var replica: ArchiveLocation?
        if let readReplica {
            guard case .postgresql = location.store, ArchiveLocation.isPostgresURL(readReplica) else {
                throw ValidationError("--read-replica 只用于 PostgreSQL 档案库:--archive 与 --read-replica 都须是 postgresql:// 地址")
            }
            replica = ArchiveLocation(path: readReplica)
        }
        var signInPolicy = SignInThrottle.Policy()
        signInPolicy.freeFailuresPerAddress = failuresPerAddress == 0 ? nil : failuresPerAddress
        let services = try ArchiveServices(
            location: location, readReplica: replica, readers: readers, rules: rules.map { URL(fileURLWithPath: $0) },
            holidays: holidays.map { URL(fileURLWithPath: $0) }, signInPolicy: signInPolicy)
        if try AccountStore(database: try location.openForReading()).all().isEmpty {
            Output.standardError("提示:尚无账户,先运行 juanzong user add 用户名 --role admin --archive \(location.displayName)\n")
        }
        let app = WebServer.application(services: services, host: host, port: port, secureCookies: !insecureCookies) { port in
            Output.standardError("卷宗已启动:http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)/ (档案库 \(location.displayName))\n")
        }
        Task { await services.warmUp() }
        try await app.runService()
    }
}
