import Survey

/// Estimates of opinion shares and balances from answers coded +1, 0, −1 (SPEC 4.1).
///
/// A balance is pct_up − pct_down in points, which is 100 × the mean of the codes, so each
/// estimator is a mean estimator and its standard error is that of a mean, × 100.
public struct OpinionEstimate: Sendable, Equatable {
    /// Answers used.
    public var n: Int
    /// Share of answers up (or easy cash), in percent; weighted as the estimator weighs them.
    public var pctUp: Double
    /// Share of answers stable (or normal cash), in percent.
    public var pctStable: Double
    /// Share of answers down (or difficult cash), in percent.
    public var pctDown: Double
    /// pct_up − pct_down, in points.
    public var balance: Double
    /// Standard error of the balance in points; nil where the design gives none.
    public var se: Double?
    /// The additive base of a weighted estimate (the weight sum) and the largest single
    /// weight in it, for the dominance rule; nil for count-only estimates.
    public var base: Double?
    /// The largest single weight in `base`, for the dominance rule.
    public var largestContribution: Double?
    /// The largest share of the total weight one respondent carries (N_h/(n_h·N_s) in a
    /// post-stratified estimate, x_i/Σx in an employment-weighted one), for the weight-share
    /// rule; nil for unweighted estimates, where every answer weighs 1/n.
    public var largestWeightShare: Double?

    /// Degrees of freedom of the interval: n − H, H the strata (1 for an unweighted estimate).
    public var degreesOfFreedom: Int?

    /// The 95 % interval `balance ± t(0.975, n − H)·se`, clipped to [−100, 100] where a
    /// balance lives: with five answers the normal 1.96 would understate it by a quarter.
    public var ciLow: Double? { halfWidth.map { max(-100, balance - $0) } }
    /// The upper bound of the 95 % interval (see `ciLow`).
    public var ciHigh: Double? { halfWidth.map { min(100, balance + $0) } }

    private var halfWidth: Double? {
        guard let se, let df = degreesOfFreedom, df >= 1 else { return nil }
        return StudentT.critical95(df: df) * se
    }

    /// Fewer answers than this and the estimate is flagged `low_precision` (issue #9): its
    /// interval is wide whatever the rules publish.
    public static let precisionMinimum = 10
    /// Whether the estimate rests on fewer than `precisionMinimum` answers.
    public var isLowPrecision: Bool { n < OpinionEstimate.precisionMinimum }
}

/// The three estimators of a balance and their standard errors: unweighted, post-stratified and (in
/// EmploymentWeightedBalance.swift) employment-weighted.
public enum OpinionEstimator {
    /// Simple random sampling without replacement of n answers from the N active members of
    /// the group: se = 100 √((1 − n/N) s²/n), s² with denominator n − 1; no se when n < 2.
    public static func unweighted(_ codes: [Int8], population N: Int) -> OpinionEstimate? {
        unweighted(OpinionCounts(codes), population: N)
    }

    /// The same from the answers' counts, which are all the estimator reads.
    public static func unweighted(_ counts: OpinionCounts, population N: Int) -> OpinionEstimate? {
        let n = counts.n, up = counts.up, down = counts.down
        guard n > 0 else { return nil }
        let mean = Double(up - down) / Double(n)
        var se: Double? = nil
        if n >= 2 {
            let s2 = counts.sampleVariance
            let fpc = N > 0 ? max(0, 1 - Double(n) / Double(N)) : 1
            se = 100 * (fpc * s2 / Double(n)).squareRoot()
        }
        return OpinionEstimate(
            n: n, pctUp: 100 * Double(up) / Double(n), pctStable: 100 * Double(n - up - down) / Double(n),
            pctDown: 100 * Double(down) / Double(n), balance: 100 * mean, se: se, degreesOfFreedom: n - 1)
    }

    /// One stratum of a post-stratified estimate: the answers in it and N_h, its active
    /// members in the group.
    public struct Stratum: Sendable {
        /// The answers of the stratum, coded +1, 0, −1.
        public var codes: [Int8]
        /// N_h: the active members of the stratum in the group.
        public var population: Int
        /// What the stratum is, for messages and cross-checks (`GEIQ+OTHER` once merged).
        public var label: String
        /// A stratum of `codes` out of `population` members.
        public init(codes: [Int8], population: Int, label: String = "") {
            self.codes = codes
            self.population = population
            self.label = label
        }
    }

    /// Strata of structure types with fewer than 2 answers merged into a neighbour, so that
    /// every stratum has a variance and the strata's populations add up to the group's
    /// (a type with no answer is not dropped from N): GEIQ → OTHER, EI → ETTI, and otherwise
    /// the stratum of the same family with the most answers, then any with the most (issue #9;
    /// collapsing strata is the usual remedy for strata with one unit, as in Cochran 5A.12 and
    /// R survey's `lonely.psu` options). Deterministic: the smallest stratum first, ties in
    /// type order.
    public static func mergedStrata(_ types: [(type: StructureType, codes: [Int8], population: Int)]) -> [Stratum] {
        mergePlan(types.map { (type: $0.type, count: $0.codes.count, population: $0.population) }).map { members in
            var stratum = Stratum(
                codes: [], population: 0,
                label: members.map { types[$0].type.rawValue }.joined(separator: "+"))
            for i in members {
                stratum.codes += types[i].codes
                stratum.population += types[i].population
            }
            return stratum
        }
    }

    /// The merging of `mergedStrata` on counts alone: the strata, each as the positions in
    /// `types` of the structure types it holds, in the order they joined it. The jackknife of a
    /// change replays it with one answer less in a type (`LeaveOneOut`), so that each replicate
    /// merges as the published estimate would on the members it keeps, without copying answers.
    static func mergePlan(_ types: [(type: StructureType, count: Int, population: Int)]) -> [[Int]] {
        var strata = types.indices.filter { types[$0].population > 0 || types[$0].count > 0 }
            .map { (members: [$0], type: types[$0].type, count: types[$0].count) }
        let preferred: [StructureType: StructureType] = [.geiq: .other, .ei: .etti]
        while strata.count > 1,
            let small = strata.indices.filter({ strata[$0].count < 2 })
                .min(by: { (strata[$0].count, strata[$0].type) < (strata[$1].count, strata[$1].type) })
        {
            let source = strata[small]
            let others = strata.indices.filter { $0 != small }
            let family = source.type.family
            func most(_ candidates: [Int]) -> Int? {
                candidates.max { (strata[$0].count, strata[$1].type) < (strata[$1].count, strata[$0].type) }
            }
            let target =
                others.first { i in
                    preferred[source.type].map { t in strata[i].members.contains { types[$0].type == t } } ?? false
                }
                ?? most(others.filter { strata[$0].type.family == family }) ?? most(others)!
            strata[target].members += source.members
            strata[target].count += source.count
            strata.remove(at: small)
        }
        return strata.map(\.members)
    }

    /// Stratified estimator with strata = structure type: mean = Σ (N_h/N_s) ȳ_h over strata
    /// with answers (N_s = Σ N_h over them); var = Σ (N_h/N_s)² (1 − n_h/N_h) s_h²/n_h, a
    /// stratum with one answer adding 0. The three shares are stratified the same way.
    /// This is R's `svymean` on `svydesign(ids = ~1, strata = ~type, fpc = ~N_h)`.
    public static func poststratified(_ strata: [Stratum]) -> OpinionEstimate? {
        poststratified(strata.map { (counts: OpinionCounts($0.codes), population: $0.population) })
    }

    /// The same from each stratum's counts of answers and N_h, which are all it reads.
    public static func poststratified(_ strata: [(counts: OpinionCounts, population: Int)]) -> OpinionEstimate? {
        let used = strata.filter { $0.counts.n > 0 }
        guard !used.isEmpty else { return nil }
        let Ns = Double(used.map(\.population).reduce(0, +))
        guard Ns > 0 else { return nil }
        var up = 0.0, stable = 0.0, down = 0.0, variance = 0.0, n = 0, largestWeight = 0.0
        for s in used {
            let nh = s.counts.n, u = s.counts.up, d = s.counts.down
            n += nh
            let weight = Double(s.population) / Ns
            largestWeight = max(largestWeight, weight / Double(nh))
            up += weight * Double(u) / Double(nh)
            down += weight * Double(d) / Double(nh)
            stable += weight * Double(nh - u - d) / Double(nh)
            if nh >= 2 {
                let fpc = max(0, 1 - Double(nh) / Double(s.population))
                variance += weight * weight * fpc * s.counts.sampleVariance / Double(nh)
            }
        }
        return OpinionEstimate(
            n: n, pctUp: 100 * up, pctStable: 100 * stable, pctDown: 100 * down,
            balance: 100 * (up - down), se: 100 * variance.squareRoot(), largestWeightShare: largestWeight,
            degreesOfFreedom: n - used.count)
    }
}

/// The answers of an opinion question counted: all that the unweighted and post-stratified
/// estimators read, so that a group's cells are counted in one pass over its respondents.
public struct OpinionCounts: Sendable, Equatable {
    /// Answers +1.
    public var up = 0
    /// Answers −1.
    public var down = 0
    /// Answers, of the three codes.
    public var n = 0

    /// No answer yet.
    public init() {}

    /// Counts `codes` (+1, 0, −1).
    public init(_ codes: [Int8]) {
        for c in codes { add(c) }
    }

    /// Counts one answer.
    @inline(__always) public mutating func add(_ code: Int8) {
        n += 1
        if code > 0 { up += 1 } else if code < 0 { down += 1 }
    }

    /// Adds another set of answers (strata merged).
    public static func += (a: inout OpinionCounts, b: OpinionCounts) {
        a.up += b.up
        a.down += b.down
        a.n += b.n
    }

    /// s² of the codes with denominator n − 1 (0 for fewer than two answers), exactly:
    /// Σ (y − ȳ)² = Σ y² − (Σ y)²/n = ((up + down)·n − (up − down)²)/n, an integer numerator,
    /// so s² is the exact value rounded once, whatever the order of the answers.
    public var sampleVariance: Double {
        guard n > 1 else { return 0 }
        let sum = up - down, squares = up + down
        return Double(squares * n - sum * sum) / (Double(n) * Double(n - 1))
    }
}
