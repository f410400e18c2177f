import Survey

/// A change of balance between two quarters with its delete-one-member jackknife standard
/// error (issue #9 item 7).
public struct ChangeEstimate: Sendable, Equatable {
    /// Δ = θ(current) − θ(previous), each on its full sample.
    public var change: Double
    /// Jackknife standard error of Δ; nil when it cannot be computed (fewer than 2 members,
    /// or a replicate where either period's estimator gives nothing).
    public var se: Double?
    /// m, the members answering in either period.
    public var members: Int
    /// Δ_(j) for each of the m members, in ascending member order (for checks and charts);
    /// empty when a replicate has no Δ.
    public var replicates: [Double]

    /// Whether the change is told apart from no change at the 5 % level: |Δ| ≥ 1.96 se.
    /// Nil without a standard error (then the change cannot be called either way).
    public var isSignificant: Bool? { se.map { ChangeJackknife.isSignificant(change: change, se: $0) } }
}

/// The standard error of a change of an estimator between two periods (Q − 1 or Q − 4) by the
/// delete-one-member jackknife (JK1) over the members answering in either period.
///
/// The two quarters' samples overlap (most members answer every quarter), so their balances
/// are correlated and neither √(se_P² + se_Q²) nor any formula for independent samples is
/// right; deleting a member from both periods at once keeps the covariance (Wolter,
/// *Introduction to Variance Estimation*, the jackknife chapter; Eurostat's *Handbook on
/// precision requirements and variance estimation for ESS household surveys*, 2013, on the
/// variance of net change between overlapping samples). For each of the m members j answering
/// in P or Q,
///
///     Δ_(j) = θ(Q without j) − θ(P without j),   Δ̄ = Σ_j Δ_(j) / m,
///     se    = √( (1 − f) · (m − 1)/m · Σ_j (Δ_(j) − Δ̄)² ),   f = m / N,
///
/// θ the same estimator as the published balance, re-run in full on each replicate (expansion
/// weights N_h/n_h move with n_h, a missing headcount takes the median of the headcounts kept,
/// strata of fewer than 2 answers are merged again on the answers kept): the jackknife is
/// consistent only when every step of the estimation is repeated on each replicate (Wolter,
/// ch. 4; Rust & Rao 1996, "Variance estimation for complex surveys using replication
/// techniques"). N is the active members of the group; (1 − f) is the finite population
/// correction the balances' own standard errors carry (SPEC 4.1), here on the members of
/// either period, the units the replicates delete. The deviations are taken from Δ̄, not from
/// Δ (R's `mse = FALSE`).
///
/// The publication uses `change(previous:current:population:)` on each period's
/// `LeaveOneOut` balances, O(n) per cell; the generic `change(previous:current:member:…)`,
/// which re-runs θ on each replicate (O(n²)), is the definition the tests hold it to.
///
/// R's `survey` gives the same standard error, checked to 1e-9 by `scripts/check-r`
/// (`scripts/check-r-weighted.R`): one row per member of the union (its answers and
/// headcounts in P and Q, NA where it did not answer), then
///
///     d   <- svydesign(ids = ~1, fpc = ~N, data = u)
///     rep <- as.svrepdesign(d, type = "JK1", mse = FALSE)
///     withReplicates(rep, function(w, data) θ(Q of data[w > 0, ]) − θ(P of data[w > 0, ]))
///
/// `jk1weights` gives replicate j the weights 0 for j and m/(m − 1) for the others, and the
/// scale (N − m)/N · (m − 1)/m = (1 − f)(m − 1)/m with rscales 1: exactly the factor above.
/// The m/(m − 1) rescaling does not matter because θ builds its own weights from the members
/// kept.
public enum ChangeJackknife {
    /// Δ = θ(current) − θ(previous) and its jackknife standard error. `member` identifies the
    /// member of an answer (a member's answers are deleted together); `population` is N.
    /// Nil when θ gives nothing on either full sample.
    public static func change<Answer>(
        previous: [Answer], current: [Answer], member: (Answer) -> Int,
        population: Int, estimator: ([Answer]) -> Double?
    ) -> ChangeEstimate? {
        guard let before = estimator(previous), let now = estimator(current) else { return nil }
        let change = now - before
        let members = Set(previous.map(member)).union(current.map(member)).sorted()
        let m = members.count
        var replicates: [Double] = []
        replicates.reserveCapacity(m)
        var complete = true
        for j in members {
            guard let p = estimator(previous.filter { member($0) != j }),
                let q = estimator(current.filter { member($0) != j })
            else {
                complete = false
                continue
            }
            replicates.append(q - p)
        }
        let se = complete ? standardError(replicates, population: population) : nil
        return ChangeEstimate(change: change, se: se, members: m, replicates: complete ? replicates : [])
    }

    /// The same from each period's leave-one-out balances, in one pass over the members of
    /// either period: a member absent from a period leaves that period's balance whole.
    /// Nil-free by construction: both periods have a balance.
    public static func change(previous: LeaveOneOut, current: LeaveOneOut, population: Int) -> ChangeEstimate {
        var replicates: [Double] = []
        replicates.reserveCapacity(max(previous.members.count, current.members.count))
        let (m, complete) = pair(previous, current, into: &replicates)
        return ChangeEstimate(
            change: current.full - previous.full,
            se: complete ? standardError(replicates, population: population) : nil,
            members: m, replicates: complete ? replicates : [])
    }

    /// The standard error alone, with the replicates made in `scratch` (a buffer kept from
    /// cell to cell, so that the publication allocates none per cell).
    static func standardError(
        previous: some PeriodReplicates, current: some PeriodReplicates, population: Int, scratch: inout [Double]
    ) -> Double? {
        scratch.removeAll(keepingCapacity: true)
        let (_, complete) = pair(previous, current, into: &scratch)
        return complete ? standardError(scratch, population: population) : nil
    }

    /// Appends Δ_(j) = θ(current without j) − θ(previous without j) for each member j answering
    /// in either period, in member order (a member absent from a period leaves that period's
    /// balance whole), to `replicates`; returns m, the members, and whether each had both
    /// replicates (when not, `replicates` lacks theirs).
    static func pair(
        _ previous: some PeriodReplicates, _ current: some PeriodReplicates, into replicates: inout [Double]
    )
        -> (members: Int, complete: Bool)
    {
        var complete = true
        var m = 0
        var i = previous.next(from: 0), k = current.next(from: 0)
        while i < previous.count || k < current.count {
            let p = i < previous.count ? previous.member(i) : .max
            let q = k < current.count ? current.member(k) : .max
            var before: Double? = previous.full, now: Double? = current.full
            if p <= q {
                before = previous.deleted(i)
                i = previous.next(from: i + 1)
            }
            if q <= p {
                now = current.deleted(k)
                k = current.next(from: k + 1)
            }
            m += 1
            if let before, let now { replicates.append(now - before) } else { complete = false }
        }
        return (m, complete)
    }

    /// √((1 − f)(m − 1)/m Σ (Δ_(j) − Δ̄)²), f = m/N; nil when m < 2.
    static func standardError(_ replicates: [Double], population: Int) -> Double? {
        let m = replicates.count
        guard m >= 2 else { return nil }
        let mean = replicates.reduce(0, +) / Double(m)
        var squares = 0.0
        for d in replicates { squares += (d - mean) * (d - mean) }
        let fpc = population > 0 ? max(0, 1 - Double(m) / Double(population)) : 1
        return (fpc * Double(m - 1) / Double(m) * squares).squareRoot()
    }

    /// A change is significant at the 5 % level when |Δ| ≥ 1.96 se (two-sided normal test);
    /// otherwise the note calls it "stable" (issue #9 item 7). A change of exactly 0 is never
    /// significant, even with se = 0 (a census of the group).
    public static func isSignificant(change: Double, se: Double, z: Double = 1.96) -> Bool {
        change != 0 && abs(change) >= z * se
    }
}

/// One period of a cell as the jackknife of a change reads it: the period's respondents in
/// member order, the balance on all of them and without each respondent who answered.
/// `LeaveOneOut` holds a value per answering member; the publication reads `Replicates`
/// through the group's columns (`Barometer.PeriodColumns`), whose respondents include those who
/// did not answer the cell's question.
protocol PeriodReplicates {
    /// θ on every answer of the period.
    var full: Double { get }
    /// The respondents, answering the cell or not.
    var count: Int { get }
    /// The member of respondent `i` (ascending in `i`).
    func member(_ i: Int) -> Int
    /// Whether respondent `i` answered the cell.
    func isAnswered(_ i: Int) -> Bool
    /// θ without respondent `i`, who answered; nil when the estimator gives nothing then.
    func deleted(_ i: Int) -> Double?
}

extension PeriodReplicates {
    /// The first respondent from `i` on who answered the cell (`count` when none).
    @inline(__always) func next(from i: Int) -> Int {
        var i = i
        while i < count && !isAnswered(i) { i += 1 }
        return i
    }
}

extension LeaveOneOut: PeriodReplicates {
    var count: Int { members.count }
    func member(_ i: Int) -> Int { members[i] }
    func isAnswered(_ i: Int) -> Bool { true }
    func deleted(_ i: Int) -> Double? { deleted[i] }
}

extension Barometer {
    /// The balance of one question (or of the climate, the mean of its four components) in
    /// one group and weighting, as a function of the responses, for `ChangeJackknife`: the
    /// responses are restricted to the active members of the group, and `.employment` uses the
    /// expansion weights of `employmentWeightedEstimate` when `expansionWeights` is set (the
    /// published size-weighted estimator otherwise).
    public func balanceEstimator(
        _ question: Question, _ w: Weighting, _ g: Group,
        expansionWeights: Bool = true
    ) -> ([BarometerResponse]) -> Double? {
        let frame = self.frame
        return { responses in
            let rs = responses.filter {
                frame.registry.isActive[$0.member] && frame.groups(ofMember: $0.member).contains(g)
            }
            func balance(_ q: Question) -> Double? {
                if w == .employment && expansionWeights {
                    return employmentWeightedEstimate(q, rs, g)?.estimate.balance
                }
                return estimate(q, w, rs, g)?.balance
            }
            if question == .climate {
                let parts = Question.climateComponents.compactMap(balance)
                return parts.count == Question.climateComponents.count ? parts.reduce(0, +) / Double(parts.count) : nil
            }
            return balance(question)
        }
    }

    /// The change of one balance between `previous` and `current` (the quarters' accepted
    /// responses) with its jackknife standard error, over the active members of the group: the
    /// published estimator of each weighting (`leaveOneOut`), in O(n).
    public func change(
        _ question: Question, _ w: Weighting, _ g: Group, previous: [BarometerResponse],
        current: [BarometerResponse]
    ) -> ChangeEstimate? {
        let registry = frame.registry
        let frame = self.frame
        let inGroup = { (rs: [BarometerResponse]) in
            rs.filter { registry.isActive[$0.member] && frame.groups(ofMember: $0.member).contains(g) }
        }
        guard let before = leaveOneOut(question, w, inGroup(previous), g),
            let now = leaveOneOut(question, w, inGroup(current), g)
        else { return nil }
        return ChangeJackknife.change(previous: before, current: now, population: frame.activeMembers[g] ?? 0)
    }

    /// One period's balance of a question (or of the climate) in one group and weighting, on
    /// its full sample and without each member in turn. `responses` are the period's responses
    /// of the active members of `g`; nil when the balance has no estimate.
    public func leaveOneOut(
        _ question: Question, _ w: Weighting, _ responses: some Collection<BarometerResponse>, _ g: Group
    ) -> LeaveOneOut? {
        if question == .climate {
            var parts: [LeaveOneOut] = []
            for q in Question.climateComponents {
                guard let part = leaveOneOut(q, w, responses, g) else { return nil }
                parts.append(part)
            }
            return LeaveOneOut.mean(parts)
        }
        let registry = frame.registry
        switch w {
        case .unweighted:
            return LeaveOneOut.unweighted(
                responses.compactMap { r in question.code(r).map { (r.member, $0.rawValue) } })
        case .poststratified, .employment:
            let answers = responses.compactMap { r in
                question.code(r).map {
                    LeaveOneOut.StratifiedAnswer(
                        member: r.member, code: $0.rawValue, type: registry.structureTypes[r.member],
                        headcount: w == .employment ? Self.headcount(r) : nil)
                }
            }
            let populations = frame.activeByType[g] ?? [:]
            return w == .employment
                ? LeaveOneOut.employmentWeighted(answers, populations: populations)
                : LeaveOneOut.poststratified(answers, populations: populations)
        }
    }
}
