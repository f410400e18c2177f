/// How bad a problem is: an error rejects the row (or the file), a warning only informs.
public enum Severity: String, Sendable, Hashable {
    case error
    case warning
}

/// One problem found in an input, located the way a compiler locates one, so that an editor
/// or a grep can jump to it: `FILE:LINE:COLUMN: severity: message`.
///
/// `line` is the physical line where the record starts (1 = the header), because that is
/// what a person sees when they open the file in a text editor; `column` is the header name
/// as the file spells it, because column letters shift when someone inserts a column in Excel.
/// A problem that concerns the whole record or file has no column and prints `-`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var severity: Severity
    public var file: String
    public var line: Int
    public var column: String?
    public var message: String

    public init(_ severity: Severity, file: String, line: Int, column: String? = nil, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        "\(file):\(line):\(column ?? "-"): \(severity.rawValue): \(message)"
    }
}

/// A row that did not make it into the statistics, kept with enough context for a person to
/// fix it at the source: the file, the line, the offending column and value, why, and the
/// whole record as it was read. These become the lines of a job's `rejects.csv`.
public struct Rejection: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var column: String
    public var value: String
    public var reason: String
    public var record: String

    public init(file: String, line: Int, column: String, value: String, reason: String, record: String) {
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.reason = reason
        self.record = record
    }
}
