import Statistics
import Survey

/// Renders the Egapro tables into `Reports/egapro/YYYY/` (SPEC 4.5 and 5).
public struct EgaproReport: Sendable {
    /// The year's tables, statuses decided.
    public let tables: EgaproTables
    /// Dialect, language and rules the files are written with.
    public let settings: ReportSettings

    /// The report of `tables`, written as `settings` say.
    public init(tables: EgaproTables, settings: ReportSettings) {
        self.tables = tables
        self.settings = settings
    }

    /// Every file of the report but the rejects and the manifest.
    public func files() -> [ReportFile] {
        [indexFile(), distributionFile(), summaryFile()]
    }

    /// A result in tenths, written with its one decimal as the official tables give it.
    static func tenths(_ t: Int?) -> CSVValue {
        t.map { .decimal(Double($0) / 10, places: 1) } ?? .empty
    }

    /// index.csv: each member's index, as it publishes it (not suppressed: SPEC 4.5).
    public func indexFile() -> ReportFile {
        var w = CSVWriter(dialect: settings.dialect)
        var header = ["member_id", "structure_type", "region", "workforce_range"]
        for i in Egapro.Indicator.allCases {
            header += ["_result", "_favoured", "_points", "_nc"].map { i.rawValue + $0 }
        }
        header += [
            "raises_promotions_employees", "correction", "points", "max_points", "index", "index_proportional",
            "status",
        ]
        w.header(header)
        for m in tables.members {
            var row: [CSVValue] = [
                .text(m.memberID), .text(m.structureType.rawValue), .text(m.region), .text(m.workforce.rawValue),
            ]
            for i in Egapro.Indicator.allCases {
                guard let s = m.score.scores[i] else {
                    row += [.empty, .empty, .empty, .empty]
                    continue
                }
                // Indicator 5's result is people among the 10 highest paid, not tenths.
                let result: CSVValue =
                    i == .top10 ? s.resultTenths.map { .integer($0) } ?? .empty : Self.tenths(s.resultTenths)
                row += [
                    result, s.favoured.map { .text($0.rawValue) } ?? .empty, s.points.map { .integer($0) } ?? .empty,
                    s.notComputable.map { .text($0.rawValue) } ?? .empty,
                ]
            }
            let corrected = Egapro.Indicator.allCases.filter { m.score.scores[$0]?.corrected == true }
            row += [
                Self.tenths(m.score.raisesPromotionsEmployeesTenths),
                .text(corrected.map(\.rawValue).joined(separator: "+")),
                .integer(m.score.points), .integer(m.score.maximum), m.score.index.map { .integer($0) } ?? .empty,
                m.score.proportionalHundredths.map { .cents(Int128($0)) } ?? .empty,
                .text(m.score.index == nil ? "nc" : "ok"),
            ]
            w.write(row)
        }
        return ReportFile(name: "index.csv", csv: w)
    }

    /// distribution.csv: the index across each group's members (SPEC 4.4 applies).
    public func distributionFile() -> ReportFile {
        var w = CSVWriter(dialect: settings.dialect)
        w.header(
            [
                "breakdown", "group", "n", "n_nc", "index_mean", "index_q1", "index_median", "index_q3",
                "pct_75_or_more", "pct_85_or_more",
            ] + Egapro.Indicator.allCases.map { "mean_\($0.rawValue)_points" } + ["status"])
        for r in tables.distribution {
            w.write(
                [
                    .text(r.group.breakdown.rawValue), .text(r.group.name), .integer(r.n), .integer(r.notComputable),
                    .twoDecimals(r.mean), .twoDecimals(r.q1), .twoDecimals(r.median), .twoDecimals(r.q3),
                    .twoDecimals(r.pct75),
                    .twoDecimals(r.pct85),
                ] + Egapro.Indicator.allCases.map { .twoDecimals(r.meanPoints[$0]) } + [.text(r.status.rawValue)])
        }
        return ReportFile(name: "distribution.csv", csv: w)
    }

    /// summary.txt, the note in the report's language.
    public func summaryFile() -> ReportFile {
        ReportFile(summary: EgaproSummary(tables: tables, settings: settings).text())
    }
}

/// The Egapro note: how many members have an index, where the network stands against the
/// legal thresholds, which indicators cost points; never a suppressed value, never a member.
struct EgaproSummary: Note {
    let tables: EgaproTables
    let settings: ReportSettings

    func text() -> String { note().joined(separator: "\n") + "\n" }

    /// The note's lines and tables, typeset.
    func note() -> NoteLines { typeset(draft()) }

    func indicatorName(_ i: Egapro.Indicator) -> String {
        switch (i, fr) {
        case (.pay, true): "Écart de rémunération"
        case (.pay, false): "Pay gap"
        case (.raises, true): "Écart de taux d'augmentations"
        case (.raises, false): "Raise-rate gap"
        case (.promotions, true): "Écart de taux de promotions"
        case (.promotions, false): "Promotion-rate gap"
        case (.raisesPromotions, true): "Écart de taux d'augmentations (50 à 250 salariés)"
        case (.raisesPromotions, false): "Raise-rate gap (50 to 250 employees)"
        case (.maternity, true): "Augmentations au retour de congé maternité"
        case (.maternity, false): "Raises on return from maternity leave"
        case (.top10, true): "Sexe sous-représenté parmi les 10 plus hautes rémunérations"
        case (.top10, false): "Under-represented sex among the 10 highest paid"
        }
    }

    func draft() -> NoteLines {
        var lines = NoteLines()
        let all = tables.distribution.first { $0.group == .all }
        let scored = tables.members.count
        let indexed = tables.members.filter { $0.score.index != nil }
        lines.append(
            fr
                ? "Index de l'égalité professionnelle femmes-hommes (Egapro) des adhérents — \(tables.year)"
                : "Members' gender-equality index (Egapro) — \(tables.year)")
        lines.append(
            fr
                ? "Adhérents de 50 salarié·e·s et plus ayant transmis leurs données : \(integer(scored)), dont \(integer(indexed.count)) avec un index calculable."
                : "Members of 50 employees or more who sent their figures: \(integer(scored)), \(integer(indexed.count)) of them with a computable index."
        )
        let nc = scored - indexed.count
        if nc > 0 {
            lines.append(
                fr
                    ? "  Index non calculable (indicateurs calculables valant moins de 75 points) : \(count(nc, "adhérent", "adhérents"))."
                    : "  Index not computable (computable indicators worth fewer than 75 points): \(count(nc, "member", "members"))."
            )
        }
        lines.append("")
        if let all, all.status == .ok, let mean = all.mean {
            lines.append(
                fr
                    ? "Index moyen du réseau : \(number(mean)) points sur 100."
                    : "The network's mean index: \(number(mean)) points out of 100.")
            if let q1 = all.q1, let median = all.median, let q3 = all.q3 {
                lines.append(
                    fr
                        ? "  Médiane \(number(median)) ; un quart des adhérents en dessous de \(number(q1)), un quart au-dessus de \(number(q3))."
                        : "  Median \(number(median)); a quarter of the members below \(number(q1)), a quarter above \(number(q3))."
                )
            }
            if let p75 = all.pct75, let p85 = all.pct85 {
                lines.append(
                    fr
                        ? "  \(pct(p75)) des adhérents atteignent 75 points, le seuil sous lequel la loi impose des mesures de correction ; \(pct(p85)) atteignent 85 points, sous lequel elle impose des objectifs de progression."
                        : "  \(pct(p75)) of the members reach 75 points, below which the law requires corrective measures; \(pct(p85)) reach 85 points, below which it requires progress targets."
                )
            }
        } else {
            lines.append(
                label(fr ? "Index moyen du réseau" : "The network's mean index") + unpublished(all?.status) + ".")
        }
        lines.append("")
        lines.append(
            fr
                ? "Points moyens par indicateur (adhérents avec un index)"
                : "Mean points by indicator (members with an index)")
        for i in Egapro.Indicator.allCases {
            let maximum = "\(i.maximum)"
            if let all, all.status == .ok, let m = all.meanPoints[i] {
                lines.append("  " + label(indicatorName(i)) + "\(number(m)) / \(maximum)")
            } else {
                // Withheld when one or two members have it; not available when nobody does.
                let status: CellStatus? =
                    all?.status == .ok ? ((all?.membersScored[i] ?? 0) > 0 ? .confidential : .noData) : all?.status
                lines.append("  " + label(indicatorName(i)) + unpublished(status))
            }
        }
        lines.append("")
        lines.append(fr ? "Par type de structure" : "By structure type")
        let header =
            fr
            ? ["Type", "Avec index", "Non calculable", "Index moyen", "Médiane", "75 points ou plus"]
            : ["Type", "With an index", "Not computable", "Mean index", "Median", "75 points or more"]
        var table = [header]
        for r in tables.distribution where r.group.breakdown == .structureType {
            if r.status == .ok, let mean = r.mean {
                let q = mark(.confidential)
                table.append([
                    r.group.name, integer(r.n), integer(r.notComputable), number(mean),
                    r.median.map { number($0) } ?? q, r.pct75.map { number($0) } ?? q,
                ])
            } else {
                let m = mark(r.status)
                table.append([r.group.name, integer(r.n), integer(r.notComputable), m, m, m])
            }
        }
        lines += self.table(
            table,
            legendPrefix: fr ? "Index en points sur 100, part en %. " : "Index in points out of 100, share in %. ")
        lines.append("")
        lines.append(fr ? "Méthode" : "Method")
        lines.append(
            fr
                ? "  Index calculé pour chaque adhérent selon les règles officielles (Code du travail, D. 1142-2 et D. 1142-2-1), en arithmétique exacte ; non calculable quand les indicateurs calculables totalisent moins de 75 points. Chaque adhérent publie son propre index (index.csv) ; les statistiques du réseau suivent les règles de confidentialité."
                : "  Each member's index is computed by the official rules (Code du travail, D. 1142-2 and D. 1142-2-1) in exact arithmetic; not computable when the computable indicators total fewer than 75 points. Each member publishes its own index (index.csv); the network's statistics follow the confidentiality rules."
        )
        lines.append(confidentialityLine)
        return lines
    }
}
