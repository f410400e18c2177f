import Foundation
import Survey
import TestSupport
import Testing

@testable import Ingestion

/// A corpus of damaged inputs (issue #8): one small file per case under `Damaged/`, each a
/// realistic broken export of one of the four inputs, and `Damaged/cases.tsv`, which says
/// where the file is installed in a datasets folder, at which level the reader must take it
/// (SPEC 3.4: `file` — the file is unusable; `row` — rows are rejected; `value` — values are
/// left out of accepted rows; `none` — accepted, maybe with a warning), the exit code, one
/// exact diagnostic line and the counts of the file's report.
///
/// Manifest columns, tab-separated: `file`, `target`, `level`, `exit`, `expected` (a line as
/// `Diagnostic.description` prints it with the datasets folder's path removed; `-` means the
/// file gives no diagnostic at all), `counts` (`read/accepted/rejected/replaced/values` of the
/// file's `FileReport`; `-` for the file level).
struct DamagedCorpusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var target: String
        var level: String
        var exit: Int32
        var expected: String
        var counts: [Int]?

        var testDescription: String { file }
    }

    /// The registry installed beside every corpus file that is not itself a `members.csv`:
    /// a French Excel export (BOM, CRLF), one inactive member, accented regions.
    static let members =
        "\u{FEFF}"
        + [
            "Id adhérent;Nom;Région;Département;Type structure;Actif",
            "ADH0001;Tremplin du Val 53;Pays de la Loire;53;AI;oui",
            "ADH0002;AI Sud 29;Bretagne;29;AI;oui",
            "ADH0003;Coup de Main Lyon;Rhône-Alpes;69;ACI;oui",
            "ADH0004;Jardins de Cocagne;Île-de-France;75;EI;oui",
            "ADH0005;Intérim Solidaire;Corse;2A;ETTI;non",
            "ADH0006;GEIQ Propreté;La Réunion;974;GEIQ;oui",
        ].joined(separator: "\r\n") + "\r\n"

    static var folder: URL {
        Bundle.module.url(forResource: "Damaged/cases", withExtension: "tsv")!.deletingLastPathComponent()
    }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "Damaged/cases", withExtension: "tsv"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: true).dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            precondition(f.count == 6, "cases.tsv: 6 fields expected in \(line)")
            let counts = f[5] == "-" ? nil : f[5].split(separator: "/").map { Int($0)! }
            return Case(file: f[0], target: f[1], level: f[2], exit: Int32(f[3])!, expected: f[4], counts: counts)
        }
    }()

    @Test(arguments: cases)
    func damagedInput(_ c: Case) throws {
        let root = try TestSupport.temporaryFolder("damaged")
        defer { TestSupport.remove(root) }
        if c.target != "members.csv" {
            try TestSupport.write(Self.members, to: root.appendingPathComponent("members.csv"))
        }
        let bytes = try Data(contentsOf: Self.folder.appendingPathComponent(c.file))
        try TestSupport.write(Array(bytes), to: root.appendingPathComponent(c.target))

        let result = DatasetLoader(root: root.path).load()
        let prefix = root.path + "/"
        let diagnostics = result.diagnostics.map { $0.description.replacingOccurrences(of: prefix, with: "") }
        let mine = diagnostics.filter { $0.hasPrefix(c.target + ":") }

        #expect(result.exitCode == c.exit, "exit code of \(c.file); diagnostics: \(diagnostics)")
        if c.expected == "-" {
            #expect(mine.isEmpty, "\(c.file) should give no diagnostic; got \(mine)")
        } else {
            #expect(
                diagnostics.contains(c.expected),
                "\(c.file): expected\n\(c.expected)\ngot\n\(diagnostics.joined(separator: "\n"))")
        }

        let report = result.files.first { $0.relativePath == c.target }
        switch c.level {
        case "file":
            #expect(result.failures.contains { $0.relativePath == c.target }, "\(c.file): no failure names \(c.target)")
            #expect(report == nil, "\(c.file): a file-level problem leaves no report")
        case "row", "value", "none":
            let r = try #require(report, "\(c.file): no report for \(c.target); diagnostics: \(diagnostics)")
            #expect(
                result.failures.isEmpty, "\(c.file): unexpected failures \(result.failures.map(\.problem.description))")
            #expect(
                [r.rowsRead, r.accepted, r.rejected, r.replaced, r.rejectedValues] == c.counts,
                "\(c.file): counts read/accepted/rejected/replaced/values")
            #expect(r.rowsRead == r.accepted + r.rejected + r.replaced)
            let scopes = r.rejections.map(\.scope)
            switch c.level {
            case "row":
                #expect(scopes.contains(.row), "\(c.file): no row rejection")
            case "value":
                #expect(!scopes.contains(.row), "\(c.file): a row was rejected")
                #expect(scopes.contains(.value), "\(c.file): no value left out")
            default:
                #expect(!scopes.contains(.row) && !scopes.contains(.value), "\(c.file): something was rejected")
                #expect(r.errorCount == 0, "\(c.file): errors in an accepted file")
            }
        default:
            Issue.record("\(c.file): unknown level \(c.level)")
        }
    }

    @Test func manifestCoversTheFolder() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0 != "cases.tsv" && !$0.hasPrefix(".") }
        let listed = Self.cases.map(\.file)
        #expect(
            Set(names) == Set(listed),
            "files not in cases.tsv: \(Set(names).subtracting(listed).sorted()); listed but absent: \(Set(listed).subtracting(names).sorted())"
        )
        #expect(listed.count == Set(listed).count, "a file is listed twice")
        #expect(Self.cases.count >= 60)
        for level in ["file", "row", "value"] {
            #expect(Self.cases.filter { $0.level == level }.count >= 10, "fewer than 10 cases of level \(level)")
        }
        for c in Self.cases {
            #expect(
                c.file.hasPrefix(c.level + "_") || (c.level == "none" && c.file.hasPrefix("none_")),
                "\(c.file) is named after its level")
            #expect(["file", "row", "value", "none"].contains(c.level))
            #expect([0, 1, 65, 66].contains(c.exit))
            #expect((c.counts == nil) == (c.level == "file"), "\(c.file): counts are '-' exactly for the file level")
            #expect(c.counts.map { $0.count == 5 } ?? true)
        }
    }
}
