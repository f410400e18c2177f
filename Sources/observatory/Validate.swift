import ArgumentParser
import Ingestion
import Jobs

/// `observatory validate`: parse and check every input, print every problem, write nothing.
/// Exit 0 when no row is rejected with an error, 1 when some are, 65/66 when a file is
/// unusable/missing.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse and check every input file; write nothing.")

    @OptionGroup var input: DatasetOptions

    @Flag(help: "Print only problems.")
    var quiet = false

    func run() throws {
        let progress = Progress(quiet: quiet)
        let dataset = JobPipeline.load(
            input.jobInputs(Set(DatasetLoader.Kind.allCases)), observer: { progress.show($0) })
        progress.finish()
        Console.print(dataset.diagnostics)
        if !quiet {
            print(Console.summary(dataset.result))
            let errors = dataset.diagnostics.filter { $0.severity == .error }.count
            let warnings = dataset.diagnostics.count - errors
            print("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        }
        if let failure = dataset.validation { throw ExitStatus(failure).exitCode }
    }
}
