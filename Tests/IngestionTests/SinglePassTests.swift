import Foundation
import TestSupport
import Testing

@testable import Ingestion

/// Each input is read once (issue #10 item 4): its SHA-256 and its UTF-8 validation come
/// from the bytes the parser reads, whatever the chunks, and a file found not to be UTF-8
/// after records were handed over is parsed again from its start as Windows-1252.
struct SinglePassTests {
    /// SHA-256 of a file by Python's hashlib, an implementation of its own.
    static func hashlib(_ url: URL) throws -> String {
        try TestSupport.python(
            "import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())",
            arguments: [url.path]
        ).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The digest of every corpus file, UTF-8 with and without BOM, Windows-1252 (read again
    /// from its start in small chunks), CR line ends, in chunk sizes around the cuts.
    @Test(arguments: ["bom_utf8", "windows1252", "cr_only", "embedded_crlf", "header_only", "blank_lines_and_spaces"])
    func digestIsTheFilesInEveryChunkSize(_ name: String) throws {
        let url = corpus(name)
        let expected = try Self.hashlib(url)
        #expect(Fingerprint.sha256(try Data(contentsOf: url)) == expected)
        let size = try Data(contentsOf: url).count
        for chunk in [1, 2, 3, 4, 7, 64, size, 1 << 16] {
            let (info, _) = try records(url, chunkSize: chunk)
            #expect(info.sha256 == expected, "\(name) in chunks of \(chunk)")
            #expect(info.byteCount == size)
        }
    }

    /// The decoders carry the digest out with the file's report.
    @Test func fileReportCarriesTheDigest() throws {
        let url = TestSupport.datasets.appendingPathComponent("members.csv")
        let (_, report) = try readMembers(path: url.path, relativePath: "members.csv")
        #expect(report.sha256 == (try Self.hashlib(url)))
    }

    /// UTF-8 accents on the first lines, a Windows-1252 byte on the fifth, no BOM: read as
    /// UTF-8 until the byte, then again as Windows-1252. The records are those of a reading
    /// told the encoding, in every chunk size; `restart` is called at most once, and only
    /// when records had been handed over.
    @Test func lateWindows1252ByteRestartsTheParse() throws {
        let url = try TestSupport.temporaryFolder("late-1252").appendingPathComponent("members.csv")
        defer { TestSupport.remove(url) }
        let bytes = Array("id;region\r\nA1;Rhône\r\nA2;Île\r\nA3;Ain\r\nA4;Sa".utf8) + [0xF4] + Array("ne\r\n".utf8)
        try TestSupport.write(bytes, to: url)
        let forced = try records(url, encoding: .windows1252)
        #expect(forced.rows.last?.cells == ["A4", "Saône"])
        for chunk in 1...(bytes.count + 1) {
            var rows: [Row] = []
            var restarts = 0
            var deliveredBeforeRestart = 0
            let info = try CSVFileReader.read(
                path: url.path, options: ReadOptions(chunkSize: chunk),
                restart: {
                    restarts += 1
                    deliveredBeforeRestart = rows.count
                    rows = []
                }
            ) { record, info in
                rows.append(Row(line: record.line, cells: record.strings(info.encoding)))
            }
            #expect(
                info.encoding == .windows1252 && !info.utf8Problems && info.firstInvalidUTF8Line == 5, "chunk \(chunk)")
            #expect(rows == forced.rows, "chunk \(chunk)")
            #expect(restarts <= 1 && (restarts == 0 || deliveredBeforeRestart > 0), "chunk \(chunk)")
            #expect(info.sha256 == forced.info.sha256)
        }
        // The whole file in one chunk: the byte is seen before any record is parsed.
        var restarted = false
        _ = try CSVFileReader.read(path: url.path, restart: { restarted = true }) { _, _ in }
        #expect(!restarted)
    }

    /// A decoder that starts over keeps nothing of its first reading: the same registry,
    /// counts and diagnostics (one Windows-1252 warning) in every chunk size.
    @Test func decoderStartsOverCleanly() throws {
        let url = try TestSupport.temporaryFolder("late-1252-members").appendingPathComponent("members.csv")
        defer { TestSupport.remove(url) }
        var text = Array("member_id;name;region;structure_type\r\n".utf8)
        for i in 1...30 { text += Array("ADH\(i);Ent \(i);Rhône;AI\r\n".utf8) }
        text += Array("ADH31;Ent 31;Is".utf8) + [0xE8] + Array("re;AI\r\nADH1;Double;Ain;AI\r\n".utf8)
        try TestSupport.write(text, to: url)
        let (whole, wholeReport) = try readMembers(path: url.path, relativePath: "members.csv")
        #expect(whole.count == 31 && wholeReport.rowsRead == 32 && wholeReport.rejected == 1)
        #expect(whole.region(of: 30) == "Isère" && whole.region(of: 0) == "RhÃ´ne")
        #expect(wholeReport.diagnostics.filter { $0.message.hasPrefix("the file is not UTF-8") }.count == 1)
        for chunk in [1, 13, 100, 512] {
            let (registry, report) = try readMembers(
                path: url.path, relativePath: "members.csv", options: ReadOptions(chunkSize: chunk))
            #expect((0..<registry.count).map { registry[$0] } == (0..<whole.count).map { whole[$0] }, "chunk \(chunk)")
            #expect(report.diagnostics == wholeReport.diagnostics, "chunk \(chunk)")
            #expect(report.rejections == wholeReport.rejections, "chunk \(chunk)")
            #expect((report.rowsRead, report.accepted, report.rejected) == (32, 31, 1), "chunk \(chunk)")
            #expect(report.sha256 == wholeReport.sha256)
        }
    }

    /// A character cut short by the end of a file with no BOM makes it Windows-1252, found
    /// only at the last byte, after every other record was handed over.
    @Test func truncatedCharacterAtTheEndIsWindows1252() throws {
        let url = try TestSupport.temporaryFolder("cut-short").appendingPathComponent("a.csv")
        defer { TestSupport.remove(url) }
        try TestSupport.write(Array("a;b\n1;2\n3;".utf8) + [0xC3], to: url)
        for chunk in [1, 4, 1 << 16] {
            let (info, rows) = try records(url, chunkSize: chunk)
            #expect(info.encoding == .windows1252, "chunk \(chunk)")
            #expect(rows == [Row(1, ["a", "b"]), Row(2, ["1", "2"]), Row(3, ["3", "Ã"])], "chunk \(chunk)")
        }
    }

    /// A header line beyond `prologueLimit` (blank lines first): the start of the file is
    /// read again for parsing, yet validated and hashed once.
    @Test func longPrologueIsReadAgainFromTheStart() throws {
        let url = try TestSupport.temporaryFolder("prologue").appendingPathComponent("a.csv")
        defer { TestSupport.remove(url) }
        let blank = CSVFileReader.prologueLimit + 10
        let bytes = [UInt8](repeating: 0x0A, count: blank) + Array("a;b\n1;é\n".utf8)
        try TestSupport.write(bytes, to: url)
        for chunk in [4096, 1 << 16] {
            let (info, rows) = try records(url, chunkSize: chunk)
            #expect(rows == [Row(blank + 1, ["a", "b"]), Row(blank + 2, ["1", "é"])], "chunk \(chunk)")
            #expect(info.encoding == .utf8 && info.firstInvalidUTF8Line == nil)
            #expect(info.sha256 == (try Self.hashlib(url)))
        }
    }
}
