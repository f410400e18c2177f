import Ingestion
import Survey

/// The input of the loading stage: a datasets folder laid out as SPEC 3.1 says, how to read
/// it, and which surveys to read besides the registry.
public struct JobInputs: Sendable {
    /// The folder as given on the command line; messages show paths under it.
    public var datasets: String
    /// How the files are read (`--encoding`, `--delimiter`).
    public var options: ReadOptions
    /// A job reads only its own survey, so that a broken funding file does not stop the barometer.
    public var surveys: Set<DatasetLoader.Kind>

    /// The inputs of the folder `datasets`.
    public init(
        datasets: String, options: ReadOptions = ReadOptions(),
        surveys: Set<DatasetLoader.Kind> = Set(DatasetLoader.Kind.allCases)
    ) {
        self.datasets = datasets
        self.options = options
        self.surveys = surveys
    }
}

/// The output of the loading stage: the accepted records, one report per file read (counts,
/// rejections, SHA-256) and the files that could not be used, each with what it stops.
public struct LoadedDataset: Sendable {
    /// What was asked for.
    public var inputs: JobInputs
    /// What reading it gave.
    public var result: LoadResult

    /// A loaded dataset.
    public init(inputs: JobInputs, result: LoadResult) {
        self.inputs = inputs
        self.result = result
    }

    /// Every problem of the files, in the order they were read, to be printed before anything
    /// a job says of them.
    public var diagnostics: [Diagnostic] { result.diagnostics }

    /// A file of the datasets folder as messages show it.
    public func path(_ relative: String) -> String {
        DatasetLoader(root: inputs.datasets).path(relative)
    }

    /// Without a usable registry no job can run; the registry's own problem was said when it
    /// was read. Nil when the registry was read.
    public var registryFailure: JobFailure.Kind? {
        guard let registry = result.failures.first(where: { $0.kind == nil }) else { return nil }
        return registry.problem.kind == .missing ? .missingInput : .unusableInput
    }

    /// What a check of every input concludes (`observatory validate`): a file missing, a file
    /// not usable, rows or values rejected with errors; nil when all is clean (warnings allowed).
    public var validation: JobFailure.Kind? {
        if result.failures.contains(where: { $0.problem.kind == .missing }) { return .missingInput }
        if !result.failures.isEmpty { return .unusableInput }
        if result.files.contains(where: { $0.errorCount > 0 }) { return .rowsRejected }
        return nil
    }
}

extension JobPipeline {
    /// The loading stage: reads the registry and the surveys `inputs` names. A file that
    /// cannot be used is not fatal here: each job looks at the failures that concern its own
    /// files, so that one broken file stops only the jobs and periods that read it.
    public func load(_ inputs: RawInput) -> Loaded {
        Self.load(inputs, observer: observer)
    }

    /// The loading stage alone, which needs no configuration (`observatory validate`).
    public static func load(_ inputs: RawInput, observer: @escaping @Sendable (PipelineEvent) -> Void = { _ in })
        -> Loaded
    {
        let loader = DatasetLoader(
            root: inputs.datasets, options: inputs.options, surveys: inputs.surveys,
            willRead: { observer(.reading($0)) })
        return LoadedDataset(inputs: inputs, result: loader.load())
    }
}
