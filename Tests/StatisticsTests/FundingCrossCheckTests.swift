import Foundation
import Ingestion
import Survey
import TestSupport
import Testing

@testable import Statistics

/// The funding shares of the sample against independent computations from the raw files:
/// Python's csv and statistics modules in every run, and DuckDB's SQL (`quantile_cont`,
/// type 7) when `scripts/check-duckdb` runs it.
struct FundingCrossCheckTests {
    /// Our figures per group: [total cents, public cents, public share, activity share,
    /// mean, q1, median, q3, change total, change public, n constant].
    static func ours() -> [String: [Double]] {
        let loaded = DatasetLoader(root: TestSupport.datasets.path, surveys: [.funding]).load()
        let t = PublicFunding(registry: loaded.dataset.registry, rules: Confidentiality(enabled: false))
            .tables(year: 2014, rows: loaded.dataset.funding[2014]!, previous: loaded.dataset.funding[2013])
        var out: [String: [Double]] = [:]
        for r in t.shares where r.group.breakdown != .region {
            out[r.group.name] = [
                Double(r.totalCents), Double(r.publicCents), r.publicShare!, r.activityShare!,
                r.memberShareMean!, r.memberShareQ1!, r.memberShareMedian!, r.memberShareQ3!,
                r.changeTotal!, r.changePublic!, Double(r.nConstant!),
            ]
        }
        return out
    }

    static func compare(_ expected: [String: [Double]], _ tool: String) {
        let ours = Self.ours()
        #expect(Set(expected.keys) == Set(ours.keys), "\(tool) groups")
        for (group, values) in expected {
            guard let mine = ours[group] else { continue }
            #expect(mine[0] == values[0] && mine[1] == values[1], "\(group): exact cents, \(tool)")
            for i in 2..<values.count {
                #expect(abs(mine[i] - values[i]) < 1e-9, "\(group) value \(i): ours \(mine[i]), \(tool) \(values[i])")
            }
        }
    }

    static let python = #"""
        import csv, json, statistics, sys
        root = sys.argv[1]
        def rows(path):
            with open(root + "/" + path, encoding="utf-8-sig", newline="") as f:
                return list(csv.DictReader(f, delimiter=";"))
        members = {r["Id adhérent"]: r for r in rows("members.csv") if r["Actif"] == "oui"}
        sources = ["Ventes", "État", "Département", "Région", "Communes", "FSE", "Autres publics", "Subventions privées", "Autres produits"]
        public = sources[1:7]
        cents = lambda s: int(s) * 100 if s else 0
        def load(year):
            return {r["Id adhérent"]: r for r in rows("funding/%d.csv" % year) if r["Id adhérent"] in members}
        now, before = load(2014), load(2013)
        def groups(m):
            t = members[m]["Type structure"]
            return ["all", "SIAE" if t in ("AI", "ACI", "EI", "ETTI") else "other", t]
        out = {}
        for g in sorted({g for m in now for g in groups(m)}):
            ids = [m for m in now if g in groups(m)]
            total = sum(cents(now[m][s]) for m in ids for s in sources)
            pub = sum(cents(now[m][s]) for m in ids for s in public)
            sales = sum(cents(now[m]["Ventes"]) for m in ids)
            shares = [100.0 * sum(cents(now[m][s]) for s in public) / sum(cents(now[m][s]) for s in sources) for m in ids]
            q1, med, q3 = statistics.quantiles(shares, n=4, method="inclusive")
            both = [m for m in ids if m in before]
            tn = sum(cents(now[m][s]) for m in both for s in sources); tb = sum(cents(before[m][s]) for m in both for s in sources)
            pn = sum(cents(now[m][s]) for m in both for s in public); pb = sum(cents(before[m][s]) for m in both for s in public)
            out[g] = [total, pub, 100.0 * pub / total, 100.0 * sales / total, statistics.fmean(shares), q1, med, q3,
                      100.0 * (tn / tb - 1), 100.0 * (pn / pb - 1), len(both)]
        print(json.dumps(out))
        """#

    @Test func sharesAndQuartilesAgreeWithPython() throws {
        let json = try TestSupport.python(Self.python, arguments: [TestSupport.datasets.path])
        let expected = try JSONDecoder().decode([String: [Double]].self, from: Data(json.utf8))
        #expect(expected.count == 10)  // all, 2 families, 7 types
        Self.compare(expected, "Python")
    }

    static let duckdb = #"""
        import duckdb, json, sys
        root = sys.argv[1]
        con = duckdb.connect()
        def table(name, path):
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{root}/{path}', delim=';', header=true, all_varchar=true)")
        table("members", "members.csv"); table("now", "funding/2014.csv"); table("before", "funding/2013.csv")
        cols = ['"Ventes"', '"État"', '"Département"', '"Région"', '"Communes"', '"FSE"', '"Autres publics"', '"Subventions privées"', '"Autres produits"']
        c = lambda col, t: f"coalesce(CAST({t}.{col} AS BIGINT), 0) * 100"
        total = lambda t: " + ".join(c(x, t) for x in cols)
        public = lambda t: " + ".join(c(x, t) for x in cols[1:7])
        query = f"""
        WITH m AS (SELECT "Id adhérent" AS id, "Type structure" AS type,
                          CASE WHEN "Type structure" IN ('AI','ACI','EI','ETTI') THEN 'SIAE' ELSE 'other' END AS family
                   FROM members WHERE "Actif" = 'oui'),
             g AS (SELECT id, 'all' AS grp FROM m UNION ALL SELECT id, family FROM m UNION ALL SELECT id, type FROM m),
             n AS (SELECT now."Id adhérent" AS id, {total('now')} AS total, {public('now')} AS pub, {c('"Ventes"', 'now')} AS sales FROM now),
             b AS (SELECT before."Id adhérent" AS id, {total('before')} AS total, {public('before')} AS pub FROM before)
        SELECT g.grp, SUM(n.total), SUM(n.pub), 100.0 * SUM(n.pub) / SUM(n.total), 100.0 * SUM(n.sales) / SUM(n.total),
               AVG(100.0 * n.pub / n.total), quantile_cont(100.0 * n.pub / n.total, 0.25), quantile_cont(100.0 * n.pub / n.total, 0.5),
               quantile_cont(100.0 * n.pub / n.total, 0.75),
               100.0 * (SUM(n.total) FILTER (WHERE b.id IS NOT NULL) / SUM(b.total) - 1),
               100.0 * (SUM(n.pub) FILTER (WHERE b.id IS NOT NULL) / SUM(b.pub) - 1), COUNT(b.id)
        FROM n JOIN g ON g.id = n.id LEFT JOIN b ON b.id = n.id GROUP BY g.grp"""
        print(json.dumps({row[0]: [float(x) for x in row[1:]] for row in con.execute(query).fetchall()}))
        """#

    @Test(.enabled(if: ProcessInfo.processInfo.environment["OBSERVATORY_DUCKDB_CHECK"] == "1"))
    func sharesAndQuartilesAgreeWithDuckDB() throws {
        let json = try TestSupport.python(Self.duckdb, arguments: [TestSupport.datasets.path])
        let expected = try JSONDecoder().decode([String: [Double]].self, from: Data(json.utf8))
        #expect(expected.count == 10)
        Self.compare(expected, "DuckDB")
        print("DuckDB cross-check: \(expected.count) groups × 11 figures compared")
    }
}
