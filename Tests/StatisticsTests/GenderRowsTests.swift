import Survey
import Testing

@testable import Statistics

/// The gender year held as narrow columns: values beyond 4 bytes, absent values and later rows
/// come back as they were given, and the indicators read them whole.
struct GenderRowsTests {
    static func record(
        _ member: Int, _ p: Population, _ s: Sex, line: Int, headcount: Int, hours: Int64? = nil, pay: Int64? = nil,
        trained: Int? = nil, exits: Int? = nil, toEmployment: Int? = nil
    ) -> GenderRecord {
        var r = GenderRecord(member: member, year: 2014, line: line, population: p, sex: s, headcount: headcount)
        r.hoursHundredths = hours
        r.grossPayCents = pay
        r.trained = trained
        r.exits = exits
        r.exitsToEmployment = toEmployment
        return r
    }

    @Test func valuesBeyondFourBytesAndAbsentValuesComeBackWhole() {
        let wide: Int64 = 3_000_000_000  // above Int32.max (2 147 483 647)
        let given = [
            Self.record(0, .integration, .female, line: 2, headcount: 5, hours: wide, pay: 40_000_000_000, trained: 1),
            Self.record(0, .integration, .male, line: 3, headcount: 4, hours: 120_000, pay: nil, exits: 2),
            Self.record(1, .board, .female, line: 3_000_000_000, headcount: 7),
            // Int32.min and Int32.min + 1 are the column's own markers: as values they are held wide.
            Self.record(1, .management, .male, line: 5, headcount: 1, hours: Int64(Int32.min) + 1, pay: 0),
        ]
        let rows = GenderRows(year: 2014, memberCount: 3, records: given)
        #expect(rows.count == 4)
        for r in given {
            #expect(rows.record(member: r.member, population: r.population, sex: r.sex) == r)
        }
        #expect(rows.record(member: 0, population: .board, sex: .female) == nil)
        #expect(rows.record(member: 2, population: .integration, sex: .male) == nil)
        #expect(rows.headcount(member: 1, population: .board, sex: .female) == 7)
        #expect(rows.line(ofKey: GenderRows.key(member: 1, population: .board, sex: .female)) == 3_000_000_000)
        #expect(rows.line(ofKey: GenderRows.key(member: 2, population: .board, sex: .female)) == nil)
        #expect(rows.count(ofMembers: { $0 == 0 }) == 2)
        #expect(rows.count(ofMembers: { _ in true }) == 4)
    }

    @Test func aLaterRowTakesTheEarliersPlaceWhateverItsWidth() {
        var rows = GenderRows(year: 2014, memberCount: 2)
        rows.set(Self.record(1, .permanent, .male, line: 2, headcount: 3, hours: 5_000_000_000, pay: 9))
        // Wide hours replaced by narrow ones, narrow pay by wide pay, then wide pay by none.
        let later = Self.record(1, .permanent, .male, line: 9, headcount: 4, hours: 100, pay: 6_000_000_000)
        rows.set(later)
        #expect(rows.count == 1)
        #expect(rows.record(member: 1, population: .permanent, sex: .male) == later)
        let last = Self.record(1, .permanent, .male, line: 12, headcount: 4, hours: 7_000_000_000)
        rows.set(last)
        #expect(rows.record(member: 1, population: .permanent, sex: .male) == last)
        #expect(rows.line(ofKey: GenderRows.key(member: 1, population: .permanent, sex: .male)) == 12)
    }

    /// Hourly pay of a member too large for 4-byte cents and hundredths, computed by hand:
    /// women 30 000 000 € over 25 000 000 h = 1.20 €/h, men 1 000 000 € over 100 000 h =
    /// 10.00 €/h; gap (M − F)/M = 88 %. Truncated to 4 bytes, the women's figures would be wrong.
    @Test func theIndicatorsReadWideValuesWhole() {
        let registry = Registry(
            ["W1", "W2"].map {
                Member(id: $0, name: $0, region: "R", department: nil, structureType: .ai, active: true, line: 0)
            })
        let records = [
            Self.record(0, .permanent, .female, line: 2, headcount: 10, hours: 2_500_000_000, pay: 3_000_000_000),
            Self.record(0, .permanent, .male, line: 3, headcount: 1, hours: 10_000_000, pay: 100_000_000),
        ]
        let t = GenderEquality(registry: registry, rules: Confidentiality(enabled: false))
            .tables(year: 2014, records: records, previous: nil)
        let pay = t.indicators.first { $0.group == .all && $0.population == .permanent && $0.indicator == .hourlyPay }!
        #expect(pay.n == 1)
        #expect(pay.female == 1.2 && pay.male == 10)
        #expect(abs(pay.value! - 88) < 1e-12)
        #expect(pay.numerators?.female == 30_000_000 && pay.numerators?.male == 1_000_000)
    }
}

/// The share change's constant sample, entrants and leavers on the edge cases the one-pass
/// sums must tell apart, computed by hand.
struct GenderShareChangeEdgeTests {
    // A–H are AI; F is inactive.
    static let registry = Registry(
        ["A", "B", "C", "D", "E", "F", "G", "H"].map {
            Member(id: $0, name: $0, region: "R", department: nil, structureType: .ai, active: $0 != "F", line: 0)
        })

    static func rows(_ year: Int, _ people: [(String, Int?, Int?)]) -> [GenderRecord] {
        people.flatMap { id, women, men in
            [(Sex.female, women), (.male, men)].compactMap { sex, n in
                n.map {
                    GenderRecord(
                        member: registry.index(of: id)!, year: year, line: 0, population: .integration, sex: sex,
                        headcount: $0)
                }
            }
        }
    }

    /// 2013: A 5/5, B 0/0 (a row of nobody), C 4/6, E 2/2 (2013 only), F 10/0 (inactive),
    /// G 3 women and no men's row, H 1/1. 2014: A 6/4, B 2/3, C 0/0, D 7/3 (2014 only),
    /// F 1/1, G 2/1, H 2/2.
    /// Constant sample: A, G, H (people both years): women 6 + 2 + 2 = 10 of 17 now, 5 + 3 + 1 = 9
    /// of 15 before: 58.82… % and 60 %, n = 3. B (nobody in 2013) and D are entrants; C (nobody in
    /// 2014) and E are leavers; F counts nowhere. Two entrants are fewer than the 3 members a
    /// published figure needs: with the rules on, the change is not published.
    @Test func entrantsLeaversAndTheConstantSample() {
        let now = Self.rows(
            2014, [("A", 6, 4), ("B", 2, 3), ("C", 0, 0), ("D", 7, 3), ("F", 1, 1), ("G", 2, 1), ("H", 2, 2)])
        let before = Self.rows(
            2013, [("A", 5, 5), ("B", 0, 0), ("C", 4, 6), ("E", 2, 2), ("F", 10, 0), ("G", 3, nil), ("H", 1, 1)])
        let open = GenderEquality(registry: Self.registry, rules: Confidentiality(enabled: false))
            .tables(year: 2014, records: now, previous: before)
        let change = open.shareChanges.first { $0.group == .all && $0.population == .integration }!
        #expect(change.n == 3 && change.status == .ok)
        #expect(change.shareNow == 100 * 10.0 / 17 && change.shareBefore == 60)
        let ruled = GenderEquality(registry: Self.registry, rules: Confidentiality())
            .tables(year: 2014, records: now, previous: before)
        #expect(ruled.shareChanges.first { $0.group == .all && $0.population == .integration }!.status == .confidential)
        // The headcount of 2014 counts the active members with a row: A, B, C, D, G, H.
        let headcount = open.indicators.first {
            $0.group == .all && $0.population == .integration && $0.indicator == .headcount
        }!
        #expect(headcount.n == 6 && headcount.female == 19 && headcount.male == 13)
    }
}
