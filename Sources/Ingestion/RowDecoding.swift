import Foundation
import Survey

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
    static let largestCents: Int64 = 100_000_000_000_000  // 10^12 €
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
        return measure(column, scope, ceiling: Row.largestHundredthsOfHours, Row.hoursCeiling) {
            numbers.hundredths($0)
        }
    }

    /// An amount ≥ 0 in exact cents (`roundingHalfUp`: more decimals rounded to the cent).
    mutating func cents(_ column: Int, _ scope: RejectionScope = .row, roundingHalfUp: Bool = false) -> Int64? {
        let numbers = numbers
        return measure(column, scope, ceiling: Row.largestCents, Row.moneyCeiling) {
            numbers.cents($0, roundingHalfUp: roundingHalfUp)
        }
    }

    /// A number of a column read by `parse`, at least 0 and at most its plausibility
    /// ceiling, or nil with the problem recorded.
    @inline(__always)
    private mutating func measure<T: Comparable & Numeric>(
        _ column: Int, _ scope: RejectionScope, ceiling: T, _ tooLarge: String,
        _ parse: (UnsafeBufferPointer<UInt8>) -> Result<T, NumberError>
    ) -> T? {
        guard let c = present(column) else { return nil }
        guard let v = checked(column, parse(c), scope, tooLarge: tooLarge) else { return nil }
        if v > ceiling {
            fail(column, tooLarge, scope)
            return nil
        }
        return v
    }

    @inline(__always)
    private mutating func checked<T: Comparable & Numeric>(
        _ column: Int, _ result: Result<T, NumberError>,
        _ scope: RejectionScope, tooLarge: String
    ) -> T? {
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
                fail(
                    nil,
                    "the record has \(record.count) fields but the header has \(expected); field \(i + 1) is not empty")
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
            let value =
                p.column.flatMap { c in header.index[c].flatMap { $0 < record.count ? Cell.trimmed(record[$0]) : nil } }
                .map { encoding.decode($0) } ?? ""
            let quoted = value.isEmpty ? "" : " (value: '\(SafeText.cut(value, at: Row.longestQuotedValue))')"
            let consequence =
                rowRejected || p.scope == .row ? "" : "; the value is left out, the rest of the row is used"
            report.diagnostics.append(
                Diagnostic(
                    .error, file: report.path, line: record.line, column: columnName,
                    message: p.reason + consequence + quoted, kind: p.kind))
            report.rejections.append(
                Rejection(
                    file: report.relativePath, line: record.line, column: columnName ?? "",
                    value: value, reason: p.reason, scope: rowRejected ? .row : .value, record: raw))
        }
    }
}

/// The record as one line of text, re-quoted for the file's delimiter, for `rejects.csv`.
func rawText(_ record: CSVRecord, encoding: TextEncoding, delimiter: UInt8) -> String {
    let d = Character(Unicode.Scalar(delimiter))
    // Scanned as bytes: Foundation's `contains` on a String costs more than reading the row.
    let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
    return record.strings(encoding).map { field in
        if field.utf8.contains(where: { $0 == delimiter || $0 == quote || $0 == newline || $0 == carriage }) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }.joined(separator: String(d))
}
