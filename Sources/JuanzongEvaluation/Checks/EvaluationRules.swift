import Foundation

/// The automatic checks of a case-file evaluation (案卷评查), as an office writes them in
/// `Sources/JuanzongEvaluation/Resources/rules.json` (snake_case keys; see the file for the meaning of each).
public struct EvaluationRules: Codable, Sendable {
    public struct Completeness: Codable, Sendable {
        public struct Requirement: Codable, Sendable {
            public var anyOf: [String]
            /// `legal_review_required`: only for cases that need a legal review.
            public var when: String?
        }

        public var caseType: String
        public var procedure: String?
        public var required: [Requirement]
        public var deduction: Double
    }

    public struct Order: Codable, Sendable {
        /// Groups of document types in binding order; within a group any order.
        public var sequence: [[String]]
        public var deduction: Double
    }

    public struct AudioVideo: Codable, Sendable {
        public var actions: [String]
        public var daysAroundAction: Int
        public var deduction: Double
    }

    public struct Deadline: Codable, Sendable {
        public var id: String
        public var name: String
        /// Case date fields: filed, decided, served, closed, published.
        public var from: String
        public var to: String
        public var days: Int
        /// `calendar` or `working`.
        public var unit: String
        public var caseTypes: [String]?
        public var procedures: [String]?
        public var deduction: Double
    }

    public struct LegalReview: Codable, Sendable {
        public struct Condition: Codable, Sendable {
            public var procedures: [String]?
            public var amountAtLeast: Double?
            public var penaltyKinds: [String]?
        }

        public var name: String
        public var requiredWhen: Condition
        public var documentTypes: [String]
        public var deduction: Double
    }

    public struct Officers: Codable, Sendable {
        public var minimum: Int
        public var procedures: [String]?
        public var deduction: Double
    }

    public struct Remedies: Codable, Sendable {
        public var name: String
        public var documentTypes: [String]
        /// Each inner list: at least one of its phrases must appear.
        public var mustMention: [[String]]
        public var deduction: Double
    }

    /// The worksheet's points and the grade thresholds (a failed veto item is 不合格 whatever the points).
    public struct Scoring: Codable, Sendable {
        public var formPoints: Double
        public var contentPoints: Double
        public var excellentAtLeast: Double
        public var passAtLeast: Double

        public func grade(total: Double, vetoPassed: Bool) -> String {
            guard vetoPassed else { return "不合格" }
            return total >= excellentAtLeast ? "优秀" : total >= passAtLeast ? "合格" : "不合格"
        }
    }

    public var completeness: [Completeness]
    public var order: Order
    public var audioVideo: AudioVideo
    public var deadlines: [Deadline]
    public var legalReview: LegalReview
    public var officers: Officers
    public var remedies: Remedies
    public var scoring: Scoring

    public init(contentsOf url: URL) throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            self = try decoder.decode(EvaluationRules.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw RulesError(path: url.path, reason: "\(error)")
        }
    }
}

public struct RulesError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "评查规则文件 \(path) 有误:\(reason)" }
}
