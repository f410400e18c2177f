/// The canonical columns of the four input files, in the order the generator writes them,
/// and the French header each has in a federation's Excel export (SPEC 3.3).
public enum InputColumns {
    public static let members = ["member_id", "name", "region", "department", "structure_type", "active"]
    public static let barometer = ["member_id", "quarter", "activity_past", "activity_outlook", "employment_past",
                                   "employment_outlook", "cash_position", "employees_integration", "employees_permanent",
                                   "hours_worked", "turnover_eur"]
    public static let gender = ["member_id", "year", "population", "sex", "headcount", "hours_worked", "gross_pay_eur",
                                "trained", "exits", "exits_to_employment"]
    public static let funding = ["member_id", "year"] + FundingSource.allCases.map { $0.rawValue + "_eur" }

    /// French header of a canonical column.
    public static func french(_ canonical: String) -> String { frenchHeaders[canonical] ?? canonical }

    static let frenchHeaders: [String: String] = [
        "member_id": "Id adhérent", "name": "Nom", "region": "Région", "department": "Département",
        "structure_type": "Type structure", "active": "Actif",
        "quarter": "Trimestre", "activity_past": "Activité passée", "activity_outlook": "Activité prévue",
        "employment_past": "Emploi passé", "employment_outlook": "Emploi prévu", "cash_position": "Trésorerie",
        "employees_integration": "Salariés insertion", "employees_permanent": "Salariés permanents",
        "hours_worked": "Heures travaillées", "turnover_eur": "Chiffre d'affaires",
        "year": "Année", "population": "Population", "sex": "Sexe", "headcount": "Effectif",
        "gross_pay_eur": "Rémunération brute", "trained": "Formés", "exits": "Sorties",
        "exits_to_employment": "Sorties emploi",
        "sales_eur": "Ventes", "state_eur": "État", "department_eur": "Département",
        "region_eur": "Région", "municipality_eur": "Communes", "esf_eur": "FSE",
        "other_public_eur": "Autres publics", "private_grants_eur": "Subventions privées",
        "other_income_eur": "Autres produits",
    ]
}
