import Foundation

/// The image of one page of a scanned original, to show beside the text read from it.
public enum PageImage {
    /// PNG of page `page` (1-based) of the PDF in `pdf`, at `dpi` (poppler's pdftoppm, which
    /// writes it to its standard output when given no file name).
    public static func png(page: Int, ofPDF pdf: Data, dpi: Int = 110) throws -> Data {
        let file = try TemporaryFile(pdf, extension: "pdf")
        let output = try ProcessRunner.run(
            "pdftoppm", ["-f", String(page), "-l", String(page), "-r", String(dpi), "-png", file.url.path], timeout: 60)
        guard output.status == 0, !output.stdout.isEmpty else {
            throw IngestFailure(.corrupt, "PDF 第 \(page) 页无法渲染:\(output.stderr.prefix(200))")
        }
        return output.stdout
    }
}
