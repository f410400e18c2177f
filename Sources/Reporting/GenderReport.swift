import Statistics
import Survey

/// Renders the gender-equality tables into `Reports/gender/YYYY/` (SPEC 5).
public struct GenderReport: Sendable {
    /// The year's tables, statuses decided.
    public let tables: GenderTables
    /// Dialect, language and rules the files are written with.
    public let settings: ReportSettings

    /// The report of `tables`, written as `settings` say.
    public init(tables: GenderTables, settings: ReportSettings) {
        self.tables = tables
        self.settings = settings
    }

    /// Every file of the report but the rejects and the manifest.
    public func files() -> [ReportFile] {
        [indicatorsFile(), distributionFile(), summaryFile()]
    }

    /// indicators.csv.
    public func indicatorsFile() -> ReportFile {
        var w = CSVWriter(dialect: settings.dialect)
        w.header(["breakdown", "group", "population", "indicator", "female", "male", "value", "n", "status"])
        for r in tables.indicators {
            let shown = r.status == .ok
            let female: CSVValue, male: CSVValue
            if !shown {
                (female, male) = (.empty, .empty)
            } else if r.indicator == .headcount {
                (female, male) = (
                    r.female.map { .integer(Int($0)) } ?? .empty, r.male.map { .integer(Int($0)) } ?? .empty
                )
            } else {
                (female, male) = (.twoDecimals(r.female), .twoDecimals(r.male))
            }
            w.write([
                .text(r.group.breakdown.rawValue), .text(r.group.name), .text(r.population.rawValue),
                .text(r.indicator.rawValue),
                female, male, shown ? .twoDecimals(r.value) : .empty, .integer(r.n), .text(r.status.rawValue),
            ])
        }
        return ReportFile(name: "indicators.csv", csv: w)
    }

    /// distribution.csv.
    public func distributionFile() -> ReportFile {
        var w = CSVWriter(dialect: settings.dialect)
        w.header([
            "breakdown", "group", "population", "n", "women_share_q1", "women_share_median", "women_share_q3",
            "parity_zone_pct",
            "with_a_woman_pct", "cope_zimmermann_pct", "status",
        ])
        for r in tables.distribution {
            let shown = r.status == .ok
            w.write([
                .text(r.group.breakdown.rawValue), .text(r.group.name), .text(r.population.rawValue), .integer(r.n),
                shown ? .twoDecimals(r.q1) : .empty, shown ? .twoDecimals(r.median) : .empty,
                shown ? .twoDecimals(r.q3) : .empty,
                shown ? .twoDecimals(r.parityZone) : .empty, shown ? .twoDecimals(r.withAWoman) : .empty,
                shown ? .twoDecimals(r.copeZimmermann) : .empty, .text(r.status.rawValue),
            ])
        }
        return ReportFile(name: "distribution.csv", csv: w)
    }

    /// summary.txt, the note in the report's language.
    public func summaryFile() -> ReportFile {
        ReportFile(summary: GenderSummary(tables: tables, settings: settings).text())
    }
}

/// The observatory's note: women's shares, pay, hours, training, exits and parity, never
/// quoting a suppressed value.
struct GenderSummary: Note {
    let tables: GenderTables
    let settings: ReportSettings
    private func name(_ p: Population) -> String { populationName(p) }

    private func row(_ g: Group = .all, _ p: Population, _ i: GenderIndicator) -> IndicatorRow? {
        tables.indicators.first { $0.group == g && $0.population == p && $0.indicator == i }
    }

    private func notPublished(_ r: IndicatorRow?) -> String { unpublished(r?.status) }

    func text() -> String { note().joined(separator: "\n") + "\n" }

    /// The note's lines and tables, typeset.
    func note() -> NoteLines { typeset(draft()) }

    /// The note's lines and tables as written.
    func draft() -> NoteLines {
        var lines = NoteLines()
        lines.append(
            fr
                ? "Observatoire de l'égalité femmes-hommes — \(tables.year)"
                : "Gender-equality observatory — \(tables.year)")
        let members = Population.allCases.compactMap { row(.all, $0, .headcount)?.n }.max() ?? 0
        fewRespondents(members).map { lines.append($0) }
        lines.append("")
        lines.append(fr ? "Part des femmes" : "Women's share")
        for p in Population.allCases {
            guard let r = row(.all, p, .headcount), r.status == .ok, let share = r.value, let f = r.female,
                let m = r.male
            else {
                lines.append("  " + label(name(p)) + notPublished(row(.all, p, .headcount)) + ".")
                continue
            }
            var sentence =
                fr
                ? "  \(name(p)) : \(pct(share)) (\(count(Int(f), "femme", "femmes")), \(count(Int(m), "homme", "hommes")), \(count(r.n, "adhérent", "adhérents")))"
                : "  \(name(p)): \(pct(share)) (\(count(Int(f), "woman", "women")), \(count(Int(m), "man", "men")), \(count(r.n, "member", "members")))"
            if let c = tables.shareChanges.first(where: { $0.group == .all && $0.population == p }), c.status == .ok,
                let y = tables.previousYear
            {
                sentence +=
                    fr
                    ? " ; \(points(c.change)) depuis \(y) à adhérents constants (\(count(c.n, "adhérent présent", "adhérents présents")) les deux années : \(pct(c.shareBefore)) en \(y))"
                    : "; \(points(c.change)) since \(y) on a constant sample (\(count(c.n, "member", "members")) present both years: \(pct(c.shareBefore)) in \(y))"
            }
            lines.append(sentence + ".")
        }
        if tables.previousYear == nil {
            lines.append(
                fr
                    ? "  (Pas de fichier de l'année précédente : pas d'évolution.)"
                    : "  (No file for the previous year: no change is given.)")
        }
        lines.append("")

        lines.append(fr ? "Rémunération et temps de travail" : "Pay and working time")
        for p in [Population.integration, .permanent, .management] {
            var parts: [String] = []
            if let r = row(.all, p, .hourlyPay), r.status == .ok, let gap = r.value, let f = r.female, let m = r.male {
                let (fs, ms, shownGap) = shownParts(f, m, places: 2, relative: true)
                let direction =
                    shownGap >= 0
                    ? (fr ? "en défaveur des femmes" : "against women")
                    : (fr ? "en faveur des femmes" : "in favour of women")
                parts.append(
                    fr
                        ? "écart de salaire horaire \(pct(abs(shownGap))) \(direction) (femmes \(fs) €/h, hommes \(ms) €/h)"
                        : "hourly pay gap \(pct(abs(shownGap))) \(direction) (women €\(fs)/h, men €\(ms)/h)"
                )
            } else {
                parts.append(
                    (fr ? "écart de salaire horaire " : "hourly pay gap ") + notPublished(row(.all, p, .hourlyPay)))
            }
            if let r = row(.all, p, .hoursPerHead), r.status == .ok, let f = r.female, let m = r.male {
                parts.append(
                    fr
                        ? "heures par personne : femmes \(number(f, 0)), hommes \(number(m, 0))"
                        : "hours per head: women \(number(f, 0)), men \(number(m, 0))")
            }
            lines.append("  " + label(name(p)) + parts.joined(separator: fr ? " ; " : "; ") + ".")
        }
        lines.append("")

        lines.append(
            fr ? "Formation et sorties (salarié·e·s en insertion)" : "Training and exits (integration employees)")
        for (i, label) in [
            (GenderIndicator.trainingRate, fr ? "Accès à la formation" : "Access to training"),
            (.exitToEmploymentRate, fr ? "Sorties vers l'emploi ou la formation" : "Exits to a job or training"),
        ] {
            if let r = row(.all, .integration, i), r.status == .ok, let f = r.female, let m = r.male, r.value != nil {
                let (fs, ms, gap) = shownParts(f, m, places: 1, relative: false)
                let (fp, mp) = fr ? (fs + "\u{202F}%", ms + "\u{202F}%") : (fs + "%", ms + "%")
                lines.append(
                    fr
                        ? "  \(label) : femmes \(fp), hommes \(mp) (écart hommes − femmes : \(points(gap)))."
                        : "  \(label): women \(fp), men \(mp) (gap men − women: \(points(gap)))."
                )
            } else {
                lines.append("  " + self.label(label) + notPublished(row(.all, .integration, i)) + ".")
            }
        }
        lines.append("")

        lines.append(fr ? "Parité des instances" : "Parity in governance")
        for p in [Population.management, .board] {
            let d = tables.distribution.first { $0.group == .all && $0.population == p }
            if let d, d.status == .ok, let zone = d.parityZone, let median = d.median {
                lines.append(
                    fr
                        ? "  \(name(p)) : \(pct(zone)) \(d.n == 1 ? "du seul adhérent est" : "des " + count(d.n, "adhérent", "adhérents") + " sont") dans la zone de parité (40 à 60 % de femmes) ; part médiane de femmes \(pct(median))."
                        : "  \(name(p)): \(pct(zone)) of \(d.n == 1 ? "the only member is" : "the " + count(d.n, "member", "members") + " are") in the parity zone (40% to 60% women); median women's share \(pct(median))."
                )
            } else {
                lines.append("  " + label(name(p)) + unpublished(d?.status) + ".")
            }
        }
        lines.append("")

        lines.append(fr ? "Par type de structure (part des femmes, en %)" : "By structure type (women's share, %)")
        let header =
            fr
            ? ["Type", "Insertion", "Permanent·e·s", "Direction", "Conseil", "Écart salaire insertion"]
            : ["Type", "Integration", "Permanent", "Management", "Board", "Integration pay gap"]
        var table = [header]
        let types = Set(tables.indicators.map(\.group).filter { $0.breakdown == .structureType }).sorted()
        for g in types {
            var cells = [g.name]
            for p in Population.allCases { cells.append(cell(row(g, p, .headcount))) }
            cells.append(cell(row(g, .integration, .hourlyPay)))
            table.append(cells)
        }
        lines += self.table(table)
        lines.append("")

        lines.append(fr ? "Méthode" : "Method")
        if fr {
            lines.append(
                "  Parts et taux sont des rapports de sommes sur les adhérents actifs. Les heures, la rémunération,")
            lines.append(
                "  la formation et les sorties ne comptent que les adhérents qui renseignent la mesure pour les deux sexes."
            )
            lines.append("  Écart de salaire = (salaire horaire des hommes − celui des femmes) / celui des hommes.")
        } else {
            lines.append(
                "  Shares and rates are ratios of sums over active members. Hours, pay, training and exits count only")
            lines.append("  the members that give the measure for both sexes.")
            lines.append("  Pay gap = (men's hourly pay − women's) / men's.")
        }
        lines.append(confidentialityLine)
        return lines
    }

    private func cell(_ r: IndicatorRow?) -> String {
        if let r, r.status == .ok, let v = r.value { return number(v) }
        return mark(r?.status)
    }
}
