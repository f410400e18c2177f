import DisclosureAudit
import Survey

@testable import Statistics

/// The attackers of issue #9, written from what a reader of the published files has: the
/// printed cells, the blanks, and the relations the README states. They never look at a
/// suppressed value (it only fills `AuditCell.value`, which the linear programs ignore for a
/// suppressed cell), and they are written here, not taken from `LinkedTables`, so that a
/// relation the job forgot to audit is still one the attacker uses.
enum RecoveryAttackers {
    /// `all` = Σ families = Σ types = Σ regions and each family = Σ its types, for the groups
    /// the report has: the hierarchy any reader of one column can write down.
    static func hierarchy(_ groups: [Group], _ id: (Group) -> String, tolerance: Double) -> [AuditRelation] {
        var relations: [AuditRelation] = []
        for breakdown in [Breakdown.family, .structureType, .region] {
            let parts = groups.filter { $0.breakdown == breakdown }
            if groups.contains(.all), !parts.isEmpty {
                relations.append(
                    AuditRelation(
                        name: "all = Σ \(breakdown.rawValue)", total: id(.all), parts: parts.map(id),
                        tolerance: tolerance))
            }
        }
        for family in groups where family.breakdown == .family {
            let types = groups.filter {
                $0.breakdown == .structureType && StructureType(rawValue: $0.name)?.family.rawValue == family.name
            }
            if !types.isEmpty {
                relations.append(
                    AuditRelation(
                        name: "\(family.name) = Σ types", total: id(family), parts: types.map(id),
                        tolerance: tolerance))
            }
        }
        return relations
    }

    /// The feasibility intervals of every blank cell, by id.
    static func intervals(_ table: AuditTable) throws -> [String: CellInterval] {
        Dictionary(uniqueKeysWithValues: try DisclosureAudit.audit(table).map { ($0.id, $0) })
    }
}

/// The reader of `balances.csv` and `response.csv` for one question of one quarter.
///
/// Cells: per group, `n` (printed on every row, suppressed or not) and the counts of "up",
/// "stable" and "down" answers (pct × n / 100 of a published row; a structure type's
/// post-stratified row is its unweighted row again, so either gives its counts), blank when
/// both rows are, bounded by [0, n]. Relations: n = up + stable + down, the hierarchies, and
/// for each published post-stratified row of `all` or a family the README's
/// `N·p/100 = Σ_h (N_h/n_h)·Σ_{t∈h} count_t`, with the strata as the attacker merges them from
/// the published n and `response.csv`'s active members (given by hand by each test).
enum BarometerAttacker {
    /// One stratum of a post-stratified row: its types, N_h and n_h.
    struct Stratum {
        var types: [StructureType]
        var population: Int
        var answers: Int
    }

    static let answers = ["up", "stable", "down"]

    /// pct_up, pct_stable and pct_down, in the order of `answers`.
    static func shares(_ e: OpinionEstimate) -> [Double] { [e.pctUp, e.pctStable, e.pctDown] }

    static func id(_ answer: String, _ g: Group) -> String { "\(answer) \(g)" }

    static func table(_ t: BarometerTables, _ question: Question, strata: [Group: [Stratum]]) -> AuditTable {
        let rows = t.balances.filter { $0.question == question }
        func row(_ g: Group, _ w: Weighting) -> BalanceRow? { rows.first { $0.group == g && $0.weighting == w } }
        let groups = rows.filter { $0.weighting == .unweighted && $0.estimate != nil }.map(\.group)
        var cells: [AuditCell] = []
        var relations: [AuditRelation] = []
        for g in groups {
            let unweighted = row(g, .unweighted)!
            let n = unweighted.estimate!.n
            cells.append(AuditCell(id: id("n", g), value: Double(n), kind: .answerCount, contributors: n))
            let readable = [unweighted, g.breakdown == .structureType ? row(g, .poststratified) : nil]
                .compactMap { $0 }.first { $0.status == .ok }
            for (k, answer) in answers.enumerated() {
                let truth = (shares(unweighted.estimate!)[k] * Double(n) / 100).rounded()
                if let readable {
                    let printed = (shares(readable.estimate!)[k] * Double(n) / 100).rounded()
                    cells.append(AuditCell(id: id(answer, g), value: printed, kind: .answerCount, contributors: n))
                } else {
                    cells.append(
                        AuditCell(
                            id: id(answer, g), value: truth, status: .suppressed, kind: .answerCount,
                            contributors: n, upperBound: Double(n)))
                }
            }
            relations.append(
                AuditRelation(
                    name: "n = up + stable + down (\(g))", total: id("n", g),
                    parts: answers.map { id($0, g) }))
        }
        for answer in answers {
            relations += RecoveryAttackers.hierarchy(groups, { id(answer, $0) }, tolerance: 0)
        }
        for (g, strata) in strata.sorted(by: { $0.key < $1.key }) {
            guard let ps = row(g, .poststratified), ps.status == .ok, let e = ps.estimate else { continue }
            let population = Double(strata.map(\.population).reduce(0, +))
            for (k, answer) in answers.enumerated() {
                let cell = id("ps_" + answer, g)
                cells.append(AuditCell(id: cell, value: shares(e)[k], kind: .total, contributors: e.n))
                var terms = [AuditRelation.Term(cell, population / 100)]
                for s in strata {
                    for type in s.types {
                        terms.append(
                            AuditRelation.Term(
                                id(answer, Group(.structureType, type.rawValue)),
                                -Double(s.population) / Double(s.answers)))
                    }
                }
                relations.append(
                    AuditRelation(
                        name: "post-stratified \(answer) (\(g))", terms: terms,
                        tolerance: 1e-9 * population))
            }
        }
        return AuditTable(cells: cells, relations: relations)
    }
}

/// The reader of `shares.csv` and `sources.csv`: per group `total_eur`, `public_eur` and the
/// nine sources in euros, blank when suppressed (bounded below by 0). Relations: total_eur =
/// Σ sources and public_eur = Σ public sources per group, and each column's hierarchy.
enum FundingAttacker {
    static func id(_ column: String, _ g: Group) -> String { "\(column) \(g)" }

    static func table(_ t: FundingTables) -> AuditTable {
        var cells: [AuditCell] = []
        func add(_ column: String, _ g: Group, cents: Int128, status: CellStatus, contributors: Int) {
            cells.append(
                AuditCell(
                    id: id(column, g), value: Double(cents) / 100,
                    status: status == .ok ? .published : .suppressed, contributors: contributors))
        }
        for r in t.shares where r.status != .noData {
            add("total_eur", r.group, cents: r.totalCents, status: r.status, contributors: r.n)
            add("public_eur", r.group, cents: r.publicCents, status: r.status, contributors: r.n)
        }
        for r in t.sources where r.status != .noData {
            add(r.source.rawValue, r.group, cents: r.amountCents, status: r.status, contributors: r.n)
        }
        let groups = t.shares.filter { $0.status != .noData }.map(\.group)
        let cent = 0.005
        var relations: [AuditRelation] = []
        for g in groups {
            relations.append(
                AuditRelation(
                    name: "total = Σ sources (\(g))", total: id("total_eur", g),
                    parts: FundingSource.allCases.map { id($0.rawValue, g) }, tolerance: cent))
            relations.append(
                AuditRelation(
                    name: "public = Σ public sources (\(g))", total: id("public_eur", g),
                    parts: FundingSource.allCases.filter(\.isPublic).map { id($0.rawValue, g) },
                    tolerance: cent))
        }
        for column in ["total_eur", "public_eur"] + FundingSource.allCases.map(\.rawValue) {
            relations += RecoveryAttackers.hierarchy(groups, { id(column, $0) }, tolerance: cent)
        }
        return AuditTable(cells: cells, relations: relations)
    }
}
