import CMagic
import Foundation

/// The format of an input file, detected from its content with libmagic (the extension only
/// breaks ties libmagic cannot, such as csv versus txt).
public enum FileFormat: String, Sendable, Codable {
    case text = "txt"
    case html, docx, pdf, ofd, image, video, audio
    case json, xml, csv
    case bundle
    case unknown

    var isMedia: Bool { self == .video || self == .audio }

    /// The format a file's extension promises, for the extensions whose content is unambiguous
    /// (a `.txt` may hold any text, so text, csv, json and xml names promise nothing).
    static func promised(byExtension ext: String) -> FileFormat? {
        switch ext.lowercased() {
        case "pdf": return .pdf
        case "docx": return .docx
        case "ofd": return .ofd
        case "zip", "7z", "rar", "tar", "tgz", "gz": return .bundle
        case "jpg", "jpeg", "png", "tif", "tiff", "bmp", "gif": return .image
        case "mp4", "mov", "avi", "mkv": return .video
        case "wav", "mp3", "m4a", "amr": return .audio
        default: return nil
        }
    }

    /// How staff call the format, in a problem row.
    var chineseName: String {
        switch self {
        case .text: return "纯文本"
        case .html: return "HTML 网页"
        case .docx: return "Word 文档"
        case .pdf: return "PDF"
        case .ofd: return "OFD"
        case .image: return "图片"
        case .video: return "视频"
        case .audio: return "音频"
        case .json: return "JSON"
        case .xml: return "XML"
        case .csv: return "CSV 表格"
        case .bundle: return "压缩包"
        case .unknown: return "无法识别的格式"
        }
    }
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

    /// The MIME type of the formats met every day, from their leading bytes, before asking libmagic:
    /// its full rule set costs about a millisecond per file, which on a million documents is longer
    /// than the whole index build. Anything not recognized here goes to libmagic.
    static func knownSignature(_ head: Data) -> String? {
        head.withUnsafeBytes { raw in knownSignature(raw.bindMemory(to: UInt8.self)) }
    }

    private static func knownSignature(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        func starts(_ prefix: some Collection<UInt8>, at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && bytes[offset..<(offset + prefix.count)].elementsEqual(prefix)
        }
        if starts("%PDF-".utf8) { return "application/pdf" }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "application/zip" }
        if starts([0x1F, 0x8B]) { return "application/gzip" }
        if starts([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return "application/x-7z-compressed" }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts("ftyp".utf8, at: 4) { return "video/mp4" }
        if starts("RIFF".utf8), starts("WAVE".utf8, at: 8) { return "audio/x-wav" }
        // Plain text in UTF-8 (what most case files are): no NUL, valid UTF-8 in the head.
        guard let base = bytes.baseAddress, let lead = bytes.first, lead != 0xFF, lead != 0xFE,
            memchr(base, 0, bytes.count) == nil
        else { return nil }
        var end = min(bytes.count, 1024)
        // A multi-byte character may be cut at the end of the head.
        while end > 0, bytes[end - 1] & 0xC0 == 0x80 || bytes[end - 1] >= 0xC0 {
            end -= 1
            if bytes[end] >= 0xC0 { break }
        }
        guard String(validating: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self) != nil else { return nil }
        // The markup that tells HTML, XML and JSON apart, after white space and a byte-order mark.
        let window = bytes[..<min(end, 64)]
        var start = window.startIndex
        while start < window.endIndex {
            if [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C].contains(window[start]) {
                start += 1
                continue
            }
            if window[start...].starts(with: [0xEF, 0xBB, 0xBF]) || window[start...].starts(with: [0xE3, 0x80, 0x80]) {
                start += 3
                continue
            }
            break
        }
        let rest = window[start...].lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        if rest.starts(with: "<!doctype html".utf8) || rest.starts(with: "<html".utf8) { return "text/html" }
        if rest.starts(with: "<?xml".utf8) {
            let lowered = Array(rest)
            let isHTML = lowered.indices.contains { lowered[$0...].starts(with: "<html".utf8) }
            return isHTML ? "text/html" : "text/xml"
        }
        if rest.first == UInt8(ascii: "{") || rest.first == UInt8(ascii: "[") { return "application/json" }
        return "text/plain"
    }

    /// Detects the format from the first bytes, the name and (for zips) the member names.
    func format(head: Data, name: String, zipMemberNames: () -> [String]) -> FileFormat {
        let mime = Self.knownSignature(head) ?? mimeType(of: head)
        let ext = PathName.fileExtension(of: name).lowercased()
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
