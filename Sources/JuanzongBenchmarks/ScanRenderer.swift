import Foundation
import JuanzongCore
import JuanzongIndexer

/// Prints pages of text as an office scan (`Resources/render_scans.py`, run with the OCR
/// environment's Python, which has Pillow, NumPy and OpenCV): A4 at 200 dpi in a Song typeface,
/// skewed, blurred, speckled and JPEG-compressed; on request with a red seal, as a table, in two
/// columns or turned. For the OCR benchmark and tests.
public struct ScanRenderer {
    /// One page to print.
    public struct Page: Encodable, Sendable {
        public enum Kind: String, Encodable, Sendable {
            case plain, table, columns
        }

        public var name: String
        public var kind: Kind
        public var paragraphs: [String]
        /// Label and value of each row of a table page.
        public var rows: [[String]] = []
        /// The agency named on a red seal printed over the text.
        public var seal: String?
        /// Degrees the page is turned by (0, 90, 180, 270).
        public var rotate = 0
        public var seed: Int

        public init(name: String, kind: Kind = .plain, paragraphs: [String], seed: Int) {
            self.name = name
            self.kind = kind
            self.paragraphs = paragraphs
            self.seed = seed
        }
    }

    /// The Song (Ming) typeface of Debian's fonts-arphic-uming.
    public static let songTypeface = "/usr/share/fonts/truetype/arphic/uming.ttc"

    public let python: String

    public init(python: String = OCRService.pythonPath) { self.python = python }

    /// Prints `pages` into `folder` (`NAME.jpg` and the text printed, `NAME.txt`) and, given
    /// `pdf` or `tiff`, all of them as one image-only PDF or multi-page TIFF.
    public func render(_ pages: [Page], into folder: URL, pdf: URL? = nil, tiff: URL? = nil) throws {
        guard let script = Bundle.module.path(forResource: "render_scans", ofType: "py") else {
            throw BenchmarkError("缺少 render_scans.py")
        }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw BenchmarkError("未安装 OCR 环境(\(python)),请运行 scripts/setup.sh")
        }
        struct Request: Encodable {
            let font: String
            let out: String
            let pdf: String?
            let tiff: String?
            let pages: [Page]
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let request = try JSONEncoder().encode(Request(font: Self.songTypeface, out: folder.path, pdf: pdf?.path, tiff: tiff?.path, pages: pages))
        let rendered = try ChildProcess.run(python, [script], input: request)
        let message = String(decoding: rendered.errorOutput, as: UTF8.self)
        guard rendered.status == 0 else { throw BenchmarkError("页面生成失败:\(message.suffix(500))") }
    }
}
