import ArgumentParser
import Ingestion
import Jobs
import Survey

#if canImport(Glibc)
    import Glibc
#endif

/// What the job commands share: the pipeline configured from the options, a progress line on
/// the terminal, and the printing of what the pipeline reports.
struct JobShell {
    let input: DatasetOptions
    let report: ReportOptions
    let pipeline: JobPipeline
    let progress: Progress

    init(input: DatasetOptions, report: ReportOptions) {
        self.input = input
        self.report = report
        let progress = Progress(quiet: report.quiet)
        self.progress = progress
        pipeline = JobPipeline(configuration: report.configuration, observer: { progress.show($0) })
        // A file size limit (`ulimit -f`) must make a write fail with EFBIG, which the report
        // folder cleans up after and reports, rather than kill the process half-way.
        _ = signal(SIGXFSZ, SIG_IGN)
    }

    /// The loading stage on the registry and `surveys`, every problem printed.
    func load(_ surveys: Set<DatasetLoader.Kind>) -> LoadedDataset {
        let dataset = pipeline.load(input.jobInputs(surveys))
        progress.finish()
        Console.print(dataset.diagnostics)
        return dataset
    }

    /// The other stages of `job`: where the report was written, or why it was not.
    func run(_ job: Job, on dataset: LoadedDataset) throws(JobFailure) {
        let written: WrittenReport
        do {
            written = try pipeline.run(job, on: dataset)
        } catch {
            progress.finish()
            Console.error(error.message)
            throw error
        }
        progress.finish()
        if !report.quiet {
            print("\(job): wrote \(written.folder.path) (\(written.fileCount) files)")
        }
    }

    /// One job on the surveys it reads; its failure is the command's exit status.
    func runAlone(_ job: Job) throws {
        do {
            try run(job, on: load([job.survey]))
        } catch {
            throw ExitStatus(error.kind).exitCode
        }
    }
}

/// `--year Y`, shared by the yearly jobs.
struct YearOption: ParsableArguments {
    @Option(help: "The year, like 2014.")
    var year: Int

    func validate() throws {
        guard Period.years.contains(year) else { throw ValidationError(Period.outOfRange("--year \(year)")) }
    }
}

/// `observatory gender --year Y`.
struct GenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gender", abstract: "Write the gender-equality observatory of one year.")

    @OptionGroup var period: YearOption
    @OptionGroup var input: DatasetOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try JobShell(input: input, report: report).runAlone(.gender(year: period.year))
    }
}

/// `observatory funding --year Y`.
struct FundingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funding", abstract: "Write the public-funding shares of one year.")

    @OptionGroup var period: YearOption
    @OptionGroup var input: DatasetOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try JobShell(input: input, report: report).runAlone(.funding(year: period.year))
    }
}

/// `observatory egapro --year Y`.
struct EgaproCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "egapro", abstract: "Write the members' Egapro index of one year.")

    @OptionGroup var period: YearOption
    @OptionGroup var input: DatasetOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try JobShell(input: input, report: report).runAlone(.egapro(year: period.year))
    }
}

/// `observatory barometer --quarter Q`.
struct BarometerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "barometer", abstract: "Write the quarterly barometer of one quarter.")

    @Option(help: "The quarter, like 2014-Q4.")
    var quarter: String

    @OptionGroup var input: DatasetOptions
    @OptionGroup var report: ReportOptions

    func validate() throws {
        guard let q = Quarter(label: quarter) else {
            throw ValidationError("--quarter '\(quarter)' is not a quarter like 2014-Q4")
        }
        guard q.isSupported else { throw ValidationError(Period.outOfRange("--quarter \(q)")) }
    }

    func run() throws {
        try JobShell(input: input, report: report).runAlone(.barometer(Quarter(label: quarter)!))
    }
}
