import DisclosureAudit
import Survey

/// The disclosure audit over linked tables (issue #9 item 1), shared by the jobs: the cells
/// a job publishes and the additive relations a reader can combine them with, handed to
/// `DisclosureAudit.protect`, which suppresses more cells until every suppressed one lies in
/// an interval of at least ±10 % (money, totals) or one answer (counts of answers).
///
/// The cell-by-cell rule of `Confidentiality.statuses` runs first; this audit then sees
/// what a reader with every file of the report sees: a family next to its types, `all` next
/// to the types, the families and the regions, and one file's total next to the other
/// file's parts.
struct LinkedTables {
    var cells: [AuditCell] = []
    var relations: [AuditRelation] = []
    private var index: [String: Int] = [:]
    /// Blank cells that no rule suppressed (a row with nothing to print, whose sums are
    /// still unknowns of the relations): audited, but not counted or listed as suppressed.
    var unprinted: Set<String> = []

    static func id(_ column: String, _ g: Group) -> String { "\(column)|\(g.breakdown.rawValue)|\(g.name)" }

    mutating func add(
        _ column: String, _ g: Group, value: Double, status: CellStatus, contributors: Int,
        kind: AuditCell.Kind = .money, suppressible: Bool = true, sensitive: Bool? = nil,
        upperBound: Double? = nil
    ) {
        let id = Self.id(column, g)
        index[id] = cells.count
        // Only cells hidden by a primary rule are sensitive; a cell hidden to protect another
        // (confidential-secondary) needs no protection level of its own.
        cells.append(
            AuditCell(
                id: id, value: value, status: status.isSuppressed ? .suppressed : .published, kind: kind,
                contributors: contributors, upperBound: upperBound, suppressible: suppressible,
                family: Self.family(of: g),
                needsProtection: sensitive ?? (status == .confidential)))
    }

    /// The family a group belongs to, for the chooser's same-family preference.
    static func family(of g: Group) -> String? {
        switch g.breakdown {
        case .family: return g.name
        case .structureType: return StructureType(rawValue: g.name)?.family.rawValue
        default: return nil
        }
    }

    func has(_ column: String, _ g: Group) -> Bool { index[Self.id(column, g)] != nil }
    func has(id: String) -> Bool { index[id] != nil }

    /// `all` = Σ families = Σ types = Σ regions, and each family = Σ its types, for `column`.
    ///
    /// What the published national cell gives away by itself is no group's secret, and no
    /// suppression short of the headline could hide it: a group holding every contributor of
    /// the national figure has the national value, and a national sum of 0 (of non-negative
    /// parts) makes every group's 0. Such cells need no protection level (a sensitive one is
    /// still blank); the job's audit and the reader's (`observatory audit`) share this rule.
    mutating func hierarchy(_ column: String, groups: [Group], tolerance: Double) {
        hierarchy(column, groups: groups) { _ in tolerance }
    }

    /// The same, each relation within the tolerance its total group gives.
    mutating func hierarchy(_ column: String, groups: [Group], toleranceOf: (Group) -> Double) {
        if let national = index[Self.id(column, .all)].map({ cells[$0] }), !national.isSuppressed {
            for g in groups where g != .all {
                guard let i = index[Self.id(column, g)], cells[i].needsProtection else { continue }
                let cell = cells[i]
                if (national.contributors > 0 && cell.contributors == national.contributors)
                    || (national.value == 0 && cell.lowerBound >= 0)
                {
                    cells[i].needsProtection = false
                }
            }
        }
        let all = groups.filter { $0.breakdown == .all }
        for total in all where has(column, total) {
            for breakdown in [Breakdown.family, .structureType, .region] {
                let parts = groups.filter { $0.breakdown == breakdown && has(column, $0) }
                if !parts.isEmpty {
                    relations.append(
                        AuditRelation(
                            name: "\(column): all = Σ \(breakdown.rawValue)", total: Self.id(column, total),
                            parts: parts.map { Self.id(column, $0) }, tolerance: toleranceOf(total)))
                }
            }
        }
        for family in groups where family.breakdown == .family && has(column, family) {
            let parts = groups.filter { g in
                g.breakdown == .structureType && has(column, g)
                    && StructureType(rawValue: g.name)?.family.rawValue == family.name
            }
            if !parts.isEmpty {
                relations.append(
                    AuditRelation(
                        name: "\(column): \(family.name) = Σ types", total: Self.id(column, family),
                        parts: parts.map { Self.id(column, $0) }, tolerance: toleranceOf(family)))
            }
        }
    }

    /// Runs the protection until no row of several cells is half suppressed: `rowOf` maps a
    /// cell to the cells published or suppressed with it (a row of shares.csv holds total and
    /// public money under one status). Returns the ids suppressed by the audit and its outcome.
    func protect(rowOf: (String) -> [String]) throws -> (added: Set<String>, outcome: AuditOutcome) {
        var table = AuditTable(cells: cells, relations: relations)
        var added: Set<String> = []
        var rounds = 0
        while true {
            let protection = try DisclosureAudit.protect(table)
            rounds += protection.rounds
            table = protection.table
            var widened = false
            for id in protection.added {
                added.insert(id)
                for other in rowOf(id) where other != id {
                    if let i = table.cells.firstIndex(where: { $0.id == other }), table.cells[i].status == .published {
                        table.cells[i].status = .suppressed
                        added.insert(other)
                        widened = true
                    }
                }
            }
            if !widened {
                return (
                    added,
                    AuditOutcome(
                        cells: cells.count, relations: relations.count,
                        suppressed: table.cells.filter { $0.isSuppressed && !unprinted.contains($0.id) }.count,
                        added: added.count,
                        rounds: rounds, unprotected: protection.unprotected.map(\.id),
                        intervals: protection.intervals.filter { !unprinted.contains($0.id) }.map {
                            AuditOutcome.Interval(cell: $0.id, lower: $0.lower, upper: $0.upper)
                        })
                )
            }
        }
    }
}

/// What the disclosure audit of a report did, for its manifest and for the job's decision:
/// a report with a suppressed cell still recoverable is not published.
public struct AuditOutcome: Sendable, Equatable {
    /// Cells audited.
    public var cells: Int
    /// Relations between them (totals and their parts).
    public var relations: Int
    /// Cells suppressed, by the rules and by the audit.
    public var suppressed: Int
    /// Cells the audit suppressed beyond the cell-by-cell rules.
    public var added: Int
    /// Rounds of the audit (each may suppress more cells).
    public var rounds: Int
    /// Suppressed cells whose interval stays too narrow although nothing is left to suppress.
    public var unprotected: [String]
    /// Set when the audit could not run (inconsistent tables: a bug, not a data problem).
    public var failure: String?
    /// Every suppressed cell with the interval a reader of the whole report can compute for
    /// it (the issue asks for the intervals in the manifest: they are what the published
    /// figures tell anyway, so publishing them gives nothing more away).
    public var intervals: [Interval]

    /// One suppressed cell and the values the published figures leave open for it.
    public struct Interval: Sendable, Equatable {
        /// The cell: its quarter and question where the report has several, column, breakdown
        /// and group.
        public var cell: String
        /// The least value the published figures allow the cell.
        public var lower: Double
        /// The largest value the published figures allow it.
        public var upper: Double

        /// The interval [`lower`, `upper`] of `cell`.
        public init(cell: String, lower: Double, upper: Double) {
            self.cell = cell
            self.lower = lower
            self.upper = upper
        }
    }

    /// What an audit did.
    public init(
        cells: Int, relations: Int, suppressed: Int, added: Int, rounds: Int, unprotected: [String],
        failure: String? = nil,
        intervals: [Interval] = []
    ) {
        self.cells = cells
        self.relations = relations
        self.suppressed = suppressed
        self.added = added
        self.rounds = rounds
        self.unprotected = unprotected
        self.failure = failure
        self.intervals = intervals
    }

    /// The same outcome with `prefix|` before every cell id, when several audits of one report
    /// (quarters, questions) would otherwise name their cells alike.
    public func prefixed(_ prefix: String) -> AuditOutcome {
        var copy = self
        copy.unprotected = unprotected.map { "\(prefix)|\($0)" }
        copy.intervals = intervals.map { Interval(cell: "\(prefix)|\($0.cell)", lower: $0.lower, upper: $0.upper) }
        return copy
    }

    /// Whether every suppressed cell is protected and the audit ran.
    public var isComplete: Bool { failure == nil && unprotected.isEmpty }
}
