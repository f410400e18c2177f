import ArgumentParser
import Jobs

/// The `observatory` command: a thin shell over the libraries. It parses arguments, calls
/// the job pipeline (`Jobs`), prints diagnostics on stderr and results on stdout, and picks
/// the exit code (`ExitStatus`: sysexits, as ArgumentParser does).
@main
struct Observatory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "observatory",
        abstract:
            "Turns the federation's survey returns into its barometer, gender-equality, funding and Egapro publications.",
        version: JobPipeline.toolVersion,
        subcommands: [
            Run.self, BarometerCommand.self, GenderCommand.self, FundingCommand.self, EgaproCommand.self,
            AuditCommand.self,
            Validate.self,
            Generate.self, IngestBenchmark.self,
        ]
    )
}
