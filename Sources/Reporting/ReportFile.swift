/// One output file of a report, in memory until the report folder is written whole.
public struct ReportFile: Sendable, Equatable {
    /// The file's name in the report folder.
    public var name: String
    /// Its bytes, exactly as written.
    public var bytes: [UInt8]
    /// Data rows (CSV) or lines (text), for the manifest.
    public var rows: Int
    /// A CSV file's typed cells, which its sheet of the workbook shows; nil for other files.
    public var table: ReportTable?

    /// A file of `rows` rows.
    public init(name: String, bytes: [UInt8], rows: Int, table: ReportTable? = nil) {
        self.name = name
        self.bytes = bytes
        self.rows = rows
        self.table = table
    }

    /// `summary.txt` holding `text`; its rows are its lines.
    public init(summary text: String) {
        self.init(
            name: "summary.txt", bytes: Array(text.utf8),
            rows: text.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
    }

    /// The CSV file `csv` wrote, with its typed cells.
    public init(name: String, csv: CSVWriter) {
        self.init(name: name, bytes: csv.bytes, rows: csv.rows, table: csv.table)
    }
}

/// A CSV file's header and typed rows, as written.
public struct ReportTable: Sendable, Equatable {
    /// The column names of the header.
    public var columns: [String]
    /// The data rows, one value per column.
    public var rows: [[CSVValue]]

    /// A table of `columns` and `rows`.
    public init(columns: [String], rows: [[CSVValue]]) {
        self.columns = columns
        self.rows = rows
    }
}
