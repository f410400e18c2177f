#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import Ingestion
import Survey

/// Diagnostics and progress go to stderr, summaries to stdout.
enum Console {
    static func error(_ line: String) {
        raw(line + "\n")
    }

    static func raw(_ string: String) {
        var text = string
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    static func print(_ diagnostics: [Diagnostic]) {
        for d in diagnostics { error(d.description) }
    }

    /// One line per input file: what was read and what became of it.
    static func summary(_ result: LoadResult) -> String {
        var lines: [String] = []
        for f in result.files {
            let delimiter = f.delimiter == 0x09 ? "TAB" : String(UnicodeScalar(f.delimiter))
            lines.append("\(f.relativePath): \(f.rowsRead) rows read, \(f.accepted) accepted, \(f.rejected) rejected (\(f.encoding.rawValue), '\(delimiter)')")
        }
        for p in result.fileProblems {
            lines.append("\(p.diagnostic.file): not usable")
        }
        return lines.joined(separator: "\n")
    }
}

/// Progress on stderr for long work (SPEC 2: more than a second), only when stderr is a
/// terminal, so that logs and tests see nothing of it.
final class Progress: @unchecked Sendable {
    private let start = DispatchTime.now().uptimeNanoseconds
    private let enabled: Bool
    private var shown = false
    private let lock = NSLock()

    init(quiet: Bool = false) {
        enabled = !quiet && isatty(2) == 1
    }

    /// Shows what is being done once a second has passed.
    func update(_ what: String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard DispatchTime.now().uptimeNanoseconds - start > 1_000_000_000 else { return }
        shown = true
        Console.raw("\r\u{1B}[2Kreading \(what)…")
    }

    /// Clears the progress line before results are printed.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { Console.raw("\r\u{1B}[2K") }
        shown = false
    }
}
