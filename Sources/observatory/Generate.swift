import ArgumentParser
import Foundation
import SampleGenerator
import Survey

/// `observatory generate`: writes the deterministic synthetic sample (SAMPLE.md).
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a realistic synthetic sample of the four input files.")

    @Option(help: "Folder to write into (created if needed).")
    var out: String

    @Option(help: "Seed of the generator: the same seed gives the same bytes.")
    var seed: UInt64 = 2014

    @Option(help: "Number of members (523 in the federation's 2014 network); totals scale with it.")
    var members = 523

    @Option(help: "First quarter of barometer returns.")
    var from: String = "2013-Q1"

    @Option(help: "Last quarter of barometer returns.")
    var to: String = "2014-Q4"

    @Option(help: "Comma-separated subset of barometer,gender,funding,egapro to write (members.csv is always written).")
    var only: String?

    func validate() throws {
        guard members >= 1 && members <= 50_000_000 else {
            throw ValidationError("--members must be between 1 and 50000000")
        }
        guard let f = Quarter(label: from) else {
            throw ValidationError("--from '\(from)' is not a quarter like 2013-Q1")
        }
        guard let t = Quarter(label: to) else { throw ValidationError("--to '\(to)' is not a quarter like 2014-Q4") }
        guard f <= t else { throw ValidationError("--from must not be after --to") }
        // The sample's figures grow from 2014 by a yearly factor: far years would overflow them.
        guard f.year >= 1990 && t.year <= 2100 else {
            throw ValidationError("--from and --to must be between 1990 and 2100")
        }
        if let only {
            for part in only.split(separator: ",")
            where !["barometer", "gender", "funding", "egapro"].contains(String(part)) {
                throw ValidationError("--only takes barometer, gender, funding and egapro, not '\(part)'")
            }
        }
    }

    func run() throws {
        var parameters = SampleParameters()
        parameters.seed = seed
        parameters.members = members
        parameters.from = Quarter(label: from)!
        parameters.to = Quarter(label: to)!
        if let only {
            let parts = Set(only.split(separator: ",").map(String.init))
            parameters.includeBarometer = parts.contains("barometer")
            parameters.includeGender = parts.contains("gender")
            parameters.includeFunding = parts.contains("funding")
            parameters.includeEgapro = parts.contains("egapro")
        }
        let root = URL(fileURLWithPath: out)
        try SampleGenerator(parameters).generate { relative, bytes in
            let target = root.appendingPathComponent(relative)
            do {
                try FileManager.default.createDirectory(
                    at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: target, options: .atomic)
            } catch {
                Console.error("\(target.path):1:-: error: cannot write the file: \(error.localizedDescription)")
                throw ExitStatus.cantCreate.exitCode
            }
        }
    }
}
