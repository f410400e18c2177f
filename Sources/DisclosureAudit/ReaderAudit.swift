/// The smallest and largest value of one suppressed cell that the published cells, the
/// relations and the a priori bounds allow, as a reader computes it: without the true value,
/// so without a verdict of its own (see ``feasibleRanges(_:)``).
public struct FeasibleRange: Sendable, Hashable {
    /// The cell's id.
    public var id: String
    /// `-.infinity` when nothing bounds the cell below.
    public var lower: Double
    /// `.infinity` when nothing bounds the cell above.
    public var upper: Double

    /// The range [`lower`, `upper`] of the cell `id`.
    public init(id: String, lower: Double, upper: Double) {
        self.id = id
        self.lower = lower
        self.upper = upper
    }

    /// `upper − lower`: 0 when the published figures give the value away exactly.
    public var width: Double { upper - lower }
}

/// The audit from the reader's side: per suppressed cell, in table order, the interval the
/// published figures allow — the same two LPs per cell as ``audit(_:rule:)``, for a reader
/// who has the report and not the data (`observatory audit REPORT_DIR`).
///
/// The value of a suppressed cell is unknown here and is not read: give it any number (0
/// will do). Only its bounds must be consistent (lower ≤ upper). Published cells are fixed at
/// their values as in ``audit(_:rule:)``. There is no ``ProtectionRule`` verdict, since
/// protection is judged against a true value; the caller judges the interval on its own
/// terms (a single point, or an interval in which no value has its ±10 %).
///
/// - Parameter cells: the suppressed cells wanted (nil: all); the others are unknowns of the
///   LPs all the same (the counts of answers behind a published balance, say).
/// - Throws: ``AuditError/infeasible`` when the published values contradict the relations.
public func feasibleRanges(_ table: AuditTable, of cells: Set<String>? = nil) throws -> [FeasibleRange] {
    try GLPKLock.shared.withLock {
        let model = try AuditModel(table, knowingValues: false)
        let program = try model.feasibleProgram()
        return try table.cells.indices.filter {
            table.cells[$0].isSuppressed && cells?.contains(table.cells[$0].id) != false
        }.map { j in
            let (lower, upper) = try model.range(of: j, in: program)
            return FeasibleRange(id: table.cells[j].id, lower: lower, upper: upper)
        }
    }
}
