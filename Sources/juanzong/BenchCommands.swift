import ArgumentParser

struct GenerateCorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate-corpus", abstract: "生成测试语料(占位)")
    func run() throws {}
}

struct BenchIngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-ingest", abstract: "导入基准测试(占位)")
    func run() throws {}
}
