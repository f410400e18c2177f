import ArgumentParser
import Ingestion
import Survey

/// `observatory run`: every job on the latest period of each input (SPEC 2).
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every job on the latest period of each input.")

    @OptionGroup var input: DatasetOptions
    @OptionGroup var report: ReportOptions

    /// Each job runs whatever became of the others (a broken funding file does not stop the
    /// barometer); a closing line gives each job's outcome, and the exit code is the worst.
    func run() throws {
        let runner = JobRunner(input: input, report: report)
        let loaded = runner.load(Set(DatasetLoader.Kind.allCases))
        // Without a registry no job can run (the loader has said why).
        if let registry = loaded.failures.first(where: { $0.kind == nil }) {
            throw registry.problem.kind == .missing ? Outcome.missingInput : Outcome.unusableInput
        }
        let plan = JobPlan(loaded)
        var worst: Int32 = 0
        var written: [String] = [], failed: [String] = []
        func attempt(_ name: String, _ job: () throws -> Void) {
            do {
                try job()
                written.append(name)
            } catch let code as ExitCode {
                failed.append("\(name) (exit \(code.rawValue))")
                worst = max(worst, code.rawValue)
            } catch {
                failed.append("\(name) (\(error))")
                worst = max(worst, 70)
            }
        }
        // A folder holding only files that could not be used has no period to run: say so.
        for kind in DatasetLoader.Kind.allCases where plan.period(kind) == nil {
            if let failure = loaded.failures.first(where: { $0.kind == kind }) {
                Console.error("\(runner.datasetPath(failure.relativePath)):1:-: error: no \(kind.rawValue) report is written: no usable file in \(kind.rawValue)/")
                failed.append("\(kind.rawValue) (exit \(Outcome.unusableInput.rawValue))")
                worst = max(worst, Outcome.unusableInput.rawValue)
            }
        }
        if let q = plan.quarter { attempt("barometer \(q)") { try runner.barometer(q, loaded: loaded) } }
        if let y = plan.genderYear { attempt("gender \(y)") { try runner.gender(y, loaded: loaded) } }
        if let y = plan.fundingYear { attempt("funding \(y)") { try runner.funding(y, loaded: loaded) } }
        // The outcome of every job in one line, when one failed: the reasons are above.
        if !failed.isEmpty {
            Console.error("run: not written: \(failed.joined(separator: ", "))"
                          + (written.isEmpty ? "; nothing else to write" : "; written: \(written.joined(separator: ", "))"))
        }
        if worst != 0 { throw ExitCode(worst) }
    }
}

/// The latest period of each job, from the names of the files present (usable or not): a
/// broken file for the latest period fails that job rather than letting an older period be
/// published as the latest.
struct JobPlan {
    var quarter: Quarter?
    var genderYear: Int?
    var fundingYear: Int?

    init(_ loaded: LoadResult) {
        quarter = loaded.periodFiles[.barometer]?.keys.compactMap { Quarter(label: $0) }.max()
        genderYear = loaded.periodFiles[.gender]?.keys.compactMap { Int($0) }.max()
        fundingYear = loaded.periodFiles[.funding]?.keys.compactMap { Int($0) }.max()
    }

    func period(_ kind: DatasetLoader.Kind) -> String? {
        switch kind {
        case .barometer: quarter?.description
        case .gender: genderYear.map(String.init)
        case .funding: fundingYear.map(String.init)
        }
    }
}
