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
    /// Whether the problem rejected something or only informs.
    public var severity: Severity
    /// The file the problem was found in, as its path was given.
    public var file: String
    /// The physical line where the record starts (1 = the header).
    public var line: Int
    /// The header name as the file spells it; nil, printed `-`, for the whole record or file.
    public var column: String?
    /// What is wrong, quoting the value, and what was done about it.
    public var message: String
    /// What the problem is, without the value: diagnostics of one kind in one file and
    /// column are summarised after the first few (7,000 identical "not a number" lines help
    /// nobody). nil for problems that are never grouped.
    public var kind: String?

    /// A problem at one place of one file; give `kind` only when such problems may be summarised.
    public init(
        _ severity: Severity, file: String, line: Int, column: String? = nil, message: String, kind: String? = nil
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.kind = kind
    }

    /// The line as printed: control characters escaped (a cell must not drive the terminal)
    /// and the message cut at `Diagnostic.longestMessage` characters.
    public var description: String {
        "\(SafeText.escaped(file)):\(line):\(SafeText.escaped(column ?? "-")): \(severity.rawValue): "
            + SafeText.cut(SafeText.escaped(message), at: Diagnostic.longestMessage)
    }

    /// Beyond this, a message (which quotes the cell) is cut: a 100 MB cell is not a message.
    public static let longestMessage = 400
}

/// Text from input files made safe to show: the files are not ours, and a cell can hold an
/// escape sequence or a hundred megabytes.
public enum SafeText {
    /// Control characters (C0, DEL, C1) written as `\u{1B}`, so that a value never moves the
    /// cursor, clears the screen or rewrites a line of the terminal it is printed on.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value)
    }

    /// The text cut to `limit` characters, saying how long it was.
    public static func cut(_ text: String, at limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (cut: \(text.count) characters)"
    }
}

/// What a problem took out of the statistics (the `scope` column of `rejects.csv`).
public enum RejectionScope: String, Sendable, Hashable {
    /// The whole row: a key or a base was wrong.
    case row
    /// One value, made missing for that member (item non-response); the rest of the row counts.
    case value
    /// An earlier row for the same key, replaced by a later line (a warning: nothing was wrong
    /// with it, the member sent its return twice).
    case replaced
}

/// A row or value that did not make it into the statistics, kept with enough context for a
/// person to fix it at the source: the file, the line, the offending column and value, why,
/// and the whole record as it was read. These become the lines of a job's `rejects.csv`.
public struct Rejection: Sendable, Hashable {
    /// The input file the row came from, relative to the datasets folder.
    public var file: String
    /// The line where the record starts, as the diagnostics give it.
    public var line: Int
    /// The header of the offending column as the file spells it; empty when the whole row is at fault.
    public var column: String
    /// The offending cell as read, so the reader sees what to correct.
    public var value: String
    /// Why it was left out (the diagnostic's message).
    public var reason: String
    /// How much it took out of the statistics.
    public var scope: RejectionScope
    /// The whole record as read, so that it can be fixed without opening the input.
    public var record: String

    /// One line of `rejects.csv`, as the decoders make one per refused row or value.
    public init(
        file: String, line: Int, column: String, value: String, reason: String, scope: RejectionScope,
        record: String
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.reason = reason
        self.scope = scope
        self.record = record
    }
}
