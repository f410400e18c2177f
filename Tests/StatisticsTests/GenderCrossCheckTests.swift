import Foundation
import Ingestion
import Survey
import TestSupport
import Testing

@testable import Statistics

/// The gender indicators of the sample recomputed by Python from the raw CSV files (csv
/// module, and `statistics.quantiles(method="inclusive")`, which is type 7), for the whole
/// network and each structure type, to 1e-9.
struct GenderCrossCheckTests {
    static let script = #"""
        import csv, json, statistics, sys
        root = sys.argv[1]
        def rows(path):
            with open(root + "/" + path, encoding="utf-8-sig", newline="") as f:
                return list(csv.DictReader(f, delimiter=";"))
        num = lambda s: float(s.replace(",", ".")) if s.strip() else None
        members = {r["Id adhérent"]: r for r in rows("members.csv")}
        active = {k for k, r in members.items() if r["Actif"] == "oui"}
        data = {}
        for r in rows("gender/2014.csv"):
            if r["Id adhérent"] not in active:
                continue
            data.setdefault((r["Population"], r["Id adhérent"]), {})[r["Sexe"]] = r
        out = {}
        groups = ["all"] + sorted({members[m]["Type structure"] for m in active})
        for group in groups:
            for population in ["integration", "permanent", "management", "board"]:
                pairs = [(m, d) for (p, m), d in data.items() if p == population and (group == "all" or members[m]["Type structure"] == group)]
                key = group + "/" + population
                women = sum(int(d["F"]["Effectif"]) for m, d in pairs if "F" in d)
                men = sum(int(d["M"]["Effectif"]) for m, d in pairs if "M" in d)
                if women + men > 0:
                    out[key + "/headcount"] = [women, men, 100.0 * women / (women + men), len(pairs)]
                def pooled(base, measure, scale):
                    nf = nm = df = dm = 0.0; n = 0
                    for m, d in pairs:
                        if "F" not in d or "M" not in d: continue
                        f, h = d["F"], d["M"]
                        bf, bm = num(f[base]), num(h[base])
                        xf, xm = num(f[measure]), num(h[measure])
                        if not bf or not bm or bf <= 0 or bm <= 0 or xf is None or xm is None: continue
                        nf += xf * scale; nm += xm * scale; df += bf; dm += bm; n += 1
                    return (nf / df, nm / dm, n) if n else None
                for name, base, measure, kind in [("hours_per_head", "Effectif", "Heures travaillées", "gap"),
                                                  ("hourly_pay", "Heures travaillées", "Rémunération brute", "gap"),
                                                  ("training_rate", "Effectif", "Formés", "points"),
                                                  ("exit_to_employment_rate", "Sorties", "Sorties emploi", "points")]:
                    r = pooled(base, measure, 1.0)
                    if r is None: continue
                    f, m, n = r
                    if kind == "gap":
                        out[key + "/" + name] = [f, m, 100.0 * (m - f) / m, n]
                    else:
                        out[key + "/" + name] = [100.0 * f, 100.0 * m, 100.0 * (m - f), n]
                shares = []
                for m, d in pairs:
                    f = int(d["F"]["Effectif"]) if "F" in d else 0
                    h = int(d["M"]["Effectif"]) if "M" in d else 0
                    if f + h > 0: shares.append(100.0 * f / (f + h))
                if len(shares) >= 2:
                    q = statistics.quantiles(shares, n=4, method="inclusive")
                    out[key + "/quartiles"] = q + [len(shares)]
        print(json.dumps(out))
        """#

    @Test func pooledRatiosAndQuartilesAgreeWithPython() throws {
        let loaded = DatasetLoader(root: TestSupport.datasets.path, surveys: [.gender]).load()
        let tables = GenderEquality(registry: loaded.dataset.registry, rules: Confidentiality(enabled: false))
            .tables(year: 2014, rows: loaded.dataset.gender[2014]!, previous: nil)
        let json = try TestSupport.python(Self.script, arguments: [TestSupport.datasets.path])
        let expected = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: [Double]]
        var compared = 0
        for (key, values) in expected.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "/").map(String.init)
            let group = parts[0] == "all" ? Group.all : Group(.structureType, parts[0])
            let population = Population(rawValue: parts[1])!
            if parts[2] == "quartiles" {
                let d = try #require(tables.distribution.first { $0.group == group && $0.population == population })
                #expect(
                    abs(d.q1! - values[0]) < 1e-9 && abs(d.median! - values[1]) < 1e-9 && abs(d.q3! - values[2]) < 1e-9,
                    "\(key)")
                #expect(d.n == Int(values[3]), "\(key)")
            } else {
                let indicator = GenderIndicator(rawValue: parts[2])!
                let r = try #require(
                    tables.indicators.first {
                        $0.group == group && $0.population == population && $0.indicator == indicator
                    })
                #expect(abs(r.female! - values[0]) < 1e-9 && abs(r.male! - values[1]) < 1e-9, "\(key)")
                #expect(abs(r.value! - values[2]) < 1e-9, "\(key): ours \(r.value!), Python \(values[2])")
                #expect(r.n == Int(values[3]), "\(key)")
            }
            compared += 1
        }
        #expect(compared > 100, "\(compared) values compared")
    }
}
