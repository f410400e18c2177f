import Survey

/// One period's leave-one-out balances of one cell (question × weighting × group), by kind of
/// deleted answer: what `LeaveOneOut` holds, without a value per member.
///
/// A replicate depends only on what the deleted answer was (its code, and for the weighted
/// estimators its structure type and headcount), so a cell has a few dozen distinct
/// replicates however many members answer it. Each answer holds the index of its kind (four
/// bytes) instead of its own value and member (twenty-four): the jackknife of a change reads
/// the values through these indices while it pairs the two periods' members.
public struct Replicates: Sendable, Equatable {
    /// θ on every answer of the period.
    public var full: Double
    /// θ without one answer of each kind met; nil where the estimator gives nothing then.
    public var values: [Double?]
    /// For each position of the columns the replicates were made from: the index in `values`
    /// of its answer's replicate, or -1 where the respondent did not answer the question.
    public var kinds: [Int32]

    /// The code of a respondent who did not answer, in the columns the builders read.
    public static let noAnswer = Int8.min

    /// Whether the respondent at `position` answered the question.
    @inline(__always) func answered(_ position: Int) -> Bool { kinds[position] >= 0 }

    /// θ without the respondent at `position`, who answered.
    @inline(__always) func deleted(_ position: Int) -> Double? { values[Int(kinds[position])] }

    /// The same as a `LeaveOneOut`, the respondents' members given in the columns' order.
    func leaveOneOut(members: [Int]) -> LeaveOneOut {
        let answering = kinds.indices.filter { kinds[$0] >= 0 }
        return LeaveOneOut(
            full: full, answering, member: { members[$0] }, replicate: { values[Int(kinds[$0])] })
    }

    // MARK: The three estimators

    /// Unweighted: θ = 100 Σy/n, and without j 100 (Σy − y_j)/(n − 1). `codes` are +1, 0, −1,
    /// or `noAnswer`.
    public static func unweighted(_ codes: [Int8]) -> Replicates? {
        var n = 0, sum = 0
        for c in codes where c != noAnswer {
            n += 1
            sum += Int(c)
        }
        guard n > 0 else { return nil }
        let values: [Double?] = (-1...1).map { c in n > 1 ? 100 * Double(sum - c) / Double(n - 1) : nil }
        return Replicates(
            full: 100 * Double(sum) / Double(n), values: values,
            kinds: codes.map { $0 == noAnswer ? -1 : Int32($0) + 1 })
    }

    /// Post-stratified with small strata merged (`OpinionEstimator.mergedStrata`): the
    /// replicate without j merges the types again with one answer less in j's type, as the
    /// published estimate would on the members kept, and depends only on j's type and answer,
    /// so at most 7 × 3 replicates are computed, each from the types' counts. `types` are the
    /// respondents' structure types (`StructureType.ordinal`); `populations` is N_h of every
    /// structure type of the group.
    public static func poststratified(_ codes: [Int8], types: [UInt8], populations: [StructureType: Int])
        -> Replicates?
    {
        let structureTypes = StructureType.allCases
        var counts = [(up: Int, down: Int, n: Int)](repeating: (0, 0, 0), count: structureTypes.count)
        for (c, t) in zip(codes, types) where c != noAnswer {
            counts[Int(t)].n += 1
            if c > 0 { counts[Int(t)].up += 1 } else if c < 0 { counts[Int(t)].down += 1 }
        }
        func balance(_ counts: [(up: Int, down: Int, n: Int)]) -> Double? {
            let plan = OpinionEstimator.mergePlan(
                structureTypes.enumerated().map { i, t in
                    (type: t, count: counts[i].n, population: populations[t] ?? counts[i].n)
                })
            // OpinionEstimator.poststratified on the merged strata, term for term.
            var strata: [(up: Int, down: Int, n: Int, population: Int)] = []
            for members in plan {
                var s = (up: 0, down: 0, n: 0, population: 0)
                for i in members {
                    s.up += counts[i].up
                    s.down += counts[i].down
                    s.n += counts[i].n
                    s.population += populations[structureTypes[i]] ?? counts[i].n
                }
                if s.n > 0 { strata.append(s) }
            }
            guard !strata.isEmpty else { return nil }
            let Ns = Double(strata.map(\.population).reduce(0, +))
            guard Ns > 0 else { return nil }
            var up = 0.0, down = 0.0
            for s in strata {
                let weight = Double(s.population) / Ns
                up += weight * Double(s.up) / Double(s.n)
                down += weight * Double(s.down) / Double(s.n)
            }
            return 100 * (up - down)
        }
        guard let full = balance(counts) else { return nil }
        // Kind t·3 + answer + 1; the replicates of the kinds met only.
        var values = [Double?](repeating: nil, count: 3 * structureTypes.count)
        var made = [Bool](repeating: false, count: values.count)
        var kinds = [Int32](repeating: -1, count: codes.count)
        for (i, (c, t)) in zip(codes, types).enumerated() where c != noAnswer {
            let kind = Int(t) * 3 + Int(c) + 1
            kinds[i] = Int32(kind)
            guard !made[kind] else { continue }
            made[kind] = true
            var less = counts
            less[Int(t)].n -= 1
            if c > 0 { less[Int(t)].up -= 1 } else if c < 0 { less[Int(t)].down -= 1 }
            values[kind] = balance(less)
        }
        return Replicates(full: full, values: values, kinds: kinds)
    }

    /// Employment-weighted with expansion weights (`OpinionEstimator.employmentWeightedDetail`):
    /// B = 100 Σ_h e_h (A_h + m_h U_h) / Σ_h e_h (K_h + m_h M_h), e_h = N_h/n_h, A_h and K_h the
    /// sums of x·y and x over known headcounts, U_h and M_h the sum of y and the count over
    /// missing ones, m_h the median of the stratum's known headcounts (of all known ones when
    /// it has none). Deleting j changes e, A, K, U or M of j's stratum and, when j's headcount
    /// is known, the medians it enters; the medians of n − 1 values are read off the sorted n.
    /// `headcounts` are the respondents' headcounts, NaN where missing (as is a negative one).
    public static func employmentWeighted(
        _ codes: [Int8], types: [UInt8], headcounts: [Double], populations: [StructureType: Int]
    ) -> Replicates? {
        func known(_ x: Double) -> Double? { x.isFinite && x >= 0 ? x : nil }
        struct Stratum {
            var n = 0, population = 0, missing = 0
            var xy = 0.0, x = 0.0, missingY = 0.0
            var sorted: [Double] = []
        }
        let structureTypes = StructureType.allCases
        var strata = [Stratum](repeating: Stratum(), count: structureTypes.count)
        var all: [Double] = []
        var answers = 0
        for i in codes.indices where codes[i] != noAnswer {
            let t = Int(types[i]), y = codes[i]
            answers += 1
            strata[t].n += 1
            if let x = known(headcounts[i]) {
                strata[t].xy += x * Double(y)
                strata[t].x += x
                strata[t].sorted.append(x)
                all.append(x)
            } else {
                strata[t].missing += 1
                strata[t].missingY += Double(y)
            }
        }
        for t in structureTypes.indices {
            LeaveOneOut.sortHeadcounts(&strata[t].sorted)
            strata[t].population = populations[structureTypes[t]] ?? strata[t].n
        }
        LeaveOneOut.sortHeadcounts(&all)

        /// Type 7 median of `sorted` without the element at `rank` (none removed when nil),
        /// with `Quantile.type7`'s arithmetic.
        func median(_ sorted: [Double], without rank: Int?) -> Double? {
            let k = sorted.count - (rank == nil ? 0 : 1)
            guard k > 0 else { return nil }
            func at(_ i: Int) -> Double { rank.map { i < $0 ? sorted[i] : sorted[i + 1] } ?? sorted[i] }
            let h = Double(k - 1) * 0.5
            let lo = Int(h.rounded(.down))
            let hi = min(lo + 1, k - 1)
            return at(lo) + (h - Double(lo)) * (at(hi) - at(lo))
        }
        func rank(_ x: Double, in sorted: [Double]) -> Int {
            var lo = 0, hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        let stratumMedians = strata.map { median($0.sorted, without: nil) }
        let overall = median(all, without: nil)

        /// The balance with j (stratum `d`, answer `y`, known headcount `x`) taken out, or the
        /// full one when `d` is nil.
        func balance(deleting d: Int?, y: Double, x: Double?) -> Double? {
            var overallMedian = overall
            if d != nil, let x { overallMedian = median(all, without: rank(x, in: all)) }
            guard let overallMedian else { return nil }
            var num = 0.0, den = 0.0
            for t in strata.indices {
                var s = strata[t]
                var m = stratumMedians[t]
                if t == d {
                    s.n -= 1
                    if let x {
                        s.xy -= x * y
                        s.x -= x
                        m = median(s.sorted, without: rank(x, in: s.sorted))
                    } else {
                        s.missing -= 1
                        s.missingY -= y
                    }
                }
                guard s.n > 0 else { continue }
                let e = Double(max(s.population, s.n)) / Double(s.n)
                let size = m ?? overallMedian
                num += e * (s.xy + size * s.missingY)
                den += e * (s.x + size * Double(s.missing))
            }
            return den > 0 ? 100 * num / den : nil
        }
        guard let full = balance(deleting: nil, y: 0, x: nil) else { return nil }
        // A replicate depends only on the deleted answer's type, code and headcount: members
        // alike share it (headcounts are whole numbers, few distinct ones in a stratum).
        // Whole headcounts in a range not much wider than the answers (staff counts are) are
        // looked up in a dense table by (type, answer, headcount) rather than hashed.
        var largest = -1.0, whole = true
        for i in codes.indices where codes[i] != noAnswer {
            guard let x = known(headcounts[i]) else { continue }
            if x.rounded(.towardZero) != x || x >= 65_536 {
                whole = false
                break
            }
            largest = max(largest, x)
        }
        let width = Int(largest) + 2
        var values: [Double?] = []
        var kinds = [Int32](repeating: -1, count: codes.count)
        func value(_ i: Int) -> Int32 {
            values.append(balance(deleting: Int(types[i]), y: Double(codes[i]), x: known(headcounts[i])))
            return Int32(values.count - 1)
        }
        if whole && 3 * structureTypes.count * width <= 4 * answers {
            var dense = [Int32](repeating: -1, count: 3 * structureTypes.count * width)
            for i in codes.indices where codes[i] != noAnswer {
                let slot =
                    (Int(types[i]) * 3 + Int(codes[i]) + 1) * width + (known(headcounts[i]).map { Int($0) + 1 } ?? 0)
                if dense[slot] < 0 { dense[slot] = value(i) }
                kinds[i] = dense[slot]
            }
        } else {
            struct Deleted: Hashable {
                var type: UInt8, code: Int8, headcount: Double?
            }
            var made: [Deleted: Int32] = [:]
            for i in codes.indices where codes[i] != noAnswer {
                let key = Deleted(type: types[i], code: codes[i], headcount: known(headcounts[i]))
                if let kind = made[key] {
                    kinds[i] = kind
                } else {
                    kinds[i] = value(i)
                    made[key] = kinds[i]
                }
            }
        }
        return Replicates(full: full, values: values, kinds: kinds)
    }
}
