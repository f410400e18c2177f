import Statistics
import Survey

/// note.html and its charts for each job: the key figures and the charts issue 11 asks for,
/// around the text of the job's note. Only published values are drawn: a value that is
/// suppressed or missing leaves a gap.
extension BarometerReport {
    /// note.html and the barometer's charts (climate, the five balances, balances by type).
    public func publicationFiles(inputs: [InputRecord]) -> [ReportFile] {
        let note = BarometerSummary(tables: tables, settings: settings)
        let p = PublicationWords(settings: settings)
        let q = tables.quarter
        func published(_ g: Group, _ question: Question) -> Chart.Point {
            let r = tables.balances.first { $0.group == g && $0.question == question && $0.weighting == .unweighted }
            return .of(r?.estimate?.balance, r?.status)
        }
        let series = tables.series.filter { $0.group == .all && $0.weighting == .unweighted }
        let quarters = Array(Set(series.map(\.quarter))).sorted()
        func history(_ question: Question) -> [Chart.Point] {
            quarters.map { quarter in
                let r = series.first { $0.question == question && $0.quarter == quarter }
                return .of(r?.balance, r?.status)
            }
        }
        let climate = history(.climate)
        let kept = climate.compactMap(\.number)
        let average = kept.isEmpty ? nil : kept.reduce(0, +) / Double(kept.count)
        let source =
            p.fr
            ? "Source : baromètre trimestriel des adhérents, \(p.quarterName(q)) ; soldes non pondérés, en points."
            : "Source: members' quarterly barometer, \(p.quarterName(q)); unweighted balances, in points."
        let labels = quarters.map { p.shortQuarter($0) }
        let types = tables.response.filter { $0.group.breakdown == .structureType }.map(\.group)
        let response = tables.response.first { $0.group == .all }
        var figures: [NotePage.KeyFigure] = [
            .init(
                label: p.fr ? "Climat des affaires (points)" : "Business climate (points)",
                value: p.signed(published(.all, .climate))),
            .init(label: p.question(.activityPast), value: p.signed(published(.all, .activityPast))),
            .init(label: p.question(.employmentPast), value: p.signed(published(.all, .employmentPast))),
        ]
        if let response {
            figures.append(
                .init(
                    label: p.fr ? "Adhérents répondants" : "Responding members",
                    value: "\(note.integer(response.respondents)) / \(note.integer(response.activeMembers))"))
        }
        let charts = [
            NotePage.Figure(
                file: "chart-climate.svg",
                chart: Chart(
                    title: p.fr ? "Climat des affaires, ensemble du réseau" : "Business climate, whole network",
                    kind: .lines, categories: labels,
                    series: [.init(name: p.fr ? "Climat" : "Climate", values: climate)],
                    unit: "points", source: source, language: settings.language,
                    reference: average.map { (p.fr ? "moyenne de long terme" : "long-term average", $0) })),
            NotePage.Figure(
                file: "chart-balances.svg",
                chart: Chart(
                    title: p.fr ? "Les cinq soldes d'opinion" : "The five opinion balances", kind: .lines,
                    categories: labels,
                    series: Question.answered.map { .init(name: p.question($0), values: history($0)) },
                    unit: "points", source: source, language: settings.language)),
            NotePage.Figure(
                file: "chart-types.svg",
                chart: Chart(
                    title: p.fr
                        ? "Activité passée et prévue par type de structure, \(p.quarterName(q))"
                        : "Past and expected activity by structure type, \(p.quarterName(q))",
                    kind: .bars, categories: types.map(\.name),
                    series: [Question.activityPast, .activityOutlook].map { question in
                        .init(name: p.question(question), values: types.map { published($0, question) })
                    },
                    unit: "points", source: source, language: settings.language)),
        ]
        return NotePage(settings: settings, note: note.note(), keyFigures: figures, figures: charts, inputs: inputs)
            .files()
    }
}

extension GenderReport {
    /// note.html and the gender charts (women's share by population, gaps and parity by type).
    public func publicationFiles(inputs: [InputRecord]) -> [ReportFile] {
        let note = GenderSummary(tables: tables, settings: settings)
        let p = PublicationWords(settings: settings)
        func value(_ g: Group, _ population: Population, _ indicator: GenderIndicator) -> Chart.Point {
            let r = tables.indicators.first {
                $0.group == g && $0.population == population && $0.indicator == indicator
            }
            return .of(r?.value, r?.status)
        }
        func parity(_ g: Group, _ population: Population) -> Chart.Point {
            let r = tables.distribution.first { $0.group == g && $0.population == population }
            return .of(r?.parityZone, r?.status)
        }
        let source =
            p.fr
            ? "Source : observatoire de l'égalité femmes-hommes des adhérents, \(tables.year)."
            : "Source: members' gender-equality observatory, \(tables.year)."
        let types = tables.distribution.filter { $0.group.breakdown == .structureType && $0.population == .integration }
            .map(\.group)
        let groups = [Group.all] + types
        let names = groups.map { $0 == .all ? (p.fr ? "Ensemble" : "All") : $0.name }
        let figures = Population.allCases.map { population in
            NotePage.KeyFigure(
                label: (p.fr ? "Part des femmes, " : "Women's share, ") + p.populationName(population).lowercased(),
                value: p.percent(value(.all, population, .headcount)))
        }
        let charts = [
            NotePage.Figure(
                file: "chart-women-share.svg",
                chart: Chart(
                    title: p.fr
                        ? "Part des femmes par population, ensemble du réseau"
                        : "Women's share by population, whole network",
                    kind: .bars, categories: Population.allCases.map(p.populationName),
                    series: [
                        .init(
                            name: p.fr ? "Part des femmes" : "Women's share",
                            values: Population.allCases.map { value(.all, $0, .headcount) })
                    ],
                    unit: "%", source: source, language: settings.language)),
            NotePage.Figure(
                file: "chart-gaps-by-type.svg",
                chart: Chart(
                    title: p.fr
                        ? "Écarts femmes-hommes des salarié·e·s en insertion par type de structure"
                        : "Gaps between women and men in integration jobs, by structure type",
                    kind: .bars, categories: names,
                    series: [
                        .init(
                            name: p.fr ? "Écart de rémunération horaire" : "Hourly pay gap",
                            values: groups.map { value($0, .integration, .hourlyPay) }),
                        .init(
                            name: p.fr ? "Écart d'heures par tête" : "Gap in hours per head",
                            values: groups.map { value($0, .integration, .hoursPerHead) }),
                    ],
                    unit: p.fr ? "% (H − F)/H" : "% (M − F)/M", source: source, language: settings.language)),
            NotePage.Figure(
                file: "chart-parity.svg",
                chart: Chart(
                    title: p.fr
                        ? "Adhérents dans la zone de parité (40 % à 60 % de femmes)"
                        : "Members in the parity zone (40% to 60% women)",
                    kind: .bars, categories: names,
                    series: [Population.management, .board].map { population in
                        .init(name: p.populationName(population), values: groups.map { parity($0, population) })
                    },
                    unit: "%", source: source, language: settings.language)),
        ]
        return NotePage(settings: settings, note: note.note(), keyFigures: figures, figures: charts, inputs: inputs)
            .files()
    }
}

extension FundingReport {
    /// note.html and the funding charts (resources by source, public share, members' shares).
    public func publicationFiles(inputs: [InputRecord]) -> [ReportFile] {
        let note = FundingSummary(tables: tables, settings: settings)
        let p = PublicationWords(settings: settings)
        let source =
            p.fr
            ? "Source : enquête ressources des adhérents, \(tables.year)."
            : "Source: members' resources survey, \(tables.year)."
        let shares = tables.shares.filter { $0.group == .all || $0.group.breakdown == .structureType }
        let names = shares.map { $0.group == .all ? (p.fr ? "Ensemble" : "All") : $0.group.name }
        func shown(_ row: ShareRow, _ value: Double?) -> Chart.Point { .of(value, row.status) }
        let all = tables.shares.first { $0.group == .all }
        let figures = [
            NotePage.KeyFigure(
                label: p.fr ? "Part des financements publics" : "Public funding share",
                value: p.percent(all.map { shown($0, $0.publicShare) } ?? .missing)),
            NotePage.KeyFigure(
                label: p.fr ? "Part financée par l'activité" : "Share financed by the activity",
                value: p.percent(all.map { shown($0, $0.activityShare) } ?? .missing)),
            NotePage.KeyFigure(
                label: p.fr ? "Adhérents ayant répondu" : "Responding members",
                value: all.map { note.integer($0.n) } ?? "–"),
        ]
        let charts = [
            NotePage.Figure(
                file: "chart-sources-by-type.svg",
                chart: Chart(
                    title: p.fr
                        ? "Ressources par source et type de structure" : "Resources by source and structure type",
                    kind: .stacked, categories: names,
                    series: FundingSource.allCases.map { s in
                        .init(
                            name: p.source(s),
                            values: shares.map { row in
                                let r = tables.sources.first { $0.group == row.group && $0.source == s }
                                return Chart.Point.of(r?.shareOfTotal, r?.status)
                            })
                    },
                    unit: p.fr ? "% des ressources" : "% of resources", source: source, language: settings.language)),
            NotePage.Figure(
                file: "chart-public-share.svg",
                chart: Chart(
                    title: p.fr
                        ? "Part des financements publics par type de structure"
                        : "Public funding share by structure type",
                    kind: .bars, categories: names,
                    series: [
                        .init(
                            name: p.fr ? "Part publique" : "Public share",
                            values: shares.map { shown($0, $0.publicShare) })
                    ],
                    unit: "%", source: source, language: settings.language)),
            NotePage.Figure(
                file: "chart-member-shares.svg",
                chart: Chart(
                    title: p.fr
                        ? "Distribution des parts publiques des adhérents"
                        : "Distribution of the members' public shares",
                    kind: .quartiles, categories: names,
                    series: [
                        .init(name: "Q1", values: shares.map { shown($0, $0.memberShareQ1) }),
                        .init(
                            name: p.fr ? "médiane" : "median", values: shares.map { shown($0, $0.memberShareMedian) }),
                        .init(name: "Q3", values: shares.map { shown($0, $0.memberShareQ3) }),
                    ],
                    unit: "%", source: source, language: settings.language)),
        ]
        return NotePage(settings: settings, note: note.note(), keyFigures: figures, figures: charts, inputs: inputs)
            .files()
    }
}

extension EgaproReport {
    /// note.html and the Egapro charts (the index's quartiles by type against the 75-point
    /// threshold, the members at 75 and 85 points or more, the mean points per indicator).
    public func publicationFiles(inputs: [InputRecord]) -> [ReportFile] {
        let note = EgaproSummary(tables: tables, settings: settings)
        let p = PublicationWords(settings: settings)
        let source =
            p.fr
            ? "Source : index de l'égalité professionnelle des adhérents de 50 salarié·e·s et plus, \(tables.year)."
            : "Source: gender-equality index of the members of 50 employees or more, \(tables.year)."
        let rows = tables.distribution.filter { $0.group == .all || $0.group.breakdown == .structureType }
        let names = rows.map { $0.group == .all ? (p.fr ? "Ensemble" : "All") : $0.group.name }
        func shown(_ row: EgaproDistributionRow, _ value: Double?) -> Chart.Point { .of(value, row.status) }
        let all = tables.distribution.first { $0.group == .all }
        let figures = [
            NotePage.KeyFigure(
                label: p.fr ? "Index moyen (sur 100)" : "Mean index (out of 100)",
                value: all.map { shown($0, $0.mean) }.map { $0.number.map { p.number($0) } ?? p.mark($0) } ?? "–"),
            NotePage.KeyFigure(
                label: p.fr ? "Adhérents à 75 points ou plus" : "Members at 75 points or more",
                value: p.percent(all.map { shown($0, $0.pct75) } ?? .missing)),
            NotePage.KeyFigure(
                label: p.fr ? "Adhérents avec un index" : "Members with an index",
                value: all.map { note.integer($0.n) } ?? "–"),
        ]
        let charts = [
            NotePage.Figure(
                file: "chart-index-by-type.svg",
                chart: Chart(
                    title: p.fr ? "Distribution de l'index par type de structure" : "The index by structure type",
                    kind: .quartiles, categories: names,
                    series: [
                        .init(name: "Q1", values: rows.map { shown($0, $0.q1) }),
                        .init(name: p.fr ? "médiane" : "median", values: rows.map { shown($0, $0.median) }),
                        .init(name: "Q3", values: rows.map { shown($0, $0.q3) }),
                    ],
                    unit: "points", source: source, language: settings.language,
                    reference: (p.fr ? "seuil légal : 75 points" : "legal threshold: 75 points", 75))),
            NotePage.Figure(
                file: "chart-thresholds.svg",
                chart: Chart(
                    title: p.fr ? "Adhérents aux seuils de la loi" : "Members at the law's thresholds",
                    kind: .bars, categories: names,
                    series: [
                        .init(
                            name: p.fr ? "75 points ou plus" : "75 points or more",
                            values: rows.map { shown($0, $0.pct75) }),
                        .init(
                            name: p.fr ? "85 points ou plus" : "85 points or more",
                            values: rows.map { shown($0, $0.pct85) }),
                    ],
                    unit: "%", source: source, language: settings.language)),
            NotePage.Figure(
                file: "chart-indicator-points.svg",
                chart: Chart(
                    title: p.fr
                        ? "Points obtenus par indicateur, en % du maximum" : "Points by indicator, in % of the maximum",
                    kind: .bars, categories: Egapro.Indicator.allCases.map { p.indicatorShortName($0) },
                    series: [
                        .init(
                            name: p.fr ? "Ensemble" : "All",
                            values: Egapro.Indicator.allCases.map { i in
                                Chart.Point.of(all?.meanPoints[i].map { 100 * $0 / Double(i.maximum) }, all?.status)
                            })
                    ],
                    unit: "%", source: source, language: settings.language)),
        ]
        return NotePage(settings: settings, note: note.note(), keyFigures: figures, figures: charts, inputs: inputs)
            .files()
    }
}

/// The words and numbers of the pages and charts, in the report's language.
struct PublicationWords: Note {
    let settings: ReportSettings

    /// A signed balance in points, or the mark of a value not published.
    func signed(_ x: Chart.Point) -> String { x.number.map { signed($0) } ?? mark(x) }

    /// A percentage, or the mark of a value not published.
    func percent(_ x: Chart.Point) -> String { x.number.map { pct($0) } ?? mark(x) }

    /// `s` for a value kept secret, `nd`/`na` for one that does not exist.
    func mark(_ x: Chart.Point) -> String { x == .secret ? "s" : fr ? "nd" : "na" }

    /// An axis label: "T4 2014" / "Q4 2014".
    func shortQuarter(_ q: Quarter) -> String { (fr ? "T" : "Q") + "\(q.number) \(q.year)" }

    func question(_ q: Question) -> String {
        switch (q, fr) {
        case (.activityPast, true): "Activité passée"
        case (.activityPast, false): "Past activity"
        case (.activityOutlook, true): "Activité prévue"
        case (.activityOutlook, false): "Activity outlook"
        case (.employmentPast, true): "Emploi passé"
        case (.employmentPast, false): "Past employment"
        case (.employmentOutlook, true): "Emploi prévu"
        case (.employmentOutlook, false): "Employment outlook"
        case (.cashPosition, true): "Trésorerie"
        case (.cashPosition, false): "Cash position"
        case (.climate, true): "Climat"
        case (.climate, false): "Climate"
        }
    }

    /// An Egapro indicator as a chart's axis names it.
    func indicatorShortName(_ i: Egapro.Indicator) -> String {
        switch (i, fr) {
        case (.pay, true): "Rémunérations"
        case (.pay, false): "Pay"
        case (.raises, true): "Augmentations"
        case (.raises, false): "Raises"
        case (.promotions, _): "Promotions"
        case (.raisesPromotions, true): "Augmentations (50-250)"
        case (.raisesPromotions, false): "Raises (50-250)"
        case (.maternity, true): "Retour de maternité"
        case (.maternity, false): "Maternity return"
        case (.top10, true): "10 plus hautes rémunérations"
        case (.top10, false): "10 highest paid"
        }
    }

    func source(_ s: FundingSource) -> String {
        switch (s, fr) {
        case (.sales, true): "Ventes"
        case (.sales, false): "Sales"
        case (.state, true): "État"
        case (.state, false): "State"
        case (.department, true): "Départements"
        case (.department, false): "Départements"
        case (.region, true): "Régions"
        case (.region, false): "Regions"
        case (.municipality, true): "Communes"
        case (.municipality, false): "Municipalities"
        case (.esf, true): "FSE"
        case (.esf, false): "ESF"
        case (.otherPublic, true): "Autres publics"
        case (.otherPublic, false): "Other public"
        case (.privateGrants, true): "Subventions privées"
        case (.privateGrants, false): "Private grants"
        case (.otherIncome, true): "Autres produits"
        case (.otherIncome, false): "Other income"
        }
    }
}
