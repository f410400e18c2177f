import Survey

/// Counts and problems of one input file. Rows read = accepted + rejected + replaced, always.
public struct FileReport: Sendable {
    /// As shown in messages (the path given on the command line, joined with the file name).
    public var path: String
    /// Relative to the datasets folder, as the manifest records it.
    public var relativePath: String
    /// Data rows read (blank lines not counted).
    public var rowsRead = 0
    /// Rows accepted into the statistics.
    public var accepted = 0
    /// Rows taken out of the statistics because a key or a base was wrong (errors).
    public var rejected = 0
    /// Earlier rows for a key given twice, replaced by the later line (warnings, not errors:
    /// the member sent its return twice).
    public var replaced = 0
    /// Values made missing in accepted rows (item non-response after an error).
    public var rejectedValues = 0
    /// The encoding the file was read in.
    public var encoding: TextEncoding = .utf8
    /// The delimiter it was parsed with.
    public var delimiter: UInt8 = UInt8(ascii: ";")
    /// SHA-256 of the file's bytes in lower-case hexadecimal, taken as they were read for
    /// parsing (`CSVFileInfo.sha256`): the fingerprint `manifest.json` records.
    public var sha256 = ""
    /// Every problem of the file, in the order found.
    public var diagnostics: [Diagnostic] = []
    /// The rows and values rejected or replaced, in line order, for rejects.csv.
    public var rejections: [Rejection] = []
    /// members.csv only: ids whose row was rejected, with its line, so that the surveys can
    /// say why such a member is not in the registry.
    public var rejectedMembers: [String: Int] = [:]
    /// Whether the file already said that an id was matched in another case.
    var toldAboutIDCase = false
    /// The rows the file holds, estimated once the first rows are read from the bytes they
    /// took (`scanTable`): the decoders size their arrays with it, instead of doubling them
    /// past the need (which left a file of 42 million rows in an array of 67 million).
    var expectedRows: Int? = nil

    /// An empty report of the file at `path` (`relativePath` in the datasets folder).
    public init(path: String, relativePath: String) {
        self.path = path
        self.relativePath = relativePath
    }

    /// How many of the problems are errors.
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    /// The most frequent reason among the rows rejected, with how many rows gave it.
    public var commonestRowReason: (reason: String, rows: Int)? {
        var counts: [String: Int] = [:]
        // A row with two problems counts once for each reason: each is something to fix.
        for r in rejections where r.scope == .row { counts[r.reason, default: 0] += 1 }
        return counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }.map {
            ($0.key, $0.value)
        }
    }
}
