import Foundation
import ZIPFoundation

/// An Office Open XML workbook (`.xlsx`): SpreadsheetML parts written by our code, zipped by
/// ZIPFoundation. Only what a report needs: inline strings (no shared-string table), numbers
/// held as the decimal text the CSV files publish, a few number formats, a bold frozen
/// header row, an autofilter and column widths.
///
/// The bytes depend only on the content: every zip entry has the same fixed date, the parts
/// are added in a fixed order and stored, not deflated (a deflated stream depends on the
/// zlib build), so the same report gives the same file on any machine.
struct Workbook {
    /// How a cell's number is shown (the value stored is the same whatever the format).
    enum Format: Int, CaseIterable {
        case general = 0
        case header
        case wrapped
        case integer
        case decimal
        /// A percentage held as its number of percent (53.33 shows `53.33 %`), as the CSV holds it.
        case percent
        /// A difference of percentages, signed, with one decimal.
        case points
        case euros
        /// A standard error in points: one decimal, no sign.
        case spread
    }

    /// One cell.
    enum Cell: Equatable {
        case text(String)
        /// The number as decimal text with a `.` separator, exactly as published; shown in
        /// its column's format unless another is given.
        case number(String, Format?)
        case empty
    }

    /// One column: its width in characters and the format of its numbers.
    struct Column {
        var width: Double
        var format: Format
    }

    /// One sheet: a header row (frozen, filtered) unless `header` is false.
    struct Sheet {
        var name: String
        var columns: [Column]
        var rows: [[Cell]]
        var header = true
    }

    var sheets: [Sheet]

    /// The date every entry of the zip carries: 1980-01-01 00:00 UTC, the first a zip can hold.
    static let entryDate = Date(timeIntervalSince1970: 315_532_800)

    /// The `.xlsx` file.
    func bytes() throws -> [UInt8] {
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes()),
            ("_rels/.rels", rootRelationships()),
            ("xl/workbook.xml", workbook()),
            ("xl/_rels/workbook.xml.rels", workbookRelationships()),
            ("xl/styles.xml", Self.styles),
        ]
        for (i, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(i + 1).xml", worksheet(sheet)))
        }
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Self.entryDate,
                permissions: 0o644, compressionMethod: .none
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return [UInt8](data)
    }

    private static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    private func contentTypes() -> String {
        var s = Self.declaration
        s += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        s += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        s += #"<Default Extension="xml" ContentType="application/xml"/>"#
        s +=
            #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        s +=
            #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for i in sheets.indices {
            s +=
                #"<Override PartName="/xl/worksheets/sheet\#(i + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return s + "</Types>"
    }

    private func rootRelationships() -> String {
        Self.declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="\#(Self.relationships)/officeDocument" Target="xl/workbook.xml"/>"#
            + "</Relationships>"
    }

    private func workbook() -> String {
        var s = Self.declaration + #"<workbook xmlns="\#(Self.main)" xmlns:r="\#(Self.relationships)"><sheets>"#
        for (i, sheet) in sheets.enumerated() {
            s += #"<sheet name="\#(Markup.escaped(sheet.name))" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
        }
        s += "</sheets>"
        // The filters' ranges, as Excel itself records them.
        let filtered = sheets.enumerated().filter { $0.element.header && !$0.element.columns.isEmpty }
        if !filtered.isEmpty {
            s += "<definedNames>"
            for (i, sheet) in filtered {
                let quoted = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'"
                s +=
                    #"<definedName name="_xlnm._FilterDatabase" localSheetId="\#(i)" hidden="1">"#
                    + Markup.escaped("\(quoted)!\(Self.range(sheet, absolute: true))") + "</definedName>"
            }
            s += "</definedNames>"
        }
        return s + "</workbook>"
    }

    private func workbookRelationships() -> String {
        var s =
            Self.declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for i in sheets.indices {
            s +=
                #"<Relationship Id="rId\#(i + 1)" Type="\#(Self.relationships)/worksheet" Target="worksheets/sheet\#(i + 1).xml"/>"#
        }
        s += #"<Relationship Id="rId\#(sheets.count + 1)" Type="\#(Self.relationships)/styles" Target="styles.xml"/>"#
        return s + "</Relationships>"
    }

    /// The cell styles, indexed like `Format`: number formats 164–167 are ours (a percent
    /// kept as its number of percent, signed points, euros, one unsigned decimal), 3 and 4
    /// Excel's own `#,##0` and `#,##0.00`.
    private static let styles =
        declaration + #"<styleSheet xmlns="\#(main)">"#
        + #"<numFmts count="4">"#
        + #"<numFmt numFmtId="164" formatCode="0.00&quot; %&quot;"/>"#
        + #"<numFmt numFmtId="165" formatCode="+0.0;-0.0;0.0"/>"#
        + ##"<numFmt numFmtId="166" formatCode="#,##0.00&quot; €&quot;"/>"##
        + #"<numFmt numFmtId="167" formatCode="0.0"/>"#
        + "</numFmts>"
        + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>"#
        + #"<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill>"#
        + #"<fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="9">"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>"#
        + #"<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + "</cellXfs>"
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    private func worksheet(_ sheet: Sheet) -> String {
        var s = Self.declaration + #"<worksheet xmlns="\#(Self.main)" xmlns:r="\#(Self.relationships)">"#
        if sheet.header {
            s +=
                #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        } else {
            s += #"<sheetViews><sheetView workbookViewId="0"/></sheetViews>"#
        }
        if !sheet.columns.isEmpty {
            s += "<cols>"
            for (i, column) in sheet.columns.enumerated() {
                let width = NumberFormat.fixed(column.width, places: 1, decimalSeparator: UInt8(ascii: "."))
                s += #"<col min="\#(i + 1)" max="\#(i + 1)" width="\#(width)" customWidth="1"/>"#
            }
            s += "</cols>"
        }
        s += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            s += #"<row r="\#(r + 1)">"#
            for (c, cell) in row.enumerated() {
                let reference = Self.column(c) + String(r + 1)
                let format: Format =
                    sheet.header && r == 0
                    ? .header : c < sheet.columns.count ? sheet.columns[c].format : .general
                switch cell {
                case .empty:
                    continue
                case .number(let text, let own):
                    s += #"<c r="\#(reference)" s="\#((own ?? format).rawValue)"><v>\#(text)</v></c>"#
                case .text(let text):
                    let style = format == .header || format == .wrapped ? format : .general
                    s +=
                        #"<c r="\#(reference)" s="\#(style.rawValue)" t="inlineStr"><is><t xml:space="preserve">"#
                        + Markup.escaped(text) + "</t></is></c>"
                }
            }
            s += "</row>"
        }
        s += "</sheetData>"
        if sheet.header && !sheet.columns.isEmpty {
            s += #"<autoFilter ref="\#(Self.range(sheet, absolute: false))"/>"#
        }
        return s + "</worksheet>"
    }

    /// The header and data of a sheet, `A1:R123` (or `$A$1:$R$123`).
    private static func range(_ sheet: Sheet, absolute: Bool) -> String {
        let d = absolute ? "$" : ""
        return "\(d)A\(d)1:\(d)\(column(sheet.columns.count - 1))\(d)\(max(sheet.rows.count, 1))"
    }

    /// The letters of a column: 0 → A, 25 → Z, 26 → AA.
    static func column(_ index: Int) -> String {
        var n = index + 1, letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters
    }
}

/// Text made safe for XML and HTML: the five characters with a meaning there are written as
/// entities, and the characters XML 1.0 forbids (control characters other than TAB, LF and
/// CR) are dropped, since a member's text may hold anything.
enum Markup {
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
