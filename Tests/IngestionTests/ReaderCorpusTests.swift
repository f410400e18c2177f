import Foundation
import TestSupport
import Testing

@testable import Ingestion

/// Every record of a file as (line, cells), read through the real file reader.
func records(
    _ url: URL, chunkSize: Int = 1 << 16, delimiter: UInt8? = nil,
    encoding: TextEncoding? = nil
) throws -> (info: CSVFileInfo, rows: [Row]) {
    var rows: [Row] = []
    let info = try CSVFileReader.read(
        path: url.path, options: ReadOptions(encoding: encoding, delimiter: delimiter, chunkSize: chunkSize),
        restart: { rows = [] }
    ) { record, info in
        rows.append(Row(line: record.line, cells: record.strings(info.encoding)))
    }
    return (info, rows)
}

struct Row: Equatable, CustomStringConvertible {
    var line: Int
    var cells: [String]
    init(line: Int, cells: [String]) {
        self.line = line
        self.cells = cells
    }
    init(_ line: Int, _ cells: [String]) { self.init(line: line, cells: cells) }
    var description: String { "\(line): \(cells.map { $0.debugDescription })" }
}

func corpus(_ name: String) -> URL {
    Bundle.module.url(forResource: "Corpus/\(name)", withExtension: "csv")!
}

/// One small file per case, each read in every chunk size from 1 byte to the whole file
/// (NIO's habit): libcsv must be handed lines across chunk cuts without losing a byte or
/// a line number.
struct ReaderCorpusTests {
    static let cases: [(String, UInt8, [Row])] = [
        (
            "quoted_delimiter", UInt8(ascii: ";"),
            [Row(1, ["id", "note", "amount"]), Row(2, ["1", "quoted; with delimiter", "3"])]
        ),
        (
            "doubled_quotes", UInt8(ascii: ";"),
            [Row(1, ["id", "quote"]), Row(2, ["1", "she said \"yes\""]), Row(3, ["2", "\"", "x"])]
        ),
        (
            "embedded_crlf", UInt8(ascii: ";"),
            [Row(1, ["id", "note"]), Row(2, ["1", "line one\r\nline two"]), Row(4, ["2", "plain"])]
        ),
        ("cr_only", UInt8(ascii: ";"), [Row(1, ["a", "b"]), Row(2, ["1", "2"]), Row(3, ["3", "4"])]),
        ("bom_utf8", UInt8(ascii: ";"), [Row(1, ["Id adhérent", "Nom"]), Row(2, ["A1", "Café"])]),
        ("windows1252", UInt8(ascii: ";"), [Row(1, ["nom", "région"]), Row(2, ["Café €", "Île-de-France"])]),
        ("tab_delimiter", 0x09, [Row(1, ["a", "b", "c"]), Row(2, ["1", "", "3"]), Row(3, ["x\ty", "2", ""])]),
        ("comma_delimiter", UInt8(ascii: ","), [Row(1, ["a", "b"]), Row(2, ["1,5", "2"]), Row(3, ["3", "4"])]),
        (
            "ragged_rows", UInt8(ascii: ";"),
            [Row(1, ["a", "b", "c"]), Row(2, ["1", "2"]), Row(3, ["1", "2", "3", "4"])]
        ),
        ("header_only", UInt8(ascii: ";"), [Row(1, ["a", "b", "c"])]),
        (
            "blank_lines_and_spaces", UInt8(ascii: ";"),
            [Row(1, ["a", "b"]), Row(3, ["1", "2"]), Row(5, ["3", "  4 "]), Row(6, ["5", "6"])]
        ),
    ]

    @Test(arguments: cases.map(\.0))
    func cellsAndLinesInEveryChunkSize(_ name: String) throws {
        let (_, delimiter, expected) = Self.cases.first { $0.0 == name }!
        let url = corpus(name)
        let size = try Data(contentsOf: url).count
        for chunk in 1...(size + 1) {
            let (info, rows) = try records(url, chunkSize: chunk)
            #expect(info.delimiter == delimiter, "delimiter of \(name)")
            #expect(rows == expected, "\(name) read in chunks of \(chunk) bytes")
        }
    }

    @Test func bomIsRemovedAndReported() throws {
        let (info, rows) = try records(corpus("bom_utf8"))
        #expect(info.hasBOM)
        #expect(info.encoding == .utf8)
        #expect(rows[0].cells[0] == "Id adhérent")
    }

    @Test func windows1252IsDetectedWhenBytesAreNotUTF8() throws {
        let (info, _) = try records(corpus("windows1252"))
        #expect(info.encoding == .windows1252)
        #expect(!info.hasBOM)
        #expect(!info.utf8Problems)
        #expect(info.firstInvalidUTF8Line == 1)
        // Forcing UTF-8 on it: the header's names cannot be read, so the file is unusable.
        #expect {
            _ = try records(corpus("windows1252"), encoding: .utf8)
        } throws: { error in
            guard let problem = error as? FileProblem else { return false }
            return problem.kind == .unusable && problem.diagnostic.line == 1 && problem.diagnostic.column == "#2"
                && problem.diagnostic.message.hasPrefix("byte 0xE9 is not valid UTF-8")
        }
        // With a readable header, forcing UTF-8 delivers the rows (the table reader rejects
        // the bad ones); decoding replaces the invalid bytes rather than failing.
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let url = folder.appendingPathComponent("forced.csv")
        try TestSupport.write(
            Array("nom;region\r\n".utf8) + [0x43, 0x61, 0x66, 0xE9, 0x20, 0x80, 0x3B, 0x78, 0x0D, 0x0A], to: url)
        let (forced, rows) = try records(url, encoding: .utf8)
        #expect(forced.encoding == .utf8)
        #expect(forced.utf8Problems)
        #expect(forced.firstInvalidUTF8Line == 2)
        #expect(rows[1].cells[0] == "Caf\u{FFFD} \u{FFFD}")
    }

    @Test func unterminatedQuoteNamesTheLineWhereTheQuoteOpens() throws {
        for chunk in [1, 2, 3, 5, 8, 1 << 16] {
            #expect {
                _ = try records(corpus("unterminated_quote"), chunkSize: chunk)
            } throws: { error in
                guard let problem = error as? FileProblem else { return false }
                return problem.exitCode == 65 && problem.diagnostic.line == 3
                    && problem.diagnostic.message.hasPrefix("a quoted field (field 2) opened on line 3 is never closed")
            }
        }
    }

    @Test func emptyFileIsUnusable() throws {
        #expect {
            _ = try records(corpus("empty"))
        } throws: { error in
            guard let problem = error as? FileProblem else { return false }
            return problem.exitCode == 65 && problem.diagnostic.message == "the file is empty"
        }
    }

    @Test func blankOnlyFileIsUnusable() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let url = folder.appendingPathComponent("blank.csv")
        try TestSupport.write("\r\n  \n\n", to: url)
        #expect(throws: FileProblem(.unusable, file: url.path, message: "the file holds no record (only blank lines)"))
        {
            _ = try records(url)
        }
    }

    @Test func utf16IsRefusedWithAHint() throws {
        let url = try TestSupport.temporaryFolder().appendingPathComponent("unicode.csv")
        defer { TestSupport.remove(url) }
        try TestSupport.write(
            [0xFF, 0xFE] + Array("a\tb\r\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, to: url)
        #expect {
            _ = try records(url)
        } throws: { error in
            guard let problem = error as? FileProblem else { return false }
            return problem.exitCode == 65 && problem.diagnostic.message.hasPrefix("the file is UTF-16")
        }
    }

    @Test func missingFileIsExit66() throws {
        #expect {
            _ = try records(URL(fileURLWithPath: "/nonexistent/members.csv"))
        } throws: { error in
            (error as? FileProblem)?.exitCode == 66
                && (error as? FileProblem)?.description
                    == "/nonexistent/members.csv:1:-: error: cannot open the file: No such file or directory"
        }
    }

    @Test func forcedDelimiterOverridesSniffing() throws {
        let url = try TestSupport.temporaryFolder().appendingPathComponent("tie.csv")
        defer { TestSupport.remove(url) }
        try TestSupport.write("a;b,c\n1;2,3\n", to: url)
        #expect(try records(url).rows == [Row(1, ["a", "b,c"]), Row(2, ["1", "2,3"])])
        let (info, rows) = try records(url, delimiter: UInt8(ascii: ","))
        #expect(info.delimiter == UInt8(ascii: ","))
        #expect(rows == [Row(1, ["a;b", "c"]), Row(2, ["1;2", "3"])])
    }

    @Test(arguments: [
        ("id;nom,prenom;x", UInt8(ascii: ";")),
        ("a,b,c", UInt8(ascii: ",")),
        ("a\tb\tc", 0x09),
        ("\"a;b\",c", UInt8(ascii: ",")),
        ("single", UInt8(ascii: ";")),
        ("a;b\tc\td", 0x09),
    ])
    func delimiterSniffing(_ header: String, _ expected: UInt8) {
        #expect(sniffDelimiter(headerLine: Array(header.utf8)) == expected)
    }
}
