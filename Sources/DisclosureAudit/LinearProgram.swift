import CGLPK

/// One GLPK problem, owned by this object and deleted in `deinit` (the swift-nio / GRDB way
/// of holding a C handle). The only code that calls GLPK.
///
/// GLPK stops the process (`glp_error` → `abort`) on an invalid argument, such as a row
/// index out of range or a duplicate entry in the matrix, so every argument is checked
/// before the call: rows and columns are only added when there is at least one, the matrix
/// has one entry per (row, column) and no zeros. Failures GLPK does report — a simplex
/// return code, a solution status — come back as ``AuditError``s.
///
/// GLPK keeps its environment (terminal switch, memory accounting) per thread (Debian's
/// libglpk is built with thread-local storage), so a problem must be created, solved and
/// deleted on one thread: it is not `Sendable`, and the audit keeps it inside one
/// synchronous call.
final class LinearProgram {
    /// A variable's or a row's allowed range; either end may be infinite.
    struct Range {
        var lower: Double
        var upper: Double
    }

    enum Direction: String {
        case minimum
        case maximum
    }

    enum Outcome: Equatable {
        case optimal(Double)
        case unbounded
        case infeasible
    }

    private let problem: OpaquePointer
    /// The column whose objective coefficient is 1 (all others are 0).
    private var objectiveColumn: Int?

    /// - Parameters:
    ///   - columns: one range per variable (column j + 1 in GLPK).
    ///   - rows: one range per constraint `Σ_j a_ij x_j`.
    ///   - entries: the non-zero a_ij, at most one per (row, column), indices from 0.
    init(columns: [Range], rows: [Range], entries: [(row: Int, column: Int, value: Double)]) {
        // The lock is held for the problem's whole life (released in deinit): see `GLPKLock`.
        GLPKLock.shared.lock()
        glp_term_out(GLP_OFF)
        problem = glp_create_prob()
        if !rows.isEmpty {
            glp_add_rows(problem, Int32(rows.count))
        }
        if !columns.isEmpty {
            glp_add_cols(problem, Int32(columns.count))
        }
        for (i, range) in rows.enumerated() {
            Self.setBounds(range) { glp_set_row_bnds(problem, Int32(i + 1), $0, $1, $2) }
        }
        for (j, range) in columns.enumerated() {
            Self.setBounds(range) { glp_set_col_bnds(problem, Int32(j + 1), $0, $1, $2) }
        }
        let kept = entries.filter { $0.value != 0 }
        if !kept.isEmpty {
            // GLPK's arrays are 1-based: element 0 is ignored.
            let ia = [Int32(0)] + kept.map { Int32($0.row + 1) }
            let ja = [Int32(0)] + kept.map { Int32($0.column + 1) }
            let ar = [0.0] + kept.map(\.value)
            glp_load_matrix(problem, Int32(kept.count), ia, ja, ar)
        }
    }

    deinit {
        glp_delete_prob(problem)
        GLPKLock.shared.unlock()
    }

    /// Bounds of the right type: free, lower, upper, double or fixed.
    private static func setBounds(_ range: Range, _ set: (Int32, Double, Double) -> Void) {
        switch (range.lower.isFinite, range.upper.isFinite) {
        case (false, false): set(GLP_FR, 0, 0)
        case (true, false): set(GLP_LO, range.lower, 0)
        case (false, true): set(GLP_UP, 0, range.upper)
        case (true, true): set(range.lower == range.upper ? GLP_FX : GLP_DB, range.lower, range.upper)
        }
    }

    /// Optimises `x_column` (or, with nil, the zero objective: a feasibility check).
    /// `cell` only names the task in errors.
    func optimise(column: Int?, _ direction: Direction, cell: String?) throws -> Outcome {
        if let previous = objectiveColumn {
            glp_set_obj_coef(problem, Int32(previous + 1), 0)
        }
        if let column {
            glp_set_obj_coef(problem, Int32(column + 1), 1)
        }
        objectiveColumn = column
        glp_set_obj_dir(problem, direction == .minimum ? GLP_MIN : GLP_MAX)

        glp_term_out(GLP_OFF)
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.presolve = GLP_ON
        let code = glp_simplex(problem, &parameters)
        switch code {
        case 0:
            return try outcome(cell: cell, direction)
        case GLP_ENOPFS:
            return .infeasible
        case GLP_ENODFS:
            // The presolver found no dual feasible solution: the LP is unbounded or
            // infeasible, and it does not say which. The simplex without presolve does,
            // through the status; it needs a valid basis, hence the standard one.
            glp_std_basis(problem)
            parameters.presolve = GLP_OFF
            let again = glp_simplex(problem, &parameters)
            guard again == 0 else {
                throw AuditError.solverFailed(
                    cell: cell, direction: direction.rawValue, code: again, meaning: Self.meaning(again))
            }
            return try outcome(cell: cell, direction)
        default:
            throw AuditError.solverFailed(
                cell: cell, direction: direction.rawValue, code: code, meaning: Self.meaning(code))
        }
    }

    /// The reduced cost of `column` in the last optimal solution: how fast the objective
    /// moves per unit that column's value moves (the others re-balancing through the basis).
    /// For a published cell, fixed in the LP, it says whether freeing it would widen the
    /// interval being computed: the attacker's dual that Fischetti and Salazar's cell
    /// suppression model is built on.
    func reducedCost(column: Int) -> Double {
        glp_get_col_dual(problem, Int32(column + 1))
    }

    private func outcome(cell: String?, _ direction: Direction) throws -> Outcome {
        let status = glp_get_status(problem)
        switch status {
        case GLP_OPT: return .optimal(glp_get_obj_val(problem))
        case GLP_UNBND: return .unbounded
        case GLP_NOFEAS: return .infeasible
        default: throw AuditError.unexpectedStatus(cell: cell, direction: direction.rawValue, status: status)
        }
    }

    /// GLPK's own wording of its simplex return codes (glpk.h).
    static func meaning(_ code: Int32) -> String {
        switch code {
        case GLP_EBADB: return "invalid basis"
        case GLP_ESING: return "singular matrix"
        case GLP_ECOND: return "ill-conditioned matrix"
        case GLP_EBOUND: return "invalid bounds"
        case GLP_EFAIL: return "solver failed"
        case GLP_EOBJLL: return "objective lower limit reached"
        case GLP_EOBJUL: return "objective upper limit reached"
        case GLP_EITLIM: return "iteration limit exceeded"
        case GLP_ETMLIM: return "time limit exceeded"
        case GLP_ENOPFS: return "no primal feasible solution"
        case GLP_ENODFS: return "no dual feasible solution"
        default: return "unknown return code"
        }
    }
}

@available(*, unavailable)
extension LinearProgram: Sendable {}
