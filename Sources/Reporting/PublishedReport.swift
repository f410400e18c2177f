import Foundation
import Ingestion
import Statistics
import Survey

/// An earlier barometer report read back as the vintage of the quarters it published
/// (issue #9, item 3). Its `manifest.json` is checked first: every file it lists must be
/// there with the SHA-256 it records, so that a vintage is what was published, never a file
/// edited since. The CSV files are parsed by Ingestion's libcsv reader in the dialect the
/// manifest records.
///
/// Input: a report folder; output: `PublishedVintage`, or a `Problem` that names the file,
/// line and column (the job stops with exit 65: it never recomputes silently instead).
public enum PublishedReport {
    /// Why an earlier report cannot serve as a vintage, as a compiler-style message.
    public struct Problem: Error, CustomStringConvertible, Equatable {
        /// The file, as messages name it.
        public var file: String
        /// The line of the problem (1 for the file as a whole).
        public var line: Int
        /// The column header, or `-`.
        public var column: String
        /// What is wrong.
        public var message: String
        /// `FILE:LINE:COLUMN: error: MESSAGE`.
        public var description: String { "\(file):\(line):\(column): error: \(message)" }
    }

    /// The folder of the greatest quarter before `quarter` in `<reports>/barometer/`, as
    /// `(quarter, path relative to reports)`; nil when there is none. Only folders named as
    /// this tool names them (`2014-Q3`) count; the hidden folders of a write under way do not.
    /// The quarter's own folder (a re-run) is not a vintage of it: a re-run with the same
    /// inputs gives the same bytes, and a quarter can still be corrected by running it again.
    public static func latest(before quarter: Quarter, in reports: URL) -> (Quarter, String)? {
        let folder = reports.appendingPathComponent("barometer")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        var best: Quarter? = nil
        for name in names {
            guard let q = Quarter(label: name), q.description == name, q < quarter else { continue }
            var isFolder: ObjCBool = false
            guard
                FileManager.default.fileExists(
                    atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder),
                isFolder.boolValue
            else { continue }
            if best.map({ q > $0 }) ?? true { best = q }
        }
        return best.map { ($0, "barometer/\($0)") }
    }

    /// Reads and checks the report in `reports/relative` (of quarter `quarter`).
    public static func read(_ relative: String, quarter: Quarter, reports: URL, shownAs reportsShown: String) throws
        -> PublishedVintage
    {
        let shown = (reportsShown.hasSuffix("/") ? reportsShown : reportsShown + "/") + relative
        let report = try check(
            reports.appendingPathComponent(relative), shownAs: shown,
            unreadable:
                "cannot read the manifest of the earlier report \(shown), whose published values the later quarters keep",
            changed:
                "it was changed after publication, and the later quarters keep the values it published: put the published file back"
        )
        func problem(_ file: String, _ message: String, line: Int = 1, column: String = "-") -> Problem {
            Problem(file: "\(shown)/\(file)", line: line, column: column, message: message)
        }
        guard report.job == "barometer", report.period == quarter.description else {
            throw problem(
                "manifest.json",
                "the manifest is not that of barometer \(quarter) (job '\(report.job)', period '\(report.period)')")
        }
        for name in ["series.csv", "response.csv"] where !report.files.contains(name) {
            throw problem("manifest.json", "the manifest does not list \(name)")
        }
        let series = try readSeries(report)
        let active = try readActiveByType(report)
        return PublishedVintage(
            source: relative, manifestSHA256: report.manifestSHA256, quarter: quarter, series: series,
            activeByType: active)
    }

    /// Checks a report folder against its `manifest.json`: the manifest is one this tool
    /// writes, records a CSV dialect, and every file it lists is there with the SHA-256 it
    /// records. The first problem is thrown, naming the file (`unreadable` when the
    /// manifest cannot be read; `changed` ends the message of a file that does not match).
    ///
    /// - Parameter shown: the folder as messages name it.
    public static func check(_ folder: URL, shownAs shown: String, unreadable: String, changed: String) throws
        -> CheckedReport
    {
        func problem(_ file: String, _ message: String) -> Problem {
            Problem(file: "\(shown)/\(file)", line: 1, column: "-", message: message)
        }
        guard
            let manifestData = FileManager.default.contents(atPath: folder.appendingPathComponent("manifest.json").path)
        else {
            throw problem("manifest.json", unreadable)
        }
        guard let json = try? JSONSerialization.jsonObject(with: manifestData) as? [String: Any],
            let outputs = json["outputs"] as? [[String: Any]]
        else {
            throw problem("manifest.json", "the manifest is not one this tool writes (no list of outputs)")
        }
        let parameters = json["parameters"] as? [String: Any]
        guard let dialectName = parameters?["csv_dialect"] as? String, let dialect = CSVDialect(rawValue: dialectName)
        else {
            throw problem(
                "manifest.json", "the manifest records no CSV dialect this tool knows (parameters.csv_dialect)")
        }
        var listed: [String] = []
        for output in outputs {
            guard let name = output["name"] as? String, let recorded = output["sha256"] as? String,
                !name.isEmpty, !name.contains("/"), name != ".", name != ".."
            else {
                throw problem("manifest.json", "an output of the manifest has no usable name or sha256")
            }
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                throw problem(name, "the file is listed in manifest.json but cannot be read")
            }
            let actual = Fingerprint.sha256(data)
            guard actual == recorded.lowercased() else {
                throw problem(
                    name,
                    "the file does not match the manifest of its report (SHA-256 \(actual), manifest.json records \(recorded)): \(changed)"
                )
            }
            listed.append(name)
        }
        var audit: CheckedReport.RecordedAudit? = nil
        if let a = json["disclosure_audit"] as? [String: Any] {
            func int(_ key: String) -> Int? { (a[key] as? NSNumber)?.intValue }
            audit = CheckedReport.RecordedAudit(
                cells: int("cells"), relations: int("relations"), suppressed: int("suppressed"),
                added: int("added"), rounds: int("rounds"), protected: a["protected"] as? Bool)
        }
        return CheckedReport(
            folder: folder, shown: shown, job: json["job"] as? String ?? "", period: json["period"] as? String ?? "",
            dialect: dialect, manifestSHA256: Fingerprint.sha256(manifestData), files: listed, recordedAudit: audit,
            quantileMinimum: parameters?["quantile_minimum"] as? Int)
    }

    /// The records of the CSV file `name` of a checked report: the header checked against
    /// `columns`, then each data record's cells as text (a formula guard `'` removed) with
    /// its physical line, parsed by libcsv in the dialect the manifest records. With
    /// `exactHeader` false the header need only hold `columns`, in any order, among others;
    /// the cells come back in the order of `columns` either way.
    public static func records(
        _ name: String, of report: CheckedReport, columns: [String],
        exactHeader: Bool = true
    ) throws -> [(line: Int, cells: [String])] {
        let path = report.folder.appendingPathComponent(name).path
        let shown = "\(report.shown)/\(name)"
        let dialect = report.dialect
        func problem(_ file: String, _ message: String, _ line: Int, _ column: String) -> Problem {
            Problem(file: "\(report.shown)/\(file)", line: line, column: column, message: message)
        }
        var rows: [(line: Int, cells: [String])] = []
        var header: [String]? = nil
        var positions: [Int] = []
        do {
            // The encoding is given: the reader never starts over (`restart`).
            try CSVFileReader.read(
                path: path, displayPath: shown, options: ReadOptions(encoding: .utf8, delimiter: dialect.delimiter),
                restart: {
                    rows = []
                    header = nil
                    positions = []
                }
            ) { record, _ in
                let cells = record.strings(.utf8)
                if header == nil {
                    header = cells
                    if exactHeader {
                        guard cells == columns else {
                            throw problem(
                                name, "the header is not that of \(name) (\(columns.joined(separator: ", ")))",
                                record.line, "-")
                        }
                        positions = Array(columns.indices)
                    } else {
                        for column in columns {
                            guard let i = cells.firstIndex(of: column) else {
                                throw problem(
                                    name, "the header has no column \(column), which \(name) has", record.line, "-")
                            }
                            positions.append(i)
                        }
                    }
                    return
                }
                guard cells.count == header!.count else {
                    throw problem(
                        name, "the record has \(cells.count) cells where \(name) has \(header!.count)", record.line, "-"
                    )
                }
                rows.append(
                    (
                        record.line,
                        positions.map { cells[$0] }.map { cell in
                            if cell.hasPrefix("'"), let next = cell.dropFirst().unicodeScalars.first,
                                "=+-@\t\r".unicodeScalars.contains(next)
                            {
                                return String(cell.dropFirst())
                            }
                            return cell
                        }
                    ))
            }
        } catch let p as Problem {
            throw p
        } catch {
            throw problem(name, "cannot be read as CSV: \(error)", 1, "-")
        }
        return rows
    }

    /// `series.csv` of a checked barometer report.
    public static func readSeries(_ report: CheckedReport) throws -> [PublishedSeriesRow] {
        let columns = ["breakdown", "group", "question", "weighting", "quarter", "n", "balance", "status"]
        let dialect = report.dialect
        var rows: [PublishedSeriesRow] = []
        for (line, c) in try records("series.csv", of: report, columns: columns) {
            func bad(_ column: Int, _ what: String) -> Problem {
                Problem(
                    file: "\(report.shown)/series.csv", line: line, column: columns[column],
                    message: "\(what) (value: '\(c[column])')")
            }
            guard let breakdown = Breakdown(rawValue: c[0]) else { throw bad(0, "not a breakdown") }
            guard let question = Question(rawValue: c[2]) else { throw bad(2, "not a question") }
            guard let weighting = Weighting(rawValue: c[3]) else { throw bad(3, "not a weighting") }
            guard let quarter = Quarter(label: c[4]), quarter.description == c[4] else { throw bad(4, "not a quarter") }
            guard let n = Int(c[5]), n >= 0 else { throw bad(5, "not a count") }
            var balance: String? = nil
            if !c[6].isEmpty {
                let text = dialect == .excelFr ? c[6].replacingOccurrences(of: ",", with: ".") : c[6]
                guard isTwoDecimals(text) else { throw bad(6, "not a number with two decimals") }
                balance = text
            }
            guard let status = CellStatus(rawValue: c[7]) else { throw bad(7, "not a status") }
            rows.append(
                PublishedSeriesRow(
                    group: Group(breakdown, c[1]), question: question, weighting: weighting, quarter: quarter,
                    n: n, balance: balance, status: status))
        }
        return rows
    }

    /// The active members per structure type of `response.csv` of a checked barometer report
    /// (the N_h of its post-stratified rows).
    public static func readActiveByType(_ report: CheckedReport) throws -> [StructureType: Int] {
        let columns = ["breakdown", "group", "active_members", "respondents", "response_rate"]
        func problem(_ file: String, _ message: String, _ line: Int, _ column: String) -> Problem {
            Problem(file: "\(report.shown)/\(file)", line: line, column: column, message: message)
        }
        var active: [StructureType: Int] = [:]
        for (line, c) in try records("response.csv", of: report, columns: columns)
        where c[0] == Breakdown.structureType.rawValue {
            guard let type = StructureType(rawValue: c[1]) else {
                throw problem("response.csv", "not a structure type (value: '\(c[1])')", line, "group")
            }
            guard let n = Int(c[2]), n >= 0 else {
                throw problem("response.csv", "not a count (value: '\(c[2])')", line, "active_members")
            }
            active[type] = n
        }
        return active
    }

    /// `-?[0-9]+\.[0-9]{2}`: how the reports write a balance.
    private static func isTwoDecimals(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return false }
        let whole = bytes[..<dot], fraction = bytes[bytes.index(after: dot)...]
        let digit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        return !whole.isEmpty && whole.allSatisfy(digit) && fraction.count == 2 && fraction.allSatisfy(digit)
    }
}

extension NumberFormat {
    /// A balance as `series.csv` shows it, with `.` for the decimal separator: what two
    /// vintages are compared on.
    public static func balanceShown(_ x: Double) -> String {
        fixed(x, places: 2, decimalSeparator: UInt8(ascii: "."))
    }
}
