import Foundation
import Hummingbird
import MultipartKit

/// Form bodies: `application/x-www-form-urlencoded` fields and `multipart/form-data` parts
/// (parsed by MultipartKit), and percent-encoding for the links pages build.
enum Forms {
    /// One part of a multipart body.
    struct Part {
        var name: String
        var fileName: String?
        var data: Data
    }

    /// The fields of a URL-encoded body (a repeated name keeps its last value).
    static func fields(_ body: ByteBuffer) -> [String: String] {
        URLQuery.parse(String(buffer: body))
    }

    /// The parts of a multipart body, or nil when `contentType` is not multipart or the body is malformed.
    static func parts(_ body: ByteBuffer, contentType: String?) -> [Part]? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = parameter("boundary", of: contentType)
        else { return nil }
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var disposition = ""
        var data = Data()
        parser.onHeader = { name, value in
            if name.lowercased() == "content-disposition" { disposition = value }
        }
        parser.onBody = { buffer in data.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            parts.append(Part(name: parameter("name", of: disposition) ?? "", fileName: parameter("filename", of: disposition), data: data))
            disposition = ""
            data = Data()
        }
        do { try parser.execute(body) } catch { return nil }
        return parts
    }

    /// The `csrf_token` field of a URL-encoded or multipart form body.
    static func csrfToken(in body: ByteBuffer, contentType: String?) -> String? {
        if let parts = parts(body, contentType: contentType) {
            return parts.first { $0.name == "csrf_token" }.map { String(decoding: $0.data, as: UTF8.self) }
        }
        return fields(body)["csrf_token"]
    }

    /// `key=value` (or `key="value"`) from a header value such as Content-Type or Content-Disposition.
    static func parameter(_ key: String, of header: String) -> String? {
        for piece in header.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix(key + "=") else { continue }
            var value = String(trimmed.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}

/// Query strings: parsing (`+` as space) and building links whose parameters combine.
enum URLQuery {
    static func parse(_ query: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.replacingOccurrences(of: "+", with: " ") }
            guard let name = parts.first?.removingPercentEncoding else { continue }
            fields[name] = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
        }
        return fields
    }

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// `path?name=value&…` with empty values left out, in the order given.
    static func link(_ path: String, _ parameters: [(String, String?)]) -> String {
        let query = parameters.compactMap { name, value in
            value.flatMap { $0.isEmpty ? nil : "\(name)=\(encode($0))" }
        }.joined(separator: "&")
        return query.isEmpty ? path : path + "?" + query
    }
}

extension Request {
    /// A query-string parameter, percent-decoded (`+` as a space, as browsers send forms), nil when absent or empty.
    func query(_ name: String) -> String? {
        guard let value = URLQuery.parse(uri.query ?? "")[name], !value.isEmpty else { return nil }
        return value
    }
}
