import Survey

/// The employment-weighted balance with expansion weights and its linearised standard error
/// (issue #9 item 6).
///
/// SPEC 4.1's `employment` estimator weights each answer by the member's headcount only, so
/// it has no design behind it and no standard error. Here each answer carries the expansion
/// weight of its structure type times its headcount,
///
///     w_i = (N_h / n_h) · x_i,
///
/// strata h = the structure types of the group, N_h the active members of type h in the group,
/// n_h the respondents of type h with an answer, x_i the respondent's headcount (integration +
/// permanent staff), the median of x in its stratum when it is missing. The balance is the
/// ratio estimator of the employment-weighted mean of the codes y ∈ {+1, 0, −1},
///
///     B = 100 · Σ w_i y_i / Σ w_i,
///
/// (pct_up, pct_stable and pct_down the same ratios of the three indicators), and its variance
/// is the Taylor-linearised variance of a ratio under stratified simple random sampling
/// without replacement (Särndal, Swensson & Wretman, *Model Assisted Survey Sampling*, ch. 5,
/// the ratio of two totals; Wolter, *Introduction to Variance Estimation*, Taylor series
/// methods; the linearisation INSEE's Poulpe applies):
///
///     z_i = w_i (y_i − B/100) / Σ w
///     v   = 100² · Σ_h (1 − n_h/N_h) · n_h/(n_h − 1) · Σ_{i∈h} (z_i − z̄_h)²,   se = √v.
///
/// A stratum with n_h = 1 adds 0 (R's `options(survey.lonely.psu = "certainty")`), and so does
/// a stratum answered in full (n_h = N_h).
///
/// R's `survey` gives the same figures, checked to 1e-9 by `scripts/check-r`
/// (`scripts/check-r-weighted.R`), in two equivalent formulations:
///
///     d <- svydesign(ids = ~1, strata = ~type, fpc = ~N_h, data = s)   # weights N_h/n_h
///     svyratio(~I(x * y), ~x, d)                                       # R̂ = B/100, SE = se/100
///     svymean(~y, svydesign(ids = ~1, strata = ~type, fpc = ~N_h,
///                           weights = ~w, data = s))                 # w = N_h/n_h · x
///
/// `svyratio` linearises with z_i = d_i (a_i − R̂ b_i) / Σ d b, a = x·y, b = x, d = N_h/n_h,
/// which is w_i (y_i − R̂) / Σ w: the formula above term for term. `svymean` with weights w
/// is the same ratio Σ w y / Σ w with the same influence function; the fpc enters as
/// (1 − n_h/N_h) because it is given as the population N_h (the design weights are then the
/// given w, not N_h/n_h). Answers of headcount 0 stay in both (weight 0, z_i = 0): they count
/// in n_h and in z̄_h, as here.
extension OpinionEstimator {
    /// One stratum of the employment-weighted estimate: the answers of the structure type
    /// with their respondents' headcounts, and N_h, its active members in the group.
    public struct WeightedStratum: Sendable, Equatable {
        /// Answers coded +1, 0, −1.
        public var codes: [Int8]
        /// Headcount (integration + permanent) of the respondent of each answer, in the
        /// order of `codes`; nil when missing (then the stratum median is used). A negative
        /// or non-finite value counts as missing.
        public var headcounts: [Double?]
        /// N_h. A population smaller than the stratum's answers is taken as n_h (a census).
        public var population: Int

        /// A stratum of answers with their headcounts (one per answer) and N_h.
        public init(codes: [Int8], headcounts: [Double?], population: Int) {
            precondition(codes.count == headcounts.count, "one headcount per answer")
            self.codes = codes
            self.headcounts = headcounts
            self.population = population
        }
    }

    /// The employment-weighted estimate and what the rules around it need.
    public struct EmploymentWeightedEstimate: Sendable, Equatable {
        /// n = Σ n_h (every answer of the design, headcount 0 included), the three shares,
        /// the balance and its se; `base` = Σ w and `largestContribution` = max w for the
        /// dominance rule (its share is `largestContribution / base`).
        public var estimate: OpinionEstimate
        /// H, the strata with answers (the interval's degrees of freedom are n − H).
        public var strata: Int
        /// Answers with a positive weight (headcount > 0): the members the balance depends on.
        public var contributors: Int
        /// Headcounts imputed with a median.
        public var imputed: Int
        /// w_i per stratum with answers, in the order of the strata and of their answers.
        public var weights: [[Double]]

        /// n − H, the degrees of freedom of the interval.
        public var degreesOfFreedom: Int { estimate.n - strata }
        /// The largest weight's share of Σ w (issue #9 item 2: dominance on weights).
        public var largestWeightShare: Double {
            guard let base = estimate.base, base > 0 else { return 0 }
            return (estimate.largestContribution ?? 0) / base
        }
    }

    /// B = 100 Σ w y / Σ w with w_i = (N_h/n_h) x_i and its linearised standard error (see
    /// the extension's comment); nil when there is no answer or Σ w = 0.
    public static func employmentWeighted(_ strata: [WeightedStratum]) -> OpinionEstimate? {
        employmentWeightedDetail(strata)?.estimate
    }

    /// Same, with the weights, the count of imputed headcounts and the degrees of freedom.
    ///
    /// Missing headcounts are imputed with the median (R's `median`, type 7) of the
    /// stratum's known headcounts; a stratum where none is known takes the median of every
    /// known headcount of the estimate, and when no headcount is known at all there is no
    /// estimate.
    public static func employmentWeightedDetail(_ strata: [WeightedStratum]) -> EmploymentWeightedEstimate? {
        var codes: [Int8] = [], headcounts: [Double] = [], starts = [0], populations: [Int?] = []
        for s in strata {
            codes += s.codes
            headcounts += s.headcounts.map { $0 ?? .nan }
            starts.append(codes.count)
            populations.append(s.population)
        }
        return employmentWeightedDetail(codes: codes, headcounts: headcounts, starts: starts, populations: populations)
    }

    /// The same on answers laid out by stratum, as the barometer holds a group's respondents
    /// (`Barometer.StratumColumns`): stratum h's answers are `codes[starts[h]..<starts[h + 1]]`
    /// (`Replicates.noAnswer` skipped) with their headcounts (NaN where missing) and N_h
    /// `populations[h]` (nil: the stratum's answers). Strata without answers are left out.
    static func employmentWeightedDetail(codes: [Int8], headcounts sizes: [Double], starts: [Int], populations: [Int?])
        -> EmploymentWeightedEstimate?
    {
        func known(_ x: Double) -> Double? { x.isFinite && x >= 0 ? x : nil }
        // The strata with answers, in order, and the headcounts known in them.
        var used: [(stratum: Int, n: Int)] = []
        var allKnown: [Double] = []
        allKnown.reserveCapacity(codes.count)
        for h in populations.indices {
            var n = 0
            for i in starts[h]..<starts[h + 1] where codes[i] != Replicates.noAnswer {
                n += 1
                if let x = known(sizes[i]) { allKnown.append(x) }
            }
            if n > 0 { used.append((h, n)) }
        }
        guard !used.isEmpty, let overallMedian = Quantile.median(allKnown) else { return nil }

        // Weights, stratum after stratum.
        var weights: [[Double]] = []
        var imputed = 0, contributors = 0, n = 0
        var total = 0.0, up = 0.0, down = 0.0, largest = 0.0
        var stratumKnown: [Double] = []
        stratumKnown.reserveCapacity(codes.count)
        for (h, nh) in used {
            n += nh
            let Nh = Double(max(populations[h] ?? nh, nh))
            let expansion = Nh / Double(nh)
            stratumKnown.removeAll(keepingCapacity: true)
            for i in starts[h]..<starts[h + 1] where codes[i] != Replicates.noAnswer {
                if let x = known(sizes[i]) { stratumKnown.append(x) }
            }
            let median = Quantile.median(stratumKnown) ?? overallMedian
            var ws: [Double] = []
            ws.reserveCapacity(nh)
            for i in starts[h]..<starts[h + 1] where codes[i] != Replicates.noAnswer {
                let size: Double
                if let k = known(sizes[i]) {
                    size = k
                } else {
                    size = median
                    imputed += 1
                }
                let w = expansion * size
                ws.append(w)
                if w > 0 { contributors += 1 }
                total += w
                largest = max(largest, w)
                if codes[i] > 0 { up += w } else if codes[i] < 0 { down += w }
            }
            weights.append(ws)
        }
        guard total > 0 else { return nil }
        let ratio = (up - down) / total

        // Linearised variance of the ratio.
        var variance = 0.0
        var z: [Double] = []
        z.reserveCapacity(codes.count)
        for ((h, nh), ws) in zip(used, weights) {
            guard nh >= 2 else { continue }
            let fpc = max(0, 1 - Double(nh) / Double(max(populations[h] ?? nh, nh)))
            z.removeAll(keepingCapacity: true)
            var j = 0
            for i in starts[h]..<starts[h + 1] where codes[i] != Replicates.noAnswer {
                z.append(ws[j] * (Double(codes[i]) - ratio) / total)
                j += 1
            }
            let mean = z.reduce(0, +) / Double(nh)
            var squares = 0.0
            for zi in z { squares += (zi - mean) * (zi - mean) }
            variance += fpc * Double(nh) / Double(nh - 1) * squares
        }
        let estimate = OpinionEstimate(
            n: n, pctUp: 100 * up / total, pctStable: 100 * (total - up - down) / total,
            pctDown: 100 * down / total, balance: 100 * ratio,
            se: 100 * variance.squareRoot(), base: total, largestContribution: largest,
            largestWeightShare: largest / total, degreesOfFreedom: n - used.count)
        return EmploymentWeightedEstimate(
            estimate: estimate, strata: used.count, contributors: contributors,
            imputed: imputed, weights: weights)
    }
}

extension Barometer {
    /// A respondent's headcount for the employment weights: employees_integration +
    /// employees_permanent, a missing one counting 0 (SPEC 4.1); nil when both are missing
    /// (then the stratum median stands in for it).
    public static func headcount(_ r: BarometerResponse) -> Double? {
        if r.employeesIntegration == nil && r.employeesPermanent == nil { return nil }
        return Double((r.employeesIntegration ?? 0) + (r.employeesPermanent ?? 0))
    }

    /// The strata of the employment-weighted estimate for one question and group: the
    /// responses given (active members of the group) split by structure type, N_h from the
    /// registry's active members of the type in the group.
    public func weightedStrata(_ question: Question, _ responses: some Collection<BarometerResponse>, _ g: Group)
        -> [OpinionEstimator.WeightedStratum]
    {
        let registry = frame.registry
        // By the type's ordinal; a type without answers has no stratum.
        var codes = [[Int8]](repeating: [], count: StructureType.allCases.count)
        var sizes = [[Double?]](repeating: [], count: StructureType.allCases.count)
        for r in responses {
            guard let c = question.code(r) else { continue }
            let t = registry.structureTypes[r.member].ordinal
            codes[t].append(c.rawValue)
            sizes[t].append(Self.headcount(r))
        }
        let populations = frame.activeByType[g] ?? [:]
        return StructureType.allCases.compactMap { t in
            let cs = codes[t.ordinal]
            guard !cs.isEmpty else { return nil }
            return OpinionEstimator.WeightedStratum(
                codes: cs, headcounts: sizes[t.ordinal], population: populations[t] ?? cs.count)
        }
    }

    /// The employment-weighted balance with expansion weights for one question and group.
    public func employmentWeightedEstimate(
        _ question: Question, _ responses: some Collection<BarometerResponse>, _ g: Group
    ) -> OpinionEstimator.EmploymentWeightedEstimate? {
        OpinionEstimator.employmentWeightedDetail(weightedStrata(question, responses, g))
    }
}
