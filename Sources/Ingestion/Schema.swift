import Survey

/// One column of an input file as SPEC 3.3 defines it: its canonical name, the French header
/// of a federation's Excel export and the obvious variants people type, all compared in
/// `HeaderName` form.
public struct ColumnSpec: Sendable {
    /// The name the code and the SPEC use (`member_id`).
    public let canonical: String
    /// The header the federation's Excel export gives the column (what the generator writes).
    public let french: String
    /// Every accepted spelling, in `HeaderName` form.
    public let names: Set<String>
    /// A required column missing from the header makes the file unusable (exit 65).
    public let required: Bool

    /// A column known as `canonical`, exported as `french`, also read under `aliases`.
    public init(_ canonical: String, french: String, _ aliases: [String] = [], required: Bool = true) {
        self.canonical = canonical
        self.french = french
        var names = Set([canonical, french] + aliases)
        for name in [canonical] + aliases where name.hasSuffix("_eur") {
            names.insert(String(name.dropLast(4)))
        }
        self.names = Set(names.map(HeaderName.normalize))
        self.required = required
    }

    /// True when a header names this column, plainly or once its decorations are removed
    /// (`HeaderName.undecorated`).
    func matches(normalized: String, undecorated: String?) -> Bool {
        names.contains(normalized) || undecorated.map(names.contains) == true
    }

    /// True when an unrecognised header looks like this column: one of its names appears in
    /// it as whole words (`remuneration_brute_totale`), or it is within a small edit distance
    /// of one (2 for names of 6 letters or more, 1 for 4–5 letters, none shorter, so that
    /// `id` and `ca` do not resemble every two-letter column).
    func resembles(_ header: String) -> Bool {
        let words = header.split(separator: "_")
        for name in names {
            let nameWords = name.split(separator: "_")
            if name.count >= 4, words.count > nameWords.count,
                (0...(words.count - nameWords.count)).contains(where: {
                    Array(words[$0..<($0 + nameWords.count)]) == nameWords
                })
            {
                return true
            }
            let allowed = name.count >= 6 ? 2 : (name.count >= 4 ? 1 : 0)
            if allowed > 0, abs(name.count - header.count) <= allowed, HeaderName.editDistance(name, header) <= allowed
            {
                return true
            }
        }
        return false
    }
}

/// The columns of each input file, in the order the generator writes them. This is the one
/// table of accepted header spellings: canonical name, French header, variants;
/// `HeaderName` adds the normalization and the decorations every name may carry. The README
/// lists the same spellings.
public enum Schema {
    /// members.csv, the registry.
    public static let members: [ColumnSpec] = [
        ColumnSpec("member_id", french: "Id adhérent", ["id", "identifiant", "code_adherent", "adherent"]),
        ColumnSpec("name", french: "Nom", ["raison_sociale", "nom_adherent"]),
        ColumnSpec("region", french: "Région"),
        ColumnSpec("department", french: "Département", ["dept", "code_departement"], required: false),
        ColumnSpec("structure_type", french: "Type structure", ["type_de_structure", "type"]),
        ColumnSpec("active", french: "Actif", ["adherent_actif"], required: false),
    ]

    /// barometer/YYYY-Qn.csv.
    public static let barometer: [ColumnSpec] = [
        ColumnSpec("member_id", french: "Id adhérent", ["id", "identifiant", "code_adherent", "adherent"]),
        ColumnSpec("quarter", french: "Trimestre", ["periode"]),
        ColumnSpec("activity_past", french: "Activité passée", ["activite_trimestre"]),
        ColumnSpec("activity_outlook", french: "Activité prévue", ["activite_prevision", "activite_previsions"]),
        ColumnSpec("employment_past", french: "Emploi passé", ["emploi_trimestre"]),
        ColumnSpec("employment_outlook", french: "Emploi prévu", ["emploi_prevision", "emploi_previsions"]),
        ColumnSpec("cash_position", french: "Trésorerie", ["situation_de_tresorerie"]),
        ColumnSpec(
            "employees_integration", french: "Salariés insertion", ["salaries_en_insertion", "salaries_en_parcours"]),
        ColumnSpec("employees_permanent", french: "Salariés permanents", ["permanents"]),
        ColumnSpec("hours_worked", french: "Heures travaillées", ["heures", "nombre_d_heures"]),
        ColumnSpec(
            "turnover_eur", french: "Chiffre d'affaires", ["chiffre_affaires", "ca", "ca_ht", "chiffre_d_affaires_ht"]),
    ]

    /// gender/YYYY.csv.
    public static let gender: [ColumnSpec] = [
        ColumnSpec("member_id", french: "Id adhérent", ["id", "identifiant", "code_adherent", "adherent"]),
        ColumnSpec("year", french: "Année", ["exercice"]),
        ColumnSpec("population", french: "Population", ["categorie"]),
        ColumnSpec("sex", french: "Sexe", ["genre"]),
        ColumnSpec("headcount", french: "Effectif", ["effectifs", "nombre"]),
        ColumnSpec("hours_worked", french: "Heures travaillées", ["heures"], required: false),
        ColumnSpec(
            "gross_pay_eur", french: "Rémunération brute", ["remuneration", "salaires_bruts", "masse_salariale_brute"],
            required: false),
        ColumnSpec("trained", french: "Formés", ["personnes_formees", "formees"], required: false),
        ColumnSpec("exits", french: "Sorties", [], required: false),
        ColumnSpec(
            "exits_to_employment", french: "Sorties emploi", ["sorties_dynamiques", "sorties_vers_emploi"],
            required: false),
    ]

    /// funding/YYYY.csv.
    public static let funding: [ColumnSpec] = [
        ColumnSpec("member_id", french: "Id adhérent", ["id", "identifiant", "code_adherent", "adherent"]),
        ColumnSpec("year", french: "Année", ["exercice"]),
        ColumnSpec("sales_eur", french: "Ventes", ["ventes_de_biens_et_services", "chiffre_d_affaires"]),
        ColumnSpec("state_eur", french: "État", ["aides_etat"]),
        ColumnSpec("department_eur", french: "Département", ["conseil_departemental", "conseil_general"]),
        ColumnSpec("region_eur", french: "Région", ["conseil_regional"]),
        ColumnSpec("municipality_eur", french: "Communes", ["communes_et_intercommunalites", "collectivites_locales"]),
        ColumnSpec("esf_eur", french: "FSE", ["fonds_social_europeen"]),
        ColumnSpec("other_public_eur", french: "Autres publics", ["autres_financements_publics"]),
        ColumnSpec("private_grants_eur", french: "Subventions privées", ["fondations"]),
        ColumnSpec("other_income_eur", french: "Autres produits", ["autres_ressources"]),
    ]
}

extension Schema {
    /// egapro/YYYY.csv (issue 12): one row per member × section × group, with the aliases of
    /// SPEC 3.3 (read by `readEgapro`).
    public static let egapro: [ColumnSpec] = [
        ColumnSpec("member_id", french: "Id adhérent", ["id", "identifiant", "code_adherent", "adherent"]),
        ColumnSpec("year", french: "Année", ["exercice"]),
        ColumnSpec("workforce_range", french: "Tranche d'effectif", ["tranche_effectif"]),
        ColumnSpec("section", french: "Indicateur", []),
        ColumnSpec("category", french: "Catégorie", ["csp"]),
        ColumnSpec("age_band", french: "Tranche d'âge", ["tranche_age"]),
        ColumnSpec("women", french: "Femmes", []),
        ColumnSpec("men", french: "Hommes", []),
        ColumnSpec("women_value", french: "Valeur femmes", []),
        ColumnSpec("men_value", french: "Valeur hommes", []),
        ColumnSpec("calculable", french: "Calculable", [], required: false),
        ColumnSpec(
            "raises_during_leave", french: "Augmentations pendant congé", ["augmentations_pendant_conge_maternite"],
            required: false),
    ]
}

extension [ColumnSpec] {
    /// Where the column `canonical` stands, so that decoders address columns by name.
    func position(_ canonical: String) -> Int {
        guard let i = firstIndex(where: { $0.canonical == canonical }) else {
            preconditionFailure("no column \(canonical)")
        }
        return i
    }

    /// The canonical names, in order.
    public var canonicalNames: [String] { map(\.canonical) }
}
