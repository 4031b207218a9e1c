@testable import JuanzongIndexer
import Foundation
import JuanzongBenchmarks
import JuanzongCore
import JuanzongStore
import Testing

@Suite("A run killed with SIGKILL and started again ends like an uninterrupted run", .serialized)
struct CrashResumeTests {
    /// The `juanzong` executable built beside the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("juanzong")
    }

    func runIngest(_ corpus: URL, archive: URL) throws -> ChildProcess {
        try ChildProcess(Self.executable.path, ["ingest", corpus.path, "--archive", archive.path, "--batch-files", "200"])
    }

    func documentCount(_ archive: URL) -> Int {
        guard let database = try? Database(path: archive.appendingPathComponent("juanzong.sqlite").path, readOnly: true),
            let count = try? database.prepare("SELECT count(*) FROM documents").first([], { $0.int(0) })
        else { return 0 }
        return count
    }

    @Test func killedRunResumes() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "先运行 swift build 生成 juanzong")
        let corpus = try TestSupport.temporaryDirectory("corpus")
        let total = try CorpusGenerator(cases: 600, seed: 7).write(to: corpus)

        let reference = try TestSupport.temporaryDirectory("reference")
        let uninterrupted = try runIngest(corpus, archive: reference)
        // Exit 1, "some problems": one case in ten has a recorder sidecar whose video is not handed in.
        #expect(uninterrupted.wait() == 1)
        #expect(documentCount(reference) == total)

        let crashed = try TestSupport.temporaryDirectory("crashed")
        let victim = try runIngest(corpus, archive: crashed)
        let deadline = Date().addingTimeInterval(60)
        while documentCount(crashed) == 0, victim.isRunning, Date() < deadline { usleep(5_000) }
        victim.terminate(SIGKILL)
        #expect(victim.wait() == 128 + SIGKILL)
        let partial = documentCount(crashed)
        #expect(partial > 0 && partial < total, "应在导入途中被终止(已写入 \(partial)/\(total))")

        let resumed = try runIngest(corpus, archive: crashed)
        #expect(resumed.wait() == 1)
        #expect(try TestSupport.content(crashed) == TestSupport.content(reference))
    }
}
