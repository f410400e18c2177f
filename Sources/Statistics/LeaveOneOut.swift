import Survey

/// One period's balance on its full sample and with each of its members deleted in turn: the
/// two halves of a jackknife replicate of a change (`ChangeJackknife`).
///
/// Deleting a member changes one answer of one stratum, so each replicate is the full-sample
/// sums less that member's contribution: O(1) per member (O(n) per cell) instead of
/// re-running the estimator on n − 1 answers for each of the n members (O(n²)). The builders
/// below reproduce the published estimators exactly, merging of small strata and median
/// imputation of headcounts included, and a test compares them with the re-run estimator
/// (`ChangeJackknife.change(previous:current:member:population:estimator:)`) on the sample.
public struct LeaveOneOut: Sendable, Equatable {
    /// θ on every answer of the period.
    public var full: Double
    /// The members answering, ascending (one answer per member and period: the loader keeps
    /// the later of two lines).
    public var members: [Int]
    /// θ without `members[i]`; nil when the estimator gives nothing without that member.
    public var deleted: [Double?]

    public init(full: Double, members: [Int], deleted: [Double?]) {
        precondition(members.count == deleted.count, "one replicate per member")
        self.full = full
        self.members = members
        self.deleted = deleted
    }

    /// The same from the answers of a period, each member's replicate made by `replicate` in
    /// the answers' order. The publication gives them in member order already
    /// (`GroupSample.inMemberOrder`); otherwise they are put in member order, a member's
    /// answers in their own order.
    init<Answer>(full: Double, _ answers: [Answer], member: (Answer) -> Int, replicate: (Answer) -> Double?) {
        var members: [Int] = []
        var deleted: [Double?] = []
        members.reserveCapacity(answers.count)
        deleted.reserveCapacity(answers.count)
        var inOrder = true
        for a in answers {
            let m = member(a)
            if let last = members.last, last >= m { inOrder = false }
            members.append(m)
            deleted.append(replicate(a))
        }
        if !inOrder {
            let order = members.indices.sorted { members[$0] < members[$1] }
            members = order.map { members[$0] }
            deleted = order.map { deleted[$0] }
        }
        self.init(full: full, members: members, deleted: deleted)
    }

    /// The mean of several estimators (the climate: the mean of its four balances), deleting a
    /// member from each at once; a member absent from a component leaves that component whole.
    public static func mean(_ parts: [LeaveOneOut]) -> LeaveOneOut {
        precondition(!parts.isEmpty)
        let count = Double(parts.count)
        var members: [Int] = []
        var deleted: [Double?] = []
        var cursors = [Int](repeating: 0, count: parts.count)
        while true {
            var next = Int.max
            for (k, p) in parts.enumerated() where cursors[k] < p.members.count {
                next = min(next, p.members[cursors[k]])
            }
            guard next != .max else { break }
            var sum: Double? = 0
            for (k, p) in parts.enumerated() {
                var value: Double? = p.full
                if cursors[k] < p.members.count && p.members[cursors[k]] == next {
                    value = p.deleted[cursors[k]]
                    cursors[k] += 1
                }
                sum = sum.flatMap { s in value.map { s + $0 } }
            }
            members.append(next)
            deleted.append(sum.map { $0 / count })
        }
        return LeaveOneOut(full: parts.map(\.full).reduce(0, +) / count, members: members, deleted: deleted)
    }

    /// `mean(_:)` made one part at a time, so that the parts need not all be held at once: the
    /// same arithmetic in the same order (each member's sum starts at 0 and adds the parts in
    /// the order given, a part's full value where the member did not answer it).
    public struct RunningMean: Sendable {
        private var parts = 0
        /// 0 + full₀ + full₁ + … over the parts added, in that order.
        private var fullSum = 0.0
        /// The members met so far, ascending, with their sums; `hasSum[i]` false where a part
        /// had no replicate for the member (nil). Narrow columns: this is held per respondent
        /// while a group's rows are made.
        private var members: [Int32] = []
        private var sums: [Double] = []
        private var hasSum: [Bool] = []
        /// A part was nil: the mean has no replicates (as `mean` is not made then).
        private var incomplete = false

        public init() {}

        public mutating func add(_ part: LeaveOneOut?) {
            guard let part else {
                incomplete = true
                return
            }
            if incomplete { return }
            // The size of the union first, so that each column is allocated once, exactly.
            var union = 0, i = 0, k = 0
            while i < members.count || k < part.members.count {
                let a = i < members.count ? Int(members[i]) : .max
                let b = k < part.members.count ? part.members[k] : .max
                if a <= b { i += 1 }
                if b <= a { k += 1 }
                union += 1
            }
            var mergedMembers: [Int32] = [], mergedSums: [Double] = [], mergedHas: [Bool] = []
            mergedMembers.reserveCapacity(union)
            mergedSums.reserveCapacity(union)
            mergedHas.reserveCapacity(union)
            i = 0
            k = 0
            while i < members.count || k < part.members.count {
                let a = i < members.count ? Int(members[i]) : .max
                let b = k < part.members.count ? part.members[k] : .max
                let sum: Double?, value: Double?
                if a <= b {
                    sum = hasSum[i] ? sums[i] : nil
                    i += 1
                } else {
                    sum = fullSum
                }
                if b <= a {
                    value = part.deleted[k]
                    k += 1
                } else {
                    value = part.full
                }
                mergedMembers.append(Int32(min(a, b)))
                let total = sum.flatMap { s in value.map { s + $0 } }
                mergedSums.append(total ?? 0)
                mergedHas.append(total != nil)
            }
            members = mergedMembers
            sums = mergedSums
            hasSum = mergedHas
            fullSum += part.full
            parts += 1
        }

        /// The mean of the parts added; nil when one was nil or none was added.
        public var result: LeaveOneOut? {
            guard !incomplete, parts > 0 else { return nil }
            let count = Double(parts)
            return LeaveOneOut(
                full: fullSum / count, members: members.map { Int($0) },
                deleted: sums.indices.map { hasSum[$0] ? sums[$0] / count : nil })
        }
    }

    // MARK: The three estimators

    /// Unweighted: θ = 100 Σy/n, and without j 100 (Σy − y_j)/(n − 1).
    public static func unweighted(_ answers: [(member: Int, code: Int8)]) -> LeaveOneOut? {
        let n = answers.count
        guard n > 0 else { return nil }
        var sum = 0
        for a in answers { sum += Int(a.code) }
        return LeaveOneOut(
            full: 100 * Double(sum) / Double(n),
            answers, member: { $0.member },
            replicate: { a in n > 1 ? 100 * Double(sum - Int(a.code)) / Double(n - 1) : nil })
    }

    /// One answer of a post-stratified or employment-weighted estimate.
    public struct StratifiedAnswer: Sendable {
        public var member: Int
        public var code: Int8
        public var type: StructureType
        /// The respondent's headcount (employment weighting only; nil when missing).
        public var headcount: Double?
        public init(member: Int, code: Int8, type: StructureType, headcount: Double?) {
            (self.member, self.code, self.type, self.headcount) = (member, code, type, headcount)
        }
    }

    /// Post-stratified with small strata merged (`OpinionEstimator.mergedStrata`): the
    /// replicate without j merges the types again with one answer less in j's type, as the
    /// published estimate would on the members kept, and depends only on j's type and answer,
    /// so at most 7 × 3 replicates are computed, each from the types' counts.
    /// `populations` is N_h of every structure type of the group.
    public static func poststratified(_ answers: [StratifiedAnswer], populations: [StructureType: Int]) -> LeaveOneOut?
    {
        let types = StructureType.allCases
        var counts = [(up: Int, down: Int, n: Int)](repeating: (0, 0, 0), count: types.count)
        for a in answers {
            let t = a.type.ordinal
            counts[t].n += 1
            if a.code > 0 { counts[t].up += 1 } else if a.code < 0 { counts[t].down += 1 }
        }
        func balance(_ counts: [(up: Int, down: Int, n: Int)]) -> Double? {
            let plan = OpinionEstimator.mergePlan(
                types.enumerated().map { i, t in
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
                    s.population += populations[types[i]] ?? counts[i].n
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
        // Replicates by (type, answer + 1).
        var replicates = [[Double??]](repeating: [nil, nil, nil], count: types.count)
        return LeaveOneOut(
            full: full,
            answers, member: { $0.member },
            replicate: { a in
                let t = a.type.ordinal, c = Int(a.code) + 1
                if let known = replicates[t][c] { return known }
                var less = counts
                less[t].n -= 1
                if a.code > 0 { less[t].up -= 1 } else if a.code < 0 { less[t].down -= 1 }
                let value = balance(less)
                replicates[t][c] = .some(value)
                return value
            })
    }

    /// Sorts headcounts ascending: by counting when they are whole numbers (as staff counts
    /// are) in a range not much wider than their number, which gives the same array as
    /// `sort()` in linear time; by `sort()` otherwise.
    static func sortHeadcounts(_ values: inout [Double]) {
        guard let counts = Quantile.wholeNumberCounts(values) else {
            values.sort()
            return
        }
        var i = 0
        for k in counts.indices {
            for _ in 0..<counts[k] {
                values[i] = Double(k)
                i += 1
            }
        }
    }

    /// Employment-weighted with expansion weights (`OpinionEstimator.employmentWeightedDetail`):
    /// B = 100 Σ_h e_h (A_h + m_h U_h) / Σ_h e_h (K_h + m_h M_h), e_h = N_h/n_h, A_h and K_h the
    /// sums of x·y and x over known headcounts, U_h and M_h the sum of y and the count over
    /// missing ones, m_h the median of the stratum's known headcounts (of all known ones when
    /// it has none). Deleting j changes e, A, K, U or M of j's stratum and, when j's headcount
    /// is known, the medians it enters; the medians of n − 1 values are read off the sorted n.
    public static func employmentWeighted(_ answers: [StratifiedAnswer], populations: [StructureType: Int])
        -> LeaveOneOut?
    {
        func known(_ x: Double?) -> Double? {
            guard let x, x.isFinite, x >= 0 else { return nil }
            return x
        }
        struct Stratum {
            var n = 0, population = 0, missing = 0
            var xy = 0.0, x = 0.0, missingY = 0.0
            var sorted: [Double] = []
        }
        let types = StructureType.allCases
        var strata = [Stratum](repeating: Stratum(), count: types.count)
        var all: [Double] = []
        for a in answers {
            let t = a.type.ordinal
            strata[t].n += 1
            if let x = known(a.headcount) {
                strata[t].xy += x * Double(a.code)
                strata[t].x += x
                strata[t].sorted.append(x)
                all.append(x)
            } else {
                strata[t].missing += 1
                strata[t].missingY += Double(a.code)
            }
        }
        for t in types.indices {
            Self.sortHeadcounts(&strata[t].sorted)
            strata[t].population = populations[types[t]] ?? strata[t].n
        }
        Self.sortHeadcounts(&all)

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
        struct Deleted: Hashable {
            var type: Int, code: Int8, headcount: Double?
        }
        // Whole headcounts in a range not much wider than the answers (staff counts are) are
        // looked up in a dense table by (type, answer, headcount) rather than hashed.
        var largest = -1.0, whole = true
        for a in answers {
            guard let x = known(a.headcount) else { continue }
            if x.rounded(.towardZero) != x || x.sign == .minus || x >= 65_536 {
                whole = false
                break
            }
            largest = max(largest, x)
        }
        let width = Int(largest) + 2
        if whole && 21 * width <= 4 * answers.count {
            var dense = [Double??](repeating: nil, count: 21 * width)
            return LeaveOneOut(
                full: full,
                answers, member: { $0.member },
                replicate: { a in
                    let x = known(a.headcount)
                    let slot = (a.type.ordinal * 3 + Int(a.code) + 1) * width + (x.map { Int($0) + 1 } ?? 0)
                    if let value = dense[slot] { return value }
                    let value = balance(deleting: a.type.ordinal, y: Double(a.code), x: x)
                    dense[slot] = .some(value)
                    return value
                })
        }
        var replicates: [Deleted: Double?] = [:]
        return LeaveOneOut(
            full: full,
            answers, member: { $0.member },
            replicate: { a in
                let key = Deleted(type: a.type.ordinal, code: a.code, headcount: known(a.headcount))
                if let value = replicates[key] { return value }
                let value = balance(deleting: key.type, y: Double(a.code), x: key.headcount)
                replicates[key] = .some(value)
                return value
            })
    }
}
