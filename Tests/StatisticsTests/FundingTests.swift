import Survey
import Testing

@testable import Statistics

/// The funding shares on a hand-made network; the arithmetic is in the comments.
struct FundingTests {
    // F1, F2, F3, F6 are AI; F4, F5 are ACI; all active. F6 answers only in 2013.
    static let registry = Registry(
        [("F1", StructureType.ai), ("F2", .ai), ("F3", .ai), ("F4", .aci), ("F5", .aci), ("F6", .ai)].map {
            Member(id: $0.0, name: $0.0, region: "R", department: nil, structureType: $0.1, active: true, line: 0)
        })

    /// Amounts in euros, in the order of `FundingSource.allCases`.
    static func record(
        _ id: String, _ year: Int, sales: Int64 = 0, state: Int64 = 0, department: Int64 = 0, esf: Int64 = 0
    ) -> FundingRecord {
        FundingRecord(
            member: registry.index(of: id)!, year: year, line: 0,
            cents: [sales, state, department, 0, 0, esf, 0, 0, 0].map { $0 * 100 })
    }

    static let y2014 = [
        record("F1", 2014, sales: 900, state: 100),  // total 1000, public 100: 10 %
        record("F2", 2014, sales: 80, state: 20),  // total 100, public 20: 20 %
        record("F3", 2014, sales: 50, state: 30, department: 20),  // total 100, public 50: 50 %
        record("F4", 2014, sales: 100, state: 700, department: 200),  // total 1000, public 900: 90 %
        record("F5", 2014, sales: 10, state: 60, esf: 30),  // total 100, public 90: 90 %
    ]
    static let y2013 = [
        record("F1", 2013, sales: 800, state: 100),  // total 900, public 100
        record("F2", 2013, sales: 90, state: 10),  // total 100, public 10
        record("F4", 2013, sales: 100, state: 600),  // total 700, public 600
        record("F6", 2013, sales: 500),  // only in 2013
    ]

    static func share(_ t: FundingTables, _ g: Group) -> ShareRow { t.shares.first { $0.group == g }! }
    static func source(_ t: FundingTables, _ g: Group, _ s: FundingSource) -> SourceRow {
        t.sources.first { $0.group == g && $0.source == s }!
    }

    @Test func ratioOfSumsIsNotTheMeanOfRatios() {
        let t = PublicFunding(registry: Self.registry, rules: Confidentiality()).tables(
            year: 2014, records: Self.y2014, previous: nil)
        let all = Self.share(t, .all)
        // Σ total = 1000 + 100 + 100 + 1000 + 100 = 2300; Σ public = 100 + 20 + 50 + 900 + 90 = 1160.
        #expect(all.n == 5 && all.totalCents == 230_000 && all.publicCents == 116_000 && all.status == .ok)
        #expect(abs(all.publicShare! - 100.0 * 1160 / 2300) < 1e-12)  // 50.43 %
        #expect(abs(all.activityShare! - 100.0 * 1140 / 2300) < 1e-12)  // sales 1140 → 49.57 %
        // Members' shares 10, 20, 50, 90, 90: mean 52 % (≠ 50.43 %), type 7 quartiles 20, 50, 90
        // — published only with the rules off: five members are fewer than a quantile needs (10).
        #expect(abs(all.memberShareMean! - 52) < 1e-12)
        #expect(all.memberShareQ1 == nil && all.memberShareMedian == nil && all.memberShareQ3 == nil)
        let open = Self.share(
            PublicFunding(registry: Self.registry, rules: Confidentiality(enabled: false))
                .tables(year: 2014, records: Self.y2014, previous: nil), .all)
        #expect(open.memberShareQ1 == 20 && open.memberShareMedian == 50 && open.memberShareQ3 == 90)
        // Funder split of public money: State 910/1160, départements 220/1160, ESF 30/1160.
        #expect(abs(Self.source(t, .all, .state).shareOfPublic! - 100.0 * 910 / 1160) < 1e-12)
        #expect(abs(Self.source(t, .all, .esf).shareOfPublic! - 100.0 * 30 / 1160) < 1e-12)
        #expect(abs(Self.source(t, .all, .sales).shareOfTotal! - 100.0 * 1140 / 2300) < 1e-12)
        #expect(Self.source(t, .all, .sales).shareOfPublic == nil)  // not a public source
        #expect(Self.source(t, .all, .state).n == 5 && Self.source(t, .all, .department).n == 2)
    }

    @Test func aDominantFunderIsSuppressedAndAnAbsentOneIsZero() {
        let t = PublicFunding(registry: Self.registry, rules: Confidentiality()).tables(
            year: 2014, records: Self.y2014, previous: nil)
        // Départements: F4 gives 200 of 220 € = 90.9 % > 85 %: confidential.
        #expect(Self.source(t, .all, .department).status == .confidential)
        // No member has money from a region: 0 €, 0 %, n = 0, published (nothing to protect).
        let region = Self.source(t, .all, .region)
        #expect(
            region.amountCents == 0 && region.shareOfTotal == 0 && region.shareOfPublic == 0 && region.n == 0
                && region.status == .ok)
        // ACI is two members: confidential. AI (totals 1000, 100, 100) fails the p % rule on its
        // own: 1200 − 1000 − 100 = 100 < 0.15 × 1000 = 150, F2 would learn F1's total within
        // 100 €, although F1 is only 83 % of it (below the 85 % dominance).
        #expect(Self.share(t, Group(.structureType, "ACI")).status == .confidential)
        #expect(Self.share(t, Group(.structureType, "AI")).status == .confidential)
        let lax = PublicFunding(registry: Self.registry, rules: Confidentiality(pRule: 0.05)).tables(
            year: 2014, records: Self.y2014, previous: nil)
        // At p = 5 %: 100 ≥ 50, AI passes and is suppressed only as the complement of ACI.
        #expect(Self.share(lax, Group(.structureType, "AI")).status == .confidentialSecondary)
    }

    @Test func constantSampleChangeWithMembersPresentOneYearOnly() {
        let t = PublicFunding(registry: Self.registry, rules: Confidentiality()).tables(
            year: 2014, records: Self.y2014, previous: Self.y2013)
        let all = Self.share(t, .all)
        // F3 and F5 answer only in 2014, F6 only in 2013: the constant sample is {F1, F2, F4}.
        // Total: (1000 + 100 + 1000) / (900 + 100 + 700) − 1 = 2100/1700 − 1 = 23.53 %.
        // Public: (100 + 20 + 900) / (100 + 10 + 600) − 1 = 1020/710 − 1 = 43.66 %.
        // With the rules on, the change is withheld twice over: 2013's all row fails the p %
        // rule (F1 would learn F4's public money within 710 − 600 − 100 = 10 € < 0.15 × 600),
        // and the churn is too small — 2 entrants (F3, F5) and 1 leaver (F6), each side fewer
        // than 3: 2013's total minus the constant sample's part is F6's total. The arithmetic
        // is checked with the rules off.
        #expect(all.nConstant == 3 && all.changeTotal == nil)
        let t0 = PublicFunding(registry: Self.registry, rules: Confidentiality(enabled: false)).tables(
            year: 2014, records: Self.y2014, previous: Self.y2013)
        let all0 = Self.share(t0, .all)
        #expect(all0.nConstant == 3)
        #expect(abs(all0.changeTotal! - 100 * (2100.0 / 1700 - 1)) < 1e-12)
        #expect(abs(all0.changePublic! - 100 * (1020.0 / 710 - 1)) < 1e-12)
        #expect(t.previousYear == 2013)
    }

    /// Ten million rows of 0.10 € add up to exactly 1 000 000.00 €, and amounts near the
    /// largest a row can hold (Int64 cents, 92 233 720 368 547 758.07 €) add up past it without
    /// wrapping: 1 000 of them are 1 000 × that, exactly (Int128). The two largest contributions
    /// and the count of positive ones follow along.
    @Test func sumsOfCentsAreExactAndDoNotOverflow() {
        var sum = MoneySum()
        for _ in 0..<10_000_000 { sum.add(10) }
        #expect(sum.cents == 100_000_000)
        #expect(sum.positive == 10_000_000)
        #expect(sum.largest == 10 && sum.second == 10)

        var large = MoneySum()
        for _ in 0..<1_000 { large.add(Int64.max) }
        large.add(0)
        #expect(large.cents == Int128(Int64.max) * 1_000)
        #expect(large.cents == Int128("9223372036854775807000")!)
        #expect(large.positive == 1_000)
        #expect(large.largest == Int64.max && large.second == Int64.max)
    }
}
