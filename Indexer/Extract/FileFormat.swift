import CMagic
import Foundation

/// The format of an input file, detected from its content with libmagic (the extension only
/// breaks ties libmagic cannot, such as csv versus txt).
public enum FileFormat: String, Sendable, Codable {
    case text = "txt", html, docx, pdf, ofd, image, video, audio
    case json, xml, csv
    case bundle
    case unknown

    var isMedia: Bool { self == .video || self == .audio }
}

/// One libmagic handle; use one per thread.
final class FileTypeDetector {
    private let cookie: OpaquePointer?

    init() {
        cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS)
        if let cookie, magic_load(cookie, nil) != 0 {
            magic_close(cookie)
        }
    }

    deinit { if let cookie { magic_close(cookie) } }

    /// The MIME type libmagic gives for the first bytes of a file.
    func mimeType(of head: Data) -> String {
        guard let cookie else { return "application/octet-stream" }
        // The signatures libmagic needs sit in the first bytes; a short buffer keeps its text tests cheap.
        return head.prefix(2048).withUnsafeBytes { buffer in
            guard let result = magic_buffer(cookie, buffer.baseAddress, buffer.count) else { return "application/octet-stream" }
            return String(cString: result)
        }
    }

    /// Detects the format from the first bytes, the name and (for zips) the member names.
    func format(head: Data, name: String, zipMemberNames: () -> [String]) -> FileFormat {
        let mime = mimeType(of: head)
        let ext = (name as NSString).pathExtension.lowercased()
        switch mime {
        case "application/pdf": return .pdf
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document": return .docx
        case _ where head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || mime == "application/zip":
            let members = zipMemberNames()
            if members.contains("word/document.xml") { return .docx }
            if members.contains(where: { $0 == "OFD.xml" || $0.hasSuffix("/OFD.xml") }) { return .ofd }
            return .bundle
        case "application/x-tar", "application/gzip", "application/x-gzip", "application/x-7z-compressed",
             "application/x-bzip2", "application/x-xz", "application/x-rar", "application/zstd":
            return .bundle
        case "text/html": return .html
        case "text/xml", "application/xml": return ext == "html" || ext == "htm" ? .html : .xml
        case "application/json": return .json
        case "text/csv": return .csv
        case _ where mime.hasPrefix("image/"): return .image
        case _ where mime.hasPrefix("video/"): return .video
        case _ where mime.hasPrefix("audio/"): return .audio
        case _ where mime.hasPrefix("text/"):
            switch ext {
            case "html", "htm": return .html
            case "json": return .json
            case "xml": return .xml
            case "csv": return .csv
            default: return .text
            }
        case "application/x-empty": return ["mp4", "mov", "avi", "wav", "mp3"].contains(ext) ? .video : .text
        default:
            // libmagic labels GB18030 text "application/octet-stream" at times; let the decoder judge.
            switch ext {
            case "txt", "text": return .text
            case "htm", "html": return .html
            case "mp4", "mov", "avi", "mkv": return .video
            case "wav", "mp3", "m4a", "amr": return .audio
            default: return .unknown
            }
        }
    }
}
