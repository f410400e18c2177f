import Testing

@testable import DisclosureAudit

/// The GLPK wrapper on its own: each outcome of the simplex, on LPs solved in one's head.
struct LinearProgramTests {
    /// x + y = 10, x ∈ [0, 4], y ≥ 0: x ∈ [0, 4], y = 10 − x ∈ [6, 10].
    @Test func optimalBothWays() throws {
        let lp = LinearProgram(
            columns: [.init(lower: 0, upper: 4), .init(lower: 0, upper: .infinity)],
            rows: [.init(lower: 10, upper: 10)],
            entries: [(row: 0, column: 0, value: 1), (row: 0, column: 1, value: 1)])
        #expect(try lp.optimise(column: 0, .minimum, cell: "x") == .optimal(0))
        #expect(try lp.optimise(column: 0, .maximum, cell: "x") == .optimal(4))
        #expect(try lp.optimise(column: 1, .minimum, cell: "y") == .optimal(6))
        #expect(try lp.optimise(column: 1, .maximum, cell: "y") == .optimal(10))
    }

    /// x − y = 3, x, y ≥ 0: the maximum of x is unbounded (x = 3 + y), the minimum is 3.
    /// The unbounded case goes through the presolver's "no dual feasible solution" and the
    /// second solve without presolve.
    @Test func unbounded() throws {
        let lp = LinearProgram(
            columns: [.init(lower: 0, upper: .infinity), .init(lower: 0, upper: .infinity)],
            rows: [.init(lower: 3, upper: 3)],
            entries: [(row: 0, column: 0, value: 1), (row: 0, column: 1, value: -1)])
        #expect(try lp.optimise(column: 0, .maximum, cell: "x") == .unbounded)
        #expect(try lp.optimise(column: 0, .minimum, cell: "x") == .optimal(3))
    }

    /// x + y = −1 with x, y ≥ 0 has no solution, whatever the objective.
    @Test func infeasible() throws {
        let lp = LinearProgram(
            columns: [.init(lower: 0, upper: .infinity), .init(lower: 0, upper: .infinity)],
            rows: [.init(lower: -1, upper: -1)],
            entries: [(row: 0, column: 0, value: 1), (row: 0, column: 1, value: 1)])
        #expect(try lp.optimise(column: nil, .minimum, cell: nil) == .infeasible)
        #expect(try lp.optimise(column: 0, .maximum, cell: "x") == .infeasible)
    }

    /// An empty problem (no rows, no columns) is not an error.
    @Test func empty() throws {
        let lp = LinearProgram(columns: [], rows: [], entries: [])
        #expect(try lp.optimise(column: nil, .minimum, cell: nil) == .optimal(0))
    }

    @Test func returnCodesHaveGLPKsWords() {
        #expect(LinearProgram.meaning(0x0A) == "no primal feasible solution")
        #expect(LinearProgram.meaning(0x0B) == "no dual feasible solution")
        #expect(LinearProgram.meaning(99) == "unknown return code")
    }
}
