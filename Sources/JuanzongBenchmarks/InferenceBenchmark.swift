import Foundation
import JuanzongCore
import JuanzongIndexer

/// The indexer's inference on real published texts against a hand-checked truth table
/// (`Corpus/RealDocuments`): for each field, recall and precision on the development part and on
/// the held-out part, and the wrong joins inference would make (texts of different real cases
/// given one case number; different subjects given one identifier).
///
/// A field counts when the truth states it: a prediction equal to it is correct, another value is
/// wrong, an empty one is missed. A prediction where the truth is empty is wrong too (the text
/// does not support it). Recall = correct ÷ stated; precision = correct ÷ predicted.
public struct InferenceBenchmark {
    public struct FieldScore: Encodable, Sendable {
        public var field: String
        public var split: String
        public var stated: Int
        public var predicted: Int
        public var correct: Int
        public var recall: Double { stated > 0 ? Double(correct) / Double(stated) : 1 }
        public var precision: Double { predicted > 0 ? Double(correct) / Double(predicted) : 1 }

        enum CodingKeys: String, CodingKey { case field, split, stated, predicted, correct, recall, precision }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(field, forKey: .field)
            try container.encode(split, forKey: .split)
            try container.encode(stated, forKey: .stated)
            try container.encode(predicted, forKey: .predicted)
            try container.encode(correct, forKey: .correct)
            try container.encode(recall, forKey: .recall)
            try container.encode(precision, forKey: .precision)
        }
    }

    public struct Result: Encodable, Sendable {
        public var texts: Int
        public var development: Int
        public var heldOut: Int
        public var fields: [FieldScore]
        /// Pairs of texts of different real cases that inference gives one case number.
        public var wrongCaseJoins: Int
        /// Pairs of texts of different subjects that inference gives one (unmasked) identifier.
        public var wrongSubjectMerges: Int
    }

    /// The fields compared, in the order they are reported.
    public static let fields = [
        "document_type", "case_number", "agency", "subject_name", "subject_kind", "identifier", "representative", "decision_date", "penalty_kinds",
        "fine_yuan", "confiscation_yuan", "legal_bases", "officers",
    ]

    public let corpus: URL
    public let truth: URL

    public init(corpus: URL, truth: URL) {
        self.corpus = corpus
        self.truth = truth
    }

    public func run() throws -> Result {
        let rows = try Self.truthRows(truth)
        var scores: [String: FieldScore] = [:]
        var joins: [(truth: String, predicted: String)] = []
        var identities: [(truth: String, predicted: String)] = []
        for row in rows {
            guard let id = row["id"], let split = row["split"] else { continue }
            let text = try Self.text(id, in: corpus)
            let facts = FactInference.infer(text: text, fileName: id)
            for field in Self.fields {
                let (stated, predicted, correct) = Self.compare(field, truth: row[field] ?? "", kind: row["kind"] ?? "", facts: facts)
                for part in [split, "all"] {
                    let key = field + "|" + part
                    var score = scores[key] ?? FieldScore(field: field, split: part, stated: 0, predicted: 0, correct: 0)
                    score.stated += stated
                    score.predicted += predicted
                    score.correct += correct
                    scores[key] = score
                }
            }
            if let predicted = facts.caseNumber?.key, let stated = CaseNumber(row["case_number"] ?? "")?.key {
                joins.append((stated, predicted))
            }
            if let predicted = facts.subjectIdentifier, !predicted.isMasked, let stated = row["identifier"], !stated.isEmpty {
                identities.append((Self.identifierKey(stated), predicted.value))
            }
        }
        let ordered = Self.fields.flatMap { field in ["dev", "heldout", "all"].compactMap { scores[field + "|" + $0] } }
        return Result(
            texts: rows.count, development: rows.filter { $0["split"] == "dev" }.count, heldOut: rows.filter { $0["split"] == "heldout" }.count,
            fields: ordered, wrongCaseJoins: Self.wrongPairs(joins), wrongSubjectMerges: Self.wrongPairs(identities))
    }

    /// One text where inference and the truth disagree on a field.
    public struct Mismatch: Sendable {
        public var id: String
        public var truth: String
        public var predicted: String
    }

    /// The texts of `split` where `field` is missed or wrong, for tuning on the development part
    /// (never look at the held-out part's).
    public func mismatches(field: String, split: String = "dev") throws -> [Mismatch] {
        try Self.truthRows(truth).compactMap { row in
            guard row["split"] == split, let id = row["id"] else { return nil }
            let text = try Self.text(id, in: corpus)
            let facts = FactInference.infer(text: text, fileName: id)
            let (stated, predicted, correct) = Self.compare(field, truth: row[field] ?? "", kind: row["kind"] ?? "", facts: facts)
            guard correct < max(stated, predicted) else { return nil }
            return Mismatch(id: id, truth: Self.truthValue(field, row), predicted: Self.predictedValue(field, facts))
        }
    }

    /// Every field of one development text, its truth beside what inference found.
    public func fields(ofDevelopmentText id: String) throws -> [(field: String, truth: String, predicted: String)] {
        guard let row = try Self.truthRows(truth).first(where: { $0["id"] == id }) else {
            throw BenchmarkError("真值表中没有文书 \(id)")
        }
        guard row["split"] == "dev" else { throw BenchmarkError("\(id) 属于留出集:只测量,不逐篇查看") }
        let text = try Self.text(id, in: corpus)
        let facts = FactInference.infer(text: text, fileName: id)
        return Self.fields.map { ($0, Self.truthValue($0, row), Self.predictedValue($0, facts)) }
    }

    /// The text of corpus file `id`, or an error in Chinese naming the file.
    static func text(_ id: String, in corpus: URL) throws -> String {
        let file = corpus.appendingPathComponent("texts/\(id).txt")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw BenchmarkError("读不到语料文件 \(file.path):文件不存在或无权读取(--corpus 应指向含 texts/ 的语料目录)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BenchmarkError("语料文件 \(file.path) 不是 UTF-8 文本")
        }
        return text
    }

    /// The document type a text's kind stands for: decisions, correction orders and 公示 pages
    /// have one; any other text (a report, a notice) is none of them.
    static let typeOfKind: [String: DocumentType] = [
        "decision": .penaltyDecision, "correction": .rectificationNotice, "publicity": .penaltyPublicity,
    ]

    /// The truth of `field` as shown beside a prediction: the document type is the text's kind.
    static func truthValue(_ field: String, _ row: [String: String]) -> String {
        field == "document_type" ? typeOfKind[row["kind"] ?? ""]?.rawValue ?? "" : row[field] ?? ""
    }

    static func predictedValue(_ field: String, _ facts: DocumentFacts) -> String {
        switch field {
        case "document_type": return facts.docType.rawValue
        case "representative": return facts.representative ?? ""
        case "penalty_kinds": return facts.penaltyKinds.joined(separator: "、")
        case "confiscation_yuan": return facts.confiscationYuan.map { String($0) } ?? ""
        case "officers": return facts.officers.map(\.name).joined(separator: "、")
        case "case_number": return facts.caseNumber?.written ?? ""
        case "agency": return facts.agency ?? ""
        case "subject_name": return facts.subjectName ?? ""
        case "subject_kind": return facts.subjectIsPerson.map { $0 ? "person" : "organization" } ?? ""
        case "identifier": return facts.subjectIdentifier?.value ?? ""
        case "decision_date": return facts.date?.iso ?? ""
        case "fine_yuan": return facts.penaltyAmountYuan.map { String($0) } ?? ""
        case "legal_bases": return facts.legalBases.map(\.written).joined(separator: ";")
        default: return ""
        }
    }

    /// Pairs that share a predicted value while their true values differ.
    static func wrongPairs(_ values: [(truth: String, predicted: String)]) -> Int {
        var wrong = 0
        for group in Dictionary(grouping: values, by: \.predicted).values where group.count > 1 {
            for i in group.indices { for j in group.indices where j > i && group[i].truth != group[j].truth { wrong += 1 } }
        }
        return wrong
    }

    /// (stated, predicted, correct), each 0 or 1 — for legal bases, penalty kinds and officers, counts of items.
    static func compare(_ field: String, truth: String, kind: String, facts: DocumentFacts) -> (Int, Int, Int) {
        let truth = truth.trimmingCharacters(in: .whitespaces)
        func single(_ predicted: String?, equal: (String) -> Bool) -> (Int, Int, Int) {
            let stated = truth.isEmpty ? 0 : 1
            guard let predicted, !predicted.isEmpty else { return (stated, 0, 0) }
            return (stated, 1, stated == 1 && equal(predicted) ? 1 : 0)
        }
        /// Names compare as the archive matches them: brackets, widths, spaces and a converter's pinyin folded.
        func sameName(_ predicted: String) -> Bool { SubjectNaming.key(predicted) == SubjectNaming.key(truth) }
        /// Amounts in yuan compare to the fen.
        func sameAmount(_ predicted: String) -> Bool { abs((Double(predicted) ?? -1) - (Double(truth) ?? -2)) < 0.005 }
        func listed(_ truthItems: [String], _ predictedItems: [String]) -> (Int, Int, Int) {
            let stated = Set(truthItems), predicted = Set(predictedItems)
            return (stated.count, stated.isEmpty ? 0 : predicted.count, stated.intersection(predicted).count)
        }
        switch field {
        case "document_type":
            let expected = typeOfKind[kind]
            let predicted: DocumentType? = Set(typeOfKind.values).contains(facts.docType) ? facts.docType : nil
            return (expected == nil ? 0 : 1, predicted == nil ? 0 : 1, expected != nil && expected == predicted ? 1 : 0)
        case "case_number":
            return single(facts.caseNumber?.key) { $0 == CaseNumber(truth)?.key }
        case "agency":
            return single(facts.agency) { AgencyName.same($0, truth) }
        case "subject_name":
            return single(facts.subjectName, equal: sameName)
        case "representative":
            return single(facts.representative, equal: sameName)
        case "penalty_kinds":
            let kinds = facts.penaltyKinds.map { $0 == "吊销营业执照" ? "吊销许可证件" : $0 }
            return listed(truth.split(separator: "、").map(String.init), kinds)
        case "confiscation_yuan":
            return single(facts.confiscationYuan.map { String($0) }, equal: sameAmount)
        case "officers":
            return listed(truth.split(separator: "、").map(String.init), facts.officers.map(\.name))
        case "subject_kind":
            let predicted = facts.subjectIsPerson.map { $0 ? "person" : "organization" }
            return single(predicted) { $0 == (truth == "person" ? "person" : "organization") }
        case "identifier":
            return single(facts.subjectIdentifier?.value) { $0 == identifierKey(truth) }
        case "decision_date":
            return single(facts.date?.iso) { $0 == truth }
        case "fine_yuan":
            return single(facts.penaltyAmountYuan.map { String($0) }, equal: sameAmount)
        case "legal_bases":
            let stated = Set(truth.split(separator: ";").compactMap { basisKey(String($0)) })
            let predicted = Set(facts.legalBases.map { "\($0.statuteKey)|\($0.article ?? 0)|\($0.clause ?? 0)|\($0.item ?? 0)" })
            return (stated.count, stated.isEmpty ? 0 : predicted.count, stated.intersection(predicted).count)
        default:
            return (0, 0, 0)
        }
    }

    /// `法律名称 第N条[第M款][第K项]`, or a guideline's name alone, as the key the indexer's
    /// `LegalBasis` gives.
    static func basisKey(_ written: String) -> String? {
        // The truth keeps a converter's pinyin as published; the indexer reads without it.
        let citation = ConverterDebris.removed(from: written.trimmingCharacters(in: .whitespaces))
        if LegalBasis.isDiscretionGuideline(citation), citation.range(of: " 第[0-9]+[条條]", options: .regularExpression) == nil {
            return "\(LegalBasis.statuteKey(citation))|0|0|0"
        }
        let parts = citation.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        func number(_ unit: String) -> Int {
            guard let range = parts[1].range(of: "第([0-9]+)" + unit, options: .regularExpression) else { return 0 }
            return Int(parts[1][range].dropFirst().dropLast().filter(\.isNumber)) ?? 0
        }
        // Traditional texts' rows write 條 and 項.
        let article = number("[条條]")
        guard article > 0 else { return nil }
        return "\(LegalBasis.statuteKey(parts[0]))|\(article)|\(number("款"))|\(number("[项項]"))"
    }

    /// An identifier as the indexer keeps it (`SubjectIdentifier.value`): upper-cased, without spaces.
    static func identifierKey(_ written: String) -> String {
        SubjectIdentifier(written)?.value ?? written.uppercased().filter { !$0.isWhitespace }
    }

    /// The rows of a TSV with a header line.
    static func truthRows(_ url: URL) throws -> [[String: String]] {
        guard let data = FileManager.default.contents(atPath: url.path), let table = String(data: data, encoding: .utf8) else {
            throw BenchmarkError("读不到真值表 \(url.path):文件不存在、无权读取或不是 UTF-8 文本")
        }
        let lines = table.split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: header.enumerated().map { ($0.element, $0.offset < cells.count ? cells[$0.offset] : "") })
        }
    }
}
