import DisclosureAudit
import Survey

/// The disclosure audit re-run from a published report alone (`observatory audit
/// REPORT_DIR`, issue #9 item 1): the linked tables a reader can write from the figures of
/// the files, with the same relations the job audited, and per blank cell the interval the
/// published figures allow (`DisclosureAudit.feasibleRanges`, which needs no true value).
///
/// Input: the published figures, read by `Reporting` from the files (``PublishedFigure``),
/// grouped into the job's independent sets of linked cells (``ReaderAudit/Part``); output:
/// ``ReaderAudit/Result``, the intervals and the cells they expose. Pure: no I/O.
public enum ReaderAudit {
    /// Where a figure is printed: file, physical line of its record, column header.
    public struct Place: Sendable, Hashable {
        /// The file, relative to the report folder.
        public var file: String
        /// The physical line of the figure's record.
        public var line: Int
        /// The column header.
        public var column: String

        /// The place of a figure.
        public init(file: String, line: Int, column: String) {
            self.file = file
            self.line = line
            self.column = column
        }
    }

    /// One figure of a report as a reader sees it: published with its value, or blank.
    public struct Figure: Sendable {
        /// The audit's column for it (`total_eur`, `state`, `up`, `integration_female`, …).
        public var column: String
        /// The group of its row.
        public var group: Group
        /// nil when the cell is blank.
        public var value: Double?
        /// The status its row prints: `confidential` (a primary rule: the cell must stay
        /// uncertain), `confidential-secondary` (hidden to protect another: no level of its
        /// own, as in the job's audit), `no-data` (read as a published 0, as the job does).
        public var status: CellStatus
        /// Members behind it, as its row prints them.
        public var contributors: Int
        /// Count, amount or other kind: what the protection levels of a blank cell are.
        public var kind: AuditCell.Kind
        /// Where it is printed; nil for a figure no file prints (the series' counts of
        /// answers behind a published balance), audited but never reported.
        public var place: Place?
        /// What it is, for messages (`count of 'up' answers (activity_past, n = 4)`).
        public var label: String
        /// The interval is printed times this factor (a balance from its net count of answers).
        public var shownScale: Double
        /// What any reader knows of its largest value (nil: none).
        public var upperBound: Double?

        /// A figure as read from the report.
        public init(
            column: String, group: Group, value: Double?, status: CellStatus, contributors: Int,
            kind: AuditCell.Kind, place: Place?, label: String, shownScale: Double = 1, upperBound: Double? = nil
        ) {
            self.upperBound = upperBound
            self.column = column
            self.group = group
            self.value = value
            self.status = status
            self.contributors = contributors
            self.kind = kind
            self.place = place
            self.label = label
            self.shownScale = shownScale
        }

        /// Blank by a rule, whatever the value behind it.
        public var isBlank: Bool { status.isSuppressed }
        /// Blank by a primary rule: its interval is judged.
        public var isSensitive: Bool { status == .confidential }
    }

    /// One set of linked cells audited on its own (a question of a quarter, a variable, a
    /// population and sex, or a whole funding report), as the job splits its audit.
    public struct Part: Sendable {
        /// The part, for messages (`2014-Q4
        /// activity_past`).
        public var name: String
        /// Its cells and the relations between them.
        public var table: AuditTable
        /// The figures behind the table's cells, by cell id.
        public var figures: [String: Figure]
    }

    /// A blank cell and the interval the published figures leave it.
    public struct Interval: Sendable {
        /// The blank figure.
        public var figure: Figure
        /// The least value the published figures allow it.
        public var lower: Double
        /// The largest value the published figures allow it.
        public var upper: Double
        /// The issue #9 levels, judged without the true value (``isExposed(kind:lower:upper:)``).
        public var isExposed: Bool
    }

    /// What the audit of a report found.
    public struct Result: Sendable {
        /// Figures audited.
        public var cells = 0
        /// Relations between them (totals and their parts).
        public var relations = 0
        /// Blank cells.
        public var suppressed = 0
        /// Cells blank by a primary rule, whose intervals are judged.
        public var sensitive = 0
        /// Every blank cell's interval, in part then table order.
        public var intervals: [Interval] = []
        /// Parts whose published figures contradict their relations (no feasible solution).
        public var contradictions: [String] = []

        /// The blank cells whose interval is too narrow to protect them.
        public var exposed: [Interval] { intervals.filter(\.isExposed) }
    }

    /// The verdict on a sensitive blank cell from its interval alone, the issue #9 levels
    /// read without the true value: exposed when the interval is one point (width below 1e-6
    /// relative); for counts of answers, when it holds fewer than two whole numbers (a count
    /// is whole: [0.5, 1.5] gives 1); for money and
    /// other totals, when no value v in it has its ±10 % inside it (lower ≤ 0.9·v and
    /// upper ≥ 1.1·v for some v ⇔ 1.1·lower ≤ 0.9·upper, or lower ≤ 0). The LP's own
    /// rounding (1e-9 relative) is forgiven, as `ProtectionRule` forgives it. As there, no
    /// level reaches past an a priori upper bound: an interval that reaches the bound is
    /// protected above, so v = upper serves when lower ≤ 0.9·upper.
    public static func isExposed(kind: AuditCell.Kind, lower: Double, upper: Double, upperBound: Double? = nil) -> Bool
    {
        guard upper.isFinite && lower.isFinite else { return false }
        let scale = max(1, abs(lower), abs(upper))
        if upper - lower < 1e-6 * scale { return true }
        switch kind {
        case .answerCount: return (upper + 1e-9 * scale).rounded(.down) - (lower - 1e-9 * scale).rounded(.up) < 1
        case .money, .total:
            if let upperBound, upper >= upperBound - 1e-9 * scale, lower <= 0.9 * upper + 1e-9 * scale { return false }
            return lower > 0 && 1.1 * lower > 0.9 * upper + 1e-9 * scale
        }
    }

    /// Audits every part: the intervals of their blank cells and the verdicts.
    public static func run(_ parts: [Part]) throws -> Result {
        var result = Result()
        for part in parts {
            result.cells += part.table.cells.count
            result.relations += part.table.relations.count
            let blank = part.table.cells.filter { $0.isSuppressed && part.figures[$0.id]?.place != nil }
            result.suppressed += blank.count
            result.sensitive += blank.filter(\.needsProtection).count
            let ranges: [FeasibleRange]
            do {
                ranges = try feasibleRanges(part.table, of: Set(part.figures.filter { $0.value.place != nil }.keys))
            } catch AuditError.infeasible {
                result.contradictions.append(part.name)
                continue
            }
            // The cell's own verdict: sensitive by its row's status, unless the relations say
            // the national row gives it away by itself (`LinkedTables.hierarchy`).
            let needsProtection = Dictionary(
                part.table.cells.map { ($0.id, $0.needsProtection) }, uniquingKeysWith: { a, _ in a })
            for range in ranges {
                guard let figure = part.figures[range.id], figure.place != nil else { continue }
                let judged = figure.isSensitive && needsProtection[range.id] != false
                result.intervals.append(
                    Interval(
                        figure: figure, lower: range.lower, upper: range.upper,
                        isExposed: judged
                            && isExposed(
                                kind: figure.kind, lower: range.lower, upper: range.upper,
                                upperBound: figure.upperBound)
                    ))
            }
        }
        return result
    }

    // MARK: - The relations of each job

    /// Adds the figures as cells: blank ones with an unknown value (0, not read by the
    /// reader's audit), `no-data` ones as a published 0.
    private static func linked(_ figures: [Figure]) -> (LinkedTables, [String: Figure]) {
        var linked = LinkedTables()
        var byID: [String: Figure] = [:]
        for f in figures {
            linked.add(
                f.column, f.group, value: f.isBlank ? 0 : f.value ?? 0, status: f.status == .noData ? .ok : f.status,
                contributors: f.contributors, kind: f.kind, upperBound: f.upperBound)
            byID[LinkedTables.id(f.column, f.group)] = f
        }
        return (linked, byID)
    }

    private static func groups(_ figures: [Figure]) -> [Group] {
        Array(Set(figures.map(\.group))).sorted()
    }

    /// Funding: `total_eur` and `public_eur` of shares.csv, the amounts of sources.csv (column
    /// = the source), as the job links them (`PublicFunding.audit`): per group total_eur = Σ
    /// sources and public_eur = Σ public sources, each column's hierarchy, to the cent; and
    /// the sums of the members' public shares (`member_share_sum`: the mean times n, every
    /// accepted member having resources), each column's hierarchy, to the rounding.
    public static func funding(_ figures: [Figure]) -> [Part] {
        let (start, byID) = linked(figures)
        var linked = start
        let cent = 0.005
        for g in groups(figures) {
            let sources = FundingSource.allCases.filter { linked.has($0.rawValue, g) }
            if linked.has("total_eur", g), !sources.isEmpty {
                linked.relations.append(
                    AuditRelation(
                        name: "total = Σ sources (\(g.name))", total: LinkedTables.id("total_eur", g),
                        parts: sources.map { LinkedTables.id($0.rawValue, g) }, tolerance: cent))
            }
            if linked.has("public_eur", g), !sources.isEmpty {
                linked.relations.append(
                    AuditRelation(
                        name: "public = Σ public sources (\(g.name))", total: LinkedTables.id("public_eur", g),
                        parts: sources.filter(\.isPublic).map { LinkedTables.id($0.rawValue, g) }, tolerance: cent))
            }
        }
        for column in ["total_eur", "public_eur"] + FundingSource.allCases.map(\.rawValue) {
            linked.hierarchy(column, groups: groups(figures), tolerance: cent)
        }
        // The sums of the members' shares: each mean is printed to the hundredth, so a sum
        // is known to 0.005·n, and a relation of total T to 0.005·n_T on each side.
        let members = Dictionary(
            figures.filter { $0.column == "member_share_sum" }.map { ($0.group, $0.contributors) },
            uniquingKeysWith: { first, _ in first })
        linked.hierarchy("member_share_sum", groups: groups(figures)) { 0.01 * Double(members[$0] ?? 0) + 1e-6 }
        return [
            Part(name: "funding", table: AuditTable(cells: linked.cells, relations: linked.relations), figures: byID)
        ]
    }

    /// Hierarchies only, one part per column: the gender headcounts (column =
    /// `population_sex`) and the barometer's quantity totals (column = the variable), as
    /// `GenderEquality.audit` and `Barometer.audit(quantities:)` link them.
    public static func hierarchies(_ figures: [Figure], tolerance: Double) -> [Part] {
        var columns: [String] = []
        for f in figures where !columns.contains(f.column) { columns.append(f.column) }
        return columns.map { column in
            let mine = figures.filter { $0.column == column }
            let (start, byID) = linked(mine)
            var linked = start
            linked.hierarchy(column, groups: groups(mine), tolerance: tolerance)
            return Part(
                name: column, table: AuditTable(cells: linked.cells, relations: linked.relations), figures: byID)
        }
    }

    /// The answers of one question of the report's quarter, as `Barometer.audit(balances:)`
    /// links them: per group (unweighted rows) n = up + stable + down with n published on
    /// every row, each count's hierarchy, and the post-stratified shares of `all` and of each
    /// family as `N·p/100 = Σ_h (N_h/n_h)·Σ_{t∈h} count_t` over the strata merged as the
    /// estimator merges them (`OpinionEstimator.mergedStrata`) from the published n of each
    /// type, with N_h the active members of response.csv.
    ///
    /// - Parameters:
    ///   - n: the published n of each group's unweighted row.
    ///   - counts: `up`, `stable`, `down` figures (counts of answers, from n and the shares).
    ///   - poststratified: `ps_up`, `ps_stable`, `ps_down` figures of `all` and the families
    ///     (shares in %).
    ///   - active: active members per structure type (response.csv).
    public static func answers(
        question: String, n: [Group: Int], counts: [Figure], poststratified: [Figure],
        active: [StructureType: Int]
    ) -> Part {
        let (start, byID) = linked(counts + poststratified)
        var linked = start
        for (g, count) in n.sorted(by: { $0.key < $1.key }) {
            linked.add(
                "n", g, value: Double(count), status: .ok, contributors: count, kind: .answerCount, suppressible: false)
            let parts = ["up", "stable", "down"].filter { linked.has($0, g) }
            guard !parts.isEmpty else { continue }
            linked.relations.append(
                AuditRelation(
                    name: "n = up + stable + down (\(g.name))", total: LinkedTables.id("n", g),
                    parts: parts.map { LinkedTables.id($0, g) }))
        }
        let groups = groups(counts)
        for answer in ["up", "stable", "down"] { linked.hierarchy(answer, groups: groups, tolerance: 0) }
        for ps in poststratified where ps.column.hasPrefix("ps_") {
            let answer = String(ps.column.dropFirst(3))
            let types = StructureType.allCases.filter { t in ps.group == .all || t.family.rawValue == ps.group.name }
            let strata = OpinionEstimator.mergedStrata(
                types.map { t in
                    let count = n[Group(.structureType, t.rawValue)] ?? 0
                    return (type: t, codes: [Int8](repeating: 0, count: count), population: active[t] ?? count)
                }
            ).filter { !$0.codes.isEmpty }
            let population = Double(strata.map(\.population).reduce(0, +))
            guard population > 0 else { continue }
            var terms = [AuditRelation.Term(LinkedTables.id(ps.column, ps.group), population / 100)]
            for stratum in strata {
                let weight = Double(stratum.population) / Double(stratum.codes.count)
                for t in stratum.label.split(separator: "+") {
                    let id = LinkedTables.id(answer, Group(.structureType, String(t)))
                    if linked.has(id: id) { terms.append(AuditRelation.Term(id, -weight)) }
                }
            }
            linked.relations.append(
                AuditRelation(
                    name: "post-stratified \(answer) (\(ps.group.name))", terms: terms,
                    tolerance: population / 100 * 0.005 + 1e-9 * population))
        }
        return Part(name: question, table: AuditTable(cells: linked.cells, relations: linked.relations), figures: byID)
    }

    /// One question of one earlier quarter of `series.csv`, which prints n and the balance
    /// only: per group the counts of up, stable and down answers are unknowns (never
    /// printed, never reported), n = up + stable + down, the balance's net count
    /// `net = up − down = n·balance/100` (published to two decimals: ±n·0.005/100), and the
    /// counts' hierarchies. A blank balance is reported through its net count (an answer
    /// count), shown as a balance.
    ///
    /// - Parameter balances: per group, its n and its `net` figure (value n·balance/100).
    public static func seriesAnswers(name: String, balances: [(n: Int, net: Figure)]) -> Part {
        let (start, byID) = linked(balances.map(\.net))
        var linked = start
        // A net count of answers is negative when more answered "down".
        for i in linked.cells.indices { linked.cells[i].lowerBound = -.infinity }
        var groups: [Group] = []
        for (n, net) in balances {
            let g = net.group
            groups.append(g)
            linked.add("n", g, value: Double(n), status: .ok, contributors: n, kind: .answerCount, suppressible: false)
            for answer in ["up", "stable", "down"] {
                linked.add(answer, g, value: 0, status: .confidentialSecondary, contributors: n, kind: .answerCount)
            }
            linked.relations.append(
                AuditRelation(
                    name: "n = up + stable + down (\(g.name))", total: LinkedTables.id("n", g),
                    parts: ["up", "stable", "down"].map { LinkedTables.id($0, g) }))
            linked.relations.append(
                AuditRelation(
                    name: "net = up − down (\(g.name))",
                    terms: [
                        .init(LinkedTables.id(net.column, g), 1), .init(LinkedTables.id("up", g), -1),
                        .init(LinkedTables.id("down", g), 1),
                    ],
                    tolerance: Double(n) * 0.005 / 100 + 1e-9))
        }
        for answer in ["up", "stable", "down"] { linked.hierarchy(answer, groups: groups.sorted(), tolerance: 0) }
        return Part(name: name, table: AuditTable(cells: linked.cells, relations: linked.relations), figures: byID)
    }
}
