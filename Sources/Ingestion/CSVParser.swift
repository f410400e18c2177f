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

    /// The number of fields.
    public var count: Int { ends.count }

    /// The bytes of field `i`, quotes removed and doubled quotes undoubled.
    public subscript(i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = i == 0 ? 0 : ends[i - 1]
        return UnsafeBufferPointer(rebasing: bytes[start..<ends[i]])
    }

    /// Index of the first field whose bytes are not valid UTF-8; nil when every field is.
    /// Meant for files read as UTF-8 that have invalid bytes (`CSVFileInfo.utf8Problems`):
    /// such a record is rejected rather than published with replacement characters.
    public func firstInvalidUTF8Field() -> Int? {
        // Fast path: a record of ASCII bytes only, eight at a time.
        let n = bytes.count
        var i = 0
        if let base = bytes.baseAddress {
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            while i < n && base[i] < 0x80 { i += 1 }
        }
        if i == n { return nil }
        for field in 0..<count where firstInvalidUTF8Offset(self[field]) != nil {
            return field
        }
        return nil
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

    /// The message of the error, for the diagnostic of the file.
    public var description: String {
        switch self {
        case .unterminatedQuote(let line, let field):
            "a quoted field (field \(field + 1)) opened on line \(line) is never closed: the file ends inside quotes; a quote inside a quoted field must be doubled (\"\")"
        case .outOfMemory(let line):
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
    /// What libcsv's callbacks write into, reached through the context pointer. A plain
    /// struct behind a pointer rather than class properties: libcsv calls back once per
    /// field, and class properties pay a dynamic exclusivity check on every change.
    private let state: UnsafeMutablePointer<RecordBuffer>
    /// Physical line of the next byte to be read.
    private var line = 1
    private var recordStartLine = 1
    private var previousWasCR = false

    /// libcsv's parser states (libcsv.c); only "outside a record" and "inside a field" matter.
    private static let rowNotBegun: Int32 = 0
    private static let fieldBegun: Int32 = 2

    /// A parser whose first byte is on line `firstLine`, at the start of a record (a block of
    /// a file cut after a line feed, `CSVFileReader.read(…blocks:…)`).
    public init(delimiter: UInt8, firstLine: Int = 1) {
        line = firstLine
        recordStartLine = firstLine
        parser = .allocate(capacity: 1)
        csv_init(parser, 0)
        csv_set_delim(parser, delimiter)
        csv_set_quote(parser, UInt8(ascii: "\""))
        csv_set_blk_size(parser, 4096)
        state = .allocate(capacity: 1)
        state.initialize(to: RecordBuffer())
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
        state.pointee.free()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Feeds the next chunk of the file; calls `onRecord` for each record completed in it.
    public func feed(_ chunk: UnsafeRawBufferPointer, _ onRecord: (CSVRecord) throws -> Void) throws {
        guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let n = chunk.count
        var start = 0
        var line = self.line
        var recordStartLine = self.recordStartLine
        var previousWasCR = self.previousWasCR
        defer {
            self.line = line
            self.recordStartLine = recordStartLine
            self.previousWasCR = previousWasCR
        }
        while start < n {
            var j = start
            // Eight bytes at a time up to the word holding a line terminator (an exact test
            // for a zero byte of w ^ LF or of w ^ CR), then byte by byte to find it.
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while j + 8 <= n {
                let w = UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self)
                let lf = w ^ (ones &* 0x0A), cr = w ^ (ones &* 0x0D)
                if ((lf &- ones) & ~lf | (cr &- ones) & ~cr) & highs != 0 { break }
                j += 8
            }
            while j < n {
                let b = base[j]
                if b == 0x0A || b == 0x0D { break }
                j += 1
            }
            let segmentEnd = j < n ? j + 1 : n
            if parser.pointee.pstate == CSVParser.rowNotBegun {
                recordStartLine = line
            }
            let consumed = csv_parse(
                parser, base + start, segmentEnd - start,
                CSVParser.fieldCallback, CSVParser.recordCallback, state)
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
            if state.pointee.recordComplete { try deliver(recordStartLine, onRecord) }
            start = segmentEnd
        }
    }

    /// Whether the bytes fed so far end between two records (not inside a record or a quoted
    /// field): where a block of the file may end.
    public var isBetweenRecords: Bool {
        parser.pointee.pstate == CSVParser.rowNotBegun && !state.pointee.recordComplete
    }

    /// Ends the input: delivers a last record that has no line terminator, or reports a
    /// quoted field left open. The parser is then ready for another file.
    public func finish(_ onRecord: (CSVRecord) throws -> Void) throws {
        defer { reset() }
        if parser.pointee.pstate == CSVParser.fieldBegun && parser.pointee.quoted != 0 {
            throw CSVError.unterminatedQuote(line: recordStartLine, field: state.pointee.endsCount)
        }
        csv_fini(parser, CSVParser.fieldCallback, CSVParser.recordCallback, state)
        if state.pointee.recordComplete { try deliver(recordStartLine, onRecord) }
    }

    private func reset() {
        state.pointee.clear()
        line = 1
        recordStartLine = 1
        previousWasCR = false
    }

    private func deliver(_ startLine: Int, _ onRecord: (CSVRecord) throws -> Void) throws {
        defer { state.pointee.clear() }
        let s = state.pointee
        try onRecord(
            CSVRecord(
                line: startLine,
                bytes: UnsafeBufferPointer(start: s.arena, count: s.arenaCount),
                ends: UnsafeBufferPointer(start: s.ends, count: s.endsCount)))
    }

    private static let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void =
        { data, length, context in
            context.unsafelyUnwrapped.assumingMemoryBound(to: RecordBuffer.self).pointee.appendField(data, length)
        }

    private static let recordCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
        context.unsafelyUnwrapped.assumingMemoryBound(to: RecordBuffer.self).pointee.recordComplete = true
    }
}

/// The fields of the record being read: their bytes back to back, and where each ends.
struct RecordBuffer {
    var arena: UnsafeMutablePointer<UInt8> = .allocate(capacity: 4096)
    var arenaCount = 0
    var arenaCapacity = 4096
    var ends: UnsafeMutablePointer<Int> = .allocate(capacity: 64)
    var endsCount = 0
    var endsCapacity = 64
    var recordComplete = false

    mutating func clear() {
        arenaCount = 0
        endsCount = 0
        recordComplete = false
    }

    func free() {
        arena.deallocate()
        ends.deallocate()
    }

    @inline(__always)
    mutating func appendField(_ data: UnsafeMutableRawPointer?, _ length: Int) {
        if length > 0, let data {
            if arenaCount + length > arenaCapacity {
                var capacity = arenaCapacity * 2
                while capacity < arenaCount + length { capacity *= 2 }
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
                grown.update(from: arena, count: arenaCount)
                arena.deallocate()
                arena = grown
                arenaCapacity = capacity
            }
            (arena + arenaCount).update(from: data.assumingMemoryBound(to: UInt8.self), count: length)
            arenaCount += length
        }
        if endsCount == endsCapacity {
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: endsCapacity * 2)
            grown.update(from: ends, count: endsCount)
            ends.deallocate()
            ends = grown
            endsCapacity *= 2
        }
        ends[endsCount] = arenaCount
        endsCount += 1
    }
}
