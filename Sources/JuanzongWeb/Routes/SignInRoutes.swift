import Foundation
import Hummingbird
import JuanzongAccess
import JuanzongCore
import JuanzongStore

/// Signing in and out: the form and cookie session for browsers, bearer tokens for scripts.
struct SignInRoutes {
    let services: ArchiveServices
    let secureCookies: Bool

    func register(on router: Router<WebContext>) {
        router.get("/login") { request, context in
            Responses.html(signInPage(next: request.query("next"), error: nil))
        }
        router.post("/login") { request, context in
            var request = request
            let fields = Forms.fields(try await request.collectBody(upTo: context.maxUploadSize))
            let next = safeNext(fields["next"])
            do {
                let (token, _) = try await signIn(
                    username: fields["username"] ?? "", password: fields["password"] ?? "", address: context.clientAddress)
                var response = Responses.seeOther(next)
                response.setCookie(SessionMiddleware.cookie(token: token, secure: secureCookies))
                return response
            } catch let error as AccessError {
                return Responses.html(signInPage(next: next, error: error.description), status: .unauthorized)
            } catch let error as WebError where error.status == .tooManyRequests {
                var response = Responses.html(signInPage(next: next, error: error.message), status: .tooManyRequests)
                response.headers[.retryAfter] = error.retryAfter.map(String.init)
                return response
            }
        }
        router.post("/logout") { request, context in
            if let token = context.sessionToken { try await signOut(token: token, viewer: try context.viewer()) }
            var response = Responses.seeOther("/login")
            response.setCookie(SessionMiddleware.cookie(token: "", secure: secureCookies, maxAge: 0))
            return response
        }

        let api = router.group("/api/v1")
        api.post("/session") { request, context in
            // JSON only: a foreign page can post text/plain or a form without asking, but not JSON.
            guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
                throw WebError(.unsupportedMediaType, code: "json_required", "请以 JSON 提交(Content-Type: application/json)")
            }
            let body = try await request.decode(as: Credentials.self, context: context)
            let (token, session) = try await signIn(username: body.username, password: body.password, address: context.clientAddress)
            var response = try Responses.json(
                SessionInfo(
                    token: token, csrfToken: session.csrfToken,
                    expiresAt: ISO8601DateFormatter().string(from: session.expiresAt),
                    user: session.account))
            response.setCookie(SessionMiddleware.cookie(token: token, secure: secureCookies))
            return response
        }
        api.delete("/session") { request, context in
            let viewer = try context.viewer()
            if let token = context.sessionToken { try await signOut(token: token, viewer: viewer) }
            return Response(status: .noContent)
        }
        api.get("/me") { request, context in
            try Responses.json(try context.viewer().account)
        }
    }

    struct Credentials: Decodable {
        var username: String
        var password: String
    }

    struct SessionInfo: Encodable {
        var token: String
        var csrfToken: String
        var expiresAt: String
        var user: Account
    }

    /// Checks the password and starts a session; every attempt is audited. The password is
    /// checked on the server's password thread; an account or address with too many recent
    /// failures gets a 429 with `Retry-After` without its password being checked.
    func signIn(username: String, password: String, address: String?) async throws -> (String, Session) {
        let throttle = services.signInThrottle
        let detail = AuditDetail.json(["address": address])
        do {
            try throttle.check(username: username, address: address)
        } catch let refusal as SignInThrottle.Refusal {
            services.audit.record(.init(actor: "web:" + username, action: "login_throttled", target: "user:" + username, detail: detail))
            throw WebError(
                .tooManyRequests, code: "too_many_attempts",
                "登录失败次数过多,请 \(refusal.retryAfter) 秒后再试", retryAfter: refusal.retryAfter)
        }
        do {
            let credentials = try await services.read { try AccountStore(database: $0.database).storedCredentials(username: username) }
            let account = try await services.checkPassword(password, against: credentials)
            throttle.recordSuccess(username: username)
            let started = try await services.write { try SessionStore(database: $0).start(for: account) }
            services.audit.record(.init(actor: "web:" + account.username, action: "login", target: "user:" + account.username, detail: detail))
            return started
        } catch let error as AccessError {
            throttle.recordFailure(username: username, address: address)
            services.audit.record(.init(actor: "web:" + username, action: "login_failed", target: "user:" + username, detail: detail))
            throw error
        }
    }

    func signOut(token: String, viewer: Viewer) async throws {
        try await services.write { try SessionStore(database: $0).end(token: token) }
        services.audit.record(.init(actor: viewer.actor, action: "logout", target: "user:" + viewer.account.username))
    }

    /// Only a path on this site (never `//host` or a full URL) may follow sign-in. Browsers drop
    /// tabs and line breaks from URLs and read `\\` as `/`, so `/\t/evil.example` would become
    /// `//evil.example`: a path holding any of them, or other whitespace or controls, is refused.
    func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
            !next.contains(where: { $0.isWhitespace || $0 == "\\" }), !next.containsAnyControlCharacter
        else { return "/search" }
        return next
    }

    func signInPage(next: String?, error: String?) -> String {
        Layout.page(
            "登录", viewer: nil, csrf: nil,
            body: """
                \(error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? "")
                <form method="post" action="/login" class="signin">
                <input type="hidden" name="next" value="\(HTML.escape(safeNext(next)))">
                <p><label for="username">用户名</label><input id="username" name="username" autocomplete="username" required autofocus></p>
                <p><label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required></p>
                <p><button type="submit">登录</button></p>
                </form>
                <p class="muted">账户由管理员用 <code>juanzong user add</code> 创建。所有检索、查阅、下载与导出均记入审计日志。</p>
                """)
    }
}
