import Foundation
import Hummingbird
import JuanzongAccess
import JuanzongEvaluation
import JuanzongQuery

/// An error shown to the user: an HTTP status, a stable English code for scripts and a Chinese message.
public struct WebError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static let unauthenticated = WebError(.unauthorized, code: "unauthenticated", "请先登录")
    static let forbidden = WebError(.forbidden, code: "forbidden", "您的角色无权进行此操作")
    static let csrf = WebError(.forbidden, code: "csrf_failed", "表单已过期或来源不明(CSRF 校验失败),请刷新页面后重试")
    static func notFound(_ what: String) -> WebError { WebError(.notFound, code: "not_found", "未找到\(what),或您无权查看") }
    static func badRequest(_ message: String, code: String = "bad_request") -> WebError { WebError(.badRequest, code: code, message) }

    /// The user-facing form of any error a handler throws.
    static func from(_ error: any Error) -> WebError {
        switch error {
        case let error as WebError: return error
        case let error as QueryError: return WebError(.badRequest, code: "query_" + error.code.rawValue, error.message)
        case let error as AccessError:
            return WebError(error == .badCredentials ? .unauthorized : .badRequest, code: error.code, error.description)
        case let error as DrawError: return WebError(.badRequest, code: "draw_rejected", error.description)
        case let error as ScoreImporter.Rejected: return WebError(.badRequest, code: "scores_rejected", error.description)
        case let error as HTTPError:
            return WebError(error.status, code: "http_\(error.status.code)", error.body ?? error.status.reasonPhrase)
        default: return WebError(.internalServerError, code: "internal_error", "服务器内部错误:\(error)")
        }
    }
}

/// Turns every error into a JSON error under `/api/`, an HTML error page elsewhere; a page that
/// needs a signed-in user redirects to the sign-in form instead.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let webError = WebError.from(error)
            if webError.status == .internalServerError { context.logger.error("\(request.method) \(request.uri): \(error)") }
            if request.uri.path.hasPrefix("/api/") {
                return try Responses.json(ErrorBody(error: .init(code: webError.code, message: webError.message)), status: webError.status)
            }
            if webError == .unauthenticated {
                return .redirect(to: "/login?next=" + URLQuery.encode(request.uri.description), type: .normal)
            }
            return Responses.html(Layout.errorPage(webError, viewer: context.session.map { Viewer(account: $0.account) }), status: webError.status)
        }
    }

    struct ErrorBody: Encodable {
        struct Detail: Encodable { var code: String; var message: String }
        var error: Detail
    }
}

