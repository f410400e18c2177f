import Foundation
import Ingestion
import Statistics
import Survey

/// One input file as the manifest records it.
public struct InputRecord: Sendable, Equatable {
    /// The file relative to the datasets folder.
    public var path: String
    /// SHA-256 of its bytes, as read.
    public var sha256: String
    /// Data rows read.
    public var rowsRead: Int
    /// Rows accepted.
    public var accepted: Int
    /// Rows rejected.
    public var rejected: Int
    /// Earlier rows replaced by a later line for the same key (warnings, not rejections).
    public var replaced: Int
    /// Values left out of accepted rows (item non-response after an error).
    public var rejectedValues: Int

    /// What the manifest records of one input file.
    public init(
        path: String, sha256: String, rowsRead: Int, accepted: Int, rejected: Int, replaced: Int,
        rejectedValues: Int
    ) {
        self.path = path
        self.sha256 = sha256
        self.rowsRead = rowsRead
        self.accepted = accepted
        self.rejected = rejected
        self.replaced = replaced
        self.rejectedValues = rejectedValues
    }
}

/// `manifest.json`: what went in and what came out, with fingerprints; no clock time and no
/// absolute path, so that the same inputs give the same bytes anywhere (SPEC 5).
public func manifestFile(
    job: String, period: String, version: String, settings: ReportSettings,
    inputs: [InputRecord], outputs: [ReportFile], audit: AuditOutcome? = nil,
    vintage: (path: String, manifestSHA256: String)? = nil
) -> ReportFile {
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
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
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
        lines.append(
            "    {\"path\": \(string(input.path)), \"sha256\": \(string(input.sha256)), \"rows_read\": \(input.rowsRead), \"accepted\": \(input.accepted), \"rejected\": \(input.rejected), \"replaced\": \(input.replaced), \"rejected_values\": \(input.rejectedValues)}"
                + (i + 1 < inputs.count ? "," : ""))
    }
    lines.append("  ],")
    if let vintage {
        // The earlier report whose published series this one keeps (issue #9, vintages):
        // its folder relative to --reports and the SHA-256 of its manifest.json.
        lines.append(
            "  \"vintage\": {\"path\": \(string(vintage.path)), \"manifest_sha256\": \(string(vintage.manifestSHA256))},"
        )
    }
    if let audit {
        // The disclosure audit over the report's linked tables (issue #9): what it looked at
        // and what it had to suppress beyond the cell-by-cell rules.
        // Then each suppressed cell with the interval a reader can compute for it, to the
        // hundredth (null: unbounded).
        lines.append(
            "  \"disclosure_audit\": {\"cells\": \(audit.cells), \"relations\": \(audit.relations), \"suppressed\": \(audit.suppressed), \"added\": \(audit.added), \"rounds\": \(audit.rounds), \"protected\": \(audit.isComplete), \"intervals\": ["
        )
        for (i, interval) in audit.intervals.enumerated() {
            lines.append(
                "    {\"cell\": \(string(interval.cell)), \"lower\": \(bound(interval.lower)), \"upper\": \(bound(interval.upper))}"
                    + (i + 1 < audit.intervals.count ? "," : ""))
        }
        lines.append("  ]},")
    }
    lines.append("  \"outputs\": [")
    for (i, output) in outputs.enumerated() {
        lines.append(
            "    {\"name\": \(string(output.name)), \"sha256\": \(string(Fingerprint.sha256(output.bytes))), \"rows\": \(output.rows)}"
                + (i + 1 < outputs.count ? "," : ""))
    }
    lines.append("  ]")
    lines.append("}")
    let text = lines.joined(separator: "\n") + "\n"
    return ReportFile(name: "manifest.json", bytes: Array(text.utf8), rows: 0)
}
