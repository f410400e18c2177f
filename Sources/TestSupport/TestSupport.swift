import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Helpers shared by the test targets: where the package and the built binary are,
/// temporary folders, and running the real `observatory` executable.
public enum TestSupport {
    /// The package root, found from this file's path (Sources/TestSupport/TestSupport.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The sample datasets folder of the repository.
    public static var datasets: URL { packageRoot.appendingPathComponent("Datasets") }

    /// The built `observatory` binary: `$OBSERVATORY_BINARY`, else beside the test bundle
    /// (SwiftPM puts every product of a build in one folder), else `.build/debug`.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["OBSERVATORY_BINARY"] { return URL(fileURLWithPath: path) }
        var candidates: [URL] = []
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = argv0.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("observatory"))
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/observatory"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    /// A new empty folder under this test process's own temporary folder. The test that makes
    /// it removes it when it ends, failed or not: `defer { TestSupport.remove(folder) }`.
    public static func temporaryFolder(_ label: String = "observatory") throws -> URL {
        let url = scratchRoot.appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Removes the temporary folder that holds `url` (made by `temporaryFolder` or `copyOf`),
    /// whatever depth `url` is at inside it. Nothing outside this process's temporary folder
    /// is touched.
    public static func remove(_ url: URL) {
        let root = scratchRoot.standardizedFileURL.pathComponents, path = url.standardizedFileURL.pathComponents
        guard path.count > root.count, Array(path.prefix(root.count)) == root else { return }
        try? FileManager.default.removeItem(at: scratchRoot.appendingPathComponent(path[root.count], isDirectory: true))
    }

    /// `$TMPDIR/observatory-tests-PID`, made once per process. At exit it is removed if the
    /// tests left it empty; a folder a test did not remove is named on stderr and kept, so
    /// that `scripts/test`, which checks `$TMPDIR` after the run, fails and names it. The
    /// folders of earlier runs whose process is gone (a crash or a kill skips atexit) are
    /// removed here.
    public static let scratchRoot: URL = {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory
        for name in (try? fm.contentsOfDirectory(atPath: tmp.path)) ?? [] where name.hasPrefix("observatory-tests-") {
            if let pid = Int32(name.dropFirst("observatory-tests-".count)), kill(pid, 0) != 0 && errno == ESRCH {
                try? fm.removeItem(at: tmp.appendingPathComponent(name))
            }
        }
        let root = tmp.appendingPathComponent("observatory-tests-\(getpid())", isDirectory: true)
        try? fm.createDirectory(at: root, withIntermediateDirectories: true)
        atexit {
            let root = TestSupport.scratchRoot
            let left = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
            if left.isEmpty {
                try? FileManager.default.removeItem(at: root)
            } else {
                let names = left.joined(separator: ", ")
                FileHandle.standardError.write(
                    Data("TestSupport: temporary folders a test did not remove, kept in \(root.path): \(names)\n".utf8))
            }
        }
        return root
    }()

    /// Copies a folder (e.g. `Datasets/`) to a new temporary folder, to be damaged by a test,
    /// which removes it when it ends (`defer { TestSupport.remove(copy) }`).
    public static func copyOf(_ folder: URL) throws -> URL {
        let target = try temporaryFolder("copy").appendingPathComponent(folder.lastPathComponent)
        do {
            try FileManager.default.copyItem(at: folder, to: target)
        } catch {
            remove(target)
            throw error
        }
        return target
    }

    /// What a run of the binary gave.
    public struct ProcessResult: Sendable {
        /// Its exit status.
        public var status: Int32
        /// Everything it printed on standard output.
        public var stdout: String
        /// Everything it printed on standard error.
        public var stderr: String
        /// Standard error, line by line.
        public var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// Runs the real binary with `arguments` in `directory`, standard input closed.
    public static func run(_ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Writes text to a file, creating its folder.
    public static func write(_ text: String, to url: URL) throws {
        try write(Array(text.utf8), to: url)
    }

    /// Writes bytes to a file, creating its folder.
    public static func write(_ bytes: [UInt8], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Runs one of the project's R scripts (`scripts/NAME`) with arguments; returns its exit
    /// status and stdout. The R cross-checks compare our estimators with R's `survey`.
    public static func rscript(_ name: String, arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["Rscript", packageRoot.appendingPathComponent("scripts/\(name)").path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// SHA-256 of a file in hex, by Python's hashlib: an implementation other than the code
    /// under test's, to check the digests a manifest records.
    public static func sha256(of url: URL) throws -> String {
        try python(
            "import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())",
            arguments: [url.path]
        ).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs python3 with a script, its arguments and (when given) `input` on its standard
    /// input; returns stdout. Used to make expected values with an independent
    /// implementation (Python's csv, statistics and fractions modules).
    public static func python(_ script: String, arguments: [String], input: Data? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe()
        process.standardOutput = out
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            // The scripts read all their input before they print: no pipe fills both ways.
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "python3", code: Int(process.terminationStatus))
        }
        return String(decoding: data, as: UTF8.self)
    }
}

extension String {
    /// The text with its no-break spaces (the French typography of the notes) read as plain
    /// spaces: for tests of the wording, which the typography tests check apart.
    public var plainSpaces: String {
        replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
    }
}
