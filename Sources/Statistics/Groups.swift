import Survey

/// The ways the federation cuts its network (SPEC 4): the whole network, SIAE vs other,
/// each legal form, each region. The order is the order of every output file.
public enum Breakdown: String, Sendable, Hashable, CaseIterable, Comparable {
    case all
    case family
    case structureType = "structure_type"
    case region

    public static func < (a: Breakdown, b: Breakdown) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One group of one breakdown: `all/all`, `family/SIAE`, `structure_type/ACI`, `region/Bretagne`.
/// Groups sort by breakdown, then by the code points of their name (SPEC 5).
public struct Group: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let breakdown: Breakdown
    public let name: String

    public init(_ breakdown: Breakdown, _ name: String) {
        self.breakdown = breakdown
        self.name = name
    }

    public static let all = Group(.all, "all")

    public static func < (a: Group, b: Group) -> Bool {
        if a.breakdown != b.breakdown { return a.breakdown < b.breakdown }
        return Array(a.name.unicodeScalars.map(\.value)).lexicographicallyPrecedes(b.name.unicodeScalars.map(\.value))
    }

    public var description: String { "\(breakdown.rawValue)/\(name)" }

    /// The groups a member belongs to, one per breakdown.
    public static func of(_ member: Member) -> [Group] {
        [.all, Group(.family, member.structureType.family.rawValue),
         Group(.structureType, member.structureType.rawValue), Group(.region, member.region)]
    }
}

/// The groups of a registry and who is in them: the groups with at least one active member
/// (SPEC 4: every such group gets its rows), and N, the active members of each.
public struct GroupFrame: Sendable {
    public let registry: Registry
    /// Sorted in output order.
    public let groups: [Group]
    /// Active registry members per group (the N of the finite population correction).
    public let activeMembers: [Group: Int]
    /// Active registry members per group and structure type (the N_h of post-stratification).
    public let activeByType: [Group: [StructureType: Int]]
    /// Groups of each member, by member index.
    public let groupsOfMember: [[Group]]
    /// Where each member's groups stand in `groups`: `Breakdown.allCases.count` entries per
    /// member index, one per breakdown, -1 for a group without an active member. One flat
    /// buffer, so that sharing items out to their groups is array indexing, not hashing.
    @usableFromInline let groupSlots: [Int32]

    public init(_ registry: Registry) {
        self.registry = registry
        var active: [Group: Int] = [:]
        var byType: [Group: [StructureType: Int]] = [:]
        var memberGroups: [[Group]] = []
        memberGroups.reserveCapacity(registry.count)
        for m in registry.members {
            let groups = Group.of(m)
            memberGroups.append(groups)
            guard m.active else { continue }
            for g in groups {
                active[g, default: 0] += 1
                byType[g, default: [:]][m.structureType, default: 0] += 1
            }
        }
        self.activeMembers = active
        self.activeByType = byType
        self.groups = active.keys.sorted()
        self.groupsOfMember = memberGroups
        let position = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1, Int32($0)) })
        groupSlots = memberGroups.flatMap { $0.map { position[$0] ?? -1 } }
    }

    /// Calls `body` with the index in `groups` of each of the member's groups.
    @inlinable func forEachGroup(of member: Int, _ body: (Int) -> Void) {
        let width = Breakdown.allCases.count
        for slot in groupSlots[member * width..<(member + 1) * width] where slot >= 0 { body(Int(slot)) }
    }

    /// Items shared out to the groups of their member, one array per entry of `groups`, each in
    /// the order of `items`: one pass over the items instead of one filter per group.
    public func partition<Item>(_ items: some Sequence<Item>, member: (Item) -> Int) -> [[Item]] {
        var out = [[Item]](repeating: [], count: groups.count)
        for item in items { forEachGroup(of: member(item)) { out[$0].append(item) } }
        return out
    }

    /// Groups restricted to some breakdowns (series.csv leaves regions out).
    public func groups(in breakdowns: Set<Breakdown>) -> [Group] {
        groups.filter { breakdowns.contains($0.breakdown) }
    }
}
