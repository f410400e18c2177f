import DisclosureAudit
import Testing

/// Feasibility intervals on the 2×3 table of `Fixtures.twoByThree`.
struct TwoByThreeAuditTests {
    /// One interior cell suppressed, every total published: differencing gives it back.
    /// Row 1: r1c1 = r1 − r1c2 − r1c3 = 60 − 20 − 30 = 10; column 1 agrees: 15 − 5 = 10.
    /// So lower = upper = 10: unprotected.
    @Test func oneSuppressedCellIsRecoveredExactly() throws {
        let intervals = try audit(Fixtures.twoByThree(suppressed: ["r1c1"]))
        #expect(intervals.map(\.id) == ["r1c1"])
        let cell = try interval("r1c1", in: intervals)
        #expect(close(cell.lower, 10) && close(cell.upper, 10))
        #expect(close(cell.width, 0))
        #expect(!cell.isProtected)
    }

    /// The rectangle r1c1, r1c2, r2c1, r2c2 suppressed (x11, x12, x21, x22). What is left:
    ///   row 1:    x11 + x12 = 60 − 30 = 30
    ///   row 2:    x21 + x22 = 45 − 25 = 20
    ///   column 1: x11 + x21 = 15
    ///   column 2: x12 + x22 = 35          (30 + 20 = 15 + 35: one equation is redundant)
    /// One degree of freedom t = x11: x12 = 30 − t, x21 = 15 − t, x22 = 20 − (15 − t) = 5 + t.
    /// Every cell ≥ 0: t ≥ 0, t ≤ 30, t ≤ 15, t ≥ −5, so t ∈ [max(0, −5), min(30, 15)] = [0, 15]:
    ///   x11 ∈ [0, 15]    (value 10; needs ≤ 9 and ≥ 11:     protected)
    ///   x12 ∈ [15, 30]   (value 20; needs ≤ 18 and ≥ 22:    protected)
    ///   x21 ∈ [0, 15]    (value 5;  needs ≤ 4.5 and ≥ 5.5:  protected)
    ///   x22 ∈ [5, 20]    (value 15; needs ≤ 13.5 and ≥ 16.5: protected)
    @Test func rectangleOfFourGivesHandComputedIntervals() throws {
        let intervals = try audit(Fixtures.twoByThree(suppressed: ["r1c1", "r1c2", "r2c1", "r2c2"]))
        #expect(intervals.map(\.id) == ["r1c1", "r1c2", "r2c1", "r2c2"])
        let expected: [String: (Double, Double)] = [
            "r1c1": (0, 15), "r1c2": (15, 30), "r2c1": (0, 15), "r2c2": (5, 20),
        ]
        for (id, (lower, upper)) in expected {
            let cell = try interval(id, in: intervals)
            #expect(close(cell.lower, lower), "\(id) lower \(cell.lower), expected \(lower)")
            #expect(close(cell.upper, upper), "\(id) upper \(cell.upper), expected \(upper)")
            #expect(cell.isProtected, "\(id)")
        }
    }

    /// Totals suppressed with nothing capping them: r1c1, r1, c1 and all suppressed. With
    /// t = r1c1 ≥ 0 what is left reads r1 = 20 + 30 + t = 50 + t (row 1), c1 = 5 + t
    /// (column 1), all = r1 + 45 = 95 + t (= c1 + 35 + 55, consistent). So r1c1 ∈ [0, +∞),
    /// r1 ∈ [50, +∞), c1 ∈ [5, +∞), all ∈ [95, +∞): every maximisation is unbounded (GLPK's
    /// presolver reports "no dual feasible solution"), and +∞ protects above. Below, r1c1
    /// (0 ≤ 9), r1 (50 ≤ 54) and c1 (5 ≤ 13.5) are protected, but all is not: 95 > 105 − 10.5.
    @Test func unboundedMaximumIsInfinityAndProtects() throws {
        let intervals = try audit(Fixtures.twoByThree(suppressed: ["r1c1", "r1", "c1", "all"]))
        let r1c1 = try interval("r1c1", in: intervals)
        #expect(close(r1c1.lower, 0) && r1c1.upper == .infinity && r1c1.isProtected)
        let r1 = try interval("r1", in: intervals)
        #expect(close(r1.lower, 50) && r1.upper == .infinity && r1.isProtected)
        let c1 = try interval("c1", in: intervals)
        #expect(close(c1.lower, 5) && c1.upper == .infinity && c1.isProtected)
        let all = try interval("all", in: intervals)
        #expect(close(all.lower, 95) && all.upper == .infinity && !all.isProtected)
    }
}
