import Foundation
import HTTPTypes
import Hummingbird
import JuanzongAccess
import JuanzongStore

/// Resolves the session of a request — the `juanzong_session` cookie, or `Authorization: Bearer`
/// for scripts — and, for cookie sessions, refuses any state-changing request whose CSRF token
/// (form field `csrf_token` or header `X-CSRF-Token`) does not match the session's.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebContext
    static let cookieName = "juanzong_session"
    let services: ArchiveServices

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        if let token = bearer ?? request.cookies[Self.cookieName]?.value, !token.isEmpty {
            context.session = try await services.read { try SessionStore(database: $0.database).session(token: token) }
            context.sessionToken = token
            context.viaBearer = bearer != nil
        }
        // Signing in replaces the session and carries no token yet (the SameSite=Strict cookie
        // keeps other sites from posting it); everything else that changes state needs the token.
        let signingIn = request.uri.path == "/login" || request.uri.path == "/api/v1/session"
        do {
            if let session = context.session, !context.viaBearer, !signingIn, ![.get, .head, .options].contains(request.method) {
                if let header = request.headers[HTTPField.Name("X-CSRF-Token")!] {
                    guard header == session.csrfToken else { throw WebError.csrf }
                } else {
                    // A form post: the token is a field of the URL-encoded or multipart body.
                    let body = try await request.collectBody(upTo: context.maxUploadSize)
                    guard Forms.csrfToken(in: body, contentType: request.headers[.contentType]) == session.csrfToken else { throw WebError.csrf }
                }
            }
            return try await next(request, context)
        } catch {
            // The error middleware runs outside this one and would not know who is signed in.
            throw ErrorInSession(error: error, session: context.session)
        }
    }

    /// The session cookie: HttpOnly, SameSite=Strict, Secure unless serving plain HTTP on loopback.
    static func cookie(token: String, secure: Bool, maxAge: Int = Int(SessionStore.lifetime)) -> Cookie {
        Cookie(name: cookieName, value: token, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }
}

/// An error thrown once the session was known, carrying it so that the error page keeps the
/// signed-in user's navigation and sign-out button.
struct ErrorInSession: Error {
    let error: any Error
    let session: Session?
}
