import Foundation
@testable import JuanzongIndexer
import JuanzongStore
import Testing

@Suite("Scans: tesseract chi_sim behind --ocr", .serialized)
struct OCRTests {
    @Test func scansWithoutOCRAreReportedNotGuessed() throws {
        let archive = try TestSupport.temporaryDirectory("no-ocr")
        let summary = try TestSupport.ingest([TestSupport.fixture("扫描件.png"), TestSupport.fixture("扫描件.pdf")], into: archive)
        #expect(summary.documents == 0)
        #expect(summary.problems.filter { $0.kind == .ocrRequired }.count == 2)
    }

    @Test func scannedImageAndPDFAreRecognized() throws {
        var options = IngestOptions()
        options.ocr = true
        let archive = try TestSupport.temporaryDirectory("ocr")
        let summary = try TestSupport.ingest(
            [TestSupport.fixture("扫描件.png"), TestSupport.fixture("扫描件.pdf")], into: archive,
            options: options)
        #expect(summary.problems.isEmpty)
        // Both scans show the same page: the PNG and the PDF are two originals of one case.
        let rows = try TestSupport.rows(archive, "SELECT extraction, doc_type, instr(text, '行政处罚决定书') > 0 FROM documents ORDER BY id")
        #expect(rows == ["ocr|处罚决定书|1", "ocr|处罚决定书|1"])
        #expect(try TestSupport.rows(archive, "SELECT case_number_key FROM cases") == ["沪市监奉处〔2024〕0045号"])
    }
}
