import Foundation

/// Writes a report folder whole or not at all (SPEC 5): the files go into a temporary folder
/// beside the target, which then replaces the target by renames. A run that fails at any
/// point leaves the previous report as it was.
public enum ReportFolder {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path):1:-: error: cannot write the report: \(reason)" }
    }

    public static func write(_ files: [ReportFile], to target: URL) throws {
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        let token = "\(ProcessInfo.processInfo.processIdentifier)"
        let temporary = parent.appendingPathComponent(".\(name).tmp-\(token)")
        let previous = parent.appendingPathComponent(".\(name).old-\(token)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            if fm.fileExists(atPath: temporary.path) { try fm.removeItem(at: temporary) }
            try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
            for file in files {
                try Data(file.bytes).write(to: temporary.appendingPathComponent(file.name))
            }
        } catch {
            try? fm.removeItem(at: temporary)
            throw WriteError(path: target.path, reason: reason(error))
        }
        do {
            if fm.fileExists(atPath: target.path) {
                if fm.fileExists(atPath: previous.path) { try fm.removeItem(at: previous) }
                try fm.moveItem(at: target, to: previous)
                do {
                    try fm.moveItem(at: temporary, to: target)
                } catch {
                    try? fm.moveItem(at: previous, to: target)
                    throw error
                }
                try? fm.removeItem(at: previous)
            } else {
                try fm.moveItem(at: temporary, to: target)
            }
        } catch {
            try? fm.removeItem(at: temporary)
            throw WriteError(path: target.path, reason: reason(error))
        }
    }

    private static func reason(_ error: Error) -> String {
        if let e = error as? CocoaError, let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError,
           let posix = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(posix.rawValue))
        }
        return (error as NSError).localizedDescription
    }
}
