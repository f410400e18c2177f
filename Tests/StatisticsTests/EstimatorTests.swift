import Testing

@testable import Statistics

/// Each estimator on answers small enough to work out by hand; the arithmetic is in the comments.
struct EstimatorTests {
    @Test func unweightedBalanceWithFinitePopulationCorrection() throws {
        // codes 1 1 0 −1 1, N = 10: n = 5, 3 up, 1 stable, 1 down → 60 / 20 / 20 %, balance = 40.
        // mean 0.4; s² = (3 × 0.6² + 0.4² + 1.4²) / 4 = (1.08 + 0.16 + 1.96) / 4 = 0.8
        // se = 100 √((1 − 5/10) × 0.8 / 5) = 100 √0.08 = 28.284271247461902
        let e = try #require(OpinionEstimator.unweighted([1, 1, 0, -1, 1], population: 10))
        #expect(e.n == 5)
        #expect(e.pctUp == 60 && e.pctStable == 20 && e.pctDown == 20)
        #expect(abs(e.balance - 40) < 1e-12)
        #expect(abs(e.se! - 28.284271247461902) < 1e-12)
        // 95 % interval with t(0.975, n − 1 = 4) = 2.7764451051977934 (scipy.stats.t.ppf):
        // 40 ± 78.5300… = −38.5300…, 118.53… clipped to the balance's range: 100.
        #expect(e.degreesOfFreedom == 4)
        #expect(abs(e.ciLow! - (40 - 2.7764451051977934 * 28.284271247461902)) < 1e-9)
        #expect(e.ciHigh == 100)
        #expect(e.isLowPrecision)
    }

    @Test func unweightedEdgeCases() throws {
        // One answer: no standard error. A census (n = N): se = 0.
        #expect(OpinionEstimator.unweighted([1], population: 5)?.se == nil)
        #expect(OpinionEstimator.unweighted([1, -1], population: 2)?.se == 0)
        #expect(OpinionEstimator.unweighted([], population: 5) == nil)
    }

    @Test func employmentWeighted() throws {
        // One stratum of N = 4 members, all four answering, sizes 10 30 0 60: weights
        // (4/4)·x = x, base 100; up = 10 + 60 = 70, down = 30 → 70 / 0 / 30 %, balance 40;
        // largest weight 60 (0.6 of the total). A census: no sampling error.
        let e = try #require(
            OpinionEstimator.employmentWeighted([
                .init(codes: [1, -1, 0, 1], headcounts: [10, 30, 0, 60], population: 4)
            ]))
        #expect(e.n == 4)
        #expect(e.pctUp == 70 && e.pctStable == 0 && e.pctDown == 30 && e.balance == 40)
        #expect(e.se == 0 && e.base == 100 && e.largestContribution == 60 && e.largestWeightShare == 0.6)
        #expect(OpinionEstimator.employmentWeighted([.init(codes: [1], headcounts: [0], population: 3)]) == nil)
    }

    @Test func poststratifiedBalanceAndStandardError() throws {
        // Stratum A: 1 1 −1, N_A = 6; stratum B: 0 −1, N_B = 4; a third stratum without
        // answers is left out of N_s = 6 + 4 = 10, so the weights are 0.6 and 0.4.
        // ȳ_A = 1/3, ȳ_B = −1/2 → mean = 0.6/3 − 0.4/2 = 0 → balance 0.
        // up = 0.6 × 2/3 = 0.4, down = 0.6 × 1/3 + 0.4 × 1/2 = 0.4, stable = 0.4 × 1/2 = 0.2.
        // s_A² = ((2/3)² + (2/3)² + (4/3)²) / 2 = 4/3; s_B² = (0.5² + 0.5²) / 1 = 0.5.
        // var = 0.6² (1 − 3/6) (4/3)/3 + 0.4² (1 − 2/4) 0.5/2 = 0.08 + 0.02 = 0.1
        // se = 100 √0.1 = 31.622776601683793
        let e = try #require(
            OpinionEstimator.poststratified([
                .init(codes: [1, 1, -1], population: 6), .init(codes: [0, -1], population: 4),
                .init(codes: [], population: 10),
            ]))
        #expect(e.n == 5)
        #expect(abs(e.balance) < 1e-12)
        #expect(abs(e.pctUp - 40) < 1e-12 && abs(e.pctDown - 40) < 1e-12 && abs(e.pctStable - 20) < 1e-12)
        #expect(abs(e.se! - 31.622776601683793) < 1e-12)
    }

    @Test func poststratifiedStratumWithOneAnswerAddsNoVariance() throws {
        // A: 1 −1 with N = 4; D: 1 with N = 4. Weights 0.5, 0.5: mean = 0.5 × 0 + 0.5 × 1 → 50.
        // var = 0.25 × (1 − 2/4) × s_A²/2 with s_A² = (1 + 1)/1 = 2 → 0.125; D adds 0.
        // se = 100 √0.125 = 35.35533905932738
        let e = try #require(
            OpinionEstimator.poststratified([.init(codes: [1, -1], population: 4), .init(codes: [1], population: 4)]))
        #expect(abs(e.balance - 50) < 1e-12)
        #expect(abs(e.se! - 35.35533905932738) < 1e-12)
    }

    /// Property: shares sum to 100 and balance = 100 × mean of the codes, for any answers.
    @Test func sharesSumTo100AndBalanceIsTheMean() {
        var seed: UInt64 = 42
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 33
        }
        for _ in 0..<500 {
            let n = Int(next() % 40) + 1
            let codes = (0..<n).map { _ in Int8(Int(next() % 3) - 1) }
            let e = OpinionEstimator.unweighted(codes, population: n + Int(next() % 50))!
            #expect(abs(e.pctUp + e.pctStable + e.pctDown - 100) < 1e-9)
            #expect(abs(e.balance - 100 * Double(codes.map(Int.init).reduce(0, +)) / Double(n)) < 1e-9)
            let weights: [Double?] = codes.map { _ in Double(next() % 20) }
            if let w = OpinionEstimator.employmentWeighted([.init(codes: codes, headcounts: weights, population: n + 5)]
            ) {
                #expect(abs(w.pctUp + w.pctStable + w.pctDown - 100) < 1e-9)
            }
        }
    }
}

struct ConfidentialityTests {
    func cell(_ b: Breakdown, _ g: String, _ n: Int, share: Double? = nil, keys: String = "q") -> Disclosure {
        Disclosure(group: Group(b, g), keys: keys, contributors: n, dominantShare: share, hasValue: n > 0)
    }

    @Test func primaryRules() {
        let rules = Confidentiality(minCell: 3, dominance: 0.85)
        #expect(rules.primary(cell(.all, "all", 2)) == .confidential)  // 2 < 3
        #expect(rules.primary(cell(.all, "all", 3)) == .ok)
        #expect(rules.primary(cell(.all, "all", 10, share: 0.86)) == .confidential)  // one member > 85 %
        #expect(rules.primary(cell(.all, "all", 10, share: 0.85)) == .ok)  // exactly 85 % is allowed
        #expect(rules.primary(cell(.all, "all", 0)) == .noData)
        #expect(Confidentiality(enabled: false).primary(cell(.all, "all", 1, share: 1)) == .ok)
    }

    @Test func secondarySuppressionTakesTheSmallestOtherGroup() {
        // all published (n = 20); in structure_type, EI (n = 2) is suppressed alone: it could be
        // recomputed from all and the others, so the smallest published one (GEIQ, 4) goes too.
        let cells = [
            cell(.all, "all", 20), cell(.structureType, "AI", 10), cell(.structureType, "EI", 2),
            cell(.structureType, "GEIQ", 4), cell(.structureType, "SAP", 4),
            cell(.region, "Bretagne", 12), cell(.region, "Corse", 8),
        ]
        #expect(Confidentiality().statuses(cells) == [.ok, .ok, .confidential, .confidentialSecondary, .ok, .ok, .ok])
    }

    @Test func aZeroNobodyContributedIsPublishedAndNeverTakenAsSecondary() {
        // ESF in three types: AI 10 members, EI 1 (confidential), GEIQ nothing at all (0 €).
        // GEIQ's zero protects nothing, so the secondary suppression falls on AI instead.
        var zero = cell(.structureType, "GEIQ", 0)
        zero.hasValue = true
        zero.nothingToProtect = true
        let cells = [cell(.all, "all", 11), cell(.structureType, "AI", 10), cell(.structureType, "EI", 1), zero]
        #expect(Confidentiality().statuses(cells) == [.ok, .confidentialSecondary, .confidential, .ok])
    }

    @Test func noSecondaryWhenTwoAreSuppressedOrTheTotalIsNot() {
        let two = [
            cell(.all, "all", 20), cell(.structureType, "AI", 16), cell(.structureType, "EI", 2),
            cell(.structureType, "GEIQ", 2),
        ]
        #expect(Confidentiality().statuses(two) == [.ok, .ok, .confidential, .confidential])
        let hiddenTotal = [cell(.all, "all", 2), cell(.structureType, "AI", 1), cell(.structureType, "EI", 1)]
        #expect(Confidentiality().statuses(hiddenTotal) == [.confidential, .confidential, .confidential])
        // Sets of keys are independent: the same groups under another question are not touched.
        let sets = [
            cell(.all, "all", 20, keys: "a"), cell(.family, "SIAE", 18, keys: "a"),
            cell(.family, "other", 2, keys: "a"),
            cell(.all, "all", 20, keys: "b"), cell(.family, "SIAE", 17, keys: "b"),
            cell(.family, "other", 3, keys: "b"),
        ]
        #expect(Confidentiality().statuses(sets) == [.ok, .confidentialSecondary, .confidential, .ok, .ok, .ok])
    }
}

/// Strata with fewer than 2 answers merged into a neighbour before the post-stratified
/// estimate (issue #9 item 5); the arithmetic is in the comments.
struct MergedStrataTests {
    @Test func smallStrataJoinTheirNeighbours() throws {
        // AI: 2 answers of 10 members; GEIQ: 1 of 3; SAP: 0 of 2; OTHER: 3 of 5.
        // SAP (0 answers) goes first, into the stratum of its family with the most answers
        // (OTHER, 3); then GEIQ (1) into OTHER, its named neighbour: OTHER+SAP+GEIQ, 4 answers
        // of 10 members. The strata's members add up to the group's: 10 + 10 = 20.
        let merged = OpinionEstimator.mergedStrata([
            (.ai, [1, -1], 10), (.aci, [], 0), (.geiq, [1], 3), (.sap, [], 2), (.other, [1, 0, -1], 5),
        ])
        #expect(merged.map(\.label) == ["AI", "OTHER+SAP+GEIQ"])
        #expect(merged.map(\.population) == [10, 10])
        #expect(merged.map(\.codes.count) == [2, 4])
        // Estimate: N_s = 20, each stratum weighs 0.5. AI mean 0, merged mean (1 + 0 − 1 + 1)/4
        // = 0.25 → balance 100 × 0.5 × 0.25 = 12.5. Variance: AI 0.5² × (1 − 2/10) × s² 2 / 2 =
        // 0.2; merged s² = (0.75² + 0.25² + 1.25² + 0.75²)/3 = 2.75/3, 0.5² × (1 − 4/10) ×
        // (2.75/3) / 4 = 0.034375; se = 100 √0.234375 = 48.412291827592713. df = 6 − 2 = 4.
        let e = try #require(OpinionEstimator.poststratified(merged))
        #expect(abs(e.balance - 12.5) < 1e-12)
        #expect(abs(e.se! - 48.412291827592713) < 1e-9)
        #expect(e.degreesOfFreedom == 4)
        // The largest weight one answer carries: 0.5 / 2 = 0.25 (an AI answer).
        #expect(e.largestWeightShare == 0.25)
    }

    @Test func aGroupWithOneAnswerIsOneStratum() {
        let merged = OpinionEstimator.mergedStrata([(.ai, [1], 4), (.aci, [], 6)])
        #expect(merged.count == 1 && merged[0].population == 10 && merged[0].codes == [1])
    }
}

/// The counts the unweighted and post-stratified estimators read.
struct OpinionCountsTests {
    /// s² of the codes with denominator n − 1, the values of Python's `statistics.variance`
    /// on the same lists; 0 for fewer than two answers.
    @Test func sampleVarianceIsThatOfTheCodes() {
        let cases: [([Int8], Double)] = [
            ([1, 0, -1, 1, 1], 0.8), ([1, 1, 1, -1], 1), ([0, 0, 1], 0.3333333333333333),
            ([-1, -1, -1, -1, 0, 1, 1], 0.9047619047619048), ([1, 1, 1], 0),
        ]
        for (codes, expected) in cases {
            let counts = OpinionCounts(codes)
            #expect(abs(counts.sampleVariance - expected) <= 1e-15, "\(codes)")
            #expect(counts.n == codes.count && counts.up == codes.filter { $0 > 0 }.count)
        }
        #expect(OpinionCounts([1]).sampleVariance == 0 && OpinionCounts([]).sampleVariance == 0)
    }
}
