import DisclosureAudit
import Testing

/// Tables that cannot be audited throw; none crashes the process.
struct AuditErrorTests {
    /// r1 published as 61 instead of 60 with r1c1 suppressed: row 1 wants
    /// r1c1 = 61 − 20 − 30 = 11, column 1 wants 15 − 5 = 10. No value satisfies both: GLPK
    /// reports no primal feasible solution, the audit throws `.infeasible`.
    @Test func contradictoryPublishedValuesThrow() {
        let table = Fixtures.with(Fixtures.twoByThree(suppressed: ["r1c1"]), "r1", value: 61)
        #expect(throws: AuditError.infeasible) { try audit(table) }
        #expect(throws: AuditError.infeasible) { try protect(table) }
    }

    /// The same contradiction with nothing suppressed is caught by the consistency check.
    @Test func contradictionWithoutSuppressedCellsThrows() {
        let table = Fixtures.with(Fixtures.twoByThree(), "r1", value: 61)
        #expect(throws: AuditError.infeasible) { try audit(table) }
    }

    /// A total below its published parts: r1 = 40 while r1c2 + r1c3 = 50, so r1c1 would be
    /// −10 < 0, its a priori lower bound.
    @Test func negativeRemainderIsInfeasible() {
        var table = Fixtures.with(Fixtures.twoByThree(suppressed: ["r1c1", "c1", "all"]), "r1", value: 40)
        table.relations.removeAll { $0.name == "all = Σ rows" }
        #expect(throws: AuditError.infeasible) { try audit(table) }
    }

    /// A tolerance admits rounded figures: r1 = 60.4 against parts summing to 60 passes with
    /// tolerance 0.5 on row 1 and all = Σ rows (r1c1 ∈ [9.6, 10.4] ∩ column 1's 10 = 10).
    @Test func toleranceAdmitsRounding() throws {
        var table = Fixtures.with(Fixtures.twoByThree(suppressed: ["r1c1"]), "r1", value: 60.4)
        for i in table.relations.indices where ["row 1", "all = Σ rows"].contains(table.relations[i].name) {
            table.relations[i].tolerance = 0.5
        }
        let cell = try interval("r1c1", in: try audit(table))
        #expect(close(cell.lower, 10) && close(cell.upper, 10))
    }

    @Test func invalidInputThrowsBeforeReachingGLPK() {
        let base = Fixtures.twoByThree(suppressed: ["r1c1"])

        var unknown = base
        unknown.relations.append(AuditRelation(name: "row 3", total: "r3", parts: ["r3c1"]))
        #expect(throws: AuditError.unknownCell(id: "r3", relation: "relation 8 'row 3'")) { try audit(unknown) }

        var duplicate = base
        duplicate.cells.append(AuditCell(id: "r1c1", value: 1, contributors: 1))
        #expect(throws: AuditError.duplicateCell(id: "r1c1")) { try audit(duplicate) }

        var empty = base
        empty.relations.append(AuditRelation(terms: [.init("r1c1", 2), .init("r1c1", -2)]))
        #expect(throws: AuditError.self) { try audit(empty) }

        var outside = base
        outside.cells[0].upperBound = 5
        #expect(throws: AuditError.self) { try audit(outside) }

        var notANumber = base
        notANumber.cells[1].value = .nan
        #expect(throws: AuditError.self) { try audit(notANumber) }

        var badTolerance = base
        badTolerance.relations[0].tolerance = -1
        #expect(throws: AuditError.self) { try audit(badTolerance) }
    }

    /// No relation at all (GLPK gets no rows): a suppressed cell keeps its a priori bounds.
    @Test func cellWithoutRelationsKeepsItsBounds() throws {
        let table = AuditTable(
            cells: [AuditCell(id: "x", value: 20, status: .suppressed, contributors: 1, upperBound: 50)],
            relations: [])
        let cell = try interval("x", in: try audit(table))
        #expect(close(cell.lower, 0) && close(cell.upper, 50) && cell.isProtected)
    }

    @Test func messagesNameTheProblem() {
        #expect(AuditError.infeasible.description.contains("contradict"))
        let failed = AuditError.solverFailed(cell: "r1c1", direction: "maximum", code: 5, meaning: "solver failed")
        #expect(failed.description.contains("maximum of cell 'r1c1'"))
    }
}
