import DisclosureAudit
import Testing

/// Secondary suppression driven by the audit (`protect`).
struct ProtectTests {
    /// From r1c1 alone (exact, see TwoByThreeAuditTests) to the rectangle, one cell a round.
    /// Only r1c1 is sensitive; the component is r1c1 and the suppressed cells linked to it;
    /// a "pin" is a relation of the component with one suppressed cell (contributors in
    /// parentheses, from the fixture):
    ///
    /// Round 1. Unprotected: r1c1 (row 1 and column 1 give 10). Pins: row 1, column 1, both
    ///   of ring 0. Candidates: r1 (14), r1c2 (3), r1c3 (9), c1 (7), r2c1 (5) → r1c2.
    /// Round 2. r1c1 = c1 − r2c1 = 10, exact. Pins: column 1 (ring 0), column 2 (ring 1,
    ///   reached through r1c2); row 1 holds two suppressed cells. Ring 0 first: c1 (7),
    ///   r2c1 (5) → r2c1.
    /// Round 3. r1c2 = c2 − r2c2 = 20, r2c1 = r2 − 15 − 25 = 5, r1c1 = 10: exact. Pins:
    ///   column 2 (r1c2) and row 2 (r2c1); r2c2 is in both → r2c2.
    /// Audit 4. The rectangle: r1c1 ∈ [0, 15], r1c2 ∈ [15, 30], r2c1 ∈ [0, 15],
    ///   r2c2 ∈ [5, 20], all protected. Three rounds.
    @Test func oneCellGrowsIntoAProtectedRectangle() throws {
        let result = try protect(Fixtures.twoByThree(suppressed: ["r1c1"]))
        #expect(result.added == ["r1c2", "r2c1", "r2c2"])
        #expect(result.rounds == 3)
        #expect(result.isComplete)
        #expect(result.table.suppressedIDs == ["r1c1", "r1c2", "r2c1", "r2c2"])
        #expect(result.intervals.map(\.id) == ["r1c1", "r1c2", "r2c1", "r2c2"])
        #expect(result.unprotected.isEmpty)
        let expected: [String: (Double, Double)] = [
            "r1c1": (0, 15), "r1c2": (15, 30), "r2c1": (0, 15), "r2c2": (5, 20),
        ]
        for (id, (lower, upper)) in expected {
            let cell = try interval(id, in: result.intervals)
            #expect(close(cell.lower, lower) && close(cell.upper, upper), "\(id): [\(cell.lower), \(cell.upper)]")
        }
    }

    /// The tie-break on value: every interior cell but r1c1 at 3 contributors. The chooser
    /// takes the cells the LP of r1c1 finds binding (its reduced costs: row 1 or column 1,
    /// whichever basis GLPK lands on), so the order is GLPK's; what the rule fixes is that
    /// among equals the smaller value goes: r1c3 (30 €) is never taken beside r1c2 (20 €),
    /// and the rectangle r1c1, r1c2, r2c1, r2c2 closes in three rounds whatever the order.
    @Test func tiesGoToTheSmallestValue() throws {
        var table = Fixtures.twoByThree(suppressed: ["r1c1"])
        for i in table.cells.indices where table.cells[i].id.count == 4 && table.cells[i].id != "r1c1" {
            table.cells[i].contributors = 3
        }
        let result = try protect(table)
        #expect(Set(result.added) == ["r2c1", "r1c2", "r2c2"])
        #expect(result.rounds == 3)
        #expect(result.isComplete)
    }

    /// A cell marked not suppressible is never picked: r1c2 (the first test's choice) is
    /// skipped, and the rectangle closes on column 3 instead: r1c1, r1c3, r2c1, r2c3. The
    /// greedy rounds may pass through needless cells (a degenerate LP names one of several
    /// binding cells), which the cleaning step publishes again. By hand, with u = r1c1:
    /// r1c3 = 40 − u (row 1), r2c3 = 55 − r1c3 = 15 + u (column 3), r2c1 = 15 − u (column 1),
    /// all ≥ 0, so u ∈ [0, 15]: r1c1 [0, 15], r2c1 [0, 15], r1c3 [25, 40], r2c3 [15, 30].
    @Test func unsuppressibleCellIsNeverChosen() throws {
        var table = Fixtures.twoByThree(suppressed: ["r1c1"])
        table.cells[1].suppressible = false
        #expect(table.cells[1].id == "r1c2")
        let result = try protect(table)
        #expect(Set(result.added) == ["r2c1", "r1c3", "r2c3"])
        #expect(result.isComplete)
        let expected: [String: (Double, Double)] = [
            "r1c1": (0, 15), "r1c3": (25, 40), "r2c3": (15, 30), "r2c1": (0, 15),
        ]
        #expect(result.intervals.count == expected.count)
        for (id, (lower, upper)) in expected {
            let cell = try interval(id, in: result.intervals)
            #expect(close(cell.lower, lower) && close(cell.upper, upper), "\(id): [\(cell.lower), \(cell.upper)]")
        }
    }

    /// An amount of 10 € that the reader knows a priori to be at most 10.50 € (x ≤ 10.5),
    /// alone in its family (`family = x`): ±10 % would need x to reach 11, past what any
    /// reader knows, so the upper level stops at the bound (`ProtectionRule`). Round 1
    /// suppresses the family (the only candidate): x ∈ [0, 10.5] reaches 9 and the bound.
    @Test func aLevelStopsAtTheAPrioriBound() throws {
        let table = AuditTable(
            cells: [
                AuditCell(id: "x", value: 10, status: .suppressed, kind: .money, contributors: 1, upperBound: 10.5),
                AuditCell(id: "family", value: 10, kind: .money, contributors: 1),
            ],
            relations: [AuditRelation(total: "family", parts: ["x"])])
        let result = try protect(table)
        #expect(result.isComplete)
        #expect(result.rounds == 1)
        #expect(result.added == ["family"])
        let x = try interval("x", in: result.intervals)
        #expect(close(x.lower, 0) && close(x.upper, 10.5) && x.isProtected)
    }

    /// x = 10 € in `family = x + y`, `total = family + z`, where y (5), z (20) and total (35)
    /// may not be suppressed. Round 1 suppresses the family (the only candidate), but
    /// family = 35 − 20 = 15 and x = 15 − 5 = 10 still: nothing is left to suppress, and the
    /// protection fails with the table and rounds so far.
    @Test func failureIsReportedWhenNothingIsLeftToSuppress() throws {
        let table = AuditTable(
            cells: [
                AuditCell(id: "x", value: 10, status: .suppressed, kind: .money, contributors: 1),
                AuditCell(id: "y", value: 5, kind: .money, contributors: 3, suppressible: false),
                AuditCell(id: "family", value: 15, kind: .money, contributors: 4),
                AuditCell(id: "z", value: 20, kind: .money, contributors: 5, suppressible: false),
                AuditCell(id: "total", value: 35, kind: .money, contributors: 9, suppressible: false),
            ],
            relations: [
                AuditRelation(total: "family", parts: ["x", "y"]),
                AuditRelation(total: "total", parts: ["family", "z"]),
            ])
        let result = try protect(table)
        #expect(!result.isComplete)
        #expect(result.rounds == 1)
        #expect(result.added == ["family"])
        // The family, hidden only to protect x, needs no protection of its own.
        #expect(result.unprotected.map(\.id) == ["x"])
        #expect(result.intervals.map(\.id) == ["x", "family"])
        let x = try interval("x", in: result.intervals)
        #expect(close(x.lower, 10) && close(x.upper, 10))
        let family = try interval("family", in: result.intervals)
        #expect(close(family.lower, 15) && close(family.upper, 15))
    }

    /// Nothing to do: the rectangle is already protected, so no round.
    @Test func protectedTableIsLeftAsItIs() throws {
        let table = Fixtures.twoByThree(suppressed: ["r1c1", "r1c2", "r2c1", "r2c2"])
        let result = try protect(table)
        #expect(result.rounds == 0 && result.added.isEmpty && result.isComplete)
        #expect(result.table == table)
    }
    /// The exposed cell's only relation holds nothing left to suppress: t = x + y with t
    /// not suppressible and y already suppressed; y is pinned by y + z = u (u not
    /// suppressible, z published). So x = t − (u − z) = 30 − (35 − 15) = 10 exactly, and the
    /// only cell whose suppression helps, z, is two relations away: a search that looks at
    /// x's own relations finds nothing and gives up. Suppressing z, by hand: y = 35 − z with
    /// z ≥ 0 and x = 30 − y ≥ 0, so y ∈ [0, 30], x ∈ [0, 30], z ∈ [5, 35]: all protected.
    @Test func theSearchReachesPastSuppressedNeighbours() throws {
        let table = AuditTable(
            cells: [
                AuditCell(id: "t", value: 30, contributors: 9, suppressible: false),
                AuditCell(id: "x", value: 10, status: .suppressed, contributors: 1),
                AuditCell(id: "y", value: 20, status: .suppressed, contributors: 4),
                AuditCell(id: "z", value: 15, contributors: 5),
                AuditCell(id: "u", value: 35, contributors: 9, suppressible: false),
            ],
            relations: [AuditRelation(total: "t", parts: ["x", "y"]), AuditRelation(total: "u", parts: ["y", "z"])])
        let exposed = try audit(table)
        #expect(close(try interval("x", in: exposed).width, 0))
        let result = try protect(table)
        #expect(result.isComplete)
        #expect(result.added == ["z"])
        let expected: [String: (Double, Double)] = ["x": (0, 30), "y": (0, 30), "z": (5, 35)]
        for (id, (lower, upper)) in expected {
            let cell = try interval(id, in: result.intervals)
            #expect(close(cell.lower, lower) && close(cell.upper, upper), "\(id): [\(cell.lower), \(cell.upper)]")
        }
    }

    /// Among equally good candidates, a cell of the exposed cell's family goes first: the
    /// family total `s` = a + b (SIAE) and the other family `o` = c + d, all = s + o with
    /// all not suppressible. With a exposed, b (SIAE, 6 contributors) is chosen over c
    /// (other, 2 contributors), which the plain fewest-contributors rule would take.
    @Test func aCellOfTheSameFamilyGoesFirst() throws {
        let table = AuditTable(
            cells: [
                AuditCell(id: "all", value: 100, contributors: 20, suppressible: false),
                AuditCell(id: "s", value: 60, contributors: 12, suppressible: false, family: "siae"),
                AuditCell(id: "o", value: 40, contributors: 8, suppressible: false, family: "other"),
                AuditCell(id: "a", value: 30, status: .suppressed, contributors: 1, family: "siae"),
                AuditCell(id: "b", value: 30, contributors: 6, family: "siae"),
                AuditCell(id: "c", value: 30, contributors: 2, family: "other"),
                AuditCell(id: "d", value: 10, contributors: 6, family: "other"),
                AuditCell(id: "rest", value: 40, contributors: 17, suppressible: false),
            ],
            relations: [
                AuditRelation(total: "all", parts: ["s", "o"]), AuditRelation(total: "s", parts: ["a", "b"]),
                AuditRelation(total: "o", parts: ["c", "d"]),
                // A cross-classification that puts c beside a: all = a + c + rest.
                AuditRelation(total: "all", parts: ["a", "c", "rest"]),
            ])
        let result = try protect(table)
        #expect(result.isComplete)
        #expect(result.added.first == "b")
    }
}
