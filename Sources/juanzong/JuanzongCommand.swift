import ArgumentParser

@main
struct JuanzongCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "juanzong", abstract: "行政执法案卷归档与检索")
}
