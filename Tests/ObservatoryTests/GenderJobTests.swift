import Foundation
import TestSupport
import Testing

/// The gender job end to end, through the real binary.
struct GenderJobTests {
    @Test func bothLanguagesAndTheFiles() throws {
        let fr = try TestSupport.temporaryFolder("gfr"), en = try TestSupport.temporaryFolder("gen")
        defer {
            TestSupport.remove(fr)
            TestSupport.remove(en)
        }
        for (folder, lang) in [(fr, "fr"), (en, "en")] {
            let r = try TestSupport.run(
                ["gender", "--year", "2014", "--reports", folder.path, "--lang", lang, "--quiet"],
                in: TestSupport.packageRoot)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let folder = fr.appendingPathComponent("gender/2014")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == [
                    "chart-gaps-by-type.svg", "chart-parity.svg", "chart-women-share.svg", "distribution.csv",
                    "indicators.csv", "manifest.json", "note.html", "rejects.csv", "summary.txt", "tables.xlsx",
                ])
        let french = try String(contentsOf: folder.appendingPathComponent("summary.txt"), encoding: .utf8).plainSpaces
        let english = try String(contentsOf: en.appendingPathComponent("gender/2014/summary.txt"), encoding: .utf8)
        #expect(french.hasPrefix("Observatoire de l'égalité femmes-hommes — 2014\n"))
        #expect(english.hasPrefix("Gender-equality observatory — 2014\n"))
        // The headline share, summed from Datasets/ with Python's csv module: the integration
        // rows of gender/2014.csv of the 379 members `Actif` = oui hold 30 977 women and 26 732
        // men; 100 × 30 977 / 57 709 = 53.678 %.
        let indicators = try String(contentsOf: folder.appendingPathComponent("indicators.csv"), encoding: .utf8)
        #expect(indicators.contains("\r\nall;all;integration;headcount;30977;26732;53,68;379;ok\r\n"), "\(indicators)")
        #expect(french.contains("  Salarié·e·s en parcours d'insertion : 53,7 % ("), "\(french)")
        #expect(english.contains("since 2013 on a constant sample"))
        let manifest = try String(contentsOf: folder.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"path\": \"gender/2013.csv\""))
        #expect(manifest.contains("\"job\": \"gender\""))
    }

    @Test func missingYearIsExit66() throws {
        let r = try TestSupport.run(["gender", "--year", "2012", "--quiet"], in: TestSupport.packageRoot)
        #expect(r.status == 66)
        #expect(
            r.stderrLines.last
                == "Datasets/gender/2012.csv:1:-: error: no gender file for 2012; the periods present are 2013, 2014")
    }

    @Test func withoutThePreviousYearTheSummarySaysSo() throws {
        let copy = try TestSupport.copyOf(TestSupport.datasets)
        defer { TestSupport.remove(copy) }
        try FileManager.default.removeItem(at: copy.appendingPathComponent("gender/2013.csv"))
        let reports = try TestSupport.temporaryFolder("g1")
        defer { TestSupport.remove(reports) }
        let r = try TestSupport.run([
            "gender", "--year", "2014", "--datasets", copy.path, "--reports", reports.path, "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOf: reports.appendingPathComponent("gender/2014/summary.txt"), encoding: .utf8)
            .plainSpaces
        #expect(text.contains("(Pas de fichier de l'année précédente : pas d'évolution.)"))
    }
}
