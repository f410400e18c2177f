import Foundation
import Survey

/// Counts and problems of one input file. Rows read = accepted + rejected + replaced, always.
public struct FileReport: Sendable {
    /// As shown in messages (the path given on the command line, joined with the file name).
    public var path: String
    /// Relative to the datasets folder, as the manifest records it.
    public var relativePath: String
    public var rowsRead = 0
    public var accepted = 0
    /// Rows taken out of the statistics because a key or a base was wrong (errors).
    public var rejected = 0
    /// Earlier rows for a key given twice, replaced by the later line (warnings, not errors:
    /// the member sent its return twice).
    public var replaced = 0
    /// Values made missing in accepted rows (item non-response after an error).
    public var rejectedValues = 0
    public var encoding: TextEncoding = .utf8
    public var delimiter: UInt8 = UInt8(ascii: ";")
    /// SHA-256 of the file's bytes in lower-case hexadecimal, taken as they were read for
    /// parsing (`CSVFileInfo.sha256`): the fingerprint `manifest.json` records.
    public var sha256 = ""
    public var diagnostics: [Diagnostic] = []
    public var rejections: [Rejection] = []
    /// members.csv only: ids whose row was rejected, with its line, so that the surveys can
    /// say why such a member is not in the registry.
    public var rejectedMembers: [String: Int] = [:]
    /// Whether the file already said that an id was matched in another case.
    var toldAboutIDCase = false

    public init(path: String, relativePath: String) {
        self.path = path
        self.relativePath = relativePath
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    /// The most frequent reason among the rows rejected, with how many rows gave it.
    public var commonestRowReason: (reason: String, rows: Int)? {
        var counts: [String: Int] = [:]
        // A row with two problems counts once for each reason: each is something to fix.
        for r in rejections where r.scope == .row { counts[r.reason, default: 0] += 1 }
        return counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }.map { ($0.key, $0.value) }
    }
}

/// Where each schema column sits in a file, from its header record.
struct HeaderMap {
    /// Field index of each `ColumnSpec`, nil when the file lacks the column.
    var index: [Int?]
    /// The header names as the file spells them, by field index (for messages).
    var names: [String]

    /// Matches the header record against the schema (`Schema`, `HeaderName`). An unknown
    /// column is a warning, unless it looks like a column the file lacks: then the column was
    /// surely meant and misspelled, and reading on would silently change results (every
    /// member active, every pay gap missing), so the file is refused naming the column. A
    /// column given twice (say `member_id` and `id_adherent`) or a missing required one makes
    /// the file unusable too.
    static func make(_ record: CSVRecord, _ specs: [ColumnSpec], _ encoding: TextEncoding,
                     report: inout FileReport) throws -> HeaderMap {
        var names: [String] = []
        var index = [Int?](repeating: nil, count: specs.count)
        var unknown: [(field: Int, normalized: String)] = []
        for i in 0..<record.count {
            let raw = encoding.decode(Cell.trimmed(record[i]))
            names.append(raw)
            let normalized = HeaderName.normalize(raw)
            if normalized.isEmpty {
                report.diagnostics.append(Diagnostic(.warning, file: report.path, line: record.line, column: "#\(i + 1)",
                                                     message: "column \(i + 1) has no header name; it is ignored"))
                continue
            }
            let undecorated = HeaderName.undecorated(raw)
            if HeaderName.mentionsScale(raw), let s = specs.firstIndex(where: { $0.matches(normalized: normalized, undecorated: undecorated) }) {
                var problem = FileProblem(.unusable, file: report.path, line: record.line, column: raw,
                                          message: "column '\(raw)' (\(specs[s].canonical)) gives its values in thousands or millions; the file must give them in units (euros, hours), like 12 500 rather than 12,5 k€")
                problem.context = report.diagnostics
                throw problem
            }
            guard let s = specs.firstIndex(where: { $0.matches(normalized: normalized, undecorated: undecorated) }) else {
                unknown.append((i, undecorated ?? normalized))
                continue
            }
            if let first = index[s] {
                var problem = FileProblem(.unusable, file: report.path, line: record.line, column: raw,
                                          message: "column '\(raw)' is the same as column '\(names[first])' (\(specs[s].canonical)); keep only one")
                problem.context = report.diagnostics
                throw problem
            }
            index[s] = i
        }
        for (field, normalized) in unknown {
            let raw = names[field]
            if let s = specs.indices.first(where: { index[$0] == nil && specs[$0].resembles(normalized) }) {
                var problem = FileProblem(.unusable, file: report.path, line: record.line, column: raw,
                                          message: "column '\(raw)' is not a known column but looks like '\(specs[s].canonical)' (French: '\(InputColumns.french(specs[s].canonical))'), which the file lacks; rename the column to one of these names")
                problem.context = report.diagnostics
                throw problem
            }
            report.diagnostics.append(Diagnostic(.warning, file: report.path, line: record.line, column: raw,
                                                 message: "unknown column '\(raw)' is ignored (expected: \(specs.map(\.canonical).joined(separator: ", ")))"))
        }
        for (s, spec) in specs.enumerated() where spec.required && index[s] == nil {
            var problem = FileProblem(.unusable, file: report.path, line: record.line, column: spec.canonical,
                                      message: "missing required column '\(spec.canonical)' (French: '\(InputColumns.french(spec.canonical))')")
            problem.context = report.diagnostics
            throw problem
        }
        return HeaderMap(index: index, names: names)
    }
}

/// One data row being decoded: hands out trimmed cells by schema column and collects the
/// row's problems. Each problem becomes a diagnostic and a line of `rejects.csv`.
///
/// A problem has a scope (SPEC 3.4). `.row`: a key or a base is wrong (member, period,
/// population, sex, headcount, an amount of the funding file) and the row is rejected.
/// `.value`: an answer or a measure is wrong, and only that value becomes missing for that
/// member, as survey practice treats item non-response; the rest of the row counts.
struct Row {
    let record: CSVRecord
    let header: HeaderMap
    let encoding: TextEncoding
    let delimiter: UInt8
    let numbers: NumberParser
    struct Problem {
        var column: Int?
        var reason: String
        var scope: RejectionScope
        /// What groups this problem with others in a summary line (`Diagnostic.kind`).
        var kind: String
    }
    private(set) var problems: [Problem] = []
    /// Schema columns whose cell is to be read as missing (a value already refused, such as
    /// one whose bytes are not valid UTF-8), one bit per column.
    private var blanked: UInt64 = 0
    /// The member whose id the row spelled in another case than the registry (said once per
    /// file); kept as an index so that a good row carries no String.
    var respelledMember: Int?

    init(_ record: CSVRecord, _ header: HeaderMap, _ info: CSVFileInfo) {
        self.record = record
        self.header = header
        self.encoding = info.encoding
        self.delimiter = info.delimiter
        self.numbers = NumberParser(delimiter: info.delimiter)
    }

    /// False once a key or a base is wrong: the row is rejected.
    var isValid: Bool { !problems.contains { $0.scope == .row } }

    /// The trimmed cell of a schema column; nil when the file has no such column or the
    /// record is too short to reach it.
    func cell(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard blanked & (1 << UInt64(column)) == 0, let i = header.index[column], i < record.count else { return nil }
        return Cell.trimmed(record[i])
    }

    /// Refuses a value of an answer or measure column before it is decoded: it then reads as
    /// missing (item non-response) and the problem is reported with scope `value`.
    mutating func refuseValue(_ column: Int, _ reason: String) {
        fail(column, reason, .value)
        blanked |= 1 << UInt64(column)
    }

    /// The cell, or nil if it is absent or a missing marker.
    func present(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard let c = cell(column), !Cell.isMissing(c) else { return nil }
        return c
    }

    /// Records a problem; `.row` rejects the row, `.value` makes the value missing.
    mutating func fail(_ column: Int?, _ reason: String, _ scope: RejectionScope = .row, kind: String? = nil) {
        problems.append(Problem(column: column, reason: reason, scope: scope, kind: kind ?? reason))
    }

    /// The cell, or a problem if it is absent or missing.
    mutating func required(_ column: Int, _ what: String) -> UnsafeBufferPointer<UInt8>? {
        if let c = present(column) { return c }
        fail(column, "\(what) is required")
        return nil
    }

    func text(_ column: Int) -> String {
        guard let c = cell(column) else { return "" }
        return encoding.decode(c)
    }

    /// Plausibility ceilings (SPEC 3.4): beyond them a value is a typing error, not a figure.
    /// They also keep every sum of accepted values far from overflowing, whatever the number
    /// of rows (a billion rows at the ceiling stay within 128-bit sums, and Double totals
    /// stay finite).
    static let largestCount = 1_000_000_000
    static let largestHundredthsOfHours: Int64 = 100_000_000 * 100
    static let largestCents: Int64 = 100_000_000_000_000   // 10^12 €
    static let countCeiling = "a count above 1 000 000 000 is not plausible"
    static let hoursCeiling = "more than 100 000 000 hours is not plausible for one member"
    static let moneyCeiling = "more than 1 000 000 000 000 € is not plausible for one member"

    /// A whole count ≥ 0, or nil when missing or wrong (then a problem is recorded).
    mutating func count(_ column: Int, _ scope: RejectionScope = .row) -> Int? {
        let numbers = numbers
        return measure(column, scope, ceiling: Row.largestCount, Row.countCeiling) { numbers.count($0) }
    }

    /// Hours ≥ 0 in exact hundredths, so that totals are exact sums like money. Read from the
    /// decimal digits, never through a Double (0,285 h is 29 hundredths, not 28): more than two
    /// decimals are rounded half up to the hundredth (36 seconds), since a time typed as
    /// 7,333 h is a real time, not a typing error.
    mutating func hours(_ column: Int, _ scope: RejectionScope = .row) -> Int64? {
        let numbers = numbers
        return measure(column, scope, ceiling: Row.largestHundredthsOfHours, Row.hoursCeiling) { numbers.hundredths($0) }
    }

    /// An amount ≥ 0 in exact cents.
    mutating func cents(_ column: Int, _ scope: RejectionScope = .row) -> Int64? {
        let numbers = numbers
        return measure(column, scope, ceiling: Row.largestCents, Row.moneyCeiling) { numbers.cents($0) }
    }

    /// A number of a column read by `parse`, at least 0 and at most its plausibility
    /// ceiling, or nil with the problem recorded.
    @inline(__always)
    private mutating func measure<T: Comparable & Numeric>(_ column: Int, _ scope: RejectionScope, ceiling: T, _ tooLarge: String,
                                                           _ parse: (UnsafeBufferPointer<UInt8>) -> Result<T, NumberError>) -> T? {
        guard let c = present(column) else { return nil }
        guard let v = checked(column, parse(c), scope, tooLarge: tooLarge) else { return nil }
        if v > ceiling {
            fail(column, tooLarge, scope)
            return nil
        }
        return v
    }

    @inline(__always)
    private mutating func checked<T: Comparable & Numeric>(_ column: Int, _ result: Result<T, NumberError>,
                                                           _ scope: RejectionScope, tooLarge: String) -> T? {
        switch result {
        case .success(let v):
            if v < 0 {
                fail(column, NumberError.negative.description, scope)
                return nil
            }
            return v
        case .failure(.overflow):
            // Too large to hold is above the ceiling too: say which.
            fail(column, tooLarge, scope)
            return nil
        case .failure(let e):
            fail(column, e.description, scope, kind: e.description + " (" + e.cause + ")")
            return nil
        }
    }

    /// Checks the field count against the header: short rows and rows with non-empty extra
    /// fields are rejected; trailing empty fields (Excel's `;;;`) are harmless.
    mutating func checkShape() {
        let expected = header.names.count
        if record.count < expected {
            fail(nil, "the record has \(record.count) fields but the header has \(expected)")
        } else if record.count > expected {
            for i in expected..<record.count where !Cell.trimmed(record[i]).isEmpty {
                fail(nil, "the record has \(record.count) fields but the header has \(expected); field \(i + 1) is not empty")
                break
            }
        }
    }

    /// True for records whose every field is empty: spreadsheets leave such lines
    /// (`;;;;`) below the data. They hold nothing, so they are not rows.
    var isBlank: Bool {
        for i in 0..<record.count where !Cell.trimmed(record[i]).isEmpty { return false }
        return true
    }

    /// The longest value quoted in a message on the terminal.
    static let longestQuotedValue = 200

    /// Turns the problems into diagnostics and rejections on the report: every problem of a
    /// rejected row with scope `row`, the value problems of an accepted one with scope `value`.
    func report(into report: inout FileReport) {
        let rowRejected = !isValid
        let raw = rawText(record, encoding: encoding, delimiter: delimiter)
        for p in problems {
            let columnName = p.column.flatMap { header.index[$0] }.map { header.names[$0] }
            let value = p.column.flatMap { c in header.index[c].flatMap { $0 < record.count ? Cell.trimmed(record[$0]) : nil } }
                .map { encoding.decode($0) } ?? ""
            let quoted = value.isEmpty ? "" : " (value: '\(SafeText.cut(value, at: Row.longestQuotedValue))')"
            let consequence = rowRejected || p.scope == .row ? "" : "; the value is left out, the rest of the row is used"
            report.diagnostics.append(Diagnostic(.error, file: report.path, line: record.line, column: columnName,
                                                 message: p.reason + consequence + quoted, kind: p.kind))
            report.rejections.append(Rejection(file: report.relativePath, line: record.line, column: columnName ?? "",
                                               value: value, reason: p.reason, scope: rowRejected ? .row : .value, record: raw))
        }
    }
}

/// The record as one line of text, re-quoted for the file's delimiter, for `rejects.csv`.
func rawText(_ record: CSVRecord, encoding: TextEncoding, delimiter: UInt8) -> String {
    let d = Character(Unicode.Scalar(delimiter))
    return record.strings(encoding).map { field in
        if field.contains(d) || field.contains("\"") || field.contains("\n") || field.contains("\r") {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }.joined(separator: String(d))
}
