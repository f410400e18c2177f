import Foundation
import TestSupport
import Testing

/// The shared golden assertion says where and how a made file differs, and fails when it does.
struct GoldenAssertionTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func equalBytesAreNoDifference() {
        #expect(
            GoldenDiff.describe(
                expected: Self.bytes("a;b\r\n1;2\r\n"), got: Self.bytes("a;b\r\n1;2\r\n"), name: "t.csv") == nil)
    }

    /// One changed cell in an excel-fr file: the line number, two lines of context, expected
    /// then got, the CRs not shown.
    @Test func aChangedLineIsShownWithItsNumber() throws {
        let expected = "\u{FEFF}h;v\r\na;1,00\r\nb;2,00\r\nc;3,00\r\nd;4,00\r\ne;5,00\r\nf;6,00\r\n"
        let got = expected.replacingOccurrences(of: "d;4,00", with: "d;4,01")
        let message = try #require(
            GoldenDiff.describe(
                expected: Self.bytes(expected), got: Self.bytes(got), name: "Reports/x/t.csv",
                expectedPath: "/p/Reports/x/t.csv", gotPath: "/tmp/t.csv"))
        #expect(
            message == """
                Reports/x/t.csv differs from the expected file (expected 56 bytes in 7 lines, got 56 bytes in 7 lines, CRLF line ends not shown)
                --- expected  /p/Reports/x/t.csv
                +++ got       /tmp/t.csv
                @@ -5,1 +5,1 @@ first difference at line 5
                 3 | b;2,00
                 4 | c;3,00
                -5 | d;4,00
                +5 | d;4,01
                 6 | e;5,00
                 7 | f;6,00
                """, "\(message)")
    }

    /// An inserted line is one added line, not every later line changed; a line end that
    /// differs shows as `\r`.
    @Test func insertionsAndLineEnds() throws {
        let inserted = try #require(
            GoldenDiff.describe(expected: Self.bytes("a\nb\nc\n"), got: Self.bytes("a\nx\nb\nc\n"), name: "t"))
        #expect(
            inserted.hasSuffix("@@ -2,0 +2,1 @@ first difference at line 2\n 1 | a\n+2 | x\n 2 | b\n 3 | c"),
            "\(inserted)")
        let lineEnd = try #require(
            GoldenDiff.describe(expected: Self.bytes("a\r\nb\r\n"), got: Self.bytes("a\r\nb\n"), name: "t"))
        #expect(
            lineEnd.hasSuffix("@@ -2,1 +2,1 @@ first difference at line 2\n 1 | a\\r\n-2 | b\\r\n+2 | b"), "\(lineEnd)")
        let finalBreak = try #require(
            GoldenDiff.describe(expected: Self.bytes("a\nb\n"), got: Self.bytes("a\nb"), name: "t"))
        #expect(
            finalBreak.hasSuffix(
                "the lines are the same; the last line ends with a line break in the expected file, not in the got one"),
            "\(finalBreak)")
    }

    /// The assertion fails on a difference (a test built on it can fail) and passes on equal files.
    @Test func theAssertionFailsOnADifference() throws {
        let folder = try TestSupport.temporaryFolder("golden")
        defer { TestSupport.remove(folder) }
        let expected = folder.appendingPathComponent("expected/t.csv"),
            made = folder.appendingPathComponent("made/t.csv")
        try TestSupport.write("a;1\r\nb;2\r\n", to: expected)
        try TestSupport.write("a;1\r\nb;3\r\n", to: made)
        withKnownIssue {
            assertGolden(file: made, equals: expected)
        } matching: { issue in
            issue.comments.contains { $0.rawValue.contains("-2 | b;2\n+2 | b;3") }
        }
        withKnownIssue {
            assertGolden(
                folder: folder.appendingPathComponent("made"), equals: folder.appendingPathComponent("expected"))
        }
        try TestSupport.write("extra\n", to: folder.appendingPathComponent("made/extra.txt"))
        withKnownIssue {
            assertGolden(
                folder: folder.appendingPathComponent("made"), equals: folder.appendingPathComponent("expected"),
                except: ["t.csv"])
        } matching: { issue in
            issue.comments.contains { $0.rawValue.contains("  not expected: extra.txt") }
        }
        try TestSupport.write("a;1\r\nb;2\r\n", to: made)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("made/extra.txt"))
        assertGolden(file: made, equals: expected)
        assertGolden(Array("a;1\r\nb;2\r\n".utf8), equals: expected)
        assertGolden(folder: folder.appendingPathComponent("made"), equals: folder.appendingPathComponent("expected"))
    }
}
