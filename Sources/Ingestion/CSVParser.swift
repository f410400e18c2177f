import CLibCSV

/// One CSV record as libcsv delivered it: its fields as byte slices and the physical line
/// where it starts. It borrows the parser's buffers and is valid only inside the callback
/// that receives it, which is what lets the hot path run without a String or an array per
/// field.
public struct CSVRecord {
    /// Physical line (1-based) of the record's first byte; a record with embedded newlines
    /// spans several lines and reports the first.
    public let line: Int
    let bytes: UnsafeBufferPointer<UInt8>
    let ends: UnsafeBufferPointer<Int>

    public var count: Int { ends.count }

    /// The bytes of field `i`, quotes removed and doubled quotes undoubled.
    public subscript(i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = i == 0 ? 0 : ends[i - 1]
        return UnsafeBufferPointer(rebasing: bytes[start..<ends[i]])
    }

    /// The fields decoded as text, for tests, messages and the rejects file (never the hot path).
    public func strings(_ encoding: TextEncoding = .utf8) -> [String] {
        (0..<count).map { encoding.decode(self[$0]) }
    }
}

/// Errors that make a whole file unusable as CSV.
public enum CSVError: Error, Equatable, CustomStringConvertible {
    /// A quoted field was opened on `line` and never closed before the end of the file.
    case unterminatedQuote(line: Int, field: Int)
    /// libcsv could not grow its field buffer.
    case outOfMemory(line: Int)

    public var description: String {
        switch self {
        case let .unterminatedQuote(line, field):
            "a quoted field (field \(field + 1)) opened on line \(line) is never closed: the file ends inside quotes; a quote inside a quoted field must be doubled (\"\")"
        case let .outOfMemory(line):
            "out of memory while reading the record that starts on line \(line)"
        }
    }
}

/// A streaming CSV parser that owns one libcsv `csv_parser`.
///
/// Bytes go in as chunks of any size; complete records come out through a callback with the
/// physical line where each starts. libcsv knows nothing of lines, so the chunk is handed
/// to `csv_parse` one physical line at a time: between two calls the parser stands at a line
/// boundary, and its public `pstate` tells whether a record is open. A record therefore
/// starts on the line of the first call that finds the parser outside a record and ends
/// inside the call that consumes its terminator — at most one record per call, since a
/// record can only end at a line terminator. Line terminators are LF, CRLF and lone CR.
///
/// Unquoted fields lose their leading and trailing spaces and tabs (libcsv's rule, which is
/// also what every decoder wants); quoted fields keep theirs. Lines that are empty or hold
/// only spaces are not records.
public final class CSVParser {
    private let parser: UnsafeMutablePointer<csv_parser>
    /// Bytes of the fields of the record being read, back to back.
    private var arena: [UInt8] = []
    /// End offset of each field of the record being read, in `arena`.
    private var ends: [Int] = []
    private var recordComplete = false
    /// Physical line of the next byte to be read.
    private var line = 1
    private var recordStartLine = 1
    private var previousWasCR = false

    /// libcsv's parser states (libcsv.c); only "outside a record" and "inside a field" matter.
    private static let rowNotBegun: Int32 = 0
    private static let fieldBegun: Int32 = 2

    public init(delimiter: UInt8) {
        parser = .allocate(capacity: 1)
        csv_init(parser, 0)
        csv_set_delim(parser, delimiter)
        csv_set_quote(parser, UInt8(ascii: "\""))
        csv_set_blk_size(parser, 4096)
        arena.reserveCapacity(4096)
        ends.reserveCapacity(64)
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
    }

    /// Feeds the next chunk of the file; calls `onRecord` for each record completed in it.
    public func feed(_ chunk: UnsafeRawBufferPointer, _ onRecord: (CSVRecord) throws -> Void) throws {
        guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let n = chunk.count
        var start = 0
        let context = Unmanaged.passUnretained(self).toOpaque()
        while start < n {
            var j = start
            while j < n {
                let b = base[j]
                if b == 0x0A || b == 0x0D { break }
                j += 1
            }
            let segmentEnd = j < n ? j + 1 : n
            if parser.pointee.pstate == CSVParser.rowNotBegun {
                recordStartLine = line
            }
            let consumed = csv_parse(parser, base + start, segmentEnd - start,
                                     CSVParser.fieldCallback, CSVParser.recordCallback, context)
            if consumed != segmentEnd - start {
                throw CSVError.outOfMemory(line: recordStartLine)
            }
            if j > start { previousWasCR = false }
            if j < n {
                if base[j] == 0x0D {
                    line += 1
                    previousWasCR = true
                } else {
                    if !previousWasCR { line += 1 }
                    previousWasCR = false
                }
            }
            if recordComplete { try deliver(onRecord) }
            start = segmentEnd
        }
    }

    /// Ends the input: delivers a last record that has no line terminator, or reports a
    /// quoted field left open. The parser is then ready for another file.
    public func finish(_ onRecord: (CSVRecord) throws -> Void) throws {
        defer { reset() }
        if parser.pointee.pstate == CSVParser.fieldBegun && parser.pointee.quoted != 0 {
            throw CSVError.unterminatedQuote(line: recordStartLine, field: ends.count)
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        csv_fini(parser, CSVParser.fieldCallback, CSVParser.recordCallback, context)
        if recordComplete { try deliver(onRecord) }
    }

    private func reset() {
        arena.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        recordComplete = false
        line = 1
        recordStartLine = 1
        previousWasCR = false
    }

    private func deliver(_ onRecord: (CSVRecord) throws -> Void) throws {
        defer {
            arena.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            recordComplete = false
        }
        let startLine = recordStartLine
        try arena.withUnsafeBufferPointer { bytes in
            try ends.withUnsafeBufferPointer { ends in
                try onRecord(CSVRecord(line: startLine, bytes: bytes, ends: ends))
            }
        }
    }

    fileprivate func appendField(_ data: UnsafeRawPointer?, _ length: Int) {
        if let data, length > 0 {
            arena.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
        }
        ends.append(arena.count)
    }

    fileprivate func endRecord() {
        recordComplete = true
    }

    private static let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { data, length, context in
        Unmanaged<CSVParser>.fromOpaque(context!).takeUnretainedValue().appendField(data, length)
    }

    private static let recordCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
        Unmanaged<CSVParser>.fromOpaque(context!).takeUnretainedValue().endRecord()
    }
}
