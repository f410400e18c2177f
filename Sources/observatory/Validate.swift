import ArgumentParser
import Ingestion

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse and check every input file; write nothing.")
    @Option var datasets = "Datasets"
    func run() throws {
        let result = DatasetLoader(root: datasets).load()
        for d in result.diagnostics { print(d) }
        throw ExitCode(result.exitCode)
    }
}
