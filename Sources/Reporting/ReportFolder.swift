import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a report folder whole or not at all (SPEC 5), safely against crashes, kills and
/// other runs writing the same folder at the same time.
///
/// The steps, and why each one exists:
///
/// 1. **The lock.** `flock(LOCK_EX)` on `.<name>.lock` beside the target, so that two runs of
///    the same job never interleave their renames (a second run waits for the first). The
///    kernel drops the lock when its holder dies, even by SIGKILL. The lock file is removed by
///    its holder before it lets go, so no trace is left beside the report; a run that finds the
///    file unlinked or replaced after it got the lock simply takes the lock again.
/// 2. **The recovery.** Under the lock, `.<name>.tmp-<pid>` and `.<name>.old-<pid>` folders of
///    processes that no longer exist are leftovers of a killed run. If the target is missing
///    and such an `.old-` folder holds a report, the run was killed between the two renames of
///    the fallback below: that folder is the previous report and is put back first.
/// 3. **The refusal.** A target that is not a folder, or a folder without `manifest.json`, is
///    not ours: it is refused and left untouched, never replaced or deleted (and the leftovers
///    of step 2 are kept too, as one of them may be the only copy of a report).
/// 4. **The stale cleanup.** Otherwise the leftovers of step 2 are removed, so that killed
///    runs (SIGINT, SIGTERM, SIGKILL, a file size limit) do not pile up hidden folders.
/// 5. **The temporary folder, written with POSIX calls.** The files go into `.<name>.tmp-<pid>`
///    with `open(O_CREAT|O_EXCL)`, a `write` loop and `close`, so that every failure is an errno
///    we can put in plain words. The command line ignores SIGXFSZ, so that a file size limit
///    (`ulimit -f`) is an EFBIG error reported and cleaned up after, not a killed process (a
///    signal disposition is the process's business, not this library's).
/// 6. **The fsyncs.** Every file and then the temporary folder are flushed before the swap, so
///    that after a power cut the target holds either the old report or the whole new one,
///    never a folder of empty or truncated files. The parent folder is flushed after the swap
///    so that the swap itself is on disk when we say "wrote".
/// 7. **The exchange.** `renameat2(RENAME_EXCHANGE)` swaps the new folder and the old one in
///    one atomic step, so there is no moment without a report at the target. Where the file
///    system lacks it, the fallback is two renames through `.<name>.old-<pid>`, which step 2
///    repairs if a kill falls between them. The old report, now at a hidden name, is removed.
/// 8. **Cleanup on every error path.** The temporary folder is removed whatever goes wrong.
public enum ReportFolder {
    /// A report folder that could not be written (the run ends with exit 73).
    public struct WriteError: Error, CustomStringConvertible {
        /// The folder.
        public var path: String
        /// What the system said.
        public var reason: String
        /// `PATH:1:-: error: cannot write the report: REASON`.
        public var description: String { "\(path):1:-: error: cannot write the report: \(reason)" }
    }

    /// Writes `files` as the folder `target`, replacing any report there in one step (see above).
    public static func write(_ files: [ReportFile], to target: URL) throws {
        try write(files, to: target, exchange: true)
    }

    /// `exchange: false` forces the two-rename fallback, as on a file system without
    /// RENAME_EXCHANGE (used by the tests).
    static func write(_ files: [ReportFile], to target: URL, exchange: Bool) throws {
        let targetPath = target.path
        func fail(_ reason: String) -> WriteError { WriteError(path: targetPath, reason: reason) }
        func failed(_ code: Int32, _ what: String) -> WriteError { fail("\(what): \(describe(code))") }

        let name = target.lastPathComponent
        guard !name.isEmpty, name != ".", name != "..", name != "/" else {
            throw fail("\(targetPath) is not a usable folder name")
        }
        for file in files where !isPlainName(file.name) {
            throw fail("'\(file.name)' is not a usable file name")
        }
        let parentPath = target.deletingLastPathComponent().path
        try makeFolders(parentPath, fail: fail)

        let parent = open(parentPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard parent >= 0 else { throw failed(errno, "cannot open folder \(parentPath)") }
        defer { close(parent) }

        let lock = try acquireLock(parent, ".\(name).lock", in: parentPath, fail: fail)
        defer { releaseLock(parent, ".\(name).lock", lock) }

        let pid = getpid()
        let temporary = ".\(name).tmp-\(pid)"
        let aside = ".\(name).old-\(pid)"

        let stale = restoreIfMissing(parent, name: name)

        // Is the target absent, or a report folder of ours?
        var exists = false
        var info = stat()
        if fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 {
            let kind = info.st_mode & S_IFMT
            if kind == S_IFLNK {
                throw fail(
                    "\(targetPath) exists and is not a report folder (it is a symbolic link); move it away or choose another --reports folder"
                )
            }
            if kind != S_IFDIR {
                throw fail(
                    "\(targetPath) exists and is not a report folder (it is a file, not a folder); move it away or choose another --reports folder"
                )
            }
            var manifest = stat()
            guard fstatat(parent, name + "/manifest.json", &manifest, AT_SYMLINK_NOFOLLOW) == 0,
                manifest.st_mode & S_IFMT == S_IFREG
            else {
                throw fail(
                    "\(targetPath) exists and is not a report folder (no manifest.json); move it away or choose another --reports folder"
                )
            }
            exists = true
        } else if errno != ENOENT {
            throw failed(errno, "cannot look at \(targetPath)")
        }
        // Only now that the target is known to be ours (or absent) do the leftovers go.
        for entry in stale { removeTree(parent, entry) }

        // The new report, whole and flushed, in the temporary folder.
        if mkdirat(parent, temporary, 0o777) != 0 {
            let code = errno
            guard code == EEXIST, removeTree(parent, temporary), mkdirat(parent, temporary, 0o777) == 0 else {
                throw failed(code == EEXIST ? errno : code, "cannot create folder \(parentPath)/\(temporary)")
            }
        }
        do {
            try writeFiles(files, into: parent, temporary, shownAs: "\(parentPath)/\(temporary)", fail: fail)

            // The swap.
            var old: String? = nil
            if exists {
                let code =
                    exchange ? (renameat2(parent, temporary, parent, name, renameExchange) == 0 ? 0 : errno) : EINVAL
                if code == 0 {
                    old = temporary
                } else if unsupported(code) {
                    guard renameat(parent, name, parent, aside) == 0 else {
                        throw failed(errno, "cannot move the previous report aside to \(parentPath)/\(aside)")
                    }
                    guard renameat(parent, temporary, parent, name) == 0 else {
                        let code = errno
                        _ = renameat(parent, aside, parent, name)
                        throw failed(code, "cannot move the new report to \(targetPath)")
                    }
                    old = aside
                } else {
                    throw failed(code, "cannot swap the new report in at \(targetPath)")
                }
            } else {
                var code = renameat2(parent, temporary, parent, name, renameNoReplace) == 0 ? 0 : errno
                if unsupported(code) { code = renameat(parent, temporary, parent, name) == 0 ? 0 : errno }
                if code != 0 { throw failed(code, "cannot move the new report to \(targetPath)") }
            }
            // The swap is done: from here the new report is the one in place, whatever else
            // fails. Only the previous report's folder is removed, never the new one.
            let syncCode = fsync(parent) == 0 ? 0 : errno
            if let old { _ = removeTree(parent, old) }
            if syncCode != 0 && syncCode != EINVAL {
                throw failed(
                    syncCode,
                    "the new report is in place at \(targetPath), but folder \(parentPath) could not be flushed to disk; check the disk before relying on it"
                )
            }
        } catch {
            _ = removeTree(parent, temporary)
            throw error
        }
    }

    // MARK: - Steps

    /// `mkdir -p`, with a plain reason when a component is a regular file.
    private static func makeFolders(_ path: String, fail: (String) -> WriteError) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            var info = stat()
            if stat(prefix, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else { throw fail("\(prefix) is a file, not a folder") }
                continue
            }
            let code = errno
            guard code == ENOENT else { throw fail("cannot reach folder \(prefix): \(describe(code))") }
            if mkdir(prefix, 0o777) != 0 {
                let code = errno
                if code == EEXIST, stat(prefix, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { continue }
                throw fail("cannot create folder \(prefix): \(describe(code))")
            }
        }
    }

    /// Takes the exclusive lock on `lockName` in `parent`, waiting for another holder.
    /// Holders unlink the file before they let go, so after getting the lock we check that
    /// the name still points at the file we locked; if not, we take it again.
    static func acquireLock(
        _ parent: Int32, _ lockName: String, in parentPath: String,
        fail: (String) -> WriteError
    ) throws -> Int32 {
        while true {
            let fd = openat(parent, lockName, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o666)
            guard fd >= 0 else {
                let code = errno
                throw fail("cannot create the lock file \(parentPath)/\(lockName): \(describe(code))")
            }
            var result: Int32
            repeat { result = flock(fd, LOCK_EX) } while result != 0 && errno == EINTR
            guard result == 0 else {
                let code = errno
                close(fd)
                throw fail("cannot lock \(parentPath)/\(lockName): \(describe(code))")
            }
            var held = stat(), named = stat()
            if fstat(fd, &held) == 0, fstatat(parent, lockName, &named, AT_SYMLINK_NOFOLLOW) == 0,
                held.st_dev == named.st_dev, held.st_ino == named.st_ino
            {
                return fd
            }
            close(fd)
        }
    }

    static func releaseLock(_ parent: Int32, _ lockName: String, _ fd: Int32) {
        _ = unlinkat(parent, lockName, 0)
        close(fd)
    }

    /// Under the lock: finds the hidden folders of processes that no longer exist (or of this
    /// process, which holds the lock and so has no write under way), and when the target is
    /// missing puts back the previous report a killed run left aside. Returns the leftovers
    /// still to remove.
    private static func restoreIfMissing(_ parent: Int32, name: String) -> [String] {
        let tmpPrefix = ".\(name).tmp-", oldPrefix = ".\(name).old-"
        let me = getpid()
        var stale: [(name: String, old: Bool)] = []
        for entry in entries(parent) {
            let old = entry.hasPrefix(oldPrefix)
            guard old || entry.hasPrefix(tmpPrefix) else { continue }
            guard let pid = Int32(entry.dropFirst((old ? oldPrefix : tmpPrefix).count)), pid > 0 else { continue }
            if pid == me || isGone(pid) {
                stale.append((entry, old))
            }
        }
        guard !stale.isEmpty else { return [] }

        var info = stat()
        if fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) != 0, errno == ENOENT {
            // The newest left-aside report that has a manifest goes back to the target.
            var best: (name: String, time: timespec)? = nil
            for (entry, old) in stale where old {
                var manifest = stat(), folder = stat()
                guard fstatat(parent, entry + "/manifest.json", &manifest, AT_SYMLINK_NOFOLLOW) == 0,
                    manifest.st_mode & S_IFMT == S_IFREG,
                    fstatat(parent, entry, &folder, AT_SYMLINK_NOFOLLOW) == 0
                else { continue }
                let t = folder.st_mtim
                if best == nil || (t.tv_sec, t.tv_nsec) > (best!.time.tv_sec, best!.time.tv_nsec) {
                    best = (entry, t)
                }
            }
            if let best, renameat(parent, best.name, parent, name) == 0 {
                _ = fsync(parent)
                stale.removeAll { $0.name == best.name }
            }
        }
        return stale.map(\.name)
    }

    /// Writes each file with O_EXCL, a write loop and fsync, then flushes the folder.
    private static func writeFiles(
        _ files: [ReportFile], into parent: Int32, _ folderName: String,
        shownAs shown: String, fail: (String) -> WriteError
    ) throws {
        let folder = openat(parent, folderName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard folder >= 0 else {
            let code = errno
            throw fail("cannot open folder \(shown): \(describe(code))")
        }
        defer { close(folder) }
        for file in files {
            let path = "\(shown)/\(file.name)"
            let fd = openat(folder, file.name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o666)
            guard fd >= 0 else {
                let code = errno
                throw fail("cannot create file \(path): \(describe(code))")
            }
            var code: Int32 = file.bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += n
                }
                return 0
            }
            if code == 0 {
                var result: Int32
                repeat { result = fsync(fd) } while result != 0 && errno == EINTR
                if result != 0 { code = errno }
            }
            // close() on Linux releases the descriptor even when it fails; never retry it.
            if close(fd) != 0, code == 0, errno != EINTR { code = errno }
            if code != 0 { throw fail("cannot write file \(path): \(describe(code))") }
        }
        if fsync(folder) != 0, errno != EINVAL {
            let code = errno
            throw fail("cannot flush folder \(shown) to disk: \(describe(code))")
        }
    }

    // MARK: - POSIX helpers

    /// True when no process `pid` exists, or only its zombie (dead, not yet reaped by its
    /// parent: it holds no lock and writes nothing more).
    static func isGone(_ pid: Int32) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0 else { return false }
        // "pid (command) state ...": the command may hold spaces and parentheses.
        let text = buffer[..<n]
        guard let close = text.lastIndex(of: UInt8(ascii: ")")), close + 2 < n else { return false }
        return text[close + 2] == UInt8(ascii: "Z")
    }

    /// strerror, with the cases a user meets most put in plainer words.
    static func describe(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        switch code {
        case ENOSPC: return "disk full (\(text))"
        case EDQUOT: return "disk quota exceeded (\(text))"
        case EFBIG: return "file too large (\(text); is a file size limit set with ulimit -f?)"
        default: return text
        }
    }

    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
    }

    /// The names in a folder, except `.` and `..`.
    private static func entries(_ folder: Int32) -> [String] {
        let fd = dup(folder)
        guard fd >= 0 else { return [] }
        guard let dir = fdopendir(fd) else {
            close(fd)
            return []
        }
        defer { closedir(dir) }
        rewinddir(dir)
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `rm -r` of `name` in `parent`, never following symbolic links. True when it is gone.
    @discardableResult
    static func removeTree(_ parent: Int32, _ name: String) -> Bool {
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return errno == ENOENT }
        if info.st_mode & S_IFMT == S_IFDIR {
            let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd >= 0 {
                for entry in entries(fd) { removeTree(fd, entry) }
                close(fd)
            }
            return unlinkat(parent, name, AT_REMOVEDIR) == 0
        }
        return unlinkat(parent, name, 0) == 0
    }

    /// The errno of a renameat2 the file system or kernel cannot do.
    private static func unsupported(_ code: Int32) -> Bool {
        code == EINVAL || code == ENOSYS || code == EOPNOTSUPP
    }

    private static let renameNoReplace: UInt32 = 1  // RENAME_NOREPLACE
    private static let renameExchange: UInt32 = 2  // RENAME_EXCHANGE

    private typealias Renameat2 =
        @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// renameat2(2). Glibc has it since 2.28 but Swift's Glibc module does not show it (and
    /// the variadic syscall() cannot be called from Swift), so it is looked up by name;
    /// without it, errno is ENOSYS and the callers fall back to plain renames.
    private static func renameat2(_ fromDir: Int32, _ from: String, _ toDir: Int32, _ to: String, _ flags: UInt32)
        -> Int32
    {
        guard let handle = dlopen(nil, RTLD_NOW) else {
            errno = ENOSYS
            return -1
        }
        defer { dlclose(handle) }
        guard let symbol = dlsym(handle, "renameat2") else {
            errno = ENOSYS
            return -1
        }
        let function = unsafeBitCast(symbol, to: Renameat2.self)
        return function(fromDir, from, toDir, to, flags)
    }
}
