/// The registry of members, held as columns so that a network of millions of members costs
/// a few tens of bytes each: records refer to a member by its position, statistics read its
/// type, region and activity from small arrays, and no String is kept per member (ids sit in
/// one byte buffer; a region is a code into the distinct regions met). The name and the
/// département are checked when read but not kept: no statistic uses them.
///
/// Ids are one whatever their case (SPEC 3.4): `adh0021` and `ADH0021` are the same member,
/// so a registry cannot hold both. They are found from their bytes through an open-addressing
/// table of positions, hashed on the ASCII-upper-cased bytes, so that looking a cell up
/// makes no String.
public struct Registry: Sendable {
    /// The ids as given, one after the other; member m's are `idBytes[idStarts[m]..<idStarts[m + 1]]`.
    private var idBytes: [UInt8] = []
    private var idStarts: [UInt32] = [0]
    /// Each member's structure type, by position.
    public private(set) var structureTypes: [StructureType] = []
    /// Each member's region, as a position in `regions`.
    public private(set) var regionCodes: [Int32] = []
    /// The distinct regions in the order they were met, as given (the reader makes them NFC).
    public private(set) var regions: [String] = []
    private var regionCode: [String: Int32] = [:]
    /// Whether each member is active (only active members are counted).
    public private(set) var isActive: [Bool] = []
    private var lines: [Int32] = []
    /// Positions of members by the hash of their case-folded id, -1 for an empty slot; at
    /// most half full.
    private var table: [Int32] = [Int32](repeating: -1, count: 16)

    /// An empty registry, for the reader to add members to as it meets them.
    public init() {}

    /// A registry of these members in their order; a repeated id keeps its first member.
    public init(_ members: [Member]) {
        for m in members { add(m) }
    }

    /// One member as a value, for messages and tests (it makes Strings: not for hot paths).
    public struct Entry: Sendable, Hashable {
        /// The member number as the registry spells it.
        public var id: String
        /// The region the member is published under.
        public var region: String
        /// The member's legal form.
        public var structureType: StructureType
        /// Whether the member is counted.
        public var active: Bool
        /// Line of the registry where the member is defined, for messages that name it.
        public var line: Int
    }

    /// How many members, active or not: positions run over `0..<count`.
    public var count: Int { structureTypes.count }

    /// The most members a registry holds: members are 32-bit positions in the look-up table
    /// and the records, and ids sit in a buffer of 32-bit offsets (nearly forty times the
    /// largest network the benchmark reads).
    public static let maximumMembers = 1 << 28

    /// Whether a member with an id of `length` bytes still fits (the reader refuses the row
    /// with a message otherwise, rather than overflowing a position).
    public func hasRoom(forID length: Int) -> Bool {
        count < Self.maximumMembers && idBytes.count + length <= Int(UInt32.max)
    }

    /// The member at this position as a value, for messages and tests.
    public subscript(member: Int) -> Entry {
        Entry(
            id: id(of: member), region: region(of: member), structureType: structureTypes[member],
            active: isActive[member], line: Int(lines[member]))
    }

    /// The member's id as the registry spells it.
    public func id(of member: Int) -> String {
        String(decoding: idBytes[Int(idStarts[member])..<Int(idStarts[member + 1])], as: UTF8.self)
    }

    /// The region the member is published under, as the registry spells it.
    public func region(of member: Int) -> String { regions[Int(regionCodes[member])] }

    /// The line of the registry where the member is defined, for messages that name it.
    public func line(of member: Int) -> Int { Int(lines[member]) }

    /// Adds a member unless its id is taken; returns the existing one's index if it is.
    @discardableResult
    public mutating func add(_ member: Member) -> (inserted: Bool, index: Int) {
        Array(member.id.utf8).withUnsafeBufferPointer { id in
            add(
                id: id, region: member.region, structureType: member.structureType, active: member.active,
                line: member.line)
        }
    }

    /// Adds a member from the bytes of its id unless the id is taken (whatever its case);
    /// returns the existing one's index if it is.
    @discardableResult
    public mutating func add(
        id: UnsafeBufferPointer<UInt8>, region: String, structureType: StructureType,
        active: Bool, line: Int
    ) -> (inserted: Bool, index: Int) {
        if let existing = index(ofID: id) { return (false, existing) }
        let code = regionCode[region] ?? newRegion(region)
        return (true, append(id: id, regionCode: code, structureType: structureType, active: active, line: line))
    }

    /// The same with the region given by its place in `regions`: a reader that has met the
    /// region looks its name up once, not once a member (millions of members, a score of
    /// regions).
    @discardableResult
    public mutating func add(
        id: UnsafeBufferPointer<UInt8>, regionCode code: Int32, structureType: StructureType,
        active: Bool, line: Int
    ) -> (inserted: Bool, index: Int) {
        precondition(code >= 0 && Int(code) < regions.count, "a region of this registry")
        if let existing = index(ofID: id) { return (false, existing) }
        return (true, append(id: id, regionCode: code, structureType: structureType, active: active, line: line))
    }

    /// The same with the id's hash (`Registry.hash(ofID:)`) made beforehand, on another core:
    /// the reader of a large registry checks and hashes its rows on every core and adds them
    /// in file order on one.
    @discardableResult
    public mutating func add(
        id: UnsafeBufferPointer<UInt8>, hash: Int, regionCode code: Int32, structureType: StructureType,
        active: Bool, line: Int
    ) -> (inserted: Bool, index: Int) {
        precondition(code >= 0 && Int(code) < regions.count, "a region of this registry")
        if let existing = index(ofID: id, hash: hash) { return (false, existing) }
        return (
            true, append(id: id, hash: hash, regionCode: code, structureType: structureType, active: active, line: line)
        )
    }

    /// The code of a region given by name, made when the registry has no member of it yet (a
    /// reader that meets a region in a block of rows checked on another core).
    public mutating func regionCode(of region: String) -> Int32 {
        regionCode[region] ?? newRegion(region)
    }

    /// Room for `members` members and `idBytes` bytes of ids in all, so that a reader that
    /// knows roughly how many are coming grows nothing as it adds them.
    public mutating func reserveCapacity(members: Int, idBytes bytes: Int) {
        idBytes.reserveCapacity(bytes)
        idStarts.reserveCapacity(members + 1)
        structureTypes.reserveCapacity(members)
        regionCodes.reserveCapacity(members)
        isActive.reserveCapacity(members)
        lines.reserveCapacity(members)
        var capacity = table.count
        while capacity < 2 * members { capacity *= 2 }
        if capacity > table.count { rehash(capacity: capacity) }
    }

    private mutating func newRegion(_ region: String) -> Int32 {
        let code = Int32(regions.count)
        regionCode[region] = code
        regions.append(region)
        return code
    }

    private mutating func append(
        id: UnsafeBufferPointer<UInt8>, hash: Int? = nil, regionCode code: Int32, structureType: StructureType,
        active: Bool, line: Int
    ) -> Int {
        let hash = hash ?? Self.hash(id)
        precondition(hasRoom(forID: id.count), "a registry holds at most \(Self.maximumMembers) members")
        let m = count
        idBytes.append(contentsOf: id)
        idStarts.append(UInt32(idBytes.count))
        structureTypes.append(structureType)
        regionCodes.append(code)
        isActive.append(active)
        lines.append(Int32(clamping: line))
        if 2 * count > table.count { rehash(capacity: table.count * 2) } else { insert(m, hash: hash) }
        return m
    }

    /// The member with this id, whatever its case.
    public func index(of id: String) -> Int? {
        Array(id.utf8).withUnsafeBufferPointer { index(ofID: $0) }
    }

    /// The member whose id is these bytes, whatever the case of their ASCII letters.
    @inline(__always)
    public func index(ofID id: UnsafeBufferPointer<UInt8>) -> Int? {
        index(ofID: id, hash: Self.hash(id))
    }

    /// The same, with the id's hash (`Registry.hash(ofID:)`) given.
    @inline(__always)
    public func index(ofID id: UnsafeBufferPointer<UInt8>, hash: Int) -> Int? {
        let mask = table.count - 1
        var slot = hash & mask
        while true {
            let m = Int(table[slot])
            if m < 0 { return nil }
            if sameID(m, id, ignoringCase: true) { return m }
            slot = (slot + 1) & mask
        }
    }

    /// True when `id` is member `m`'s id, whatever the case of its ASCII letters.
    @inline(__always)
    public func isID(_ id: UnsafeBufferPointer<UInt8>, of m: Int) -> Bool {
        sameID(m, id, ignoringCase: true)
    }

    /// True when `id` is the registry's own spelling of member `m`'s id (same case).
    @inline(__always)
    public func isSpelledAsRegistered(_ id: UnsafeBufferPointer<UInt8>, member m: Int) -> Bool {
        sameID(m, id, ignoringCase: false)
    }

    @inline(__always)
    private func sameID(_ m: Int, _ id: UnsafeBufferPointer<UInt8>, ignoringCase: Bool) -> Bool {
        let start = Int(idStarts[m]), end = Int(idStarts[m + 1])
        guard end - start == id.count else { return false }
        return idBytes.withUnsafeBufferPointer { bytes in
            for i in 0..<id.count {
                let a = bytes[start + i], b = id[i]
                if a != b && (!ignoringCase || Self.upper(a) != Self.upper(b)) { return false }
            }
            return true
        }
    }

    private mutating func rehash(capacity: Int) {
        var fresh = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        idBytes.withUnsafeBufferPointer { bytes in
            for m in 0..<count {
                let id = UnsafeBufferPointer(rebasing: bytes[Int(idStarts[m])..<Int(idStarts[m + 1])])
                var slot = Self.hash(id) & mask
                while fresh[slot] >= 0 { slot = (slot + 1) & mask }
                fresh[slot] = Int32(m)
            }
        }
        table = fresh
    }

    private mutating func insert(_ m: Int, hash: Int) {
        let mask = table.count - 1
        var slot = hash & mask
        while table[slot] >= 0 { slot = (slot + 1) & mask }
        table[slot] = Int32(m)
    }

    @inline(__always)
    static func upper(_ b: UInt8) -> UInt8 { b >= 0x61 && b <= 0x7A ? b - 0x20 : b }

    /// The hash the registry files an id under, whatever its case: made on any core.
    @inline(__always)
    public static func hash(ofID id: UnsafeBufferPointer<UInt8>) -> Int { hash(id) }

    /// FNV-1a over the upper-cased bytes, mixed at the end (not seeded: the keys are ours).
    @inline(__always)
    static func hash(_ id: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in id { h = (h ^ UInt64(upper(b))) &* 0x100_0000_01B3 }
        h ^= h >> 29
        h &*= 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}
