import DisclosureAudit
import Testing

/// `feasibleRanges`, the reader's audit: the intervals of `Fixtures.twoByThree` computed
/// without the true values of the suppressed cells (set here to numbers no audit that read
/// them would accept: NaN, or far outside the bounds).
struct ReaderAuditTests {
    /// The table with the values of its suppressed cells replaced by `unknown`.
    private func unknownValues(_ suppressed: Set<String>, _ unknown: Double) -> AuditTable {
        var table = Fixtures.twoByThree(suppressed: suppressed)
        for i in table.cells.indices where table.cells[i].isSuppressed { table.cells[i].value = unknown }
        return table
    }

    private func range(_ id: String, in ranges: [FeasibleRange]) throws -> FeasibleRange {
        try #require(ranges.first { $0.id == id }, "no range for \(id)")
    }

    /// r1c1 alone suppressed: row 1 gives 60 − 20 − 30 = 10, column 1 gives 15 − 5 = 10,
    /// so [10, 10] whatever value the table holds for it.
    @Test func oneSuppressedCellComesBackAsOnePoint() throws {
        for unknown in [Double.nan, -1_000, 0] {
            let ranges = try feasibleRanges(unknownValues(["r1c1"], unknown))
            #expect(ranges.map(\.id) == ["r1c1"])
            let r1c1 = try range("r1c1", in: ranges)
            #expect(close(r1c1.lower, 10) && close(r1c1.upper, 10), "\(r1c1)")
            #expect(close(r1c1.width, 0))
        }
    }

    /// The rectangle r1c1, r1c2, r2c1, r2c2, worked out in `TwoByThreeAuditTests`: with
    /// t = r1c1, r1c2 = 30 − t, r2c1 = 15 − t, r2c2 = 5 + t and every cell ≥ 0, t ∈ [0, 15];
    /// so r1c1 ∈ [0, 15], r1c2 ∈ [15, 30], r2c1 ∈ [0, 15], r2c2 ∈ [5, 20], the same as the
    /// audit that knows the values finds.
    @Test func rectangleGivesTheHandComputedIntervalsWithoutValues() throws {
        let suppressed: Set<String> = ["r1c1", "r1c2", "r2c1", "r2c2"]
        let ranges = try feasibleRanges(unknownValues(suppressed, .nan))
        #expect(ranges.map(\.id) == ["r1c1", "r1c2", "r2c1", "r2c2"])
        let expected: [String: (Double, Double)] = [
            "r1c1": (0, 15), "r1c2": (15, 30), "r2c1": (0, 15), "r2c2": (5, 20),
        ]
        for (id, (lower, upper)) in expected {
            let r = try range(id, in: ranges)
            #expect(close(r.lower, lower) && close(r.upper, upper), "\(id): [\(r.lower), \(r.upper)]")
        }
        let known = try audit(Fixtures.twoByThree(suppressed: suppressed))
        #expect(known.map { [$0.lower, $0.upper] } == ranges.map { [$0.lower, $0.upper] })
    }

    /// Only the cells asked for are solved; the others stay unknowns of the LPs.
    @Test func onlyTheCellsAskedFor() throws {
        let ranges = try feasibleRanges(unknownValues(["r1c1", "r1c2", "r2c1", "r2c2"], 0), of: ["r2c2"])
        #expect(ranges.map(\.id) == ["r2c2"])
        #expect(close(ranges[0].lower, 5) && close(ranges[0].upper, 20))
    }

    /// A total unbounded above: r1c1, r1, c1 and all suppressed give r1c1 ∈ [0, +∞),
    /// all ∈ [95, +∞) (see `TwoByThreeAuditTests`).
    @Test func unboundedIsInfinite() throws {
        let ranges = try feasibleRanges(unknownValues(["r1c1", "r1", "c1", "all"], .nan))
        let all = try range("all", in: ranges)
        #expect(close(all.lower, 95) && all.upper == .infinity)
        let r1c1 = try range("r1c1", in: ranges)
        #expect(close(r1c1.lower, 0) && r1c1.upper == .infinity)
    }

    /// Published figures that contradict each other: r1 printed as 61 while its published
    /// cells fix r1c1 at 11 through row 1 and column 1 at 10 (and all = r1 + r2 fails too).
    @Test func contradictionIsInfeasible() throws {
        var table = unknownValues(["r1c1"], .nan)
        table.cells[table.cells.firstIndex { $0.id == "r1" }!].value = 61
        #expect(throws: AuditError.infeasible) { try feasibleRanges(table) }
    }

    /// Bounds are still checked: a suppressed cell whose bounds cross.
    @Test func crossedBoundsAreRefused() throws {
        var table = unknownValues(["r1c1"], .nan)
        let i = table.cells.firstIndex { $0.id == "r1c1" }!
        table.cells[i].lowerBound = 5
        table.cells[i].upperBound = 1
        #expect(throws: AuditError.invalidCell(id: "r1c1", reason: "lower bound 5.0 is above upper bound 1.0")) {
            try feasibleRanges(table)
        }
    }
}
