import Survey
import Testing

@testable import Statistics

/// The barometer tables on a hand-made network.
struct BarometerTests {
    // Nine active members in one region: four AI, four ACI, one EI; plus an inactive AI.
    static let registry = Registry([
        member("A1", .ai), member("A2", .ai), member("A3", .ai), member("A4", .ai),
        member("C1", .aci), member("C2", .aci), member("C3", .aci), member("C4", .aci),
        member("E1", .ei), member("X1", .ai, active: false),
    ])

    static func member(_ id: String, _ type: StructureType, active: Bool = true) -> Member {
        Member(id: id, name: id, region: "Bretagne", department: "29", structureType: type, active: active, line: 0)
    }

    static let q3 = Quarter(year: 2014, number: 3)!
    static let q4 = Quarter(year: 2014, number: 4)!

    static func response(
        _ id: String, _ q: Quarter, activity: Opinion?, staff: (Int?, Int?) = (nil, nil),
        turnover: Int64? = nil
    ) -> BarometerResponse {
        var r = BarometerResponse(member: registry.index(of: id)!, quarter: q, line: 0)
        r.activityPast = activity
        r.activityOutlook = activity
        r.employmentOutlook = activity
        r.cashPosition = activity
        r.employeesIntegration = staff.0
        r.employeesPermanent = staff.1
        r.turnoverCents = turnover
        return r
    }

    static func balance(_ t: BarometerTables, _ g: Group, _ q: Question = .activityPast, _ w: Weighting = .unweighted)
        -> BalanceRow
    {
        t.balances.first { $0.group == g && $0.question == q && $0.weighting == w }!
    }

    /// The cell-by-cell rules without the audit over linked tables: these tests check the
    /// primary and secondary rules on networks of four members, where the audit (tested on
    /// the sample in LinkedTablesAttackTests) would suppress every group, `all` included.
    static var cellRules: Confidentiality {
        var rules = Confidentiality()
        rules.linkedAudit = false
        return rules
    }

    static func quantity(_ t: BarometerTables, _ g: Group, _ v: QuantityVariable) -> QuantityRow {
        t.quantities.first { $0.group == g && $0.variable == v }!
    }

    @Test func secondarySuppressionAndCounts() {
        // Q4: all four AI, three ACI and the EI answer; the inactive X1 answers but is not counted.
        let q4: [BarometerResponse] = [
            Self.response("A1", Self.q4, activity: .up), Self.response("A2", Self.q4, activity: .up),
            Self.response("A3", Self.q4, activity: .stable), Self.response("A4", Self.q4, activity: .down),
            Self.response("C1", Self.q4, activity: .down), Self.response("C2", Self.q4, activity: .down),
            Self.response("C3", Self.q4, activity: .up), Self.response("E1", Self.q4, activity: .up),
            Self.response("X1", Self.q4, activity: .down),
        ]
        let t = Barometer(registry: Self.registry, rules: Self.cellRules).tables(for: Self.q4, responses: [Self.q4: q4])
        // all: n = 8 of N = 9; up 4, stable 1, down 3 → balance 12.5.
        let all = Self.balance(t, .all)
        #expect(all.status == .ok && all.estimate?.n == 8 && all.estimate?.balance == 12.5)
        // EI has one answer (< 3): confidential; it could be recomputed from all, AI and ACI,
        // so the smaller of those (ACI, 3 answers) is confidential-secondary.
        #expect(Self.balance(t, Group(.structureType, "AI")).status == .ok)
        #expect(Self.balance(t, Group(.structureType, "ACI")).status == .confidentialSecondary)
        #expect(Self.balance(t, Group(.structureType, "EI")).status == .confidential)
        // Family: everyone is SIAE, a single published group.
        #expect(Self.balance(t, Group(.family, "SIAE")).status == .ok)
        #expect(!t.response.contains { $0.group == Group(.family, "other") })
        // Response: 8 respondents of 9 active members.
        let response = t.response.first { $0.group == .all }!
        #expect(
            response.activeMembers == 9 && response.respondents == 8 && abs(response.responseRate - 800.0 / 9) < 1e-12)
        // Climate: the four components have the same answers here, so it equals each balance.
        #expect(Self.balance(t, .all, .climate).estimate?.balance == 12.5)
        #expect(Self.balance(t, Group(.structureType, "EI"), .climate).status == .confidential)
    }

    @Test func employmentWeightDominance() {
        // Four AI answer; A1 employs 97 of the 100 people: the employment-weighted balance is
        // suppressed (97 % > 85 %), the unweighted one is not (count rule only).
        let q4 = [
            Self.response("A1", Self.q4, activity: .up, staff: (90, 7)),
            Self.response("A2", Self.q4, activity: .down, staff: (1, nil)),
            Self.response("A3", Self.q4, activity: .down, staff: (nil, 1)),
            Self.response("A4", Self.q4, activity: .down, staff: (1, 0)),
        ]
        let t = Barometer(registry: Self.registry, rules: Self.cellRules).tables(for: Self.q4, responses: [Self.q4: q4])
        let weighted = Self.balance(t, .all, .activityPast, .employment)
        #expect(weighted.status == .confidential)
        // Its value is still computed: (97 − 3) / 100 → 94 points.
        #expect(weighted.estimate?.balance == 94)
        #expect(Self.balance(t, .all).status == .ok)
        // With suppression off, everything computable is published.
        let open = Barometer(registry: Self.registry, rules: Confidentiality(enabled: false)).tables(
            for: Self.q4, responses: [Self.q4: q4])
        #expect(Self.balance(open, .all, .activityPast, .employment).status == .ok)
    }

    @Test func constantSampleChangeWithChurn() throws {
        // Turnover (€): Q3 A1 10, A2 20, A3 30, A4 40; Q4 A1 15, A2 20, C1 50, A4 44.
        // A3 left and C1 joined: the constant sample is {A1, A2, A4}:
        // Σ Q4 = 15 + 20 + 44 = 79, Σ Q3 = 10 + 20 + 40 = 70 → change = 79/70 − 1 = 12.857142857142858 %.
        let q3 = [("A1", 1000), ("A2", 2000), ("A3", 3000), ("A4", 4000)].map {
            Self.response($0.0, Self.q3, activity: .up, turnover: Int64($0.1))
        }
        let q4 = [("A1", 1500), ("A2", 2000), ("C1", 5000), ("A4", 4400)].map {
            Self.response($0.0, Self.q4, activity: .up, turnover: Int64($0.1))
        }
        let t = Barometer(registry: Self.registry, rules: Self.cellRules).tables(
            for: Self.q4, responses: [Self.q3: q3, Self.q4: q4])
        let row = Self.quantity(t, .all, .turnover)
        #expect(row.n == 4 && row.totalHundredths == 12_900 && row.total == 129)
        // Four members make the median: below the 10 a quantile needs, it is not published
        // (at n ≤ 5 it is a member's own figure); with the rules off it is (20 + 44) / 2.
        #expect(row.median == nil)
        let open = Barometer(registry: Self.registry, rules: Confidentiality(enabled: false)).tables(
            for: Self.q4, responses: [Self.q3: q3, Self.q4: q4])
        // One entrant (C1) and one leaver (A3): the published totals 129 and 100 with the change
        // would give their turnovers away, so the change is withheld; with the rules off it is
        // the constant sample's.
        #expect(row.nConstantPrevQuarter == 3 && row.changePrevQuarter == nil)
        let openAll = Self.quantity(open, .all, .turnover)
        #expect(abs(openAll.changePrevQuarter! - 100 * (79.0 / 70 - 1)) < 1e-12)
        #expect(row.changePrevYear == nil && row.nConstantPrevYear == nil)  // no 2013-Q4
        // ACI has one member (C1) → confidential. AI (A1, A2, A4) is then the only other
        // structure type with data: all − AI would give ACI away, so AI is suppressed too,
        // and a suppressed value has no change.
        let aci = Self.quantity(t, Group(.structureType, "ACI"), .turnover)
        #expect(aci.status == .confidential && aci.changePrevQuarter == nil)
        let ai = Self.quantity(t, Group(.structureType, "AI"), .turnover)
        #expect(ai.n == 3 && ai.status == .confidentialSecondary && ai.changePrevQuarter == nil)
        // With suppression off, AI's change is that of the constant sample {A1, A2, A4}.
        #expect(Self.quantity(open, .all, .turnover).median == 32)
        let openAI = Self.quantity(open, Group(.structureType, "AI"), .turnover)
        #expect(openAI.status == .ok && abs(openAI.changePrevQuarter! - 100 * (79.0 / 70 - 1)) < 1e-12)
        // Balance deltas: all answered "up" in both quarters → delta 0.
        #expect(Self.balance(t, .all).deltaPrevQuarter == 0)
    }

    @Test func quantityDominanceAndDeltaFromSuppressedBase() {
        // Turnover A1 1000 €, A2, A3, A4 10 € each: A1 is 1000/1030 = 97 % > 85 % → confidential.
        let q4 = [("A1", 100_000), ("A2", 1000), ("A3", 1000), ("A4", 1000)].map {
            Self.response($0.0, Self.q4, activity: .up, turnover: Int64($0.1))
        }
        // In Q3 only two members answered: every Q3 balance is confidential, so no Q4 delta.
        let q3 = [Self.response("A1", Self.q3, activity: .down), Self.response("A2", Self.q3, activity: .down)]
        let t = Barometer(registry: Self.registry, rules: Confidentiality()).tables(
            for: Self.q4, responses: [Self.q3: q3, Self.q4: q4])
        #expect(Self.quantity(t, .all, .turnover).status == .confidential)
        #expect(Self.quantity(t, .all, .employeesIntegration).status == .noData)
        #expect(Self.balance(t, .all).status == .ok)
        #expect(Self.balance(t, .all).deltaPrevQuarter == nil)
        // The series carries both quarters with their own statuses.
        let series = t.series.filter { $0.group == .all && $0.question == .activityPast && $0.weighting == .unweighted }
        #expect(series.map(\.quarter) == [Self.q3, Self.q4])
        #expect(series.map(\.status) == [.confidential, .ok])
        #expect(series.map(\.balance) == [nil, 100])
    }
}
