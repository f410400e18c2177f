import Foundation
import Ingestion
import Reporting
import Statistics
import Survey

/// The output of the computing stage: a job's indicator tables, with what the rendering
/// stage records beside them (the files read, the vintage kept).
public struct JobTables: Sendable {
    /// The tables of one of the three jobs.
    public enum Tables: Sendable {
        case barometer(BarometerTables)
        case gender(GenderTables)
        case funding(FundingTables)
        case egapro(EgaproTables)
    }

    /// The job computed.
    public var job: Job
    /// Its tables, statuses decided.
    public var tables: Tables
    /// The reports of the files the job read, in the order they were read: their rejections
    /// make `rejects.csv`, their counts and SHA-256 the manifest's inputs.
    public var inputs: [FileReport]
    /// The earlier report whose published series the barometer keeps: its folder relative to
    /// `--reports` and the SHA-256 of its manifest.
    public var vintage: (path: String, manifestSHA256: String)?

    /// The disclosure audit over the tables (nil with `--no-suppression`).
    public var audit: AuditOutcome? {
        switch tables {
        case .barometer(let t): t.audit
        case .gender(let t): t.audit
        case .funding(let t): t.audit
        // Each member's index is published by law (index.csv); the distribution's counts
        // and means are protected by the cell rules alone (SPEC 4.5).
        case .egapro: nil
        }
    }
}

extension JobPipeline {
    /// The computing stage: checks the job's inputs (`periodFile`, `refuseFailures`,
    /// `refuseRejections`), reads the barometer's vintage, computes the tables and stops
    /// when the disclosure audit could not protect every sensitive cell.
    public func compute(_ job: Job, from dataset: Loaded) throws(JobFailure) -> Computed {
        switch job {
        case .barometer(let q):
            return try barometer(q, dataset)
        case .gender(let y):
            let byYear = dataset.result.dataset.gender
            return try yearly(
                job, y, dataset, usableRows: { r in byYear[y]?.count(ofMembers: { r.isActive[$0] }) ?? 0 }
            ) { registry in
                .gender(
                    GenderEquality(registry: registry, rules: configuration.rules).tables(
                        year: y, rows: byYear[y] ?? GenderRows(year: y, memberCount: registry.count),
                        previous: byYear[y - 1]))
            }
        case .funding(let y):
            let byYear = dataset.result.dataset.funding
            return try yearly(
                job, y, dataset,
                usableRows: { r in byYear[y]?.reduce(0) { $0 + (r.isActive[$1.member] ? 1 : 0) } ?? 0 }
            ) { registry in
                .funding(
                    PublicFunding(registry: registry, rules: configuration.rules).tables(
                        year: y, rows: byYear[y] ?? FundingRows(year: y, memberCount: registry.count),
                        previous: byYear[y - 1]))
            }
        case .egapro(let y):
            let byYear = dataset.result.dataset.egapro
            return try yearly(
                job, y, dataset, usableRows: { r in (byYear[y] ?? []).filter { r.isActive[$0.member] }.count },
                previousYear: false
            ) { registry in
                .egapro(
                    EgaproIndex(registry: registry, rules: configuration.rules).tables(
                        year: y, returns: byYear[y] ?? []))
            }
        }
    }

    /// The barometer of quarter `q`, which reads every quarter up to `q` (for the series).
    private func barometer(_ q: Quarter, _ dataset: Loaded) throws(JobFailure) -> Computed {
        let job = Job.barometer(q)
        let loaded = dataset.result
        let main = try periodFile(job, example: "\(q).csv", dataset)
        let read = (loaded.periodFiles[.barometer] ?? [:]).filter { Quarter(label: $0.key).map { $0 <= q } ?? true }
        try refuseFailures(job, periods: Set(read.keys), dataset)
        let registry = loaded.dataset.registry
        let usable = (loaded.dataset.barometer[q] ?? []).reduce(0) { $0 + (registry.isActive[$1.member] ? 1 : 0) }
        let vintage = try publishedVintage(before: q)
        let inputs = try checkedInputs(
            job, ["members.csv"] + read.keys.sorted().map { read[$0]! }, mainInput: main,
            usableRows: usable, dataset)
        observer(.computing(job))
        let barometer = Barometer(registry: registry, rules: configuration.rules)
        var tables = barometer.tables(for: q, responses: loaded.dataset.barometer)
        if let vintage { tables = barometer.revise(tables, against: vintage, shown: NumberFormat.balanceShown) }
        let computed = JobTables(
            job: job, tables: .barometer(tables), inputs: inputs,
            vintage: vintage.map { ($0.source, $0.manifestSHA256) })
        try refuseUnprotected(computed, mainInput: main, dataset)
        return computed
    }

    /// The steps of a yearly job: its year's file must exist and be usable; the previous
    /// year's is used when present and usable (and then listed among the inputs). A broken
    /// previous year stops the job too: its changes would silently vanish otherwise.
    /// `previousYear` false: the job reads its own year only (Egapro has no change).
    private func yearly(
        _ job: Job, _ y: Int, _ dataset: Loaded, usableRows: (Registry) -> Int, previousYear: Bool = true,
        _ tables: (Registry) -> JobTables.Tables
    ) throws(JobFailure) -> Computed {
        let loaded = dataset.result
        let main = try periodFile(job, example: "\(y).csv", dataset)
        let previousFile = previousYear ? (loaded.periodFiles[job.survey] ?? [:])[String(y - 1)] : nil
        try refuseFailures(job, periods: previousYear ? [String(y), String(y - 1)] : [String(y)], dataset)
        let registry = loaded.dataset.registry
        let usable = usableRows(registry)
        let inputs = try checkedInputs(
            job, ["members.csv", main] + (previousFile.map { [$0] } ?? []), mainInput: main,
            usableRows: usable, dataset)
        observer(.computing(job))
        let computed = JobTables(job: job, tables: tables(registry), inputs: inputs, vintage: nil)
        try refuseUnprotected(computed, mainInput: main, dataset)
        return computed
    }

    /// The reports of the files a job reads (`relativeInputs`, under the names they were
    /// found with), once they pass `refuseRejections`.
    private func checkedInputs(
        _ job: Job, _ relativeInputs: [String], mainInput: String, usableRows: Int,
        _ dataset: Loaded
    ) throws(JobFailure) -> [FileReport] {
        let reports = dataset.result.files.filter { relativeInputs.contains($0.relativePath) }
        try refuseRejections(job, reports: reports, mainInput: mainInput, usableRows: usableRows, dataset)
        return reports
    }

    /// The series the quarters before `q` were published with (issue #9, vintages): that of
    /// the latest earlier barometer report in `--reports`, its manifest checked. An earlier
    /// report that does not check stops the job (exit 65) rather than let it recompute the
    /// past quarters silently, which is what gave members' answers away by difference.
    private func publishedVintage(before q: Quarter) throws(JobFailure) -> PublishedVintage? {
        let reports = URL(fileURLWithPath: configuration.reports)
        guard let (p, relative) = PublishedReport.latest(before: q, in: reports) else { return nil }
        do {
            return try PublishedReport.read(relative, quarter: p, reports: reports, shownAs: configuration.reports)
        } catch {
            // PublishedReport.read throws only its Problems, which read as compiler messages.
            throw JobFailure(.unusableInput, "\(error); barometer \(q) is not written")
        }
    }

    /// A suppressed cell that the published figures still give away within ±10 % (or one
    /// answer) stops the report: the audit found no cell left to suppress for it.
    private func refuseUnprotected(_ computed: Computed, mainInput: String, _ dataset: Loaded) throws(JobFailure) {
        guard let audit = computed.audit, !audit.isComplete else { return }
        let count = audit.unprotected.count
        let why =
            audit.failure
            ?? "\(count) suppressed cell\(count == 1 ? "" : "s") still recoverable from the published ones (\(audit.unprotected.prefix(5).joined(separator: ", ")))"
        throw JobFailure(
            .unusableInput,
            "\(dataset.path(mainInput)):1:-: error: the disclosure audit of \(computed.job) failed: \(why); no report is written"
        )
    }
}
