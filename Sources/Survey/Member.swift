/// The legal form of a member, which drives both its economics and how it is counted.
public enum StructureType: String, Sendable, Hashable, CaseIterable, Comparable {
    case ai = "AI"
    case aci = "ACI"
    case ei = "EI"
    case etti = "ETTI"
    case geiq = "GEIQ"
    case sap = "SAP"
    case other = "OTHER"

    /// The federation reports *structures d'insertion par l'activité économique* (SIAE)
    /// separately from the other members (GEIQ, home services, others).
    public var family: Family { isSIAE ? .siae : .other }

    /// AI, ACI, EI and ETTI: the structures approved for integration through economic activity.
    public var isSIAE: Bool {
        switch self {
        case .ai, .aci, .ei, .etti: true
        default: false
        }
    }

    /// Alphabetical by code, so that tables list the types in a stable order.
    public static func < (a: StructureType, b: StructureType) -> Bool { a.rawValue < b.rawValue }

    /// Hashed by its case, not by its raw string: the estimators' strata dictionaries are
    /// looked up once per answer, and hashing the string was a quarter of the barometer's time.
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }

    /// The case's place in `allCases`.
    public var ordinal: Int {
        switch self {
        case .ai: 0
        case .aci: 1
        case .ei: 2
        case .etti: 3
        case .geiq: 4
        case .sap: 5
        case .other: 6
        }
    }
}

/// SIAE (AI, ACI, EI, ETTI) versus the rest of the network.
public enum Family: String, Sendable, Hashable, CaseIterable {
    case siae = "SIAE"
    case other = "other"
}

/// One row of the registry `members.csv`: who the members are, what they are and where.
public struct Member: Sendable, Hashable {
    /// The federation's member number (e.g. `ADH0021`), which every return quotes.
    public var id: String
    /// The company's name, checked when read but used by no statistic.
    public var name: String
    /// As given in the registry (trimmed, NFC): regions are published under the name the
    /// federation uses, which is not always an administrative one.
    public var region: String
    /// The département, when the registry gives one.
    public var department: String?
    /// Its legal form: the stratum and the family it is counted in.
    public var structureType: StructureType
    /// Whether it still belongs to the network: only active members are counted.
    public var active: Bool
    /// Line of the registry where the member is defined, for messages that name it.
    public var line: Int

    /// A member as one registry row describes it.
    public init(
        id: String, name: String, region: String, department: String?,
        structureType: StructureType, active: Bool, line: Int
    ) {
        self.id = id
        self.name = name
        self.region = region
        self.department = department
        self.structureType = structureType
        self.active = active
        self.line = line
    }
}
