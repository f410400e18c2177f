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
/// terminal, so that logs and tests see nothing of it. The work says what it is doing; a
/// timer shows it once the run is a second old and whenever it changes.
final class Progress: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var message: String?
    private var shown: String?
    private var timer: DispatchSourceTimer?

    init(quiet: Bool = false) {
        enabled = !quiet && isatty(2) == 1
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: .milliseconds(250))
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
        self.timer = timer
    }

    deinit {
        timer?.cancel()
    }

    /// Which input is being read.
    func update(_ file: String) { show("reading \(file)…") }

    /// What is being done now.
    func show(_ what: String) {
        guard enabled else { return }
        lock.lock()
        message = what
        lock.unlock()
    }

    private func tick() {
        lock.lock()
        defer { lock.unlock() }
        if let message, message != shown {
            Console.raw("\r\u{1B}[2K" + message)
            shown = message
        }
    }

    /// Clears the progress line before results or problems are printed.
    func finish() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if shown != nil { Console.raw("\r\u{1B}[2K") }
        shown = nil
        message = nil
    }
}
