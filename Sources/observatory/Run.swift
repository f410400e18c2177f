import ArgumentParser
import Ingestion
import Jobs

/// `observatory run`: every job on the latest period of each input (SPEC 2).
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every job on the latest period of each input.")

    @OptionGroup var input: DatasetOptions
    @OptionGroup var report: ReportOptions

    /// Each job runs whatever became of the others (a broken funding file does not stop the
    /// barometer); a closing line gives each job's outcome, and the exit status is the worst.
    func run() throws {
        let shell = JobShell(input: input, report: report)
        let dataset = shell.load(Set(DatasetLoader.Kind.allCases))
        // Without a registry no job can run (the loader has said why).
        if let failure = dataset.registryFailure { throw ExitStatus(failure).exitCode }
        let plan = JobPlan(dataset)
        var worst = ExitStatus.ok
        var written: [String] = [], failed: [String] = []
        // A folder holding only files that could not be used has no period to run: say so.
        for (survey, failure) in plan.refused {
            Console.error(failure.message)
            let status = ExitStatus(failure.kind)
            failed.append("\(survey.rawValue) (exit \(status.rawValue))")
            worst = max(worst, status)
        }
        for job in plan.jobs {
            do {
                try shell.run(job, on: dataset)
                written.append(job.description)
            } catch {
                let status = ExitStatus(error.kind)
                failed.append("\(job) (exit \(status.rawValue))")
                worst = max(worst, status)
            }
        }
        // The outcome of every job in one line, when one failed: the reasons are above.
        if !failed.isEmpty {
            Console.error(
                "run: not written: \(failed.joined(separator: ", "))"
                    + (written.isEmpty ? "; nothing else to write" : "; written: \(written.joined(separator: ", "))"))
        }
        if worst != .ok { throw worst.exitCode }
    }
}
