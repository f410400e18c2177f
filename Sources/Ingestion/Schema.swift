import Survey

/// One column of an input file as SPEC 3.3 defines it: its canonical name, the French alias
/// and the obvious variants people type, all compared in `HeaderName` form.
public struct ColumnSpec: Sendable {
    public let canonical: String
    public let names: Set<String>
    /// A required column missing from the header makes the file unusable (exit 65).
    public let required: Bool

    public init(_ canonical: String, _ aliases: [String] = [], required: Bool = true) {
        self.canonical = canonical
        var names = Set([canonical] + aliases)
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
               (0...(words.count - nameWords.count)).contains(where: { Array(words[$0..<($0 + nameWords.count)]) == nameWords }) {
                return true
            }
            let allowed = name.count >= 6 ? 2 : (name.count >= 4 ? 1 : 0)
            if allowed > 0, abs(name.count - header.count) <= allowed, HeaderName.editDistance(name, header) <= allowed {
                return true
            }
        }
        return false
    }
}

/// The columns of each input file, in the order of `InputColumns` (checked by a test). This
/// is the one table of accepted header spellings: canonical name, French alias, variants;
/// `HeaderName` adds the normalization and the decorations every name may carry. The README
/// lists the same spellings.
public enum Schema {
    public static let members: [ColumnSpec] = [
        ColumnSpec("member_id", ["id_adherent", "id", "identifiant", "code_adherent", "adherent"]),
        ColumnSpec("name", ["nom", "raison_sociale", "nom_adherent"]),
        ColumnSpec("region", ["région"]),
        ColumnSpec("department", ["departement", "dept", "code_departement"], required: false),
        ColumnSpec("structure_type", ["type_structure", "type_de_structure", "type"]),
        ColumnSpec("active", ["actif", "adherent_actif"], required: false),
    ]

    public static let barometer: [ColumnSpec] = [
        ColumnSpec("member_id", ["id_adherent", "id", "identifiant", "code_adherent", "adherent"]),
        ColumnSpec("quarter", ["trimestre", "periode"]),
        ColumnSpec("activity_past", ["activite_passee", "activite_trimestre"]),
        ColumnSpec("activity_outlook", ["activite_prevue", "activite_prevision", "activite_previsions"]),
        ColumnSpec("employment_past", ["emploi_passe", "emploi_trimestre"]),
        ColumnSpec("employment_outlook", ["emploi_prevu", "emploi_prevision", "emploi_previsions"]),
        ColumnSpec("cash_position", ["tresorerie", "situation_de_tresorerie"]),
        ColumnSpec("employees_integration", ["salaries_insertion", "salaries_en_insertion", "salaries_en_parcours"]),
        ColumnSpec("employees_permanent", ["salaries_permanents", "permanents"]),
        ColumnSpec("hours_worked", ["heures_travaillees", "heures", "nombre_d_heures"]),
        ColumnSpec("turnover_eur", ["chiffre_d_affaires", "chiffre_affaires", "ca", "ca_ht", "chiffre_d_affaires_ht"]),
    ]

    public static let gender: [ColumnSpec] = [
        ColumnSpec("member_id", ["id_adherent", "id", "identifiant", "code_adherent", "adherent"]),
        ColumnSpec("year", ["annee", "exercice"]),
        ColumnSpec("population", ["categorie"]),
        ColumnSpec("sex", ["sexe", "genre"]),
        ColumnSpec("headcount", ["effectif", "effectifs", "nombre"]),
        ColumnSpec("hours_worked", ["heures", "heures_travaillees"], required: false),
        ColumnSpec("gross_pay_eur", ["remuneration_brute", "remuneration", "salaires_bruts", "masse_salariale_brute"], required: false),
        ColumnSpec("trained", ["formes", "personnes_formees", "formees"], required: false),
        ColumnSpec("exits", ["sorties"], required: false),
        ColumnSpec("exits_to_employment", ["sorties_emploi", "sorties_dynamiques", "sorties_vers_emploi"], required: false),
    ]

    public static let funding: [ColumnSpec] = [
        ColumnSpec("member_id", ["id_adherent", "id", "identifiant", "code_adherent", "adherent"]),
        ColumnSpec("year", ["annee", "exercice"]),
        ColumnSpec("sales_eur", ["ventes", "ventes_de_biens_et_services", "chiffre_d_affaires"]),
        ColumnSpec("state_eur", ["etat", "aides_etat"]),
        ColumnSpec("department_eur", ["departement", "conseil_departemental", "conseil_general"]),
        ColumnSpec("region_eur", ["region", "conseil_regional"]),
        ColumnSpec("municipality_eur", ["communes", "communes_et_intercommunalites", "collectivites_locales"]),
        ColumnSpec("esf_eur", ["fse", "fonds_social_europeen"]),
        ColumnSpec("other_public_eur", ["autres_publics", "autres_financements_publics"]),
        ColumnSpec("private_grants_eur", ["subventions_privees", "fondations"]),
        ColumnSpec("other_income_eur", ["autres_produits", "autres_ressources"]),
    ]
}
