import Survey

/// The ways the federation cuts its network (SPEC 4): the whole network, SIAE vs other,
/// each legal form, each region. The order is the order of every output file.
public enum Breakdown: String, Sendable, Hashable, CaseIterable, Comparable {
    case all
    case family
    case structureType = "structure_type"
    case region

    /// The order of the output files: all, family, structure type, region.
    public static func < (a: Breakdown, b: Breakdown) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One group of one breakdown: `all/all`, `family/SIAE`, `structure_type/ACI`, `region/Bretagne`.
/// Groups sort by breakdown, then by the code points of their name (SPEC 5).
public struct Group: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The breakdown the group belongs to.
    public let breakdown: Breakdown
    /// Its name as published: `all`, the family, the structure type's code or the region as the registry gives it.
    public let name: String

    /// The group `name` of `breakdown`.
    public init(_ breakdown: Breakdown, _ name: String) {
        self.breakdown = breakdown
        self.name = name
    }

    /// The whole network.
    public static let all = Group(.all, "all")

    /// By breakdown, then by the Unicode code points of the name (SPEC 5), whatever the locale.
    public static func < (a: Group, b: Group) -> Bool {
        if a.breakdown != b.breakdown { return a.breakdown < b.breakdown }
        return Array(a.name.unicodeScalars.map(\.value)).lexicographicallyPrecedes(b.name.unicodeScalars.map(\.value))
    }

    /// `breakdown/name`, as messages write a group.
    public var description: String { "\(breakdown.rawValue)/\(name)" }
}

/// The groups of a registry and who is in them: the groups with at least one active member
/// (SPEC 4: every such group gets its rows), and N, the active members of each.
public struct GroupFrame: Sendable {
    /// The registry the groups are made of.
    public let registry: Registry
    /// Sorted in output order.
    public let groups: [Group]
    /// Active registry members per group (the N of the finite population correction).
    public let activeMembers: [Group: Int]
    /// Active registry members per group and structure type (the N_h of post-stratification).
    public let activeByType: [Group: [StructureType: Int]]
    /// Where each member's groups stand in `groups`: `Breakdown.allCases.count` entries per
    /// member index, one per breakdown, -1 for a group without an active member. One flat
    /// buffer, so that sharing items out to their groups is array indexing, not hashing.
    @usableFromInline let groupSlots: [Int32]

    /// Counted on small integer codes (the family, the type's ordinal, the region's code in
    /// the registry), one pass over the registry, no String hashed: a registry of millions of
    /// members is framed in a fraction of a second.
    public init(_ registry: Registry) {
        self.registry = registry
        let families = Family.allCases, types = StructureType.allCases
        let regions = registry.regions
        let memberRegion = registry.regionCodes
        // Candidate groups: all, the families, the types, the regions, in that layout.
        let candidates =
            [Group.all] + families.map { Group(.family, $0.rawValue) }
            + types.map { Group(.structureType, $0.rawValue) } + regions.map { Group(.region, $0) }
        let familyBase = 1, typeBase = 1 + families.count, regionBase = 1 + families.count + types.count
        func familyCode(_ t: StructureType) -> Int { families.firstIndex(of: t.family)! }
        let familyOfType = types.map(familyCode)
        func codes(_ i: Int) -> (Int, Int, Int, Int) {
            let t = registry.structureTypes[i].ordinal
            return (0, familyBase + familyOfType[t], typeBase + t, regionBase + Int(memberRegion[i]))
        }
        var active = [Int](repeating: 0, count: candidates.count)
        var byType = [Int](repeating: 0, count: candidates.count * types.count)
        for i in 0..<registry.count where registry.isActive[i] {
            let t = registry.structureTypes[i].ordinal
            let (a, f, y, r) = codes(i)
            active[a] += 1
            active[f] += 1
            active[y] += 1
            active[r] += 1
            byType[a * types.count + t] += 1
            byType[f * types.count + t] += 1
            byType[y * types.count + t] += 1
            byType[r * types.count + t] += 1
        }
        var activeMembers: [Group: Int] = [:]
        var activeByType: [Group: [StructureType: Int]] = [:]
        for (c, g) in candidates.enumerated() where active[c] > 0 {
            activeMembers[g] = active[c]
            var counts: [StructureType: Int] = [:]
            for (t, type) in types.enumerated() where byType[c * types.count + t] > 0 {
                counts[type] = byType[c * types.count + t]
            }
            activeByType[g] = counts
        }
        self.activeMembers = activeMembers
        self.activeByType = activeByType
        let groups = candidates.indices.filter { active[$0] > 0 }.map { candidates[$0] }.sorted()
        self.groups = groups
        let position = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1, Int32($0)) })
        let slotOfCandidate = candidates.map { position[$0] ?? -1 }
        var slots: [Int32] = []
        slots.reserveCapacity(registry.count * Breakdown.allCases.count)
        for i in 0..<registry.count {
            let (a, f, y, r) = codes(i)
            slots.append(slotOfCandidate[a])
            slots.append(slotOfCandidate[f])
            slots.append(slotOfCandidate[y])
            slots.append(slotOfCandidate[r])
        }
        groupSlots = slots
    }

    /// The groups of a member, one per breakdown (whether or not they have active members).
    public func groups(ofMember member: Int) -> [Group] {
        let type = registry.structureTypes[member]
        return [
            .all, Group(.family, type.family.rawValue), Group(.structureType, type.rawValue),
            Group(.region, registry.region(of: member)),
        ]
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
