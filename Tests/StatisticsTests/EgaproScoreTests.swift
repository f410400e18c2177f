import Survey
import Testing

@testable import Statistics

/// The Egapro scores on hand-computed cases at the edges the rules name (`egapro-rules.md`):
/// the arithmetic is in the comments.
struct EgaproScoreTests {
    typealias E = Egapro

    /// One CSP group covering the whole workforce, men paid 10 000 € and women `womenCents`.
    static func oneGroup(women: Int64, grouping: E.Grouping = .socioProfessional) -> E.Score {
        E.pay([E.PayGroup(women: 5, men: 5, womenPayCents: women, menPayCents: 1_000_000)], grouping: grouping)
    }

    /// Gap 7.04 % less the CSP tolerance of 5 is 2.04, rounded 2.0: band (1, 2], 38 points.
    /// Gap 7.05 % gives 2.05, rounded half up to 2.1: band (2, 3], 37 points.
    @Test func bandEdgesAfterRounding() {
        #expect(Self.oneGroup(women: 929_600) == E.Score(resultTenths: 20, favoured: .men, points: 38))
        #expect(Self.oneGroup(women: 929_500) == E.Score(resultTenths: 21, favoured: .men, points: 37))
        // With levels the tolerance is 2: 4.04 % → 2.04 → 38 points.
        #expect(Self.oneGroup(women: 959_600, grouping: .levels).points == 38)
    }

    /// The tolerance moves a gap towards zero and never across it: −3 % + 5 is capped at 0,
    /// equality and 40 points; 6 % − 5 = 1.0, 39 points, in favour of men.
    @Test func toleranceNeverFlipsTheSign() {
        #expect(Self.oneGroup(women: 1_030_000) == E.Score(resultTenths: 0, favoured: .equality, points: 40))
        #expect(Self.oneGroup(women: 940_000) == E.Score(resultTenths: 10, favoured: .men, points: 39))
    }

    /// Gaps weighted by headcount: +10 % on 6 people (5 after tolerance) and −8 % on 14
    /// (−3): (5 × 6 − 3 × 14) / 20 = −0.6, in favour of women, band (0, 1]: 39 points.
    @Test func gapsAreWeightedByHeadcount() {
        let groups = [
            E.PayGroup(women: 3, men: 3, womenPayCents: 900_000, menPayCents: 1_000_000),
            E.PayGroup(women: 7, men: 7, womenPayCents: 1_080_000, menPayCents: 1_000_000),
        ]
        #expect(E.pay(groups, grouping: .socioProfessional) == E.Score(resultTenths: 6, favoured: .women, points: 39))
    }

    /// Valid groups (3 women and 3 men) must hold 40 % of the workforce: 6 of 15 is exactly
    /// 40 %, computable; 6 of 16 is 37.5 %, not (egvi40pcet).
    @Test func fortyPercentExactlyIsEnough() {
        let valid = E.PayGroup(women: 3, men: 3, womenPayCents: 1_000_000, menPayCents: 1_000_000)
        let small = { (men: Int) in E.PayGroup(women: 2, men: men, womenPayCents: 1_000_000, menPayCents: 1_000_000) }
        #expect(E.pay([valid, small(7)], grouping: .socioProfessional).points == 40)
        #expect(E.pay([valid, small(8)], grouping: .socioProfessional) == .nc(.coverage))
    }

    /// Raises: 10 women and 10 men, 5 and 7 raised: 70 − 50 = 20 points of gap, more than 10:
    /// 0 points, in favour of men. Pay favours women (−0.6 above): the correction gives the
    /// raises their 20 points. Nobody raised: absaugi.
    @Test func raisesAndTheCorrectionRule() {
        let raises = E.rates(.raises, [E.RateGroup(women: 10, men: 10, womenCounted: 5, menCounted: 7)])
        #expect(raises == E.Score(resultTenths: 200, favoured: .men, points: 0))
        let pay = E.Score(resultTenths: 6, favoured: .women, points: 39)
        let corrected = E.corrected(raises, .raises, pay: pay)
        #expect(corrected.points == 20 && corrected.corrected)
        // The same sex favoured, or pay at equality: no correction.
        #expect(E.corrected(raises, .raises, pay: E.Score(resultTenths: 6, favoured: .men, points: 39)).points == 0)
        #expect(
            E.corrected(raises, .raises, pay: E.Score(resultTenths: 0, favoured: .equality, points: 40)).points == 0)
        #expect(E.rates(.raises, [E.RateGroup(women: 10, men: 10, womenCounted: 0, menCounted: 0)]) == .nc(.noRaise))
        #expect(
            E.rates(.promotions, [E.RateGroup(women: 9, men: 10, womenCounted: 1, menCounted: 1)]) == .nc(.coverage))
    }

    /// 2&3: 15 women (8 raised) and 200 men (113 raised): 113/200 − 8/15 = 19/600. In % that
    /// is 3.17 → 3.2: 25 points; in employees 19/600 × 15 = 0.475 → 0.5 (from the unrounded
    /// gap): 35 points. The better is kept: 35.
    @Test func raisesPromotionsKeepsTheBetterScore() {
        let (score, employees) = E.raisesPromotions(E.RateGroup(women: 15, men: 200, womenCounted: 8, menCounted: 113))
        #expect(score == E.Score(resultTenths: 32, favoured: .men, points: 35))
        #expect(employees == 5)
        #expect(E.raisesPromotions(E.RateGroup(women: 4, men: 20, womenCounted: 1, menCounted: 2)).0 == .nc(.fewPeople))
    }

    @Test func maternityAndTopTen() {
        #expect(E.maternity(returned: 0, raised: 0, raisesDuringLeave: true) == .nc(.noReturn))
        #expect(E.maternity(returned: 3, raised: 3, raisesDuringLeave: false) == .nc(.noRaiseDuringLeave))
        #expect(E.maternity(returned: 3, raised: 3, raisesDuringLeave: true).points == 15)
        // 2 of 3: 66.7 %, 0 points.
        #expect(E.maternity(returned: 3, raised: 2, raisesDuringLeave: true) == E.Score(resultTenths: 667, points: 0))
        #expect(E.top10(women: 1, men: 9).points == 0)
        #expect(E.top10(women: 3, men: 7).points == 5)
        #expect(E.top10(women: 5, men: 5) == E.Score(resultTenths: 5, favoured: .equality, points: 10))
    }

    /// 46 points of 80 is 57.5, rounded half up to 58 as the simulator does (46 / 80 × 100 in
    /// floating point is 57.49999999999999, which the API rounds to 57). Maxima below 75: NC.
    @Test func indexRoundsTheTieUpAndNeedsSeventyFivePoints() {
        let scores: [E.Indicator: E.Score] = [
            .pay: E.Score(points: 31), .raises: .nc(.noRaise), .promotions: E.Score(points: 5),
            .maternity: E.Score(points: 0), .top10: E.Score(points: 10),
        ]
        let index = E.index(scores)
        #expect(index.points == 46 && index.maximum == 80 && index.index == 58)
        #expect(46.0 / 80 * 100 < 57.5)
        var few = scores
        few[.pay] = .nc(.coverage)
        #expect(E.index(few).maximum == 40 && E.index(few).index == nil)
    }
}
