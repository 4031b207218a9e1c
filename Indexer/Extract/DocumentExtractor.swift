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
}

/// Extracts text from every document format the archive accepts, each with a well-kept library:
/// iconv for legacy encodings, libarchive + libxml2 for docx and OFD, poppler's pdftotext for
/// PDF, tesseract (chi_sim) for scans when OCR is enabled.
struct DocumentExtractor {
    var ocrEnabled: Bool
    var limits: IngestLimits

    func extract(_ data: Data, format: FileFormat) throws -> ExtractedText {
        switch format {
        case .text, .json, .csv, .xml:
            let decoded = try TextDecoding.decode(data)
            let text = format == .xml ? HTMLText.extract(decoded.text).text : decoded.text
            return ExtractedText(text: text, encoding: decoded.encoding, method: "text")
        case .html:
            let decoded = try TextDecoding.decode(data)
            let page = HTMLText.extract(decoded.text)
            return ExtractedText(text: page.text, embeddedTitle: page.title, encoding: decoded.encoding, method: "html")
        case .docx:
            return ExtractedText(text: try docxText(data), method: "docx")
        case .ofd:
            let (text, pages) = try ofdText(data)
            return ExtractedText(text: text, method: "ofd", pageCount: pages)
        case .pdf:
            return try pdfText(data)
        case .image:
            guard ocrEnabled else {
                throw IngestFailure(.ocrRequired, "图片/扫描件需要文字识别,请加 --ocr 重新导入")
            }
            let file = try TemporaryFile(data, extension: "img")
            return ExtractedText(text: try ocr(imageAt: file.url.path), method: "ocr", pageCount: 1)
        case .bundle, .video, .audio, .unknown:
            throw IngestFailure(.unsupported, "不支持的文件格式")
        }
    }

    private func docxText(_ data: Data) throws -> String {
        let parts = try BundleReader.parts(of: data, limits: limits) { $0 == "word/document.xml" }
        guard let document = parts["word/document.xml"] else {
            throw IngestFailure(.corrupt, "docx 缺少 word/document.xml")
        }
        let text = try XMLTextCollector.collect(document, text: ["w:t"], lines: ["w:p"], tabs: ["w:tab"])
        return HTMLText.tidyLines(text)
    }

    /// OFD (GB/T 33190): the text codes of each page's content, pages in order.
    private func ofdText(_ data: Data) throws -> (String, Int) {
        let parts = try BundleReader.parts(of: data, limits: limits) { path in
            path.hasSuffix("OFD.xml") || path.hasSuffix("/Content.xml")
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

    private func pdfText(_ data: Data) throws -> ExtractedText {
        let file = try TemporaryFile(data, extension: "pdf")
        let output = try ProcessRunner.run("pdftotext", ["-q", "-enc", "UTF-8", file.url.path, "-"])
        if output.status != 0 {
            let encrypted = output.status == 1 && (output.stderr.contains("assword") || pdfIsEncrypted(file.url.path))
            if encrypted { throw IngestFailure(.encrypted, "PDF 已加密,无法读取") }
            throw IngestFailure(.corrupt, "PDF 已损坏或被截断,无法提取文字(pdftotext 退出码 \(output.status))")
        }
        let pages = String(decoding: output.stdout, as: UTF8.self).split(separator: "\u{0C}", omittingEmptySubsequences: false)
        let text = HTMLText.tidyLines(pages.joined(separator: "\n").replacingOccurrences(of: "\u{0C}", with: "\n"))
        let pageCount = max(pages.count - 1, 1)
        if text.unicodeScalars.filter({ !$0.properties.isWhitespace }).count >= 10 {
            return ExtractedText(text: text, method: "pdftotext", pageCount: pageCount)
        }
        guard ocrEnabled else {
            throw IngestFailure(.ocrRequired, "PDF 无文字层(扫描件),请加 --ocr 重新导入")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-ocr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rendered = try ProcessRunner.run(
            "pdftoppm", ["-r", "300", "-gray", "-png", file.url.path, directory.appendingPathComponent("page").path], timeout: 600)
        guard rendered.status == 0 else { throw IngestFailure(.corrupt, "PDF 页面无法渲染:\(rendered.stderr)") }
        let images = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".png") }.sorted()
        let texts = try images.map { try ocr(imageAt: directory.appendingPathComponent($0).path) }
        return ExtractedText(text: texts.joined(separator: "\n"), method: "ocr", pageCount: images.count)
    }

    private func pdfIsEncrypted(_ path: String) -> Bool {
        guard let info = try? ProcessRunner.run("pdfinfo", [path]) else { return false }
        return info.stderr.contains("assword") || String(decoding: info.stdout, as: UTF8.self).contains("Encrypted:      yes")
    }

    private func ocr(imageAt path: String) throws -> String {
        let output = try ProcessRunner.run("tesseract", [path, "stdout", "-l", "chi_sim", "--psm", "6"], timeout: 600)
        guard output.status == 0 else {
            throw IngestFailure(.corrupt, "文字识别失败:\(output.stderr.split(separator: "\n").last ?? "")")
        }
        // tesseract separates CJK characters with spaces; join them back.
        let text = String(decoding: output.stdout, as: UTF8.self)
        return HTMLText.tidyLines(Self.joinCJKSpacing(text))
    }

    static func joinCJKSpacing(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == " ", index > 0, index + 1 < scalars.count,
                scalars[index - 1].value >= 0x2E80, scalars[index + 1].value >= 0x2E80
            {
                continue
            }
            result.append(scalar)
        }
        return String(result)
    }
}
