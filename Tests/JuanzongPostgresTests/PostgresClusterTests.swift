import Foundation
import JuanzongPostgres
import JuanzongPostgresTesting
import Testing

/// Real PostgreSQL 15 clusters on loopback, made by the tests themselves: a primary answering
/// parameterized queries through libpq, a streaming replica that follows it, refuses writes and,
/// once the primary is stopped and the replica promoted, takes them with nothing committed lost.
@Suite(.enabled(if: PostgresCluster.isInstalled, "需要 PostgreSQL 15(scripts/setup.sh 安装)"), .serialized)
struct PostgresClusterTests {
    static func temporaryDirectory(_ name: String) throws -> URL {
        let directory = URL(fileURLWithPath: "/tmp/juanzong-pg-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func aPrimaryAnswersParameterizedQueriesInChineseAndReportsSQLState() throws {
        let root = try Self.temporaryDirectory("primary")
        defer { try? FileManager.default.removeItem(at: root) }
        let primary = try PostgresCluster.startPrimary(in: root.appendingPathComponent("primary"))
        defer { try? primary.stop() }
        try primary.createDatabase("archive")
        let connection = try PostgresConnection(url: primary.url(database: "archive"))
        try connection.execute("CREATE TABLE subjects(id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, identifier text)")
        let inserted = try connection.query(
            "INSERT INTO subjects(name, identifier) VALUES ($1, $2) RETURNING id", ["上海奉贤鲜味餐饮管理有限公司", nil])
        #expect(inserted == [["1"]])
        #expect(try connection.query("SELECT name, identifier FROM subjects WHERE id = $1", ["1"]) == [["上海奉贤鲜味餐饮管理有限公司", nil]])

        // A second insert of the same name breaks the constraint: the caller can tell why.
        let duplicate = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO subjects(name) VALUES ($1)", ["上海奉贤鲜味餐饮管理有限公司"])
        }
        #expect(duplicate?.isUniqueViolation == true)
        #expect(duplicate?.description.hasPrefix("PostgreSQL 错误 23505") == true)

        // A transaction that throws leaves nothing behind.
        struct Abandoned: Error {}
        #expect(throws: Abandoned.self) {
            try connection.transaction {
                try connection.query("INSERT INTO subjects(name) VALUES ($1)", ["张三"])
                throw Abandoned()
            }
        }
        #expect(try connection.query("SELECT count(*) FROM subjects") == [["1"]])

        // COPY loads rows in bulk, text with tabs, line breaks and backslashes intact, NULL as NULL.
        let texts = ["决定书\t第一页\r\n第二页", "路径 C:\\案卷\\1.pdf", "普通文本"]
        try connection.execute("CREATE TABLE documents(id bigint PRIMARY KEY, text text)")
        try connection.copy(
            into: "documents", columns: ["id", "text"], rows: texts.enumerated().map { [String($0.offset + 1), $0.element] } + [["4", nil]])
        #expect(try connection.query("SELECT text FROM documents ORDER BY id").map { $0[0] } == texts + [nil])
        // In binary form too; a value of the wrong type fails the COPY, and the connection goes on.
        try connection.copyBinary(into: "documents", columns: ["id", "text"], rows: [[.int64(5), .text("二进制\t行")]])
        #expect(throws: PostgresError.self) {
            try connection.copyBinary(into: "documents", columns: ["id", "text"], rows: [[.int32(6), .text("类型不对")]])
        }
        #expect(try connection.query("SELECT text FROM documents WHERE id > 4") == [["二进制\t行"]])

        // A refused connection names the address and libpq's reason.
        let refused = #expect(throws: PostgresError.self) { try PostgresConnection(url: "postgresql://juanzong@127.0.0.1:1/postgres") }
        #expect(refused?.description.contains("无法连接 postgresql://juanzong@127.0.0.1:1/postgres") == true)
    }

    @Test func aStatementReadAheadTravelsWithTheNextReadOrIsAnsweredAlone() throws {
        // A database of the tests' shared cluster: this needs no cluster of its own.
        let url = try SharedTestCluster.newDatabase()
        let reader = try PostgresConnection(url: url)
        let writer = try PostgresConnection(url: url)
        try writer.execute("CREATE TABLE batches(id bigint PRIMARY KEY)")
        let count = "SELECT count(*) FROM batches"
        func number(_ rows: [[[UInt8]?]]) -> Int64? { rows.first?.first??.reduce(Int64(0)) { $0 << 8 | Int64($1) } }

        // Queued, it is sent with the next read: it sees a row committed after it was queued.
        let ahead = try reader.readAhead(count)
        try writer.execute("INSERT INTO batches VALUES (1)")
        let read = try reader.binaryQuery("SELECT id FROM batches WHERE id = $1", ["1"])
        #expect(read.count == 1)
        #expect(number(try ahead.rows()) == 1)

        // Another call that waits comes first: it is answered alone, before that call.
        let before = try reader.readAhead(count)
        try reader.execute("INSERT INTO batches VALUES (2)")
        #expect(number(try before.rows()) == 1)

        // Asked for before any read: answered alone then.
        let alone = try reader.readAhead(count)
        #expect(number(try alone.rows()) == 2)

        // A statement read ahead that fails reports its error to its reader only; the read it
        // travelled with is answered.
        try writer.execute("CREATE TABLE doomed(id bigint)")
        let failing = try reader.readAhead("SELECT count(*) FROM doomed")
        try writer.execute("DROP TABLE doomed")
        #expect(try reader.binaryQuery("SELECT id FROM batches ORDER BY id").count == 2)
        let failure = #expect(throws: PostgresError.self) { try failing.rows() }
        #expect(failure?.sqlState == "42P01")
        #expect(failure?.message.contains("doomed") == true, "\(String(describing: failure))")
    }

    @Test func aStreamingReplicaFollowsRefusesWritesAndIsPromotedWithNothingLost() throws {
        let root = try Self.temporaryDirectory("replica")
        defer { try? FileManager.default.removeItem(at: root) }
        let primary = try PostgresCluster.startPrimary(in: root.appendingPathComponent("primary"))
        defer { try? primary.stop() }
        try primary.createDatabase("archive")
        let replica = try primary.startReplica(in: root.appendingPathComponent("replica"), name: "replica")
        defer { try? replica.stop() }
        try primary.requireSynchronousStandby("replica")

        let writer = try PostgresConnection(url: primary.url(database: "archive"))
        try writer.execute("CREATE TABLE audit_log(seq bigint PRIMARY KEY, action text NOT NULL)")
        // With synchronous replication a commit returns once the replica has it.
        #expect(try writer.query("SELECT sync_state FROM pg_stat_replication WHERE application_name = 'replica'") == [["sync"]])
        for seq in 1...50 { try writer.query("INSERT INTO audit_log VALUES ($1, $2)", [String(seq), "检索"]) }

        try replica.catchUp(with: primary)
        let reader = try PostgresConnection(url: replica.url(database: "archive"))
        #expect(try reader.query("SELECT count(*), max(seq) FROM audit_log") == [["50", "50"]])
        #expect(try reader.query("SELECT pg_is_in_recovery()") == [["t"]])
        let refused = #expect(throws: PostgresError.self) { try reader.query("INSERT INTO audit_log VALUES (51, '写入')") }
        #expect(refused?.sqlState == "25006")

        // The primary goes away; the replica is promoted and takes the writes, the 50 rows intact.
        try primary.stop()
        try replica.promote()
        let promoted = try PostgresConnection(url: replica.url(database: "archive"))
        #expect(try promoted.query("SELECT pg_is_in_recovery()") == [["f"]])
        try promoted.query("INSERT INTO audit_log VALUES ($1, $2)", ["51", "导出"])
        #expect(try promoted.query("SELECT count(*), max(seq) FROM audit_log") == [["51", "51"]])
    }
}
