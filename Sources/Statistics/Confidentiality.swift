/// What is published for a value (SPEC 4.4 and 5).
public enum CellStatus: String, Sendable, Hashable {
    case ok
    case confidential
    case confidentialSecondary = "confidential-secondary"
    case noData = "no-data"

    /// Whether the value is withheld by a confidentiality rule (primary or secondary).
    public var isSuppressed: Bool { self == .confidential || self == .confidentialSecondary }
}

/// What the confidentiality rules need to know of one computed value.
public struct Disclosure: Sendable, Hashable {
    /// The group of the value.
    public var group: Group
    /// The row's keys besides its group (question and weighting, variable, population and
    /// indicator, source): secondary suppression is decided within one set of keys.
    public var keys: String
    /// Members contributing to the value.
    public var contributors: Int
    /// Largest single contribution / additive base, for sums and weighted estimates; nil
    /// where only the count rule applies (unweighted and poststratified balances).
    public var dominantShare: Double?
    /// False when nothing could be computed (no-data).
    public var hasValue: Bool
    /// Set when the value is derived from others and one of them is suppressed (the
    /// climate indicator): then it is suppressed too.
    public var derivedFromSuppressed: Bool
    /// Set for a sum that nobody contributed to (a funder absent from a group): its zero
    /// tells nothing about any member, so it is published and never suppressed in a
    /// neighbour's place.
    public var nothingToProtect: Bool
    /// The two largest contributions to each additive base of the value (a sum may have two:
    /// total and public money), for the p % rule.
    public var bases: [TopContributions]
    /// The largest weight one respondent carries in a weighted or post-stratified estimate
    /// (its share of the total weight), for the weight-share rule.
    public var largestWeightShare: Double?

    /// What the rules need of one value; `dominantShare` defaults to the largest share of its bases.
    public init(
        group: Group, keys: String, contributors: Int, dominantShare: Double? = nil,
        hasValue: Bool, derivedFromSuppressed: Bool = false, nothingToProtect: Bool = false,
        bases: [TopContributions] = [], largestWeightShare: Double? = nil
    ) {
        self.group = group
        self.keys = keys
        self.contributors = contributors
        self.dominantShare = dominantShare ?? bases.compactMap(\.largestShare).max()
        self.hasValue = hasValue
        self.derivedFromSuppressed = derivedFromSuppressed
        self.nothingToProtect = nothingToProtect
        self.bases = bases
        self.largestWeightShare = largestWeightShare
    }
}

/// The members who entered or left a constant sample, and their sums on each base (total and
/// public money, say).
public struct Churn: Sendable {
    /// Members who entered (or left).
    public var members = 0
    /// Their values summed on each base, with the two largest.
    public var bases: [TopContributions]

    /// No member yet, `bases` bases to sum.
    public init(bases: Int = 1) {
        self.bases = Array(repeating: TopContributions(), count: bases)
    }

    /// One member's values, one per base.
    public mutating func add(_ values: Double...) {
        members += 1
        for (i, v) in values.enumerated() { bases[i].add(v) }
    }
}

/// The total of an additive base and its two largest contributions: what the dominance and
/// p % rules look at.
public struct TopContributions: Sendable, Hashable {
    /// The sum of the contributions.
    public private(set) var total: Double = 0
    /// The largest contribution.
    public private(set) var largest: Double = 0
    /// The second largest contribution.
    public private(set) var second: Double = 0

    /// No contribution yet.
    public init() {}

    /// The contributions `values`.
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        for v in values { add(v) }
    }

    /// A base summarised elsewhere (read back from published files, for the audit).
    public init(total: Double, largest: Double, second: Double) {
        self.total = total
        self.largest = largest
        self.second = second
    }

    /// Adds one contribution.
    @inline(__always)
    public mutating func add(_ x: Double) {
        total += x
        if x > largest {
            second = largest
            largest = x
        } else if x > second {
            second = x
        }
    }

    /// The largest contribution's share of the total; nil when the total is not positive.
    public var largestShare: Double? { total > 0 ? largest / total : nil }

    /// The p % rule: the second contributor, who knows its own part, can estimate the first's
    /// from the published total to within (T − x₁ − x₂); that is too close when below p·x₁
    /// (τ-Argus manual, "p% rule"; EU handbook on statistical disclosure control).
    public func failsPRule(_ p: Double) -> Bool {
        total > 0 && total - largest - second < p * largest
    }
}

/// Statistical confidentiality (SPEC 4.4), the stage every job runs between computing and
/// rendering: values → statuses.
///
/// Primary suppression: fewer than `minCell` contributors, one contributor above
/// `dominance` of the additive base, the p % rule failed on a base, or one respondent
/// carrying more than `largestWeightShare` of a weighted estimate. Secondary suppression: within one breakdown and one set
/// of keys, when the `all` value is published and exactly one group is suppressed, that
/// group could be recomputed from the total and the others, so the published group with the
/// fewest contributors is suppressed too (ties: the first in output order).
public struct Confidentiality: Sendable {
    /// Fewest contributors for a value to be published (`--min-cell`).
    public var minCell: Int
    /// Largest share of a sum one member may hold before it is withheld (`--dominance`).
    public var dominance: Double
    /// False with `--no-suppression`: every value is published.
    public var enabled: Bool
    /// The p of the p % rule (issue #9: `--p-rule`, default 0.15).
    public var pRule: Double
    /// Beyond this share of a weighted estimate's total weight, one respondent's answer is
    /// the estimate: it is suppressed (issue #9).
    public var largestWeightShare: Double
    /// Fewest members for a median or quartile: below, an order statistic is a member's own
    /// value (at n ≤ 5 the median is one member's figure), so it is not published.
    public var quantileMinimum: Int
    /// Whether the disclosure audit over linked tables runs after the cell-by-cell rules
    /// (on by default; off only to show, in tests, what it prevents).
    public var linkedAudit = true

    /// The rules as the command line sets them; the defaults are SPEC 4.4's.
    public init(
        minCell: Int = 3, dominance: Double = 0.85, enabled: Bool = true, pRule: Double = 0.15,
        largestWeightShare: Double = 0.5, quantileMinimum: Int = 10
    ) {
        self.minCell = minCell
        self.dominance = dominance
        self.enabled = enabled
        self.pRule = pRule
        self.largestWeightShare = largestWeightShare
        self.quantileMinimum = quantileMinimum
    }

    /// The status of a value by the rules that look at it alone (primary suppression).
    public func primary(_ d: Disclosure) -> CellStatus {
        guard d.hasValue else { return .noData }
        guard enabled, !d.nothingToProtect else { return .ok }
        if d.derivedFromSuppressed { return .confidential }
        if d.contributors < minCell { return .confidential }
        if let share = d.dominantShare, share > dominance { return .confidential }
        if d.bases.contains(where: { $0.failsPRule(pRule) }) { return .confidential }
        if let w = d.largestWeightShare, w > largestWeightShare { return .confidential }
        return .ok
    }

    /// Whether a change on a constant sample may be published given the members who entered
    /// and left it (issue #9 item 3). With the two periods' totals published, the difference
    /// between a total and the constant sample's part is the entrants' (or leavers') sum: one
    /// entrant's turnover comes back exactly. So each side must be empty or hold at least
    /// `minCell` members whose sum passes the rules (dominance and p %) on each of its bases.
    public func allowsChange(entrants: Churn, leavers: Churn) -> Bool {
        guard enabled else { return true }
        for side in [entrants, leavers] where side.members > 0 {
            if side.members < minCell { return false }
            let d = Disclosure(
                group: .all, keys: "", contributors: side.members, hasValue: true,
                bases: side.bases.filter { $0.total > 0 })
            if primary(d) != .ok { return false }
        }
        return true
    }

    /// A median, quartile or share of members (parity zone, boards meeting the law) of `n`
    /// members, or nil when too few members make it (rules on).
    public func quantile(_ value: Double?, members n: Int) -> Double? {
        enabled && n < quantileMinimum ? nil : value
    }

    /// Statuses of `cells`, in the same order.
    public func statuses(_ cells: [Disclosure]) -> [CellStatus] {
        var statuses = cells.map(primary)
        guard enabled else { return statuses }
        var allStatus: [String: CellStatus] = [:]
        var sets: [String: [Int]] = [:]
        for (i, c) in cells.enumerated() {
            if c.group.breakdown == .all {
                allStatus[c.keys] = statuses[i]
            } else {
                sets[c.keys + "\u{0}" + c.group.breakdown.rawValue, default: []].append(i)
            }
        }
        for key in sets.keys.sorted() {
            let members = sets[key]!.sorted { cells[$0].group < cells[$1].group }
            let keys = cells[members[0]].keys
            guard allStatus[keys] == .ok else { continue }
            let suppressed = members.filter { statuses[$0] == .confidential }
            guard suppressed.count == 1 else { continue }
            let candidates = members.filter { statuses[$0] == .ok && !cells[$0].nothingToProtect }
            guard let smallest = candidates.min(by: { cells[$0].contributors < cells[$1].contributors }) else {
                continue
            }
            statuses[smallest] = .confidentialSecondary
        }
        return statuses
    }
}
