/// Why an audit could not give intervals. Every case is fatal for the report being audited:
/// a table that cannot be audited must not be published.
public enum AuditError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Two cells share an id.
    case duplicateCell(id: String)
    /// A cell's value or bounds are unusable (not finite, lower above upper, value outside).
    case invalidCell(id: String, reason: String)
    /// A relation names a cell the table does not have.
    case unknownCell(id: String, relation: String)
    /// A relation is empty once coefficients are added, or its tolerance is unusable.
    case invalidRelation(relation: String, reason: String)
    /// No values satisfy every relation with the published cells at their values: the
    /// published figures contradict each other (or a relation is stated wrongly).
    case infeasible
    /// GLPK's simplex stopped without an answer; `code` is its return code (`GLP_E…`).
    case solverFailed(cell: String?, direction: String, code: Int32, meaning: String)
    /// GLPK returned 0 but its solution status is not one the audit can read.
    case unexpectedStatus(cell: String?, direction: String, status: Int32)

    /// The error as printed, with a hint where one helps.
    public var description: String {
        switch self {
        case .duplicateCell(let id):
            return "error: cell '\(id)' is defined twice; hint: every cell of the linked tables needs its own id"
        case .invalidCell(let id, let reason):
            return "error: cell '\(id)': \(reason)"
        case .unknownCell(let id, let relation):
            return "error: \(relation) names cell '\(id)', which the table does not have; "
                + "hint: add the cell or correct the relation"
        case .invalidRelation(let relation, let reason):
            return "error: \(relation): \(reason)"
        case .infeasible:
            return "error: the published values contradict the relations (the LP has no feasible solution); "
                + "hint: check each relation against the published figures, and the tolerance of rounded ones"
        case .solverFailed(let cell, let direction, let code, let meaning):
            return "error: GLPK simplex failed (code \(code), \(meaning)) while \(Self.task(cell, direction))"
        case .unexpectedStatus(let cell, let direction, let status):
            return "error: GLPK simplex ended with solution status \(status) while \(Self.task(cell, direction))"
        }
    }

    private static func task(_ cell: String?, _ direction: String) -> String {
        guard let cell else { return "checking that the published values are consistent" }
        return "computing the \(direction) of cell '\(cell)'"
    }
}
