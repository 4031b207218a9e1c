import Foundation
import JuanzongCore
import JuanzongStore

/// Exports a case or a subject as a reconsideration bundle and records it in the audit log.
public struct Exporter {
    public struct Summary: Codable, Sendable {
        public var output: String
        public var format: String
        public var bagName: String
        public var payloadFiles: Int
        public var payloadBytes: Int64
        public var withheld: Int
        public var redacted: Bool
        public var baggingDate: String
        public var sha256: String
    }

    let database: Database
    let objects: BlobStore

    public init(database: Database, objects: BlobStore) {
        self.database = database
        self.objects = objects
    }

    /// Writes the bundle to `output` (through a temporary file renamed at the end, so a failed
    /// export leaves nothing half-written) and appends an `export` entry to the audit log.
    public func export(
        _ scope: BagPlanner.Scope, options: BagPlanner.Options, format: BagWriter.Format, to output: URL,
        actor: String = AuditLog.currentActor
    ) throws -> Summary {
        let plan = try BagPlanner(database: database, objects: objects).plan(scope, options: options)
        let temporary = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).\(getpid()).partial")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let bundleSHA256 = try BagWriter(format: format, bagName: plan.bagName, modified: plan.lastChange)
            .write(payload: plan.payload, bagInfo: plan.bagInfo, to: temporary)
        if FileManager.default.fileExists(atPath: output.path) { try FileManager.default.removeItem(at: output) }
        try FileManager.default.moveItem(at: temporary, to: output)

        let summary = Summary(
            output: output.path, format: format.rawValue, bagName: plan.bagName, payloadFiles: plan.payload.count,
            payloadBytes: plan.payload.reduce(0) { $0 + $1.size }, withheld: plan.entries.filter { $0.withheldReason != nil }.count,
            redacted: options.redact, baggingDate: BagPlanner.day(plan.lastChange), sha256: bundleSHA256)
        let target: String
        switch scope {
        case .caseNumber(let number): target = "case:\(number)"
        case .subject(let subject): target = "subject:\(subject)"
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let detail = String(decoding: try encoder.encode(summary), as: UTF8.self)
        try AuditLog(database: database).append(actor: actor, action: "export", target: target, detail: detail)
        return summary
    }
}
