import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Text of HTML pages: scripts and styles dropped, block elements as line breaks, entities decoded.
enum HTMLText {
    static func extract(_ html: String) -> (title: String?, text: String) {
        var text = html
        for tag in ["script", "style", "head"] where tag != "head" {
            text = text.replacingOccurrences(
                of: "<\(tag)[^>]*>[\\s\\S]*?</\(tag)>", with: " ",
                options: [.regularExpression, .caseInsensitive])
        }
        let title = firstMatch(in: text, pattern: "<title[^>]*>([\\s\\S]*?)</title>").map(decodeEntities)
        text = text.replacingOccurrences(of: "<title[^>]*>[\\s\\S]*?</title>", with: "", options: [.regularExpression, .caseInsensitive])
        text = text.replacingOccurrences(
            of: "<(br|/p|/div|/h[1-6]|/li|/tr|/table|p|div|h[1-6])(\\s[^>]*)?/?>", with: "\n",
            options: [.regularExpression, .caseInsensitive])
        text = text.replacingOccurrences(of: "</t[dh]>", with: "\t", options: [.regularExpression, .caseInsensitive])
        text = text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        return (title?.trimmingCharacters(in: .whitespacesAndNewlines), tidyLines(decodeEntities(text)))
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") {
                let name = text[text.index(after: index)..<semicolon]
                if let decoded = entity(String(name)) {
                    result.append(decoded)
                    index = text.index(after: semicolon)
                    continue
                }
            }
            result.append(text[index])
            index = text.index(after: index)
        }
        return result
    }

    private static func entity(_ name: String) -> Character? {
        switch name {
        case "nbsp": return " "
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        case "ldquo": return "“"
        case "rdquo": return "”"
        case "mdash": return "—"
        case "middot": return "·"
        default:
            let code: UInt32?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                code = UInt32(name.dropFirst(2), radix: 16)
            } else if name.hasPrefix("#") {
                code = UInt32(name.dropFirst())
            } else {
                code = nil
            }
            return code.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }

    private static func firstMatch(in text: String, pattern: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }

    /// Trims each line and collapses runs of blank lines.
    static func tidyLines(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(Substring(trimmed))
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

/// Collects character data of chosen XML elements, with line breaks at chosen element ends.
/// Used for docx (`w:t`, paragraphs `w:p`) and OFD (`ofd:TextCode`, `ofd:TextObject`).
/// A docx table's row is one line, its cells separated by tabs (`当事人⇥某某有限公司`), as an
/// HTML table's are: a form's label and value stay together.
final class XMLTextCollector: NSObject, XMLParserDelegate {
    private let textElements: Set<String>
    private let lineElements: Set<String>
    private let tabElements: Set<String>
    private var depthInText = 0
    private var depthInCell = 0
    private(set) var text = ""
    private(set) var failure: String?

    init(text: Set<String>, lines: Set<String>, tabs: Set<String> = []) {
        textElements = text
        lineElements = lines
        tabElements = tabs
    }

    static func collect(_ data: Data, text: Set<String>, lines: Set<String>, tabs: Set<String> = []) throws -> String {
        let collector = XMLTextCollector(text: text, lines: lines, tabs: tabs)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else {
            throw IngestFailure(.corrupt, "XML 无法解析:\(parser.parserError?.localizedDescription ?? "格式错误")")
        }
        return collector.text
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if textElements.contains(name) { depthInText += 1 }
        if tabElements.contains(name) { text.append("\t") }
        if name == "w:br" { text.append(depthInCell > 0 ? " " : "\n") }
        if name == "w:tc" { depthInCell += 1 }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if textElements.contains(name) { depthInText -= 1 }
        switch name {
        case "w:tc":
            depthInCell -= 1
            if text.last == " " { text.removeLast() }
            text.append("\t")
        case "w:tr": text.append("\n")
        default: if lineElements.contains(name) { text.append(depthInCell > 0 ? " " : "\n") }
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if depthInText > 0 { text.append(string) }
    }
}
