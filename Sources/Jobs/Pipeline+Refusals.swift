import Ingestion
import Survey

/// What stops a job before its tables are computed: a period file that is missing or
/// broken, a period with no usable row, a file or column that lost more than
/// `--max-rejected`, and with `--strict` any rejection. "Exit 0 means the report is what the
/// data says."
extension JobPipeline {
    /// The file of `job`'s period, or a failure (66) naming the periods that do exist. Without
    /// a usable registry no period can be told present or not: that failure is said first.
    func periodFile(_ job: Job, example: String, _ dataset: Loaded) throws(JobFailure) -> String {
        let loaded = dataset.result
        let kind = job.survey
        if let registry = loaded.failures.first(where: { $0.kind == nil }) {
            throw JobFailure(
                registry.problem.kind == .missing ? .missingInput : .unusableInput,
                dataset.path(registry.relativePath)
                    + ":1:-: error: \(job) is not written: the registry is not usable (see above)")
        }
        let files = loaded.periodFiles[kind] ?? [:]
        if let relative = files[job.period] { return relative }
        let present = files.keys.sorted()
        throw JobFailure(
            .missingInput,
            dataset.path("\(kind.rawValue)/\(example)") + ":1:-: error: no \(kind.rawValue) file for \(job.period); "
                + (present.isEmpty
                    ? "the folder \(kind.rawValue)/ holds none"
                    : "the periods present are \(present.joined(separator: ", "))"))
    }

    /// Stops `job` when one of the files it needs for `periods` could not be used: 66 when
    /// one is missing or unreadable, 65 otherwise. The files' own errors were printed when
    /// they were read; this says what they stop.
    func refuseFailures(_ job: Job, periods: Set<String>, _ dataset: Loaded) throws(JobFailure) {
        let failures = dataset.result.failures(stopping: job.survey, periods: periods)
        guard !failures.isEmpty else { return }
        let names = failures.map(\.relativePath)
        throw JobFailure(
            failures.contains { $0.problem.kind == .missing } ? .missingInput : .unusableInput,
            dataset.path(names[0]) + ":1:-: error: \(job) is not written: "
                + (names.count == 1 ? "this file is" : "\(names.count) files (\(names.joined(separator: ", "))) are")
                + " not usable (see above)")
    }

    /// A period with no usable row, or one of whose files lost more than `--max-rejected` of
    /// its rows (or of one column's values), is not published; with `--strict`, neither is
    /// one that lost any row or value. One line says how many rows went and the commonest
    /// reason, so that the fix is plain. `usableRows` counts the rows of the period that the
    /// statistics use.
    func refuseRejections(
        _ job: Job, reports: [FileReport], mainInput: String, usableRows: Int,
        _ dataset: Loaded
    ) throws(JobFailure) {
        let settings = configuration.settings
        let rejected = reports.reduce(0) { $0 + $1.rejected }
        let values = reports.reduce(0) { $0 + $1.rejectedValues }
        let main = reports.first { $0.relativePath == mainInput }
        if usableRows == 0 {
            let detail =
                main.map { m in
                    m.rowsRead == 0
                        ? "the file has no data row"
                        : "\(m.rejected) of \(m.rowsRead) rows rejected" + Self.commonestReason([m])
                } ?? "nothing was read"
            throw JobFailure(
                .unusableInput,
                "\(dataset.path(mainInput)):1:-: error: \(job) has no usable row (\(detail)); no report is written")
        }
        // The share is taken file by file: a quarter that lost a fifth of its returns is not
        // redeemed by seven clean quarters and the registry read beside it.
        for r in reports where r.rowsRead > 0 && Double(r.rejected) / Double(r.rowsRead) > settings.maxRejected {
            throw JobFailure(
                .unusableInput,
                "\(r.path):1:-: error: \(r.rejected) of \(r.rowsRead) rows rejected (\(Self.percent(Double(r.rejected) / Double(r.rowsRead)))), above --max-rejected \(Self.percent(settings.maxRejected))\(Self.commonestReason([r])); \(job) is not written"
            )
        }
        // A column whose values are rejected wholesale is a format problem (a unit in every
        // cell, a shifted column), not item non-response: it would quietly empty a figure.
        for r in reports where r.rowsRead > 0 {
            var byColumn: [String: [String: Int]] = [:]
            for rej in r.rejections where rej.scope == .value {
                byColumn[rej.column, default: [:]][rej.reason, default: 0] += 1
            }
            let counts = byColumn.mapValues { $0.values.reduce(0, +) }
            guard let (column, n) = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }),
                Double(n) / Double(r.rowsRead) > settings.maxRejected
            else { continue }
            let reason = byColumn[column]!.max { ($0.value, $1.key) < ($1.value, $0.key) }!
            throw JobFailure(
                .unusableInput,
                "\(r.path):1:\(column): error: \(n) of \(r.rowsRead) values of column '\(column)' rejected (\(Self.percent(Double(n) / Double(r.rowsRead)))), above --max-rejected \(Self.percent(settings.maxRejected)); most frequent reason: '\(reason.key)' (\(reason.value) values); \(job) is not written"
            )
        }
        if settings.strict && (rejected > 0 || values > 0) {
            throw JobFailure(
                .rowsRejected,
                "\(dataset.path(mainInput)):1:-: error: \(rejected) row\(rejected == 1 ? "" : "s") and \(values) value\(values == 1 ? "" : "s") rejected and --strict is set; no report is written"
            )
        }
    }

    /// "; most frequent reason: '…' (N rows)" over the rows rejected in `reports`, a row
    /// counted once per reason however many of its cells gave it.
    static func commonestReason(_ reports: [FileReport]) -> String {
        var rows: [String: Set<String>] = [:]
        for r in reports {
            for rej in r.rejections where rej.scope == .row {
                rows[rej.reason, default: []].insert("\(rej.file):\(rej.line)")
            }
        }
        guard let (reason, lines) = rows.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) else {
            return ""
        }
        return "; most frequent reason: '\(reason)' (\(lines.count) row\(lines.count == 1 ? "" : "s"))"
    }

    /// A share as a percentage for messages: 0.05 → "5 %", 0.0123 → "1.2 %".
    static func percent(_ share: Double) -> String {
        let p = share * 100
        let rounded = (p * 10).rounded() / 10
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + " %"
    }
}
