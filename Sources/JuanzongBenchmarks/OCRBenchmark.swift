import Foundation
import JuanzongCore
import JuanzongIndexer

/// Character error rate and speed of juanzong's OCR (PP-OCRv4) against tesseract chi_sim, in one
/// run, on pages it prints itself from real published texts (`Corpus/RealDocuments`, not
/// SampleCases' boilerplate) with `ScanRenderer`: every third page with a red seal over the
/// text, three tables, one page of two columns, one page turned by 90 degrees. A kind of page
/// the corpus gave none of has the rate NaN (JSON null).
///
/// The measured pages are Simplified, as the case files of mainland agencies are; pages of the
/// corpus's Traditional texts (reposts and conversions) are read too and reported apart, strictly
/// and with Traditional folded to Simplified (as search compares them): the recognizer writes
/// most Traditional characters in their Simplified form.
public struct OCRBenchmark {
    public let corpus: URL
    public let work: URL
    public var pages = 32
    public var traditionalPages = 6

    public init(corpus: URL, work: URL) {
        self.corpus = corpus
        self.work = work
    }

    public struct EngineResult: Codable, Sendable {
        public var engine: String
        public var pages: Int
        /// Edit distance over the reference length, all pages (NFKC, white space removed).
        public var characterErrorRate: Double
        public var sealedCharacterErrorRate: Double
        public var tableCharacterErrorRate: Double
        public var rotatedCharacterErrorRate: Double
        public var columnsCharacterErrorRate: Double
        /// On the Traditional pages: as printed, and with both sides folded to Simplified.
        public var traditionalCharacterErrorRate: Double
        public var traditionalFoldedCharacterErrorRate: Double
        /// All pages, Traditional ones included.
        public var pagesPerSecond: Double
    }

    public struct Result: Codable, Sendable {
        public var pages: Int
        public var traditionalPages: Int
        public var sealedPages: Int
        public var referenceCharacters: Int
        public var engines: [EngineResult]
    }

    public func run(progress: (String) -> Void) throws -> Result {
        try? FileManager.default.removeItem(at: work)
        let normalizer = try TextNormalizer()
        let pages = try makePages(normalizer: normalizer)
        progress("生成 \(pages.count) 页扫描件 …")
        try ScanRenderer().render(pages, into: work)
        let images = pages.map { work.appendingPathComponent($0.name + ".jpg").path }
        let references = try pages.map { try String(contentsOf: work.appendingPathComponent($0.name + ".txt"), encoding: .utf8) }
        var engines: [EngineResult] = []
        for (name, python) in [("juanzong(PP-OCRv4)", Optional(OCRService.pythonPath)), ("tesseract chi_sim", nil)] {
            progress("\(name) 识别 …")
            let service = OCRService(python: python)
            defer { service.stop() }
            if python != nil {
                guard service.engine.0 == .ppOCR else { throw BenchmarkError("PP-OCR 不可用:\(service.engine.reason ?? "")") }
                // Start the workers before the clock runs, as an ingest keeps them for the run.
                _ = try service.recognize(Array(images.prefix(2)))
            }
            let started = Date()
            let read = try service.recognize(images)
            let seconds = Date().timeIntervalSince(started)
            func rate(folded: Bool = false, _ selected: (ScanRenderer.Page) -> Bool) -> Double {
                var errors = 0, total = 0
                for index in pages.indices where selected(pages[index]) {
                    let fold = { (text: String) in folded ? normalizer.toSimplified(text) : text }
                    let reference = CharacterErrorRate.comparable(fold(references[index]))
                    errors += CharacterErrorRate.distance(reference, CharacterErrorRate.comparable(fold(read[index].text)))
                    total += reference.count
                }
                return total > 0 ? Double(errors) / Double(total) : .nan
            }
            let simplified = { (page: ScanRenderer.Page) in !page.name.hasPrefix("traditional") }
            engines.append(
                EngineResult(
                    engine: name, pages: pages.count, characterErrorRate: rate(simplified),
                    sealedCharacterErrorRate: rate { simplified($0) && $0.seal != nil },
                    tableCharacterErrorRate: rate { simplified($0) && $0.kind == .table },
                    rotatedCharacterErrorRate: rate { simplified($0) && $0.rotate != 0 },
                    columnsCharacterErrorRate: rate { simplified($0) && $0.kind == .columns },
                    traditionalCharacterErrorRate: rate { !simplified($0) },
                    traditionalFoldedCharacterErrorRate: rate(folded: true) { !simplified($0) },
                    pagesPerSecond: Double(pages.count) / seconds))
        }
        let measured = pages.indices.filter { !pages[$0].name.hasPrefix("traditional") }
        return Result(
            pages: measured.count, traditionalPages: pages.count - measured.count,
            sealedPages: measured.filter { pages[$0].seal != nil }.count,
            referenceCharacters: measured.reduce(0) { $0 + CharacterErrorRate.comparable(references[$1]).count }, engines: engines)
    }

    /// The pages: one per text of the corpus, in name order, from the texts long enough to fill
    /// one; Simplified texts make the measured pages, Traditional ones (more than one character
    /// in fifty changes when folded to Simplified) the pages reported apart.
    func makePages(normalizer: TextNormalizer) throws -> [ScanRenderer.Page] {
        let folder = corpus.appendingPathComponent("texts")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        var pages: [ScanRenderer.Page] = []
        var traditional: [ScanRenderer.Page] = []
        for name in names where pages.count < self.pages || traditional.count < traditionalPages {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let paragraphs = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard paragraphs.joined().count >= 600 else { continue }
            let changed = zip(text, normalizer.toSimplified(text)).filter { $0 != $1 }.count
            if changed * 50 > text.count {
                if traditional.count < traditionalPages {
                    let number = traditional.count + 1
                    var page = ScanRenderer.Page(name: String(format: "traditional-%02d", number), paragraphs: paragraphs, seed: 100 + number)
                    if number % 3 == 0 { page.seal = String(paragraphs[0].prefix(14)) }
                    traditional.append(page)
                }
                continue
            }
            guard pages.count < self.pages else { continue }
            let number = pages.count + 1
            var page = ScanRenderer.Page(name: String(format: "page-%02d", number), paragraphs: paragraphs, seed: number)
            // A 公示 table: the label-and-value lines of the text, as ruled rows; the first three
            // texts (from the fourth page on) that have enough of them.
            let rows = paragraphs.compactMap { line -> [String]? in
                guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
                guard (2...10).contains(line.distance(from: line.startIndex, to: colon)) else { return nil }
                let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : [String(line[..<colon]), value]
            }
            if number >= 4, rows.count >= 4, pages.filter({ $0.kind == .table }).count < 3 {
                page.kind = .table
                page.rows = rows
            } else if number == 12 {
                page.kind = .columns
            } else if number == 20 {
                page.rotate = 90
            }
            if number % 3 == 0 { page.seal = paragraphs.first.map { String($0.prefix(14)) } ?? "行政执法专用章" }
            pages.append(page)
        }
        guard pages.count >= 30 else { throw BenchmarkError("语料中够一页长的简体文本不足 30 篇") }
        return pages + traditional
    }
}

/// Character error rate as the OCR issue defines it: edit distance over the reference, both
/// NFKC-normalized with white space removed.
public enum CharacterErrorRate {
    public static func comparable(_ text: String) -> [Unicode.Scalar] {
        Array(text.precomposedStringWithCompatibilityMapping.unicodeScalars.filter { !$0.properties.isWhitespace })
    }

    /// Levenshtein distance, two rows.
    public static func distance(_ reference: [Unicode.Scalar], _ hypothesis: [Unicode.Scalar]) -> Int {
        guard !reference.isEmpty else { return hypothesis.count }
        guard !hypothesis.isEmpty else { return reference.count }
        var previous = Array(0...hypothesis.count)
        var current = [Int](repeating: 0, count: hypothesis.count + 1)
        for (i, referenceScalar) in reference.enumerated() {
            current[0] = i + 1
            for (j, hypothesisScalar) in hypothesis.enumerated() {
                let substitution = previous[j] + (referenceScalar == hypothesisScalar ? 0 : 1)
                current[j + 1] = min(substitution, previous[j + 1] + 1, current[j] + 1)
            }
            swap(&previous, &current)
        }
        return previous[hypothesis.count]
    }
}
