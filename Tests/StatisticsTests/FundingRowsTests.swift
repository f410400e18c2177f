import Survey
import Testing

@testable import Statistics

/// The funding year held as narrow columns: amounts beyond 4 bytes and later returns come back
/// as they were given, in the order of their first line, and the shares read them whole.
struct FundingRowsTests {
    static func record(_ member: Int, line: Int, _ cents: [Int64]) -> FundingRecord {
        FundingRecord(
            member: member, year: 2014, line: line, cents: cents + [Int64](repeating: 0, count: 9 - cents.count))
    }

    @Test func amountsBeyondFourBytesComeBackWholeInTheOrderOfTheirFirstLine() {
        let given = [
            Self.record(2, line: 2, [2_147_483_647, 2_147_483_648, 0, 5]),
            Self.record(0, line: 3, [50_000_000_000, 1]),
            Self.record(1, line: 4_000_000_000, [7]),
        ]
        let rows = FundingRows(year: 2014, memberCount: 4, records: given)
        #expect(Array(rows) == given)
        #expect(rows.line(ofMember: 1) == 4_000_000_000)
        #expect(rows.line(ofMember: 3) == nil)
        // A later return of member 2 takes the first place; wide amounts become narrow and back.
        var replaced = rows
        let later = Self.record(2, line: 9, [3, 4, 6_000_000_000])
        replaced.set(later)
        #expect(Array(replaced) == [later, given[1], given[2]])
        #expect(replaced.line(ofMember: 2) == 9)
    }

    /// Public share of a member too large for 4-byte cents, by hand: sales 300 000 000 €,
    /// State 100 000 000 €: total 400 000 000 €, public share 25 %, activity share 75 %.
    @Test func theSharesReadWideAmountsWhole() {
        let registry = Registry(
            ["F1"].map {
                Member(id: $0, name: $0, region: "R", department: nil, structureType: .ai, active: true, line: 0)
            })
        let t = PublicFunding(registry: registry, rules: Confidentiality(enabled: false))
            .tables(year: 2014, records: [Self.record(0, line: 2, [30_000_000_000, 10_000_000_000])], previous: nil)
        let all = t.shares.first { $0.group == .all }!
        #expect(all.totalCents == 40_000_000_000 && all.publicCents == 10_000_000_000)
        #expect(all.publicShare == 25 && all.activityShare == 75)
    }
}
