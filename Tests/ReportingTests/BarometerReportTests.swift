import Foundation
import Statistics
import Survey
import TestSupport
import Testing

@testable import Reporting

/// Rendering of the barometer on a hand-made network: exact lines, escaping, and a summary
/// that never quotes a suppressed value.
struct BarometerReportTests {
    static let q4 = Quarter(year: 2014, number: 4)!

    static func registry(region: String = "Bretagne") -> Registry {
        Registry(
            [("A1", StructureType.ai), ("A2", .ai), ("A3", .ai), ("C1", .aci), ("E1", .ei)].map {
                Member(
                    id: $0.0, name: $0.0, region: region, department: nil, structureType: $0.1, active: true, line: 0)
            })
    }

    static func responses(_ registry: Registry, _ answers: [(String, Opinion)]) -> [BarometerResponse] {
        answers.map { id, o in
            var r = BarometerResponse(member: registry.index(of: id)!, quarter: q4, line: 0)
            (r.activityPast, r.activityOutlook, r.employmentPast, r.employmentOutlook, r.cashPosition) = (o, o, o, o, o)
            r.employeesIntegration = 10
            r.employeesPermanent = 2
            return r
        }
    }

    static func report(
        _ registry: Registry, _ answers: [(String, Opinion)], settings: ReportSettings = ReportSettings()
    ) -> BarometerReport {
        // The cell-by-cell rules only: the audit over linked tables would suppress the `all`
        // row of this four-member network (its "stable" count, 0, is known exactly in every
        // type), and these tests check how rows are written.
        var rules = Confidentiality(
            minCell: settings.minCell, dominance: settings.dominance, enabled: settings.suppression)
        rules.linkedAudit = false
        let tables = Barometer(registry: registry, rules: rules).tables(
            for: q4, responses: [q4: responses(registry, answers)])
        return BarometerReport(tables: tables, settings: settings)
    }

    static func lines(_ file: ReportFile) -> [String] {
        String(decoding: file.bytes, as: UTF8.self).replacingOccurrences(of: "\u{FEFF}", with: "").components(
            separatedBy: "\r\n")
    }

    @Test func balanceLinesAreExact() {
        // A1 A2 A3 up, C1 down: n = 4 of N = 5, up 75 %, down 25 %, balance 50.
        // s² = (3 × 0.5² + 1.5²) / 3 = 1; se = 100 √((1 − 4/5) × 1/4) = 100 √0.05 = 22.360679…
        // ci = 50 ± t(0.975, 3) × 22.360679 = 50 ± 3.1824463 × 22.360679 = 50 ± 71.1617 →
        // −21.16 and 121.16, clipped to 100. Four answers: low precision.
        let report = Self.report(Self.registry(), [("A1", .up), ("A2", .up), ("A3", .up), ("C1", .down)])
        let lines = Self.lines(report.balancesFile())
        #expect(
            lines[0]
                == "breakdown;group;question;weighting;n;pct_up;pct_stable;pct_down;balance;se;ci_low;ci_high;delta_prev_quarter;delta_prev_year;se_delta_prev_quarter;se_delta_prev_year;low_precision;status"
        )
        #expect(lines[1] == "all;all;activity_past;unweighted;4;75,00;0,00;25,00;50,00;22,36;-21,16;100,00;;;;;yes;ok")
        // Employment weighting with expansion weights: all sizes equal (12), the same shares.
        // AI answered 3 of its 3 members and ACI 1 of 1: every stratum is a census, so the
        // linearised se is 0 and the interval is the balance itself.
        #expect(lines[2] == "all;all;activity_past;employment;4;75,00;0,00;25,00;50,00;0,00;50,00;50,00;;;;;yes;ok")
        #expect(lines.contains("all;all;climate;unweighted;4;;;;50,00;;;;;;;;yes;ok"))
        // ACI has one answer: confidential, then AI (3) is confidential-secondary; EI: no data.
        #expect(lines.contains("structure_type;ACI;activity_past;unweighted;1;;;;;;;;;;;;yes;confidential"))
        #expect(lines.contains("structure_type;AI;activity_past;unweighted;3;;;;;;;;;;;;yes;confidential-secondary"))
        #expect(lines.contains("structure_type;EI;activity_past;unweighted;0;;;;;;;;;;;;yes;no-data"))
    }

    /// The note calls a change "stable" when it is within 1.96 standard errors (issue #9 item 7):
    /// +1.2 points with an se of 3.7 is no rise (1.2 < 7.3), −8.4 with 3.3 is a fall (8.4 ≥ 6.5).
    @Test func aChangeWithinSamplingErrorIsStable() throws {
        func note(_ settings: ReportSettings, quarter: (Double?, Double?), year: (Double?, Double?)) throws -> String {
            var report = Self.report(
                Self.registry(), [("A1", .up), ("A2", .up), ("A3", .up), ("C1", .down), ("E1", .stable)],
                settings: settings)
            var tables = report.tables
            let i = try #require(
                tables.balances.firstIndex {
                    $0.group == .all && $0.question == .climate && $0.weighting == .unweighted
                })
            #expect(tables.balances[i].status == .ok)
            (tables.balances[i].deltaPrevQuarter, tables.balances[i].seDeltaPrevQuarter) = quarter
            (tables.balances[i].deltaPrevYear, tables.balances[i].seDeltaPrevYear) = year
            report = BarometerReport(tables: tables, settings: settings)
            return String(decoding: report.summaryFile().bytes, as: UTF8.self).plainSpaces
        }
        let fr = try note(ReportSettings(), quarter: (1.2, 3.7), year: (-8.4, 3.3))
        #expect(fr.contains("points, stable sur le trimestre et en baisse de 8,4 points sur un an."), "\(fr)")
        #expect(
            fr.contains(
                "  Une évolution est dite stable quand elle est inférieure en valeur absolue à 1,96 fois son erreur type\n"
            ))
        #expect(!fr.contains("sans ce test"))
        let en = try note(ReportSettings(language: .en), quarter: (1.2, 3.7), year: (-8.4, 3.3))
        #expect(en.contains("points, unchanged over the quarter and down 8.4 points over the year."), "\(en)")
        #expect(
            en.contains(
                "  A change is reported as unchanged when its absolute value is below 1.96 times its standard error\n"))
        // Beyond 1.96 se (7.3 > 1.96 × 3.7 = 7.252) the change is told.
        #expect(
            try note(ReportSettings(), quarter: (7.3, 3.7), year: (nil, nil)).contains(
                "points, en hausse de 7,3 points sur le trimestre."))
        // Without a standard error the change is given as before, and the method says it was not tested.
        let untested = try note(ReportSettings(), quarter: (1.2, nil), year: (0.01, nil))
        #expect(
            untested.contains("points, en hausse de 1,2 point sur le trimestre et stable sur un an."), "\(untested)")
        #expect(untested.contains("  Une évolution sans erreur type est chiffrée telle quelle, sans ce test.\n"))
        let untestedEN = try note(ReportSettings(language: .en), quarter: (1.2, nil), year: (nil, nil))
        #expect(untestedEN.contains("points, up 1.2 points over the quarter."))
        #expect(untestedEN.contains("  A change without a standard error is given as it is, without this test.\n"))
    }

    @Test func summaryNeverQuotesASuppressedValue() {
        // Two answers in all: every balance is confidential (2 < 3).
        let report = Self.report(Self.registry(), [("A1", .up), ("C1", .down)])
        let text = String(decoding: report.summaryFile().bytes, as: UTF8.self).plainSpaces
        #expect(text.contains("L'indicateur de climat : non publié (secret statistique)."))
        #expect(text.contains("Trimestre écoulé : non publié (secret statistique)."))
        #expect(!text.contains("50,0") && !text.contains("100,0") && !text.contains("-100"))
        #expect(
            text.contains(
                "  AI             1       s                s                s             s             s           s"))
        #expect(
            text.contains(
                "  EI             0      nd               nd               nd            nd            nd          nd"))
        let english = Self.report(
            Self.registry(), [("A1", .up), ("C1", .down)], settings: ReportSettings(language: .en))
        #expect(
            String(decoding: english.summaryFile().bytes, as: UTF8.self).contains(
                "The climate indicator: not published (statistical confidentiality)."))
    }

    @Test func noSuppressionIsSaidInTheReport() {
        let settings = ReportSettings(suppression: false)
        let report = Self.report(Self.registry(), [("A1", .up), ("C1", .down)], settings: settings)
        let text = String(decoding: report.summaryFile().bytes, as: UTF8.self).plainSpaces
        #expect(text.contains("Secret statistique désactivé (--no-suppression) : toutes les valeurs sont publiées."))
        #expect(text.contains("L'indicateur de climat s'établit à 0,0 point."))
        let manifest = manifestFile(
            job: "barometer", period: "2014-Q4", version: "t", settings: settings, inputs: [], outputs: [])
        #expect(String(decoding: manifest.bytes, as: UTF8.self).contains("\"suppression\": false,"))
    }

    @Test func textCellsAreEscapedAgainstFormulas() {
        let report = Self.report(
            Self.registry(region: "=HYPERLINK(\"x\")"),
            [("A1", .up), ("A2", .up), ("A3", .stable), ("C1", .down), ("E1", .up)])
        let lines = Self.lines(report.responseFile())
        #expect(lines.contains("region;\"'=HYPERLINK(\"\"x\"\")\";5;5;100,00"))
    }

    /// The audit's intervals in the manifest: one line per suppressed cell, bounds to the
    /// hundredth without trailing zeros (14.004 → 14, 12.5 stays), an open side as null, and
    /// the manifest still parses as JSON.
    @Test func auditIntervalsAreInTheManifest() throws {
        let audit = AuditOutcome(
            cells: 5, relations: 2, suppressed: 2, added: 1, rounds: 1, unprotected: [],
            intervals: [
                .init(cell: "up|structure_type|GEIQ", lower: 0, upper: .infinity),
                .init(cell: "region|structure_type|OTHER", lower: 12.5, upper: 14.004),
            ])
        let manifest = manifestFile(
            job: "funding", period: "2014", version: "t", settings: ReportSettings(), inputs: [],
            outputs: [], audit: audit)
        let text = String(decoding: manifest.bytes, as: UTF8.self)
        #expect(text.contains("{\"cell\": \"up|structure_type|GEIQ\", \"lower\": 0, \"upper\": null},"))
        #expect(text.contains("{\"cell\": \"region|structure_type|OTHER\", \"lower\": 12.5, \"upper\": 14}\n  ]},"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(manifest.bytes)) as? [String: Any])
        let audited = try #require(json["disclosure_audit"] as? [String: Any])
        #expect((audited["intervals"] as? [Any])?.count == 2)
    }
}
