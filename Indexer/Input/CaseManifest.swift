import Foundation
import JuanzongCore

/// `case.json`: the manifest of a case folder. Its format is defined by `Indexer/case.schema.json`.
public struct CaseManifest: Codable, Sendable {
    public struct Dates: Codable, Sendable {
        public var filed: DayDate?
        public var decided: DayDate?
        public var served: DayDate?
        public var closed: DayDate?
        public var published: DayDate?
    }

    public struct Penalty: Codable, Sendable {
        public var kinds: [String]?
        public var amountYuan: Double?
    }

    public struct Officer: Codable, Sendable {
        public var name: String
        public var badgeNumber: String?
    }

    public struct Subject: Codable, Sendable {
        public var kind: String?
        public var name: String
        public var identifier: String?
        public var address: String?
    }

    public struct Document: Codable, Sendable {
        public var file: String
        public var type: DocumentType?
        public var title: String?
        public var date: DayDate?
        public var confidential: Bool?
    }

    public struct AVRecord: Codable, Sendable {
        public var file: String
        public var sidecar: String?
        public var deviceId: String?
        public var officerId: String?
        public var start: String?
        public var end: String?
        public var category: AVCategory?
        public var important: Bool?
    }

    public var schema: String?
    public var caseNumber: String
    public var agency: String?
    public var caseType: CaseType?
    public var procedure: Procedure?
    public var dates: Dates?
    public var penalty: Penalty?
    public var legalBasis: [String]?
    public var officers: [Officer]?
    public var subject: Subject?
    public var documents: [Document]?
    public var avRecords: [AVRecord]?

    /// Decodes a manifest; errors name the field that is wrong, in Chinese.
    public static func decode(_ data: Data) throws -> CaseManifest {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(CaseManifest.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw IngestFailure(.manifestInvalid, "case.json 缺少字段 \(Self.path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw IngestFailure(.manifestInvalid, "case.json 字段类型错误:\(Self.path(context.codingPath))")
        } catch let DecodingError.dataCorrupted(context) {
            let field = context.codingPath.isEmpty ? "" : "字段 \(Self.path(context.codingPath)) "
            throw IngestFailure(.manifestInvalid, "case.json \(field)无效:\(context.debugDescription)")
        } catch {
            throw IngestFailure(.manifestInvalid, "case.json 无法解析:\(error.localizedDescription)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { key in key.intValue.map { "[\($0)]" } ?? snakeCase(key.stringValue) }.joined(separator: ".")
    }

    private static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }
}
