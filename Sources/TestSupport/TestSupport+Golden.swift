import Foundation
import Testing

/// Checks that made bytes equal an expected file's, byte for byte. On a difference it records
/// one issue per file that says where and how it differs (a unified-style diff of the first
/// differing lines, numbered, expected against got) and how to remake the expected file on
/// purpose, instead of "files differ".
///
/// - Parameters:
///   - made: the bytes produced by the code under test.
///   - expected: the file they must equal (e.g. a golden file under `Reports/`).
///   - name: how the message names the file (default: `expected`'s path relative to the package).
///   - hint: what to do when the change is on purpose (e.g. "run `scripts/run` and say why in the commit").
public func assertGolden(
    _ made: [UInt8], equals expected: URL, name: String? = nil, hint: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let label = name ?? TestSupport.displayPath(expected)
    guard let wanted = FileManager.default.contents(atPath: expected.path) else {
        Issue.record("\(label): the expected file \(expected.path) cannot be read", sourceLocation: sourceLocation)
        return
    }
    if let diff = GoldenDiff.describe(
        expected: Array(wanted), got: made, name: label, expectedPath: expected.path, gotPath: nil)
    {
        Issue.record(Comment(rawValue: diff + (hint.map { "\n" + $0 } ?? "")), sourceLocation: sourceLocation)
    }
}

/// Checks that a made file equals an expected one, byte for byte (see `assertGolden(_:equals:)`).
public func assertGolden(
    file made: URL, equals expected: URL, name: String? = nil, hint: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let label = name ?? TestSupport.displayPath(expected)
    guard let got = FileManager.default.contents(atPath: made.path) else {
        Issue.record(
            "\(label): the made file \(made.path) does not exist or cannot be read", sourceLocation: sourceLocation)
        return
    }
    guard let wanted = FileManager.default.contents(atPath: expected.path) else {
        Issue.record("\(label): the expected file \(expected.path) cannot be read", sourceLocation: sourceLocation)
        return
    }
    if let diff = GoldenDiff.describe(
        expected: Array(wanted), got: Array(got), name: label, expectedPath: expected.path,
        gotPath: made.path)
    {
        Issue.record(Comment(rawValue: diff + (hint.map { "\n" + $0 } ?? "")), sourceLocation: sourceLocation)
    }
}

/// Checks that a made folder holds the same files and folders as an expected one (at any
/// depth, hidden ones included), each file byte for byte: a missing or extra entry is named,
/// a differing file is shown as a diff (see `assertGolden(_:equals:)`).
///
/// - Parameter except: relative paths not compared (files a test changes on purpose, such as
///   a manifest that fingerprints edited inputs); they must still exist on both sides.
public func assertGolden(
    folder made: URL, equals expected: URL, except: Set<String> = [], hint: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let label = TestSupport.displayPath(expected)
    let wanted: [String], got: [String]
    do {
        (wanted, got) = (try TestSupport.entries(under: expected), try TestSupport.entries(under: made))
    } catch {
        Issue.record("\(label): cannot list the folders to compare: \(error)", sourceLocation: sourceLocation)
        return
    }
    let missing = wanted.filter { !got.contains($0) }, extra = got.filter { !wanted.contains($0) }
    if !missing.isEmpty || !extra.isEmpty {
        var lines = ["\(made.path) does not hold the files of \(label):"]
        lines += missing.map { "  missing: \($0)" } + extra.map { "  not expected: \($0)" }
        Issue.record(
            Comment(rawValue: lines.joined(separator: "\n") + (hint.map { "\n" + $0 } ?? "")),
            sourceLocation: sourceLocation)
    }
    for path in wanted where !path.hasSuffix("/") && got.contains(path) && !except.contains(path) {
        assertGolden(
            file: made.appendingPathComponent(path), equals: expected.appendingPathComponent(path),
            name: "\(label)/\(path)", hint: hint, sourceLocation: sourceLocation)
    }
}

extension TestSupport {
    /// What to do when the golden `Reports/` change on purpose.
    public static let regenerateReports = "If the change is on purpose, run `scripts/run` and say why in the commit."

    /// Relative paths of what is under `folder`, at any depth, sorted; a folder's ends with `/`.
    public static func entries(under folder: URL) throws -> [String] {
        let fm = FileManager.default
        return try fm.subpathsOfDirectory(atPath: folder.path).map { path in
            var isFolder: ObjCBool = false
            _ = fm.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder)
            return isFolder.boolValue ? path + "/" : path
        }.sorted()
    }

    /// A path relative to the package root when it lies inside it (`Reports/funding/2014`), else as it is.
    static func displayPath(_ url: URL) -> String {
        let root = packageRoot.standardizedFileURL.path + "/", path = url.standardizedFileURL.path
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }
}

/// The readable difference between two files' bytes: the lines they share at the start and
/// at the end are set aside, and what lies between is shown as a hunk of a unified diff with
/// line numbers and two lines of context. Cheap on files of any length (no alignment search):
/// enough to see where a report first went wrong.
public enum GoldenDiff {
    /// How many lines of each side, and of context, a message shows at most.
    static let shownLines = 12, contextLines = 2

    /// nil when the bytes are equal; otherwise the message.
    public static func describe(
        expected: [UInt8], got: [UInt8], name: String, expectedPath: String? = nil,
        gotPath: String? = nil
    ) -> String? {
        guard expected != got else { return nil }
        let a = lines(expected), b = lines(got)
        // Files whose every line ends with CRLF (excel-fr) show their lines without the CR.
        let crlf = (a + b).allSatisfy { $0.last == 0x0D }
        func visible(_ line: [UInt8]) -> String { Self.visible(crlf ? Array(line.dropLast()) : line) }
        var header = "\(name) differs from the expected file"
        header += " (expected \(expected.count) bytes in \(a.count) lines, got \(got.count) bytes in \(b.count) lines"
        header += crlf ? ", CRLF line ends not shown)" : ")"
        var out = [header, "--- expected  \(expectedPath ?? name)", "+++ got       \(gotPath ?? "(made in memory)")"]
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix
            && a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
        {
            suffix += 1
        }
        let removed = a[prefix..<(a.count - suffix)], added = b[prefix..<(b.count - suffix)]
        if removed.isEmpty && added.isEmpty {
            // Same lines: only the end of the file differs (a final line break).
            out.append(
                "the lines are the same; the last line "
                    + (expected.last == 0x0A
                        ? "ends with a line break in the expected file, not in the got one"
                        : "ends with a line break in the got file, not in the expected one"))
            return out.joined(separator: "\n")
        }
        let before = max(0, prefix - contextLines)
        let afterCount = min(contextLines, suffix)
        out.append(
            "@@ -\(prefix + 1),\(removed.count) +\(prefix + 1),\(added.count) @@ first difference at line \(prefix + 1)"
        )
        let width = String(max(a.count, b.count)).count
        func numbered(_ mark: String, _ number: Int, _ text: String) -> String {
            mark + String(repeating: " ", count: width - String(number).count) + "\(number) | " + text
        }
        for i in before..<prefix { out.append(numbered(" ", i + 1, visible(a[i]))) }
        for (k, line) in removed.prefix(shownLines).enumerated() {
            out.append(numbered("-", prefix + k + 1, visible(line)))
        }
        if removed.count > shownLines { out.append("-… and \(removed.count - shownLines) more expected lines") }
        for (k, line) in added.prefix(shownLines).enumerated() {
            out.append(numbered("+", prefix + k + 1, visible(line)))
        }
        if added.count > shownLines { out.append("+… and \(added.count - shownLines) more lines got") }
        let after = a.count - suffix
        for i in after..<(after + afterCount) { out.append(numbered(" ", i + 1, visible(a[i]))) }
        return out.joined(separator: "\n")
    }

    /// The lines of a file, split at LF; a CR before it and a final line break are kept in the
    /// line (so that line ends that differ show), an empty piece after the last LF is no line.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var result = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if result.last?.isEmpty == true { result.removeLast() }
        return result
    }

    /// A line as text with what a terminal would not show written out: a byte-order mark as
    /// `\u{FEFF}`, a tab as `\t`, a CR as `\r`, other control characters and bytes that are not
    /// UTF-8 by their code.
    static func visible(_ line: [UInt8]) -> String {
        var text = ""
        let decoded = String(decoding: line, as: UTF8.self)
        let valid = String(validating: line, as: UTF8.self) != nil
        for scalar in decoded.unicodeScalars {
            switch scalar {
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{FEFF}": text += "\\u{FEFF}"
            case "\u{FFFD}" where !valid: text += "\\u{FFFD}(not UTF-8)"
            case _ where scalar.properties.generalCategory == .control:
                text += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
