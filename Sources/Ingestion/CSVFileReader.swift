import Crypto
import Foundation
import Survey

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a file is to be read: left `nil`, encoding and delimiter are found from the bytes.
public struct ReadOptions: Sendable, Hashable {
    /// The encoding to read the file in (`--encoding`); nil to find it (BOM, then UTF-8 unless a byte says otherwise).
    public var encoding: TextEncoding?
    /// The delimiter (`--delimiter`); nil to sniff it from the header line.
    public var delimiter: UInt8?
    /// Bytes handed to libcsv per read(2); any size gives the same records.
    public var chunkSize: Int

    /// Options as the command line gives them; `chunkSize` is for tests of the chunking.
    public init(encoding: TextEncoding? = nil, delimiter: UInt8? = nil, chunkSize: Int = 1 << 16) {
        self.encoding = encoding
        self.delimiter = delimiter
        self.chunkSize = max(1, chunkSize)
    }
}

/// What was found out about a file as it was read.
public struct CSVFileInfo: Sendable, Hashable {
    /// The encoding the records are decoded in.
    public var encoding: TextEncoding
    /// The delimiter the file is parsed with.
    public var delimiter: UInt8
    /// Whether the file starts with a UTF-8 byte-order mark (then it is UTF-8 whatever follows).
    public var hasBOM: Bool
    /// The bytes of the file (in the value handed to each record: the bytes read so far).
    public var byteCount: Int
    /// The size of the file on disk, for readers that size their buffers from it.
    public var fileSize: Int = 0
    /// True when the file is read as UTF-8 (it starts with a UTF-8 BOM, or `--encoding utf-8`
    /// was given) yet holds bytes that are not valid UTF-8. Such bytes are errors in their
    /// records (`CSVRecord.firstInvalidUTF8Field()`), not a reason to read the file otherwise.
    /// In the value handed to each record: found so far, which is all a record needs, since
    /// its bytes were checked before it was parsed.
    public var utf8Problems: Bool = false
    /// Physical line (1-based) of the first byte that is not valid UTF-8, whatever encoding
    /// the file is read in; nil when the whole file is valid UTF-8.
    public var firstInvalidUTF8Line: Int? = nil
    /// SHA-256 of every byte of the file, BOM included, as 64 lower-case hexadecimal digits:
    /// the fingerprint of `manifest.json`, taken from the bytes parsed. Empty in the value
    /// handed to each record; set in the one `read` returns.
    public var sha256: String = ""
}

/// A problem that makes a whole input file unusable. `exitCode` follows sysexits:
/// 66 (EX_NOINPUT) when the file is missing or unreadable, 65 (EX_DATAERR) when it is
/// there but is not usable CSV (empty, unterminated quote, missing required column).
public struct FileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// Missing or unreadable (exit 66), or there but not usable CSV (exit 65).
    public enum Kind: Sendable, Hashable { case missing, unusable }
    /// Which of the two.
    public var kind: Kind
    /// The error as printed: file, line, column and message.
    public var diagnostic: Diagnostic
    /// Warnings found before the file was given up, worth reading with the error: an unknown
    /// column next to a missing required one is usually the same typo.
    public var context: [Diagnostic] = []

    /// The problem of `file`, at `line` and `column` when known.
    public init(_ kind: Kind, file: String, line: Int = 1, column: String? = nil, message: String) {
        self.kind = kind
        self.diagnostic = Diagnostic(.error, file: file, line: line, column: column, message: message)
    }

    /// The sysexits code the run ends with when this file stops it.
    public var exitCode: Int32 { kind == .missing ? 66 : 65 }
    /// The diagnostic as printed (`FILE:LINE:COLUMN: error: ...`).
    public var description: String { diagnostic.description }
}

/// Reads a CSV file from disk in chunks, never holding it whole in memory, and reads it once:
/// each chunk is validated as UTF-8, hashed (SHA-256, for the manifest) and then handed to
/// `CSVParser`, the bytes after any BOM.
///
/// Parsing needs the delimiter, which is sniffed from the header line, so the chunks up to
/// the end of the header line (one chunk, as a rule) are held before the first is parsed. A
/// file whose header line ends beyond `prologueLimit` bytes (a megabyte of blank lines) is
/// read again from its start once the header is found; its bytes are validated and hashed
/// only once all the same.
///
/// A file that starts with a UTF-8 BOM is UTF-8 whatever follows: an invalid byte in it is
/// an error in its record (`CSVFileInfo.utf8Problems`), never a switch to Windows-1252,
/// which would garble every accented letter of the file. Only a file with no BOM that is
/// not valid UTF-8 is read as Windows-1252. Without a BOM or `--encoding`, a file is read as
/// UTF-8 until a byte says otherwise (one such byte is enough): when records were already
/// handed over by then, they were decoded wrong, so `restart` is called (the caller forgets
/// them) and the file is parsed again from its start as Windows-1252. A UTF-8 file, what
/// every spreadsheet writes today, is read once.
///
/// Only regular files are read: a FIFO or a device (`/dev/zero`, `/dev/urandom`) would
/// never end, so it is refused before the first read.
public enum CSVFileReader {
    /// The most bytes held while the header line is looked for.
    static let prologueLimit = 1 << 20
    /// The most bytes of the header line kept for sniffing the delimiter.
    static let headerLimit = 1 << 16

    /// Calls `onRecord` for every record of the file, header included, in order. `restart`
    /// is called when the records handed over so far are to be forgotten because the file
    /// is parsed again from its start in another encoding; it is never called when
    /// `options.encoding` is given or the file starts with a BOM.
    @discardableResult
    public static func read(
        path: String, displayPath: String? = nil, options: ReadOptions = ReadOptions(),
        restart: () throws -> Void,
        _ onRecord: (CSVRecord, CSVFileInfo) throws -> Void
    ) throws -> CSVFileInfo {
        try read(
            path: path, displayPath: displayPath, options: options, blocks: BlockReading<Never>?.none,
            restart: restart, onRecord)
    }

    /// The same, the records past the file's first bytes read on every core where `blocks` is
    /// given: the file is cut into blocks at line feeds outside quotes, each block parsed by a
    /// parser of its own and its records made into a `Partial` by `blocks.decode` on any core,
    /// and the partials handed to `blocks.merge` in file order on this thread. The header and
    /// the records of the first chunk still go to `onRecord`, and so does everything from a
    /// block that does not end between two records (a stray quote fooled the cut) on: blocks
    /// are only a faster way to the same records. `restart` is also called, and the file read
    /// again from its start without blocks, when `merge` refuses a partial.
    @discardableResult
    public static func read<Partial: Sendable>(
        path: String, displayPath: String? = nil, options: ReadOptions = ReadOptions(),
        blocks: BlockReading<Partial>?,
        restart: () throws -> Void,
        _ onRecord: (CSVRecord, CSVFileInfo) throws -> Void
    ) throws -> CSVFileInfo {
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
        var bytes = ByteAccount()

        // The prologue: BOM, header line, whether the file holds anything, and the bytes read
        // until these are known, to be parsed next.
        var headerLine: [UInt8] = []
        var headerDone = false
        var hasContent = false
        var firstBytes: [UInt8] = []
        var bomDecided = false
        var hasBOM = false
        func scan(_ b: UInt8) {
            if b != 0x0A && b != 0x0D && b != 0x20 && b != 0x09 { hasContent = true }
            guard !headerDone else { return }
            if b == 0x0A || b == 0x0D {
                if !headerLine.isEmpty { headerDone = true }
            } else if headerLine.count < headerLimit {
                headerLine.append(b)
            }
        }
        func decideBOM() {
            bomDecided = true
            hasBOM = firstBytes == [0xEF, 0xBB, 0xBF]
            if !hasBOM { firstBytes.forEach(scan) }
        }
        // What the prologue read, to be parsed; nil once it outgrew `prologueLimit`.
        var held: [UInt8]? = []
        while !(bomDecided && hasContent && (headerDone || headerLine.count >= headerLimit)) {
            let got = try readChunk(fd, buffer, shown)
            if got == 0 {
                bytes.finish()
                break
            }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<got])
            bytes.add(chunk, at: bytes.count)
            for b in chunk {
                if !bomDecided {
                    firstBytes.append(b)
                    if firstBytes.count == 3 { decideBOM() }
                    continue
                }
                if headerDone && hasContent { break }
                scan(b)
            }
            if held != nil {
                if held!.count + got <= prologueLimit { held!.append(contentsOf: chunk) } else { held = nil }
            }
        }
        if !bomDecided { decideBOM() }
        // Excel's "Unicode text" export is UTF-16: every other byte is 0, which no CSV reading
        // can make sense of. Say so rather than report columns of garbage.
        // Without its byte-order mark UTF-16 still shows: ASCII header letters alternate with
        // NUL bytes, which no CSV export of ours contains.
        if firstBytes.starts(with: [0xFF, 0xFE]) || firstBytes.starts(with: [0xFE, 0xFF]) || headerLine.contains(0) {
            throw FileProblem(
                .unusable, file: shown,
                message:
                    "the file is UTF-16 (Excel's \"Unicode text\"), or holds NUL bytes; save it as \"CSV UTF-8\" or \"CSV (séparateur : point-virgule)\""
            )
        }
        guard hasContent else {
            // The prologue read the whole file looking for a record.
            let total = bytes.count
            let message =
                total == 0
                ? "the file is empty"
                : total == 3 && hasBOM
                    ? "the file is empty (only a UTF-8 byte-order mark)" : "the file holds no record (only blank lines)"
            throw FileProblem(.unusable, file: shown, message: message)
        }
        // Without a BOM or --encoding, the encoding is a guess until the last byte.
        let guessing = options.encoding == nil && !hasBOM
        var info = CSVFileInfo(
            encoding: options.encoding ?? (hasBOM || bytes.validator.isValid ? .utf8 : .windows1252),
            delimiter: options.delimiter ?? sniffDelimiter(headerLine: headerLine), hasBOM: hasBOM,
            byteCount: bytes.count, fileSize: Int(st.st_size))
        func update() {
            info.byteCount = bytes.count
            info.utf8Problems = info.encoding == .utf8 && !bytes.validator.isValid
            info.firstInvalidUTF8Line = bytes.validator.firstInvalidLine
        }
        update()

        // Parsing, on the bytes just checked.
        var parser = CSVParser(delimiter: info.delimiter)
        var delivered = false
        // With invalid UTF-8 in a UTF-8 file, a data record is only rejected (by the table
        // reader), but a header cannot be read at all: its names are the columns.
        var headerChecked = false
        func deliver(_ record: CSVRecord) throws {
            if !headerChecked {
                headerChecked = true
                if info.utf8Problems, let field = record.firstInvalidUTF8Field() {
                    throw invalidHeader(record, field: field, info: info, shown: shown)
                }
            }
            delivered = true
            try onRecord(record, info)
        }
        // The bytes of `chunk`, which starts at `offset` in the file, after any BOM.
        func parse(_ chunk: UnsafeRawBufferPointer, at offset: Int) throws {
            var chunk = chunk
            if hasBOM && offset < 3 {
                chunk = UnsafeRawBufferPointer(rebasing: chunk[min(3 - offset, chunk.count)...])
            }
            try parser.feed(chunk, deliver)
        }
        func rewind() throws {
            guard lseek(fd, 0, SEEK_SET) == 0 else {
                throw FileProblem(.missing, file: shown, message: "cannot rewind the file: \(systemError())")
            }
        }
        // A byte that is not UTF-8 in a file read as UTF-8 on a guess: the file is Windows-1252
        // from its first byte. True when records were handed over already: the file is then
        // parsed again from its start.
        func guessedWrong() throws -> Bool {
            guard guessing && info.encoding == .utf8 && !bytes.validator.isValid else { return false }
            info.encoding = .windows1252
            update()
            guard delivered else { return false }
            try restart()
            try rewind()
            parser = CSVParser(delimiter: info.delimiter)
            delivered = false
            return true
        }
        // Offset in the file of the next byte read.
        var offset = 0

        /// Reads the rest of the file in blocks, from the held bytes on; true when the whole
        /// file was read so, false when the rest is to be read on this thread from `offset`
        /// (the parser then stands where the blocks stopped, or the file was restarted).
        func readInBlocks(_ blocks: BlockReading<Partial>, held: [UInt8]) throws -> Bool {
            let bom = hasBOM ? 3 : 0
            // The first chunk on this thread, up to its last line feed outside quotes: the
            // header is read there, and the parser must stand between records at its end.
            var scan = BlockBoundaryScan(firstLine: 1)
            let firstCut = held.withUnsafeBytes { scan.lastCut(in: UnsafeRawBufferPointer(rebasing: $0[bom...])) }
            guard let firstCut else {
                try held.withUnsafeBytes { try parse($0, at: 0) }
                offset = held.count
                return false
            }
            try held.withUnsafeBytes {
                try parse(UnsafeRawBufferPointer(rebasing: $0[..<(bom + firstCut.offset)]), at: 0)
            }
            var pending = Array(held[(bom + firstCut.offset)...])
            var pendingLine = firstCut.line
            offset = held.count
            guard parser.isBetweenRecords else {
                try pending.withUnsafeBytes { try parser.feed($0, deliver) }
                return false
            }
            let decode = blocks.decode
            // Merged on a core of its own while the next blocks are parsed: the caller's state
            // is touched by that one task only, while this thread waits for the round.
            let merge = UncheckedBox(blocks.merge)
            var atEnd = false
            // A record longer than four blocks (or a file with no line feed): the rest is
            // read on this thread.
            var noCut = false
            /// The next round: as many blocks as the cores can parse at once.
            func readRound() throws -> [CSVBlock] {
                var round: [CSVBlock] = []
                while round.count < blocks.perRound && !atEnd && !noCut {
                    var block = pending
                    var cut: (offset: Int, line: Int)? = nil
                    var target = blocks.size
                    while cut == nil && !atEnd && !noCut {
                        while block.count < target {
                            let got = try readChunk(fd, buffer, shown)
                            if got == 0 {
                                atEnd = true
                                bytes.finish()
                                update()
                                break
                            }
                            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<got])
                            bytes.add(chunk, at: offset)
                            update()
                            offset += got
                            block.append(contentsOf: chunk)
                        }
                        if !atEnd {
                            var scan = BlockBoundaryScan(firstLine: pendingLine)
                            cut = block.withUnsafeBytes { scan.lastCut(in: $0) }
                            if cut == nil {
                                if block.count >= 4 * blocks.size { noCut = true } else { target += blocks.size }
                            }
                        }
                    }
                    if noCut {
                        pending = block
                        break
                    }
                    let end = atEnd ? block.count : cut!.offset
                    round.append(CSVBlock(bytes: Array(block[..<end]), firstLine: pendingLine, isLast: atEnd))
                    pending = atEnd ? [] : Array(block[end...])
                    if let cut, !atEnd { pendingLine = cut.line }
                }
                return round
            }
            /// A round's partials merged in order: where it stopped, if it did.
            @Sendable func mergeAll(_ made: [Partial?]) -> BlockMerge {
                for (k, partial) in made.enumerated() {
                    guard let partial else { return .notABlock(k) }
                    do {
                        guard try merge.value(partial) else { return .refused }
                    } catch {
                        return .failed(error)
                    }
                }
                return .merged
            }
            // Three rounds at once: one read, the one before parsed, the one before that
            // merged. Reading touches this reader's state and merging the caller's, each from
            // one task only, while this thread waits for the step.
            let reader = UncheckedBox(readRound)
            var read = try readRound()
            var parsed: (blocks: [CSVBlock], made: [Partial?])? = nil
            while true {
                // A byte that is not UTF-8 in a file read as UTF-8 on a guess: every record
                // was decoded wrong; the file is read again from its start in Windows-1252.
                if try guessedWrong() {
                    offset = 0
                    return false
                }
                guard !read.isEmpty || parsed != nil else { break }
                let fileInfo = info
                let (toParse, toMerge) = (read, parsed?.made)
                let reads = !atEnd && !noCut
                let tasks = toParse.count + (toMerge == nil ? 0 : 1) + (reads ? 1 : 0)
                let steps = ParallelWork.map(Array(0..<tasks)) { i -> BlockStep<Partial> in
                    if i < toParse.count {
                        return .decoded(BlockReading<Partial>.decode(toParse[i], fileInfo, decode))
                    }
                    if i == toParse.count, let toMerge { return .merged(mergeAll(toMerge)) }
                    return .read(Result { try reader.value() })
                }
                var next: [CSVBlock] = []
                for step in steps {
                    if case .read(let result) = step { next = try result.get() }
                }
                if let parsed, let merged = steps.lazy.compactMap({ $0.merge }).first {
                    switch merged {
                    case .merged:
                        break
                    case .notABlock(let k):
                        // The round read in this step may hold a byte that makes the file
                        // Windows-1252: then everything is read again from the start.
                        if try guessedWrong() {
                            offset = 0
                            return false
                        }
                        // Not a block after all: the rest on this thread, from its first line.
                        parser = CSVParser(delimiter: info.delimiter, firstLine: parsed.blocks[k].firstLine)
                        for block in parsed.blocks[k...] + toParse + next {
                            try block.bytes.withUnsafeBytes { try parser.feed($0, deliver) }
                        }
                        try pending.withUnsafeBytes { try parser.feed($0, deliver) }
                        if atEnd && !noCut { try parser.finish(deliver) }
                        return atEnd && !noCut
                    case .refused:
                        // The caller cannot take these rows as a block: the whole file again,
                        // on this thread.
                        try restart()
                        try rewind()
                        parser = CSVParser(delimiter: info.delimiter)
                        delivered = false
                        offset = 0
                        return false
                    case .failed(let error):
                        throw error
                    }
                }
                parsed =
                    toParse.isEmpty
                    ? nil : (toParse, steps.prefix(toParse.count).map { $0.partial })
                read = next
            }
            if noCut {
                parser = CSVParser(delimiter: info.delimiter, firstLine: pendingLine)
                try pending.withUnsafeBytes { try parser.feed($0, deliver) }
                return false
            }
            return true
        }

        do {
            var finished = false
            if let held {
                if let blocks, Int(st.st_size) >= 2 * blocks.size {
                    finished = try readInBlocks(blocks, held: held)
                } else {
                    try held.withUnsafeBytes { try parse($0, at: 0) }
                    offset = held.count
                }
            } else {
                try rewind()
            }
            while !finished {
                let got = try readChunk(fd, buffer, shown)
                if got == 0 {
                    // A character cut short by the end of the file is invalid too.
                    bytes.finish()
                    update()
                    if try guessedWrong() {
                        offset = 0
                        continue
                    }
                    break
                }
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<got])
                bytes.add(chunk, at: offset)
                update()
                if try guessedWrong() {
                    offset = 0
                    continue
                }
                try parse(chunk, at: offset)
                offset += got
            }
            if !finished { try parser.finish(deliver) }
        } catch let error as CSVError {
            switch error {
            case .unterminatedQuote(let line, _), .outOfMemory(let line):
                throw FileProblem(.unusable, file: shown, line: line, message: error.description)
            }
        }
        info.sha256 = bytes.sha256()
        return info
    }

    private static func invalidHeader(_ record: CSVRecord, field: Int, info: CSVFileInfo, shown: String) -> FileProblem
    {
        let bytes = record[field]
        let offset = firstInvalidUTF8Offset(bytes) ?? 0
        let byte = offset < bytes.count ? bytes[offset] : 0
        let hex = (byte < 0x10 ? "0x0" : "0x") + String(byte, radix: 16, uppercase: true)
        let why =
            info.hasBOM
            ? "although the file starts with a UTF-8 BOM" : "although the file is read as UTF-8 (--encoding utf-8)"
        return FileProblem(
            .unusable, file: shown, line: record.line, column: "#\(field + 1)",
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

/// What every byte of a file goes through once, however many times it is read: the UTF-8
/// validator and the SHA-256 of the manifest. A file is read from its start each time, so
/// the bytes of a chunk already accounted for are those before `count`.
struct ByteAccount {
    private(set) var validator = UTF8Validator()
    private var hasher = SHA256()
    /// Bytes of the file accounted for, from its first.
    private(set) var count = 0
    private var finished = false

    /// Accounts for the bytes of `chunk` not seen yet; `chunk` starts at `offset` in the file.
    mutating func add(_ chunk: UnsafeRawBufferPointer, at offset: Int) {
        let end = offset + chunk.count
        guard end > count else { return }
        let new = UnsafeRawBufferPointer(rebasing: chunk[(count - offset)...])
        validator.feed(new)
        hasher.update(bufferPointer: new)
        count = end
    }

    /// The end of the file: a character left unfinished is invalid. Said once.
    mutating func finish() {
        guard !finished else { return }
        finished = true
        validator.finish()
    }

    /// The SHA-256 of the bytes accounted for, in lower-case hexadecimal.
    func sha256() -> String {
        Fingerprint.hex(hasher.finalize())
    }
}

/// Picks the delimiter of a file from its header line: the most frequent of `;`, TAB and `,`
/// outside quotes, preferring them in that order on a tie (French exports use `;`, and a
/// comma is more likely than a semicolon or a TAB to appear inside a header name).
public func sniffDelimiter<C: Collection>(headerLine: C) -> UInt8 where C.Element == UInt8 {
    var semicolons = 0, tabs = 0, commas = 0
    var inQuotes = false
    for b in headerLine {
        if b == UInt8(ascii: "\"") {
            inQuotes.toggle()
            continue
        }
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

/// What `CSVFileReader.read(…blocks:…)` needs to read a file's records on every core.
public struct BlockReading<Partial: Sendable> {
    /// Bytes of a block at least (it ends at the first line feed outside quotes after them).
    public var size: Int
    /// Blocks read before they are parsed together, one per core and a few more.
    public var perRound: Int
    /// Makes a block's partial result on any core: `records` parses the block and calls its
    /// argument with each record, in order.
    public var decode: @Sendable (CSVFileInfo, _ records: ((CSVRecord) throws -> Void) throws -> Void) throws -> Partial
    /// Takes a block's partial result, in file order, on the reading thread; false when it
    /// cannot (the file is then read again from its start without blocks).
    public var merge: (Partial) throws -> Bool

    /// Blocks of `size` bytes, `perRound` read at a time, made by `decode` and taken by `merge`.
    public init(
        size: Int = 8 << 20, perRound: Int = 2 * ProcessInfo.processInfo.activeProcessorCount,
        decode: @escaping @Sendable (CSVFileInfo, ((CSVRecord) throws -> Void) throws -> Void) throws -> Partial,
        merge: @escaping (Partial) throws -> Bool
    ) {
        // At most 256 MiB: blocks, rounds and their offsets stay far from overflowing.
        self.size = min(max(1, size), 1 << 28)
        self.perRound = max(1, perRound)
        self.decode = decode
        self.merge = merge
    }

    /// `decode` on one block; nil when the block does not end between two records (the cut
    /// was wrong: a quote the scan took for an opening one was not) or a record of it threw.
    static func decode(
        _ block: CSVBlock, _ info: CSVFileInfo,
        _ decode: (CSVFileInfo, ((CSVRecord) throws -> Void) throws -> Void) throws -> Partial
    ) -> Partial? {
        let parser = CSVParser(delimiter: info.delimiter, firstLine: block.firstLine)
        var wellCut = false
        let partial = try? decode(info) { each in
            try block.bytes.withUnsafeBytes { try parser.feed($0, each) }
            if block.isLast {
                try parser.finish(each)
                wellCut = true
            } else {
                wellCut = parser.isBetweenRecords
            }
        }
        return wellCut ? partial : nil
    }
}

/// A piece of a file that starts at the start of a record.
struct CSVBlock: Sendable {
    var bytes: [UInt8]
    /// Physical line of its first byte.
    var firstLine: Int
    /// Whether it ends the file (its last record may lack a line terminator).
    var isLast: Bool
}

/// Finds where a file may be cut into blocks: after a line feed outside quotes, counting
/// every quote as opening or closing one (a doubled quote inside a quoted field closes and
/// opens again). A stray quote in an unquoted field fools it; the parser of the block then
/// does not end between records, which `BlockReading.decode` checks. Lines are counted as
/// `CSVParser` counts them (LF, CRLF and lone CR).
struct BlockBoundaryScan {
    private var line: Int
    private var inQuotes = false
    private var previousWasCR = false

    init(firstLine: Int) { line = firstLine }

    /// The offset just past the last line feed outside quotes in `bytes` and the line that
    /// starts there; nil when there is none.
    mutating func lastCut(in bytes: UnsafeRawBufferPointer) -> (offset: Int, line: Int)? {
        var cut: (offset: Int, line: Int)? = nil
        for (i, b) in bytes.enumerated() {
            switch b {
            case 0x22:
                inQuotes.toggle()
                previousWasCR = false
            case 0x0D:
                line += 1
                previousWasCR = true
            case 0x0A:
                if !previousWasCR { line += 1 }
                previousWasCR = false
                if !inQuotes { cut = (i + 1, line) }
            default:
                previousWasCR = false
            }
        }
        return cut
    }
}

/// What a task of a step of block reading made: a block's partial (nil when it was no
/// block), how the merge of a round went, or the next round read.
enum BlockStep<Partial: Sendable>: Sendable {
    case decoded(Partial?)
    case merged(BlockMerge)
    case read(Result<[CSVBlock], any Error>)

    var partial: Partial? {
        if case .decoded(let partial) = self { return partial }
        return nil
    }
    var merge: BlockMerge? {
        if case .merged(let outcome) = self { return outcome }
        return nil
    }
}

/// How merging a round of blocks went.
enum BlockMerge: Sendable {
    case merged
    /// The block at this position of the round did not end between records.
    case notABlock(Int)
    /// The caller refused a partial.
    case refused
    case failed(any Error)
}

/// A value handed to another thread by one who guarantees that the two never use it at once.
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
