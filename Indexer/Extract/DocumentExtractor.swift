import Foundation

/// The text of one document, as extracted, before normalization.
public struct ExtractedText: Sendable {
    public var text: String
    /// A title found in the file's own metadata (html `<title>`), if any.
    public var embeddedTitle: String?
    public var encoding: String?
    /// How the text was obtained: `text`, `html`, `docx`, `ofd`, `pdftotext`, `ocr`.
    public var method: String
    public var pageCount: Int?
    /// The text was longer than `IngestLimits.maxTextBytes` and is cut there.
    public var truncated = false
    /// The pages a scan's text was recognized from, in order (`text` is their texts joined by
    /// line breaks); empty for text extracted otherwise.
    public var recognizedPages: [RecognizedPage] = []
}

/// What a document's text is extracted from.
enum ExtractionInput {
    /// The whole file, in memory.
    case bytes(Data)
    /// A large original already streamed into the store, read by the tools from its file.
    case file(path: String, size: Int64)
}

/// Extracts text from every document format the archive accepts, each with a well-kept library:
/// iconv for legacy encodings, libarchive + libxml2 for docx and OFD, poppler's pdftotext for
/// PDF, tesseract (chi_sim) for scans when OCR is enabled.
struct DocumentExtractor {
    /// Reads scans; nil when OCR is turned off (`--no-ocr`).
    var ocr: OCRService?
    var limits: IngestLimits

    func extract(_ input: ExtractionInput, format: FileFormat) throws -> ExtractedText {
        var extracted = try extractWhole(input, format: format)
        if extracted.text.utf8.count > limits.maxTextBytes {
            extracted.text = Self.prefix(of: extracted.text, utf8Count: Int(limits.maxTextBytes))
            extracted.truncated = true
        }
        return extracted
    }

    private func extractWhole(_ input: ExtractionInput, format: FileFormat) throws -> ExtractedText {
        switch format {
        case .text, .json, .csv, .xml:
            let (data, cut) = try textBytes(input)
            let decoded = try TextDecoding.decode(data)
            let text = format == .xml ? HTMLText.extract(decoded.text).text : decoded.text
            return ExtractedText(text: text, encoding: decoded.encoding, method: "text", truncated: cut)
        case .html:
            let (data, cut) = try textBytes(input)
            let decoded = try TextDecoding.decode(data)
            let page = HTMLText.extract(decoded.text)
            return ExtractedText(text: page.text, embeddedTitle: page.title, encoding: decoded.encoding, method: "html", truncated: cut)
        case .docx:
            return ExtractedText(text: try docxText(input), method: "docx")
        case .ofd:
            let (text, pages) = try ofdText(input)
            return ExtractedText(text: text, method: "ofd", pageCount: pages)
        case .pdf:
            return try withPath(input, extension: "pdf", pdfText)
        case .image:
            guard let ocr else {
                throw IngestFailure(.ocrRequired, "图片/扫描件需要文字识别,本次以 --no-ocr 导入;去掉 --no-ocr 重新导入")
            }
            return try withPath(input, extension: "img") { path in Self.recognized(try ocr.recognize([path])) }
        case .bundle, .video, .audio, .unknown:
            throw IngestFailure(.unsupported, "不支持的文件格式")
        }
    }

    /// The bytes of a text file to decode: all of them, or, past `maxTextBytes`, that much cut
    /// back to the end of a line (true when cut).
    private func textBytes(_ input: ExtractionInput) throws -> (Data, Bool) {
        let limit = Int(limits.maxTextBytes)
        let data: Data
        switch input {
        case .bytes(let bytes):
            guard bytes.count > limit else { return (bytes, false) }
            data = bytes.prefix(limit)
        case .file(let path, let size):
            guard let handle = FileHandle(forReadingAtPath: path) else { throw IngestFailure(.unreadable, "无法读取已存原件") }
            defer { try? handle.close() }
            data = try handle.read(upToCount: limit) ?? Data()
            guard size > limit else { return (data, false) }
        }
        // UTF-16 (a BOM) keeps whole code units; other encodings end at the last line feed.
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) { return (data.prefix(data.count & ~1), true) }
        let lineEnd = data.lastIndex(of: 0x0A).map { $0 + 1 } ?? data.endIndex
        return (data[data.startIndex..<lineEnd], true)
    }

    /// `text` cut to at most `utf8Count` bytes of UTF-8, at a character boundary.
    static func prefix(of text: String, utf8Count: Int) -> String {
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: utf8Count)
        while String.Index(end, within: text) == nil { end = text.utf8.index(before: end) }
        return String(text[..<end])
    }

    /// Calls `body` with a path to the input: its file, or a temporary file holding its bytes.
    private func withPath(_ input: ExtractionInput, extension ext: String, _ body: (String) throws -> ExtractedText) throws -> ExtractedText {
        switch input {
        case .file(let path, _): return try body(path)
        case .bytes(let data):
            let file = try TemporaryFile(data, extension: ext)
            return try body(file.url.path)
        }
    }

    private func zipSource<Result>(_ input: ExtractionInput, _ body: (BundleReader.Source) throws -> Result) throws -> Result {
        switch input {
        case .bytes(let data): return try body(.memory(data))
        case .file(let path, let size):
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw IngestFailure(.unreadable, "无法读取已存原件") }
            defer { close(descriptor) }
            return try body(.descriptor(descriptor, size: size))
        }
    }

    private func docxText(_ input: ExtractionInput) throws -> String {
        let parts = try zipSource(input) { try BundleReader.parts(of: $0, limits: limits) { $0 == "word/document.xml" } }
        guard let document = parts["word/document.xml"] else {
            throw IngestFailure(.corrupt, "docx 缺少 word/document.xml")
        }
        let text = try XMLTextCollector.collect(document, text: ["w:t"], lines: ["w:p"], tabs: ["w:tab"])
        return HTMLText.tidyLines(text)
    }

    /// OFD (GB/T 33190): the text codes of each page's content, pages in order.
    private func ofdText(_ input: ExtractionInput) throws -> (String, Int) {
        let parts = try zipSource(input) { source in
            try BundleReader.parts(of: source, limits: limits) { path in path.hasSuffix("OFD.xml") || path.hasSuffix("/Content.xml") }
        }
        let pages = parts.keys.filter { $0.hasSuffix("/Content.xml") && $0.contains("Page") }
            .sorted { Self.pageNumber($0) < Self.pageNumber($1) }
        guard !pages.isEmpty else { throw IngestFailure(.corrupt, "OFD 中没有页面内容(Pages/Page_N/Content.xml)") }
        var text = ""
        for page in pages {
            text += try XMLTextCollector.collect(
                parts[page]!, text: ["ofd:TextCode", "TextCode"],
                lines: ["ofd:TextObject", "TextObject"])
            text += "\n"
        }
        return (HTMLText.tidyLines(text), pages.count)
    }

    private static func pageNumber(_ path: String) -> (String, Int) {
        let components = path.split(separator: "/")
        let page = components.last { $0.hasPrefix("Page") } ?? ""
        let digits = page.filter(\.isNumber)
        return (components.first.map(String.init) ?? "", Int(digits) ?? 0)
    }

    private func pdfText(_ path: String) throws -> ExtractedText {
        // A little more than the text limit: the cut is made by `extract`, at a character.
        let output = try ProcessRunner.run("pdftotext", ["-q", "-enc", "UTF-8", path, "-"], outputLimit: Int(limits.maxTextBytes) + 4)
        if output.status != 0 && !output.stdoutCut {
            let encrypted = output.status == 1 && (output.stderr.contains("assword") || pdfIsEncrypted(path))
            if encrypted { throw IngestFailure(.encrypted, "PDF 已加密,无法读取") }
            throw IngestFailure(.corrupt, "PDF 已损坏或被截断,无法提取文字(pdftotext 退出码 \(output.status))")
        }
        let pages = String(decoding: output.stdout, as: UTF8.self).split(separator: "\u{0C}", omittingEmptySubsequences: false)
        let text = HTMLText.tidyLines(pages.joined(separator: "\n").replacingOccurrences(of: "\u{0C}", with: "\n"))
        let pageCount = max(pages.count - 1, 1)
        if text.unicodeScalars.filter({ !$0.properties.isWhitespace }).count >= 10 {
            return ExtractedText(text: text, method: "pdftotext", pageCount: pageCount, truncated: output.stdoutCut)
        }
        guard let ocr else {
            throw IngestFailure(.ocrRequired, "PDF 无文字层(扫描件),本次以 --no-ocr 导入;去掉 --no-ocr 重新导入")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-ocr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // PP-OCR reads colour pages at 200 dpi (it suppresses red seals itself); tesseract grey at 300.
        let renderOptions = ocr.engine.0 == .ppOCR ? ["-r", "200", "-png"] : ["-r", "300", "-gray", "-png"]
        let rendered = try ProcessRunner.run("pdftoppm", renderOptions + [path, directory.appendingPathComponent("page").path], timeout: 600)
        guard rendered.status == 0 else { throw IngestFailure(.corrupt, "PDF 页面无法渲染:\(rendered.stderr)") }
        let images = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".png") }.sorted()
        return Self.recognized(try ocr.recognize(images.map { directory.appendingPathComponent($0).path }))
    }

    /// The text of recognized pages, one after the other.
    static func recognized(_ pages: [RecognizedPage]) -> ExtractedText {
        var extracted = ExtractedText(text: pages.map(\.text).joined(separator: "\n"), method: "ocr", pageCount: pages.count)
        extracted.recognizedPages = pages
        return extracted
    }

    private func pdfIsEncrypted(_ path: String) -> Bool {
        guard let info = try? ProcessRunner.run("pdfinfo", [path]) else { return false }
        return info.stderr.contains("assword") || String(decoding: info.stdout, as: UTF8.self).contains("Encrypted:      yes")
    }

}
