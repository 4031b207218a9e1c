import Foundation
import JuanzongCore
@_spi(Benchmarks) import JuanzongQuery
import JuanzongStore

/// Measures query latency on an archive, in one run with its baselines: `rg` over the
/// extracted texts (a folder of .txt files, e.g. the generator's corpus) and a substring scan
/// in SQLite (`instr` over documents.text).
///
/// Query sets, drawn reproducibly from the archive itself (seeded):
/// (a) rare 2-character terms, (b) the commonest 2-character terms (罚款 and the terms found in
/// most documents), (c) 4-character phrases, (d) a 4-character phrase with two field filters.
/// Each query runs as count-only and as a top-20 page with snippets and facets, `repetitions`
/// times, starting without the phrase counts earlier queries left (the p95 sees the cold run).
public struct SearchBenchmark {
    public struct Latency: Codable, Sendable {
        public var name: String
        public var queries: Int
        public var medianMatches: Int
        public var countP50Milliseconds: Double
        public var countP95Milliseconds: Double
        public var top20P50Milliseconds: Double
        public var top20P95Milliseconds: Double
        public var examples: [String]
        /// The slowest measurements, slowest first: where a p95 comes from.
        public var slowest: [Sample] = []
    }

    /// One timed search.
    public struct Sample: Codable, Sendable {
        public var query: String
        /// `count` or `top20`.
        public var kind: String
        /// 1 for a query's first run.
        public var repetition: Int
        public var milliseconds: Double
    }

    public struct Baseline: Codable, Sendable {
        public var name: String
        public var queries: Int
        public var p50Milliseconds: Double
        public var p95Milliseconds: Double
    }

    public struct Result: Codable, Sendable {
        public var documents: Int
        public var textMegabytes: Double
        public var indexMegabytes: Double
        /// Size of the FTS5 index as a multiple of the extracted text.
        public var indexToTextRatio: Double
        public var catalogLoadMilliseconds: Double
        public var sets: [Latency]
        public var baselines: [Baseline]
        /// rg's p50 over our p50 for rare terms, count-only.
        public var rareTermSpeedupOverRipgrep: Double?
    }

    public let archive: ArchiveLocation
    /// A folder of the extracted texts for the `rg` baseline; nil to skip it.
    public let textFolder: String?
    public let queriesPerSet: Int
    public let repetitions: Int

    public init(archive: ArchiveLocation, textFolder: String?, queriesPerSet: Int = 20, repetitions: Int = 3) {
        self.archive = archive
        self.textFolder = textFolder
        self.queriesPerSet = queriesPerSet
        self.repetitions = repetitions
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        let database = try archive.openForReading()
        let searcher = try Searcher(database: database)
        let loadStart = Date()
        let catalog = try searcher.currentCatalog()
        let catalogMilliseconds = Date().timeIntervalSince(loadStart) * 1000
        progress("已载入 \(catalog.count) 份文书的检索目录(\(Int(catalogMilliseconds)) 毫秒)")

        let terms = try QueryTerms(database: database, catalog: catalog, count: queriesPerSet)
        // Warm: one search opens the scanning connections and maps the index before timing starts.
        _ = try searcher.search("罚款", options: .init(limit: 20))
        var sets: [Latency] = []
        for (name, queries) in [
            ("a 罕见双字词", terms.rare), ("b 最常见双字词", terms.common),
            ("c 四字短语", terms.phrases), ("d 短语+两个字段筛选", terms.filtered),
        ] {
            progress("测量 \(name)(\(queries.count) 条)…")
            sets.append(try measure(name, queries, searcher))
        }
        var baselines: [Baseline] = []
        let rareSample = Array(terms.rare.prefix(5))
        if let textFolder {
            progress("基线:rg 检索 \(textFolder)…")
            baselines.append(try ripgrepBaseline(rareSample, folder: textFolder))
        }
        progress("基线:SQLite 子串扫描…")
        baselines.append(try substringBaseline(rareSample, database: database))

        let indexBytes = try database.prepare("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'document_search%'").first { $0.double(0) } ?? 0
        let textBytes = try database.prepare("SELECT sum(length(CAST(text AS BLOB))) FROM documents").first { $0.double(0) } ?? 0
        let rare = sets[0].countP50Milliseconds
        let speedup = baselines.first { $0.name.hasPrefix("rg") }.map { $0.p50Milliseconds / max(rare, 0.001) }
        return Result(
            documents: catalog.count, textMegabytes: textBytes / 1_048_576, indexMegabytes: indexBytes / 1_048_576,
            indexToTextRatio: textBytes > 0 ? indexBytes / textBytes : 0, catalogLoadMilliseconds: catalogMilliseconds,
            sets: sets, baselines: baselines, rareTermSpeedupOverRipgrep: speedup)
    }

    func measure(_ name: String, _ queries: [String], _ searcher: Searcher) throws -> Latency {
        var counts: [Double] = [], tops: [Double] = [], matches: [Int] = [], samples: [Sample] = []
        for query in queries {
            // Nothing learnt from earlier queries (the (d) set repeats the phrases of (c)).
            searcher.forgetPhraseCounts()
            for repetition in 0..<repetitions {
                var start = DispatchTime.now()
                let total = try searcher.search(query, options: .init(limit: 0, facets: false, snippets: false)).total
                counts.append(Self.milliseconds(since: start))
                start = DispatchTime.now()
                _ = try searcher.search(query, options: .init(limit: 20, facets: true, snippets: true))
                tops.append(Self.milliseconds(since: start))
                matches.append(total)
                samples += [
                    Sample(query: query, kind: "count", repetition: repetition + 1, milliseconds: counts.last!),
                    Sample(query: query, kind: "top20", repetition: repetition + 1, milliseconds: tops.last!),
                ]
            }
        }
        return Latency(
            name: name, queries: queries.count, medianMatches: Self.percentile(matches.map(Double.init), 50).map(Int.init) ?? 0,
            countP50Milliseconds: Self.percentile(counts, 50) ?? 0, countP95Milliseconds: Self.percentile(counts, 95) ?? 0,
            top20P50Milliseconds: Self.percentile(tops, 50) ?? 0, top20P95Milliseconds: Self.percentile(tops, 95) ?? 0,
            examples: Array(queries.prefix(3)), slowest: Array(samples.sorted { $0.milliseconds > $1.milliseconds }.prefix(6)))
    }

    /// `rg --count-matches --fixed-strings TERM FOLDER` per term (rg is given every advantage:
    /// no normalization, fixed strings, all cores).
    private func ripgrepBaseline(_ terms: [String], folder: String) throws -> Baseline {
        var times: [Double] = []
        for term in terms {
            let start = DispatchTime.now()
            let status = try ChildProcess("rg", ["--files-with-matches", "--fixed-strings", "--no-messages", term, folder]).wait()
            times.append(Self.milliseconds(since: start))
            guard status <= 1 else { throw BenchmarkError("rg 运行失败(退出码 \(status));请安装 ripgrep") }
        }
        return Baseline(
            name: "rg 逐文件扫描(罕见双字词)", queries: terms.count,
            p50Milliseconds: Self.percentile(times, 50) ?? 0, p95Milliseconds: Self.percentile(times, 95) ?? 0)
    }

    private func substringBaseline(_ terms: [String], database: Database) throws -> Baseline {
        let statement = try database.prepare("SELECT count(*) FROM documents WHERE instr(text, ?1) > 0")
        var times: [Double] = []
        for term in terms {
            let start = DispatchTime.now()
            _ = try statement.first([term]) { $0.int64(0) }
            times.append(Self.milliseconds(since: start))
        }
        return Baseline(
            name: "SQLite 子串扫描 instr(text)(罕见双字词)", queries: terms.count,
            p50Milliseconds: Self.percentile(times, 50) ?? 0, p95Milliseconds: Self.percentile(times, 95) ?? 0)
    }

    static func milliseconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000
    }

    /// Nearest-rank percentile.
    static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// The benchmark's query sets, drawn from the archive's own texts with a fixed seed (also the
/// query mix of the web server's load benchmark).
public struct QueryTerms: Sendable {
    public var rare: [String] = []
    public var common: [String] = []
    public var phrases: [String] = []
    public var filtered: [String] = []

    public init(database: Database, catalog: DocumentCatalog, count: Int) throws {
        var random = SplitMix64(seed: 20_241_123)
        let sampleText = try database.prepare("SELECT text FROM documents WHERE id = ?1")
        var bigrams: Set<String> = []
        var phraseCandidates: [(String, Int)] = []
        for _ in 0..<3000 {
            let row = Int(random.next() % UInt64(max(catalog.count, 1)))
            guard row < catalog.count, let text = try sampleText.first([catalog.documentIDs[row]], { $0.string(0) }) else { continue }
            let scalars = Array(text.unicodeScalars)
            let han = { (scalar: Unicode.Scalar) in (0x4E00...0x9FFF).contains(scalar.value) }
            for index in 0..<max(scalars.count - 1, 0) where han(scalars[index]) && han(scalars[index + 1]) {
                bigrams.insert(String(String.UnicodeScalarView(scalars[index...index + 1])))
            }
            if scalars.count > 8, phraseCandidates.count < count {
                let start = Int(random.next() % UInt64(scalars.count - 4))
                let piece = scalars[start..<(start + 4)]
                if piece.allSatisfy(han) { phraseCandidates.append((String(String.UnicodeScalarView(piece)), row)) }
            }
        }
        try database.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.benchmark_vocabulary USING fts5vocab(main, document_search, 'row')")
        let frequency = try database.prepare("SELECT doc FROM temp.benchmark_vocabulary WHERE term = ?1")
        var counted: [(String, Int64)] = []
        for bigram in bigrams.sorted() {
            counted.append((bigram, try frequency.first([bigram]) { $0.int64(0) } ?? 0))
        }
        // Rare: found in at most 0.1 % of documents (and at least one).
        let rareLimit = max(Int64(catalog.count / 1000), 5)
        rare = Array(counted.filter { $0.1 > 0 && $0.1 <= rareLimit }.map(\.0).shuffled(using: &random).prefix(count))
        common = ["罚款"] + counted.filter { $0.0 != "罚款" }.sorted { $0.1 > $1.1 }.prefix(max(count - 1, 0)).map(\.0)
        phrases = Array(phraseCandidates.map(\.0).prefix(count))
        for (phrase, row) in phraseCandidates.prefix(count) {
            var parts = [phrase]
            let agency = catalog.agencyCodes[row], docType = catalog.docTypeCodes[row]
            if agency >= 0 { parts.append("机关:" + catalog.agencies.values[Int(agency)]) }
            if docType >= 0 { parts.append("文书:" + catalog.docTypes.values[Int(docType)]) }
            filtered.append(parts.joined(separator: " "))
        }
    }
}
