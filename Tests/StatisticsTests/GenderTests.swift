import Survey
import Testing

@testable import Statistics

/// The gender indicators on a hand-made network; the arithmetic is in the comments.
struct GenderTests {
    // G1, G2, G3 are AI, G4 is ACI, all active.
    static let registry = Registry(
        [("G1", StructureType.ai), ("G2", .ai), ("G3", .ai), ("G4", .aci)].map {
            Member(id: $0.0, name: $0.0, region: "R", department: nil, structureType: $0.1, active: true, line: 0)
        })

    static func row(
        _ id: String, _ p: Population, _ s: Sex, _ headcount: Int, hours: Double? = nil, pay: Int64? = nil,
        trained: Int? = nil, exits: Int? = nil, toEmployment: Int? = nil, year: Int = 2014
    ) -> GenderRecord {
        var r = GenderRecord(
            member: registry.index(of: id)!, year: year, line: 0, population: p, sex: s, headcount: headcount)
        r.hoursWorked = hours
        r.grossPayCents = pay.map { $0 * 100 }
        r.trained = trained
        r.exits = exits
        r.exitsToEmployment = toEmployment
        return r
    }

    static let records: [GenderRecord] = [
        row("G1", .integration, .female, 10, hours: 1500, pay: 18000, trained: 3, exits: 4, toEmployment: 2),
        row("G1", .integration, .male, 5, hours: 1000, pay: 11000, trained: 2, exits: 2, toEmployment: 2),
        row("G2", .integration, .female, 6, hours: 600, pay: 6600, trained: 1, exits: 2, toEmployment: 1),
        row("G2", .integration, .male, 4, hours: 800, pay: 8000, trained: 2, exits: 1, toEmployment: 0),
        row("G3", .integration, .female, 8, hours: 900, pay: 9000),  // only women: headcount only
        row("G4", .integration, .female, 2, hours: 300, pay: 3000, trained: 0, exits: 1, toEmployment: 1),
        row("G4", .integration, .male, 3, hours: 500, pay: 5500, trained: 1, exits: 1, toEmployment: 0),
        row("G1", .management, .female, 1), row("G2", .management, .female, 1), row("G2", .management, .male, 1),
        row("G3", .management, .male, 1), row("G4", .management, .female, 0), row("G4", .management, .male, 2),
    ]

    static func indicator(_ t: GenderTables, _ g: Group, _ p: Population, _ i: GenderIndicator) -> IndicatorRow {
        t.indicators.first { $0.group == g && $0.population == p && $0.indicator == i }!
    }

    @Test func pooledRatiosOfTheWholeNetwork() throws {
        let t = GenderEquality(registry: Self.registry, rules: Confidentiality()).tables(
            year: 2014, records: Self.records, previous: nil)
        // Headcount: women 10 + 6 + 8 + 2 = 26, men 5 + 4 + 0 + 3 = 12 (G3 has no men's row: 0);
        // n = 4 members with a row; share = 26/38 = 68.42105263157895 %.
        let h = Self.indicator(t, .all, .integration, .headcount)
        #expect(h.female == 26 && h.male == 12 && h.n == 4 && h.status == .ok)
        #expect(abs(h.value! - 100.0 * 26 / 38) < 1e-12)
        // Hours per head, members with both sexes (G1, G2, G4): women 2400 h / 18 = 133.33,
        // men 2300 h / 12 = 191.67; gap (M − F)/M = 1 − (2400/18)/(2300/12) = 30.434782608695652 %.
        let hours = Self.indicator(t, .all, .integration, .hoursPerHead)
        #expect(hours.n == 3)
        #expect(abs(hours.female! - 2400.0 / 18) < 1e-12 && abs(hours.male! - 2300.0 / 12) < 1e-12)
        #expect(abs(hours.value! - 100 * (1 - (2400.0 / 18) / (2300.0 / 12))) < 1e-9)
        // Hourly pay: women (18000 + 6600 + 3000)/2400 = 11.50 €/h, men (11000 + 8000 + 5500)/2300
        // = 10.652… €/h: the gap is in favour of women, so negative: 1 − 11.5 × 2300/24500 = −7.959183673 %.
        let pay = Self.indicator(t, .all, .integration, .hourlyPay)
        #expect(abs(pay.female! - 11.5) < 1e-12 && abs(pay.male! - 24500.0 / 2300) < 1e-12)
        #expect(abs(pay.value! - 100 * (-1950.0 / 24500)) < 1e-9)
        #expect(pay.value! < 0)
        // Training: women (3 + 1 + 0)/(10 + 6 + 2) = 22.22 %, men (2 + 2 + 1)/(5 + 4 + 3) = 41.67 %;
        // gap M − F = 19.444… points.
        let training = Self.indicator(t, .all, .integration, .trainingRate)
        #expect(abs(training.female! - 100.0 * 4 / 18) < 1e-12 && abs(training.male! - 100.0 * 5 / 12) < 1e-12)
        #expect(abs(training.value! - (100.0 * 5 / 12 - 100.0 * 4 / 18)) < 1e-12)
        // Exits to employment: women (2 + 1 + 1)/(4 + 2 + 1) = 57.14 %, men (2 + 0 + 0)/(2 + 1 + 1) = 50 %;
        // gap −7.142857 points.
        let exits = Self.indicator(t, .all, .integration, .exitToEmploymentRate)
        #expect(abs(exits.female! - 100.0 * 4 / 7) < 1e-12 && exits.male == 50)
        #expect(abs(exits.value! - (50 - 100.0 * 4 / 7)) < 1e-12)
        // No board rows at all: every board indicator is no-data.
        #expect(Self.indicator(t, .all, .board, .headcount).status == .noData)
    }

    @Test func memberLevelQuartilesAndParityZone() throws {
        let t = GenderEquality(registry: Self.registry, rules: Confidentiality()).tables(
            year: 2014, records: Self.records, previous: nil)
        // Integration shares: G1 10/15, G2 6/10, G3 8/8, G4 2/5 → sorted 40, 60, 66.67, 100.
        // Type 7: q1 h = 0.75 → 40 + 0.75 × 20 = 55; median h = 1.5 → 60 + 0.5 × 6.667 = 63.333;
        // q3 h = 2.25 → 66.667 + 0.25 × 33.333 = 75.
        // Four members are fewer than a quantile needs (10): published only with the rules off.
        let d = t.distribution.first { $0.group == .all && $0.population == .integration }!
        #expect(d.n == 4 && d.q1 == nil && d.median == nil && d.q3 == nil)
        let open = GenderEquality(registry: Self.registry, rules: Confidentiality(enabled: false)).tables(
            year: 2014, records: Self.records, previous: nil)
        let o = try #require(open.distribution.first { $0.group == .all && $0.population == .integration })
        #expect(
            abs(o.q1! - 55) < 1e-12 && abs(o.median! - (60 + 0.5 * (200.0 / 3 - 60))) < 1e-12 && abs(o.q3! - 75) < 1e-12
        )
        #expect(d.parityZone == nil)
        // Management: G1 100 %, G2 50 %, G3 0 %, G4 0 % → only G2 is within 40–60 %: 25 % —
        // a share of four members, published only with the rules off (it needs 10, as a
        // quantile: at 0 % or 100 % it would tell each member's status).
        let m = t.distribution.first { $0.group == .all && $0.population == .management }!
        #expect(m.n == 4 && m.parityZone == nil)
        #expect(open.distribution.first { $0.group == .all && $0.population == .management }?.parityZone == 25)
    }

    @Test func suppressionOfASmallTypeAndItsNeighbour() throws {
        let t = GenderEquality(registry: Self.registry, rules: Confidentiality()).tables(
            year: 2014, records: Self.records, previous: nil)
        // ACI is one member (G4): confidential; AI is then the only other type with data and would
        // give G4 away (all − AI): confidential-secondary.
        #expect(Self.indicator(t, Group(.structureType, "ACI"), .integration, .headcount).status == .confidential)
        #expect(
            Self.indicator(t, Group(.structureType, "AI"), .integration, .headcount).status == .confidentialSecondary)
        #expect(Self.indicator(t, .all, .integration, .headcount).status == .ok)
        // hours_per_head in AI has two members with both sexes (G1, G2): confidential by count.
        #expect(Self.indicator(t, Group(.structureType, "AI"), .integration, .hoursPerHead).status == .confidential)
    }

    @Test func yearOnYearChangeOnTheConstantSample() throws {
        // 2013: G1 only (9 women, 6 men). Constant sample {G1}: 2014 10/15 = 66.667 %, 2013 9/15 = 60 %.
        let previous = [
            Self.row("G1", .integration, .female, 9, year: 2013), Self.row("G1", .integration, .male, 6, year: 2013),
        ]
        let open = GenderEquality(registry: Self.registry, rules: Confidentiality(enabled: false))
            .tables(year: 2014, records: Self.records, previous: previous)
        let c = open.shareChanges.first { $0.group == .all && $0.population == .integration }!
        #expect(c.n == 1 && abs(c.change - (100.0 * 10 / 15 - 60)) < 1e-12 && c.status == .ok)
        #expect(open.previousYear == 2013)
        // With suppression on, one member is below the minimum cell: not published.
        let closed = GenderEquality(registry: Self.registry, rules: Confidentiality()).tables(
            year: 2014, records: Self.records, previous: previous)
        #expect(
            closed.shareChanges.first { $0.group == .all && $0.population == .integration }!.status == .confidential)
    }
}

/// The change of women's shares keeps to the churn rule of issue #9 item 3.
struct GenderChurnTests {
    @Test func aLoneEntrantWithholdsTheChange() {
        typealias G = GenderTests
        // 2013: G1, G2, G3 have integration staff; 2014: the same three and G4, a lone entrant.
        // The published 2014 headcount minus the constant sample's would be G4's own.
        let y2013 = ["G1", "G2", "G3"].flatMap {
            [G.row($0, .integration, .female, 5, year: 2013), G.row($0, .integration, .male, 5, year: 2013)]
        }
        let y2014 = ["G1", "G2", "G3", "G4"].flatMap {
            [G.row($0, .integration, .female, 6), G.row($0, .integration, .male, 4)]
        }
        let t = GenderEquality(registry: G.registry, rules: Confidentiality()).tables(
            year: 2014, records: y2014, previous: y2013)
        let change = t.shareChanges.first { $0.group == .all && $0.population == .integration }!
        // Constant sample G1–G3: 18 of 30 women now (60 %), 15 of 30 before (50 %).
        #expect(change.n == 3 && change.shareNow == 60 && change.shareBefore == 50)
        #expect(change.status == .confidential)
        let open = GenderEquality(registry: G.registry, rules: Confidentiality(enabled: false)).tables(
            year: 2014, records: y2014, previous: y2013)
        #expect(open.shareChanges.first { $0.group == .all && $0.population == .integration }!.status == .ok)
    }
}

/// The gender indicators of issue #9 item 8, on the fixture of `GenderTests` (arithmetic in
/// the comments).
struct GenderNetworkIndicatorTests {
    typealias G = GenderTests

    @Test func pooledPayOfEveryMemberAndPayPerHead() throws {
        let t = GenderEquality(registry: G.registry, rules: Confidentiality()).tables(
            year: 2014, records: G.records, previous: nil)
        // Every member with pay and hours for a sex: women G1 18000 € / 1500 h, G2 6600 / 600,
        // G3 9000 / 900 (no men: counted for women all the same), G4 3000 / 300 → 36 600 € /
        // 3 300 h = 11.0909… €/h; men G1 11000 / 1000, G2 8000 / 800, G4 5500 / 500 → 24 500 /
        // 2 300 = 10.6522 €/h; gap (M − F)/M = −4.1188 % (in favour of women, unlike within
        // members). n = 4.
        let pooled = G.indicator(t, .all, .integration, .hourlyPayAllMembers)
        #expect(pooled.n == 4 && pooled.status == .ok)
        #expect(abs(pooled.female! - 36_600.0 / 3_300) < 1e-12 && abs(pooled.male! - 24_500.0 / 2_300) < 1e-12)
        #expect(abs(pooled.value! - 100 * (24_500.0 / 2_300 - 36_600.0 / 3_300) / (24_500.0 / 2_300)) < 1e-9)
        // Per head: women 36 600 € / 26 people = 1 407.69 €, men 24 500 / 12 = 2 041.67 €;
        // gap 31.05 %.
        let perHead = G.indicator(t, .all, .integration, .annualPayPerHead)
        #expect(abs(perHead.female! - 36_600.0 / 26) < 1e-9 && abs(perHead.male! - 24_500.0 / 12) < 1e-9)
        #expect(abs(perHead.value! - 100 * (24_500.0 / 12 - 36_600.0 / 26) / (24_500.0 / 12)) < 1e-9)
        // Boards have no pay: no-data.
        #expect(G.indicator(t, .all, .board, .annualPayPerHead).status == .noData)
    }

    @Test func managementWithAWomanAndBoardsMeetingTheLaw() throws {
        // Management: G1 (1 F), G2 (1 F, 1 M), G3 (1 M), G4 (2 M) → 2 of 4 with a woman: 50 %.
        // Shares of four members need the 10 a quantile needs: the rule is lowered to 3 here
        // to check the arithmetic, and checked at its default below.
        let rules = Confidentiality(quantileMinimum: 3)
        let t = GenderEquality(registry: G.registry, rules: rules).tables(year: 2014, records: G.records, previous: nil)
        #expect(
            GenderEquality(registry: G.registry, rules: Confidentiality()).tables(
                year: 2014, records: G.records, previous: nil
            )
            .distribution.first { $0.group == .all && $0.population == .management }?.withAWoman == nil)
        let m = try #require(t.distribution.first { $0.group == .all && $0.population == .management })
        #expect(m.withAWoman == 50 && m.copeZimmermann == nil)
        // Boards: G1 3 F 4 M (7 ≤ 8, 1 apart: meets), G2 1 F 5 M (4 apart: fails), G3 4 F 6 M
        // (10 > 8: 40 % and 60 %, meets), G4 3 F 7 M (30 %: fails) → 2 of 4: 50 %.
        let boards = [("G1", 3, 4), ("G2", 1, 5), ("G3", 4, 6), ("G4", 3, 7)].flatMap {
            [G.row($0.0, .board, .female, $0.1), G.row($0.0, .board, .male, $0.2)]
        }
        let b = try #require(
            GenderEquality(registry: G.registry, rules: rules).tables(year: 2014, records: boards, previous: nil)
                .distribution.first { $0.group == .all && $0.population == .board })
        #expect(b.copeZimmermann == 50 && b.withAWoman == nil)
        // Parity zone beside it: G1 42.9 %, G3 40 % are within 40–60 % → 50 % too.
        #expect(b.parityZone == 50)
    }
}
