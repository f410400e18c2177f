import Foundation
import TestSupport
import Testing

/// The barometer job end to end, through the real binary.
struct BarometerJobTests {
    static let reportFiles = [
        "balances.csv", "quantities.csv", "response.csv", "series.csv", "summary.txt", "rejects.csv", "note.html",
        "chart-climate.svg", "chart-balances.svg", "chart-types.svg", "tables.xlsx", "manifest.json",
    ]

    /// Reports/ is what `observatory run` makes of Datasets/, byte for byte, every job.
    @Test func goldenReportsAreRemadeByteForByte() throws {
        let out = try TestSupport.temporaryFolder("reports")
        defer { TestSupport.remove(out) }
        let result = try TestSupport.run(
            ["run", "--datasets", "Datasets", "--reports", out.path], in: TestSupport.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        let golden = TestSupport.packageRoot.appendingPathComponent("Reports")
        let expected = try TestSupport.entries(under: golden)
        #expect(
            expected.contains("barometer/2014-Q4/balances.csv") && expected.contains("gender/2014/indicators.csv")
                && expected.contains("funding/2014/shares.csv"))
        assertGolden(folder: out, equals: golden, hint: TestSupport.regenerateReports)
    }

    /// balances.csv (the golden one, which the test above remakes through the binary) gives the
    /// jackknife standard error of each published delta after the two deltas, and the note
    /// words the climate's changes by the 1.96·se rule on those figures; read by Python's csv.
    @Test func changesCarryTheirStandardErrors() throws {
        let folder = TestSupport.packageRoot.appendingPathComponent("Reports/barometer/2014-Q4")
        let script = #"""
            import csv, json, sys
            rows = list(csv.DictReader(open(sys.argv[1] + "/balances.csv", encoding="utf-8-sig", newline=""), delimiter=";"))
            header = list(rows[0].keys())
            num = lambda s: float(s.replace(",", "."))
            paired = unpaired = negative = 0
            for r in rows:
                for d, s in (("delta_prev_quarter", "se_delta_prev_quarter"), ("delta_prev_year", "se_delta_prev_year")):
                    if bool(r[d]) != bool(r[s]): unpaired += 1
                    elif r[d]:
                        paired += 1
                        negative += num(r[s]) < 0
            climate = next(r for r in rows if r["breakdown"] == "all" and r["question"] == "climate" and r["weighting"] == "unweighted")
            words = []
            for d, s in (("delta_prev_quarter", "se_delta_prev_quarter"), ("delta_prev_year", "se_delta_prev_year")):
                words.append("stable" if abs(num(climate[d])) < 1.96 * num(climate[s]) else ("up" if num(climate[d]) > 0 else "down"))
            print(json.dumps({"header": header[12:], "paired": paired, "unpaired": unpaired, "negative": negative, "climate": words,
                              "deltas": [climate["delta_prev_quarter"], climate["delta_prev_year"]]}))
            """#
        let json = try TestSupport.python(script, arguments: [folder.path])
        let m = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect(
            m["header"] as? [String] == [
                "delta_prev_quarter", "delta_prev_year", "se_delta_prev_quarter", "se_delta_prev_year",
                "low_precision", "status",
            ])
        #expect(m["unpaired"] as? Int == 0 && m["negative"] as? Int == 0)
        #expect((m["paired"] as? Int ?? 0) > 500)
        // The sample's climate, computed from Datasets/ with Python's csv module (the mean of the
        // balances 100 × (up − down) / answers of activity past, activity outlook, employment
        // outlook and cash position, over the members `Actif` = oui): 2014-Q4 −14.4306,
        // 2014-Q3 −15.6545, 2013-Q4 −6.0254, so +1.2240 on the quarter and −8.4052 on the year.
        #expect(m["deltas"] as? [String] == ["1,22", "-8,41"])
        // With their standard errors (2.92 and 3.31): stable on the quarter, a fall on the year.
        #expect(m["climate"] as? [String] == ["stable", "down"])
        let note = try String(contentsOf: folder.appendingPathComponent("summary.txt"), encoding: .utf8).plainSpaces
        #expect(note.contains("stable sur le trimestre et en baisse de 8,4 points sur un an."), "\(note)")
    }

    /// The rfc4180 dialect holds the same cells as excel-fr, with `.` for the decimal
    /// comma, no BOM and LF line ends; read back by Python's csv module.
    @Test func bothDialectsHoldTheSameCells() throws {
        let fr = try TestSupport.temporaryFolder("fr"), rfc = try TestSupport.temporaryFolder("rfc")
        defer {
            TestSupport.remove(fr)
            TestSupport.remove(rfc)
        }
        for (folder, dialect) in [(fr, "excel-fr"), (rfc, "rfc4180")] {
            let r = try TestSupport.run(
                [
                    "barometer", "--quarter", "2014-Q4", "--datasets", "Datasets", "--reports", folder.path,
                    "--csv-dialect", dialect, "--quiet",
                ], in: TestSupport.packageRoot)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let script = #"""
            import csv, json, sys
            def read(path, delimiter, encoding):
                with open(path, encoding=encoding, newline="") as f:
                    raw = f.read()
                return raw, list(csv.reader(raw.splitlines(), delimiter=delimiter))
            out = {}
            for name in ["balances.csv", "quantities.csv", "response.csv", "series.csv", "rejects.csv"]:
                fr_raw, fr = read(sys.argv[1] + "/" + name, ";", "utf-8-sig")
                en_raw, en = read(sys.argv[2] + "/" + name, ",", "utf-8")
                crlf = fr_raw.count("\r\n") == fr_raw.count("\n") and "\r" not in en_raw
                import re
                def norm(cell):
                    return cell.replace(",", ".") if re.fullmatch(r"-?[0-9]+,[0-9]+", cell) else cell
                same = [[norm(c) for c in row] for row in fr] == en
                out[name] = {"rows": len(fr), "same": same, "line_ends": crlf}
            with open(sys.argv[1] + "/balances.csv", "rb") as f:
                out["bom_fr"] = f.read(3) == b"\xef\xbb\xbf"
            with open(sys.argv[2] + "/balances.csv", "rb") as f:
                out["bom_rfc"] = f.read(3) == b"\xef\xbb\xbf"
            print(json.dumps(out))
            """#
        let json = try TestSupport.python(
            script,
            arguments: [
                fr.appendingPathComponent("barometer/2014-Q4").path,
                rfc.appendingPathComponent("barometer/2014-Q4").path,
            ])
        let result = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect(result["bom_fr"] as? Bool == true)
        #expect(result["bom_rfc"] as? Bool == false)
        for name in ["balances.csv", "quantities.csv", "response.csv", "series.csv", "rejects.csv"] {
            let file = result[name] as! [String: Any]
            #expect(file["same"] as? Bool == true, "\(name)")
            #expect(file["line_ends"] as? Bool == true, "\(name)")
            #expect((file["rows"] as? Int ?? 0) > 1, "\(name)")
        }
    }

    @Test func englishAndFrenchSummaries() throws {
        let fr = try TestSupport.temporaryFolder("fr"), en = try TestSupport.temporaryFolder("en")
        defer {
            TestSupport.remove(fr)
            TestSupport.remove(en)
        }
        for (folder, lang) in [(fr, "fr"), (en, "en")] {
            let r = try TestSupport.run(
                ["barometer", "--quarter", "2014-Q4", "--reports", folder.path, "--lang", lang, "--quiet"],
                in: TestSupport.packageRoot)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let french = try String(contentsOf: fr.appendingPathComponent("barometer/2014-Q4/summary.txt"), encoding: .utf8)
            .plainSpaces
        let english = try String(
            contentsOf: en.appendingPathComponent("barometer/2014-Q4/summary.txt"), encoding: .utf8)
        #expect(french.hasPrefix("Note de conjoncture — 4e trimestre 2014\n"))
        #expect(english.hasPrefix("Economic outlook note — fourth quarter of 2014\n"))
        // The response line, counted in Datasets/ with Python's csv module: 515 members are
        // `Actif` = oui in members.csv, 155 of them answer in barometer/2014-Q4.csv;
        // 100 × 155 / 515 = 30.097 %.
        let response = try String(
            contentsOf: fr.appendingPathComponent("barometer/2014-Q4/response.csv"), encoding: .utf8)
        #expect(response.contains("\r\nall;all;515;155;30,10\r\n"), "\(response)")
        #expect(french.contains("Réponses : 155 adhérents sur 515 actifs (taux de réponse 30,1 %)."), "\(french)")
        #expect(english.contains("Responses: 155 of 515 active members (response rate 30.1%)."), "\(english)")
        #expect(french.contains("Par type de structure"))
        #expect(english.contains("By structure type"))
    }

    @Test func failedRunLeavesThePreviousReportUntouched() throws {
        let copy = try TestSupport.copyOf(TestSupport.datasets)
        defer { TestSupport.remove(copy) }
        let reports = try TestSupport.temporaryFolder("reports")
        defer { TestSupport.remove(reports) }
        var r = try TestSupport.run([
            "barometer", "--quarter", "2014-Q4", "--datasets", copy.path, "--reports", reports.path, "--quiet",
        ])
        #expect(r.status == 0)
        let folder = reports.appendingPathComponent("barometer/2014-Q4")
        let before = try TestSupport.copyOf(folder)
        defer { TestSupport.remove(before) }
        #expect(try TestSupport.entries(under: before) == Self.reportFiles.sorted())

        // An unusable input: the job stops with 65 and writes nothing.
        let url = copy.appendingPathComponent("barometer/2014-Q4.csv")
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self).replacingOccurrences(
            of: "Trésorerie", with: "Tréso")
        try Data(text.utf8).write(to: url)
        r = try TestSupport.run([
            "barometer", "--quarter", "2014-Q4", "--datasets", copy.path, "--reports", reports.path, "--quiet",
        ])
        #expect(r.status == 65)
        assertGolden(folder: folder, equals: before)

        // --strict with a rejected row: exit 1, nothing written.
        try Data(
            text.replacingOccurrences(of: "Tréso", with: "Trésorerie").utf8 + Array("ADH9999;2014-Q4;;;;;;;;;\r\n".utf8)
        ).write(to: url)
        r = try TestSupport.run([
            "barometer", "--quarter", "2014-Q4", "--datasets", copy.path, "--reports", reports.path, "--quiet",
            "--strict",
        ])
        #expect(r.status == 1)
        #expect(
            r.stderrLines.contains {
                $0.hasSuffix(
                    "barometer/2014-Q4.csv:\(text.components(separatedBy: "\r\n").count):Id adhérent: error: unknown member: not in members.csv (value: 'ADH9999')"
                )
            }, "\(r.stderr)")
        assertGolden(folder: folder, equals: before)

        // Without --strict the rejected row goes to rejects.csv and the report is replaced.
        r = try TestSupport.run([
            "barometer", "--quarter", "2014-Q4", "--datasets", copy.path, "--reports", reports.path, "--quiet",
        ])
        #expect(r.status == 0)
        let rejects = try String(contentsOf: folder.appendingPathComponent("rejects.csv"), encoding: .utf8)
        #expect(
            rejects.contains(
                "barometer/2014-Q4.csv;\(text.components(separatedBy: "\r\n").count);Id adhérent;ADH9999;unknown member: not in members.csv;"
            ))
        // No temporary folder is left beside the report.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: reports.appendingPathComponent("barometer").path) == [
                "2014-Q4"
            ])
    }

    @Test func unwritableReportsIsExit73() throws {
        let file = try TestSupport.temporaryFolder("blocked").appendingPathComponent("reports")
        defer { TestSupport.remove(file) }
        try Data("not a folder".utf8).write(to: file)
        let r = try TestSupport.run(
            ["barometer", "--quarter", "2014-Q4", "--reports", file.path, "--quiet"], in: TestSupport.packageRoot)
        #expect(r.status == 73, "\(r.stderr)")
        #expect(
            r.stderrLines.last?.hasPrefix("\(file.path)/barometer/2014-Q4:1:-: error: cannot write the report: ")
                == true, "\(r.stderr)")
    }

    @Test func missingQuarterIsExit66AndBadQuarterIs64() throws {
        var r = try TestSupport.run(["barometer", "--quarter", "2015-Q1", "--quiet"], in: TestSupport.packageRoot)
        #expect(r.status == 66)
        #expect(
            r.stderrLines.last
                == "Datasets/barometer/2015-Q1.csv:1:-: error: no barometer file for 2015-Q1; the periods present are 2013-Q1, 2013-Q2, 2013-Q3, 2013-Q4, 2014-Q1, 2014-Q2, 2014-Q3, 2014-Q4"
        )
        r = try TestSupport.run(["barometer", "--quarter", "2015-Q5"], in: TestSupport.packageRoot)
        #expect(r.status == 64)
    }

    @Test func manifestFingerprintsMatchTheFiles() throws {
        let folder = TestSupport.packageRoot.appendingPathComponent("Reports/barometer/2014-Q4")
        let script = #"""
            import hashlib, json, os, sys
            folder, datasets = sys.argv[1], sys.argv[2]
            m = json.load(open(os.path.join(folder, "manifest.json")))
            ok = all(hashlib.sha256(open(os.path.join(folder, o["name"]), "rb").read()).hexdigest() == o["sha256"] for o in m["outputs"])
            ok_in = all(hashlib.sha256(open(os.path.join(datasets, i["path"]), "rb").read()).hexdigest() == i["sha256"] for i in m["inputs"])
            rows = all(i["rows_read"] == i["accepted"] + i["rejected"] + i["replaced"] for i in m["inputs"])
            print(json.dumps({"outputs": ok, "inputs": ok_in, "rows": rows, "names": [o["name"] for o in m["outputs"]], "period": m["period"]}))
            """#
        let json = try TestSupport.python(script, arguments: [folder.path, TestSupport.datasets.path])
        let m = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect(m["outputs"] as? Bool == true)
        #expect(m["inputs"] as? Bool == true)
        #expect(m["rows"] as? Bool == true)
        #expect(m["period"] as? String == "2014-Q4")
        #expect(
            m["names"] as? [String] == [
                "balances.csv", "quantities.csv", "response.csv", "series.csv", "summary.txt", "rejects.csv",
                "note.html", "chart-climate.svg", "chart-balances.svg", "chart-types.svg", "tables.xlsx",
            ])
    }
}
