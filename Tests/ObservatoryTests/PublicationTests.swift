import Foundation
import TestSupport
import Testing

/// note.html, its charts and Reports/index.html, read back by Python's XML parser (not by
/// our code): well-formed, self-contained, with the figures of the CSV files.
struct PublicationTests {
    /// Parses every page and chart of a reports folder; prints what the checks need.
    static let script = #"""
        import glob, json, os, sys
        from xml.etree import ElementTree as ET
        root = sys.argv[1]
        out = {"problems": [], "pages": {}, "index": []}
        SVG = "{http://www.w3.org/2000/svg}"
        for path in sorted(glob.glob(root + "/*/*/*.svg")):
            tree = ET.parse(path)  # raises on malformed XML
            if tree.getroot().tag != SVG + "svg": out["problems"].append(path + ": not an svg")
            texts = [t.text for t in tree.iter(SVG + "text")]
            if not any(t and t.startswith("Source") for t in texts): out["problems"].append(path + ": no source line")
        for path in sorted(glob.glob(root + "/*/*/note.html")):
            text = open(path, encoding="utf-8").read()
            if not text.startswith("<!DOCTYPE html>\n"): out["problems"].append(path + ": no doctype")
            page = ET.fromstring(text[len("<!DOCTYPE html>\n"):])
            body = page.find("body")
            for bad in ("script", "link", "img", "iframe"):
                if list(page.iter(bad)): out["problems"].append(path + ": " + bad)
            if "http://" in text.replace("http://www.w3.org/2000/svg", "") or "https://" in text:
                out["problems"].append(path + ": a link out of the page")
            svgs = [svg for svg in page.iter(SVG + "svg")]
            files = sorted(f for f in os.listdir(os.path.dirname(path)) if f.endswith(".svg"))
            inline = [ET.tostring(s, encoding="unicode") for s in svgs]
            cells = [("".join(td.itertext())) for td in page.iter("td")]
            heads = ["".join(h.itertext()) for h in page.iter("h2")]
            out["pages"][os.path.relpath(path, root)] = {
                "charts": len(svgs), "files": files, "tables": len(list(page.iter("table"))),
                "cells": cells, "headings": heads, "title": page.find("head").find("title").text,
                "footer": "".join(body.find("footer").itertext()),
            }
        index = ET.fromstring(open(root + "/index.html", encoding="utf-8").read()[len("<!DOCTYPE html>\n"):])
        out["index"] = [a.get("href") for a in index.iter("a")]
        print(json.dumps(out))
        """#

    static func read(_ folder: URL) throws -> [String: Any] {
        let json = try TestSupport.python(Self.script, arguments: [folder.path])
        return try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    }

    @Test func theGoldenPagesAreWellFormedAndSelfContained() throws {
        let result = try Self.read(TestSupport.packageRoot.appendingPathComponent("Reports"))
        #expect(result["problems"] as! [String] == [])
        let pages = result["pages"] as! [String: [String: Any]]
        #expect(
            pages.keys.sorted() == [
                "barometer/2014-Q4/note.html", "egapro/2014/note.html", "funding/2014/note.html",
                "gender/2014/note.html",
            ])
        for (name, page) in pages {
            // Three charts inlined, and the same three written beside the page.
            #expect(page["charts"] as? Int == 3, "\(name)")
            #expect((page["files"] as? [String])?.count == 3, "\(name)")
            #expect((page["tables"] as? Int ?? 0) >= 1, "\(name)")
            #expect((page["headings"] as? [String])?.contains("Méthode") == true, "\(name)")
            // The footer fingerprints the files read: the registry first.
            #expect((page["footer"] as? String)?.contains("members.csv") == true, "\(name)")
        }
        // The barometer page's table by structure type holds ACI's published figures, read from
        // response.csv and balances.csv with Python's csv module: its respondents, then its
        // unweighted balances of the climate and the five questions, each within the 0.05 of
        // a rounding to one decimal.
        let published = try TestSupport.python(
            #"""
            import csv, json, sys
            def rows(name):
                raw = open(sys.argv[1] + "/" + name, encoding="utf-8-sig").read()
                return list(csv.DictReader(raw.splitlines(), delimiter=";"))
            aci = [r for r in rows("response.csv") if r["group"] == "ACI"][0]
            out = [float(aci["respondents"])]
            for q in ["climate", "activity_past", "activity_outlook", "employment_past", "employment_outlook", "cash_position"]:
                r = [r for r in rows("balances.csv")
                     if r["group"] == "ACI" and r["question"] == q and r["weighting"] == "unweighted"][0]
                out.append(float(r["balance"].replace(",", ".")))
            print(json.dumps(out))
            """#,
            arguments: [TestSupport.packageRoot.appendingPathComponent("Reports/barometer/2014-Q4").path])
        let expected = try JSONSerialization.jsonObject(with: Data(published.utf8)) as! [Double]
        let cells = (pages["barometer/2014-Q4/note.html"]!["cells"] as! [String]).prefix(expected.count).map {
            Double($0.replacingOccurrences(of: "\u{202F}", with: "").replacingOccurrences(of: ",", with: "."))
        }
        #expect(cells.count == 7 && cells[0] == expected[0])
        for (shown, value) in zip(cells.dropFirst(), expected.dropFirst()) {
            #expect(shown != nil && abs(shown! - value) <= 0.05 + 1e-9, "\(String(describing: shown)) vs \(value)")
        }
        #expect(
            result["index"] as! [String] == [
                "barometer/2014-Q4/note.html", "barometer/2014-Q4/tables.xlsx", "barometer/2014-Q4/summary.txt",
                "gender/2014/note.html", "gender/2014/tables.xlsx", "gender/2014/summary.txt",
                "funding/2014/note.html", "funding/2014/tables.xlsx", "funding/2014/summary.txt",
                "egapro/2014/note.html", "egapro/2014/tables.xlsx", "egapro/2014/summary.txt",
            ])
    }

    /// The index lists what the reports folder holds: a second period appears, latest first.
    @Test func theIndexListsEveryReportPresent() throws {
        let reports = try TestSupport.temporaryFolder("index")
        defer { TestSupport.remove(reports) }
        // A write under way (or killed) leaves a hidden folder: it is not a report.
        let hidden = reports.appendingPathComponent("barometer/.2014-Q2.tmp-1")
        try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
        try TestSupport.write("{}", to: hidden.appendingPathComponent("manifest.json"))
        for q in ["2014-Q3", "2014-Q4"] {
            let r = try TestSupport.run(
                ["barometer", "--quarter", q, "--reports", reports.path, "--lang", "en", "--quiet"],
                in: TestSupport.packageRoot)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let result = try Self.read(reports)
        #expect(result["problems"] as! [String] == [])
        #expect(
            result["index"] as! [String] == [
                "barometer/2014-Q4/note.html", "barometer/2014-Q4/tables.xlsx", "barometer/2014-Q4/summary.txt",
                "barometer/2014-Q3/note.html", "barometer/2014-Q3/tables.xlsx", "barometer/2014-Q3/summary.txt",
            ])
        let pages = result["pages"] as! [String: [String: Any]]
        #expect((pages["barometer/2014-Q4/note.html"]?["headings"] as? [String])?.contains("Method") == true)
    }
}
