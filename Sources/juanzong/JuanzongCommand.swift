import ArgumentParser
import Foundation
import JuanzongStore

@main
struct JuanzongCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "juanzong",
        abstract: "行政执法案卷归档与全文检索(一户式档案)",
        subcommands: [
            IngestCommand.self, SearchCommand.self, PrecedentCommand.self, SubjectCommand.self, CaseCommand.self, DocCommand.self, FixityCommand.self,
            OptimizeCommand.self, ExportCommand.self, VerifyCommand.self, SampleCommand.self, ScoreCommand.self, ReportCommand.self,
            CalendarCommand.self, ReviewCommand.self, ServeCommand.self, UserCommand.self, AuditCommand.self, BenchServeCommand.self,
            GenerateCorpusCommand.self, BenchIngestCommand.self, BenchInferenceCommand.self, BenchSearchCommand.self, BenchExportCommand.self,
            BenchSampleCommand.self, BenchLargeFilesCommand.self, BenchOCRCommand.self, BenchReplicationCommand.self, BenchPostgresSearchCommand.self,
            BenchStoresCommand.self,
        ]
    )

    static func main() async {
        // libarchive needs a UTF-8 locale for Chinese member names.
        setlocale(LC_ALL, "C.UTF-8")
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// Options every command shares.
struct ArchiveOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "档案库目录,或 PostgreSQL 档案库的连接地址 postgresql://用户@主机:端口/库名(默认 $JUANZONG_ARCHIVE,否则 ./juanzong-archive)")
    var archive: String?

    @Option(name: .long, help: "PostgreSQL 档案库的原件目录,各服务器都能访问的共享目录(默认 $JUANZONG_OBJECTS)")
    var objects: String?

    @Flag(name: .long, help: "以 JSON 输出(键为英文 snake_case)")
    var json = false

    /// The archive these options name.
    var location: ArchiveLocation { ArchiveLocation(path: archive, objects: objects) }
}
