import Foundation
import JuanzongCore
@testable import JuanzongStore
import Testing

@Suite("The archive's database")
struct DatabaseTests {
    static func archive() throws -> (ArchiveLocation, Database) {
        let location = ArchiveLocation(
            path: FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-store-\(UUID().uuidString)").path)
        return (location, try location.openForWriting().0)
    }

    /// Text is read by its length: a NUL inside comes back, in every text column of every table.
    @Test func textWithNULRoundTripsThroughEveryTextColumn() throws {
        let (_, database) = try Self.archive()
        try database.execute("PRAGMA foreign_keys = OFF")
        let value = "前\u{0}后 \u{0}"
        #expect(try database.prepare("SELECT ?1").first([value]) { $0.string(0) } == value)
        let tables = try database.prepare(
            """
            SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'document_search%'
            AND name NOT LIKE 'sqlite_%'
            """
        ).rows { $0.string(0) }
        var checked = 0
        for table in tables {
            let columns = try database.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)").rows([table]) {
                (name: $0.string(0), type: $0.string(1).uppercased(), notNull: $0.int(2) != 0, primaryKey: $0.int(3) != 0)
            }
            for column in columns where column.type == "TEXT" {
                // Other required columns get a plain value of their type; a CHECK of enumerated values refuses free text.
                let others = columns.filter { $0.name != column.name && ($0.notNull || ($0.primaryKey && $0.type != "INTEGER")) }
                let names = [column.name] + others.map(\.name)
                let values: [any SQLBindable] =
                    [value]
                    + others.map { other -> any SQLBindable in
                        switch other.type {
                        case "TEXT": return "x" + UUID().uuidString
                        case "REAL": return 1.0
                        default: return Int.random(in: 1...1_000_000)
                        }
                    }
                let placeholders = (1...names.count).map { "?\($0)" }.joined(separator: ", ")
                do {
                    try database.prepare("INSERT INTO \(table)(\(names.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES (\(placeholders))").run(
                        values)
                } catch let error as DatabaseError where error.message.contains("CHECK") {
                    continue
                }
                let read = try database.prepare("SELECT \"\(column.name)\" FROM \(table) WHERE \"\(column.name)\" = ?1").first([value]) {
                    $0.string(0)
                }
                #expect(read == value, "\(table).\(column.name)")
                checked += 1
            }
        }
        #expect(checked > 40)
    }

    @Test func theAuditChainHashesExactlyWhatItStores() throws {
        let (_, database) = try Self.archive()
        let log = AuditLog(database: database)
        try log.append([.init(actor: "a\u{0}b", action: "act\u{0}", target: "\u{0}t", detail: "{\"q\":\"x\u{0}y\"}")])
        let stored = try #require(try log.search().rows.first)
        #expect(stored.actor == "a\u{0}b" && stored.detail == "{\"q\":\"x\u{0}y\"}")
        #expect(try log.verify().intact)
    }

    @Test func migrationsAreNamedAppliedOnceAndReplayedFromAnyVersion() throws {
        let names = Schema.migrations.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(Schema.migrations.filter(\.rebuildsSearchIndex).map(\.name) == ["search_facets", "search_quadgrams", "search_han_spaces"])
        let (location, database) = try Self.archive()
        #expect(try database.prepare("PRAGMA user_version").first { $0.int(0) } == Schema.migrations.count)
        // Opening again changes nothing; an existing archive opens for writing, a missing one does not.
        _ = try location.openExistingForWriting()
        #expect(try database.prepare("PRAGMA user_version").first { $0.int(0) } == Schema.migrations.count)
        let missing = ArchiveLocation(path: location.root.appendingPathComponent("none").path)
        #expect(!missing.exists)
        #expect(throws: ArchiveError.self) { try missing.openExistingForWriting() }
        #expect(throws: ArchiveError.self) { try missing.openForReading() }
        #expect(!FileManager.default.fileExists(atPath: missing.root.path))
    }

    /// The step that lets a guideline (裁量基准) be a basis without an article keeps every basis
    /// of an archive whose table has the shape before it (article required, one row per
    /// citation, the role added by an earlier step), and then holds a provision in both roles.
    @Test func legalBasesSurviveTheStepThatMakesArticlesOptional() throws {
        let (location, database) = try Self.archive()
        try database.execute(
            """
            DROP TABLE case_legal_bases;
            CREATE TABLE case_legal_bases(
                case_id INTEGER NOT NULL REFERENCES cases(id), statute TEXT NOT NULL, statute_key TEXT NOT NULL,
                article INTEGER NOT NULL, clause INTEGER, item INTEGER, written TEXT NOT NULL, PRIMARY KEY(case_id, written)
            ) WITHOUT ROWID;
            CREATE INDEX legal_bases_by_article ON case_legal_bases(statute_key, article);
            ALTER TABLE case_legal_bases ADD COLUMN role TEXT NOT NULL DEFAULT 'applied' CHECK(role IN ('applied','violated'));
            INSERT INTO cases(id, case_number, case_number_key) VALUES (1, '冀环罚〔2024〕1号', '冀环罚〔2024〕1号');
            INSERT INTO case_legal_bases(case_id, statute, statute_key, article, clause, written, role)
                VALUES (1, '中华人民共和国大气污染防治法', '大气污染防治法', 119, 1, '《中华人民共和国大气污染防治法》第一百一十九条第一款', 'violated');
            PRAGMA user_version = \(Schema.migrations.count - 1);
            """)
        let migrated = try location.openExistingForWriting()
        try migrated.prepare("INSERT INTO case_legal_bases(case_id, statute, statute_key, written, role) VALUES (1, ?1, ?1, ?2, 'applied')").run([
            "河北省生态环境行政处罚裁量基准", "《河北省生态环境行政处罚裁量基准》",
        ])
        try migrated.execute(
            """
            INSERT INTO case_legal_bases(case_id, statute, statute_key, article, clause, written, role)
                VALUES (1, '中华人民共和国大气污染防治法', '大气污染防治法', 119, 1, '《中华人民共和国大气污染防治法》第一百一十九条第一款', 'applied');
            """)
        let rows = try migrated.prepare(
            "SELECT statute_key, ifnull(article, 0), ifnull(clause, 0), role FROM case_legal_bases ORDER BY article, role"
        ).rows {
            "\($0.string(0))|\($0.int(1))|\($0.int(2))|\($0.string(3))"
        }
        #expect(rows == ["河北省生态环境行政处罚裁量基准|0|0|applied", "大气污染防治法|119|1|applied", "大气污染防治法|119|1|violated"])
        #expect(
            try migrated.prepare("SELECT count(*) FROM pragma_index_list('case_legal_bases') WHERE name = 'legal_bases_by_article'").first {
                $0.int(0)
            } == 1)
        #expect(try migrated.prepare("PRAGMA foreign_key_check").rows { $0.string(0) }.isEmpty)
    }

    @Test func aTransactionInsideATransactionJoinsIt() throws {
        let (_, database) = try Self.archive()
        try database.execute("CREATE TABLE t(x)")
        #expect(throws: DatabaseError.self) {
            try database.transaction {
                try database.transaction { try database.execute("INSERT INTO t VALUES (1)") }
                try database.execute("INSERT INTO nowhere VALUES (1)")
            }
        }
        #expect(try database.prepare("SELECT count(*) FROM t").first { $0.int(0) } == 0)
    }
}

@Suite("What a reader may see")
struct DisclosureTests {
    let masked = Disclosure(masksIdentityNumbers: true, showsServerPaths: false, ingestRoots: ["/srv/input/SampleCases", "/srv/other/"])

    @Test func identityNumbersAreMaskedAndCreditCodesKept() {
        #expect(masked.identifier("441226199203152812", kind: "id_card", subjectKind: "person") == "4412261992*******2")
        #expect(masked.identifier("913101206300123455", kind: "uscc", subjectKind: "enterprise") == "913101206300123455")
        #expect(masked.text("身份证号 441226199203152812。") == "身份证号 4412261992*******2。")
        #expect(Disclosure.everything.text("441226199203152812") == "441226199203152812")
    }

    @Test func pathsStartAtTheIngestedFolder() {
        #expect(masked.sourcePath("/srv/input/SampleCases/市场监管/a.zip!/b.txt") == "SampleCases/市场监管/a.zip!/b.txt")
        #expect(masked.sourcePath("/srv/other/c.pdf") == "other/c.pdf")
        #expect(masked.sourcePath("/elsewhere/d.pdf") == "d.pdf")
        #expect(Disclosure.everything.sourcePath("/srv/other/c.pdf") == "/srv/other/c.pdf")
    }
}

@Suite("Ranking")
struct RankingTests {
    /// A catalog loaded before an ingest's batch counts fewer documents than the index matches.
    @Test func idfStaysAFiniteFloorWhenMoreDocumentsMatchThanTheCatalogCounts() {
        #expect(RankContext.idf(documents: 10, matching: 20) == 1e-6)
        #expect(RankContext.idf(documents: 0, matching: 3) == 1e-6)
        #expect(RankContext.idf(documents: 1_000, matching: 10) > 4)
    }
}
