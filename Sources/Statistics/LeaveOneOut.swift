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

    /// The balances of a period, given whole: `deleted[i]` is θ without `members[i]`.
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

    // MARK: The three estimators (`Replicates`, one value per member)

    /// Unweighted: θ = 100 Σy/n, and without j 100 (Σy − y_j)/(n − 1).
    public static func unweighted(_ answers: [(member: Int, code: Int8)]) -> LeaveOneOut? {
        Replicates.unweighted(answers.map(\.code))?.leaveOneOut(members: answers.map(\.member))
    }

    /// One answer of a post-stratified or employment-weighted estimate.
    public struct StratifiedAnswer: Sendable {
        /// The member who gave the answer.
        public var member: Int
        /// The answer coded +1, 0, −1.
        public var code: Int8
        /// The member's structure type: its stratum.
        public var type: StructureType
        /// The respondent's headcount (employment weighting only; nil when missing).
        public var headcount: Double?
        /// One answer with what its stratum and weight need.
        public init(member: Int, code: Int8, type: StructureType, headcount: Double?) {
            (self.member, self.code, self.type, self.headcount) = (member, code, type, headcount)
        }
    }

    /// Post-stratified with small strata merged (`Replicates.poststratified`).
    /// `populations` is N_h of every structure type of the group.
    public static func poststratified(_ answers: [StratifiedAnswer], populations: [StructureType: Int]) -> LeaveOneOut?
    {
        Replicates.poststratified(
            answers.map(\.code), types: answers.map { UInt8($0.type.ordinal) }, populations: populations
        )?.leaveOneOut(members: answers.map(\.member))
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

    /// Employment-weighted with expansion weights (`Replicates.employmentWeighted`).
    public static func employmentWeighted(_ answers: [StratifiedAnswer], populations: [StructureType: Int])
        -> LeaveOneOut?
    {
        Replicates.employmentWeighted(
            answers.map(\.code), types: answers.map { UInt8($0.type.ordinal) },
            headcounts: answers.map { $0.headcount ?? .nan }, populations: populations
        )?.leaveOneOut(members: answers.map(\.member))
    }
}
