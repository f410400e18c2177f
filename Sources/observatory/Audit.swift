import ArgumentParser
import Foundation
import Reporting
import Statistics

/// `observatory audit REPORT_DIR`: the disclosure audit re-run on a published report folder
/// from its files alone, as an intruder with the report and a linear-programming solver
/// would run it (issue #9 item 1).
///
/// Steps: check the folder against its manifest (every file with its SHA-256; a file that
/// does not match is named, exit 65), read its CSV files in the recorded dialect, write the
/// relations a reader can write (`PublishedReport.auditParts`, `ReaderAudit`), compute the
/// interval of every blank cell, judge those hidden by a primary rule (`ReaderAudit.isExposed`),
/// print one `FILE:LINE:COLUMN: error:` line per exposed cell and a closing summary, and
/// compare with what the manifest's `disclosure_audit` records (a warning when they differ).
///
/// Exit: 0 every sensitive cell is protected; 65 a cell is exposed, the published figures
/// contradict each other, a file does not match the manifest or cannot be read as the job
/// writes it; 66 no manifest.json in the folder; 70 the audit itself failed (a solver error).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Re-run the disclosure audit of a published report folder from its files alone.")

    @Argument(help: "A report folder of any job (barometer, funding, gender), such as Reports/funding/2014.")
    var reportDir: String

    func run() throws {
        var shown = reportDir
        while shown.count > 1 && shown.hasSuffix("/") { shown.removeLast() }
        let folder = URL(fileURLWithPath: reportDir)
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("manifest.json").path) else {
            Console.error(
                "\(shown)/manifest.json:1:-: error: no manifest.json: \(shown) is not a report folder this tool wrote")
            throw ExitStatus.noInput.exitCode
        }
        let report: CheckedReport
        let parts: [ReaderAudit.Part]
        do {
            report = try PublishedReport.check(
                folder, shownAs: shown, unreadable: "cannot read the manifest of \(shown)",
                changed:
                    "the report was changed after publication, and its audit would be that of other figures: put the published file back"
            )
            parts = try PublishedReport.auditParts(report)
        } catch let problem as PublishedReport.Problem {
            Console.error(problem.description)
            throw ExitStatus.dataError.exitCode
        }

        let result: ReaderAudit.Result
        do {
            result = try ReaderAudit.run(parts)
        } catch {
            // Not the report's fault: the rebuilt tables or the solver (a bug to report).
            Console.error("\(shown)/manifest.json:1:-: error: the audit could not run: \(error)")
            throw ExitStatus.software.exitCode
        }
        for interval in result.exposed {
            guard let place = interval.figure.place else { continue }
            let scale = interval.figure.shownScale
            Console.error(
                "\(place.file):\(place.line):\(place.column): error: \(interval.figure.label) is hidden by a primary rule, "
                    + "yet the published figures put it in [\(Self.number(interval.lower * scale)), \(Self.number(interval.upper * scale))]"
                    + Self.why(interval))
        }
        for name in result.contradictions {
            Console.error(
                "\(shown)/manifest.json:1:-: error: the published figures of \(name) contradict each other "
                    + "(no values satisfy the relations the job audited): the files were not written together, or were edited"
            )
        }
        compare(report, result, shown: shown)
        print(
            "\(shown): \(report.job) \(report.period): \(result.cells) cells, \(result.relations) relations, "
                + "\(result.suppressed) suppressed (\(result.sensitive) by a primary rule), \(result.exposed.count) exposed"
                + (result.contradictions.isEmpty ? "" : ", \(result.contradictions.count) contradicted"))
        if !result.exposed.isEmpty || !result.contradictions.isEmpty { throw ExitStatus.dataError.exitCode }
    }

    /// Warns where the manifest's record of the job's audit disagrees with this one. The
    /// blank cells are the same cells for funding; the barometer's job audits the full
    /// counts of every quarter of the series, which series.csv does not print, and the gender
    /// job the sums behind its ratios, whose denominators no file prints: for those two only
    /// the verdict is compared.
    private func compare(_ report: CheckedReport, _ result: ReaderAudit.Result, shown: String) {
        let place = "\(shown)/manifest.json:1:disclosure_audit"
        guard let recorded = report.recordedAudit else {
            Console.error(
                "\(place): warning: the manifest records no disclosure audit (written with --no-suppression, or by an earlier version)"
            )
            return
        }
        if recorded.protected == false {
            Console.error(
                "\(place): warning: the manifest records that the job's audit could not protect every sensitive cell")
        }
        if report.job == "funding", let suppressed = recorded.suppressed, suppressed != result.suppressed {
            Console.error(
                "\(place): warning: the manifest records \(suppressed) suppressed cells, the files show \(result.suppressed) blank"
            )
        }
    }

    /// Which level the interval misses.
    static func why(_ interval: ReaderAudit.Interval) -> String {
        if interval.upper - interval.lower < 1e-6 * max(1, abs(interval.lower), abs(interval.upper)) {
            return ": its value exactly"
        }
        return interval.figure.kind == .answerCount
            ? ", with fewer than two whole values in it" : ", where no value has its ±10 % inside the interval"
    }

    /// A bound as messages show it: an integer when it is one, else two decimals.
    static func number(_ x: Double) -> String {
        if x == .infinity { return "+∞" }
        if x == -.infinity { return "−∞" }
        let rounded = x.rounded()
        if abs(x - rounded) < 1e-6 * max(1, abs(x)) { return String(Int(rounded)) }
        return String(format: "%.2f", x)
    }
}
