import ArgumentParser
import Foundation
import Testing
@testable import observatory
import TestSupport

/// The real binary, run as a user runs it: exit codes and the exact stderr lines.
struct BinaryTests {
    /// A copy of Datasets/ with three known faults, one per file kind.
    static func damagedDatasets() throws -> URL {
        let copy = try TestSupport.copyOf(TestSupport.datasets)
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
        return copy
    }

    @Test func validateOnDamagedDatasets() throws {
        let copy = try Self.damagedDatasets()
        let memberLines = try String(contentsOf: copy.appendingPathComponent("members.csv"), encoding: .utf8).components(separatedBy: "\r\n")
        let firstID = memberLines[1].components(separatedBy: ";")[0]
        let result = try TestSupport.run(["validate", "--datasets", "Datasets"], in: copy.deletingLastPathComponent())
        #expect(result.status == 1)
        let errors = result.stderrLines.filter { $0.contains(": error: ") }
        #expect(errors == [
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
        let url = copy.appendingPathComponent("gender/2014.csv")
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self).replacingOccurrences(of: ";Effectif;", with: ";Personnes;")
        try Data(text.utf8).write(to: url)
        let result = try TestSupport.run(["validate", "--datasets", copy.path])
        #expect(result.status == 65)
        #expect(result.stderrLines.contains("\(copy.path)/gender/2014.csv:1:headcount: error: missing required column 'headcount' (French: 'Effectif')"), "\(result.stderr)")
        #expect(result.stderrLines.contains("\(copy.path)/gender/2014.csv:1:Personnes: warning: unknown column 'Personnes' is ignored (expected: member_id, year, population, sex, headcount, hours_worked, gross_pay_eur, trained, exits, exits_to_employment)"))
    }

    @Test func missingRegistryIsExit66() throws {
        let copy = try TestSupport.copyOf(TestSupport.datasets)
        try FileManager.default.removeItem(at: copy.appendingPathComponent("members.csv"))
        let result = try TestSupport.run(["validate", "--datasets", copy.path])
        #expect(result.status == 66)
        #expect(result.stderrLines.first == "\(copy.path)/members.csv:1:-: error: cannot open the file: No such file or directory")
    }

    @Test func unterminatedQuoteIsExit65() throws {
        let copy = try TestSupport.copyOf(TestSupport.datasets)
        let url = copy.appendingPathComponent("barometer/2013-Q2.csv")
        var bytes = Array(try Data(contentsOf: url))
        bytes += Array("ADH0001;\"2013-Q2;up\r\n".utf8)
        try Data(bytes).write(to: url)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
        let result = try TestSupport.run(["validate", "--datasets", copy.path])
        #expect(result.status == 65)
        #expect(result.stderrLines.contains { $0.hasPrefix("\(copy.path)/barometer/2013-Q2.csv:\(lines - 1):-: error: a quoted field (field 2) opened on line \(lines - 1) is never closed") }, "\(result.stderr)")
    }

    @Test(arguments: [
        ["validate", "--encoding", "latin9"],
        ["generate", "--out", "/tmp/x", "--from", "2014-Q9"],
        ["generate", "--out", "/tmp/x", "--from", "2014-Q4", "--to", "2014-Q1"],
        ["generate", "--out", "/tmp/x", "--from", "1000-Q1", "--to", "1000-Q2"],
        ["run", "--lang", "de"],
        ["run", "--csv-dialect", "excel-de"],
        ["frobnicate"],
    ])
    func usageErrorsAreExit64(_ arguments: [String]) throws {
        let result = try TestSupport.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
    }

    @Test func runWritesTheLatestPeriodOfEveryJob() throws {
        let reports = try TestSupport.temporaryFolder("run")
        let result = try TestSupport.run(["run", "--datasets", TestSupport.datasets.path, "--reports", reports.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("barometer 2014-Q4: wrote \(reports.path)/barometer/2014-Q4 (7 files)"))
        #expect(result.stdout.contains("gender 2014: wrote \(reports.path)/gender/2014 (5 files)"))
        #expect(result.stdout.contains("funding 2014: wrote \(reports.path)/funding/2014 (5 files)"))
    }

    /// Datasets/ is the output of `observatory generate` with the default seed, byte for byte.
    @Test func datasetsAreTheGeneratorsOutput() throws {
        let out = try TestSupport.temporaryFolder("generated")
        let result = try TestSupport.run(["generate", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let fm = FileManager.default
        let expected = try fm.subpathsOfDirectory(atPath: TestSupport.datasets.path).filter { $0.hasSuffix(".csv") }.sorted()
        let produced = try fm.subpathsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(produced == expected)
        for path in expected {
            let a = try Data(contentsOf: TestSupport.datasets.appendingPathComponent(path))
            let b = try Data(contentsOf: out.appendingPathComponent(path))
            #expect(a == b, "Datasets/\(path) differs from the generator's output; if the change is on purpose, run `swift run observatory generate --out Datasets` and say why in the commit")
        }
    }
}

/// The same commands parsed and run in-process, as the tests of swift-argument-parser do.
struct InProcessTests {
    @Test func validateParsesAndRuns() throws {
        var command = try Observatory.parseAsRoot(["validate", "--datasets", TestSupport.datasets.path, "--quiet"])
        #expect(command is Validate)
        try command.run()
    }

    @Test func validateOnDamagedCopyThrowsExitCode1() throws {
        let copy = try BinaryTests.damagedDatasets()
        var command = try Observatory.parseAsRoot(["validate", "--datasets", copy.path, "--quiet"])
        #expect(throws: ExitCode(1)) { try command.run() }
    }

    @Test func optionsReachTheCommand() throws {
        let command = try Observatory.parseAsRoot(["run", "--datasets", "D", "--reports", "R", "--min-cell", "5", "--dominance", "0.9",
                                                   "--no-suppression", "--strict", "--lang", "en", "--csv-dialect", "rfc4180",
                                                   "--delimiter", "tab", "--encoding", "windows-1252"])
        let run = try #require(command as? Run)
        #expect(run.input.datasets == "D" && run.report.reports == "R")
        #expect(run.report.minCell == 5 && run.report.dominance == 0.9 && run.report.noSuppression && run.report.strict)
        #expect(run.report.lang == "en" && run.report.csvDialect == "rfc4180")
        #expect(run.input.readOptions.delimiter == 0x09 && run.input.readOptions.encoding == .windows1252)
    }

    /// Each job run in-process gives the golden files.
    @Test(arguments: [["barometer", "--quarter", "2014-Q4"], ["gender", "--year", "2014"], ["funding", "--year", "2014"]])
    func jobsInProcessMakeTheGoldenReports(_ job: [String]) throws {
        let reports = try TestSupport.temporaryFolder("inprocess")
        var command = try Observatory.parseAsRoot(job + ["--datasets", TestSupport.datasets.path, "--reports", reports.path, "--quiet"])
        try command.run()
        let folder = "\(job[0])/\(job[2])"
        let golden = TestSupport.packageRoot.appendingPathComponent("Reports/\(folder)")
        for name in try FileManager.default.contentsOfDirectory(atPath: golden.path) {
            #expect(try Data(contentsOf: golden.appendingPathComponent(name)) == Data(contentsOf: reports.appendingPathComponent("\(folder)/\(name)")), "\(folder)/\(name)")
        }
    }

    @Test func badPeriodIsAValidationError() {
        #expect(throws: (any Error).self) { try Observatory.parseAsRoot(["generate", "--out", "x", "--to", "2014-T5"]) }
    }
}
