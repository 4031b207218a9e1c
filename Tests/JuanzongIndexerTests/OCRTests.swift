import Foundation
@testable import JuanzongIndexer
import JuanzongStore
import Testing

@Suite("Scans: PP-OCRv4 by default, tesseract as the fallback", .serialized)
struct OCRTests {
    @Test func scansWithOCRTurnedOffAreReportedNotGuessed() throws {
        var options = IngestOptions()
        options.ocr = false
        let archive = try TestSupport.temporaryDirectory("no-ocr")
        let summary = try TestSupport.ingest(
            [TestSupport.fixture("扫描件.png"), TestSupport.fixture("扫描件.pdf")], into: archive, options: options)
        #expect(summary.documents == 0)
        #expect(summary.problems.filter { $0.kind == .ocrRequired }.count == 2)
        #expect(summary.problems.allSatisfy { $0.reason.contains("--no-ocr") })
    }

    /// Without the PP-OCR environment, scans are read with tesseract and the summary says so.
    @Test func withoutPPOCRTesseractReadsTheScansAndTheSummarySaysSo() throws {
        var options = IngestOptions()
        options.ocrPython = "/nonexistent/python"
        let archive = try TestSupport.temporaryDirectory("ocr-fallback")
        let summary = try TestSupport.ingest(
            [TestSupport.fixture("扫描件.png"), TestSupport.fixture("扫描件.pdf")], into: archive, options: options)
        #expect(summary.problems.isEmpty)
        #expect(summary.ocrEngine == .tesseract && summary.recognizedPages == 2)
        #expect(summary.ocrFallbackReason?.contains("未安装 PP-OCR") == true)
        // Both scans show the same page: the PNG and the PDF are two originals of one case.
        let rows = try TestSupport.rows(archive, "SELECT extraction, doc_type, instr(text, '行政处罚决定书') > 0 FROM documents ORDER BY id")
        #expect(rows == ["ocr|处罚决定书|1", "ocr|处罚决定书|1"])
        #expect(try TestSupport.rows(archive, "SELECT case_number_key FROM cases") == ["沪市监奉处〔2024〕0045号"])
        #expect(try TestSupport.rows(archive, "SELECT DISTINCT engine FROM document_pages") == ["tesseract"])
    }
}
