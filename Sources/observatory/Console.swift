import Dispatch
import Foundation
import Ingestion
import Jobs
import Survey

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Diagnostics and progress go to stderr, summaries to stdout.
enum Console {
    /// One line on stderr, control characters escaped: file names and values come from
    /// the inputs, and must not drive the terminal.
    static func error(_ line: String) {
        raw(SafeText.escaped(line) + "\n")
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

    /// After this many diagnostics of one kind in one file and column, the rest are
    /// summarised in one line: the first ones show where and what, the count shows how much.
    static let sameKindShown = 20

    static func print(_ diagnostics: [Diagnostic]) {
        struct Key: Hashable {
            var column: String?
            var kind: String
            var severity: Severity
        }
        var file: String? = nil
        var seen: [Key: Int] = [:]
        var hidden: [(key: Key, first: Diagnostic)] = []
        // The count of what was not listed, said where that file's messages end.
        func flush() {
            for (key, first) in hidden {
                var d = first
                d.message =
                    "… and \(count(seen[key]! - sameKindShown)) more like this from line \(d.line) on, not listed: \(key.kind)"
                error(d.description)
            }
            seen = [:]
            hidden = []
        }
        for d in diagnostics {
            if d.file != file {
                flush()
                file = d.file
            }
            guard let kind = d.kind else {
                error(d.description)
                continue
            }
            let key = Key(column: d.column, kind: kind, severity: d.severity)
            let n = seen[key, default: 0] + 1
            seen[key] = n
            if n <= sameKindShown {
                error(d.description)
            } else if n == sameKindShown + 1 {
                hidden.append((key, d))
            }
        }
        flush()
    }

    /// A count with thousands grouped by commas, as English text writes it: 7,487.
    static func count(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }

    /// One line per input file: what was read and what became of it.
    static func summary(_ result: LoadResult) -> String {
        var lines: [String] = []
        for f in result.files {
            let delimiter = f.delimiter == 0x09 ? "TAB" : String(UnicodeScalar(f.delimiter))
            var counts = "\(f.rowsRead) rows read, \(f.accepted) accepted, \(f.rejected) rejected"
            if f.replaced > 0 { counts += ", \(f.replaced) replaced by a later line" }
            if f.rejectedValues > 0 {
                counts += "; \(f.rejectedValues) value\(f.rejectedValues == 1 ? "" : "s") left out"
            }
            lines.append("\(f.relativePath): \(counts) (\(f.encoding.rawValue), '\(delimiter)')")
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

    init(quiet: Bool) {
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

    /// What the pipeline is doing.
    func show(_ event: PipelineEvent) {
        switch event {
        case .reading(let file): show("reading \(file)…")
        case .computing(let job): show("computing \(job)…")
        case .writing(let job): show("writing \(job)…")
        }
    }

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
