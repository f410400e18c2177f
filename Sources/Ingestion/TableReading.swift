import Foundation
import Survey

/// Counts and problems of one input file. Rows read = accepted + rejected, always: a row
/// replaced by a later line for the same key counts as rejected (with a warning).
public struct FileReport: Sendable {
    /// As shown in messages (the path given on the command line, joined with the file name).
    public var path: String
    /// Relative to the datasets folder, as the manifest records it.
    public var relativePath: String
    public var rowsRead = 0
    public var accepted = 0
    public var rejected = 0
    public var encoding: TextEncoding = .utf8
    public var delimiter: UInt8 = UInt8(ascii: ";")
    public var diagnostics: [Diagnostic] = []
    public var rejections: [Rejection] = []
    /// members.csv only: ids whose row was rejected, with its line, so that the surveys can
    /// say why such a member is not in the registry.
    public var rejectedMembers: [String: Int] = [:]

    public init(path: String, relativePath: String) {
        self.path = path
        self.relativePath = relativePath
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
}

/// Where each schema column sits in a file, from its header record.
struct HeaderMap {
    /// Field index of each `ColumnSpec`, nil when the file lacks the column.
    var index: [Int?]
    /// The header names as the file spells them, by field index (for messages).
    var names: [String]

    /// Matches the header record against the schema. Unknown columns are a warning; a column
    /// given twice (say `member_id` and `id_adherent`) or a missing required one makes the
    /// file unusable.
    static func make(_ record: CSVRecord, _ specs: [ColumnSpec], _ encoding: TextEncoding,
                     report: inout FileReport) throws -> HeaderMap {
        var names: [String] = []
        var index = [Int?](repeating: nil, count: specs.count)
        for i in 0..<record.count {
            let raw = encoding.decode(Cell.trimmed(record[i]))
            names.append(raw)
            let normalized = HeaderName.normalize(raw)
            if normalized.isEmpty {
                report.diagnostics.append(Diagnostic(.warning, file: report.path, line: record.line, column: "#\(i + 1)",
                                                     message: "column \(i + 1) has no header name; it is ignored"))
                continue
            }
            guard let s = specs.firstIndex(where: { $0.names.contains(normalized) }) else {
                report.diagnostics.append(Diagnostic(.warning, file: report.path, line: record.line, column: raw,
                                                     message: "unknown column '\(raw)' is ignored (expected: \(specs.map(\.canonical).joined(separator: ", ")))"))
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
struct Row {
    let record: CSVRecord
    let header: HeaderMap
    let encoding: TextEncoding
    let delimiter: UInt8
    let numbers: NumberParser
    private(set) var problems: [(column: Int?, reason: String)] = []

    init(_ record: CSVRecord, _ header: HeaderMap, _ info: CSVFileInfo) {
        self.record = record
        self.header = header
        self.encoding = info.encoding
        self.delimiter = info.delimiter
        self.numbers = NumberParser(delimiter: info.delimiter)
    }

    var isValid: Bool { problems.isEmpty }

    /// The trimmed cell of a schema column; nil when the file has no such column or the
    /// record is too short to reach it.
    func cell(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard let i = header.index[column], i < record.count else { return nil }
        return Cell.trimmed(record[i])
    }

    /// The cell, or nil if it is absent or a missing marker.
    func present(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard let c = cell(column), !Cell.isMissing(c) else { return nil }
        return c
    }

    mutating func fail(_ column: Int?, _ reason: String) {
        problems.append((column, reason))
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

    /// Counts of people above this are typing errors; the bound also keeps every sum of
    /// counts far from overflowing, whatever the number of rows.
    static let largestCount = 1_000_000_000

    /// A whole count ≥ 0, or nil when missing or wrong (then a problem is recorded).
    mutating func count(_ column: Int) -> Int? {
        guard let c = present(column) else { return nil }
        guard let n = checked(column, numbers.count(c)) else { return nil }
        if n > Row.largestCount {
            fail(column, "a count above 1 000 000 000 is not plausible")
            return nil
        }
        return n
    }

    /// A real number ≥ 0.
    mutating func decimal(_ column: Int) -> Double? {
        guard let c = present(column) else { return nil }
        return checked(column, numbers.decimal(c))
    }

    /// An amount ≥ 0 in exact cents.
    mutating func cents(_ column: Int) -> Int64? {
        guard let c = present(column) else { return nil }
        return checked(column, numbers.cents(c))
    }

    @inline(__always)
    private mutating func checked<T: Comparable & Numeric>(_ column: Int, _ result: Result<T, NumberError>) -> T? {
        switch result {
        case .success(let v):
            if v < 0 {
                fail(column, NumberError.negative.description)
                return nil
            }
            return v
        case .failure(let e):
            fail(column, e.description)
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

    /// Turns the problems into diagnostics and rejections on the report.
    func reject(into report: inout FileReport, severity: Severity = .error) {
        let raw = rawText(record, encoding: encoding, delimiter: delimiter)
        for p in problems {
            let columnName = p.column.flatMap { header.index[$0] }.map { header.names[$0] }
            let value = p.column.flatMap { cell($0) }.map { encoding.decode($0) } ?? ""
            report.diagnostics.append(Diagnostic(severity, file: report.path, line: record.line, column: columnName,
                                                 message: p.reason + (value.isEmpty ? "" : " (value: '\(value)')")))
            report.rejections.append(Rejection(file: report.relativePath, line: record.line, column: columnName ?? "",
                                               value: value, reason: p.reason, record: raw))
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
