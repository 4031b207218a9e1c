import Foundation
import Hummingbird
import JuanzongAccess

/// The request context of the web server: the signed-in session, if any.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `SessionMiddleware` when the request carries a live session.
    public var session: Session?
    /// True when the session came as `Authorization: Bearer` (no cookie, so no CSRF check needed).
    public var viaBearer = false
    /// The session token, for signing out.
    var sessionToken: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// JSON bodies use snake_case keys, like every JSON this API returns.
    public var requestDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// Score worksheets and JSON bodies are small; 16 MiB is ample.
    public var maxUploadSize: Int { 16 << 20 }

    /// The signed-in user, or a 401 error.
    func viewer() throws -> Viewer {
        guard let session else { throw WebError.unauthenticated }
        return Viewer(account: session.account)
    }
}
