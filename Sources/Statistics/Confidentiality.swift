/// What is published for a value (SPEC 4.4 and 5).
public enum CellStatus: String, Sendable, Hashable {
    case ok
    case confidential
    case confidentialSecondary = "confidential-secondary"
    case noData = "no-data"

    public var isPublished: Bool { self == .ok }
    public var isSuppressed: Bool { self == .confidential || self == .confidentialSecondary }
}

/// What the confidentiality rules need to know of one computed value.
public struct Disclosure: Sendable, Hashable {
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

    public init(group: Group, keys: String, contributors: Int, dominantShare: Double? = nil,
                hasValue: Bool, derivedFromSuppressed: Bool = false, nothingToProtect: Bool = false) {
        self.group = group
        self.keys = keys
        self.contributors = contributors
        self.dominantShare = dominantShare
        self.hasValue = hasValue
        self.derivedFromSuppressed = derivedFromSuppressed
        self.nothingToProtect = nothingToProtect
    }
}

/// Statistical confidentiality (SPEC 4.4), the stage every job runs between computing and
/// rendering: values → statuses.
///
/// Primary suppression: fewer than `minCell` contributors, or one contributor above
/// `dominance` of the additive base. Secondary suppression: within one breakdown and one set
/// of keys, when the `all` value is published and exactly one group is suppressed, that
/// group could be recomputed from the total and the others, so the published group with the
/// fewest contributors is suppressed too (ties: the first in output order).
public struct Confidentiality: Sendable {
    public var minCell: Int
    public var dominance: Double
    public var enabled: Bool

    public init(minCell: Int = 3, dominance: Double = 0.85, enabled: Bool = true) {
        self.minCell = minCell
        self.dominance = dominance
        self.enabled = enabled
    }

    public func primary(_ d: Disclosure) -> CellStatus {
        guard d.hasValue else { return .noData }
        guard enabled, !d.nothingToProtect else { return .ok }
        if d.derivedFromSuppressed { return .confidential }
        if d.contributors < minCell { return .confidential }
        if let share = d.dominantShare, share > dominance { return .confidential }
        return .ok
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
            guard let smallest = candidates.min(by: { cells[$0].contributors < cells[$1].contributors }) else { continue }
            statuses[smallest] = .confidentialSecondary
        }
        return statuses
    }
}
