import CGLPK
import Foundation

/// The disclosure audit: for every suppressed cell, the interval of values that the published
/// cells, the relations and the a priori bounds still allow — what an intruder with the
/// whole report and a linear-programming solver learns (issue #9, item 1).
///
/// Two LPs per suppressed cell, solved with GLPK's simplex (presolver on): minimise and
/// maximise the cell subject to every relation, every published cell fixed at its value and
/// every suppressed cell within its bounds. This is the "audit" of τ-Argus (its feasibility
/// intervals of suppressed cells) and what sdcTable's `attack()` computes; the attacker model
/// is the one of the ESSnet "Handbook on Statistical Disclosure Control", chapter on
/// magnitude tables. The intervals are those of the continuous relaxation: an intruder who
/// also uses integrality (counts of answers) learns more where the relations have
/// fractional coefficients — the post-stratified shares pin some hidden counts to a single
/// whole value inside an LP interval two answers wide (found by the last review of issue
/// #9; a branch-and-bound check was too slow so far, see the issue note).
///
/// A first LP with no objective checks that the published values are consistent with the
/// relations at all; if not, ``AuditError/infeasible`` is thrown, suppressed cells or not.
///
/// - Returns: one interval per suppressed cell, in table order.
public func audit(_ table: AuditTable, rule: ProtectionRule = ProtectionRule()) throws -> [CellInterval] {
    try GLPKLock.shared.withLock {
        let model = try AuditModel(table)
        return try model.intervals(rule: rule)
    }
}

/// GLPK keeps its environment (memory pools, terminal hooks) in one process-wide place
/// unless the library is built with thread-local storage, and does not say which: two
/// audits at once on two threads (parallel tests, a future concurrent caller) must not
/// meet in it. Every use goes through this lock; the command line audits one report at a
/// time anyway.
///
/// GLPK says it through `glp_config("TLS")`: Debian's libglpk is built with thread-local
/// storage (its TLS segment holds the environment), so each thread has its own and audits on
/// several cores need no lock. The lock is kept for a build without it.
final class GLPKLock: @unchecked Sendable {
    static let shared = GLPKLock()
    /// Recursive, so that an audit holding it can build its linear programs under it.
    private let mutex = NSRecursiveLock()
    /// Whether GLPK keeps its environment per thread.
    private let threadLocal = glp_config("TLS") != nil

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }

    func lock() { if !threadLocal { mutex.lock() } }
    func unlock() { if !threadLocal { mutex.unlock() } }
}

/// The result of ``protect(_:rule:)``.
public struct Protection: Sendable, Hashable {
    /// The table with the secondary suppressions made.
    public var table: AuditTable
    /// Rounds of secondary suppression: one published cell suppressed, then the table
    /// re-audited, per round (so the table was audited `rounds + 1` times).
    public var rounds: Int
    /// Ids of the cells suppressed by this call, in the order chosen.
    public var added: [String]
    /// The last audit's intervals, one per suppressed cell of `table`, in table order.
    public var intervals: [CellInterval]

    /// Sensitive cells still recoverable: empty when the protection succeeded.
    public var unprotected: [CellInterval] { intervals.filter { $0.needsProtection && !$0.isProtected } }
    /// False when no published cell was left to suppress beside an unprotected one: the
    /// table must then not be published as it is.
    public var isComplete: Bool { unprotected.isEmpty }
}

/// Secondary suppression driven by the audit: while a suppressed cell is unprotected,
/// suppress one more published cell and audit again.
///
/// The cell suppressed in a round is one the exposed cell's LPs find binding
/// (``AuditModel/bestHelper(_:besides:)``), or else one found by searching the exposed
/// cell's component (``AuditModel/nextSuppression(besides:rule:)``); ties go to the same
/// family, fewest contributors, smallest value, id, so the choice is deterministic. One cell
/// per round, because each suppression can protect several cells at once; only the cells
/// still exposed are solved again, and a final pass publishes again what became needless.
///
/// This greedy loop is a simple heuristic in the family of τ-Argus's and sdcTable's
/// secondary-suppression methods (sdcTable's `protectTable()` solves its problems with
/// GLPK too), not their optimal method: it does not minimise the cells or the value lost,
/// only guarantees that every interval reaches the protection levels when it succeeds.
///
/// - Returns: the protected table and its rounds; ``Protection/isComplete`` is false when
///   no published cell was left to suppress beside an unprotected cell.
public func protect(_ table: AuditTable, rule: ProtectionRule = ProtectionRule()) throws -> Protection {
    try GLPKLock.shared.withLock { try protectUnlocked(table, rule: rule) }
}

private func protectUnlocked(_ table: AuditTable, rule: ProtectionRule) throws -> Protection {
    var current = table
    var added: [String] = []
    // Suppressing one more cell frees a variable the LPs had fixed, so every feasible region
    // only grows from round to round and every interval only widens: a cell once protected
    // stays protected, and each round re-solves only the cells still exposed (the rounds
    // were quadratic in the table before: 29 000 LPs for the funding job of 40 members).
    var protected: Set<String> = []
    while true {
        let model = try AuditModel(current)
        var helpers: [Int: AuditModel.Helper] = [:]
        let intervals = try model.intervals(rule: rule, skipping: protected, sensitiveOnly: true, helpers: &helpers)
        for interval in intervals where interval.isProtected { protected.insert(interval.id) }
        let unprotected = Set(intervals.filter { !$0.isProtected }.map(\.id))
        guard !unprotected.isEmpty,
            let chosen = model.bestHelper(helpers, besides: unprotected)
                ?? model.nextSuppression(besides: unprotected, rule: rule)
        else {
            let rounds = added.count
            if unprotected.isEmpty { try dropNeedless(&current, &added, rule: rule) }
            // One last audit of every suppressed cell, for the intervals the manifest reports.
            let final = try AuditModel(current).intervals(rule: rule)
            return Protection(table: current, rounds: rounds, added: added, intervals: final)
        }
        current.cells[chosen].status = .suppressed
        added.append(current.cells[chosen].id)
    }
}

/// The greedy rounds can leave a suppression that a later one made needless (a degenerate
/// LP names one of several equivalent cells; the next round opens another way): each added
/// cell, the last first, is published again when every sensitive cell stays protected
/// without it, the cleaning step that follows a greedy secondary suppression in τ-Argus's
/// hypercube method and sdcTable. Publishing a cell only narrows intervals, so each check
/// is the full audit of the sensitive cells.
private func dropNeedless(_ table: inout AuditTable, _ added: inout [String], rule: ProtectionRule) throws {
    for id in added.reversed() {
        guard let i = table.cells.firstIndex(where: { $0.id == id }) else { continue }
        var trial = table
        trial.cells[i].status = .published
        let intervals = try AuditModel(trial).intervals(rule: rule, sensitiveOnly: true)
        if intervals.allSatisfy(\.isProtected) {
            table = trial
            added.removeAll { $0 == id }
        }
    }
}

/// A table checked and turned into GLPK's terms: one column per cell, one row per relation.
struct AuditModel {
    let table: AuditTable
    /// Per relation, its cells (indices into `table.cells`) with their summed coefficients,
    /// zeros dropped.
    let rows: [[(cell: Int, coefficient: Double)]]

    /// With `knowingValues` false (the reader's audit, ``feasibleRanges(_:)``), the value of a
    /// suppressed cell is not read: only its bounds are checked.
    init(_ table: AuditTable, knowingValues: Bool = true) throws {
        self.table = table
        var index: [String: Int] = [:]
        for (i, cell) in table.cells.enumerated() {
            guard index.updateValue(i, forKey: cell.id) == nil else { throw AuditError.duplicateCell(id: cell.id) }
            try Self.check(cell, knowingValue: knowingValues || !cell.isSuppressed)
        }
        var rows: [[(cell: Int, coefficient: Double)]] = []
        for (r, relation) in table.relations.enumerated() {
            let label = relation.name.isEmpty ? "relation \(r + 1)" : "relation \(r + 1) '\(relation.name)'"
            guard relation.tolerance.isFinite, relation.tolerance >= 0 else {
                throw AuditError.invalidRelation(
                    relation: label, reason: "tolerance \(relation.tolerance) is not a finite number ≥ 0")
            }
            var sums: [Int: Double] = [:]
            var order: [Int] = []
            for term in relation.terms {
                guard let i = index[term.cell] else { throw AuditError.unknownCell(id: term.cell, relation: label) }
                guard term.coefficient.isFinite else {
                    throw AuditError.invalidRelation(
                        relation: label,
                        reason: "coefficient \(term.coefficient) of '\(term.cell)' is not a finite number")
                }
                if sums[i] == nil { order.append(i) }
                sums[i, default: 0] += term.coefficient
            }
            let row = order.compactMap { i in sums[i] == 0 ? nil : (cell: i, coefficient: sums[i]!) }
            guard !row.isEmpty else {
                throw AuditError.invalidRelation(
                    relation: label, reason: "no cell has a non-zero coefficient; hint: a relation must link cells")
            }
            rows.append(row)
        }
        self.rows = rows
    }

    private static func check(_ cell: AuditCell, knowingValue: Bool) throws {
        func invalid(_ reason: String) -> AuditError { .invalidCell(id: cell.id, reason: reason) }
        guard !cell.lowerBound.isNaN, cell.lowerBound != .infinity else {
            throw invalid("lower bound \(cell.lowerBound) is not a number or -infinity")
        }
        let upper = cell.upperBound ?? .infinity
        guard !upper.isNaN, upper != -.infinity else { throw invalid("upper bound \(upper) is not a number or nil") }
        guard knowingValue else {
            guard cell.lowerBound <= upper else {
                throw invalid("lower bound \(cell.lowerBound) is above upper bound \(upper)")
            }
            return
        }
        guard cell.value.isFinite else { throw invalid("value \(cell.value) is not a finite number") }
        guard cell.lowerBound <= cell.value, cell.value <= upper else {
            throw invalid(
                "value \(cell.value) lies outside its bounds [\(cell.lowerBound), \(upper)]; "
                    + "hint: the bounds are what any reader knows, so the true value must satisfy them")
        }
    }

    /// The intervals of the suppressed cells, but those of `skipping` (known to be protected
    /// already) and, with `sensitiveOnly`, those that need no protection, in table order.
    /// With `helpers`, also the published cells whose suppression would widen an exposed
    /// sensitive cell's interval on a side where it is short (see ``Helper``).
    func intervals(
        rule: ProtectionRule, skipping: Set<String> = [], sensitiveOnly: Bool = false,
        helpers: UnsafeMutablePointer<[Int: Helper]>? = nil
    ) throws -> [CellInterval] {
        let program = try feasibleProgram()
        var intervals: [CellInterval] = []
        for (j, cell) in table.cells.enumerated()
        where cell.isSuppressed && !skipping.contains(cell.id) && (cell.needsProtection || !sensitiveOnly) {
            let lower: Double
            var lowering: [Int: Double] = [:]
            switch try program.optimise(column: j, .minimum, cell: cell.id) {
            case .optimal(let value):
                lower = value
                if helpers != nil { lowering = potentials(program, direction: -1) }
            case .unbounded: lower = -.infinity
            case .infeasible: throw AuditError.infeasible
            }
            let upper: Double
            var raising: [Int: Double] = [:]
            switch try program.optimise(column: j, .maximum, cell: cell.id) {
            case .optimal(let value):
                upper = value
                if helpers != nil { raising = potentials(program, direction: 1) }
            case .unbounded: upper = .infinity
            case .infeasible: throw AuditError.infeasible
            }
            let isProtected = rule.isProtected(
                value: cell.value, kind: cell.kind, lower: lower, upper: upper,
                lowerBound: cell.lowerBound, upperBound: cell.upperBound ?? .infinity)
            if let helpers, !isProtected, cell.needsProtection {
                // How much each side falls short of the protection level.
                let margin = rule.margin(for: cell.kind, value: cell.value)
                let (short, lowShort, highShort): (Double, Double, Double) =
                    cell.kind == .answerCount
                    ? (margin - (upper - lower), 0, 0)
                    : (
                        0, lower - max(cell.value - margin, cell.lowerBound),
                        min(cell.value + margin, cell.upperBound ?? .infinity) - upper
                    )
                for (side, shortfall) in [
                    (lowering, cell.kind == .answerCount ? short : lowShort),
                    (raising, cell.kind == .answerCount ? short : highShort),
                ] where shortfall > 0 {
                    for (k, potential) in side {
                        var helper = helpers.pointee[k] ?? Helper()
                        helper.enough = helper.enough || potential >= shortfall
                        helpers.pointee[k] = helper
                    }
                }
            }
            intervals.append(
                CellInterval(
                    id: cell.id, value: cell.value, kind: cell.kind, lower: lower, upper: upper,
                    isProtected: isProtected, needsProtection: cell.needsProtection))
        }
        return intervals
    }

    /// The table's LP: every published cell fixed at its value, every suppressed cell free
    /// within its bounds, every relation within its tolerance, checked feasible once
    /// (``AuditError/infeasible`` otherwise) before the per-cell objectives are set.
    func feasibleProgram() throws -> LinearProgram {
        let columns = table.cells.map { cell in
            cell.isSuppressed
                ? LinearProgram.Range(lower: cell.lowerBound, upper: cell.upperBound ?? .infinity)
                : LinearProgram.Range(lower: cell.value, upper: cell.value)
        }
        let ranges = table.relations.map { LinearProgram.Range(lower: -$0.tolerance, upper: $0.tolerance) }
        var entries: [(row: Int, column: Int, value: Double)] = []
        for (r, row) in rows.enumerated() {
            for term in row { entries.append((row: r, column: term.cell, value: term.coefficient)) }
        }
        let program = LinearProgram(columns: columns, rows: ranges, entries: entries)
        if try program.optimise(column: nil, .minimum, cell: nil) == .infeasible { throw AuditError.infeasible }
        return program
    }

    /// The smallest and largest value of the suppressed cell `j` in `program` (infinite when
    /// unbounded): the reader's audit, which knows no true value to judge them against.
    func range(of j: Int, in program: LinearProgram) throws -> (lower: Double, upper: Double) {
        var bounds: [Double] = []
        for direction in [LinearProgram.Direction.minimum, .maximum] {
            switch try program.optimise(column: j, direction, cell: table.cells[j].id) {
            case .optimal(let value): bounds.append(value)
            case .unbounded: bounds.append(direction == .minimum ? -.infinity : .infinity)
            case .infeasible: throw AuditError.infeasible
            }
        }
        return (bounds[0], bounds[1])
    }

    /// A published cell whose suppression would move an exposed cell's bound.
    struct Helper {
        /// Whether the move can be large enough to close a side's shortfall on its own.
        var enough = false
    }

    /// Per published suppressible cell with a non-zero reduced cost in the last LP solved,
    /// how far freeing it could move the objective in `direction` (−1: lower the minimum,
    /// +1: raise the maximum) before it meets its a priori bound: |d|·(distance to the
    /// bound on the side that helps), infinite when that bound is.
    private func potentials(_ program: LinearProgram, direction: Double) -> [Int: Double] {
        var result: [Int: Double] = [:]
        for (k, cell) in table.cells.enumerated() where !cell.isSuppressed && cell.suppressible {
            let d = program.reducedCost(column: k)
            guard abs(d) > 1e-9 else { continue }
            // Moving the cell up moves the objective by d per unit: up helps when d has the
            // sign of `direction`, down otherwise.
            let room = d * direction > 0 ? (cell.upperBound ?? .infinity) - cell.value : cell.value - cell.lowerBound
            guard room > 0 else { continue }
            result[k] = abs(d) * room
        }
        return result
    }

    /// The cell to suppress next among those the LPs of the exposed cells say would widen
    /// them (their reduced costs): one that can close a shortfall on its own first, then one
    /// of an exposed cell's family, fewest contributors, smallest value, id. Nil when the LPs
    /// named none (a degenerate optimum can hide them): `nextSuppression` searches then.
    func bestHelper(_ helpers: [Int: Helper], besides unprotected: Set<String>) -> Int? {
        let families = Set(table.cells.filter { unprotected.contains($0.id) }.compactMap(\.family))
        return helpers.keys.min { a, b in
            let x = table.cells[a], y = table.cells[b]
            if helpers[a]!.enough != helpers[b]!.enough { return helpers[a]!.enough }
            let (fa, fb) = (x.family.map(families.contains) ?? false, y.family.map(families.contains) ?? false)
            if fa != fb { return fa }
            if x.contributors != y.contributors { return x.contributors < y.contributors }
            if x.value != y.value { return x.value < y.value }
            return x.id < y.id
        }
    }

    /// The published cell to suppress next (an index into `table.cells`), nil when there is
    /// none.
    ///
    /// Only a published cell in a relation that reaches an exposed cell through suppressed
    /// cells can widen its interval: the candidates are the published, suppressible cells of
    /// the relations that touch the exposed cells' component (the exposed cells and every
    /// suppressed cell linked to them through relations). Among them, first the cells that
    /// open the most relations of the component with a single suppressed cell: such a
    /// relation gives its cell exactly, and through it the rest of the component (the cell
    /// that completes a rectangle opens two). Then the nearest (a relation of the exposed
    /// cell before one of its neighbours'), then cells large enough to give the exposed
    /// cell its whole margin on their own (a cell of 500 € cannot hide a 65 000 € grant to
    /// within ±10 %: choosing it only starts a cascade), then cells of the exposed cell's own
    /// family (`AuditCell.family`, "within the same family where one exists"), then fewest
    /// contributors, smallest value, id.
    func nextSuppression(besides unprotected: Set<String>, rule: ProtectionRule = ProtectionRule()) -> Int? {
        var relationsOf: [[Int]] = Array(repeating: [], count: table.cells.count)
        for (r, row) in rows.enumerated() { for term in row { relationsOf[term.cell].append(r) } }
        let exposed = table.cells.indices.filter { unprotected.contains(table.cells[$0].id) }
        let needed = exposed.map { rule.margin(for: table.cells[$0].kind, value: table.cells[$0].value) }.min() ?? 0
        let families = Set(exposed.compactMap { table.cells[$0].family })

        // The component, ring by ring: each relation with the ring it was reached in.
        var ringOf: [Int: Int] = [:]
        var frontier = exposed
        var reached = Set(exposed)
        var ring = 0
        while !frontier.isEmpty {
            var next: [Int] = []
            for cell in frontier {
                for r in relationsOf[cell] where ringOf[r] == nil {
                    ringOf[r] = ring
                    for term in rows[r] where table.cells[term.cell].isSuppressed && reached.insert(term.cell).inserted
                    {
                        next.append(term.cell)
                    }
                }
            }
            frontier = next
            ring += 1
        }

        struct Score {
            var pins = 0
            var ring = Int.max
            var enough = false
        }
        var candidates: [Int: Score] = [:]
        for (r, ring) in ringOf {
            let row = rows[r]
            let pins = row.filter { table.cells[$0.cell].isSuppressed }.count == 1
            for term in row where !table.cells[term.cell].isSuppressed && table.cells[term.cell].suppressible {
                var score = candidates[term.cell] ?? Score()
                if pins { score.pins += 1 }
                score.ring = min(score.ring, ring)
                score.enough = score.enough || abs(table.cells[term.cell].value) >= needed
                candidates[term.cell] = score
            }
        }
        return candidates.keys.min { a, b in
            let x = table.cells[a], y = table.cells[b]
            let (sa, sb) = (candidates[a]!, candidates[b]!)
            if sa.pins != sb.pins { return sa.pins > sb.pins }
            if sa.ring != sb.ring { return sa.ring < sb.ring }
            if sa.enough != sb.enough { return sa.enough }
            let (fa, fb) = (x.family.map(families.contains) ?? false, y.family.map(families.contains) ?? false)
            if fa != fb { return fa }
            if x.contributors != y.contributors { return x.contributors < y.contributors }
            if x.value != y.value { return x.value < y.value }
            return x.id < y.id
        }
    }
}
