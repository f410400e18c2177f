import ArgumentParser
import Ingestion
import Survey

/// `observatory run`: every job on the latest period of each. The jobs arrive with their
/// issues; until then `run` reads and checks the inputs and says what it would run.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every job on the latest period of each input.")

    @OptionGroup var input: DatasetOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let progress = Progress(quiet: report.quiet)
        let result = DatasetLoader(root: input.datasets, options: input.readOptions, willRead: progress.update).load()
        progress.finish()
        Console.print(result.diagnostics)
        if !result.fileProblems.isEmpty { throw ExitCode(result.exitCode) }
        if !report.quiet { print(Console.summary(result)) }
        let plan = JobPlan(result.dataset)
        if !report.quiet {
            print("would run: " + plan.description + " (the jobs are not built yet; nothing is written to \(report.reports))")
        }
        if report.strict && result.files.contains(where: { $0.rejected > 0 }) { throw ExitCode(1) }
    }
}

/// The latest period of each job found in the datasets.
struct JobPlan: CustomStringConvertible {
    var quarter: Quarter?
    var genderYear: Int?
    var fundingYear: Int?

    init(_ dataset: Dataset) {
        quarter = dataset.barometer.keys.max()
        genderYear = dataset.gender.keys.max()
        fundingYear = dataset.funding.keys.max()
    }

    var description: String {
        var jobs: [String] = []
        if let quarter { jobs.append("barometer \(quarter)") }
        if let genderYear { jobs.append("gender \(genderYear)") }
        if let fundingYear { jobs.append("funding \(fundingYear)") }
        return jobs.isEmpty ? "no job (no input period found)" : jobs.joined(separator: ", ")
    }
}
