import Foundation
import Ingestion
import Reporting
import Statistics

/// The steps every job takes, from the members' returns to a published report folder.
///
/// The input is a datasets folder (`members.csv`, `barometer/`, `gender/`, `funding/`); the
/// output is one report folder under `--reports`, replaced whole or not at all. Which report
/// is made (barometer of a quarter, gender-equality observatory or public-funding shares of a
/// year) is the `Job` handed to the computing stage.
///
/// The pipeline goes through four stages, each handing the next a named type:
/// 1. Loading: `JobInputs` -> `LoadedDataset`, which reads the registry and the surveys
///    (Ingestion: each file read once, its rows checked, its SHA-256 taken from the same
///    bytes). Row problems are diagnostics in the loaded dataset, never thrown: one run
///    shows every problem, and a broken file stops only the jobs that read it.
/// 2. Computing: `LoadedDataset` -> `JobTables`, which checks that the job's files are there
///    and usable, that the period has usable rows and lost no more than `--max-rejected` of
///    them (none with `--strict`), reads the vintage of the barometer's earlier quarters,
///    and computes the indicator tables with their confidentiality and disclosure audit
///    (Statistics).
/// 3. Rendering: `JobTables` -> `RenderedReport`, which turns the tables into the report's
///    files in memory: the job's CSV files and note, `rejects.csv` and `manifest.json`
///    (Reporting).
/// 4. Writing: `RenderedReport` -> `WrittenReport`, which replaces the report folder
///    atomically (`ReportFolder`).
///
/// A stage that cannot go on throws a `JobFailure`: what kind of failure it is (the command
/// line maps it to an exit code) and the one `FILE:LINE:COLUMN: error:` line that says why.
/// The pipeline prints nothing; it tells an observer which stage it is in (`PipelineEvent`),
/// for a progress line.
public struct JobPipeline: Sendable {
    /// The input of the loading stage: where the returns are and which surveys to read.
    public typealias RawInput = JobInputs
    /// An output of the loading stage and the input of the computing stage.
    public typealias Loaded = LoadedDataset
    /// An output of the computing stage and the input of the rendering stage.
    public typealias Computed = JobTables
    /// An output of the rendering stage and the input of the writing stage.
    public typealias Rendered = RenderedReport
    /// An output of the writing stage: the folder on disk.
    public typealias Written = WrittenReport

    /// The version the manifests record (`"version"`), and `observatory --version` prints.
    public static let toolVersion = "0.1.0"

    /// Where reports go and how they are made.
    public var configuration: JobConfiguration
    /// Told what the pipeline is doing, for a progress line; called from the caller's thread.
    public var observer: @Sendable (PipelineEvent) -> Void

    /// A pipeline with `configuration`, telling `observer` what it does.
    public init(configuration: JobConfiguration, observer: @escaping @Sendable (PipelineEvent) -> Void = { _ in }) {
        self.configuration = configuration
        self.observer = observer
    }

    /// Runs the computing, rendering and writing stages of `job` on a loaded dataset (one
    /// loading can serve several jobs: `observatory run`).
    public func run(_ job: Job, on dataset: Loaded) throws(JobFailure) -> Written {
        try write(render(compute(job, from: dataset)))
    }

    /// Runs the whole pipeline for one job, reading only the surveys it needs.
    public func run(_ job: Job, inputs: RawInput) throws(JobFailure) -> Written {
        try run(job, on: load(inputs))
    }
}

/// What a job run is configured with besides its inputs: where reports go and how they are
/// made (the options every job takes, SPEC 2).
public struct JobConfiguration: Sendable {
    /// The folder the reports are written into, as given (messages show paths under it).
    public var reports: String
    /// Dialect, language, confidentiality rules and rejection limits, recorded in the manifest.
    public var settings: ReportSettings

    /// Reports into the folder `reports`, made with `settings`.
    public init(reports: String, settings: ReportSettings) {
        self.reports = reports
        self.settings = settings
    }

    /// The confidentiality rules the statistics apply, from the settings.
    var rules: Confidentiality {
        Confidentiality(
            minCell: settings.minCell, dominance: settings.dominance, enabled: settings.suppression,
            pRule: settings.pRule)
    }
}

/// What the pipeline is doing, for a progress line.
public enum PipelineEvent: Sendable, Equatable {
    /// The loading stage is about to read this file (relative to the datasets folder).
    case reading(String)
    /// The computing stage has checked the job's inputs and computes its tables.
    case computing(Job)
    /// The writing stage is about to write the job's folder.
    case writing(Job)
}
