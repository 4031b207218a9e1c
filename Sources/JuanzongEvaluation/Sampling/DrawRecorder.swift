import Foundation
import JuanzongCore
import JuanzongStore

/// A draw as printed and stored: seed, parameters and the drawn cases with their findings.
public struct DrawResult: Codable, Sendable {
    public struct DrawnCase: Codable, Sendable {
        public var caseNumber: String
        public var agency: String
        public var caseType: String
        public var subjectName: String?
        public var stratum: String
        public var findings: [Finding]
    }

    public struct StratumSize: Codable, Sendable {
        public var stratum: String
        public var population: Int
        public var drawn: Int
    }

    public var drawId: Int64?
    public var seed: String
    public var parameters: DrawParameters
    public var strata: [StratumSize]
    public var cases: [DrawnCase]
}

/// Draws from an archive, runs the checks on the drawn files and records the draw.
public struct DrawRecorder {
    let database: Database
    let checker: CaseChecker

    public init(database: Database, checker: CaseChecker) {
        self.database = database
        self.checker = checker
    }

    /// Cases decided in the year (closed ones only if asked), less those drawn by draws of
    /// `excludeSampledSince` or later that no later draw superseded.
    public func population(_ parameters: DrawParameters) throws -> [PopulationCase] {
        try database.prepare(
            """
            SELECT c.id, c.case_number_key, c.case_number, COALESCE(c.agency, ''), c.case_type, s.name
            FROM cases c LEFT JOIN subjects s ON s.id = c.subject_id
            WHERE substr(c.decided_on, 1, 4) = ?1 AND (?2 = 0 OR c.closed_on IS NOT NULL)
            AND (?3 IS NULL OR c.id NOT IN (
                SELECT dc.case_id FROM sample_draw_cases dc JOIN sample_draws d ON d.id = dc.draw_id
                WHERE d.year >= ?3 AND d.id NOT IN (SELECT supersedes_id FROM sample_draws WHERE supersedes_id IS NOT NULL)))
            """
        ).rows([String(parameters.year), parameters.closedOnly, parameters.excludeSampledSince]) { row in
            PopulationCase(
                id: row.int64(0), numberKey: row.string(1), caseNumber: row.string(2), agency: row.string(3),
                caseType: row.string(4), subjectName: row.optionalString(5))
        }
    }

    /// Draws, checks and records. `supersedes` names an earlier draw this one replaces, with `reason`.
    public func draw(
        _ parameters: DrawParameters, seed: String, supersedes: (id: Int64, reason: String)? = nil,
        actor: String = AuditLog.currentActor
    ) throws -> DrawResult {
        let population = try population(parameters)
        guard !population.isEmpty else { throw DrawError.emptyPopulation(parameters.year) }
        let strata = SampleDraw.draw(population, parameters: parameters, seed: seed)
        let reader = ArchiveReader(database: database)
        var cases: [DrawResult.DrawnCase] = []
        var ids: [Int64] = []
        for stratum in strata {
            for drawn in stratum.drawn {
                let findings = try reader.caseFile(id: drawn.id, includeText: true).map(checker.findings) ?? []
                cases.append(
                    DrawResult.DrawnCase(
                        caseNumber: drawn.caseNumber, agency: drawn.agency, caseType: drawn.caseType,
                        subjectName: drawn.subjectName, stratum: stratum.key.joined(separator: " / "),
                        findings: findings))
                ids.append(drawn.id)
            }
        }
        var result = DrawResult(
            drawId: nil, seed: seed, parameters: parameters,
            strata: strata.map { .init(stratum: $0.key.joined(separator: " / "), population: $0.population, drawn: $0.drawn.count) },
            cases: cases)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        result.drawId = try database.transaction {
            if let supersedes, try database.prepare("SELECT 1 FROM sample_draws WHERE id = ?1").first([supersedes.id], { $0.int(0) }) == nil {
                throw DrawError.unknownDraw(supersedes.id)
            }
            try database.prepare(
                """
                INSERT INTO sample_draws(drawn_at, actor, year, parameters, seed, supersedes_id, supersede_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """
            ).run([
                ISO8601DateFormatter().string(from: Date()), actor, parameters.year,
                String(decoding: try encoder.encode(parameters), as: UTF8.self), seed, supersedes?.id, supersedes?.reason,
            ])
            let drawID = try database.lastInsertRowID
            let insert = try database.prepare(
                """
                INSERT INTO sample_draw_cases(draw_id, position, case_id, case_number, stratum, findings) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """)
            for (position, (id, drawn)) in zip(ids, cases).enumerated() {
                try insert.run([
                    drawID, position + 1, id, drawn.caseNumber, drawn.stratum,
                    String(decoding: try encoder.encode(drawn.findings), as: UTF8.self),
                ])
            }
            return drawID
        }
        return result
    }
}

/// A recorded draw as listed: who drew it, when, for which year, and what it replaced.
public struct RecordedDraw: Codable, Sendable {
    public var id: Int64
    public var drawnAt: String
    public var actor: String
    public var year: Int
    public var seed: String
    public var cases: Int
    public var supersedesId: Int64?
    public var supersedeReason: String?
    /// Set when a later draw replaced this one.
    public var supersededById: Int64?
}

extension DrawRecorder {
    /// Every recorded draw, newest first.
    public func recordedDraws() throws -> [RecordedDraw] {
        try database.prepare(
            """
            SELECT d.id, d.drawn_at, d.actor, d.year, d.seed, (SELECT count(*) FROM sample_draw_cases WHERE draw_id = d.id),
            d.supersedes_id, d.supersede_reason, (SELECT max(id) FROM sample_draws WHERE supersedes_id = d.id)
            FROM sample_draws d ORDER BY d.id DESC
            """
        ).rows { row in
            RecordedDraw(
                id: row.int64(0), drawnAt: row.string(1), actor: row.string(2), year: row.int(3), seed: row.string(4),
                cases: row.int(5), supersedesId: row.isNull(6) ? nil : row.int64(6), supersedeReason: row.optionalString(7),
                supersededById: row.isNull(8) ? nil : row.int64(8))
        }
    }

    /// A recorded draw with its cases and the findings stored when it was drawn (the checks are
    /// not run again: the record shows what the draw found). Strata list the drawn counts only;
    /// the population sizes are in the result of the draw itself.
    public func recordedDraw(id: Int64) throws -> DrawResult? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard
            let header = try database.prepare("SELECT seed, parameters FROM sample_draws WHERE id = ?1").first(
                [id],
                { row in
                    (seed: row.string(0), parameters: row.string(1))
                }), let parameters = try? decoder.decode(DrawParameters.self, from: Data(header.parameters.utf8))
        else { return nil }
        let cases = try database.prepare(
            """
            SELECT dc.case_number, COALESCE(c.agency, ''), c.case_type, s.name, dc.stratum, dc.findings
            FROM sample_draw_cases dc JOIN cases c ON c.id = dc.case_id LEFT JOIN subjects s ON s.id = c.subject_id
            WHERE dc.draw_id = ?1 ORDER BY dc.position
            """
        ).rows([id]) { row in
            DrawResult.DrawnCase(
                caseNumber: row.string(0), agency: row.string(1), caseType: row.string(2), subjectName: row.optionalString(3),
                stratum: row.string(4), findings: (try? decoder.decode([Finding].self, from: Data(row.string(5).utf8))) ?? [])
        }
        var strata: [DrawResult.StratumSize] = []
        for drawn in cases {
            if let index = strata.firstIndex(where: { $0.stratum == drawn.stratum }) {
                strata[index].drawn += 1
            } else {
                strata.append(.init(stratum: drawn.stratum, population: 0, drawn: 1))
            }
        }
        return DrawResult(drawId: id, seed: header.seed, parameters: parameters, strata: strata, cases: cases)
    }
}

public enum DrawError: Error, CustomStringConvertible {
    case unknownDraw(Int64)
    case emptyPopulation(Int)

    public var description: String {
        switch self {
        case .unknownDraw(let id): return "要取代的抽查记录 #\(id) 不存在"
        case .emptyPopulation(let year): return "\(year) 年度没有可抽取的案件(按决定日期,且未被排除),未记录抽查"
        }
    }
}
