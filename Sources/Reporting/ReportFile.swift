/// One output file of a report, in memory until the report folder is written whole.
public struct ReportFile: Sendable, Equatable {
    /// The file's name in the report folder.
    public var name: String
    /// Its bytes, exactly as written.
    public var bytes: [UInt8]
    /// Data rows (CSV) or lines (text), for the manifest.
    public var rows: Int

    /// A file of `rows` rows.
    public init(name: String, bytes: [UInt8], rows: Int) {
        self.name = name
        self.bytes = bytes
        self.rows = rows
    }
}
