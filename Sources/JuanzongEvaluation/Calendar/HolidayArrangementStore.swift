import Foundation
import JuanzongCore
import JuanzongStore

/// Holiday arrangements imported into the archive (table `holiday_arrangements`): the latest
/// import of each year counts; earlier ones stay as the record of what was replaced and why.
public struct HolidayArrangementStore {
    /// A stored import.
    public struct Record: Codable, Sendable {
        public var id: Int64
        public var year: Int
        public var importedAt: String
        public var actor: String
        public var arrangement: HolidayArrangement
        public var replacesId: Int64?
        public var replaceReason: String?
    }

    /// Why an import was not stored.
    public enum Refusal: Error, CustomStringConvertible, Equatable {
        case reasonRequired(year: Int, existing: Int64)

        public var description: String {
            switch self {
            case .reasonRequired(let year, let existing):
                return "\(year) 年的放假安排已导入(#\(existing));替换须说明理由(--reason 或表单中的“替换理由”)"
            }
        }
    }

    public let database: Database

    public init(database: Database) { self.database = database }

    /// The arrangement that counts for each imported year (none in an archive not yet migrated).
    public func current() throws -> [HolidayArrangement] {
        let migrated = try database.hasTable("holiday_arrangements")
        guard migrated else { return [] }
        return try records(where: "id IN (SELECT max(id) FROM holiday_arrangements GROUP BY year)", []).map(\.arrangement)
    }

    /// The import that counts for `year`, if any.
    public func current(year: Int) throws -> Record? {
        try records(where: "year = ?1 ORDER BY id DESC LIMIT 1", [year]).first
    }

    /// Every import of `year`, newest first.
    public func history(year: Int) throws -> [Record] {
        try records(where: "year = ?1 ORDER BY id DESC", [year])
    }

    /// Stores `arrangement` parsed from `noticeText` and audits it; replacing an earlier import
    /// of the same year needs a reason.
    @discardableResult
    public func store(
        _ arrangement: HolidayArrangement, noticeText: String, reason: String?,
        actor: String = AuditLog.currentActor
    ) throws -> Record {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let festivals = String(decoding: try encoder.encode(arrangement.festivals), as: UTF8.self)
        let now = ISO8601DateFormatter().string(from: Date())
        let id = try database.transaction { () throws -> Int64 in
            let existing = try current(year: arrangement.year)
            if let existing, reason == nil { throw Refusal.reasonRequired(year: arrangement.year, existing: existing.id) }
            try database.prepare(
                """
                INSERT INTO holiday_arrangements(year, imported_at, actor, festivals, notice_text, notice_sha256, replaces_id, replace_reason)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                """
            ).run([
                arrangement.year, now, actor, festivals, noticeText, MessageDigest.hex(.sha256, of: Data(noticeText.utf8)),
                existing?.id, existing == nil ? nil : reason,
            ])
            let id = try database.lastInsertRowID
            var detail: [String: Any] = ["holidays": arrangement.holidays.count, "workdays": arrangement.workdays.count, "import_id": id]
            if let existing {
                detail["replaces_id"] = existing.id
                detail["reason"] = reason
            }
            let detailText = String(decoding: try JSONSerialization.data(withJSONObject: detail, options: [.sortedKeys]), as: UTF8.self)
            try AuditLog(database: database).append(
                actor: actor, action: "import_holidays", target: "calendar:\(arrangement.year)", detail: detailText)
            return id
        }
        return try records(where: "id = ?1", [id]).first!
    }

    private func records(where condition: String, _ values: [any SQLBindable]) throws -> [Record] {
        let decoder = JSONDecoder()
        return try database.prepare(
            """
            SELECT id, year, imported_at, actor, festivals, replaces_id, replace_reason FROM holiday_arrangements WHERE \(condition)
            """
        ).rows(values) { row in
            Record(
                id: row.int64(0), year: row.int(1), importedAt: row.string(2), actor: row.string(3),
                arrangement: HolidayArrangement(
                    year: row.int(1),
                    festivals: (try? decoder.decode([HolidayArrangement.Festival].self, from: Data(row.string(4).utf8))) ?? []),
                replacesId: row.isNull(5) ? nil : row.int64(5), replaceReason: row.optionalString(6))
        }
    }
}

extension WorkingCalendar {
    /// The calendar file (the bundled one unless an office passes its own) with the arrangements
    /// imported into the archive of `database`.
    public init(contentsOf url: URL, archive database: Database) throws {
        try self.init(contentsOf: url, imported: try HolidayArrangementStore(database: database).current())
    }
}
