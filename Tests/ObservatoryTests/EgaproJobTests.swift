import Foundation
import Ingestion
import Survey
import TestSupport
import Testing

/// The Egapro job end to end: returns written as members send them, read by the real
/// binary, each member's index checked against values computed by hand from the official
/// rules (`egapro-rules.md`; the arithmetic is in the comments), and the rows the rules
/// refuse rejected with their lines.
struct EgaproJobTests {
    /// A registry of the members the fixtures use, all active, in two types and two regions.
    static let members = """
        Id adhérent;Nom;Région;Département;Type structure;Actif
        EGA;A;Bretagne;29;AI;oui
        EGB;B;Bretagne;29;AI;oui
        EGC;C;Bretagne;35;ACI;oui
        EGD;D;Occitanie;31;ACI;oui
        EGE;E;Occitanie;31;AI;oui
        EGF;F;Occitanie;34;ETTI;oui
        EGG;G;Bretagne;29;AI;oui
        EGH;H;Bretagne;29;AI;oui
        EGI;I;Bretagne;29;AI;oui
        EGJ;J;Bretagne;29;AI;oui
        EGK;K;Bretagne;29;AI;oui
        EGL;L;Bretagne;29;AI;oui
        EGM;M;Bretagne;29;AI;oui
        EGN;N;Bretagne;29;AI;oui

        """

    static let header =
        "member_id;year;workforce_range;section;category;age_band;women;men;women_value;men_value;calculable;raises_during_leave"

    /// Members whose index is computed by hand below (lines 2 to 45).
    static let scored = """
        EGA;2014;50:250;pay;emp;:29;5;6;20000;21000;;
        EGA;2014;50:250;pay;emp;30:39;4;4;22000;25000;;
        EGA;2014;50:250;pay;ouv;40:49;2;8;21000;22000;;
        EGA;2014;50:250;raises_promotions;;;11;18;3;9;;
        EGA;2014;50:250;maternity;;;2;;2;;;
        EGA;2014;50:250;top10;;;3;7;;;;
        EGB;2014;251:999;remuneration;ouv;<30;10;12;19000;19500;;
        EGB;2014;251:999;remuneration;ouv;30:39;1;12;19000;19500;;
        EGB;2014;251:999;augmentations;ouv;;30;40;10;12;;
        EGB;2014;251:999;promotions;;;;;;;non;
        EGB;2014;251:999;conge_maternite;;;0;;;;;
        EGB;2014;251:999;hautes_remunerations;;;5;5;;;;
        EGC;2014;50-250;pay;niveau A;moins de 30;3;3;20000;21000;;
        EGC;2014;50-250;pay;niveau B;30:39;2;2;20000;30000;;
        EGC;2014;50-250;raises_promotions;;;4;10;1;2;;
        EGC;2014;50-250;maternity;;;1;;1;;;non
        EGC;2014;50-250;top10;;;6;4;;;;
        EGD;2014;1000+;pay;ouv;:29;10;10;18000;20000;;
        EGD;2014;1000+;raises;ouv;;10;10;6;2;;
        EGD;2014;1000+;promotions;ouv;;10;10;0;0;;
        EGD;2014;1000+;maternity;;;2;;1;;;
        EGD;2014;1000+;top10;;;0;10;;;;
        EGE;2014;251:999;pay;ouv;:29;3;3;20000;20000;;
        EGE;2014;251:999;pay;emp;30:39;2;8;20000;20000;;
        EGE;2014;251:999;raises;;;;;;;non;
        EGE;2014;251:999;promotions;ouv;;10;10;1;1;;
        EGE;2014;251:999;maternity;;;0;;;;;
        EGE;2014;251:999;top10;;;5;5;;;;
        EGF;2014;50:250;pay;tam;>=50;3;3;30000;30000;;
        EGF;2014;50:250;pay;tam;40:49;0;9;;30000;;
        EGF;2014;50:250;raises_promotions;;;5;5;5;0;;
        EGF;2014;50:250;maternity;;;1;;1;;;
        EGF;2014;50:250;top10;;;1;9;;;;
        EGF;2014;50:250;top10;;;2;8;;;;
        """

    /// Members whose returns the rules refuse (lines 2 to 35), then one whole return (36 to 39).
    static let refused = """
        EGG;2014;50:250;pay;emp;:29;5;6;20000;21000;;
        EGG;2014;50:250;pay;niveau 2;30:39;5;6;20000;21000;;
        EGG;2014;50:250;raises_promotions;;;11;18;3;9;;
        EGG;2014;50:250;maternity;;;0;;;;;
        EGG;2014;50:250;top10;;;3;7;;;;
        EGH;2014;50:250;pay;emp;:29;5;6;20000;21000;;
        EGH;2014;50:250;raises;emp;;5;6;1;1;;
        EGH;2014;50:250;raises_promotions;;;5;6;1;1;;
        EGH;2014;50:250;maternity;;;0;;;;;
        EGH;2014;50:250;top10;;;3;7;;;;
        EGI;2014;251:999;pay;emp;:29;5;6;20000;21000;;
        EGI;2014;251:999;raises_promotions;;;5;6;1;1;;
        EGI;2014;251:999;maternity;;;0;;;;;
        EGI;2014;251:999;top10;;;3;7;;;;
        EGJ;2014;50:250;pay;emp;:29;5;6;20000;21000;;
        EGJ;2014;50:250;raises_promotions;;;5;6;1;1;;
        EGJ;2014;50:250;maternity;;;0;;;;;
        EGJ;2014;50:250;top10;;;3;6;;;;
        EGK;2014;50:250;pay;emp;:29;5;6;20000;21000;;
        EGK;2014;50:250;raises_promotions;;;5;6;1;1;;
        EGK;2014;50:250;maternity;;;2;;3;;;
        EGK;2014;50:250;top10;;;3;7;;;;
        EGL;2014;50:250;pay;emp;:29;5;6;20000;;;
        EGL;2014;50:250;raises_promotions;;;5;6;1;1;;
        EGL;2014;50:250;maternity;;;0;;;;;
        EGL;2014;50:250;top10;;;3;7;;;;
        EGM;2014;251:999;pay;emp;:29;5;6;20000;21000;;
        EGM;2014;251:999;raises;emp;;5;6;6;1;;
        EGM;2014;251:999;promotions;emp;;5;6;1;1;;
        EGM;2014;251:999;maternity;;;0;;;;;
        EGM;2014;251:999;top10;;;3;7;;;;
        EGN;2014;50:250;pay;emp;:29;5;6;20000;21000;;
        EGN;2014;50:250;raises_promotions;;;5;6;1;1;;
        EGN;2014;50:250;maternity;;;0;;;;;
        EGA;2014;50:250;pay;emp;:29;5;6;20000;21000;;
        EGA;2014;50:250;raises_promotions;;;11;18;3;9;;
        EGA;2014;50:250;maternity;;;2;;2;;;
        EGA;2014;50:250;top10;;;3;7;;;;
        """

    /// A datasets folder with the registry and `rows` as egapro/2014.csv.
    static func datasets(_ rows: String) throws -> URL {
        let folder = try TestSupport.temporaryFolder("egapro")
        try TestSupport.write(members, to: folder.appendingPathComponent("members.csv"))
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("egapro"), withIntermediateDirectories: true)
        try TestSupport.write(header + "\n" + rows + "\n", to: folder.appendingPathComponent("egapro/2014.csv"))
        return folder
    }

    /// The rows of a semicolon CSV file of the report, by their first cell.
    static func rows(_ url: URL) throws -> (header: [String], byKey: [String: [String: String]]) {
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\u{FEFF}", with: "")
        let lines = text.split(separator: "\r\n").map {
            $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        }
        let header = lines[0]
        var byKey: [String: [String: String]] = [:]
        for line in lines.dropFirst() {
            byKey[line[0]] = Dictionary(uniqueKeysWithValues: zip(header, line))
        }
        return (header, byKey)
    }

    @Test func eachMembersIndexAsComputedByHand() throws {
        let folder = try Self.datasets(Self.scored)
        defer { TestSupport.remove(folder) }
        let reports = folder.appendingPathComponent("out")
        let r = try TestSupport.run(
            ["egapro", "--year", "2014", "--datasets", folder.path, "--reports", reports.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        // The top10 row given twice: the later line wins, with a warning.
        #expect(
            r.stderr.contains(
                "egapro/2014.csv:35:-: warning: member EGF, top10 is also given on line 34; this later line replaces it"
            ), "\(r.stderr)")
        let (header, index) = try Self.rows(reports.appendingPathComponent("egapro/2014/index.csv"))
        #expect(header.count == 4 + 6 * 4 + 7)
        #expect(index.count == 6)
        func expect(_ id: String, _ values: [String: String], sourceLocation: SourceLocation = #_sourceLocation) {
            for (column, value) in values.sorted(by: { $0.key < $1.key }) {
                #expect(index[id]?[column] == value, "\(id) \(column)", sourceLocation: sourceLocation)
            }
        }
        // A, 50 to 250, CSP. Pay: emp :29 gap (21 000 − 20 000)/21 000 = 4.76 % → 0 after the 5 %
        // tolerance; emp 30:39 gap 3 000/25 000 = 12 % → 7; ouv 40:49 (2 women) is not valid.
        // Valid 19 of 29 (65.5 %). (0 × 11 + 7 × 8)/19 = 2.947 → 2.9 → band (2, 3] → 37, men.
        // 2&3: 9/18 − 3/11 = 0.22727: 22.7 % → 0 points, × min(11, 18) = 2.5 employees → 25.
        // Maternity 2 of 2 → 100.0, 15. Top 10: 3 women → 5. 37 + 25 + 15 + 5 = 82 of 100.
        expect(
            "EGA",
            [
                "workforce_range": "50:250", "structure_type": "AI", "region": "Bretagne",
                "pay_result": "2,9", "pay_favoured": "men", "pay_points": "37", "pay_nc": "",
                "raises_result": "", "raises_points": "", "raises_promotions_result": "22,7",
                "raises_promotions_favoured": "men", "raises_promotions_points": "25",
                "raises_promotions_employees": "2,5", "maternity_result": "100,0", "maternity_points": "15",
                "top10_result": "3", "top10_favoured": "men", "top10_points": "5", "correction": "",
                "points": "82", "max_points": "100", "index": "82", "index_proportional": "82,00", "status": "ok",
            ])
        // B, 251 to 999. Pay: ouv <30 gap 500/19 500 = 2.6 % → 0; ouv 30:39 (1 woman) not valid;
        // 22 of 35 valid → 0.0, equality, 40. Raises: 10/30 = 33.3 % women, 12/40 = 30 % men:
        // −3.3 → 3.3, women, 10 (no correction: pay at equality). Promotions declared none:
        // absprom. Maternity: nobody back, absrcm. Top 10: 5 and 5 → 10. 60 of 70 < 75: NC.
        expect(
            "EGB",
            [
                "pay_result": "0,0", "pay_favoured": "equality", "pay_points": "40", "raises_result": "3,3",
                "raises_favoured": "women", "raises_points": "10", "promotions_nc": "absprom",
                "promotions_points": "", "maternity_nc": "absrcm", "top10_result": "5",
                "top10_favoured": "equality", "top10_points": "10", "points": "60", "max_points": "70",
                "index": "", "index_proportional": "", "status": "nc",
            ])
        // C, levels (2 % tolerance). Niveau A: 4.76 % − 2 = 2.76 on 6 of 10 valid → 2.8 → 37,
        // men. 2&3: 4 women → etsno5f5h. Maternity: no raise during the leave → absaugpdtcm.
        // Top 10: 6 women, 4 men → 4 → 10, women. 47 of 50: NC.
        expect(
            "EGC",
            [
                "workforce_range": "50:250", "pay_result": "2,8", "pay_points": "37",
                "raises_promotions_nc": "etsno5f5h", "maternity_nc": "absaugpdtcm", "top10_result": "4",
                "top10_favoured": "women", "top10_points": "10", "points": "47", "max_points": "50", "status": "nc",
            ])
        // D, 1000 and more. Pay: 10 % − 5 = 5.0 → band (4, 5] → 35, men. Raises: 20 % men,
        // 60 % women: 40.0, women, 0 points, corrected to 20 (pay favours men). Promotions: nobody
        // promoted → absprom. Maternity 1 of 2 → 50.0, 0. Top 10: no woman → 0, men.
        // 35 + 20 + 0 + 0 = 55 of 85: 64.705… → 65, 64.71 shown.
        expect(
            "EGD",
            [
                "workforce_range": "1000:", "pay_result": "5,0", "pay_points": "35", "raises_result": "40,0",
                "raises_favoured": "women", "raises_points": "20", "correction": "raises",
                "promotions_nc": "absprom", "maternity_result": "50,0", "maternity_points": "0",
                "top10_result": "0", "top10_favoured": "men", "top10_points": "0", "points": "55",
                "max_points": "85", "index": "65", "index_proportional": "64,71", "status": "ok",
            ])
        // E: valid groups 6 of 16 = 37.5 % < 40 % → egvi40pcet; raises declared none → absaugi;
        // promotions 10 % and 10 % → 0.0, equality, 15. 25 of 25: NC.
        expect(
            "EGE",
            [
                "pay_nc": "egvi40pcet", "pay_result": "", "raises_nc": "absaugi", "promotions_result": "0,0",
                "promotions_favoured": "equality", "promotions_points": "15", "points": "25", "max_points": "25",
                "status": "nc",
            ])
        // F: valid 6 of 15 = 40 % exactly → computable, 0.0 → 40. 2&3: 0 − 5/5 = −1: 100.0 % → 0,
        // 1 × 5 = 5.0 employees → 25, women (pay at equality: no correction). Maternity 15; top 10
        // (the later line) 2 women → 5. 85 of 100.
        expect(
            "EGF",
            [
                "workforce_range": "50:250", "structure_type": "ETTI", "pay_result": "0,0", "pay_points": "40",
                "raises_promotions_result": "100,0", "raises_promotions_employees": "5,0",
                "raises_promotions_favoured": "women", "raises_promotions_points": "25", "top10_result": "2",
                "points": "85", "index": "85", "status": "ok",
            ])
        // The distribution: indexes 82, 65, 85 for all (mean 77.33; 2 of 3 at 75 or more, but
        // fewer than 10 members: no quartile nor share); AI has one (82): confidential.
        let text = try String(
            contentsOf: reports.appendingPathComponent("egapro/2014/distribution.csv"), encoding: .utf8)
        #expect(text.contains("\r\nall;all;3;3;77,33;;;;;;"), "\(text)")
        #expect(text.contains("\r\nstructure_type;AI;1;2;;;;;;;;;;;;;confidential\r\n"), "\(text)")
    }

    @Test func returnsTheRulesRefuseAreRejectedWithTheirLines() throws {
        let folder = try Self.datasets(Self.refused)
        defer { TestSupport.remove(folder) }
        let reports = folder.appendingPathComponent("out")
        let r = try TestSupport.run(
            [
                "egapro", "--year", "2014", "--datasets", folder.path, "--reports", reports.path, "--quiet",
                "--max-rejected", "1",
            ])
        #expect(r.status == 0, "\(r.stderr)")
        let file = folder.path + "/egapro/2014.csv"
        for expected in [
            // G mixes CSP and levels: both pay rows, the rest of its return with them.
            "\(file):2:category: error: indicator 1 mixes CSP (emp, line 2) and levels (niveau 2, line 3): use one or the other (value: 'emp')",
            "\(file):3:category: error: indicator 1 mixes CSP",
            "\(file):4:-: error: the return of member EGG is incomplete without line 2 (rejected): its index is not computed",
            // H, 50 to 250, sends indicator 2; I, larger, sends 2&3.
            "\(file):8:section: error: a member of 50 to 250 employees has indicator 2&3 (raises_promotions), not raises",
            "\(file):13:section: error: a member of more than 250 employees has indicators 2 and 3 (raises, promotions), not raises_promotions",
            // J: the top 10 adds up to 9; K: 3 raised of 2 back from leave; L: no men's pay in a valid group.
            "\(file):19:women: error: the 10 highest paid are 3 women and 6 men: they must add up to 10",
            "\(file):22:women_value: error: more women raised on return (3) than back from leave (2)",
            "\(file):24:men_value: error: the men's average pay is required and above 0 in a group of at least 3 women and 3 men",
            // M: 6 women raised of 5; N: no top10 section.
            "\(file):29:women_value: error: more women raised (6) than women in the group (5)",
            "\(file):33:section: error: member EGN has no top10 section (it is always computed): its index is not computed",
        ] {
            #expect(r.stderr.contains(expected), "\(expected)\n\(r.stderr)")
        }
        let (_, index) = try Self.rows(reports.appendingPathComponent("egapro/2014/index.csv"))
        #expect(Array(index.keys) == ["EGA"], "\(index.keys)")
        let rejects = try String(contentsOf: reports.appendingPathComponent("egapro/2014/rejects.csv"), encoding: .utf8)
        // Every row of the file is in rejects.csv, once, with its line.
        let lines = rejects.split(separator: "\r\n").dropFirst().map { $0.split(separator: ";")[1] }
        #expect(lines.map { Int($0)! } == Array(2...35), "\(lines)")
        // --strict: rejected rows fail the job.
        let strict = try TestSupport.run(
            [
                "egapro", "--year", "2014", "--datasets", folder.path, "--reports", reports.path, "--quiet", "--strict",
                "--max-rejected", "1",
            ])
        #expect(strict.status == 1, "\(strict.stderr)")
        let validate = try TestSupport.run(["validate", "--datasets", folder.path, "--quiet"])
        #expect(validate.status == 1)
    }

    /// The reader in-process: the French and short spellings of SPEC 3.3 make the same return
    /// as the canonical ones.
    @Test func spellingsDecodeToTheSameReturn() throws {
        let canonical = """
            EGA;2014;1000:;pay;ic;50:;5;6;40000;41000;;
            EGA;2014;1000:;pay;ic;:29;5;6;30000;31000;;
            EGA;2014;1000:;raises;ic;;10;12;3;4;;
            EGA;2014;1000:;promotions;ic;;10;12;1;2;;
            EGA;2014;1000:;maternity;;;3;;3;;;oui
            EGA;2014;1000:;top10;;;4;6;;;;
            """
        let french = """
            EGA;2014;1000+;Rémunération;IC;50 et plus;5;6;40 000,00 €;41000;;
            EGA;2014;1000+;remuneration;ic;<30;5;6;30000;31000;;
            EGA;2014;1000+;Augmentations;ic;;10;12;3;4;;
            EGA;2014;1000+;promotions;ic;;10;12;1;2;oui;
            EGA;2014;1000+;congé maternité;;;3;;3;;;oui
            EGA;2014;1000+;hautes rémunérations;;;4;6;;;;
            """
        var decoded: [String] = []
        // The French spellings again, saved by Excel as Windows-1252 (é is one byte, E9).
        for (rows, windows1252) in [(canonical, false), (french, false), (french, true)] {
            let folder = try Self.datasets(rows)
            defer { TestSupport.remove(folder) }
            if windows1252 {
                let file = folder.appendingPathComponent("egapro/2014.csv")
                let text = try String(contentsOf: file, encoding: .utf8)
                try TestSupport.write([UInt8](text.data(using: .windowsCP1252)!), to: file)
            }
            let (registry, _) = try readMembers(
                path: folder.appendingPathComponent("members.csv").path, relativePath: "members.csv")
            let (returns, report) = try readEgapro(
                path: folder.appendingPathComponent("egapro/2014.csv").path, relativePath: "egapro/2014.csv",
                year: 2014, members: MemberIndex(registry))
            #expect(report.rejected == 0, "\(report.diagnostics)")
            #expect(returns.count == 1)
            decoded.append(String(describing: returns))
        }
        #expect(decoded[0] == decoded[1] && decoded[1] == decoded[2])
        #expect(decoded[0].contains("womenPayCents: 4000000"))
    }

    /// distribution.csv of the sample against Python: the groups of the registry's active
    /// members, each member's index and points read back from index.csv, then the mean,
    /// type-7 quartiles (`statistics.quantiles`, inclusive), shares at 75 and 85 points and
    /// mean points computed again with the rules of SPEC 4.4 (fewer than 3 members: confidential;
    /// quartiles and shares from 10 members; a mean of points from 3; one suppressed group
    /// among published ones: the published one with the fewest members goes too).
    @Test func theDistributionAgreesWithPython() throws {
        let reports = try TestSupport.temporaryFolder("egapro-dist")
        defer { TestSupport.remove(reports) }
        let r = try TestSupport.run(
            ["egapro", "--year", "2014", "--reports", reports.path, "--quiet", "--csv-dialect", "rfc4180"],
            in: TestSupport.packageRoot)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try TestSupport.python(
            #"""
            import csv, json, statistics, sys
            registry = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";"))
            index = list(csv.DictReader(open(sys.argv[2] + "/index.csv", encoding="utf-8")))
            dist = list(csv.DictReader(open(sys.argv[2] + "/distribution.csv", encoding="utf-8")))
            siae = {"AI", "ACI", "EI", "ETTI"}
            def groups(t, region):
                return [("all", "all"), ("family", "SIAE" if t in siae else "other"), ("structure_type", t), ("region", region)]
            present = set()
            for m in registry:
                if m["Actif"] == "oui":
                    present.update(groups(m["Type structure"], m["Région"]))
            members = {}
            for m in index:
                for g in groups(m["structure_type"], m["region"]):
                    members.setdefault(g, []).append(m)
            indicators = ["pay", "raises", "promotions", "raises_promotions", "maternity", "top10"]
            rows = {}
            for g in present:
                ms = members.get(g, [])
                xs = sorted(float(m["index"]) for m in ms if m["index"] != "")
                n = len(xs)
                row = {"n": n, "n_nc": len(ms) - n, "status": "ok" if n >= 3 else ("confidential" if n > 0 else "no-data")}
                if row["status"] == "ok":
                    row["index_mean"] = statistics.fmean(xs)
                    if n >= 10:
                        q = statistics.quantiles(xs, n=4, method="inclusive")
                        row["index_q1"], row["index_median"], row["index_q3"] = q
                        row["pct_75_or_more"] = 100 * sum(x >= 75 for x in xs) / n
                        row["pct_85_or_more"] = 100 * sum(x >= 85 for x in xs) / n
                    for i in indicators:
                        pts = [int(m[i + "_points"]) for m in ms if m["index"] != "" and m[i + "_points"] != ""]
                        if len(pts) >= 3:
                            row["mean_" + i + "_points"] = statistics.fmean(pts)
                rows[g] = row
            for b in ["family", "structure_type", "region"]:
                keys = sorted((g for g in rows if g[0] == b), key=lambda g: [ord(c) for c in g[1]])
                if rows[("all", "all")]["status"] != "ok":
                    continue
                if sum(rows[g]["status"] == "confidential" for g in keys) != 1:
                    continue
                ok = [g for g in keys if rows[g]["status"] == "ok"]
                if ok:
                    g = min(ok, key=lambda g: rows[g]["n"])
                    rows[g] = {"n": rows[g]["n"], "n_nc": rows[g]["n_nc"], "status": "confidential-secondary"}
            problems = []
            for d in dist:
                g = (d["breakdown"], d["group"])
                want = rows.pop(g, None)
                if want is None:
                    problems.append("unexpected row %s" % (g,))
                    continue
                for k, v in d.items():
                    if k in ("breakdown", "group"):
                        continue
                    w = want.get(k)
                    if k == "status" or w is None or isinstance(w, str):
                        if (v or None) != (str(w) if w is not None else None):
                            problems.append("%s %s: %r, expected %r" % (g, k, v, w))
                    elif v == "" or abs(float(v) - w) > 0.005 + 1e-9:
                        problems.append("%s %s: %r, expected %r" % (g, k, v, w))
            problems += ["missing row %s" % (g,) for g in rows]
            print(json.dumps({"rows": len(dist), "problems": problems}))
            """#,
            arguments: [
                TestSupport.datasets.appendingPathComponent("members.csv").path,
                reports.appendingPathComponent("egapro/2014").path,
            ])
        let result = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        #expect(result["problems"] as? [String] == [], "\(out)")
        #expect((result["rows"] as? Int ?? 0) > 20)
    }

    /// What a review sent the reader: damaged bytes in an enum cell, a replaced line in a
    /// refused return, indicator 4 without raises during the leaves, a count given where
    /// nobody came back, two reasons at once. Each is rejected with its line or read as the
    /// rules say; none crashes.
    @Test func returnsAReviewSentAreReadAsTheRulesSay() throws {
        let rows = """
            EGA;2014;50:250;pay;ouv;:29;5;6;20000;21000;;
            EGA;2014;50:250;pay;ouv;:29;5;6;20000;21000;;
            EGA;2014;50:250;raises;ouv;;5;6;1;1;;
            EGA;2014;50:250;raises_promotions;;;5;6;1;1;;
            EGA;2014;50:250;maternity;;;0;;;;;
            EGA;2014;50:250;top10;;;3;7;;;;
            EGB;2014;50:250;pay;ouv;:29;5;6;20000;21000;;
            EGB;2014;50:250;raises_promotions;;;5;6;1;1;;
            EGB;2014;50:250;maternity;;;2;;;;;non
            EGB;2014;50:250;top10;;;3;7;;;;
            EGC;2014;50:250;pay;ouv;:29;5;6;20000;21000;;
            EGC;2014;50:250;raises_promotions;;;5;6;1;1;;
            EGC;2014;50:250;maternity;;;0;;7;;;
            EGC;2014;50:250;top10;;;3;7;;;;
            EGD;2014;50:250;pay;ouv;:29;5;6;20000;21000;;
            EGD;2014;50:250;raises_promotions;;;5;6;1;1;;
            EGD;2014;50:250;maternity;;;;;;;non;non
            EGD;2014;50:250;top10;;;3;7;;;;
            EGE;2014;50:250;pay;ouv;:29;5;6;20000;21000;;
            EGE;2014;50:250;raises_promotions;;;5;6;1;1;;
            EGE;2014;50:250;SECTION;;;0;;;;;
            EGE;2014;50:250;top10;;;3;7;;;;
            """
        let folder = try Self.datasets(rows)
        defer { TestSupport.remove(folder) }
        // Line 22's section: C3 then C9, which is no UTF-8 letter (Ã then É in Windows-1252).
        let file = folder.appendingPathComponent("egapro/2014.csv")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "SECTION", with: "ÃÉ")
        try TestSupport.write([UInt8](text.data(using: .windowsCP1252)!), to: file)
        let reports = folder.appendingPathComponent("out")
        let r = try TestSupport.run(
            [
                "egapro", "--year", "2014", "--datasets", folder.path, "--reports", reports.path, "--quiet",
                "--max-rejected", "1",
            ])
        #expect(r.status == 0, "\(r.stderr)")
        let path = folder.path + "/egapro/2014.csv"
        for expected in [
            // A's line 2 is replaced by line 3, which is rejected with the return: 1 replaced, 5 rejected.
            "\(path):3:-: warning: member EGA, pay ouv :29 is also given on line 2; this later line replaces it",
            "\(path):4:section: error: a member of 50 to 250 employees has indicator 2&3 (raises_promotions), not raises",
            "\(path):14:women_value: error: more women raised on return (7) than back from leave (0)",
            "\(path):18:raises_during_leave: error: indicator 4 is declared not computable either with calculable = non",
            "\(path):22:section: error: unknown section",
        ] {
            #expect(r.stderr.contains(expected), "\(expected)\n\(r.stderr)")
        }
        let manifest = try String(
            contentsOf: reports.appendingPathComponent("egapro/2014/manifest.json"), encoding: .utf8)
        // 22 rows: B's 4 accepted, A's 1 replaced, the 17 others rejected.
        #expect(manifest.contains(#""rows_read": 22, "accepted": 4, "rejected": 17, "replaced": 1"#), "\(manifest)")
        let rejects = try String(contentsOf: reports.appendingPathComponent("egapro/2014/rejects.csv"), encoding: .utf8)
        let lines = rejects.split(separator: "\r\n").dropFirst().map { Int($0.split(separator: ";")[1])! }
        #expect(lines == Array(2...23).filter { !(8...11).contains($0) }, "\(rejects)")
        // B: women back, no raise during the leaves, no count of the raised: absaugpdtcm.
        let (_, index) = try Self.rows(reports.appendingPathComponent("egapro/2014/index.csv"))
        #expect(index["EGB"]?["maternity_nc"] == "absaugpdtcm")
        #expect(index["EGB"]?["maternity_points"] == "")
    }

    /// 2,000 level groups in one return (500 levels × 4 age bands, the most the reader takes), each with its own men's
    /// average pay and women paid 4/5 of it: every gap is 20 %, 18 after the 2 % tolerance, so
    /// the weighted gap is 18.0 → band (17, 18] → 8 points. The exact sum's denominator holds
    /// every men's pay: summed by halves, it is read like any other return.
    @Test func thousandsOfLevelsScoreExactly() throws {
        var rows: [String] = []
        for level in 0..<500 {
            for (a, age) in [":29", "30:39", "40:49", "50:"].enumerated() {
                let men = 5 * (2_000_003 + 4 * level + a) * 7  // cents, a multiple of 5: women's 4/5 exact
                let women = men / 5 * 4
                rows.append(
                    "EGA;2014;1000:;pay;niveau \(level);\(age);3;3;\(women / 100),\(women % 100 < 10 ? "0" : "")\(women % 100);\(men / 100),\(men % 100 < 10 ? "0" : "")\(men % 100);;"
                )
            }
        }
        rows += [
            "EGA;2014;1000:;raises;;;;;;;non;", "EGA;2014;1000:;promotions;;;;;;;non;",
            "EGA;2014;1000:;maternity;;;0;;;;;",
            "EGA;2014;1000:;top10;;;5;5;;;;",
        ]
        let folder = try Self.datasets(rows.joined(separator: "\n"))
        defer { TestSupport.remove(folder) }
        let reports = folder.appendingPathComponent("out")
        let r = try TestSupport.run(
            ["egapro", "--year", "2014", "--datasets", folder.path, "--reports", reports.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let (_, index) = try Self.rows(reports.appendingPathComponent("egapro/2014/index.csv"))
        #expect(index["EGA"]?["pay_result"] == "18,0")
        #expect(index["EGA"]?["pay_points"] == "8")
        #expect(index["EGA"]?["pay_favoured"] == "men")
    }

    /// Members of 50 to 250 employees only: nobody has indicators 2 and 3, and the note says
    /// they are not available, not that they are withheld.
    @Test func anIndicatorNobodyHasIsNotAvailable() throws {
        let one = """
            ID;2014;50:250;pay;ouv;:29;5;6;20000;21000;;
            ID;2014;50:250;raises_promotions;;;5;6;1;1;;
            ID;2014;50:250;maternity;;;0;;;;;
            ID;2014;50:250;top10;;;3;7;;;;
            """
        let folder = try Self.datasets(
            ["EGA", "EGB", "EGC"].map { one.replacingOccurrences(of: "ID", with: $0) }.joined(separator: "\n"))
        defer { TestSupport.remove(folder) }
        let reports = folder.appendingPathComponent("out")
        let r = try TestSupport.run(
            ["egapro", "--year", "2014", "--datasets", folder.path, "--reports", reports.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try String(contentsOf: reports.appendingPathComponent("egapro/2014/summary.txt"), encoding: .utf8)
            .plainSpaces
        #expect(summary.contains("Écart de taux d'augmentations : non disponible"), "\(summary)")
        // One group, 1 000 / 21 000 = 4.76 % within the 5 % tolerance: 0.0, 40 points.
        #expect(summary.contains("Écart de rémunération : 40,0 / 40"), "\(summary)")
    }

    /// The second review: an average pay with more decimals is rounded half up to the cent (an
    /// average a spreadsheet computed), 20,000 is refused as a thousands separator read as the
    /// decimal one, and more than 2,000 pay groups are refused as not plausible.
    @Test func payDecimalsSeparatorsAndTooManyGroups() throws {
        var rows = """
            EGA;2014;50:250;pay;ouv;:29;5;6;20000,335;21000,665 €;;
            EGA;2014;50:250;raises_promotions;;;5;6;1;1;;
            EGA;2014;50:250;maternity;;;0;;;;;
            EGA;2014;50:250;top10;;;3;7;;;;
            EGB;2014;50:250;pay;ouv;:29;5;6;20,000;21000;;
            EGB;2014;50:250;raises_promotions;;;5;6;1;1;;
            EGB;2014;50:250;maternity;;;0;;;;;
            EGB;2014;50:250;top10;;;3;7;;;;
            EGC;2014;1000:;raises;;;;;;;non;
            EGC;2014;1000:;promotions;;;;;;;non;
            EGC;2014;1000:;maternity;;;0;;;;;
            EGC;2014;1000:;top10;;;5;5;;;;
            """
        for level in 0..<501 {
            for age in [":29", "30:39", "40:49", "50:"] {
                rows += "\nEGC;2014;1000:;pay;niveau \(level);\(age);3;3;20000;21000;;"
            }
        }
        let folder = try Self.datasets(rows)
        defer { TestSupport.remove(folder) }
        let (registry, _) = try readMembers(
            path: folder.appendingPathComponent("members.csv").path, relativePath: "members.csv")
        let (returns, report) = try readEgapro(
            path: folder.appendingPathComponent("egapro/2014.csv").path, relativePath: "egapro/2014.csv",
            year: 2014, members: MemberIndex(registry))
        #expect(returns.count == 1)
        // 20 000,335 → 2 000 034 cents; 21 000,665 → 2 100 067 (half up).
        #expect(returns.first?.pay.first?.womenPayCents == 2_000_034)
        #expect(returns.first?.pay.first?.menPayCents == 2_100_067)
        let messages = report.diagnostics.map(\.description)
        #expect(
            messages.contains {
                $0.contains(
                    ":6:Valeur femmes: error: an average full-time annual gross pay below 1 000 € is not plausible")
                    || $0.contains(":6:women_value: error: an average full-time annual gross pay below 1 000 €")
            }, "\(messages.prefix(5))")
        #expect(
            messages.contains { $0.contains(":14:category: error: indicator 1 has 2004 groups: more than 2000") },
            "\(messages.prefix(12))")
        #expect(report.rejected == 4 + 4 + 2_004)
    }
}
