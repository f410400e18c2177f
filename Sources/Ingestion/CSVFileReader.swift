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
    /// True when the file is read as UTF-8 (it starts with a UTF-8 BOM, or `--encoding utf-8`
    /// was given) yet holds bytes that are not valid UTF-8. Such bytes are errors in their
    /// records (`CSVRecord.firstInvalidUTF8Field()`), not a reason to read the file otherwise.
    public var utf8Problems: Bool = false
    /// Physical line (1-based) of the first byte that is not valid UTF-8, whatever encoding
    /// the file is read in; nil when the whole file is valid UTF-8.
    public var firstInvalidUTF8Line: Int? = nil
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
///
/// A file that starts with a UTF-8 BOM is UTF-8 whatever follows: an invalid byte in it is
/// an error in its record (`CSVFileInfo.utf8Problems`), never a switch to Windows-1252,
/// which would garble every accented letter of the file. Only a file with no BOM that is
/// not valid UTF-8 is read as Windows-1252.
///
/// Only regular files are read: a FIFO or a device (`/dev/zero`, `/dev/urandom`) would
/// never end, so it is refused before the first read.
public enum CSVFileReader {
    /// Calls `onRecord` for every record of the file, header included, in order.
    @discardableResult
    public static func read(path: String, displayPath: String? = nil, options: ReadOptions = ReadOptions(),
                            _ onRecord: (CSVRecord, CSVFileInfo) throws -> Void) throws -> CSVFileInfo {
        let shown = displayPath ?? path
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer for ever.
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else {
            throw FileProblem(.missing, file: shown, message: "cannot open the file: \(systemError())")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw FileProblem(.missing, file: shown, message: "cannot read the file: \(systemError())")
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw FileProblem(.missing, file: shown, message: "is a folder, not a CSV file")
        case S_IFIFO: throw FileProblem(.missing, file: shown, message: "is a FIFO (named pipe), not a regular file")
        case S_IFCHR, S_IFBLK: throw FileProblem(.missing, file: shown, message: "is a device, not a regular file")
        case S_IFSOCK: throw FileProblem(.missing, file: shown, message: "is a socket, not a regular file")
        default: throw FileProblem(.missing, file: shown, message: "is not a regular file")
        }
        // A regular file: reads block as usual.
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
            throw FileProblem(.missing, file: shown, message: "cannot read the file: \(systemError())")
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
            validator.feed(chunk)
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
        validator.finish()
        // Excel's "Unicode text" export is UTF-16: every other byte is 0, which no CSV reading
        // can make sense of. Say so rather than report columns of garbage.
        // Without its byte-order mark UTF-16 still shows: ASCII header letters alternate with
        // NUL bytes, which no CSV export of ours contains.
        if firstBytes.starts(with: [0xFF, 0xFE]) || firstBytes.starts(with: [0xFE, 0xFF]) || headerLine.contains(0) {
            throw FileProblem(.unusable, file: shown, message: "the file is UTF-16 (Excel's \"Unicode text\"), or holds NUL bytes; save it as \"CSV UTF-8\" or \"CSV (séparateur : point-virgule)\"")
        }
        guard hasContent else {
            let message = total == 0 ? "the file is empty"
                : total == 3 && hasBOM ? "the file is empty (only a UTF-8 byte-order mark)" : "the file holds no record (only blank lines)"
            throw FileProblem(.unusable, file: shown, message: message)
        }
        let isUTF8 = validator.isComplete
        let encoding = options.encoding ?? (hasBOM || isUTF8 ? .utf8 : .windows1252)
        let delimiter = options.delimiter ?? sniffDelimiter(headerLine: headerLine)
        let info = CSVFileInfo(encoding: encoding, delimiter: delimiter, hasBOM: hasBOM, byteCount: total,
                               utf8Problems: encoding == .utf8 && !isUTF8,
                               firstInvalidUTF8Line: validator.firstInvalidLine)

        // Pass 2: parse.
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            throw FileProblem(.missing, file: shown, message: "cannot rewind the file: \(systemError())")
        }
        let parser = CSVParser(delimiter: delimiter)
        var offset = 0
        // With invalid UTF-8 in a UTF-8 file, a data record is only rejected (by the table
        // reader), but a header cannot be read at all: its names are the columns.
        var headerChecked = !info.utf8Problems
        func deliver(_ record: CSVRecord) throws {
            if !headerChecked {
                headerChecked = true
                if let field = record.firstInvalidUTF8Field() {
                    throw invalidHeader(record, field: field, info: info, shown: shown)
                }
            }
            try onRecord(record, info)
        }
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
                try parser.feed(chunk, deliver)
            }
            try parser.finish(deliver)
        } catch let error as CSVError {
            switch error {
            case let .unterminatedQuote(line, _), let .outOfMemory(line):
                throw FileProblem(.unusable, file: shown, line: line, message: error.description)
            }
        }
        return info
    }

    private static func invalidHeader(_ record: CSVRecord, field: Int, info: CSVFileInfo, shown: String) -> FileProblem {
        let bytes = record[field]
        let offset = firstInvalidUTF8Offset(bytes) ?? 0
        let byte = offset < bytes.count ? bytes[offset] : 0
        let hex = (byte < 0x10 ? "0x0" : "0x") + String(byte, radix: 16, uppercase: true)
        let why = info.hasBOM ? "although the file starts with a UTF-8 BOM" : "although the file is read as UTF-8 (--encoding utf-8)"
        return FileProblem(.unusable, file: shown, line: record.line, column: "#\(field + 1)",
                           message: "byte \(hex) is not valid UTF-8 \(why); the header names cannot be read: "
                               + "correct header field \(field + 1), or save the file again as \"CSV UTF-8\"")
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
