import ArgumentParser

@main
struct Observatory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "observatory",
        abstract: "Turns the federation's survey returns into its barometer, gender-equality and funding publications.",
        subcommands: [Validate.self]
    )
}
