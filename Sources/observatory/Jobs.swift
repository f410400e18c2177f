import ArgumentParser
import Foundation
import Ingestion
import Reporting
import Statistics
import Survey

extension ReportOptions {
    var settings: ReportSettings {
        ReportSettings(dialect: CSVDialect(rawValue: csvDialect) ?? .excelFr, language: Language(rawValue: lang) ?? .fr,
                       minCell: minCell, dominance: dominance, suppression: !noSuppression, strict: strict)
    }

    var rules: Confidentiality {
        Confidentiality(minCell: minCell, dominance: dominance, enabled: !noSuppression)
    }
}

/// The steps every job shares: read its inputs, stop on unusable files, compute, render,
/// add rejects and manifest, write the folder atomically.
struct JobRunner {
    let input: DatasetOptions
    let report: ReportOptions
    let progress: Progress

    init(input: DatasetOptions, report: ReportOptions) {
        self.input = input
        self.report = report
        progress = Progress(quiet: report.quiet)
    }

    /// Reads the registry and the given surveys, printing every problem. Throws the exit
    /// code when a file is unusable (65) or missing (66).
    func load(_ kinds: Set<DatasetLoader.Kind>) throws -> LoadResult {
        let result = DatasetLoader(root: input.datasets, options: input.readOptions, surveys: kinds, willRead: progress.update).load()
        progress.finish()
        Console.print(result.diagnostics)
        if !result.fileProblems.isEmpty { throw ExitCode(result.exitCode) }
        return result
    }

    /// Writes `files` plus rejects.csv and manifest.json into `reports/<job>/<period>/`.
    /// `relativeInputs` are the files the job read, relative to the datasets folder.
    func publish(job: String, period: String, files: [ReportFile], relativeInputs: [String], loaded: LoadResult) throws {
        let reports = loaded.files.filter { relativeInputs.contains($0.relativePath) }
        if report.strict, reports.contains(where: { $0.rejected > 0 }) {
            Console.error("\(input.datasets):1:-: error: rows were rejected and --strict is set; no report is written")
            throw ExitCode(1)
        }
        let settings = report.settings
        let rejects = rejectsFile(reports.flatMap(\.rejections), dialect: settings.dialect)
        var inputs: [InputRecord] = []
        for r in reports {
            guard let digest = fingerprint(datasetPath(r.relativePath)) else {
                Console.error("\(r.path):1:-: error: cannot read the file again to fingerprint it")
                throw ExitCode(66)
            }
            inputs.append(InputRecord(path: r.relativePath, sha256: digest, rowsRead: r.rowsRead,
                                      accepted: r.accepted, rejected: r.rejected))
        }
        let outputs = files + [rejects]
        let manifest = manifestFile(job: job, period: period, version: observatoryVersion, settings: settings,
                                    inputs: inputs, outputs: outputs)
        let target = URL(fileURLWithPath: report.reports).appendingPathComponent(job).appendingPathComponent(period)
        progress.show("writing \(job) \(period)…")
        do {
            try ReportFolder.write(outputs + [manifest], to: target)
        } catch {
            progress.finish()
            Console.error("\(error)")
            throw ExitCode(73)
        }
        progress.finish()
        if !report.quiet {
            print("\(job) \(period): wrote \(target.path) (\(outputs.count + 1) files)")
        }
    }

    /// SHA-256 of a file, read in chunks.
    func fingerprint(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hasher.update($0) }
        }
        return hasher.hexDigest()
    }

    /// The barometer of quarter `q`.
    func barometer(_ q: Quarter, loaded: LoadResult) throws {
        guard loaded.dataset.barometer[q] != nil else {
            Console.error(datasetPath("barometer/\(q).csv") + ":1:-: error: no barometer file for \(q)")
            throw ExitCode(66)
        }
        progress.show("computing barometer \(q)…")
        let tables = Barometer(registry: loaded.dataset.registry, rules: report.rules)
            .tables(for: q, responses: loaded.dataset.barometer)
        let files = BarometerReport(tables: tables, settings: report.settings).files()
        let inputs = ["members.csv"] + tables.quarters.map { "barometer/\($0).csv" }
        try publish(job: "barometer", period: q.description, files: files, relativeInputs: inputs, loaded: loaded)
    }
}

extension JobRunner {
    /// The gender-equality observatory of year `y`; the change of women's shares needs Y−1.
    func gender(_ y: Int, loaded: LoadResult) throws {
        try yearly("gender", y, loaded.dataset.gender, loaded: loaded) { records, previous in
            let tables = GenderEquality(registry: loaded.dataset.registry, rules: report.rules)
                .tables(year: y, records: records, previous: previous)
            return GenderReport(tables: tables, settings: report.settings).files()
        }
    }

    /// The public-funding shares of year `y`; the constant-sample changes need Y−1.
    func funding(_ y: Int, loaded: LoadResult) throws {
        try yearly("funding", y, loaded.dataset.funding, loaded: loaded) { records, previous in
            let tables = PublicFunding(registry: loaded.dataset.registry, rules: report.rules)
                .tables(year: y, records: records, previous: previous)
            return FundingReport(tables: tables, settings: report.settings).files()
        }
    }

    /// The steps of a yearly job: its year's file must exist, the previous year's is used
    /// when present (and then listed among the inputs).
    private func yearly<Record>(_ job: String, _ y: Int, _ byYear: [Int: [Record]], loaded: LoadResult,
                                _ render: ([Record], [Record]?) -> [ReportFile]) throws {
        guard let records = byYear[y] else {
            Console.error(datasetPath("\(job)/\(y).csv") + ":1:-: error: no \(job) file for \(y)")
            throw ExitCode(66)
        }
        let previous = byYear[y - 1]
        progress.show("computing \(job) \(y)…")
        let files = render(records, previous)
        let inputs = ["members.csv", "\(job)/\(y).csv"] + (previous == nil ? [] : ["\(job)/\(y - 1).csv"])
        try publish(job: job, period: String(y), files: files, relativeInputs: inputs, loaded: loaded)
    }

    func datasetPath(_ relative: String) -> String {
        DatasetLoader(root: input.datasets).path(relative)
    }
}

/// `--year Y`, shared by the yearly jobs.
struct YearOption: ParsableArguments {
    @Option(help: "The year, like 2014.")
    var year: Int

    func validate() throws {
        guard (1000...9999).contains(year) else { throw ValidationError("--year '\(year)' is not a year like 2014") }
    }
}

/// `observatory gender --year Y`.
struct GenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gender", abstract: "Write the gender-equality observatory of one year.")

    @OptionGroup var period: YearOption
    @OptionGroup var input: DatasetOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let runner = JobRunner(input: input, report: report)
        try runner.gender(period.year, loaded: try runner.load([.gender]))
    }
}

/// `observatory funding --year Y`.
struct FundingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "funding", abstract: "Write the public-funding shares of one year.")

    @OptionGroup var period: YearOption
    @OptionGroup var input: DatasetOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let runner = JobRunner(input: input, report: report)
        try runner.funding(period.year, loaded: try runner.load([.funding]))
    }
}

/// `observatory barometer --quarter Q`.
struct BarometerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "barometer", abstract: "Write the quarterly barometer of one quarter.")

    @Option(help: "The quarter, like 2014-Q4.")
    var quarter: String

    @OptionGroup var input: DatasetOptions
    @OptionGroup var report: ReportOptions

    func validate() throws {
        guard Quarter(label: quarter) != nil else { throw ValidationError("--quarter '\(quarter)' is not a quarter like 2014-Q4") }
    }

    func run() throws {
        let runner = JobRunner(input: input, report: report)
        let loaded = try runner.load([.barometer])
        try runner.barometer(Quarter(label: quarter)!, loaded: loaded)
    }
}
