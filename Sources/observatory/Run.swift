import ArgumentParser
import Ingestion
import Survey

/// `observatory run`: every job on the latest period of each input (SPEC 2).
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every job on the latest period of each input.")

    @OptionGroup var input: DatasetOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let runner = JobRunner(input: input, report: report)
        let loaded = try runner.load(Set(DatasetLoader.Kind.allCases))
        let plan = JobPlan(loaded.dataset)
        if let q = plan.quarter { try runner.barometer(q, loaded: loaded) }
        if let y = plan.genderYear { try runner.gender(y, loaded: loaded) }
        if let y = plan.fundingYear { try runner.funding(y, loaded: loaded) }
    }
}

/// The latest period of each job found in the datasets.
struct JobPlan {
    var quarter: Quarter?
    var genderYear: Int?
    var fundingYear: Int?

    init(_ dataset: Dataset) {
        quarter = dataset.barometer.keys.max()
        genderYear = dataset.gender.keys.max()
        fundingYear = dataset.funding.keys.max()
    }
}
