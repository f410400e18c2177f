#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Ingestion
import Survey

/// Diagnostics and progress go to stderr, summaries to stdout.
enum Console {
    static func error(_ line: String) {
        var text = line + "\n"
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
