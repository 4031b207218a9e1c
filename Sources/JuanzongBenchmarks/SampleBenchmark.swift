import Foundation
import JuanzongCore
import JuanzongEvaluation
import JuanzongStore

/// The evaluation draw on a large archive: cases written straight into a new archive, then
/// three stratified draws, each with every automatic check on the drawn files, recorded.
public struct SampleBenchmark {
    /// One draw: its population, the files drawn, the findings, the time.
    public struct Measurement: Codable, Sendable {
        public var draw: String
        public var population: Int
        public var drawn: Int
        public var findings: Int
        public var seconds: Double
    }

    public let work: URL
    public let cases: Int

    /// `work` is emptied first.
    public init(work: URL, cases: Int) {
        self.work = work
        self.cases = cases
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> [Measurement] {
        try? FileManager.default.removeItem(at: work)
        let location = ArchiveLocation(path: work.appendingPathComponent("archive").path)
        let database = try location.openDatabaseForWriting()
        progress("写入 \(cases) 件案件(每件 3 份文书)…\n")
        try fill(database)
        let checker = CaseChecker(
            rules: try EvaluationRules(contentsOf: EvaluationFiles.rules),
            calendar: try WorkingCalendar(contentsOf: EvaluationFiles.holidays))
        let recorder = DrawRecorder(database: database, checker: checker)
        var results: [Measurement] = []
        for (label, parameters) in [
            ("每机关 8 件", DrawParameters(year: 2024, perAgency: 8)),
            ("每机关、类型各 8 件", DrawParameters(year: 2024, perAgency: 8, by: ["agency", "case_type"])),
            ("比例 1%", DrawParameters(year: 2024, rate: 0.01)),
        ] {
            let start = Date()
            let draw = try recorder.draw(parameters, seed: "bench")
            let seconds = Date().timeIntervalSince(start)
            results.append(
                Measurement(
                    draw: label, population: draw.strata.reduce(0) { $0 + $1.population }, drawn: draw.cases.count,
                    findings: draw.cases.reduce(0) { $0 + $1.findings.count }, seconds: seconds))
        }
        return results
    }

    /// Cases over six agencies, two case types and the years 2019–2024, each with a filing form,
    /// a decision (with or without the rights statement) and a service receipt.
    private func fill(_ database: Database) throws {
        let agencies = [
            "上海市奉贤区市场监督管理局", "上海市奉贤区生态环境局", "上海市奉贤区城市管理行政执法局",
            "上海市奉贤区应急管理局", "上海市奉贤区交通委员会", "上海市奉贤区卫生健康委员会",
        ]
        var random = SplitMix64(seed: 7)
        try database.transaction {
            let insertCase = try database.prepare(
                """
                INSERT INTO cases(id, case_number, case_number_key, agency, case_type, procedure, filed_on, decided_on, served_on,
                closed_on, penalty_kinds, penalty_amount_yuan) VALUES (?1, ?2, ?2, ?3, ?4, '普通', ?5, ?6, ?7, ?8, '罚款', ?9)
                """)
            let insertBlob = try database.prepare("INSERT INTO blobs(sha256, size, location) VALUES (?1, ?2, 'document_text')")
            let insertDocument = try database.prepare(
                """
                INSERT INTO documents(sha256, case_id, doc_type, title, doc_date, file_order, format, extraction, source_path, size, text)
                VALUES (?1, ?2, ?3, ?3, ?4, ?5, 'txt', 'text', ?6, ?7, ?8)
                """)
            for id in 1...cases {
                let year = 2019 + Int(random.next() % 6)
                guard let filed = DayDate(year: year, month: 1 + Int(random.next() % 9), day: 1 + Int(random.next() % 28)),
                    let decided = filed.adding(days: 20 + Int(random.next() % 90)), let served = decided.adding(days: Int(random.next() % 12)),
                    let closed = served.adding(days: 10)
                else { continue }
                let number = "罚〔\(year)〕\(id)号"
                try insertCase.run([
                    Int64(id), number, agencies[id % agencies.count], id % 7 == 0 ? "行政强制" : "行政处罚",
                    filed.iso, decided.iso, served.iso, closed.iso, Double(500 * (1 + Int(random.next() % 100))),
                ])
                let rights = random.next() % 10 == 0 ? "" : "如不服本决定,可申请行政复议或者向人民法院提起行政诉讼。"
                for (order, (type, date, text)) in [
                    ("立案审批表", filed, "立案审批表 \(number)"),
                    ("处罚决定书", decided, "行政处罚决定书 \(number) \(rights)"),
                    ("送达回证", served, "送达回证 \(number)"),
                ].enumerated() {
                    let sha = MessageDigest.hex(.sha256, of: Data(text.utf8))
                    try insertBlob.run([sha, text.utf8.count])
                    try insertDocument.run([sha, Int64(id), type, date.iso, order, "bench/\(id)/\(order).txt", text.utf8.count, text])
                }
            }
        }
    }
}
