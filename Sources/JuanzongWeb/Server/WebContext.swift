import Foundation
import Hummingbird
import JuanzongAccess
import NIOCore

/// The request context of the web server: the signed-in session, if any, and the client's address.
public struct WebContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `SessionMiddleware` when the request carries a live session.
    public var session: Session?
    /// True when the session came as `Authorization: Bearer` (no cookie, so no CSRF check needed).
    public var viaBearer = false
    /// The session token, for signing out.
    var sessionToken: String?

    /// The peer of the connection (sign-in attempts are throttled per address).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text, nil when unknown.
    var clientAddress: String? { remoteAddress?.ipAddress }

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
