/// `tables.xlsx`: every CSV file of a report as a sheet of one workbook, after a first sheet
/// that says what each column means, the confidentiality rule and the files read. Headings
/// and sheet names are in the report's language; numbers are real numeric cells holding the
/// values the CSV files publish, with formats for percents, points and euros.
public func workbookFile(
    job: String, period: String, settings: ReportSettings, files: [ReportFile], inputs: [InputRecord]
) -> ReportFile {
    let report = WorkbookReport(job: job, period: period, settings: settings)
    let tables = files.compactMap { file in file.table.map { (file.name, $0) } }
    var readMe = report.readMe(tables, inputs)
    if settings.language == .fr {
        // The read-me is prose: it takes the notes' French spaces.
        readMe.rows = readMe.rows.map { row in
            row.map { cell in
                if case .text(let t) = cell { return .text(Typography.french(t)) }
                return cell
            }
        }
    }
    var sheets = [readMe]
    sheets += tables.map { report.sheet(file: $0.0, $0.1) }
    do {
        let bytes = try Workbook(sheets: sheets).bytes()
        return ReportFile(name: "tables.xlsx", bytes: bytes, rows: tables.reduce(0) { $0 + $1.1.rows.count })
    } catch {
        // Zipping in memory fails only when memory does: nothing a report's content can cause.
        preconditionFailure("the workbook could not be zipped in memory: \(error)")
    }
}

/// The sheets of one report's workbook.
struct WorkbookReport: Note {
    let job: String
    let period: String
    let settings: ReportSettings

    /// A CSV file's sheet: its columns under their headings in the report's language.
    func sheet(file: String, _ table: ReportTable) -> Workbook.Sheet {
        let entries = table.columns.map { Vocabulary.entry($0, in: file) }
        var rows: [[Workbook.Cell]] = [entries.map { .text(fr ? $0.fr : $0.en) }]
        for row in table.rows {
            rows.append(
                row.enumerated().map { c, value in
                    Self.cell(value, integerInDecimalColumn: c < entries.count && entries[c].format == .decimal)
                })
        }
        let columns = entries.enumerated().map { c, entry in
            let longest = rows.lazy.map { row in c < row.count ? Self.width(row[c]) : 0 }.max() ?? 0
            return Workbook.Column(width: Double(min(max(longest, 6), 48) + 2), format: entry.format)
        }
        return Workbook.Sheet(name: Vocabulary.sheetName(file, settings.language), columns: columns, rows: rows)
    }

    /// The first sheet: the report, the meaning of every column, the confidentiality rule and
    /// the files read with their fingerprints.
    func readMe(_ tables: [(String, ReportTable)], _ inputs: [InputRecord]) -> Workbook.Sheet {
        var rows: [[Workbook.Cell]] = [[.text(title)], []]
        rows.append([
            .text(fr ? "Feuille" : "Sheet"), .text(fr ? "Colonne" : "Column"), .text(fr ? "Signification" : "Meaning"),
        ])
        for (file, table) in tables {
            let sheet = Vocabulary.sheetName(file, settings.language)
            for column in table.columns {
                let entry = Vocabulary.entry(column, in: file)
                rows.append([
                    .text(sheet), .text(fr ? entry.fr : entry.en), .text(fr ? entry.meaningFr : entry.meaningEn),
                ])
            }
        }
        rows.append([])
        rows.append([.text(fr ? "Secret statistique" : "Confidentiality"), .empty, .text(rule)])
        rows.append([])
        rows.append([
            .text(fr ? "Fichier lu" : "File read"), .text(fr ? "Lignes lues" : "Rows read"),
            .text(fr ? "Acceptées / rejetées" : "Accepted / rejected"), .text("SHA-256"),
        ])
        for input in inputs {
            rows.append([
                .text(input.path), .number(String(input.rowsRead), .integer),
                .text("\(integer(input.accepted)) / \(integer(input.rejected))"), .text(input.sha256),
            ])
        }
        let columns = [
            Workbook.Column(width: 26, format: .general), Workbook.Column(width: 30, format: .general),
            Workbook.Column(width: 90, format: .wrapped), Workbook.Column(width: 66, format: .general),
        ]
        return Workbook.Sheet(name: fr ? "Lisez-moi" : "Read me", columns: columns, rows: rows, header: false)
    }

    /// The report's name and period.
    private var title: String {
        let named = ReportIndex.jobs.first { $0.folder == job }
        let (nameFr, nameEn) = (named?.fr ?? job, named?.en ?? job)
        return fr ? "\(nameFr) \(period) : tableaux" : "\(nameEn) \(period): tables"
    }

    /// The confidentiality paragraph of the notes, without its indent.
    private var rule: String { String(confidentialityLine.drop { $0 == " " }) }

    /// A CSV value as a cell holding the same published number.
    static func cell(_ value: CSVValue, integerInDecimalColumn: Bool) -> Workbook.Cell {
        let point = UInt8(ascii: ".")
        switch value {
        case .empty: return .empty
        case .text(let s): return s.isEmpty ? .empty : .text(s)
        case .integer(let n): return .number(String(n), integerInDecimalColumn ? .integer : nil)
        case .cents(let c): return .number(NumberFormat.cents(c, decimalSeparator: point), nil)
        case .decimal(let x, let places):
            let text = NumberFormat.fixed(x, places: places, decimalSeparator: point)
            return text.isEmpty ? .empty : .number(text, nil)
        }
    }

    private static func width(_ cell: Workbook.Cell) -> Int {
        switch cell {
        case .empty: 0
        case .text(let s): s.count
        case .number(let s, _): s.count + s.count / 3 + 2
        }
    }
}
