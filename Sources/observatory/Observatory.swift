import ArgumentParser

/// The `observatory` command: a thin shell over the libraries. It parses arguments, reads
/// and writes files, prints diagnostics on stderr and picks the exit code (sysexits, as
/// ArgumentParser does: 64 usage, 65 unusable input, 66 missing input, 73 cannot write).
@main
struct Observatory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "observatory",
        abstract: "Turns the federation's survey returns into its barometer, gender-equality and funding publications.",
        version: observatoryVersion,
        subcommands: [Run.self, BarometerCommand.self, GenderCommand.self, FundingCommand.self, AuditCommand.self, Validate.self, Generate.self, IngestBenchmark.self]
    )
}

let observatoryVersion = "0.1.0"
