/// One published or suppressed figure of a report, as the disclosure audit sees it.
///
/// The audit does not know rows, groups or files: a cell is a named unknown with the value
/// the statistician computed, whether the reader sees it, and the bounds a reader knows
/// before reading anything (a sum of euros is not negative; a count of answers is at most
/// the number of respondents). Linked tables are cells plus ``AuditRelation``s.
public struct AuditCell: Sendable, Hashable, Identifiable {
    /// What the reader sees.
    public enum Status: String, Sendable, Hashable {
        case published
        case suppressed
    }

    /// What the value measures, which decides how wide its interval must be to protect it
    /// (see ``ProtectionRule``).
    public enum Kind: String, Sendable, Hashable {
        /// An amount of money (a sum of euros over the members of a group).
        case money
        /// Any other magnitude total (headcounts, hours, weighted sums).
        case total
        /// A number of answers (how many members answered "hausse", say).
        case answerCount = "answer-count"
    }

    /// Unique within a table; any text (a file, row and column, say). Ties in secondary
    /// suppression are broken by this id, so it should be stable from run to run.
    public var id: String
    /// The true value, known to the statistician.
    public var value: Double
    /// Published or suppressed.
    public var status: Status
    /// What the value is, which sets the protection it needs.
    public var kind: Kind
    /// Members contributing to the value: secondary suppression picks the fewest first.
    public var contributors: Int
    /// What a reader knows a priori: the value is at least this (0 unless told; may be
    /// `-.infinity`).
    public var lowerBound: Double
    /// What a reader knows a priori: the value is at most this; nil when nothing caps it.
    public var upperBound: Double?
    /// False for a published cell that secondary suppression must never pick, such as a
    /// sum nobody contributed to (`Disclosure.nothingToProtect`: its zero tells nothing
    /// about any member, so it is never suppressed in a neighbour's place).
    public var suppressible: Bool
    /// The family of the group the cell describes, when it has one (a type's family, or the
    /// family itself): secondary suppression prefers a cell of the exposed cell's family,
    /// "within the same family where one exists" (issue #9), so that a suppression stays
    /// inside one branch of the hierarchy instead of opening another.
    public var family: String?
    /// Whether the cell is sensitive: suppressed by a primary rule (too few contributors, a
    /// dominant one, the p % rule), so that its interval must reach the protection levels.
    /// A cell suppressed only to protect another one (secondary suppression) tells nothing
    /// about a member on its own and needs no protection level, as in τ-Argus and sdcTable
    /// where protection levels are set on the primary unsafe cells only: asking a family
    /// total of 300 members to stay ±10 % uncertain when it was hidden to protect one type
    /// suppresses cells in cascade up to the national total.
    public var needsProtection: Bool

    /// `needsProtection` defaults to whether the cell is suppressed.
    public init(
        id: String, value: Double, status: Status = .published, kind: Kind = .money, contributors: Int,
        lowerBound: Double = 0, upperBound: Double? = nil, suppressible: Bool = true, family: String? = nil,
        needsProtection: Bool? = nil
    ) {
        self.id = id
        self.value = value
        self.status = status
        self.kind = kind
        self.contributors = contributors
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.suppressible = suppressible
        self.family = family
        self.needsProtection = needsProtection ?? (status == .suppressed)
    }

    /// Whether the cell is suppressed.
    public var isSuppressed: Bool { status == .suppressed }
}

/// A linear identity between cells that any reader can write down: `Σ coefficient·value = 0`.
///
/// Additivity (`total = Σ parts`, built by ``init(name:total:parts:tolerance:)``) covers
/// family = Σ types and `all` = Σ regions; other coefficients
/// (``init(name:total:weightedParts:tolerance:)``) cover weighted identities such as
/// `n·b_all = Σ n_h·b_h` for an unweighted mean of stratum means, or
/// `N·p_ps/100 = Σ (N_h/n_h)·count_h` for a post-stratified share (coefficients are real
/// numbers: a stratum's weight N_h/n_h is rarely whole).
public struct AuditRelation: Sendable, Hashable {
    /// One cell of the relation with its coefficient.
    public struct Term: Sendable, Hashable {
        /// The cell's id.
        public var cell: String
        /// Its coefficient in the identity.
        public var coefficient: Double

        /// The term `coefficient · cell`.
        public init(_ cell: String, _ coefficient: Double) {
            self.cell = cell
            self.coefficient = coefficient
        }
    }

    /// Shown in error messages; may be empty (the relation's position is shown then).
    public var name: String
    /// The relation is `Σ term.coefficient·value(term.cell) = 0`. A cell named twice has its
    /// coefficients added.
    public var terms: [Term]
    /// How far from 0 the sum may be: 0 for exact figures; half a unit of the last
    /// published digit times the coefficients for rounded ones, so rounding alone does not
    /// make a report look contradictory.
    public var tolerance: Double

    /// `Σ coefficient·value = 0`, stated directly.
    public init(name: String = "", terms: [Term], tolerance: Double = 0) {
        self.name = name
        self.terms = terms
        self.tolerance = tolerance
    }

    /// `total = Σ parts`.
    public init(name: String = "", total: String, parts: [String], tolerance: Double = 0) {
        self.init(name: name, terms: [Term(total, 1)] + parts.map { Term($0, -1) }, tolerance: tolerance)
    }

    /// `total.coefficient·total = Σ part.coefficient·part`, for weighted identities such as
    /// `10·b_all = 4·b_A + 6·b_B`.
    public init(name: String = "", total: Term, weightedParts: [Term], tolerance: Double = 0) {
        self.init(
            name: name, terms: [total] + weightedParts.map { Term($0.cell, -$0.coefficient) }, tolerance: tolerance)
    }
}

/// Linked tables: every cell of every file of one job, and every identity between them.
/// Auditing them together is the point: a cell protected within its own table may still be
/// recovered through another file (issue #9).
public struct AuditTable: Sendable, Hashable {
    /// Every cell, ids unique.
    public var cells: [AuditCell]
    /// Every identity between them.
    public var relations: [AuditRelation]

    /// The tables of `cells` linked by `relations`.
    public init(cells: [AuditCell], relations: [AuditRelation]) {
        self.cells = cells
        self.relations = relations
    }

    /// The cell with this id, if any.
    public subscript(id: String) -> AuditCell? {
        cells.first { $0.id == id }
    }

    /// Ids of the suppressed cells, in table order.
    public var suppressedIDs: [String] {
        cells.filter(\.isSuppressed).map(\.id)
    }
}
