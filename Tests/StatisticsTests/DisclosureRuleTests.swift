import Survey
import Testing

@testable import Statistics

/// The rules of issue #9 item 2 and 4, on values worked out by hand.
struct DisclosureRuleTests {
    // MARK: p % rule: sensitive when T − x₁ − x₂ < p·x₁

    @Test func pRuleOnTopContributions() {
        // 50 + 45 + 5 = 100: the second (45) learns the first within 100 − 50 − 45 = 5,
        // below 15 % of 50 = 7.5 → sensitive, although the first is only 50 % (< 85 %).
        let tight = TopContributions([5, 50, 45])
        #expect(tight.total == 100 && tight.largest == 50 && tight.second == 45)
        #expect(tight.failsPRule(0.15))
        // 40 + 30 + 30 = 100: 100 − 40 − 30 = 30 ≥ 0.15 × 40 = 6 → not sensitive.
        #expect(!TopContributions([40, 30, 30]).failsPRule(0.15))
        // At p = 0.10 the first case is still sensitive (5 < 5? no: 5 = 0.10 × 50 is not below).
        #expect(!tight.failsPRule(0.10))
    }

    @Test func primaryUsesEveryBase() {
        let rules = Confidentiality()
        func cell(_ bases: [TopContributions], weight: Double? = nil) -> Disclosure {
            Disclosure(
                group: .all, keys: "k", contributors: 3, hasValue: true, bases: bases, largestWeightShare: weight)
        }
        #expect(rules.primary(cell([TopContributions([40, 30, 30])])) == .ok)
        // A second base (public money) that fails the rule suppresses the row.
        #expect(
            rules.primary(cell([TopContributions([40, 30, 30]), TopContributions([50, 45, 5])])) == .confidential)
        // The largest share is the dominance share: 90 of 100 > 85 %.
        #expect(rules.primary(cell([TopContributions([90, 5, 5])])) == .confidential)
        // One answer weighing 0.55 of a weighted estimate (> 0.5) → suppressed; 0.5 is not above.
        #expect(rules.primary(cell([], weight: 0.55)) == .confidential)
        #expect(rules.primary(cell([], weight: 0.5)) == .ok)
        #expect(Confidentiality(enabled: false).primary(cell([], weight: 0.9)) == .ok)
    }

    // MARK: Weight share of a post-stratified estimate: N_h / (n_h · N_s)

    @Test func poststratifiedWeightShare() {
        // Stratum A: N = 12, one answer; stratum B: N = 10, five answers. N_s = 22: the lone
        // answer of A carries 12/22 = 0.5454…; each of B 10/(5 × 22) = 0.0909…
        let e = OpinionEstimator.poststratified([
            .init(codes: [1], population: 12), .init(codes: [1, 0, 0, -1, -1], population: 10),
        ])
        #expect(abs(e!.largestWeightShare! - 12.0 / 22) < 1e-15)
        // Employment weights (3/3)·x = 90, 7, 3: the first carries 0.9 of the total weight.
        let w = OpinionEstimator.employmentWeighted([.init(codes: [1, -1, -1], headcounts: [90, 7, 3], population: 3)])
        #expect(abs(w!.largestWeightShare! - 0.9) < 1e-15)
    }

    // MARK: Quantiles need 10 members

    @Test func quantilesNeedTenMembers() {
        let rules = Confidentiality()
        #expect(rules.quantile(5, members: 9) == nil)
        #expect(rules.quantile(5, members: 10) == 5)
        #expect(Confidentiality(enabled: false).quantile(5, members: 2) == 5)
        #expect(Confidentiality(quantileMinimum: 3).quantile(5, members: 3) == 5)
    }
}

/// Changes on a constant sample and the members who entered or left it (issue #9 item 3).
struct ChurnRuleTests {
    @Test func entrantsAndLeaversMustBeNoneOrEnough() {
        let rules = Confidentiality()
        var none = Churn(), one = Churn(), three = Churn(), dominated = Churn()
        one.add(100)
        for v in [30.0, 30, 40] { three.add(v) }  // 100 − 40 − 30 = 30 ≥ 6: passes
        for v in [90.0, 5, 5] { dominated.add(v) }  // 90 % > 85 %: fails
        #expect(rules.allowsChange(entrants: none, leavers: none))
        #expect(!rules.allowsChange(entrants: one, leavers: none))
        #expect(!rules.allowsChange(entrants: none, leavers: one))
        #expect(rules.allowsChange(entrants: three, leavers: three))
        #expect(!rules.allowsChange(entrants: three, leavers: dominated))
        #expect(Confidentiality(enabled: false).allowsChange(entrants: one, leavers: one))
        none.add(1)  // now one entrant: not allowed either
        #expect(!rules.allowsChange(entrants: none, leavers: three))
    }

    /// The attack of issue #9: one entrant in a published quarter-on-quarter change gives its
    /// turnover. Turnover (€): Q3 A1 100, A2 200, A3 300; Q4 the same plus C1 500 (the only
    /// entrant). Published totals 600 and 1100 and the change 0 % on {A1, A2, A3} would give
    /// C1 = 1100 − 600 × (1 + 0) = 500 exactly: the change is withheld.
    @Test func aLoneEntrantWithholdsTheChange() {
        let registry = Registry(
            ["A1", "A2", "A3", "C1"].map {
                Member(id: $0, name: $0, region: "R", department: nil, structureType: .ai, active: true, line: 0)
            })
        let q3 = Quarter(year: 2014, number: 3)!, q4 = Quarter(year: 2014, number: 4)!
        func response(_ id: String, _ q: Quarter, _ euros: Int64) -> BarometerResponse {
            var r = BarometerResponse(member: registry.index(of: id)!, quarter: q, line: 0)
            r.turnoverCents = euros * 100
            return r
        }
        let answers = [
            q3: [response("A1", q3, 100), response("A2", q3, 200), response("A3", q3, 300)],
            q4: [response("A1", q4, 100), response("A2", q4, 200), response("A3", q4, 300), response("C1", q4, 500)],
        ]
        let rules = Confidentiality(pRule: 0, quantileMinimum: 1)
        let row = Barometer(registry: registry, rules: rules).tables(for: q4, responses: answers).quantities
            .first { $0.group == .all && $0.variable == .turnover }!
        #expect(row.status == .ok && row.nConstantPrevQuarter == 3 && row.changePrevQuarter == nil)
        let open = Barometer(registry: registry, rules: Confidentiality(enabled: false)).tables(
            for: q4, responses: answers
        ).quantities
            .first { $0.group == .all && $0.variable == .turnover }!
        #expect(open.changePrevQuarter == 0)
    }
}
