import Foundation
import HTTPTypes
import Hummingbird
import JuanzongCore

/// Refuses requests no page or script of ours sends, before any handler sees them:
/// - a URL whose path or query holds a control character (`%00` and the like): a 400, so such
///   text never reaches a query, the audit log or a page;
/// - a state-changing request (POST, PUT, PATCH, DELETE) whose `Origin` is another site's: a
///   403, so a foreign page cannot sign a browser in (login CSRF) or post a form in its name.
///   Scripts send no `Origin` and are not affected.
struct RequestGuard: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        let query = (request.uri.query ?? "").replacingOccurrences(of: "+", with: " ")
        if path.containsAnyControlCharacter || (query.removingPercentEncoding ?? query).containsControlCharacter {
            throw WebError.controlCharacter
        }
        if ![.get, .head, .options].contains(request.method), let origin = request.headers[.origin],
            !Self.isSameOrigin(origin, authority: request.head.authority)
        {
            throw WebError(.forbidden, code: "foreign_origin", "请求来自其他网站(Origin:\(origin)),已拒绝。请在本系统的页面上操作。")
        }
        return try await next(request, context)
    }

    /// Whether `origin` (`scheme://host[:port]`) names the host and port the request was sent to.
    static func isSameOrigin(_ origin: String, authority: String?) -> Bool {
        guard let authority, let url = URL(string: origin), let scheme = url.scheme, let host = url.host else { return false }
        let defaultPort = scheme == "https" ? 443 : 80
        let originAuthority = url.port.map { $0 == defaultPort ? host : "\(host):\($0)" } ?? host
        let requestAuthority = authority.hasSuffix(":\(defaultPort)") ? String(authority.dropLast(":\(defaultPort)".count)) : authority
        return originAuthority.lowercased() == requestAuthority.lowercased()
    }
}
