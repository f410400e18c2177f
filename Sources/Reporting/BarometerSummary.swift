import Statistics
import Survey

/// The *note de conjoncture*: a short text a director reads, in French (default) or English.
/// It quotes unweighted balances of the whole network, and never a suppressed value: where a
/// value is not published it says so instead.
struct BarometerSummary: Note {
    let tables: BarometerTables
    let settings: ReportSettings

    /// The words for a change of balance. A change within sampling error is "stable": |Δ| <
    /// 1.96·se, the two-sided 5 % test of a difference against its standard error under the
    /// normal approximation (Cochran, *Sampling Techniques*, ch. 2; Eurostat's *Handbook on
    /// precision requirements and variance estimation for ESS household surveys*, 2013, which
    /// asks for the variance of net change precisely so that changes are read against it).
    /// A panel of 150 respondents moves a balance by a point or two on noise alone: the
    /// sample's climate rose 1.2 points on the quarter with an se of 2.9, and "en hausse"
    /// told directors of a rise the data do not show.
    /// Without an se (a jackknife replicate without an estimate) the change is worded as
    /// before, |Δ| < 0.05 reading "stable", and the method lines say it was not tested.
    private func movement(_ delta: Double?, se: Double?, _ period: String) -> String? {
        guard let delta else { return nil }
        let withinError = se.map { !ChangeJackknife.isSignificant(change: delta, se: $0) } ?? false
        if abs(delta) < 0.05 || withinError { return fr ? "stable \(period)" : "unchanged \(period)" }
        if fr {
            return (delta > 0 ? "en hausse de " : "en baisse de ") + number(abs(delta)) + "\u{00A0}"
                + pointWord(delta) + " \(period)"
        }
        return (delta > 0 ? "up " : "down ") + number(abs(delta)) + " " + pointWord(delta) + " \(period)"
    }

    private var quarterName: String { quarterName(tables.quarter) }

    // MARK: Looking values up

    private func row(_ g: Group = .all, _ q: Question, _ w: Weighting = .unweighted) -> BalanceRow? {
        tables.balances.first { $0.group == g && $0.question == q && $0.weighting == w }
    }

    private func published(_ g: Group = .all, _ q: Question) -> BalanceRow? {
        guard let r = row(g, q), r.status == .ok, r.estimate != nil else { return nil }
        return r
    }

    private func unpublished(_ r: BalanceRow?) -> String { unpublished(r?.status) }

    private func balanceSentence(_ q: Question) -> String {
        guard let r = published(.all, q) else { return unpublished(row(.all, q)) }
        return points(r.estimate!.balance)
    }

    private func quantity(_ v: QuantityVariable) -> QuantityRow? {
        tables.quantities.first { $0.group == .all && $0.variable == v && $0.status == .ok }
    }

    // MARK: The note

    func text() -> String { note().joined(separator: "\n") + "\n" }

    /// The note's lines and tables, typeset.
    func note() -> NoteLines { typeset(draft()) }

    /// The note's lines and tables as written.
    func draft() -> NoteLines {
        var lines = NoteLines()
        let response = tables.response.first { $0.group == .all }
        if fr {
            lines.append("Note de conjoncture — \(quarterName)")
            lines.append("Baromètre trimestriel des adhérents")
        } else {
            lines.append("Economic outlook note — \(quarterName)")
            lines.append("Quarterly barometer of the members")
        }
        lines.append("")
        if let response {
            lines.append(
                fr
                    ? "Réponses : \(count(response.respondents, "adhérent", "adhérents")) sur \(count(response.activeMembers, "actif", "actifs")) (taux de réponse \(pct(response.responseRate)))."
                    : "Responses: \(integer(response.respondents)) of \(count(response.activeMembers, "active member", "active members")) (response rate \(pct(response.responseRate)))."
            )
            fewRespondents(response.respondents).map { lines.append($0) }
        }
        lines.append("")

        // Climate.
        var untested = false
        lines.append(fr ? "Climat des affaires" : "Business climate")
        if let climate = published(.all, .climate) {
            var sentence =
                fr
                ? "  L'indicateur de climat s'établit à \(points(climate.estimate!.balance))"
                : "  The climate indicator stands at \(points(climate.estimate!.balance))"
            let changes = [
                movement(
                    climate.deltaPrevQuarter, se: climate.seDeltaPrevQuarter,
                    fr ? "sur le trimestre" : "over the quarter"
                ),
                movement(climate.deltaPrevYear, se: climate.seDeltaPrevYear, fr ? "sur un an" : "over the year"),
            ].compactMap { $0 }
            untested =
                (climate.deltaPrevQuarter != nil && climate.seDeltaPrevQuarter == nil)
                || (climate.deltaPrevYear != nil && climate.seDeltaPrevYear == nil)
            if !changes.isEmpty { sentence += ", " + changes.joined(separator: fr ? " et " : " and ") }
            lines.append(sentence + ".")
        } else {
            lines.append(
                fr
                    ? "  L'indicateur de climat : \(unpublished(row(.all, .climate)))."
                    : "  The climate indicator: \(unpublished(row(.all, .climate))).")
        }
        let history = tables.series.filter {
            $0.group == .all && $0.question == .climate && $0.weighting == .unweighted
        }
        let values = history.compactMap(\.balance)
        if let first = history.first, let last = history.last, !values.isEmpty {
            let average = values.reduce(0, +) / Double(values.count)
            lines.append(
                fr
                    ? "  Moyenne de long terme (\(count(values.count, "trimestre publié", "trimestres publiés")), du \(quarterName(first.quarter)) au \(quarterName(last.quarter))) : \(points(average))."
                    : "  Long-term average (\(count(values.count, "published quarter", "published quarters")), from the \(quarterName(first.quarter)) to the \(quarterName(last.quarter))): \(points(average))."
            )
        }
        lines.append(
            fr
                ? "  Le climat est la moyenne des soldes sur l'activité passée et prévue, l'emploi prévu et la trésorerie."
                : "  The climate is the mean of the balances on past and expected activity, expected employment and cash."
        )
        lines.append("")

        // Activity.
        lines.append(fr ? "Activité" : "Activity")
        if let r = published(.all, .activityPast) {
            lines.append(
                fr
                    ? "  Trimestre écoulé : \(points(r.estimate!.balance)) (\(pct(r.estimate!.pctUp)) en hausse, \(pct(r.estimate!.pctDown)) en baisse)."
                    : "  Past quarter: \(points(r.estimate!.balance)) (\(pct(r.estimate!.pctUp)) up, \(pct(r.estimate!.pctDown)) down)."
            )
        } else {
            lines.append(
                (fr ? "  Trimestre écoulé : " : "  Past quarter: ") + unpublished(row(.all, .activityPast)) + ".")
        }
        lines.append(
            (fr ? "  Perspectives pour le trimestre à venir : " : "  Outlook for the next quarter: ")
                + balanceSentence(.activityOutlook) + ".")
        if let t = quantity(.turnover), let total = t.total {
            var sentence =
                fr
                ? "  Chiffre d'affaires du trimestre déclaré par les répondants : \(number(total / 1e6)) M€"
                : "  Turnover of the quarter declared by the respondents: €\(number(total / 1e6))m"
            // The change on a year first: the change on the quarter is raw, seasonal data.
            let changes = [
                t.changePrevYear.map { (fr ? "\(signed($0)) % sur un an" : "\(signed($0))% over the year") },
                t.changePrevQuarter.map {
                    fr
                        ? "\(signed($0)) % sur le trimestre, en données brutes non corrigées des variations saisonnières"
                        : "\(signed($0))% over the quarter, in raw data not seasonally adjusted"
                },
            ].compactMap { $0 }
            if !changes.isEmpty {
                sentence +=
                    fr
                    ? " (à échantillon constant : " + changes.joined(separator: " ; ") + ")"
                    : " (constant sample: " + changes.joined(separator: "; ") + ")"
            }
            lines.append(sentence + ".")
        }
        lines.append("")

        // Employment.
        lines.append(fr ? "Emploi" : "Employment")
        lines.append(
            (fr ? "  Emploi en insertion, trimestre écoulé : " : "  Integration jobs, past quarter: ")
                + balanceSentence(.employmentPast)
                + (fr ? " ; perspectives : " : "; outlook: ") + balanceSentence(.employmentOutlook) + ".")
        if let e = quantity(.employeesIntegration), let p = quantity(.employeesPermanent), let te = e.total,
            let tp = p.total
        {
            var sentence =
                fr
                ? "  Effectifs des répondants en fin de trimestre : \(count(Int(te), "salarié·e en insertion", "salarié·e·s en insertion")) et \(count(Int(tp), "permanent·e", "permanent·e·s"))"
                : "  Staff of the respondents at quarter end: \(integer(Int(te))) in integration and \(integer(Int(tp))) permanent"
            if let c = e.changePrevYear {
                sentence +=
                    fr
                    ? " (insertion : \(signed(c)) % sur un an à échantillon constant)"
                    : " (integration: \(signed(c))% over the year, constant sample)"
            }
            lines.append(sentence + ".")
        }
        lines.append("")

        // Cash.
        lines.append(fr ? "Trésorerie" : "Cash position")
        if let r = published(.all, .cashPosition) {
            lines.append(
                fr
                    ? "  Solde : \(points(r.estimate!.balance)) (\(pct(r.estimate!.pctDown)) des répondants la jugent difficile, \(pct(r.estimate!.pctUp)) aisée)."
                    : "  Balance: \(points(r.estimate!.balance)) (\(pct(r.estimate!.pctDown)) of respondents find it difficult, \(pct(r.estimate!.pctUp)) easy)."
            )
        } else {
            lines.append((fr ? "  Solde : " : "  Balance: ") + unpublished(row(.all, .cashPosition)) + ".")
        }
        lines.append("")

        // Table by structure type.
        lines.append(
            fr
                ? "Par type de structure (soldes non pondérés, en points)"
                : "By structure type (unweighted balances, in points)")
        let header =
            fr
            ? [
                "Type", "Répondants", "Climat", "Activité passée", "Activité prévue", "Emploi passé", "Emploi prévu",
                "Trésorerie",
            ]
            : [
                "Type", "Respondents", "Climate", "Past activity", "Activity outlook", "Past employment",
                "Employment outlook", "Cash",
            ]
        var table: [[String]] = [header]
        let types = tables.response.filter { $0.group.breakdown == .structureType }
        for t in types {
            var cells = [t.group.name, integer(t.respondents)]
            for q in [
                Question.climate, .activityPast, .activityOutlook, .employmentPast, .employmentOutlook, .cashPosition,
            ] {
                let r = row(t.group, q)
                if let r, r.status == .ok, let e = r.estimate {
                    cells.append(signed(e.balance))
                } else {
                    cells.append(mark(r?.status))
                }
            }
            table.append(cells)
        }
        lines += self.table(table)
        lines.append("")
        lines += revisionsParagraph()

        // Method.
        lines.append(fr ? "Méthode" : "Method")
        if fr {
            lines.append(
                "  Solde d'opinion = % de réponses « en hausse » − % « en baisse », en points, sur les réponses non vides."
            )
            lines.append(
                "  Les soldes pondérés par l'emploi et post-stratifiés par type de structure, avec erreurs types")
            lines.append(
                "  et intervalles de confiance à 95 %, sont dans balances.csv ; la série complète dans series.csv.")
            lines.append(
                "  Une évolution est dite stable quand elle est inférieure en valeur absolue à 1,96 fois son erreur type"
            )
            lines.append(
                "  (jackknife retirant un adhérent à la fois des deux trimestres, dans balances.csv) ; sinon elle est chiffrée."
            )
            if untested { lines.append("  Une évolution sans erreur type est chiffrée telle quelle, sans ce test.") }
        } else {
            lines.append("  Opinion balance = % of \"up\" answers − % \"down\", in points, over the non-empty answers.")
            lines.append("  Employment-weighted and post-stratified balances, with standard errors and 95% confidence")
            lines.append("  intervals, are in balances.csv; the full series is in series.csv.")
            lines.append(
                "  A change is reported as unchanged when its absolute value is below 1.96 times its standard error")
            lines.append(
                "  (jackknife deleting one member at a time from both quarters, in balances.csv); otherwise it is given."
            )
            if untested { lines.append("  A change without a standard error is given as it is, without this test.") }
        }
        lines.append(confidentialityLine)
        return lines
    }
}

extension BarometerSummary {
    /// The most revisions the note lists one by one; series.csv holds them all.
    static let listedRevisions = 20

    /// The paragraph on the quarters an earlier report published (issue #9, vintages): the
    /// revisions made, old → new, and how many figures were kept as published and why.
    /// Empty when no earlier report was read.
    func revisionsParagraph() -> [String] {
        guard let v = tables.vintage else { return [] }
        var lines: [String] = []
        lines.append(fr ? "Trimestres déjà publiés" : "Quarters already published")
        lines.append(
            fr
                ? "  La série reprend les valeurs publiées dans \(v.source) (manifeste vérifié)."
                : "  The series keeps the values published in \(v.source) (manifest checked).")
        func shown(_ value: Double?, _ status: CellStatus) -> String {
            guard status == .ok, let value else { return mark(status) }
            return number(value, 2)
        }
        if v.revisions.isEmpty {
            lines.append(fr ? "  Aucune révision." : "  No revision.")
        } else {
            let n = v.revisions.count
            lines.append(
                fr
                    ? "  \(count(n, "solde non pondéré révisé", "soldes non pondérés révisés")) (\(count(v.revisedFigures, "chiffre", "chiffres")) avec les pondérations), le changement portant sur au moins \(count(settings.minCell, "adhérent", "adhérents")) :"
                    : "  \(count(n, "unweighted balance", "unweighted balances")) revised (\(count(v.revisedFigures, "figure", "figures")) with the weightings), the change involving at least \(count(settings.minCell, "member", "members")):"
            )
            for r in v.revisions.prefix(Self.listedRevisions) {
                lines.append(
                    "    " + label("\(r.group.name), \(r.question.rawValue), \(quarterName(r.quarter))")
                        + "\(shown(r.old, r.oldStatus)) → \(shown(r.new, r.newStatus))")
            }
            if n > Self.listedRevisions {
                lines.append(
                    fr
                        ? "    … et \(n - Self.listedRevisions) autres (voir series.csv)."
                        : "    … and \(n - Self.listedRevisions) more (see series.csv).")
            }
        }
        if v.frozen > 0 {
            lines.append(
                fr
                    ? "  \(count(v.frozen, "chiffre conservé tel que publié", "chiffres conservés tels que publiés")) bien que le recalcul diffère : \(integer(v.frozenByAnswers)) parce que moins de \(settings.minCell) adhérents y changent de réponse (ou que la nouvelle valeur serait couverte par le secret), \(integer(v.frozenByRegistry)) parce que seuls les poids ont changé (registre des adhérents). Les publier permettrait de retrouver par différence les réponses d'adhérents identifiables."
                    : "  \(count(v.frozen, "figure", "figures")) kept as published although the recomputation differs: \(integer(v.frozenByAnswers)) because fewer than \(settings.minCell) members' answers change in them (or the new value would be confidential), \(integer(v.frozenByRegistry)) because only the weights changed (registry of members). Publishing them would let the difference of two notes give identifiable members' answers."
            )
        }
        lines.append("")
        return lines
    }
}
