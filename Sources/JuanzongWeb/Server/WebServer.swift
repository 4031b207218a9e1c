import Foundation
import Hummingbird
import Logging

/// The web UI and JSON API over one archive.
public enum WebServer {
    /// The router with every page and API route; the middleware turns errors into pages or JSON
    /// and resolves sessions. `secureCookies` marks the session cookie Secure (browsers still
    /// send it to http://localhost; turn it off only behind plain HTTP on another host).
    public static func router(services: ArchiveServices, secureCookies: Bool = true) -> Router<WebContext> {
        // HEAD answered like GET without the body (link checkers and download managers ask it first).
        let router = Router(context: WebContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: ErrorMiddleware(services: services))
        router.add(middleware: SessionMiddleware(services: services))
        router.add(middleware: RequestGuard())
        router.get("/api/v1/openapi.json") { _, _ in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
                throw WebError(.internalServerError, code: "internal_error", "缺少 OpenAPI 文档")
            }
            var headers = Responses.securityHeaders(contentType: "application/json; charset=utf-8")
            headers[.cacheControl] = "public, max-age=300"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        SignInRoutes(services: services, secureCookies: secureCookies).register(on: router)
        SearchRoutes(services: services).register(on: router)
        DossierRoutes(services: services).register(on: router)
        PrecedentRoutes(services: services).register(on: router)
        EvaluationRoutes(services: services).register(on: router)
        ExportRoutes(services: services).register(on: router)
        AdminRoutes(services: services).register(on: router)
        CalendarRoutes(services: services).register(on: router)
        ReviewRoutes(services: services).register(on: router)
        return router
    }

    /// The application listening on `host:port`; `onRunning` gets the bound port (for port 0).
    public static func application(
        services: ArchiveServices, host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = true,
        logger: Logger? = nil,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = logger ?? Logger(label: "juanzong.web")
        if logger.logLevel > .info { logger.logLevel = .info }
        return Application(
            router: router(services: services, secureCookies: secureCookies),
            configuration: .init(address: .hostname(host, port: port), serverName: "juanzong"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
