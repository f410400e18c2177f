import Foundation
import TestSupport
import Testing

/// Vintages (issue #9, item 3): the quarters an earlier report published keep their
/// published values in `series.csv`, through the real binary on a small hand-made dataset.
///
/// Eight members: M01–M04 are AI, M05–M08 ACI (both SIAE, so the groups are all, SIAE, AI
/// and ACI), all of the same size. Their answers (activity past, activity outlook,
/// employment past, employment outlook, cash position), coded +1/0/−1:
///
/// | member | 2014-Q1            | 2014-Q2 (and Q3)   |
/// |--------|--------------------|--------------------|
/// | M01    | +1  0 −1 +1 +1     | −1 +1  0 −1 −1     |
/// | M02    | +1 +1  0  0  0     | +1 +1 +1 +1 +1     |
/// | M03    |  0 −1 +1  0 −1     |  0  0  0  0  0     |
/// | M04    | −1 +1  0 +1  0     | +1 −1 +1 −1  0     |
/// | M05    | +1  0  0 −1 +1     | −1  0 +1 +1 +1     |
/// | M06    |  0 +1 +1 +1  0     | +1 +1  0 −1 −1     |
/// | M07    | −1 −1  0  0 −1     |  0 +1 −1 +1  0     |
/// | M08    | +1 +1 −1  0  0     | −1 −1 +1  0 +1     |
struct VintageTests {
    static let q1: [String: [Int]] = [
        "M01": [1, 0, -1, 1, 1], "M02": [1, 1, 0, 0, 0], "M03": [0, -1, 1, 0, -1], "M04": [-1, 1, 0, 1, 0],
        "M05": [1, 0, 0, -1, 1], "M06": [0, 1, 1, 1, 0], "M07": [-1, -1, 0, 0, -1], "M08": [1, 1, -1, 0, 0],
    ]
    static let q2: [String: [Int]] = [
        "M01": [-1, 1, 0, -1, -1], "M02": [1, 1, 1, 1, 1], "M03": [0, 0, 0, 0, 0], "M04": [1, -1, 1, -1, 0],
        "M05": [-1, 0, 1, 1, 1], "M06": [1, 1, 0, -1, -1], "M07": [0, 1, -1, 1, 0], "M08": [-1, -1, 1, 0, 1],
    ]
    static let questions = [
        "activity_past", "activity_outlook", "employment_past", "employment_outlook", "cash_position",
    ]

    /// A datasets folder: the registry (`inactive` marked `non`, `late` members added as AI)
    /// and one file per quarter.
    static func datasets(
        _ root: URL, inactive: Set<String> = [], late: [String] = [],
        quarters: [(String, [String: [Int]])]
    ) throws {
        var registry = "member_id;name;region;structure_type;active\n"
        for i in 1...8 {
            let id = String(format: "M%02d", i)
            registry += "\(id);Membre \(i);Bretagne;\(i <= 4 ? "AI" : "ACI");\(inactive.contains(id) ? "non" : "oui")\n"
        }
        for id in late { registry += "\(id);Membre \(id);Bretagne;AI;oui\n" }
        try TestSupport.write(registry, to: root.appendingPathComponent("members.csv"))
        let opinion = [1: "up", 0: "stable", -1: "down"], cash = [1: "easy", 0: "normal", -1: "difficult"]
        for (quarter, answers) in quarters {
            var text =
                "member_id;quarter;activity_past;activity_outlook;employment_past;employment_outlook;cash_position;employees_integration;employees_permanent;hours_worked;turnover_eur\n"
            for (id, a) in answers.sorted(by: { $0.key < $1.key }) {
                text +=
                    "\(id);\(quarter);\(opinion[a[0]]!);\(opinion[a[1]]!);\(opinion[a[2]]!);\(opinion[a[3]]!);\(cash[a[4]]!);10;2;1000;50000\n"
            }
            try TestSupport.write(text, to: root.appendingPathComponent("barometer/\(quarter).csv"))
        }
    }

    static func publish(_ quarter: String, _ datasets: URL, _ reports: URL, _ extra: [String] = []) throws
        -> TestSupport.ProcessResult
    {
        try TestSupport.run(
            ["barometer", "--quarter", quarter, "--datasets", datasets.path, "--reports", reports.path, "--quiet"]
                + extra)
    }

    /// series.csv of a report as `key → (n, balance, status)`, the key being
    /// breakdown, group, question, weighting, quarter.
    static func series(_ reports: URL, _ quarter: String, delimiter: Character = ";") throws -> [String: [String]] {
        let text = try String(
            contentsOf: reports.appendingPathComponent("barometer/\(quarter)/series.csv"), encoding: .utf8)
        var rows: [String: [String]] = [:]
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).dropFirst() {
            let cells = line.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
            rows[cells[0..<5].joined(separator: "|")] = Array(cells[5...])
        }
        return rows
    }

    /// The attacker's step: for each question and quarter, when the `all` unweighted n fell
    /// by exactly one between two series, the missing answer is n·b/100 before − after.
    static func recovered(_ before: [String: [String]], _ after: [String: [String]]) -> [String: Int] {
        var answers: [String: Int] = [:]
        for quarter in ["2014-Q1", "2014-Q2"] {
            for q in questions {
                let key = "all|all|\(q)|unweighted|\(quarter)"
                guard let a = before[key], let b = after[key], a[2] == "ok", b[2] == "ok",
                    let n0 = Int(a[0]), let n1 = Int(b[0]), n0 - n1 == 1,
                    let b0 = Double(a[1].replacingOccurrences(of: ",", with: ".")),
                    let b1 = Double(b[1].replacingOccurrences(of: ",", with: "."))
                else { continue }
                answers["\(quarter) \(q)"] = Int((Double(n0) * b0 / 100 - Double(n1) * b1 / 100).rounded())
            }
        }
        return answers
    }

    /// Publish Q1 and Q2, mark M01 inactive, publish Q3. Recomputed from today's registry,
    /// the two series give M01's ten answers exactly (shown on a fresh reports folder); with
    /// the Q2 report in --reports, its quarters keep their published values and nothing of
    /// M01 can be told.
    @Test func markingAMemberInactiveNoLongerGivesItsAnswersByDifference() throws {
        let root = try TestSupport.temporaryFolder("vintage-attack")
        defer { TestSupport.remove(root) }
        let before = root.appendingPathComponent("before"), after = root.appendingPathComponent("after")
        let reports = root.appendingPathComponent("reports"), fresh = root.appendingPathComponent("fresh")
        let withoutM01 = Self.q2.filter { $0.key != "M01" }
        try Self.datasets(before, quarters: [("2014-Q1", Self.q1), ("2014-Q2", Self.q2)])
        try Self.datasets(
            after, inactive: ["M01"], quarters: [("2014-Q1", Self.q1), ("2014-Q2", Self.q2), ("2014-Q3", withoutM01)])
        for q in ["2014-Q1", "2014-Q2"] {
            let r = try Self.publish(q, before, reports)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let q3 = try Self.publish("2014-Q3", after, reports)
        #expect(q3.status == 0, "\(q3.stderr)")
        let recomputed = try Self.publish("2014-Q3", after, fresh)
        #expect(recomputed.status == 0, "\(recomputed.stderr)")

        let published = try Self.series(reports, "2014-Q2")
        // M01's answers, from the table above.
        var m01: [String: Int] = [:]
        for (i, q) in Self.questions.enumerated() {
            m01["2014-Q1 \(q)"] = Self.q1["M01"]![i]
            m01["2014-Q2 \(q)"] = Self.q2["M01"]![i]
        }
        // The attack is real on this dataset: recomputed, the difference gives all ten answers.
        #expect(Self.recovered(published, try Self.series(fresh, "2014-Q3")) == m01)
        // With the vintage, no answer of M01 is determined: every published row is as it was.
        let kept = try Self.series(reports, "2014-Q3")
        #expect(Self.recovered(published, kept) == [:])
        for (key, value) in published { #expect(kept[key] == value, "\(key)") }
        // A row for every published quarter and one per key of Q3: nothing lost or added.
        #expect(kept.keys.filter { $0.hasSuffix("2014-Q3") }.count == kept.count - published.count)

        // The note says how many figures were kept and why. Changed by M01: every row of
        // all, SIAE and AI (the groups M01 is in), 6 questions × 3 weightings, in 2 quarters.
        let note = try String(
            contentsOf: reports.appendingPathComponent("barometer/2014-Q3/summary.txt"), encoding: .utf8
        ).plainSpaces
        #expect(
            note.contains("La série reprend les valeurs publiées dans barometer/2014-Q2 (manifeste vérifié)."),
            "\(note)")
        #expect(note.contains("  Aucune révision."), "\(note)")
        #expect(
            note.contains(
                "  108 chiffres conservés tels que publiés bien que le recalcul diffère : 108 parce que moins de 3 adhérents y changent de réponse"
            ), "\(note)")
        let manifest = try String(
            contentsOf: reports.appendingPathComponent("barometer/2014-Q3/manifest.json"), encoding: .utf8)
        let q2Digest = try TestSupport.sha256(of: reports.appendingPathComponent("barometer/2014-Q2/manifest.json"))
        #expect(
            manifest.contains("\"vintage\": {\"path\": \"barometer/2014-Q2\", \"manifest_sha256\": \"\(q2Digest)\"},"),
            "\(manifest)")
        // Without an earlier report, no vintage and no paragraph: today's behaviour.
        let freshManifest = try String(
            contentsOf: fresh.appendingPathComponent("barometer/2014-Q3/manifest.json"), encoding: .utf8)
        #expect(!freshManifest.contains("vintage"))
        let freshNote = try String(
            contentsOf: fresh.appendingPathComponent("barometer/2014-Q3/summary.txt"), encoding: .utf8)
        #expect(!freshNote.contains("Trimestres déjà publiés"))
    }

    /// Three late returns for Q1 (M09–M11, AI, every answer "up" / "easy"): at least
    /// --min-cell members changed in every group they touch, so the Q1 balances are revised
    /// in series.csv and listed in the note. The earlier reports are in rfc4180; the reader
    /// takes the dialect their manifest records.
    @Test func aRevisionByThreeLateReturnsIsPublishedAndListed() throws {
        let root = try TestSupport.temporaryFolder("vintage-revision")
        defer { TestSupport.remove(root) }
        let before = root.appendingPathComponent("before"), after = root.appendingPathComponent("after")
        let reports = root.appendingPathComponent("reports")
        let late = ["M09", "M10", "M11"]
        var q1Late = Self.q1
        for id in late { q1Late[id] = [1, 1, 1, 1, 1] }
        try Self.datasets(before, late: late, quarters: [("2014-Q1", Self.q1), ("2014-Q2", Self.q2)])
        try Self.datasets(
            after, late: late, quarters: [("2014-Q1", q1Late), ("2014-Q2", Self.q2), ("2014-Q3", Self.q2)])
        for q in ["2014-Q1", "2014-Q2"] {
            let r = try Self.publish(q, before, reports, ["--csv-dialect", "rfc4180"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let published = try Self.series(reports, "2014-Q2", delimiter: ",")
        // all, Q1, activity past: 4 up (M01, M02, M05, M08), 2 down (M04, M07) of 8 → 25.00;
        // AI: up M01, M02, down M04 of 4 → 25.00.
        #expect(published["all|all|activity_past|unweighted|2014-Q1"] == ["8", "25.00", "ok"])
        #expect(published["structure_type|AI|activity_past|unweighted|2014-Q1"] == ["4", "25.00", "ok"])

        let r = try Self.publish("2014-Q3", after, reports)
        #expect(r.status == 0, "\(r.stderr)")
        let revised = try Self.series(reports, "2014-Q3")
        // With M09–M11: all 7 up, 2 down of 11 → 500/11 = 45.45; AI 5 up, 1 down of 7 →
        // 400/7 = 57.14; ACI unchanged (up M05, M08, down M07 of 4 → 25.00).
        #expect(revised["all|all|activity_past|unweighted|2014-Q1"] == ["11", "45,45", "ok"])
        #expect(revised["structure_type|AI|activity_past|unweighted|2014-Q1"] == ["7", "57,14", "ok"])
        #expect(revised["structure_type|ACI|activity_past|unweighted|2014-Q1"] == ["4", "25,00", "ok"])
        // Cash, all: easy M01, M05 (+ 3 late), difficult M03, M07 → (2 − 2)/8 = 0.00 → 3/11 = 27.27.
        #expect(published["all|all|cash_position|unweighted|2014-Q1"] == ["8", "0.00", "ok"])
        #expect(revised["all|all|cash_position|unweighted|2014-Q1"] == ["11", "27,27", "ok"])
        // The weighted rows of the group follow (same registry): n 11 too.
        #expect(revised["all|all|activity_past|poststratified|2014-Q1"]?.first == "11")
        // Q2 did not change: up M02, M04, M06, down M01, M05, M08 of 8 → 0.00, as published.
        #expect(published["all|all|activity_past|unweighted|2014-Q2"] == ["8", "0.00", "ok"])
        #expect(revised["all|all|activity_past|unweighted|2014-Q2"] == ["8", "0,00", "ok"])

        let note = try String(
            contentsOf: reports.appendingPathComponent("barometer/2014-Q3/summary.txt"), encoding: .utf8
        ).plainSpaces
        // 3 groups (all, SIAE, AI) × 6 questions: 18 unweighted balances, 54 figures in all.
        #expect(
            note.contains(
                "  18 soldes non pondérés révisés (54 chiffres avec les pondérations), le changement portant sur au moins 3 adhérents :"
            ), "\(note)")
        #expect(note.contains("    all, activity_past, 1er trimestre 2014 : 25,00 → 45,45\n"), "\(note)")
        #expect(note.contains("    AI, activity_past, 1er trimestre 2014 : 25,00 → 57,14\n"), "\(note)")
        #expect(note.contains("    all, cash_position, 1er trimestre 2014 : 0,00 → 27,27\n"), "\(note)")
        #expect(!note.contains("conservés tels que publiés"), "\(note)")
    }

    /// A byte changed in the earlier report's series.csv: the job stops with exit 65 and a
    /// message naming the file, and writes nothing.
    @Test func aTamperedEarlierReportStopsTheJob() throws {
        let root = try TestSupport.temporaryFolder("vintage-tampered")
        defer { TestSupport.remove(root) }
        let data = root.appendingPathComponent("data"), reports = root.appendingPathComponent("reports")
        try Self.datasets(data, quarters: [("2014-Q1", Self.q1), ("2014-Q2", Self.q2), ("2014-Q3", Self.q2)])
        for q in ["2014-Q1", "2014-Q2"] {
            let r = try Self.publish(q, data, reports)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let file = reports.appendingPathComponent("barometer/2014-Q2/series.csv")
        var text = try String(contentsOf: file, encoding: .utf8)
        let range = try #require(text.range(of: ";8;25,00;ok"))
        text.replaceSubrange(range, with: ";8;26,00;ok")
        try text.write(to: file, atomically: false, encoding: .utf8)

        let r = try Self.publish("2014-Q3", data, reports)
        #expect(r.status == 65)
        let line = try #require(r.stderrLines.first { $0.contains("error:") })
        #expect(
            line.hasPrefix(
                "\(reports.path)/barometer/2014-Q2/series.csv:1:-: error: the file does not match the manifest of its report (SHA-256 "
            ), "\(r.stderr)")
        #expect(line.hasSuffix("barometer 2014-Q3 is not written"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: reports.appendingPathComponent("barometer/2014-Q3").path))
    }
}
