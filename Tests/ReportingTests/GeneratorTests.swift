import Foundation
import Survey
import TestSupport
import Testing

@testable import Ingestion
@testable import SampleGenerator

/// The synthetic sample: deterministic, readable by our own reader without a single error,
/// and close to the federation's published totals (SAMPLE.md), checked with Python's csv
/// module as an independent reader.
struct GeneratorTests {
    static func generate(_ parameters: SampleParameters) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        try SampleGenerator(parameters).generate { path, bytes in files[path] = bytes }
        return files
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let a = try Self.generate(SampleParameters())
        let b = try Self.generate(SampleParameters())
        var other = SampleParameters()
        other.seed = 7
        let c = try Self.generate(other)
        #expect(a == b)
        #expect(a["members.csv"] != c["members.csv"])
        #expect(
            Set(a.keys)
                == Set(
                    [
                        "members.csv", "gender/2013.csv", "gender/2014.csv", "funding/2013.csv", "funding/2014.csv",
                        "egapro/2014.csv",
                    ]
                        + (1...4).flatMap { ["barometer/2013-Q\($0).csv", "barometer/2014-Q\($0).csv"] }))
    }

    @Test func typeCountsFollowTheFederation() {
        // SAMPLE.md table 1: AI 310, ACI 75, ETTI 48, EI 18, GEIQ 6, non-IAE 66 (here SAP 47 + OTHER 19).
        #expect(SampleGenerator.typeCounts(523) == [310, 75, 48, 18, 6, 47, 19])
        #expect(SampleGenerator.typeCounts(1046) == [620, 150, 96, 36, 12, 94, 38])
        #expect(SampleGenerator.typeCounts(10).reduce(0, +) == 10)
    }

    /// Headline figures recomputed by Python from the generated files: 308 M€ of sales
    /// (SIAE 287 M€), 86 % of resources from sales, about 150 respondents per quarter,
    /// balances within ±40 points.
    @Test func headlineTotalsMatchTheFederation() throws {
        let folder = try TestSupport.temporaryFolder("sample")
        defer { TestSupport.remove(folder) }
        for (path, bytes) in try Self.generate(SampleParameters()) {
            try TestSupport.write(bytes, to: folder.appendingPathComponent(path))
        }
        let script = #"""
            import csv, glob, json, os, sys
            root = sys.argv[1]
            def rows(p):
                with open(os.path.join(root, p), encoding="utf-8-sig", newline="") as f:
                    return list(csv.DictReader(f, delimiter=";"))
            num = lambda s: float(s.replace(",", ".")) if s else 0.0
            types = {r["Id adhérent"]: r["Type structure"] for r in rows("members.csv")}
            funding = rows("funding/2014.csv")
            sources = ["Ventes", "État", "Département", "Région", "Communes", "FSE", "Autres publics", "Subventions privées", "Autres produits"]
            total = sum(num(r[s]) for r in funding for s in sources)
            sales = sum(num(r["Ventes"]) for r in funding)
            siae = sum(num(r["Ventes"]) for r in funding if types[r["Id adhérent"]] in ("AI", "ACI", "EI", "ETTI"))
            respondents = [len(rows(os.path.relpath(p, root))) for p in sorted(glob.glob(os.path.join(root, "barometer", "*.csv")))]
            balances = []
            for p in sorted(glob.glob(os.path.join(root, "barometer", "*.csv"))):
                for col in ["Activité passée", "Activité prévue", "Emploi passé", "Emploi prévu"]:
                    answers = [r[col] for r in rows(os.path.relpath(p, root)) if r[col]]
                    balances.append(100.0 * (answers.count("hausse") - answers.count("baisse")) / len(answers))
            print(json.dumps({"members": len(types), "sales": sales, "siae": siae, "activity": sales / total,
                              "respondents": respondents, "balances": balances}))
            """#
        struct Figures: Decodable {
            var members: Int
            var sales: Double
            var siae: Double
            var activity: Double
            var respondents: [Int]
            var balances: [Double]
        }
        let f = try JSONDecoder().decode(
            Figures.self, from: Data(try TestSupport.python(script, arguments: [folder.path]).utf8))
        #expect(f.members == 523)
        #expect(abs(f.sales - 308e6) < 1_000)
        #expect(abs(f.siae - 287e6) < 1_000)
        #expect(abs(f.activity - 0.86) < 0.002)
        #expect(f.respondents.count == 8)
        #expect(f.respondents.allSatisfy { (130...175).contains($0) }, "\(f.respondents)")
        #expect(f.balances.allSatisfy { abs($0) <= 40 }, "\(f.balances)")

        // And our own reader accepts every generated row.
        let result = DatasetLoader(root: folder.path).load()
        #expect(result.exitCode == 0)
        #expect(result.files.allSatisfy { $0.errorCount == 0 })
    }
}
