import Foundation
import TestSupport
import Testing

@testable import Ingestion

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the reader accepts as an input file, and how it reads a UTF-8 file with a bad byte.
struct FileInputTests {
    /// Reads every record as (line, cells, first invalid field).
    static func read(_ url: URL, chunkSize: Int = 1 << 16, encoding: TextEncoding? = nil) throws
        -> (info: CSVFileInfo, rows: [(line: Int, cells: [String], invalidField: Int?)])
    {
        var rows: [(line: Int, cells: [String], invalidField: Int?)] = []
        let info = try CSVFileReader.read(
            path: url.path, options: ReadOptions(encoding: encoding, chunkSize: chunkSize),
            restart: { rows = [] }
        ) { record, info in
            rows.append((record.line, record.strings(info.encoding), record.firstInvalidUTF8Field()))
        }
        return (info, rows)
    }

    static func refusal(_ path: String) -> FileProblem? {
        do {
            try CSVFileReader.read(path: path, restart: {}) { _, _ in }
            return nil
        } catch {
            return error as? FileProblem
        }
    }

    // MARK: Files that are not regular files

    @Test func fifoIsRefusedAtOnce() throws {
        let folder = try TestSupport.temporaryFolder("fifo")
        defer { TestSupport.remove(folder) }
        let path = folder.appendingPathComponent("members.csv").path
        #expect(mkfifo(path, 0o600) == 0)
        // No writer ever opens the FIFO: a blocking open or read would hang here.
        let started = Date()
        let problem = Self.refusal(path)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(problem?.kind == .missing)
        #expect(problem?.exitCode == 66)
        #expect(problem?.diagnostic.message == "is a FIFO (named pipe), not a regular file")
    }

    @Test(arguments: ["/dev/zero", "/dev/urandom", "/dev/null"])
    func devicesAreRefused(_ path: String) {
        let problem = Self.refusal(path)
        #expect(problem?.kind == .missing, "\(path)")
        #expect(problem?.diagnostic.message == "is a device, not a regular file", "\(path)")
    }

    @Test func folderIsRefused() throws {
        let folder = try TestSupport.temporaryFolder("folder")
        defer { TestSupport.remove(folder) }
        let problem = Self.refusal(folder.path)
        #expect(problem?.kind == .missing)
        #expect(problem?.diagnostic.message == "is a folder, not a CSV file")
    }

    @Test func regularFileIsStillRead() throws {
        let folder = try TestSupport.temporaryFolder("regular")
        defer { TestSupport.remove(folder) }
        let url = folder.appendingPathComponent("a.csv")
        try TestSupport.write("a;b\n1;2\n", to: url)
        let (_, rows) = try Self.read(url)
        #expect(rows.map(\.cells) == [["a", "b"], ["1", "2"]])
    }

    // MARK: An invalid byte in a UTF-8 file

    /// Three lines, the third with a 0xFF byte in its second field, accents elsewhere.
    static let lines: [[UInt8]] = [
        Array("id;region\r\n".utf8),
        Array("A1;Rhône-Alpes\r\n".utf8),
        Array("A2;Ile".utf8) + [0xFF] + Array("\r\n".utf8),
        Array("A3;Île-de-France\r\n".utf8),
    ]
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    @Test func bomFileWithABadByteStaysUTF8() throws {
        let folder = try TestSupport.temporaryFolder("bom-bad")
        defer { TestSupport.remove(folder) }
        let url = folder.appendingPathComponent("members.csv")
        try TestSupport.write(Self.bom + Self.lines.flatMap { $0 }, to: url)
        let size = try Data(contentsOf: url).count
        for chunk in [1, 2, 3, 4, 7, 16, size] {
            let (info, rows) = try Self.read(url, chunkSize: chunk)
            #expect(info.encoding == .utf8, "chunk \(chunk)")
            #expect(info.hasBOM)
            #expect(info.utf8Problems)
            #expect(info.firstInvalidUTF8Line == 3, "chunk \(chunk)")
            #expect(rows.map(\.line) == [1, 2, 3, 4])
            #expect(rows.map(\.invalidField) == [nil, nil, 1, nil], "chunk \(chunk)")
            #expect(rows[1].cells == ["A1", "Rhône-Alpes"])
            #expect(rows[3].cells == ["A3", "Île-de-France"])
        }
    }

    @Test func sameBytesWithoutBOMAreWindows1252() throws {
        let folder = try TestSupport.temporaryFolder("nobom-bad")
        defer { TestSupport.remove(folder) }
        let url = folder.appendingPathComponent("members.csv")
        try TestSupport.write(Self.lines.flatMap { $0 }, to: url)
        for chunk in [1, 5, 1 << 16] {
            let (info, rows) = try Self.read(url, chunkSize: chunk)
            #expect(info.encoding == .windows1252)
            #expect(!info.hasBOM)
            #expect(!info.utf8Problems)
            #expect(info.firstInvalidUTF8Line == 3, "chunk \(chunk)")
            #expect(rows.count == 4)
        }
    }

    @Test func validUTF8HasNoInvalidLine() throws {
        let folder = try TestSupport.temporaryFolder("valid")
        defer { TestSupport.remove(folder) }
        let url = folder.appendingPathComponent("members.csv")
        try TestSupport.write(Self.bom + Array("id;region\nA1;Rhône-Alpes\n".utf8), to: url)
        let (info, rows) = try Self.read(url)
        #expect(info.encoding == .utf8 && !info.utf8Problems && info.firstInvalidUTF8Line == nil)
        #expect(rows.allSatisfy { $0.invalidField == nil })
    }

    @Test func forcedUTF8ReportsProblems() throws {
        let folder = try TestSupport.temporaryFolder("forced")
        defer { TestSupport.remove(folder) }
        let url = folder.appendingPathComponent("members.csv")
        try TestSupport.write(Self.lines.flatMap { $0 }, to: url)
        let (info, rows) = try Self.read(url, encoding: .utf8)
        #expect(info.encoding == .utf8 && info.utf8Problems && info.firstInvalidUTF8Line == 3)
        #expect(rows.map(\.invalidField) == [nil, nil, 1, nil])
    }

    @Test func badByteInTheHeaderOfABOMFileIsUnusable() throws {
        let folder = try TestSupport.temporaryFolder("bad-header")
        defer { TestSupport.remove(folder) }
        let url = folder.appendingPathComponent("members.csv")
        try TestSupport.write(Self.bom + Array("id;r".utf8) + [0xFF] + Array("gion\nA1;Rhône\n".utf8), to: url)
        for chunk in [1, 3, 1 << 16] {
            do {
                _ = try Self.read(url, chunkSize: chunk)
                Issue.record("a header with an invalid byte was read (chunk \(chunk))")
            } catch let problem as FileProblem {
                #expect(problem.kind == .unusable)
                #expect(problem.exitCode == 65)
                #expect(problem.diagnostic.line == 1)
                #expect(problem.diagnostic.column == "#2")
                #expect(
                    problem.diagnostic.message.hasPrefix(
                        "byte 0xFF is not valid UTF-8 although the file starts with a UTF-8 BOM"))
            }
        }
    }

    @Test func badByteInAMultiLineQuotedFieldIsOnItsOwnLine() throws {
        let folder = try TestSupport.temporaryFolder("multiline")
        defer { TestSupport.remove(folder) }
        let url = folder.appendingPathComponent("notes.csv")
        // The record starts on line 2; its quoted note spans lines 2–4 (LF, then CRLF, then a
        // lone CR); the bad byte is on line 4.
        var bytes = Self.bom + Array("id;note\nA1;\"one\ntwo\r\nth".utf8) + [0xFE]
        bytes += Array("ree\"\rA2;été\n".utf8)
        try TestSupport.write(bytes, to: url)
        for chunk in [1, 2, 6, 1 << 16] {
            let (info, rows) = try Self.read(url, chunkSize: chunk)
            #expect(info.firstInvalidUTF8Line == 4, "chunk \(chunk)")
            #expect(rows.map(\.line) == [1, 2, 5])
            #expect(rows.map(\.invalidField) == [nil, 1, nil])
            #expect(rows[2].cells == ["A2", "été"])
        }
    }

    @Test func characterCutShortIsInvalidOnItsLine() throws {
        let folder = try TestSupport.temporaryFolder("cut")
        defer { TestSupport.remove(folder) }
        let url = folder.appendingPathComponent("a.csv")
        // 0xC3 (the start of é) followed by a line break, then a file that ends inside a character.
        try TestSupport.write(Array("a;b\n1;x".utf8) + [0xC3] + Array("\n2;y".utf8) + [0xE2, 0x82], to: url)
        let (info, _) = try Self.read(url)
        #expect(info.firstInvalidUTF8Line == 2)
        try TestSupport.write(Array("a;b\n1;x\n2;y".utf8) + [0xE2, 0x82], to: url)
        #expect(try Self.read(url).info.firstInvalidUTF8Line == 3)
    }

    @Test(arguments: [
        ([UInt8]("abc".utf8), nil as Int?), ([0x61, 0xFF], 1), ([0xC3, 0xA9, 0xC3], 2), ([0xE2, 0x82, 0xAC], nil),
        ([0xED, 0xA0, 0x80], 0), ([0xF0, 0x9F, 0x98, 0x80, 0x41], nil), ([0xC0, 0x80], 0),
    ])
    func invalidOffsets(_ bytes: [UInt8], _ expected: Int?) {
        #expect(bytes.withUnsafeBufferPointer { firstInvalidUTF8Offset($0) } == expected)
    }
}
