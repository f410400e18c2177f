import Foundation
import TestSupport
import Testing

/// Writing report folders through the real binary: plain error messages, refusal of a
/// user's folder, a file size limit, and many runs of one job at once.
struct ReportWritingTests {
    static func listing(_ url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    static let golden = TestSupport.packageRoot.appendingPathComponent("Reports/barometer/2014-Q4")

    @Test func reportsThroughARegularFileIsExit73WithAPlainReason() throws {
        let folder = try TestSupport.temporaryFolder("blocked")
        defer { TestSupport.remove(folder) }
        let file = folder.appendingPathComponent("reports")
        try Data("not a folder".utf8).write(to: file)
        for reports in [file, file.appendingPathComponent("deeper")] {
            let r = try TestSupport.run(
                ["barometer", "--quarter", "2014-Q4", "--reports", reports.path, "--quiet"],
                in: TestSupport.packageRoot)
            #expect(r.status == 73, "\(r.stderr)")
            #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("error 512"), "\(r.stderr)")
            #expect(
                r.stderrLines.last
                    == "\(reports.path)/barometer/2014-Q4:1:-: error: cannot write the report: \(file.path) is a file, not a folder",
                "\(r.stderr)")
        }
        #expect(try Data(contentsOf: file) == Data("not a folder".utf8))
        #expect(try Self.listing(folder) == ["reports"])
    }

    @Test func userFolderAtTheTargetIsExit73AndKept() throws {
        let reports = try TestSupport.temporaryFolder("reports")
        defer { TestSupport.remove(reports) }
        let target = reports.appendingPathComponent("barometer/2014-Q4")
        try TestSupport.write("my own notes\n", to: target.appendingPathComponent("notes.txt"))
        let before = try TestSupport.copyOf(target)
        defer { TestSupport.remove(before) }
        let r = try TestSupport.run(
            ["barometer", "--quarter", "2014-Q4", "--reports", reports.path, "--quiet"],
            in: TestSupport.packageRoot)
        #expect(r.status == 73, "\(r.stderr)")
        #expect(
            r.stderrLines.last
                == "\(target.path):1:-: error: cannot write the report: \(target.path) exists and is not a report folder (no manifest.json); move it away or choose another --reports folder",
            "\(r.stderr)")
        assertGolden(folder: target, equals: before)
        #expect(try Self.listing(target.deletingLastPathComponent()) == ["2014-Q4"])
    }

    /// Under `ulimit -f` a write gets EFBIG (SIGXFSZ is ignored): exit 73 with a plain
    /// reason, the previous report as it was, and no temporary folder left.
    @Test func fileSizeLimitIsExit73AndKeepsThePreviousReport() throws {
        let reports = try TestSupport.temporaryFolder("reports")
        defer { TestSupport.remove(reports) }
        let arguments = [
            "barometer", "--quarter", "2014-Q4", "--datasets", "Datasets", "--reports", reports.path, "--quiet",
        ]
        let first = try TestSupport.run(arguments, in: TestSupport.packageRoot)
        #expect(first.status == 0, "\(first.stderr)")
        let target = reports.appendingPathComponent("barometer/2014-Q4")
        let before = try TestSupport.copyOf(target)
        defer { TestSupport.remove(before) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -f 8 && exec \"$0\" \"$@\"", TestSupport.binary.path] + arguments
        process.currentDirectoryURL = TestSupport.packageRoot
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(
            process.terminationReason == .exit && process.terminationStatus == 73,
            "\(process.terminationReason) \(process.terminationStatus) \(stderr)")
        let last = stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("\(target.path):1:-: error: cannot write the report: cannot write file "), "\(stderr)")
        #expect(last.contains("file too large (File too large"), "\(stderr)")
        assertGolden(folder: target, equals: before)
        #expect(try Self.listing(target.deletingLastPathComponent()) == ["2014-Q4"])
    }

    /// 16 runs of one job into one reports folder at once: all succeed, one after another
    /// under the lock, and the folder is the golden report byte for byte. Two rounds, so
    /// that both the first write (no folder yet) and replacements race; a race lost 1 run in
    /// about 40 before the lock.
    @Test func sixteenConcurrentRunsAllSucceed() throws {
        let reports = try TestSupport.temporaryFolder("reports")
        defer { TestSupport.remove(reports) }
        for _ in 0..<2 { try Self.sixteenRuns(into: reports) }
    }

    static func sixteenRuns(into reports: URL) throws {
        let datasets = TestSupport.packageRoot.appendingPathComponent("Datasets")
        var runs: [(Process, Pipe)] = []
        for _ in 0..<16 {
            let process = Process()
            process.executableURL = TestSupport.binary
            process.arguments = [
                "barometer", "--quarter", "2014-Q4", "--datasets", datasets.path,
                "--reports", reports.path, "--quiet",
            ]
            process.currentDirectoryURL = TestSupport.packageRoot
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            runs.append((process, err))
        }
        for (process, err) in runs {
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(stderr)")
        }
        assertGolden(
            folder: reports.appendingPathComponent("barometer/2014-Q4"), equals: Self.golden,
            hint: TestSupport.regenerateReports)
        // The index is remade by each run, each time whole: no temporary file is left.
        #expect(try Self.listing(reports) == ["barometer", "index.html"])
        #expect(try Self.listing(reports.appendingPathComponent("barometer")) == ["2014-Q4"])
    }
}
