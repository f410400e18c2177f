import Statistics
import Survey

/// Renders the public-funding tables into `Reports/funding/YYYY/` (SPEC 5).
public struct FundingReport: Sendable {
    /// The year's tables, statuses decided.
    public let tables: FundingTables
    /// Dialect, language and rules the files are written with.
    public let settings: ReportSettings

    /// The report of `tables`, written as `settings` say.
    public init(tables: FundingTables, settings: ReportSettings) {
        self.tables = tables
        self.settings = settings
    }

    /// Every file of the report but the rejects and the manifest.
    public func files() -> [ReportFile] {
        [sharesFile(), sourcesFile(), summaryFile()]
    }

    /// shares.csv.
    public func sharesFile() -> ReportFile {
        var w = CSVWriter(dialect: settings.dialect)
        w.header([
            "breakdown", "group", "n", "total_eur", "public_eur", "public_share", "activity_share",
            "member_public_share_mean",
            "member_public_share_q1", "member_public_share_median", "member_public_share_q3", "change_total_prev_year",
            "change_public_prev_year", "n_constant", "status",
        ])
        for r in tables.shares {
            let shown = r.status == .ok
            w.write([
                .text(r.group.breakdown.rawValue), .text(r.group.name), .integer(r.n),
                shown ? .cents(r.totalCents) : .empty, shown ? .cents(r.publicCents) : .empty,
                shown ? .twoDecimals(r.publicShare) : .empty, shown ? .twoDecimals(r.activityShare) : .empty,
                shown ? .twoDecimals(r.memberShareMean) : .empty, shown ? .twoDecimals(r.memberShareQ1) : .empty,
                shown ? .twoDecimals(r.memberShareMedian) : .empty, shown ? .twoDecimals(r.memberShareQ3) : .empty,
                .twoDecimals(r.changeTotal), .twoDecimals(r.changePublic), r.nConstant.map { .integer($0) } ?? .empty,
                .text(r.status.rawValue),
            ])
        }
        return ReportFile(name: "shares.csv", csv: w)
    }

    /// sources.csv.
    public func sourcesFile() -> ReportFile {
        var w = CSVWriter(dialect: settings.dialect)
        w.header(["breakdown", "group", "source", "amount_eur", "share_of_total", "share_of_public", "n", "status"])
        for r in tables.sources {
            let shown = r.status == .ok
            w.write([
                .text(r.group.breakdown.rawValue), .text(r.group.name), .text(r.source.rawValue),
                shown ? .cents(r.amountCents) : .empty, shown ? .twoDecimals(r.shareOfTotal) : .empty,
                shown ? .twoDecimals(r.shareOfPublic) : .empty, .integer(r.n), .text(r.status.rawValue),
            ])
        }
        return ReportFile(name: "sources.csv", csv: w)
    }

    /// summary.txt, the note in the report's language.
    public func summaryFile() -> ReportFile {
        ReportFile(summary: FundingSummary(tables: tables, settings: settings).text())
    }
}

/// The funding note, in the federation's own words, never quoting a suppressed value.
struct FundingSummary: Note {
    let tables: FundingTables
    let settings: ReportSettings
    private func millions(_ cents: Int128) -> String {
        let m = Double(cents) / 1e8
        return fr ? "\(number(m)) M€" : "€\(number(m))m"
    }
    private var notPublished: String { unpublished(.confidential) }

    private func funder(_ s: FundingSource) -> String {
        switch (s, fr) {
        case (.state, true): "État (dont aides au poste)"
        case (.department, true): "Conseils départementaux"
        case (.region, true): "Conseils régionaux"
        case (.municipality, true): "Communes et intercommunalités"
        case (.esf, true): "Fonds social européen"
        case (.otherPublic, true): "Autres financeurs publics"
        case (.state, false): "State (incl. aides au poste)"
        case (.department, false): "Départements"
        case (.region, false): "Regions"
        case (.municipality, false): "Municipalities"
        case (.esf, false): "European Social Fund"
        case (.otherPublic, false): "Other public bodies"
        default: s.rawValue
        }
    }

    func text() -> String { note().joined(separator: "\n") + "\n" }

    /// The note's lines and tables, typeset.
    func note() -> NoteLines { typeset(draft()) }

    /// The note's lines and tables as written.
    func draft() -> NoteLines {
        var lines = NoteLines()
        let all = tables.shares.first { $0.group == .all }
        lines.append(
            fr
                ? "Ressources des adhérents et financements publics — \(tables.year)"
                : "Members' resources and public funding — \(tables.year)")
        if let all {
            lines.append(
                fr ? "Adhérents ayant répondu : \(integer(all.n))." : "Members who answered: \(integer(all.n)).")
            fewRespondents(all.n).map { lines.append($0) }
        }
        lines.append("")
        if let all, all.status == .ok, let activity = all.activityShare, let publicShare = all.publicShare {
            let sales = tables.sources.first { $0.group == .all && $0.source == .sales }
            lines.append(
                fr
                    ? "Une mission financée à \(pct(activity)) par l'activité économique des entreprises."
                    : "A mission \(pct(activity)) financed by the companies' economic activity.")
            var sentence =
                fr
                ? "  Ressources totales : \(millions(all.totalCents))"
                : "  Total resources: \(millions(all.totalCents))"
            if let sales, sales.status == .ok {
                sentence +=
                    fr
                    ? ", dont \(millions(sales.amountCents)) de ventes de biens et services (\(pct(activity)))"
                    : ", of which \(millions(sales.amountCents)) of sales of goods and services (\(pct(activity)))"
            }
            sentence +=
                fr
                ? " et \(millions(all.publicCents)) de financements publics (\(pct(publicShare)))."
                : " and \(millions(all.publicCents)) of public funding (\(pct(publicShare)))."
            lines.append(sentence)
            var families: [String] = []
            for (family, name) in [
                ("SIAE", "SIAE"),
                (
                    "other",
                    fr
                        ? "autres adhérents (services à la personne, GEIQ, autres)"
                        : "other members (home services, GEIQ, others)"
                ),
            ] {
                guard let s = tables.sources.first(where: { $0.group == Group(.family, family) && $0.source == .sales })
                else { continue }
                families.append(s.status == .ok ? "\(name) \(millions(s.amountCents))" : "\(name) " + notPublished)
            }
            if !families.isEmpty {
                lines.append(
                    (fr ? "  Chiffre d'affaires par famille : " : "  Turnover by family: ")
                        + families.joined(separator: ", ") + ".")
            }
            if let y = tables.previousYear, let n = all.nConstant {
                if let ct = all.changeTotal, let cp = all.changePublic {
                    lines.append(
                        fr
                            ? "  À adhérents constants (\(count(n, "adhérent présent", "adhérents présents")) en \(y) et \(tables.year)) : ressources \(signed(ct)) %, financements publics \(signed(cp)) %."
                            : "  On a constant sample (\(count(n, "member", "members")) present in \(y) and \(tables.year)): resources \(signed(ct))%, public funding \(signed(cp))%."
                    )
                } else {
                    lines.append(
                        fr
                            ? "  Évolution à adhérents constants depuis \(y) : non disponible."
                            : "  Change on a constant sample since \(y): not available.")
                }
            } else {
                lines.append(
                    fr
                        ? "  (Pas de fichier de l'année précédente : pas d'évolution.)"
                        : "  (No file for the previous year: no change is given.)")
            }
        } else {
            lines.append(
                label(fr ? "Part de l'activité économique" : "Share of economic activity") + unpublished(all?.status)
                    + ".")
        }
        lines.append("")

        lines.append(
            fr ? "Financeurs publics (part des financements publics)" : "Public funders (share of public funding)")
        for source in FundingSource.allCases where source.isPublic {
            guard let r = tables.sources.first(where: { $0.group == .all && $0.source == source }) else { continue }
            if r.status == .ok, let share = r.shareOfPublic {
                lines.append(
                    "  " + label(funder(source))
                        + "\(pct(share)) (\(millions(r.amountCents)), \(fr ? count(r.n, "adhérent", "adhérents") : count(r.n, "member", "members")))"
                )
            } else {
                lines.append("  " + label(funder(source)) + unpublished(r.status))
            }
        }
        lines.append("")

        lines.append(fr ? "Écarts entre adhérents" : "Spread between members")
        if let all, all.status == .ok, let mean = all.memberShareMean, let q1 = all.memberShareQ1,
            let median = all.memberShareMedian, let q3 = all.memberShareQ3
        {
            lines.append(
                fr
                    ? "  Part publique des ressources de chaque adhérent : moyenne \(pct(mean)), médiane \(pct(median)), un quart des adhérents en dessous de \(pct(q1)), un quart au-dessus de \(pct(q3))."
                    : "  Public share of each member's resources: mean \(pct(mean)), median \(pct(median)), a quarter of the members below \(pct(q1)), a quarter above \(pct(q3))."
            )
            lines.append(
                fr
                    ? "  La part publique du réseau (rapport des sommes) pèse les grands adhérents ; la moyenne des parts compte chaque adhérent une fois."
                    : "  The network's public share (ratio of sums) weighs large members; the mean of the shares counts each member once."
            )
        } else {
            lines.append("  " + unpublished(all?.status) + ".")
        }
        lines.append("")

        lines.append(fr ? "Par type de structure" : "By structure type")
        let header =
            fr
            ? ["Type", "Adhérents", "Ressources (M€)", "Part publique", "Part de l'activité", "Part publique médiane"]
            : ["Type", "Members", "Resources (€m)", "Public share", "Activity share", "Median public share"]
        var table = [header]
        for r in tables.shares where r.group.breakdown == .structureType {
            if r.status == .ok, let p = r.publicShare, let a = r.activityShare {
                // A median of fewer than 10 members is not published (a member's own figure).
                let median = r.memberShareMedian.map { number($0) } ?? mark(.confidential)
                table.append([
                    r.group.name, integer(r.n), number(Double(r.totalCents) / 1e8), number(p), number(a), median,
                ])
            } else {
                let m = mark(r.status)
                table.append([r.group.name, integer(r.n), m, m, m, m])
            }
        }
        lines += self.table(table, legendPrefix: fr ? "Parts en %. " : "Shares in %. ")
        lines.append("")

        lines.append(fr ? "Méthode" : "Method")
        lines.append(
            fr
                ? "  Ressources = ventes + financements publics (État, départements, régions, communes, FSE, autres publics) + subventions privées + autres produits."
                : "  Resources = sales + public funding (State, départements, regions, municipalities, ESF, other public) + private grants + other income."
        )
        lines.append(confidentialityLine)
        return lines
    }
}
