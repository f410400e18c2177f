import Foundation
import Ingestion
import Survey
import Statistics

/// One output file of a report, in memory until the report folder is written whole.
public struct ReportFile: Sendable, Equatable {
    public var name: String
    public var bytes: [UInt8]
    /// Data rows (CSV) or lines (text), for the manifest.
    public var rows: Int

    public init(name: String, bytes: [UInt8], rows: Int) {
        self.name = name
        self.bytes = bytes
        self.rows = rows
    }
}

/// The parameters a job ran with, recorded in the manifest and used by the renderers.
public struct ReportSettings: Sendable, Equatable {
    public var dialect: CSVDialect
    public var language: Language
    public var minCell: Int
    public var dominance: Double
    public var suppression: Bool
    public var strict: Bool
    /// The largest share of rejected rows a job publishes with (SPEC 2, `--max-rejected`).
    public var maxRejected: Double
    /// The p of the p % rule and the fewest members for a quantile (issue #9).
    public var pRule: Double
    public var quantileMinimum: Int

    /// The confidentiality parameters default to the rules' own (`Confidentiality`), written
    /// once there; the command line's defaults are these.
    public init(dialect: CSVDialect = .excelFr, language: Language = .fr, minCell: Int = Confidentiality().minCell,
                dominance: Double = Confidentiality().dominance, suppression: Bool = true, strict: Bool = false,
                maxRejected: Double = 0.05, pRule: Double = Confidentiality().pRule,
                quantileMinimum: Int = Confidentiality().quantileMinimum) {
        self.dialect = dialect
        self.language = language
        self.minCell = minCell
        self.dominance = dominance
        self.suppression = suppression
        self.strict = strict
        self.maxRejected = maxRejected
        self.pRule = pRule
        self.quantileMinimum = quantileMinimum
    }
}

public enum Language: String, Sendable, Hashable, CaseIterable {
    case fr
    case en
}

/// One input file as the manifest records it.
public struct InputRecord: Sendable, Equatable {
    public var path: String
    public var sha256: String
    public var rowsRead: Int
    public var accepted: Int
    public var rejected: Int
    /// Earlier rows replaced by a later line for the same key (warnings, not rejections).
    public var replaced: Int
    /// Values left out of accepted rows (item non-response after an error).
    public var rejectedValues: Int

    public init(path: String, sha256: String, rowsRead: Int, accepted: Int, rejected: Int, replaced: Int = 0,
                rejectedValues: Int = 0) {
        self.path = path
        self.sha256 = sha256
        self.rowsRead = rowsRead
        self.accepted = accepted
        self.rejected = rejected
        self.replaced = replaced
        self.rejectedValues = rejectedValues
    }
}

/// `rejects.csv`: every rejected row or value of the files a job read, in file then line
/// order. Values and records are escaped and cut at Excel's limit of 32,767 characters per
/// cell, saying so, so that the file always opens.
public func rejectsFile(_ rejections: [Rejection], dialect: CSVDialect) -> ReportFile {
    var w = CSVWriter(dialect: dialect)
    w.header(["file", "line", "column", "value", "reason", "scope", "record"])
    func cell(_ text: String) -> CSVValue { .text(SafeText.cut(SafeText.escaped(text), at: excelCellLimit - 40)) }
    for r in rejections {
        w.write([.text(r.file), .integer(r.line), cell(r.column), cell(r.value), cell(r.reason), .text(r.scope.rawValue),
                 cell(r.record)])
    }
    return ReportFile(name: "rejects.csv", bytes: w.bytes, rows: w.rows)
}

/// The most characters an Excel cell holds.
public let excelCellLimit = 32_767

/// `manifest.json`: what went in and what came out, with fingerprints; no clock time and no
/// absolute path, so that the same inputs give the same bytes anywhere (SPEC 5).
public func manifestFile(job: String, period: String, version: String, settings: ReportSettings,
                         inputs: [InputRecord], outputs: [ReportFile], audit: AuditOutcome? = nil,
                         vintage: (path: String, manifestSHA256: String)? = nil) -> ReportFile {
    func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
    /// A bound of an audit interval to the hundredth, without trailing zeros; null when the
    /// published figures leave that side open.
    func bound(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        var text = String(format: "%.2f", (x * 100).rounded() / 100)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
    var lines: [String] = []
    lines.append("{")
    lines.append("  \"tool\": \"observatory\",")
    lines.append("  \"version\": \(string(version)),")
    lines.append("  \"job\": \(string(job)),")
    lines.append("  \"period\": \(string(period)),")
    lines.append("  \"parameters\": {")
    lines.append("    \"csv_dialect\": \(string(settings.dialect.rawValue)),")
    lines.append("    \"lang\": \(string(settings.language.rawValue)),")
    lines.append("    \"min_cell\": \(settings.minCell),")
    lines.append("    \"dominance\": \(settings.dominance),")
    lines.append("    \"p_rule\": \(settings.pRule),")
    lines.append("    \"quantile_minimum\": \(settings.quantileMinimum),")
    lines.append("    \"suppression\": \(settings.suppression),")
    lines.append("    \"strict\": \(settings.strict),")
    lines.append("    \"max_rejected\": \(settings.maxRejected)")
    lines.append("  },")
    lines.append("  \"inputs\": [")
    for (i, input) in inputs.enumerated() {
        lines.append("    {\"path\": \(string(input.path)), \"sha256\": \(string(input.sha256)), \"rows_read\": \(input.rowsRead), \"accepted\": \(input.accepted), \"rejected\": \(input.rejected), \"replaced\": \(input.replaced), \"rejected_values\": \(input.rejectedValues)}" + (i + 1 < inputs.count ? "," : ""))
    }
    lines.append("  ],")
    if let vintage {
        // The earlier report whose published series this one keeps (issue #9, vintages):
        // its folder relative to --reports and the SHA-256 of its manifest.json.
        lines.append("  \"vintage\": {\"path\": \(string(vintage.path)), \"manifest_sha256\": \(string(vintage.manifestSHA256))},")
    }
    if let audit {
        // The disclosure audit over the report's linked tables (issue #9): what it looked at
        // and what it had to suppress beyond the cell-by-cell rules.
        // Then each suppressed cell with the interval a reader can compute for it, to the
        // hundredth (null: unbounded).
        lines.append("  \"disclosure_audit\": {\"cells\": \(audit.cells), \"relations\": \(audit.relations), \"suppressed\": \(audit.suppressed), \"added\": \(audit.added), \"rounds\": \(audit.rounds), \"protected\": \(audit.isComplete), \"intervals\": [")
        for (i, interval) in audit.intervals.enumerated() {
            lines.append("    {\"cell\": \(string(interval.cell)), \"lower\": \(bound(interval.lower)), \"upper\": \(bound(interval.upper))}"
                + (i + 1 < audit.intervals.count ? "," : ""))
        }
        lines.append("  ]},")
    }
    lines.append("  \"outputs\": [")
    for (i, output) in outputs.enumerated() {
        lines.append("    {\"name\": \(string(output.name)), \"sha256\": \(string(Fingerprint.sha256(output.bytes))), \"rows\": \(output.rows)}" + (i + 1 < outputs.count ? "," : ""))
    }
    lines.append("  ]")
    lines.append("}")
    let text = lines.joined(separator: "\n") + "\n"
    return ReportFile(name: "manifest.json", bytes: Array(text.utf8), rows: 0)
}
