/// How wide the interval of a suppressed cell must be before it counts as protected.
///
/// This is interval protection with fixed protection levels, the notion τ-Argus and the
/// ESSnet "Handbook on Statistical Disclosure Control" (Hundepool et al.) use for magnitude
/// tables: an intruder who knows the published cells, the additive structure and a priori
/// bounds (non-negative sums) can compute, by linear programming, the smallest and largest
/// value each suppressed cell can take (its feasibility interval). The cell is protected when
/// that interval reaches at least its lower protection level below the true value and its
/// upper protection level above it.
///
/// The levels themselves are the project's choice (issue #9), not a figure from those
/// sources: ±`relativeMargin` of the value (10 %) for money and other totals, and for counts
/// whole values `answerMargin` (one answer) apart inside the interval — "at least one answer
/// wide" in the issue's words, read for whole counts: a reader who can only tell that 0 or 1
/// member answered "up" does not know any member's answer (and a count of 0, bounded below
/// by 0, can be protected). A zero cell needs no margin under a relative level, as in τ-Argus where an
/// empty cell is not sensitive.
public struct ProtectionRule: Sendable, Hashable {
    /// Fraction of |value| required on each side for `.money` and `.total` cells.
    public var relativeMargin: Double
    /// Width of the interval required for `.answerCount` cells, in answers.
    public var answerMargin: Double

    /// The levels of issue #9: 10 % of the value each side for amounts, one answer for counts.
    public init(relativeMargin: Double = 0.10, answerMargin: Double = 1) {
        self.relativeMargin = relativeMargin
        self.answerMargin = answerMargin
    }

    /// The distance the interval must reach below and above `value` (for counts of answers,
    /// the width it must have).
    public func margin(for kind: AuditCell.Kind, value: Double) -> Double {
        switch kind {
        case .money, .total: return relativeMargin * abs(value)
        case .answerCount: return answerMargin
        }
    }

    /// True when `lower ≤ value − margin` and `upper ≥ value + margin` (money, totals), or,
    /// for counts of answers, when the interval holds whole numbers `margin` apart: a count
    /// is whole, so [0.5, 1.5] (one answer wide) still gives 1 to a reader who knows it
    /// (the gap a review of the attack tests found). The LP's own rounding (1e-9 relative)
    /// is forgiven, so an interval that reaches the level exactly protects.
    ///
    /// For money and totals, a level never reaches past the cell's a priori bounds: a mean
    /// of shares whose members are all at 100 % is protected on that side when the interval
    /// reaches 100 % (a reader who learns "at most 100 %" learns what everyone knew), as an
    /// interval cannot pass a bound any reader knows.
    public func isProtected(
        value: Double, kind: AuditCell.Kind, lower: Double, upper: Double,
        lowerBound: Double = -.infinity, upperBound: Double = .infinity
    ) -> Bool {
        let margin = margin(for: kind, value: value)
        let slack = 1e-9 * max(1, abs(value))
        if kind == .answerCount {
            guard upper.isFinite, lower.isFinite else { return upper - lower >= margin }
            return (upper + slack).rounded(.down) - (lower - slack).rounded(.up) >= margin
        }
        return lower <= max(value - margin, lowerBound) + slack && upper >= min(value + margin, upperBound) - slack
    }
}

/// What the published figures still allow a reader to know of one suppressed cell.
public struct CellInterval: Sendable, Hashable {
    /// The cell's id.
    public var id: String
    /// The true value (not known to the reader).
    public var value: Double
    /// What the value is.
    public var kind: AuditCell.Kind
    /// Smallest value consistent with every published figure and relation; `-.infinity`
    /// when nothing bounds it below.
    public var lower: Double
    /// Largest such value; `.infinity` when nothing bounds it above (which protects).
    public var upper: Double
    /// Whether the interval reaches the ``ProtectionRule``'s levels on both sides.
    public var isProtected: Bool
    /// Whether the cell is sensitive (``AuditCell/needsProtection``): an interval too narrow
    /// is a failure only then.
    public var needsProtection: Bool

    /// The interval of a suppressed cell as the audit found it.
    public init(
        id: String, value: Double, kind: AuditCell.Kind, lower: Double, upper: Double, isProtected: Bool,
        needsProtection: Bool = true
    ) {
        self.id = id
        self.value = value
        self.kind = kind
        self.lower = lower
        self.upper = upper
        self.isProtected = isProtected
        self.needsProtection = needsProtection
    }

    /// `upper − lower`: 0 when the published figures give the value away exactly.
    public var width: Double { upper - lower }
}
