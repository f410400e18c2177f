import ArgumentParser
import Ingestion

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
        let result = DatasetLoader(root: input.datasets, options: input.readOptions, willRead: progress.update).load()
        progress.finish()
        Console.print(result.diagnostics)
        if !quiet {
            print(Console.summary(result))
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            let warnings = result.diagnostics.count - errors
            print("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
