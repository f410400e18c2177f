import Foundation
import Ingestion
import Survey
import TestSupport
import Testing

@testable import Statistics

/// The employment-weighted balance with expansion weights and its linearised standard error,
/// and the jackknife standard error of changes (issue #9 items 6 and 7), on cases worked out
/// by hand; the arithmetic is in the comments.
struct WeightedVarianceTests {
    typealias Stratum = OpinionEstimator.WeightedStratum

    @Test func twoStrataByHand() throws {
        // Stratum A: N = 6, codes +1 0 −1, headcounts 10 20 30: N/n = 2 → w = 20 40 60.
        // Stratum B: N = 8, codes +1 +1, headcounts 10 30:      N/n = 4 → w = 40 120.
        // Σw = 280; Σwy = 20 − 60 + 40 + 120 = 120 → R = 3/7, B = 300/7.
        // up = (20 + 40 + 120)/280 = 9/14, stable = 40/280 = 1/7, down = 60/280 = 3/14.
        // z = w (y − 3/7) / 280: A: 20·(4/7)/280 = 2/49, 40·(−3/7)/280 = −3/49, 60·(−10/7)/280 = −15/49;
        //                        B: 40·(4/7)/280 = 4/49, 120·(4/7)/280 = 12/49.
        // A: z̄ = −16/147, deviations 22/147, 7/147, −29/147, Σ² = (484 + 49 + 841)/147² = 1374/21609;
        //    (1 − 3/6)·3/2 = 3/4 → 1030.5/21609.
        // B: z̄ = 8/49, deviations ±4/49, Σ² = 32/2401 = 288/21609; (1 − 2/8)·2/1 = 3/2 → 432/21609.
        // v = 100² (1462.5/21609) = 100² · 325/4802 → se = 100 √(325/4802) = 26.015405681595837.
        let d = try #require(
            OpinionEstimator.employmentWeightedDetail([
                Stratum(codes: [1, 0, -1], headcounts: [10, 20, 30], population: 6),
                Stratum(codes: [1, 1], headcounts: [10, 30], population: 8),
            ]))
        let e = d.estimate
        #expect(e.n == 5 && d.strata == 2 && d.degreesOfFreedom == 3 && d.contributors == 5 && d.imputed == 0)
        #expect(abs(e.balance - 300.0 / 7) < 1e-12)
        #expect(abs(e.pctUp - 900.0 / 14) < 1e-12)
        #expect(abs(e.pctStable - 100.0 / 7) < 1e-12)
        #expect(abs(e.pctDown - 300.0 / 14) < 1e-12)
        #expect(abs(e.se! - 100 * (325.0 / 4802).squareRoot()) < 1e-12)
        #expect(abs(e.se! - 26.015405681595837) < 1e-12)
        #expect(e.base == 280 && e.largestContribution == 120)
        #expect(abs(d.largestWeightShare - 120.0 / 280) < 1e-15)
        #expect(d.weights == [[20, 40, 60], [40, 120]])
        // The interval with t(0.975, n − H = 3) = 3.1824463052837078 (scipy), clipped at 100.
        #expect(abs(e.ciLow! - (300.0 / 7 - 3.1824463052837078 * 26.015405681595837)) < 1e-9)
        #expect(e.ciHigh == 100)
        // The convenience entry point gives the same estimate.
        #expect(
            OpinionEstimator.employmentWeighted([
                Stratum(codes: [1, 0, -1], headcounts: [10, 20, 30], population: 6),
                Stratum(codes: [1, 1], headcounts: [10, 30], population: 8),
            ]) == e)
    }

    @Test func aStratumWithOneAnswerAddsNoVariance() throws {
        // Stratum A as above (w = 20 40 60); stratum B: N = 5, one answer +1 of headcount 10 → w = 50.
        // Σw = 170, Σwy = 20 − 60 + 50 = 10 → R = 1/17, B = 100/17.
        // z_A = w (y − 1/17)/170 = 320/2890, −40/2890, −1080/2890; z̄_A = −800/8670;
        // deviations 1760/8670, 680/8670, −2440/8670; Σ² = 9 513 600 / 75 168 900; × 3/4 →
        // v/100² = 7 135 200 / 75 168 900 = 7928/83521; B adds 0 (n_B = 1, whatever its z).
        // se = 100 √(7928/83521) = 30.809452303878288.
        let e = try #require(
            OpinionEstimator.employmentWeighted([
                Stratum(codes: [1, 0, -1], headcounts: [10, 20, 30], population: 6),
                Stratum(codes: [1], headcounts: [10], population: 5),
            ]))
        #expect(abs(e.balance - 100.0 / 17) < 1e-12)
        #expect(abs(e.se! - 100 * (7928.0 / 83521).squareRoot()) < 1e-12)
        #expect(abs(e.se! - 30.809452303878288) < 1e-12)
        // Every stratum with one answer, or answered in full: se = 0, not nil.
        #expect(
            OpinionEstimator.employmentWeighted([
                Stratum(codes: [1], headcounts: [3], population: 9),
                Stratum(codes: [-1], headcounts: [4], population: 2),
            ])?.se == 0)
        #expect(
            OpinionEstimator.employmentWeighted([Stratum(codes: [1, -1], headcounts: [3, 5], population: 2)])?.se == 0)
    }

    @Test func missingHeadcountTakesTheStratumMedian() throws {
        // Stratum A: headcounts 10, missing, 30, 50 → median of 10 30 50 = 30: the same estimate
        // as with 30 given, one headcount imputed.
        let a = try #require(
            OpinionEstimator.employmentWeightedDetail([
                Stratum(codes: [1, 0, -1, 1], headcounts: [10, nil, 30, 50], population: 9),
                Stratum(codes: [-1, 0], headcounts: [4, 8], population: 3),
            ]))
        let b = try #require(
            OpinionEstimator.employmentWeightedDetail([
                Stratum(codes: [1, 0, -1, 1], headcounts: [10, 30, 30, 50], population: 9),
                Stratum(codes: [-1, 0], headcounts: [4, 8], population: 3),
            ]))
        #expect(a.imputed == 1 && b.imputed == 0)
        #expect(a.estimate == b.estimate)
        // An even count: median of 10 and 20 is 15 (type 7, R's median): w = 3/2 · 15 = 22.5.
        let c = try #require(
            OpinionEstimator.employmentWeightedDetail([
                Stratum(codes: [1, 0, -1], headcounts: [10, nil, 20], population: 4)
            ]))
        let expected: [Double] = [40.0 / 3, 20, 80.0 / 3]
        #expect(c.weights.count == 1 && zip(c.weights[0], expected).allSatisfy { abs($0 - $1) < 1e-12 })
        // B: by hand, w = 4/3 · (10, 15, 20) = 40/3, 20, 80/3; Σw = 60; Σwy = (40 − 80)/3 = −40/3 → B = −200/9.
        #expect(abs(c.estimate.balance + 200.0 / 9) < 1e-12)
        // A stratum with no known headcount takes the median of every known one (10 20 30 → 20):
        // w_B = 2/2 · 20 each.
        let d = try #require(
            OpinionEstimator.employmentWeightedDetail([
                Stratum(codes: [1, 0, -1], headcounts: [10, 20, 30], population: 6),
                Stratum(codes: [1, 1], headcounts: [nil, nil], population: 2),
            ]))
        #expect(d.imputed == 2 && d.weights[1] == [20, 20])
        // Nothing known at all, or only zeros: no estimate.
        #expect(OpinionEstimator.employmentWeighted([Stratum(codes: [1], headcounts: [nil], population: 3)]) == nil)
        #expect(
            OpinionEstimator.employmentWeighted([Stratum(codes: [1, 0], headcounts: [0, 0], population: 3)]) == nil)
        #expect(OpinionEstimator.employmentWeighted([]) == nil)
    }

    @Test func headcountZeroKeepsItsPlaceInTheDesign() throws {
        // Stratum A: N = 6, codes +1 0 −1, headcounts 10 0 30 → w = 20 0 60; stratum B: N = 8,
        // codes +1 +1, headcounts 10 30 → w = 40 120. Σw = 240, Σwy = 20 − 60 + 160 = 120,
        // R = 1/2, B = 50. The zero-weight answer counts in n = 5 but not in contributors (4);
        // it has z = 0 and still counts in n_A = 3 and z̄_A.
        // z_A = 20·(1/2)/240 = 1/24, 0, 60·(−3/2)/240 = −9/24; z̄_A = −8/72 = −1/9;
        // deviations 1/24 + 1/9 = 11/72, 1/9 = 8/72, −9/24 + 1/9 = −19/72; Σ² = (121 + 64 + 361)/5184 = 546/5184;
        // × 3/4 = 409.5/5184.
        // z_B = 40·(1/2)/240 = 1/12, 120·(1/2)/240 = 1/4; deviations ±1/12; Σ² = 2/144 = 72/5184; × 3/2 = 108/5184.
        // v/100² = 517.5/5184 → se = 100 √(517.5/5184).
        let d = try #require(
            OpinionEstimator.employmentWeightedDetail([
                Stratum(codes: [1, 0, -1], headcounts: [10, 0, 30], population: 6),
                Stratum(codes: [1, 1], headcounts: [10, 30], population: 8),
            ]))
        #expect(d.estimate.n == 5 && d.contributors == 4)
        #expect(abs(d.estimate.balance - 50) < 1e-12)
        #expect(abs(d.estimate.se! - 100 * (517.5 / 5184).squareRoot()) < 1e-12)
    }

    @Test func equalHeadcountsGiveThePoststratifiedAndUnweightedEstimates() throws {
        // With x constant in each stratum, w_i = (N_h/n_h) c_h: with one stratum, B = ȳ and
        // z_i = (y_i − ȳ)/n, so v = (1 − f) s²/n, the unweighted estimator's; with c_h equal
        // across strata, the post-stratified one term for term.
        let codes: [Int8] = [1, 1, 0, -1, 1]
        let one = try #require(
            OpinionEstimator.employmentWeighted([
                Stratum(codes: codes, headcounts: Array(repeating: 7, count: 5), population: 10)
            ]))
        let unweighted = try #require(OpinionEstimator.unweighted(codes, population: 10))
        #expect(abs(one.balance - unweighted.balance) < 1e-12 && abs(one.se! - unweighted.se!) < 1e-12)
        #expect(abs(one.pctUp - unweighted.pctUp) < 1e-12 && abs(one.pctDown - unweighted.pctDown) < 1e-12)

        let strata: [(codes: [Int8], population: Int)] = [([1, 1, -1], 6), ([0, -1], 4), ([1, 0, 0, -1], 11)]
        let weighted = try #require(
            OpinionEstimator.employmentWeighted(
                strata.map {
                    Stratum(
                        codes: $0.codes, headcounts: Array(repeating: 12, count: $0.codes.count),
                        population: $0.population)
                }))
        let post = try #require(
            OpinionEstimator.poststratified(
                strata.map { OpinionEstimator.Stratum(codes: $0.codes, population: $0.population) }))
        #expect(abs(weighted.balance - post.balance) < 1e-12 && abs(weighted.se! - post.se!) < 1e-12)
        #expect(abs(weighted.pctStable - post.pctStable) < 1e-12)
    }

    struct Answer {
        var member: Int
        var code: Int8
    }

    static func unweightedBalance(_ answers: [Answer]) -> Double? {
        answers.isEmpty ? nil : 100 * Double(answers.map { Int($0.code) }.reduce(0, +)) / Double(answers.count)
    }

    static func jackknife(
        _ previous: [Answer], _ current: [Answer], population: Int,
        estimator: ([Answer]) -> Double? = unweightedBalance
    ) -> ChangeEstimate? {
        ChangeJackknife.change(
            previous: previous, current: current, member: { $0.member }, population: population,
            estimator: estimator)
    }

    @Test func jackknifeOnFourMembersByHand() throws {
        // P: members 1 2 3 answer +1 0 −1 → 0; Q: members 2 3 4 answer +1 0 +1 → 200/3. Δ = 200/3.
        // m = 4 (members 1–4), N = 10 → f = 0.4.
        // without 1: P {0, −1} = −50, Q {+1, 0, +1} = 200/3 → Δ_(1) = 350/3
        // without 2: P {+1, −1} = 0,  Q {0, +1} = 50        → Δ_(2) = 50
        // without 3: P {+1, 0} = 50,  Q {+1, +1} = 100      → Δ_(3) = 50
        // without 4: P = 0,           Q {+1, 0} = 50        → Δ_(4) = 50
        // Δ̄ = (350/3 + 150)/4 = 200/3; deviations 50, −50/3 ×3; Σ² = 2500 + 2500/3 = 10000/3.
        // se² = (1 − 0.4) · 3/4 · 10000/3 = 1500 → se = √1500 = 38.72983346207417.
        let previous = [Answer(member: 1, code: 1), Answer(member: 2, code: 0), Answer(member: 3, code: -1)]
        let current = [Answer(member: 2, code: 1), Answer(member: 3, code: 0), Answer(member: 4, code: 1)]
        let c = try #require(Self.jackknife(previous, current, population: 10))
        #expect(c.members == 4)
        #expect(abs(c.change - 200.0 / 3) < 1e-12)
        #expect(zip(c.replicates, [350.0 / 3, 50, 50, 50]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(abs(c.se! - 1500.0.squareRoot()) < 1e-12)
        // |Δ| = 66.7 < 1.96 × 38.7 = 75.9: not significant, the note says "stable".
        #expect(c.isSignificant == false)
        #expect(ChangeJackknife.isSignificant(change: 76, se: 1500.0.squareRoot()))
        #expect(!ChangeJackknife.isSignificant(change: -75, se: 1500.0.squareRoot()))
        #expect(ChangeJackknife.isSignificant(change: -1.96, se: 1))
        #expect(!ChangeJackknife.isSignificant(change: 0, se: 0))
        // A census of the group (m = N): se = 0.
        let census = try #require(Self.jackknife(previous, current, population: 4))
        #expect(census.se == 0 && census.isSignificant == true)
    }

    @Test func jackknifeWithoutAReplicateHasNoStandardError() throws {
        // P has one member: deleting it leaves P empty, so replicate 1 has no Δ and the jackknife none.
        let c = try #require(
            Self.jackknife(
                [Answer(member: 1, code: 1)],
                [Answer(member: 1, code: 0), Answer(member: 2, code: 1)], population: 10))
        #expect(c.change == -50 && c.se == nil && c.isSignificant == nil && c.members == 2)
        // Nothing in a period: no change at all.
        #expect(Self.jackknife([], [Answer(member: 1, code: 0)], population: 10) == nil)
    }

    @Test func jackknifeTakesAnyEstimator() throws {
        // The same members with the employment-weighted estimator (one stratum N = 10, headcount
        // = 10 × member): the jackknife recomputes the weights of each replicate.
        let size: [Int: Double] = [1: 10, 2: 20, 3: 30, 4: 40]
        func employment(_ answers: [Answer]) -> Double? {
            OpinionEstimator.employmentWeighted([
                Stratum(
                    codes: answers.map(\.code), headcounts: answers.map { size[$0.member] },
                    population: 10)
            ])?.balance
        }
        let previous = [Answer(member: 1, code: 1), Answer(member: 2, code: 0), Answer(member: 3, code: -1)]
        let current = [Answer(member: 2, code: 1), Answer(member: 3, code: 0), Answer(member: 4, code: 1)]
        // P: (10 − 30)/60 = −1/3; Q: (20 + 40)/90 = 2/3 → Δ = 100.
        // without 1: P (−30)/50 = −60, Q 200/3 → 380/3; without 2: P (10 − 30)/40 = −50, Q 40/70 → 400/7 + 50;
        // without 3: P 10/30, Q 60/60 → 100 − 100/3 = 200/3; without 4: P −100/3, Q 20/50 = 40 → 220/3.
        let c = try #require(Self.jackknife(previous, current, population: 10, estimator: employment))
        let reps = [380.0 / 3, 400.0 / 7 + 50, 200.0 / 3, 220.0 / 3]
        let mean = reps.reduce(0, +) / 4
        let se = (0.6 * 0.75 * reps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)).squareRoot()
        #expect(abs(c.change - 100) < 1e-12)
        #expect(zip(c.replicates, reps).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(abs(c.se! - se) < 1e-12)
    }

    @Test func barometerHelpersOnAHandMadeNetwork() throws {
        // Four AI and two ACI members, active; one inactive AI whose answers are ignored.
        func member(_ id: String, _ t: StructureType, active: Bool = true) -> Member {
            Member(id: id, name: id, region: "Bretagne", department: "29", structureType: t, active: active, line: 0)
        }
        let registry = Registry([
            member("A1", .ai), member("A2", .ai), member("A3", .ai), member("A4", .ai),
            member("C1", .aci), member("C2", .aci), member("X1", .ai, active: false),
        ])
        let q3 = Quarter(year: 2014, number: 3)!, q4 = Quarter(year: 2014, number: 4)!
        func response(_ id: String, _ q: Quarter, _ o: Opinion?, _ staff: (Int?, Int?)) -> BarometerResponse {
            var r = BarometerResponse(member: registry.index(of: id)!, quarter: q, line: 0)
            r.activityPast = o
            r.activityOutlook = o
            r.employmentOutlook = o
            r.cashPosition = o
            r.employeesIntegration = staff.0
            r.employeesPermanent = staff.1
            return r
        }
        let barometer = Barometer(registry: registry, rules: Confidentiality(enabled: false))
        // Q4: AI A1 +1 (headcount 8 + 2 = 10), A2 −1 (both parts missing: imputed), A3 0 (5 + a
        // missing part, which counts 0 = 5), X1 inactive (left out); ACI C1 +1 (20 + 0 = 20).
        let current = [
            response("A1", q4, .up, (8, 2)), response("A2", q4, .down, (nil, nil)),
            response("A3", q4, .stable, (5, nil)),
            response("X1", q4, .up, (100, 0)), response("C1", q4, .up, (20, 0)),
        ]
        let strata = barometer.weightedStrata(.activityPast, current.filter { registry.isActive[$0.member] }, .all)
        #expect(
            strata == [
                Stratum(codes: [1, -1, 0], headcounts: [10, nil, 5], population: 4),
                Stratum(codes: [1], headcounts: [20], population: 2),
            ])
        // A2's headcount is the AI median of 10 and 5 = 7.5: w_AI = 4/3 · (10, 7.5, 5) = 40/3, 10, 20/3; w_ACI = 2 · 20 = 40.
        // Σw = 70, Σwy = 40/3 − 10 + 40 = 130/3 → B = 100 · 13/21.
        let e = try #require(
            barometer.employmentWeightedEstimate(.activityPast, current.filter { registry.isActive[$0.member] }, .all))
        #expect(abs(e.estimate.balance - 1300.0 / 21) < 1e-12 && e.imputed == 1)
        // The estimator closure leaves out inactive members and members outside the group.
        let f = barometer.balanceEstimator(.activityPast, .employment, .all)
        #expect(abs(f(current)! - 1300.0 / 21) < 1e-12)
        #expect(barometer.balanceEstimator(.activityPast, .unweighted, .all)(current) == 25)
        #expect(barometer.balanceEstimator(.activityPast, .unweighted, Group(.structureType, "ACI"))(current) == 100)
        // Climate: the mean of its four components (here all equal to activity_past).
        #expect(abs(barometer.balanceEstimator(.climate, .employment, .all)(current)! - 1300.0 / 21) < 1e-12)

        // Change from Q3 (A1 −1, A4 +1, unweighted) to Q4: members A1 A2 A3 A4 C1, m = 5, N = 6.
        // Q3 balance 0, Q4 25 → Δ = 25. Replicates: without A1: Q4 {−1, 0, +1} 0 − Q3 {+1} 100 = −100;
        // without A2: Q4 {+1, 0, +1} 200/3 − 0; without A3: Q4 {+1, −1, +1} 100/3 − 0;
        // without A4: Q4 25 − Q3 {−1} (−100) = 125; without C1: Q4 {+1, −1, 0} 0 − 0 = 0.
        let previous = [
            response("A1", q3, .down, (1, 1)), response("A4", q3, .up, (1, 1)), response("X1", q3, .down, (1, 1)),
        ]
        let c = try #require(barometer.change(.activityPast, .unweighted, .all, previous: previous, current: current))
        let reps = [-100, 200.0 / 3, 100.0 / 3, 125, 0]
        let mean = reps.reduce(0, +) / 5
        let se = ((1 - 5.0 / 6) * 4.0 / 5 * reps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)).squareRoot()
        #expect(c.members == 5 && abs(c.change - 25) < 1e-12)
        #expect(zip(c.replicates, reps).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(abs(c.se! - se) < 1e-12)
    }
}

/// Both against R's `survey` on the sample's returns (`scripts/check-r-weighted.R`): the
/// employment-weighted balance and se against `svyratio` and the weighted `svymean`, and the
/// jackknife se of changes (every question and the climate, in the three weightings, the
/// post-stratified strata merged again in each replicate) against `withReplicates` on
/// `as.svrepdesign(type = "JK1")`, to 1e-9.
/// Run by `scripts/check-r` (OBSERVATORY_R_CHECK=1), which installs R.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["OBSERVATORY_R_CHECK"] == "1"))
struct WeightedVarianceRCrossCheckTests {
    static func field(_ x: Double?) -> String { x.map { String(Int($0)) } ?? "NA" }

    @Test func employmentWeightedAndJackknifeAgreeWithSurvey() throws {
        let loaded = DatasetLoader(root: TestSupport.datasets.path, surveys: [.barometer]).load()
        let registry = loaded.dataset.registry
        let frame = GroupFrame(registry)
        let barometer = Barometer(registry: registry, rules: Confidentiality(enabled: false))
        let q = Quarter(year: 2014, number: 4)!
        func responses(_ quarter: Quarter) -> [BarometerResponse] {
            (loaded.dataset.barometer[quarter] ?? []).filter { registry.isActive[$0.member] }
        }
        func inGroup(_ rs: [BarometerResponse], _ g: Group) -> [BarometerResponse] {
            rs.filter { frame.groups(ofMember: $0.member).contains(g) }
        }

        // Employment-weighted estimates: three quarters, every group, every question.
        var estimates = "key,y,x,type,N_h\n"
        var ours: [String: OpinionEstimate] = [:]
        for quarter in [q, q.previous, q.yearEarlier] {
            let rs = responses(quarter)
            #expect(!rs.isEmpty, "\(quarter)")
            for g in frame.groups {
                let members = inGroup(rs, g)
                for question in Question.answered {
                    let key = "\(quarter)/\(g.breakdown.rawValue)/\(g.name)/\(question.rawValue)"
                    for r in members {
                        guard let code = question.code(r) else { continue }
                        let t = registry.structureTypes[r.member]
                        estimates +=
                            "\(key),\(code.rawValue),\(Self.field(Barometer.headcount(r))),\(t.rawValue),\(frame.activeByType[g]![t]!)\n"
                    }
                    ours[key] = barometer.employmentWeightedEstimate(question, members, g)?.estimate
                }
            }
        }

        // Changes Q − 1 and Q − 4: every group, question, the climate and every weighting.
        var changes = "key,member,period,y,x,type,N,N_h,weighting,component,populations\n"
        var ourChanges: [String: ChangeEstimate] = [:]
        var changeKeys: Set<String> = []
        for (lag, before) in [("prev_quarter", q.previous), ("prev_year", q.yearEarlier)] {
            let (p, c) = (responses(before), responses(q))
            for g in frame.groups {
                let (pg, cg) = (inGroup(p, g), inGroup(c, g))
                // N_h of every type of the group, for R's merging of small strata (issue #9 item 5),
                // which R redoes on the members each replicate keeps.
                let populations = StructureType.allCases.compactMap { t in
                    frame.activeByType[g]![t].map { "\(t.rawValue):\($0)" }
                }
                .joined(separator: "/")
                for question in Question.allCases {
                    for w in Weighting.allCases {
                        let key = "\(lag)/\(g.breakdown.rawValue)/\(g.name)/\(question.rawValue)/\(w.rawValue)"
                        let components = question == .climate ? Question.climateComponents : [question]
                        for (period, rs) in [("P", pg), ("Q", cg)] {
                            for component in components {
                                for r in rs {
                                    guard let code = component.code(r) else { continue }
                                    let t = registry.structureTypes[r.member]
                                    changes +=
                                        "\(key),\(r.member),\(period),\(code.rawValue),\(Self.field(Barometer.headcount(r))),\(t.rawValue),\(frame.activeMembers[g]!),\(frame.activeByType[g]![t]!),\(w.rawValue),\(component.rawValue),\(populations)\n"
                                }
                            }
                        }
                        ourChanges[key] = barometer.change(question, w, g, previous: p, current: c)
                        changeKeys.insert(key)
                    }
                }
            }
        }

        let folder = try TestSupport.temporaryFolder("r-weighted")
        defer { TestSupport.remove(folder) }
        let estimatesFile = folder.appendingPathComponent("estimates.csv")
        let changesFile = folder.appendingPathComponent("changes.csv")
        try TestSupport.write(estimates, to: estimatesFile)
        try TestSupport.write(changes, to: changesFile)
        let (status, output) = try TestSupport.rscript(
            "check-r-weighted.R", arguments: [estimatesFile.path, changesFile.path])
        #expect(status == 0)

        var comparedEstimates = 0, singleAnswers = 0, comparedChanges = 0, changesWithoutSE = 0, noChange = 0
        var largestRatio = 0.0, largestMean = 0.0, largestFormulations = 0.0, largestChange = 0.0
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: ",").map(String.init)
            if parts.first == "E", parts.count == 6 {
                let key = parts[1]
                let values = parts[2...].map { Double($0)! }
                let e = try #require(ours[key], "\(key): no estimate of ours")
                let se = try #require(e.se)
                let dRatio = max(abs(e.balance - 100 * values[0]), abs(se - 100 * values[1]))
                let dMean = max(abs(e.balance - 100 * values[2]), abs(se - 100 * values[3]))
                #expect(
                    dRatio < 1e-9,
                    "\(key) svyratio: ours \(e.balance) ± \(se), R \(100 * values[0]) ± \(100 * values[1])")
                #expect(
                    dMean < 1e-9, "\(key) svymean: ours \(e.balance) ± \(se), R \(100 * values[2]) ± \(100 * values[3])"
                )
                largestRatio = max(largestRatio, dRatio)
                largestMean = max(largestMean, dMean)
                largestFormulations = max(
                    largestFormulations, 100 * abs(values[0] - values[2]), 100 * abs(values[1] - values[3]))
                comparedEstimates += 1
            } else if parts.first == "S", parts.count == 3 {
                // One answer: R's svydesign refuses the design; ours is that answer with se 0.
                let e = try #require(ours[parts[1]], "\(parts[1]): no estimate of ours")
                let y = try #require(Double(parts[2]))
                #expect(e.n == 1 && e.balance == 100 * y && e.se == 0, "\(parts[1]): \(e)")
                singleAnswers += 1
            } else if parts.first == "N", parts.count == 2 {
                // A period without an estimate: no change in R, none of ours.
                #expect(
                    changeKeys.contains(parts[1]) && ourChanges[parts[1]] == nil,
                    "\(parts[1]): ours \(String(describing: ourChanges[parts[1]]))")
                noChange += 1
            } else if parts.first == "J", parts.count == 5 {
                let key = parts[1]
                let c = try #require(ourChanges[key], "\(key): no change of ours")
                let delta = try #require(Double(parts[2]))
                #expect(c.members == Int(parts[4]), "\(key) m")
                #expect(abs(c.change - delta) < 1e-9, "\(key) change: ours \(c.change), R \(delta)")
                var d = abs(c.change - delta)
                if parts[3] == "NA" {
                    #expect(c.se == nil, "\(key): R has no se, ours \(String(describing: c.se))")
                    changesWithoutSE += 1
                } else {
                    let rSE = try #require(Double(parts[3]))
                    let se = try #require(c.se, "\(key): no se of ours, R \(rSE)")
                    #expect(abs(se - rSE) < 1e-9, "\(key) se: ours \(se), R \(rSE)")
                    d = max(d, abs(se - rSE))
                }
                largestChange = max(largestChange, d)
                comparedChanges += 1
            }
        }
        #expect(comparedEstimates + singleAnswers == ours.values.count, "every estimate of ours has R's")
        #expect(comparedChanges == ourChanges.count, "every change of ours has R's")
        #expect(comparedEstimates >= 90 && comparedChanges >= 900)
        print(
            "R cross-check (weighted): \(comparedEstimates) employment-weighted estimates (and \(singleAnswers) of one answer), largest difference \(largestRatio) points (svyratio), \(largestMean) (svymean), R's two formulations \(largestFormulations) apart; \(comparedChanges) changes (\(changesWithoutSE) without se in both; \(noChange) keys without a change in both), largest difference \(largestChange) points"
        )
    }
}
