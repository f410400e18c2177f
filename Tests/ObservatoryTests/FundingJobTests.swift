import Foundation
import TestSupport
import Testing

/// The funding job end to end, through the real binary.
struct FundingJobTests {
    @Test func bothLanguagesAndTheHeadline() throws {
        let fr = try TestSupport.temporaryFolder("ffr"), en = try TestSupport.temporaryFolder("fen")
        defer {
            TestSupport.remove(fr)
            TestSupport.remove(en)
        }
        for (folder, lang) in [(fr, "fr"), (en, "en")] {
            let r = try TestSupport.run(
                ["funding", "--year", "2014", "--reports", folder.path, "--lang", lang, "--quiet"],
                in: TestSupport.packageRoot)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let folder = fr.appendingPathComponent("funding/2014")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == [
                    "chart-member-shares.svg", "chart-public-share.svg", "chart-sources-by-type.svg", "manifest.json",
                    "note.html", "rejects.csv", "shares.csv", "sources.csv", "summary.txt", "tables.xlsx",
                ])
        let french = try String(contentsOf: folder.appendingPathComponent("summary.txt"), encoding: .utf8).plainSpaces
        let english = try String(contentsOf: en.appendingPathComponent("funding/2014/summary.txt"), encoding: .utf8)
        // The headline, summed from Datasets/ with Python's csv module and exact decimals: the 496
        // members `Actif` = oui of funding/2014.csv have 357 978 881 € of resources (the nine
        // lines), 46 605 986 € of them public (state, department, region, municipalities, ESF,
        // other public) and 308 000 012 € of sales: public 13.019 %, activity 86.039 %.
        let shares = try String(contentsOf: folder.appendingPathComponent("shares.csv"), encoding: .utf8)
        #expect(shares.contains("\r\nall;all;496;357978881,00;46605986,00;13,02;86,04;"), "\(shares)")
        #expect(
            french.contains("Une mission financée à 86,0 % par l'activité économique des entreprises."), "\(french)")
        #expect(
            english.contains("A mission 86.0% financed by the companies' economic activity."), "\(english)")
        #expect(french.contains("Chiffre d'affaires par famille : SIAE 287,0 M€"))
        #expect(french.contains("Par type de structure"))
        #expect(english.contains("By structure type"))
    }

    @Test func missingYearIsExit66() throws {
        let r = try TestSupport.run(["funding", "--year", "2012", "--quiet"], in: TestSupport.packageRoot)
        #expect(r.status == 66)
        #expect(
            r.stderrLines.last
                == "Datasets/funding/2012.csv:1:-: error: no funding file for 2012; the periods present are 2013, 2014")
    }
}
