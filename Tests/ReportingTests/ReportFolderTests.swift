import Foundation
import TestSupport
import Testing

@testable import Reporting

#if canImport(Glibc)
    import Glibc
#endif

/// ReportFolder.write: whole replacement, refusal of folders that are not ours, cleanup and
/// recovery after killed runs, and the lock.
struct ReportFolderTests {
    /// A small report whose every byte depends on `tag`; `extra` adds a file only this one has.
    static func report(_ tag: String, extra: Bool = false) -> [ReportFile] {
        var files = [
            ReportFile(name: "table.csv", bytes: Array("a;b\r\n\(tag);1\r\n".utf8), rows: 1),
            ReportFile(name: "summary.txt", bytes: Array("summary \(tag)\n".utf8), rows: 1),
        ]
        if extra { files.append(ReportFile(name: "extra.csv", bytes: Array("only in \(tag)\r\n".utf8), rows: 1)) }
        files.append(ReportFile(name: "manifest.json", bytes: Array("{\"tag\": \"\(tag)\"}\n".utf8), rows: 0))
        return files
    }

    /// Every file and folder under `url` (relative path → bytes; folders map to nil).
    static func snapshot(_ url: URL) throws -> [String: Data?] {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isFolder) else { return [:] }
        guard isFolder.boolValue else { return ["": try Data(contentsOf: url)] }
        var result: [String: Data?] = [:]
        for path in try fm.subpathsOfDirectory(atPath: url.path) {
            let item = url.appendingPathComponent(path)
            _ = fm.fileExists(atPath: item.path, isDirectory: &isFolder)
            result[path] = isFolder.boolValue ? nil as Data? : try Data(contentsOf: item)
        }
        return result
    }

    static func expected(_ files: [ReportFile]) -> [String: Data?] {
        Dictionary(uniqueKeysWithValues: files.map { ($0.name, Data($0.bytes) as Data?) })
    }

    static func listing(_ url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    /// A process id that no process has now.
    static func deadPID() -> Int32 {
        var pid: Int32 = 999_999
        while kill(pid, 0) == 0 || errno != ESRCH { pid += 1 }
        return pid
    }

    @Test(arguments: [true, false])
    func writingTwiceReplacesTheFolderWhole(exchange: Bool) throws {
        let reports = try TestSupport.temporaryFolder("reportfolder")
        defer { TestSupport.remove(reports) }
        let parent = reports.appendingPathComponent("job")
        let target = parent.appendingPathComponent("2014-Q4")

        try ReportFolder.write(Self.report("first", extra: true), to: target, exchange: exchange)
        #expect(try Self.snapshot(target) == Self.expected(Self.report("first", extra: true)))
        try ReportFolder.write(Self.report("second"), to: target, exchange: exchange)
        // extra.csv of the first report is gone: the folder is replaced, not merged.
        #expect(try Self.snapshot(target) == Self.expected(Self.report("second")))
        // No .tmp-/.old- folder and no lock file left beside the report.
        #expect(try Self.listing(parent) == ["2014-Q4"])
    }

    @Test func userFolderWithoutManifestIsRefusedAndKept() throws {
        let reports = try TestSupport.temporaryFolder("reportfolder")
        defer { TestSupport.remove(reports) }
        let target = reports.appendingPathComponent("2014-Q4")
        try TestSupport.write("my own notes\n", to: target.appendingPathComponent("notes.txt"))
        try TestSupport.write("deeper\n", to: target.appendingPathComponent("sub/more.txt"))
        // A report a killed run left aside stays too: it may be the only copy.
        let aside = reports.appendingPathComponent(".2014-Q4.old-\(Self.deadPID())")
        try TestSupport.write("{}\n", to: aside.appendingPathComponent("manifest.json"))
        let before = try Self.snapshot(target)

        let error = #expect(throws: ReportFolder.WriteError.self) {
            try ReportFolder.write(Self.report("new"), to: target)
        }
        #expect(
            error?.description
                == "\(target.path):1:-: error: cannot write the report: \(target.path) exists and is not a report folder (no manifest.json); move it away or choose another --reports folder"
        )
        #expect(try Self.snapshot(target) == before)
        #expect(try Self.listing(reports) == [aside.lastPathComponent, "2014-Q4"])
    }

    @Test func regularFileAtTargetIsRefusedAndKept() throws {
        let reports = try TestSupport.temporaryFolder("reportfolder")
        defer { TestSupport.remove(reports) }
        let target = reports.appendingPathComponent("2014-Q4")
        let bytes = Data("a file of the user's, not a report\n".utf8)
        try bytes.write(to: target)

        let error = #expect(throws: ReportFolder.WriteError.self) {
            try ReportFolder.write(Self.report("new"), to: target)
        }
        #expect(
            error?.reason.contains("exists and is not a report folder (it is a file, not a folder)") == true,
            "\(String(describing: error))")
        #expect(try Data(contentsOf: target) == bytes)
        #expect(try Self.listing(reports) == ["2014-Q4"])
    }

    @Test func staleHiddenFoldersOfDeadProcessesAreRemoved() throws {
        let reports = try TestSupport.temporaryFolder("reportfolder")
        defer { TestSupport.remove(reports) }
        let target = reports.appendingPathComponent("2014-Q4")
        try ReportFolder.write(Self.report("first"), to: target)
        let dead = Self.deadPID()
        for hidden in [".2014-Q4.tmp-\(dead)", ".2014-Q4.old-\(dead)"] {
            try TestSupport.write("left by a killed run\n", to: reports.appendingPathComponent("\(hidden)/table.csv"))
        }
        // A folder of a live process (pid 1) is not ours to remove.
        try TestSupport.write("busy\n", to: reports.appendingPathComponent(".2014-Q4.tmp-1/table.csv"))

        try ReportFolder.write(Self.report("second"), to: target)
        #expect(try Self.snapshot(target) == Self.expected(Self.report("second")))
        #expect(try Self.listing(reports) == [".2014-Q4.tmp-1", "2014-Q4"])
    }

    /// A run killed between the fallback's two renames leaves the previous report at
    /// `.NAME.old-PID` and no target: the next run puts it back before anything else, so
    /// even when that run fails the previous report is there again.
    @Test func missingTargetWithStaleOldFolderIsRestored() throws {
        let reports = try TestSupport.temporaryFolder("reportfolder")
        defer { TestSupport.remove(reports) }
        let target = reports.appendingPathComponent("2014-Q4")
        let dead = Self.deadPID()
        let aside = reports.appendingPathComponent(".2014-Q4.old-\(dead)")
        let newTmp = reports.appendingPathComponent(".2014-Q4.tmp-\(dead)")
        try ReportFolder.write(Self.report("previous"), to: aside)
        try ReportFolder.write(Self.report("unfinished"), to: newTmp)

        // A write that fails (two files of one name) after the recovery step.
        let broken = Self.report("broken") + [ReportFile(name: "table.csv", bytes: [], rows: 0)]
        let error = #expect(throws: ReportFolder.WriteError.self) {
            try ReportFolder.write(broken, to: target)
        }
        #expect(error?.reason.contains("table.csv: File exists") == true, "\(String(describing: error))")
        #expect(try Self.snapshot(target) == Self.expected(Self.report("previous")))
        #expect(try Self.listing(reports) == ["2014-Q4"])

        try ReportFolder.write(Self.report("new"), to: target)
        #expect(try Self.snapshot(target) == Self.expected(Self.report("new")))
        #expect(try Self.listing(reports) == ["2014-Q4"])
    }

    @Test func pathThroughARegularFileGivesAPlainReason() throws {
        let reports = try TestSupport.temporaryFolder("reportfolder")
        defer { TestSupport.remove(reports) }
        let file = reports.appendingPathComponent("reports")
        try Data("not a folder".utf8).write(to: file)
        let target = file.appendingPathComponent("job/2014-Q4")
        let error = #expect(throws: ReportFolder.WriteError.self) {
            try ReportFolder.write(Self.report("new"), to: target)
        }
        #expect(
            error?.description
                == "\(target.path):1:-: error: cannot write the report: \(file.path) is a file, not a folder")
        #expect(try Data(contentsOf: file) == Data("not a folder".utf8))
    }

    /// A killed run whose parent has not reaped it yet is a zombie: dead, so its folders are stale.
    @Test func aZombieCountsAsGone() throws {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { for arg in argv { free(arg) } }
        try #require(posix_spawn(&pid, "/bin/true", nil, nil, argv, environ) == 0)
        defer {
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        // Not reaped until waitpid: wait for it to exit and become a zombie.
        var zombie = false
        for _ in 0..<500 where !zombie {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            zombie = stat.split(separator: ")").last?.hasPrefix(" Z") == true
            if !zombie { usleep(10_000) }
        }
        try #require(zombie)
        #expect(kill(pid, 0) == 0)
        #expect(ReportFolder.isGone(pid))
        #expect(!ReportFolder.isGone(getpid()))
        #expect(ReportFolder.isGone(Self.deadPID()))
    }

    @Test func errnoValuesArePlainWords() {
        #expect(ReportFolder.describe(ENOSPC).hasPrefix("disk full"))
        #expect(ReportFolder.describe(EFBIG).hasPrefix("file too large"))
        #expect(ReportFolder.describe(ENOTDIR) == "Not a directory")
    }

    final class Outcome: @unchecked Sendable {
        let lock = NSLock()
        var finished = false
        var error: Error?
    }

    /// A process holding the lock makes a write wait; once it is killed with SIGKILL (the
    /// kernel drops its lock) the write goes ahead and removes the temporary folder it left.
    @Test func writeWaitsForTheLockAndAKilledHolderDoesNotBlock() throws {
        let reports = try TestSupport.temporaryFolder("reportfolder")
        defer { TestSupport.remove(reports) }
        let target = reports.appendingPathComponent("2014-Q4")
        try ReportFolder.write(Self.report("first"), to: target)

        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            """
            import fcntl, os, sys, time
            folder = sys.argv[1]
            fd = os.open(folder + "/.2014-Q4.lock", os.O_RDONLY | os.O_CREAT, 0o666)
            fcntl.flock(fd, fcntl.LOCK_EX)
            tmp = folder + "/.2014-Q4.tmp-" + str(os.getpid())
            os.mkdir(tmp)
            open(tmp + "/table.csv", "w").write("half")
            print("locked", flush=True)
            time.sleep(120)
            """, reports.path,
        ]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        try #require(line.hasPrefix("locked"))

        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let files = Self.report("second")
        DispatchQueue.global().async {
            do { try ReportFolder.write(files, to: target) } catch {
                outcome.lock.withLock { outcome.error = error }
            }
            outcome.lock.withLock { outcome.finished = true }
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.7)
        #expect(outcome.lock.withLock { outcome.finished } == false, "the write did not wait for the lock")
        #expect(try Self.snapshot(target) == Self.expected(Self.report("first")))

        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(done.wait(timeout: .now() + 20) == .success, "the write is still blocked after the holder was killed")
        #expect(outcome.lock.withLock { outcome.error } == nil)
        #expect(try Self.snapshot(target) == Self.expected(Self.report("second")))
        // The holder's temporary folder is gone by the next write at the latest (the write
        // above may wake before the kernel has finished the holder off).
        try ReportFolder.write(Self.report("third"), to: target)
        #expect(try Self.snapshot(target) == Self.expected(Self.report("third")))
        #expect(try Self.listing(reports) == ["2014-Q4"])
    }
}
