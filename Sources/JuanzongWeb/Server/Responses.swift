import Foundation
import HTTPTypes
import Hummingbird
import JuanzongCore

/// Building responses: HTML pages, JSON with snake_case keys, downloads.
enum Responses {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: securityHeaders(contentType: "text/html; charset=utf-8"),
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: securityHeaders(contentType: "application/json; charset=utf-8"),
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// A file to save: `Content-Disposition: attachment` with the name in UTF-8 (RFC 6266/5987).
    static func download(_ data: Data, fileName: String, contentType: String) -> Response {
        var headers = securityHeaders(contentType: contentType)
        headers[.contentDisposition] = disposition(fileName)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func disposition(_ fileName: String, inline: Bool = false) -> String {
        let ascii = String(fileName.map { $0.isASCII && $0 != "\"" && $0 != "\\" && !String($0).containsAnyControlCharacter ? $0 : "_" })
        return "\(inline ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(URLQuery.encode(fileName))"
    }

    /// 303 to `location` after a form post.
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// No caching of archive content; no framing; no sniffing; scripts only from this server.
    static func securityHeaders(contentType: String) -> HTTPFields {
        [
            .contentType: contentType,
            .cacheControl: "no-store",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            .contentSecurityPolicy:
                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self'; form-action 'self'; frame-ancestors 'none'",
            HTTPField.Name("Referrer-Policy")!: "same-origin",
        ]
    }
}
