import Foundation
import TestSupport
import Testing

/// tables.xlsx read back by Python's zipfile and XML parser, not by our code: every part is
/// well-formed XML, every entry carries the fixed date, and every sheet holds the values of
/// its CSV file, cell for cell.
struct WorkbookTests {
    /// Prints, per CSV file of a report folder, how many cells agree, and every disagreement.
    static let script = #"""
        import csv, io, json, sys, zipfile, xml.dom.minidom
        from xml.etree import ElementTree as ET
        folder = sys.argv[1]
        NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
        R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        z = zipfile.ZipFile(folder + "/tables.xlsx")
        out = {"problems": [], "compared": {}, "sheets": [], "headers": {}}
        for info in z.infolist():
            xml.dom.minidom.parseString(z.read(info.filename))  # raises on malformed XML
            if info.date_time != (1980, 1, 1, 0, 0, 0):
                out["problems"].append("date of " + info.filename)
        book = ET.fromstring(z.read("xl/workbook.xml"))
        sheets = [s.get("name") for s in book.find("m:sheets", NS)]
        out["sheets"] = sheets
        manifest = json.load(open(folder + "/manifest.json", encoding="utf-8"))
        csvs = [o["name"] for o in manifest["outputs"] if o["name"].endswith(".csv")]
        if len(sheets) != len(csvs) + 1:
            out["problems"].append("sheets %r for files %r" % (sheets, csvs))
        def column(ref):
            n = 0
            for ch in ref:
                if ch.isalpha(): n = n * 26 + ord(ch) - 64
            return n - 1
        for i, name in enumerate(csvs):
            raw = open(folder + "/" + name, "rb").read().decode("utf-8-sig")
            delimiter = ";" if raw.split("\n")[0].count(";") else ","
            rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter))
            sheet = ET.fromstring(z.read("xl/worksheets/sheet%d.xml" % (i + 2)))
            if sheet.find("m:autoFilter", NS) is None or sheet.find(".//m:pane", NS).get("state") != "frozen":
                out["problems"].append(name + ": no filter or frozen header")
            cells = {}
            for r in sheet.iter("{%s}row" % NS["m"]):
                for c in r.iter("{%s}c" % NS["m"]):
                    ref = c.get("r")
                    row = int("".join(ch for ch in ref if ch.isdigit())) - 1
                    if c.get("t") == "inlineStr":
                        cells[(row, column(ref))] = ("text", "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"])))
                    else:
                        cells[(row, column(ref))] = ("number", c.find("m:v", NS).text)
            out["headers"][name] = [cells.get((0, k), ("", ""))[1] for k in range(len(rows[0]))]
            compared = 0
            for r, row in enumerate(rows[1:], start=1):
                for k, value in enumerate(row):
                    got = cells.pop((r, k), None)
                    compared += 1
                    if value == "":
                        if got is not None: out["problems"].append("%s %d,%d: %r for an empty cell" % (name, r, k, got))
                        continue
                    if got is None:
                        out["problems"].append("%s %d,%d: no cell for %r" % (name, r, k, value)); continue
                    if got[0] == "number":
                        if float(value.replace(",", ".")) != float(got[1]):
                            out["problems"].append("%s %d,%d: %r vs %r" % (name, r, k, value, got))
                    else:
                        text = value[1:] if value[:1] == "'" and value[1:2] in "=+-@\t\r" else value
                        # A number held as text would not sum in a spreadsheet (rejects.csv
                        # quotes what members typed, numbers included).
                        looks_numeric = text.replace(",", ".").lstrip("-").replace(".", "", 1).isdigit()
                        if text != got[1] or (looks_numeric and name != "rejects.csv"):
                            out["problems"].append("%s %d,%d: %r vs %r" % (name, r, k, value, got))
            extra = [key for key in cells if key[0] > 0]
            if extra: out["problems"].append("%s: cells beyond the CSV %r" % (name, extra[:3]))
            out["compared"][name] = compared
        print(json.dumps(out))
        """#

    static func check(_ folder: URL) throws -> [String: Any] {
        let json = try TestSupport.python(Self.script, arguments: [folder.path])
        return try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    }

    /// The golden Reports/ (French, excel-fr): each sheet holds its CSV file, cell for cell.
    @Test(arguments: ["barometer/2014-Q4", "gender/2014", "funding/2014", "egapro/2014"])
    func theGoldenWorkbookHoldsTheCSVFiles(_ report: String) throws {
        let result = try Self.check(TestSupport.packageRoot.appendingPathComponent("Reports/" + report))
        #expect(result["problems"] as! [String] == [])
        let compared = result["compared"] as! [String: Int]
        #expect(compared.count >= 2 && compared.values.filter { $0 > 0 }.count >= 1, "\(compared)")
        let sheets = result["sheets"] as! [String]
        #expect(sheets.first == "Lisez-moi")
        #expect(sheets.last == "Rejets")
        let headers = result["headers"] as! [String: [String]]
        #expect(headers["rejects.csv"] == ["Fichier", "Ligne", "Colonne", "Valeur", "Motif", "Portée", "Ligne brute"])
    }

    /// In English and RFC 4180, with the same values; and the same bytes on a second run.
    @Test func englishWorkbookAndTheSameBytesTwice() throws {
        let first = try TestSupport.temporaryFolder("wb1"), second = try TestSupport.temporaryFolder("wb2")
        defer {
            TestSupport.remove(first)
            TestSupport.remove(second)
        }
        for folder in [first, second] {
            let r = try TestSupport.run(
                [
                    "funding", "--year", "2014", "--reports", folder.path, "--lang", "en", "--csv-dialect", "rfc4180",
                    "--quiet",
                ],
                in: TestSupport.packageRoot)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let folder = first.appendingPathComponent("funding/2014")
        let result = try Self.check(folder)
        #expect(result["problems"] as! [String] == [])
        #expect(result["sheets"] as! [String] == ["Read me", "Shares", "Sources", "Rejects"])
        let headers = result["headers"] as! [String: [String]]
        #expect(headers["sources.csv"]?.prefix(4) == ["Breakdown", "Group", "Source", "Amount (€)"])
        let again = second.appendingPathComponent("funding/2014/tables.xlsx")
        #expect(
            try TestSupport.sha256(of: folder.appendingPathComponent("tables.xlsx")) == TestSupport.sha256(of: again))
    }
}
