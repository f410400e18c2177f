import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Ingestion
import Reporting
import Statistics
import Survey

extension ReportOptions {
    var settings: ReportSettings {
        ReportSettings(dialect: CSVDialect(rawValue: csvDialect) ?? .excelFr, language: Language(rawValue: lang) ?? .fr,
                       minCell: minCell, dominance: dominance, suppression: !noSuppression, strict: strict,
                       maxRejected: maxRejected, pRule: pRule)
    }

    var rules: Confidentiality {
        Confidentiality(minCell: minCell, dominance: dominance, enabled: !noSuppression, pRule: pRule)
    }
}

/// Exit codes of the tool (sysexits, as swift-argument-parser uses them; SPEC 2), named once.
enum Outcome {
    static let rowsRejected = ExitCode(1)
    static let unusableInput = ExitCode(65)
    static let missingInput = ExitCode(66)
    /// An internal error (EX_SOFTWARE): the audit's solver failed.
    static let softwareError = ExitCode(70)
    static let cannotWrite = ExitCode(73)
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
        // A file size limit (`ulimit -f`) must make a write fail with EFBIG, which the report
        // folder cleans up after and reports, rather than kill the process half-way.
        _ = signal(SIGXFSZ, SIG_IGN)
    }

    /// Reads the registry and the given surveys, printing every problem. A file that cannot
    /// be used is not fatal here: each job looks at the failures that concern its own files
    /// (`refuseFailures`), so that one broken file stops only the jobs and periods that read it.
    func load(_ kinds: Set<DatasetLoader.Kind>) -> LoadResult {
        let result = DatasetLoader(root: input.datasets, options: input.readOptions, surveys: kinds, willRead: progress.update).load()
        progress.finish()
        Console.print(result.diagnostics)
        return result
    }

    /// Stops the job of `kind` on `periods` when one of the files it needs could not be
    /// used: exit 66 when one is missing or unreadable, 65 otherwise. The files' own errors
    /// were printed when they were read; this says what they stop.
    func refuseFailures(_ kind: DatasetLoader.Kind, period: String, periods: Set<String>, loaded: LoadResult) throws {
        let failures = loaded.failures(stopping: kind, periods: periods)
        guard !failures.isEmpty else { return }
        let names = failures.map(\.relativePath)
        Console.error(datasetPath(names[0]) + ":1:-: error: \(kind.rawValue) \(period) is not written: "
                      + (names.count == 1 ? "this file is" : "\(names.count) files (\(names.joined(separator: ", "))) are")
                      + " not usable (see above)")
        throw failures.contains { $0.problem.kind == .missing } ? Outcome.missingInput : Outcome.unusableInput
    }

    /// The file of `kind` for `period`, or exit 66 with the periods that do exist. Without
    /// a usable registry no period can be told present or not: that failure is said first.
    func periodFile(_ kind: DatasetLoader.Kind, _ period: String, example: String, loaded: LoadResult) throws -> String {
        if let registry = loaded.failures.first(where: { $0.kind == nil }) {
            Console.error(datasetPath(registry.relativePath) + ":1:-: error: \(kind.rawValue) \(period) is not written: the registry is not usable (see above)")
            throw registry.problem.kind == .missing ? Outcome.missingInput : Outcome.unusableInput
        }
        let files = loaded.periodFiles[kind] ?? [:]
        if let relative = files[period] { return relative }
        let present = files.keys.sorted()
        Console.error(datasetPath("\(kind.rawValue)/\(example)") + ":1:-: error: no \(kind.rawValue) file for \(period); "
                      + (present.isEmpty ? "the folder \(kind.rawValue)/ holds none" : "the periods present are \(present.joined(separator: ", "))"))
        throw Outcome.missingInput
    }

    /// Writes `files` plus rejects.csv and manifest.json into `reports/<job>/<period>/`.
    /// `relativeInputs` are the files the job read, relative to the datasets folder, under
    /// the names they were found with; `usableRows` counts the rows of the period that
    /// the statistics use.
    func publish(job: String, period: String, files: () -> ([ReportFile], AuditOutcome?), relativeInputs: [String], mainInput: String,
                 usableRows: Int, loaded: LoadResult, vintage: (path: String, manifestSHA256: String)? = nil) throws {
        let reports = loaded.files.filter { relativeInputs.contains($0.relativePath) }
        try refuseRejections(job: job, period: period, reports: reports, mainInput: mainInput, usableRows: usableRows)
        let settings = report.settings
        progress.show("computing \(job) \(period)…")
        let (made, audit) = files()
        // A suppressed cell that the published figures still give away within ±10 % (or one
        // answer) stops the report: the audit found no cell left to suppress for it.
        if let audit, !audit.isComplete {
            progress.finish()
            let why = audit.failure ?? "\(audit.unprotected.count) suppressed cell\(audit.unprotected.count == 1 ? "" : "s") still recoverable from the published ones (\(audit.unprotected.prefix(5).joined(separator: ", ")))"
            Console.error("\(datasetPath(mainInput)):1:-: error: the disclosure audit of \(job) \(period) failed: \(why); no report is written")
            throw Outcome.unusableInput
        }
        let outputs = made + [rejectsFile(reports.flatMap(\.rejections), dialect: settings.dialect)]
        // The inputs' SHA-256 were taken as they were read: no file is read again.
        let inputs = reports.map { r in
            InputRecord(path: r.relativePath, sha256: r.sha256, rowsRead: r.rowsRead, accepted: r.accepted,
                        rejected: r.rejected, replaced: r.replaced, rejectedValues: r.rejectedValues)
        }
        let manifest = manifestFile(job: job, period: period, version: observatoryVersion, settings: settings,
                                    inputs: inputs, outputs: outputs, audit: audit, vintage: vintage)
        let target = URL(fileURLWithPath: report.reports).appendingPathComponent(job).appendingPathComponent(period)
        progress.show("writing \(job) \(period)…")
        do {
            try ReportFolder.write(outputs + [manifest], to: target)
        } catch {
            progress.finish()
            Console.error("\(error)")
            throw Outcome.cannotWrite
        }
        progress.finish()
        if !report.quiet {
            print("\(job) \(period): wrote \(target.path) (\(outputs.count + 1) files)")
        }
    }

    /// "Exit 0 means the report is what the data says": a period with no usable row, or one
    /// of whose files lost more than `--max-rejected` of its rows (or of one column's values),
    /// is not published; with
    /// `--strict`, neither is one that lost any row or value. One line says how many rows
    /// went and the commonest reason, so that the fix is plain.
    func refuseRejections(job: String, period: String, reports: [FileReport], mainInput: String, usableRows: Int) throws {
        let rejected = reports.reduce(0) { $0 + $1.rejected }
        let values = reports.reduce(0) { $0 + $1.rejectedValues }
        let main = reports.first { $0.relativePath == mainInput }
        if usableRows == 0 {
            let detail = main.map { m in
                m.rowsRead == 0 ? "the file has no data row" : "\(m.rejected) of \(m.rowsRead) rows rejected" + Self.commonestReason([m])
            } ?? "nothing was read"
            Console.error("\(datasetPath(mainInput)):1:-: error: \(job) \(period) has no usable row (\(detail)); no report is written")
            throw Outcome.unusableInput
        }
        // The share is taken file by file: a quarter that lost a fifth of its returns is not
        // redeemed by seven clean quarters and the registry read beside it.
        for r in reports where r.rowsRead > 0 && Double(r.rejected) / Double(r.rowsRead) > report.maxRejected {
            Console.error("\(r.path):1:-: error: \(r.rejected) of \(r.rowsRead) rows rejected (\(Console.percent(Double(r.rejected) / Double(r.rowsRead)))), above --max-rejected \(Console.percent(report.maxRejected))\(Self.commonestReason([r])); \(job) \(period) is not written")
            throw Outcome.unusableInput
        }
        // A column whose values are rejected wholesale is a format problem (a unit in every
        // cell, a shifted column), not item non-response: it would quietly empty a figure.
        for r in reports where r.rowsRead > 0 {
            var byColumn: [String: [String: Int]] = [:]
            for rej in r.rejections where rej.scope == .value { byColumn[rej.column, default: [:]][rej.reason, default: 0] += 1 }
            let counts = byColumn.mapValues { $0.values.reduce(0, +) }
            guard let (column, n) = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }),
                  Double(n) / Double(r.rowsRead) > report.maxRejected else { continue }
            let reason = byColumn[column]!.max { ($0.value, $1.key) < ($1.value, $0.key) }!
            Console.error("\(r.path):1:\(column): error: \(n) of \(r.rowsRead) values of column '\(column)' rejected (\(Console.percent(Double(n) / Double(r.rowsRead)))), above --max-rejected \(Console.percent(report.maxRejected)); most frequent reason: '\(reason.key)' (\(reason.value) values); \(job) \(period) is not written")
            throw Outcome.unusableInput
        }
        if report.strict && (rejected > 0 || values > 0) {
            Console.error("\(datasetPath(mainInput)):1:-: error: \(rejected) row\(rejected == 1 ? "" : "s") and \(values) value\(values == 1 ? "" : "s") rejected and --strict is set; no report is written")
            throw Outcome.rowsRejected
        }
    }

    /// "; most frequent reason: '…' (N rows)" over the rows rejected in `reports`, a row
    /// counted once per reason however many of its cells gave it.
    static func commonestReason(_ reports: [FileReport]) -> String {
        var rows: [String: Set<String>] = [:]
        for r in reports {
            for rej in r.rejections where rej.scope == .row { rows[rej.reason, default: []].insert("\(rej.file):\(rej.line)") }
        }
        guard let (reason, lines) = rows.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) else { return "" }
        return "; most frequent reason: '\(reason)' (\(lines.count) row\(lines.count == 1 ? "" : "s"))"
    }

    /// The barometer of quarter `q`, which reads every quarter up to `q` (for the series).
    func barometer(_ q: Quarter, loaded: LoadResult) throws {
        let main = try periodFile(.barometer, q.description, example: "\(q).csv", loaded: loaded)
        let read = (loaded.periodFiles[.barometer] ?? [:]).filter { Quarter(label: $0.key).map { $0 <= q } ?? true }
        try refuseFailures(.barometer, period: q.description, periods: Set(read.keys), loaded: loaded)
        let registry = loaded.dataset.registry
        let usable = (loaded.dataset.barometer[q] ?? []).filter { registry.members[$0.member].active }.count
        let vintage = try publishedVintage(before: q)
        try publish(job: "barometer", period: q.description, files: {
            let barometer = Barometer(registry: registry, rules: report.rules)
            var tables = barometer.tables(for: q, responses: loaded.dataset.barometer)
            if let vintage { tables = barometer.revise(tables, against: vintage, shown: NumberFormat.balanceShown) }
            return (BarometerReport(tables: tables, settings: report.settings).files(), tables.audit)
        }, relativeInputs: ["members.csv"] + read.keys.sorted().map { read[$0]! }, mainInput: main, usableRows: usable, loaded: loaded,
           vintage: vintage.map { ($0.source, $0.manifestSHA256) })
    }

    /// The series the quarters before `q` were published with (issue #9, vintages): that of
    /// the latest earlier barometer report in `--reports`, its manifest checked. An earlier
    /// report that does not check stops the job (exit 65) rather than let it recompute the
    /// past quarters silently, which is what gave members' answers away by difference.
    func publishedVintage(before q: Quarter) throws -> PublishedVintage? {
        let reports = URL(fileURLWithPath: report.reports)
        guard let (p, relative) = PublishedReport.latest(before: q, in: reports) else { return nil }
        do {
            return try PublishedReport.read(relative, quarter: p, reports: reports, shownAs: report.reports)
        } catch let problem as PublishedReport.Problem {
            progress.finish()
            Console.error("\(problem); barometer \(q) is not written")
            throw Outcome.unusableInput
        }
    }
}

extension JobRunner {
    /// The gender-equality observatory of year `y`; the change of women's shares needs Y−1.
    func gender(_ y: Int, loaded: LoadResult) throws {
        try yearly(.gender, y, loaded.dataset.gender, loaded: loaded) { records, previous in
            let tables = GenderEquality(registry: loaded.dataset.registry, rules: report.rules)
                .tables(year: y, records: records, previous: previous)
            return (GenderReport(tables: tables, settings: report.settings).files(), tables.audit)
        }
    }

    /// The public-funding shares of year `y`; the constant-sample changes need Y−1.
    func funding(_ y: Int, loaded: LoadResult) throws {
        try yearly(.funding, y, loaded.dataset.funding, loaded: loaded) { records, previous in
            let tables = PublicFunding(registry: loaded.dataset.registry, rules: report.rules)
                .tables(year: y, records: records, previous: previous)
            return (FundingReport(tables: tables, settings: report.settings).files(), tables.audit)
        }
    }

    /// The steps of a yearly job: its year's file must exist and be usable; the previous
    /// year's is used when present and usable (and then listed among the inputs). A broken
    /// previous year stops the job too: its changes would silently vanish otherwise.
    private func yearly<Record: MemberRecord>(_ kind: DatasetLoader.Kind, _ y: Int, _ byYear: [Int: [Record]], loaded: LoadResult,
                                              _ render: @escaping ([Record], [Record]?) -> ([ReportFile], AuditOutcome?)) throws {
        let main = try periodFile(kind, String(y), example: "\(y).csv", loaded: loaded)
        let files = loaded.periodFiles[kind] ?? [:]
        let previousFile = files[String(y - 1)]
        try refuseFailures(kind, period: String(y), periods: [String(y), String(y - 1)], loaded: loaded)
        let records = byYear[y] ?? []
        let previous = byYear[y - 1]
        let registry = loaded.dataset.registry
        let usable = records.filter { registry.members[$0.member].active }.count
        try publish(job: kind.rawValue, period: String(y), files: { render(records, previous) },
                    relativeInputs: ["members.csv", main] + (previousFile.map { [$0] } ?? []), mainInput: main,
                    usableRows: usable, loaded: loaded)
    }

    func datasetPath(_ relative: String) -> String {
        DatasetLoader(root: input.datasets).path(relative)
    }
}

/// A survey record that names its member (for counting the usable rows of a period).
protocol MemberRecord { var member: Int { get } }
extension GenderRecord: MemberRecord {}
extension FundingRecord: MemberRecord {}

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
    static let configuration = CommandConfiguration(commandName: "gender", abstract: "Write the gender-equality observatory of one year.")

    @OptionGroup var period: YearOption
    @OptionGroup var input: DatasetOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let runner = JobRunner(input: input, report: report)
        try runner.gender(period.year, loaded: runner.load([.gender]))
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
        try runner.funding(period.year, loaded: runner.load([.funding]))
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
        guard let q = Quarter(label: quarter) else { throw ValidationError("--quarter '\(quarter)' is not a quarter like 2014-Q4") }
        guard q.isSupported else { throw ValidationError(Period.outOfRange("--quarter \(q)")) }
    }

    func run() throws {
        let runner = JobRunner(input: input, report: report)
        try runner.barometer(Quarter(label: quarter)!, loaded: runner.load([.barometer]))
    }
}
