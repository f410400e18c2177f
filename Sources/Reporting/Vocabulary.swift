/// What the columns and files of the reports are called and mean, in both languages: the
/// headings and the "Read me" sheet of the workbook. The CSV files keep their canonical
/// column names (SPEC 5); a person reading the workbook gets these.
enum Vocabulary {
    /// A column's heading and meaning, French then English, and how its numbers are shown.
    struct Entry {
        var fr: String
        var en: String
        var meaningFr: String
        var meaningEn: String
        var format: Workbook.Format
    }

    /// The sheet a CSV file becomes, by file name (at most 31 characters, as Excel requires).
    static func sheetName(_ file: String, _ language: Language) -> String {
        let names: [String: (String, String)] = [
            "balances.csv": ("Soldes", "Balances"),
            "quantities.csv": ("Quantités", "Quantities"),
            "response.csv": ("Réponse", "Response"),
            "series.csv": ("Séries", "Series"),
            "indicators.csv": ("Indicateurs", "Indicators"),
            "distribution.csv": ("Distribution", "Distribution"),
            "shares.csv": ("Parts", "Shares"),
            "sources.csv": ("Sources", "Sources"),
            "index.csv": ("Index", "Index"),
            "rejects.csv": ("Rejets", "Rejects"),
        ]
        let stem = String(file.prefix { $0 != "." })
        guard let (fr, en) = names[file] else { return String(stem.prefix(31)) }
        return language == .fr ? fr : en
    }

    /// The entry of column `column` of file `file`.
    static func entry(_ column: String, in file: String) -> Entry {
        if let specific = byFile[file + "/" + column] { return specific }
        return columns[column] ?? egaproColumns[column]
            ?? Entry(fr: column, en: column, meaningFr: "", meaningEn: "", format: .general)
    }

    private static func e(
        _ fr: String, _ en: String, _ meaningFr: String, _ meaningEn: String, _ format: Workbook.Format = .general
    ) -> Entry {
        Entry(fr: fr, en: en, meaningFr: meaningFr, meaningEn: meaningEn, format: format)
    }

    /// Columns whose meaning depends on the file.
    private static let byFile: [String: Entry] = [
        "index.csv/status": e(
            "Statut", "Status", "ok : index calculé ; nc : non calculable (maximum des points calculables < 75).",
            "ok: index computed; nc: not computable (maximum of the computable points < 75)."),
        "indicators.csv/value": e(
            "Valeur", "Value",
            "Part des femmes (%) pour l'effectif ; écart (H − F)/H en % pour les heures et la rémunération ; écart H − F en points pour les taux.",
            "Women's share (%) for the headcount; gap (M − F)/M in % for hours and pay; gap M − F in points for the rates.",
            .decimal),
        "indicators.csv/female": e(
            "Femmes", "Women",
            "Somme des femmes (effectif), heures par tête, rémunération horaire ou annuelle (€), taux (%) selon l'indicateur.",
            "Sum of women (headcount), hours per head, hourly or annual pay (€), rate (%), as the indicator says.",
            .decimal),
        "indicators.csv/male": e(
            "Hommes", "Men", "La même grandeur pour les hommes.", "The same figure for men.", .decimal),
        "rejects.csv/value": e(
            "Valeur", "Value", "Le contenu de la cellule rejetée.", "The content of the rejected cell."),
        "quantities.csv/total": e(
            "Total", "Total", "Somme de la variable (salarié·e·s, heures ou euros).",
            "Sum of the variable (employees, hours or euros).", .decimal),
        "quantities.csv/median": e(
            "Médiane", "Median", "Médiane de la variable parmi les répondant·e·s.",
            "Median of the variable among respondents.", .decimal),
    ]

    private static let columns: [String: Entry] = [
        "breakdown": e(
            "Découpage", "Breakdown",
            "Ensemble (all), famille (SIAE ou autre), type de structure ou région.",
            "Whole network (all), family (SIAE or other), structure type or region."),
        "group": e("Groupe", "Group", "Le groupe du découpage.", "The group within the breakdown."),
        "question": e(
            "Question", "Question", "La question d'opinion, ou climate (moyenne des quatre soldes).",
            "The opinion question, or climate (mean of four balances)."),
        "weighting": e(
            "Pondération", "Weighting",
            "unweighted (chaque adhérent compte pour un), employment (pondéré par l'emploi), poststratified (redressé par type).",
            "unweighted (each member counts once), employment (weighted by jobs), poststratified (by structure type)."),
        "n": e(
            "Adhérents", "Members", "Nombre d'adhérents qui contribuent.", "Number of contributing members.", .integer),
        "pct_up": e("% hausse", "% up", "Part des réponses en hausse.", "Share of answers up.", .percent),
        "pct_stable": e("% stable", "% stable", "Part des réponses stables.", "Share of answers stable.", .percent),
        "pct_down": e("% baisse", "% down", "Part des réponses en baisse.", "Share of answers down.", .percent),
        "balance": e(
            "Solde", "Balance", "% hausse − % baisse, en points.", "% up − % down, in points.", .points),
        "se": e(
            "Écart-type", "Std. error", "Erreur type du solde, en points.", "Standard error of the balance, in points.",
            .spread),
        "ci_low": e(
            "IC bas", "CI low", "Borne basse de l'intervalle de confiance à 95 %.",
            "Lower bound of the 95% confidence interval.", .points),
        "ci_high": e(
            "IC haut", "CI high", "Borne haute de l'intervalle de confiance à 95 %.",
            "Upper bound of the 95% confidence interval.", .points),
        "delta_prev_quarter": e(
            "Évol. trimestre", "Change on quarter", "Écart avec le solde du trimestre précédent, en points.",
            "Change from the previous quarter's balance, in points.", .points),
        "delta_prev_year": e(
            "Évol. un an", "Change on year", "Écart avec le solde du même trimestre un an plus tôt, en points.",
            "Change from the same quarter a year earlier, in points.", .points),
        "se_delta_prev_quarter": e(
            "Écart-type évol. trimestre", "Std. error change on quarter",
            "Erreur type de l'écart trimestriel (jackknife).",
            "Standard error of the change on the quarter (jackknife).", .spread),
        "se_delta_prev_year": e(
            "Écart-type évol. un an", "Std. error change on year", "Erreur type de l'écart sur un an (jackknife).",
            "Standard error of the change on the year (jackknife).", .spread),
        "low_precision": e(
            "Précision faible", "Low precision", "yes : moins de 10 réponses, chiffre fragile.",
            "yes: fewer than 10 answers, a fragile figure."),
        "status": e(
            "Statut", "Status",
            "ok : publié ; confidential : secret statistique ; confidential-secondary : masqué pour protéger une autre case ; no-data : aucune donnée.",
            "ok: published; confidential: statistical confidentiality; confidential-secondary: hidden to protect another cell; no-data: no data."
        ),
        "variable": e(
            "Variable", "Variable",
            "Salarié·e·s en insertion, permanent·e·s, heures travaillées ou chiffre d'affaires.",
            "Integration employees, permanent staff, hours worked or turnover."),
        "total": e("Total", "Total", "Somme.", "Sum.", .decimal),
        "median": e("Médiane", "Median", "Médiane.", "Median.", .decimal),
        "change_prev_quarter": e(
            "Évol. trimestre (%)", "Change on quarter (%)",
            "Évolution sur le trimestre à échantillon constant, en % (données brutes, non corrigées des variations saisonnières).",
            "Change on the quarter on a constant sample, in % (raw data, not seasonally adjusted).", .percent),
        "n_constant_prev_quarter": e(
            "Échantillon constant (trimestre)", "Constant sample (quarter)",
            "Adhérents ayant répondu aux deux trimestres.", "Members who answered both quarters.", .integer),
        "change_prev_year": e(
            "Évol. un an (%)", "Change on year (%)",
            "Évolution sur un an à échantillon constant, en %.", "Change on the year on a constant sample, in %.",
            .percent),
        "n_constant_prev_year": e(
            "Échantillon constant (un an)", "Constant sample (year)",
            "Adhérents ayant répondu aux deux trimestres.", "Members who answered both quarters.", .integer),
        "active_members": e(
            "Adhérents actifs", "Active members", "Adhérents actifs du registre.", "Active members of the registry.",
            .integer),
        "respondents": e("Répondants", "Respondents", "Adhérents ayant répondu.", "Members who answered.", .integer),
        "response_rate": e(
            "Taux de réponse", "Response rate", "Répondants / adhérents actifs, en %.",
            "Respondents / active members, in %.", .percent),
        "quarter": e("Trimestre", "Quarter", "Le trimestre (AAAA-Qn).", "The quarter (YYYY-Qn)."),
        "population": e(
            "Population", "Population",
            "integration (salarié·e·s en insertion), permanent (permanent·e·s), management (encadrement), board (conseil d'administration).",
            "integration (integration employees), permanent (permanent staff), management, board."),
        "indicator": e(
            "Indicateur", "Indicator",
            "headcount, hours_per_head, hourly_pay, hourly_pay_all_members, annual_pay_per_head, training_rate, exit_to_employment_rate.",
            "headcount, hours_per_head, hourly_pay, hourly_pay_all_members, annual_pay_per_head, training_rate, exit_to_employment_rate."
        ),
        "women_share_q1": e(
            "Part des femmes Q1", "Women's share Q1", "Premier quartile des parts de femmes des adhérents, en %.",
            "First quartile of the members' women's shares, in %.", .percent),
        "women_share_median": e(
            "Part des femmes médiane", "Women's share median", "Médiane des parts de femmes des adhérents, en %.",
            "Median of the members' women's shares, in %.", .percent),
        "women_share_q3": e(
            "Part des femmes Q3", "Women's share Q3", "Troisième quartile des parts de femmes des adhérents, en %.",
            "Third quartile of the members' women's shares, in %.", .percent),
        "parity_zone_pct": e(
            "Zone de parité (%)", "Parity zone (%)", "Adhérents dont la part de femmes est entre 40 % et 60 %.",
            "Members whose women's share is between 40% and 60%.", .percent),
        "with_a_woman_pct": e(
            "Avec une femme (%)", "With a woman (%)", "Adhérents dont l'encadrement compte au moins une femme.",
            "Members whose management has at least one woman.", .percent),
        "cope_zimmermann_pct": e(
            "Copé-Zimmermann (%)", "Copé-Zimmermann (%)",
            "Adhérents dont le conseil respecte la loi Copé-Zimmermann (40 % de chaque sexe au-delà de 8 membres).",
            "Members whose board meets the Copé-Zimmermann law (40% of each sex above 8 members).", .percent),
        "total_eur": e("Ressources (€)", "Resources (€)", "Total des ressources.", "Total resources.", .euros),
        "public_eur": e(
            "Financements publics (€)", "Public funding (€)", "Total des financements publics.",
            "Total public funding.", .euros),
        "public_share": e(
            "Part publique (%)", "Public share (%)", "Financements publics / ressources.",
            "Public funding / resources.",
            .percent),
        "activity_share": e(
            "Part de l'activité (%)", "Activity share (%)", "Ventes / ressources : l'autofinancement par l'activité.",
            "Sales / resources: what the economic activity finances.", .percent),
        "member_public_share_mean": e(
            "Part publique moyenne des adhérents", "Members' mean public share",
            "Moyenne des parts publiques des adhérents, en %.", "Mean of the members' public shares, in %.", .percent),
        "member_public_share_q1": e(
            "Part publique Q1", "Public share Q1", "Premier quartile des parts publiques des adhérents.",
            "First quartile of the members' public shares.", .percent),
        "member_public_share_median": e(
            "Part publique médiane", "Public share median", "Médiane des parts publiques des adhérents.",
            "Median of the members' public shares.", .percent),
        "member_public_share_q3": e(
            "Part publique Q3", "Public share Q3", "Troisième quartile des parts publiques des adhérents.",
            "Third quartile of the members' public shares.", .percent),
        "change_total_prev_year": e(
            "Évol. ressources un an (%)", "Change in resources on year (%)",
            "Évolution des ressources à échantillon constant.", "Change in resources on a constant sample.", .percent),
        "change_public_prev_year": e(
            "Évol. financements publics un an (%)", "Change in public funding on year (%)",
            "Évolution des financements publics à échantillon constant.",
            "Change in public funding on a constant sample.",
            .percent),
        "n_constant": e(
            "Échantillon constant", "Constant sample", "Adhérents présents les deux années.",
            "Members present in both years.", .integer),
        "source": e("Source", "Source", "La ligne de ressources.", "The resource line."),
        "amount_eur": e("Montant (€)", "Amount (€)", "Montant de la source.", "Amount of the source.", .euros),
        "share_of_total": e(
            "Part des ressources (%)", "Share of resources (%)", "Montant / ressources.", "Amount / resources.",
            .percent),
        "share_of_public": e(
            "Part du public (%)", "Share of public funding (%)", "Montant / financements publics (sources publiques).",
            "Amount / public funding (public sources).", .percent),
        "file": e("Fichier", "File", "Le fichier lu.", "The file read."),
        "line": e("Ligne", "Line", "La ligne du fichier.", "The line of the file.", .integer),
        "column": e("Colonne", "Column", "La colonne en cause.", "The column at fault."),
        "reason": e(
            "Motif", "Reason", "Pourquoi la ligne ou la valeur est écartée.", "Why the row or value is left out."),
        "scope": e(
            "Portée", "Scope",
            "row : ligne rejetée ; value : valeur écartée ; replaced : remplacée par une ligne plus loin.",
            "row: row rejected; value: value left out; replaced: replaced by a later line."),
        "record": e(
            "Ligne brute", "Raw record", "Le texte de la ligne telle que lue.", "The text of the line as read."),
    ]

    /// The columns of the Egapro files (issue 12): each indicator's four, then the index's.
    private static let egaproColumns: [String: Entry] = {
        let names: [(String, String, String)] = [
            ("pay", "rémunérations", "pay"), ("raises", "augmentations", "raises"),
            ("promotions", "promotions", "promotions"),
            ("raises_promotions", "augmentations et promotions (50-250)", "raises and promotions (50-250)"),
            ("maternity", "retour de maternité", "maternity return"),
            ("top10", "10 plus hautes rémunérations", "10 highest paid"),
        ]
        var out: [String: Entry] = [:]
        for (key, fr, en) in names {
            out[key + "_result"] = e(
                "Résultat, \(fr)", "Result, \(en)",
                "Résultat officiel arrondi à une décimale (écart en % ou en points, % de retours augmentés ; nombre de personnes du sexe sous-représenté pour les 10 plus hautes rémunérations).",
                "Official result rounded to one decimal (gap in % or points, % of returns raised; people of the under-represented sex among the 10 highest paid).",
                .decimal)
            out[key + "_favoured"] = e(
                "Sexe favorisé, \(fr)", "Favoured sex, \(en)", "women, men ou equality.", "women, men or equality.")
            out[key + "_points"] = e(
                "Points, \(fr)", "Points, \(en)", "Points du barème officiel.", "Points of the official table.",
                .integer)
            out[key + "_nc"] = e(
                "Non calculable, \(fr)", "Not computable, \(en)", "Code officiel du motif de non-calcul.",
                "The official code of why it is not computable.")
            out["mean_\(key)_points"] = e(
                "Points moyens, \(fr)", "Mean points, \(en)",
                "Moyenne des points de l'indicateur parmi les adhérents avec un index où il est calculable.",
                "Mean points of the indicator among members with an index where it is computable.", .decimal)
        }
        out["member_id"] = e("Adhérent", "Member", "L'identifiant de l'adhérent.", "The member's id.")
        out["structure_type"] = e("Type", "Type", "Le type de structure.", "The structure type.")
        out["region"] = e("Région", "Region", "La région de l'adhérent.", "The member's region.")
        out["workforce_range"] = e(
            "Tranche d'effectif", "Workforce range", "50:250, 251:999 ou 1000: salarié·e·s.",
            "50:250, 251:999 or 1000: employees.")
        out["raises_promotions_employees"] = e(
            "Écart en salariés (50-250)", "Gap in employees (50-250)",
            "Écart de l'indicateur 2&3 en nombre de salarié·e·s, arrondi à une décimale.",
            "Indicator 2&3's gap in employees, rounded to one decimal.", .decimal)
        out["correction"] = e(
            "Mesures de rattrapage", "Correction measures",
            "Indicateurs portés à leur maximum parce qu'ils favorisent l'autre sexe que l'écart de rémunération.",
            "Indicators given their maximum because they favour the other sex than the pay gap.")
        out["points"] = e(
            "Points", "Points", "Points des indicateurs calculables.", "Points of the computable indicators.", .integer)
        out["max_points"] = e(
            "Maximum", "Maximum", "Maximum des indicateurs calculables.", "Maximum of the computable indicators.",
            .integer)
        out["index"] = e(
            "Index", "Index", "Points × 100 / maximum, arrondi ; vide quand non calculable (maximum < 75).",
            "Points × 100 / maximum, rounded; empty when not computable (maximum < 75).", .integer)
        out["index_proportional"] = e(
            "Valeur proportionnelle", "Proportional value",
            "Points × 100 / maximum avant l'arrondi, comme l'affiche le simulateur.",
            "Points × 100 / maximum before rounding, as the simulator shows it.", .decimal)
        out["n_nc"] = e(
            "Non calculables", "Not computable", "Adhérents dont l'index n'est pas calculable.",
            "Members whose index is not computable.", .integer)
        out["index_mean"] = e("Index moyen", "Mean index", "Moyenne des index.", "Mean of the indexes.", .decimal)
        out["index_q1"] = e(
            "Q1 de l'index", "Index Q1", "Premier quartile des index.", "First quartile of the indexes.", .decimal)
        out["index_median"] = e(
            "Index médian", "Median index", "Médiane des index.", "Median of the indexes.", .decimal)
        out["index_q3"] = e(
            "Q3 de l'index", "Index Q3", "Troisième quartile des index.", "Third quartile of the indexes.", .decimal)
        out["pct_75_or_more"] = e(
            "75 points ou plus (%)", "75 points or more (%)", "Part des adhérents dont l'index atteint 75.",
            "Share of members whose index reaches 75.", .percent)
        out["pct_85_or_more"] = e(
            "85 points ou plus (%)", "85 points or more (%)", "Part des adhérents dont l'index atteint 85.",
            "Share of members whose index reaches 85.", .percent)
        return out
    }()
}
