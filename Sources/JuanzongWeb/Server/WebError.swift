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
    /// Seconds after which to try again (429 and 503), sent as `Retry-After`.
    public var retryAfter: Int?
    /// The id a 500 shows the user and the server log records with the error.
    public var reference: String?

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, retryAfter: Int? = nil, reference: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
        self.reference = reference
    }

    static let unauthenticated = WebError(.unauthorized, code: "unauthenticated", "请先登录")
    static let forbidden = WebError(.forbidden, code: "forbidden", "您的角色无权进行此操作")
    static let csrf = WebError(.forbidden, code: "csrf_failed", "表单已过期或来源不明(CSRF 校验失败),请刷新页面后重试")
    static let controlCharacter = WebError(.badRequest, code: "control_character", "请求中含有控制字符(如 NUL),请删除后重试")
    /// Originals of documents cannot be masked, so roles that see identity numbers masked may not download them.
    static func originalWithheld(_ role: Role) -> WebError {
        WebError(
            .forbidden, code: "original_withheld",
            "\(role.chineseName)角色看到的身份证号是隐去的,而原件无法隐去,因此不能下载原件。请查看文书页上的文本,或请法制审核人员、管理员下载。")
    }
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
        default: return serverFault(reference: referenceID())
        }
    }

    /// A 500 as the user sees it: no internals, only a reference to find the details in the server log.
    static func serverFault(reference: String) -> WebError {
        WebError(
            .internalServerError, code: "internal_error", "服务器出错了,请稍后重试。如果再次出现,请把参考编号 \(reference) 告知管理员。",
            reference: reference)
    }

    /// A short random id that ties an error page to its line in the server log.
    static func referenceID() -> String {
        String((0..<8).map { _ in "0123456789abcdef".randomElement()! })
    }
}

/// Turns every error into a JSON error under `/api/`, an HTML error page elsewhere; a page that
/// needs a signed-in user redirects to the sign-in form instead.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = WebContext
    /// Where refusals (403) of signed-in users are audited, so supervision staff can see probing.
    weak var services: ArchiveServices?

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let session = (error as? ErrorInSession)?.session ?? context.session
            let error = (error as? ErrorInSession)?.error ?? error
            let webError = WebError.from(error)
            if webError.status == .internalServerError {
                context.logger.error("参考编号 \(webError.reference ?? "—"):\(request.method) \(request.uri.path):\(String(reflecting: error))")
            }
            let viewer = session.map { Viewer(account: $0.account) }
            if webError.status == .forbidden, let viewer, let services {
                services.audit.record(
                    .init(
                        actor: viewer.actor, action: "access_denied", target: "path:" + request.uri.path,
                        detail: AuditDetail.json(["code": webError.code, "method": request.method.rawValue])))
            }
            var response: Response
            if request.uri.path.hasPrefix("/api/") {
                response = try Responses.json(ErrorBody(error: .init(code: webError.code, message: webError.message)), status: webError.status)
            } else if webError == .unauthenticated {
                return .redirect(to: "/login?next=" + URLQuery.encode(request.uri.description), type: .normal)
            } else {
                response = Responses.html(Layout.errorPage(webError, viewer: viewer, csrf: session?.csrfToken), status: webError.status)
            }
            if let retryAfter = webError.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
            return response
        }
    }

    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }
}
