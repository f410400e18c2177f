/// The registry of members, indexed so that records can refer to a member by position.
/// Ids are one whatever their case (SPEC 3.4): `adh0021` and `ADH0021` are the same member,
/// so a registry cannot hold both.
public struct Registry: Sendable {
    public private(set) var members: [Member] = []
    private var indexByID: [String: Int] = [:]

    public init() {}

    public init(_ members: [Member]) {
        for m in members { _ = add(m) }
    }

    /// Adds a member unless its id is taken; returns the existing one's index if it is.
    @discardableResult
    public mutating func add(_ member: Member) -> (inserted: Bool, index: Int) {
        let key = member.id.uppercased()
        if let existing = indexByID[key] { return (false, existing) }
        members.append(member)
        indexByID[key] = members.count - 1
        return (true, members.count - 1)
    }

    /// The member with this id, whatever its case.
    public func index(of id: String) -> Int? { indexByID[id.uppercased()] }

    public var count: Int { members.count }
}

/// Everything read from a `Datasets/` folder, accepted rows only.
public struct Dataset: Sendable {
    public var registry: Registry
    public var barometer: [Quarter: [BarometerResponse]]
    public var gender: [Int: [GenderRecord]]
    public var funding: [Int: [FundingRecord]]

    public init(registry: Registry, barometer: [Quarter: [BarometerResponse]] = [:],
                gender: [Int: [GenderRecord]] = [:], funding: [Int: [FundingRecord]] = [:]) {
        self.registry = registry
        self.barometer = barometer
        self.gender = gender
        self.funding = funding
    }
}
