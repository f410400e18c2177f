import Foundation
import TestSupport
import Testing

/// The real binary, run as a user runs it: exit codes and the exact stderr lines.
struct BinaryTests {
    /// A copy of Datasets/ with three known faults, one per file kind, in a temporary folder
    /// that the caller removes (`TestSupport.remove`); removed here if an edit fails.
    static func damagedDatasets() throws -> URL {
        let copy = try TestSupport.copyOf(TestSupport.datasets)
        do {
            try damage(copy)
        } catch {
            TestSupport.remove(copy)
            throw error
        }
        return copy
    }

    private static func damage(_ copy: URL) throws {
        func edit(_ relative: String, _ change: (inout [String]) -> Void) throws {
            let url = copy.appendingPathComponent(relative)
            var lines = String(decoding: try Data(contentsOf: url), as: UTF8.self).components(separatedBy: "\r\n")
            change(&lines)
            try Data(lines.joined(separator: "\r\n").utf8).write(to: url)
        }
        try edit("barometer/2014-Q4.csv") { lines in
            var fields = lines[4].components(separatedBy: ";")
            fields[2] = "peut-être"
            lines[4] = fields.joined(separator: ";")
        }
        try edit("funding/2014.csv") { lines in
            var fields = lines[2].components(separatedBy: ";")
            fields[2] = "-12"
            lines[2] = fields.joined(separator: ";")
        }
        try edit("members.csv") { lines in
            lines.insert(lines[1].replacingOccurrences(of: ";oui", with: ";non"), at: lines.count - 1)
        }
    }

    @Test func validateOnDamagedDatasets() throws {
        let copy = try Self.damagedDatasets()
        defer { TestSupport.remove(copy) }
        let memberLines = try String(contentsOf: copy.appendingPathComponent("members.csv"), encoding: .utf8)
            .components(separatedBy: "\r\n")
        let firstID = memberLines[1].components(separatedBy: ";")[0]
        let result = try TestSupport.run(["validate", "--datasets", "Datasets"], in: copy.deletingLastPathComponent())
        #expect(result.status == 1)
        let errors = result.stderrLines.filter { $0.contains(": error: ") }
        #expect(
            errors == [
                "Datasets/members.csv:\(memberLines.count - 1):Id adhérent: error: member_id is already defined on line 2; this later row is ignored (value: '\(firstID)')",
                "Datasets/barometer/2014-Q4.csv:5:Activité passée: error: not an answer (up/hausse/+, stable/=, down/baisse, or empty); the value is left out, the rest of the row is used (value: 'peut-être')",
                "Datasets/funding/2014.csv:3:Ventes: error: must not be negative (value: '-12')",
            ], "\(result.stderr)")
        #expect(result.stdout.contains("barometer/2014-Q4.csv: "))
        #expect(result.stdout.contains("3 errors, "))
    }

    @Test func validateOnTheSampleIsClean() throws {
        let result = try TestSupport.run(["validate", "--datasets", TestSupport.datasets.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains(": error: "))
        #expect(result.stdout.contains("members.csv: 523 rows read, 523 accepted, 0 rejected (utf-8, ';')"))
    }

    @Test func missingRequiredColumnIsExit65() throws {
        let copy = try TestSupport.copyOf(TestSupport.datasets)
        defer { TestSupport.remove(copy) }
        let url = copy.appendingPathComponent("gender/2014.csv")
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self).replacingOccurrences(
            of: ";Effectif;", with: ";Personnes;")
        try Data(text.utf8).write(to: url)
        let result = try TestSupport.run(["validate", "--datasets", copy.path])
        #expect(result.status == 65)
        #expect(
            result.stderrLines.contains(
                "\(copy.path)/gender/2014.csv:1:headcount: error: missing required column 'headcount' (French: 'Effectif')"
            ), "\(result.stderr)")
        #expect(
            result.stderrLines.contains(
                "\(copy.path)/gender/2014.csv:1:Personnes: warning: unknown column 'Personnes' is ignored (expected: member_id, year, population, sex, headcount, hours_worked, gross_pay_eur, trained, exits, exits_to_employment)"
            ))
    }

    @Test func missingRegistryIsExit66() throws {
        let copy = try TestSupport.copyOf(TestSupport.datasets)
        defer { TestSupport.remove(copy) }
        try FileManager.default.removeItem(at: copy.appendingPathComponent("members.csv"))
        let result = try TestSupport.run(["validate", "--datasets", copy.path])
        #expect(result.status == 66)
        #expect(
            result.stderrLines.first
                == "\(copy.path)/members.csv:1:-: error: cannot open the file: No such file or directory")
    }

    @Test func unterminatedQuoteIsExit65() throws {
        let copy = try TestSupport.copyOf(TestSupport.datasets)
        defer { TestSupport.remove(copy) }
        let url = copy.appendingPathComponent("barometer/2013-Q2.csv")
        var bytes = Array(try Data(contentsOf: url))
        bytes += Array("ADH0001;\"2013-Q2;up\r\n".utf8)
        try Data(bytes).write(to: url)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
        let result = try TestSupport.run(["validate", "--datasets", copy.path])
        #expect(result.status == 65)
        #expect(
            result.stderrLines.contains {
                $0.hasPrefix(
                    "\(copy.path)/barometer/2013-Q2.csv:\(lines - 1):-: error: a quoted field (field 2) opened on line \(lines - 1) is never closed"
                )
            }, "\(result.stderr)")
    }

    /// Each usage error is exit 64 with its own first line (not just any error): an unknown
    /// value of an enumerated option names the values it takes.
    @Test(arguments: [
        (
            ["validate", "--encoding", "latin9"],
            "Error: The value 'latin9' is invalid for '--encoding <encoding>'. Please provide one of 'utf-8' and 'windows-1252'."
        ),
        (
            ["generate", "--out", "/tmp/x", "--from", "2014-Q9"],
            "Error: --from '2014-Q9' is not a quarter like 2013-Q1"
        ),
        (
            ["generate", "--out", "/tmp/x", "--from", "2014-Q4", "--to", "2014-Q1"],
            "Error: --from must not be after --to"
        ),
        (
            ["generate", "--out", "/tmp/x", "--from", "1000-Q1", "--to", "1000-Q2"],
            "Error: --from and --to must be between 1990 and 2100"
        ),
        (["generate", "--out", "/tmp/x", "--to", "2014-T5"], "Error: --to '2014-T5' is not a quarter like 2014-Q4"),
        (
            ["run", "--lang", "de"],
            "Error: The value 'de' is invalid for '--lang <lang>'. Please provide one of 'fr' and 'en'."
        ),
        (
            ["run", "--csv-dialect", "excel-de"],
            "Error: The value 'excel-de' is invalid for '--csv-dialect <csv-dialect>'. Please provide one of 'excel-fr' and 'rfc4180'."
        ),
        (["frobnicate"], "Error: Unexpected argument 'frobnicate'"),
    ])
    func usageErrorsAreExit64(_ arguments: [String], _ message: String) throws {
        let result = try TestSupport.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderrLines.first == message, "\(arguments): \(result.stderr)")
    }

    /// Every option of the jobs reaches the report: its manifest records them.
    @Test func jobOptionsReachTheReport() throws {
        let reports = try TestSupport.temporaryFolder("options")
        defer { TestSupport.remove(reports) }
        let result = try TestSupport.run([
            "funding", "--year", "2014", "--datasets", TestSupport.datasets.path, "--reports", reports.path,
            "--min-cell", "5", "--dominance", "0.9", "--p-rule", "0.2", "--no-suppression", "--strict",
            "--lang", "en", "--csv-dialect", "rfc4180", "--max-rejected", "0.5", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try String(
            contentsOf: reports.appendingPathComponent("funding/2014/manifest.json"), encoding: .utf8)
        #expect(
            manifest.contains(
                """
                  "parameters": {
                    "csv_dialect": "rfc4180",
                    "lang": "en",
                    "min_cell": 5,
                    "dominance": 0.9,
                    "p_rule": 0.2,
                    "quantile_minimum": 10,
                    "suppression": false,
                    "strict": true,
                    "max_rejected": 0.5
                  },
                """), "\(manifest)")
    }

    /// `--delimiter` and `--encoding` reach the reader: a registry in TAB-separated
    /// Windows-1252 with no BOM, read as told.
    @Test func readOptionsReachTheReader() throws {
        let folder = try TestSupport.temporaryFolder("read-options")
        defer { TestSupport.remove(folder) }
        _ = try TestSupport.python(
            """
            import csv, sys
            rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
            with open(sys.argv[2], "w", encoding="cp1252", newline="") as f:
                csv.writer(f, delimiter="\\t", lineterminator="\\r\\n").writerows(rows)
            """,
            arguments: [
                TestSupport.datasets.appendingPathComponent("members.csv").path,
                folder.appendingPathComponent("members.csv").path,
            ])
        let result = try TestSupport.run([
            "validate", "--datasets", folder.path, "--delimiter", "tab", "--encoding", "windows-1252",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("members.csv: 523 rows read, 523 accepted, 0 rejected (windows-1252, 'TAB')"),
            "\(result.stdout)")
    }

    @Test func runWritesTheLatestPeriodOfEveryJob() throws {
        let reports = try TestSupport.temporaryFolder("run")
        defer { TestSupport.remove(reports) }
        let result = try TestSupport.run(["run", "--datasets", TestSupport.datasets.path, "--reports", reports.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("barometer 2014-Q4: wrote \(reports.path)/barometer/2014-Q4 (12 files)"))
        #expect(result.stdout.contains("gender 2014: wrote \(reports.path)/gender/2014 (10 files)"))
        #expect(result.stdout.contains("funding 2014: wrote \(reports.path)/funding/2014 (10 files)"))
    }

    /// Datasets/ is the output of `observatory generate` with the default seed, byte for byte.
    @Test func datasetsAreTheGeneratorsOutput() throws {
        let out = try TestSupport.temporaryFolder("generated")
        defer { TestSupport.remove(out) }
        let result = try TestSupport.run(["generate", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        assertGolden(
            folder: out, equals: TestSupport.datasets,
            hint:
                "If the change is on purpose, run `swift run observatory generate --out Datasets` and say why in the commit."
        )
    }
}
