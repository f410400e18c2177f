#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Survey

/// How a file is to be read: left `nil`, encoding and delimiter are found from the bytes.
public struct ReadOptions: Sendable, Hashable {
    public var encoding: TextEncoding?
    public var delimiter: UInt8?
    /// Bytes handed to libcsv per read(2); any size gives the same records.
    public var chunkSize: Int

    public init(encoding: TextEncoding? = nil, delimiter: UInt8? = nil, chunkSize: Int = 1 << 16) {
        self.encoding = encoding
        self.delimiter = delimiter
        self.chunkSize = max(1, chunkSize)
    }
}

/// What was found out about a file before parsing it.
public struct CSVFileInfo: Sendable, Hashable {
    public var encoding: TextEncoding
    public var delimiter: UInt8
    public var hasBOM: Bool
    public var byteCount: Int
}

/// A problem that makes a whole input file unusable. `exitCode` follows sysexits:
/// 66 (EX_NOINPUT) when the file is missing or unreadable, 65 (EX_DATAERR) when it is
/// there but is not usable CSV (empty, unterminated quote, missing required column).
public struct FileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable { case missing, unusable }
    public var kind: Kind
    public var diagnostic: Diagnostic
    /// Warnings found before the file was given up, worth reading with the error: an unknown
    /// column next to a missing required one is usually the same typo.
    public var context: [Diagnostic] = []

    public init(_ kind: Kind, file: String, line: Int = 1, column: String? = nil, message: String) {
        self.kind = kind
        self.diagnostic = Diagnostic(.error, file: file, line: line, column: column, message: message)
    }

    public var exitCode: Int32 { kind == .missing ? 66 : 65 }
    public var description: String { diagnostic.description }
}

/// Reads a CSV file from disk in chunks, never holding it whole in memory.
///
/// Two passes: the first validates UTF-8 (a file that is not valid UTF-8 is Windows-1252,
/// which can only be known once the last byte is seen) and keeps the header line for
/// delimiter sniffing; the second feeds the bytes after any BOM to `CSVParser`.
public enum CSVFileReader {
    /// Calls `onRecord` for every record of the file, header included, in order.
    @discardableResult
    public static func read(path: String, displayPath: String? = nil, options: ReadOptions = ReadOptions(),
                            _ onRecord: (CSVRecord, CSVFileInfo) throws -> Void) throws -> CSVFileInfo {
        let shown = displayPath ?? path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw FileProblem(.missing, file: shown, message: "cannot open the file: \(systemError())")
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            throw FileProblem(.missing, file: shown, message: "is a folder, not a CSV file")
        }

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: options.chunkSize, alignment: 16)
        defer { buffer.deallocate() }

        // Pass 1: encoding, BOM, header line, emptiness.
        var validator = UTF8Validator()
        var headerLine: [UInt8] = []
        var headerDone = false
        var hasContent = false
        var total = 0
        var firstBytes: [UInt8] = []
        var bomDecided = false
        var hasBOM = false
        func scan(_ b: UInt8) {
            if b != 0x0A && b != 0x0D && b != 0x20 && b != 0x09 { hasContent = true }
            guard !headerDone else { return }
            if b == 0x0A || b == 0x0D {
                if !headerLine.isEmpty { headerDone = true }
            } else if headerLine.count < 1 << 16 {
                headerLine.append(b)
            }
        }
        func decideBOM() {
            bomDecided = true
            hasBOM = firstBytes == [0xEF, 0xBB, 0xBF]
            if !hasBOM { firstBytes.forEach(scan) }
        }
        while true {
            let got = try readChunk(fd, buffer, shown)
            if got == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<got])
            if options.encoding == nil { validator.feed(chunk) }
            for b in chunk {
                if !bomDecided {
                    firstBytes.append(b)
                    if firstBytes.count == 3 { decideBOM() }
                    continue
                }
                if headerDone && hasContent { break }
                scan(b)
            }
            total += got
        }
        if !bomDecided { decideBOM() }
        // Excel's "Unicode text" export is UTF-16: every other byte is 0, which no CSV reading
        // can make sense of. Say so rather than report columns of garbage.
        if firstBytes.starts(with: [0xFF, 0xFE]) || firstBytes.starts(with: [0xFE, 0xFF]) {
            throw FileProblem(.unusable, file: shown, message: "the file is UTF-16 (Excel's \"Unicode text\"); save it as \"CSV UTF-8\" or \"CSV (séparateur : point-virgule)\"")
        }
        guard hasContent else {
            throw FileProblem(.unusable, file: shown, message: total == 0 ? "the file is empty" : "the file holds no record (only blank lines)")
        }
        let encoding = options.encoding ?? (validator.isComplete ? .utf8 : .windows1252)
        let delimiter = options.delimiter ?? sniffDelimiter(headerLine: headerLine)
        let info = CSVFileInfo(encoding: encoding, delimiter: delimiter, hasBOM: hasBOM, byteCount: total)

        // Pass 2: parse.
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            throw FileProblem(.missing, file: shown, message: "cannot rewind the file: \(systemError())")
        }
        let parser = CSVParser(delimiter: delimiter)
        var offset = 0
        do {
            while true {
                let got = try readChunk(fd, buffer, shown)
                if got == 0 { break }
                var chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<got])
                if hasBOM && offset < 3 {
                    let drop = min(3 - offset, got)
                    chunk = UnsafeRawBufferPointer(rebasing: chunk[drop...])
                }
                offset += got
                try parser.feed(chunk) { try onRecord($0, info) }
            }
            try parser.finish { try onRecord($0, info) }
        } catch let error as CSVError {
            switch error {
            case let .unterminatedQuote(line, _), let .outOfMemory(line):
                throw FileProblem(.unusable, file: shown, line: line, message: error.description)
            }
        }
        return info
    }

    private static func readChunk(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, _ shown: String) throws -> Int {
        while true {
            let got = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if got >= 0 { return got }
            if errno == EINTR { continue }
            throw FileProblem(.missing, file: shown, message: "cannot read the file: \(systemError())")
        }
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}

/// Picks the delimiter of a file from its header line: the most frequent of `;`, TAB and `,`
/// outside quotes, preferring them in that order on a tie (French exports use `;`, and a
/// comma is more likely than a semicolon or a TAB to appear inside a header name).
public func sniffDelimiter<C: Collection>(headerLine: C) -> UInt8 where C.Element == UInt8 {
    var semicolons = 0, tabs = 0, commas = 0
    var inQuotes = false
    for b in headerLine {
        if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
        if inQuotes { continue }
        switch b {
        case UInt8(ascii: ";"): semicolons += 1
        case 0x09: tabs += 1
        case UInt8(ascii: ","): commas += 1
        default: break
        }
    }
    if semicolons >= tabs && semicolons >= commas && semicolons > 0 { return UInt8(ascii: ";") }
    if tabs >= commas && tabs > 0 { return 0x09 }
    if commas > 0 { return UInt8(ascii: ",") }
    return UInt8(ascii: ";")
}
