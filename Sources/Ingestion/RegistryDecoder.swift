import Foundation
import Survey

/// Reads the registry. A member id given twice keeps the first row; the later one is
/// rejected with an error that names the first line.
///
/// A registry of millions of members is checked on every core, block after block of the file
/// (`RegistryBlock`), and its members added in file order on the reading thread; a block
/// holding an id met before (or a member past the registry's room) has the file read again
/// on one core, which words the problem as usual.
public func readMembers(
    path: String, relativePath: String,
    options: ReadOptions = ReadOptions(), blockSize: Int = 8 << 20
) throws -> (Registry, FileReport) {
    var report = FileReport(path: path, relativePath: relativePath)
    var registry = Registry()
    // The regions met: their bytes as written, their NFC name, and their code in the
    // registry once a member of theirs is in it.
    var regions: [(bytes: [UInt8], name: String, code: Int32?)] = []
    let check = RegistryRowCheck()
    /// A rejected row: remembered by id for the surveys' messages when its id is one that the
    /// registry does not hold (yet).
    func rejected(id: String?, line: Int, _ report: inout FileReport) {
        if let id, registry.index(of: id) == nil && report.rejectedMembers[id] == nil {
            report.rejectedMembers[id] = line
        }
    }
    /// The registry's code of the region spelled `bytes` (NFC `name`), the member at `line`
    /// added with it; nil when its id is taken already.
    func add(
        id: UnsafeBufferPointer<UInt8>, regionBytes: UnsafeBufferPointer<UInt8>, name: () -> String,
        type: StructureType, active: Bool, line: Int
    ) -> (inserted: Bool, index: Int) {
        // Regions are published as given, in NFC so that one region typed with composed or
        // decomposed accents is one group. Few distinct names: normalize each once.
        // The names are looked up by their bytes (a file has one encoding), so that a row
        // makes no String for its region.
        let k: Int
        if let known = regions.firstIndex(where: { sameBytes($0.bytes, regionBytes) }) {
            k = known
        } else {
            regions.append((Array(regionBytes), name().precomposedStringWithCanonicalMapping, nil))
            k = regions.count - 1
        }
        if let code = regions[k].code {
            return registry.add(id: id, regionCode: code, structureType: type, active: active, line: line)
        }
        let added = registry.add(id: id, region: regions[k].name, structureType: type, active: active, line: line)
        if added.inserted { regions[k].code = registry.regionCodes[added.index] }
        return added
    }
    let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    var reserved = false
    /// The registry's code of a region met in a block (by its bytes as in `regions`).
    func codeOfRegion(_ bytes: [UInt8], _ name: String) -> Int32 {
        let k: Int
        if let known = regions.firstIndex(where: { $0.bytes == bytes }) {
            k = known
        } else {
            regions.append((bytes, name.precomposedStringWithCanonicalMapping, nil))
            k = regions.count - 1
        }
        if let code = regions[k].code { return code }
        let code = registry.regionCode(of: regions[k].name)
        regions[k].code = code
        return code
    }
    let blocks = TableBlocks<RegistryBlock>(
        size: blockSize, make: { RegistryBlock() },
        decode: { row, report, block in
            switch check(&row) {
            case .rejected(let id):
                block.reject(id: id, line: row.record.line)
                report.reject(row)
            case .member(let id, let type, let active):
                let region = row.cell(check.region)!
                let k = block.region(region) ?? block.addRegion(region, row.text(check.region))
                block.add(id: id, region: k, type: type, active: active, line: row.record.line)
            }
        },
        merge: { block, report in
            if !reserved {
                // The first block tells how many members the file holds, near enough.
                reserved = true
                let bytesPerRow = max(1, blockSize / max(1, block.rows.count))
                registry.reserveCapacity(
                    members: min(fileSize / bytesPerRow + 1024, Registry.maximumMembers), idBytes: 0)
            }
            // The block's regions as the registry codes them, found once a block.
            var codes = [Int32?](repeating: nil, count: block.regions.count)
            var idStart = 0
            var rejectedIDs = block.rejectedIDs.makeIterator()
            for entry in block.rows {
                guard entry.isMember else {
                    rejected(id: rejectedIDs.next()!, line: entry.line, &report)
                    continue
                }
                let idEnd = Int(entry.idEnd)
                defer { idStart = idEnd }
                guard registry.hasRoom(forID: idEnd - idStart) else { return false }
                let region = Int(entry.region)
                let code: Int32
                if let known = codes[region] {
                    code = known
                } else {
                    code = codeOfRegion(block.regions[region], block.regionNames[region])
                    codes[region] = code
                }
                let inserted = block.ids.withUnsafeBufferPointer { ids in
                    registry.add(
                        id: UnsafeBufferPointer(rebasing: ids[idStart..<idEnd]), hash: entry.hash, regionCode: code,
                        structureType: entry.type, active: entry.active, line: entry.line
                    ).inserted
                }
                guard inserted else { return false }
                report.accept()
            }
            return true
        })
    try scanTable(
        path: path, specs: Schema.members, options: options, valueColumns: [check.department], report: &report,
        blocks: blocks,
        restart: {
            registry = Registry()
            regions = []
            reserved = false
        }
    ) { row, report in
        switch check(&row) {
        case .rejected(let id):
            rejected(id: id, line: row.record.line, &report)
            report.reject(row)
        case .member(let memberID, let type, let active):
            guard registry.hasRoom(forID: memberID.count) else {
                row.fail(
                    check.id, "the registry is full: observatory holds at most \(Registry.maximumMembers) members")
                report.reject(row)
                return
            }
            let (inserted, existing) = add(
                id: memberID, regionBytes: row.cell(check.region)!, name: { row.text(check.region) }, type: type,
                active: active, line: row.record.line)
            if inserted {
                report.accept()
            } else {
                row.fail(
                    check.id,
                    "member_id is already defined on line \(registry.line(of: existing)); this later row is ignored")
                report.reject(row)
            }
        }
    }
    return (registry, report)
}

/// The checks of a registry row that need no other row: what it says, once its cells are
/// read, is a member to add or a rejected row.
struct RegistryRowCheck: Sendable {
    let id: Int, name: Int, region: Int, department: Int, type: Int, active: Int

    init() {
        let columns = Schema.members
        id = columns.position("member_id")
        name = columns.position("name")
        region = columns.position("region")
        department = columns.position("department")
        type = columns.position("structure_type")
        active = columns.position("active")
    }

    enum Outcome {
        /// A member to add: its id's bytes (valid while the row is), type and activity.
        case member(id: UnsafeBufferPointer<UInt8>, type: StructureType, active: Bool)
        /// A rejected row, with its id when the id is well formed.
        case rejected(id: String?)
    }

    func callAsFunction(_ row: inout Row) -> Outcome {
        let memberID = row.required(id, "member_id")
        if let c = memberID, MemberKey(c) == nil {
            row.fail(id, "not a valid member id (1 to 32 letters, digits, '_' or '-')")
        }
        _ = row.required(name, "name")
        _ = row.required(region, "region")
        if let c = row.present(department) {
            if !isDepartmentCode(c) {
                // No statistic uses the département: a bad one must not take the member out
                // of the registry, which is the population of every estimate.
                row.fail(department, "not a French département code (01–95, 2A, 2B, 971–976)", .value)
            }
        }
        var structureType: StructureType? = nil
        if let c = row.required(type, "structure_type") {
            structureType = Cell.structureType(c)
            if structureType == nil { row.fail(type, "unknown structure type (AI, ACI, EI, ETTI, GEIQ, SAP or OTHER)") }
        }
        var isActive = true
        if let c = row.present(active) {
            if let b = Cell.boolean(c) {
                isActive = b
            } else {
                row.fail(active, "not yes/no (oui/non, true/false, 1/0)")
            }
        }
        guard row.isValid, let structureType, let memberID else {
            let wellFormed = memberID.flatMap { c in MemberKey(c).map { _ in row.encoding.decode(c) } }
            return .rejected(id: wellFormed)
        }
        return .member(id: memberID, type: structureType, active: isActive)
    }
}

/// The rows of a block of the registry, checked on a core of their own, to be added to the
/// registry in file order (`readMembers`): ids in one byte buffer with their hashes made,
/// regions as positions in the block's own list of the regions it met, rows as plain values.
struct RegistryBlock: Sendable {
    struct Row: Sendable {
        /// Where the member's id ends in `ids` (it starts where the previous member's ends);
        /// -1 for a rejected row.
        var idEnd: Int32
        var region: Int32
        var hash: Int
        var line: Int
        var type: StructureType
        var active: Bool
        var isMember: Bool { idEnd >= 0 }
    }
    var rows: [Row] = []
    var ids: [UInt8] = []
    /// The ids of the rejected rows, in order, where well formed.
    var rejectedIDs: [String?] = []
    /// The regions met, by their bytes, and their names as read (the merge makes them NFC).
    var regions: [[UInt8]] = []
    var regionNames: [String] = []
    private var regionBytes: [UInt8] = []
    private var regionEnds: [Int] = []

    /// A member checked: its id, its region's position in `regions`.
    mutating func add(id: UnsafeBufferPointer<UInt8>, region: Int, type: StructureType, active: Bool, line: Int) {
        ids.append(contentsOf: id)
        rows.append(
            Row(
                idEnd: Int32(ids.count), region: Int32(region), hash: Registry.hash(ofID: id), line: line, type: type,
                active: active))
    }

    mutating func reject(id: String?, line: Int) {
        rows.append(Row(idEnd: -1, region: -1, hash: 0, line: line, type: .other, active: false))
        rejectedIDs.append(id)
    }

    mutating func addRegion(_ bytes: UnsafeBufferPointer<UInt8>, _ name: String) -> Int {
        regions.append(Array(bytes))
        regionNames.append(name)
        regionBytes.append(contentsOf: bytes)
        regionEnds.append(regionBytes.count)
        return regions.count - 1
    }

    /// The position in `regions` of the region spelled `bytes`; nil when not met yet. The
    /// names sit back to back in one buffer, so that a row's look-up touches one array.
    func region(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        regionBytes.withUnsafeBufferPointer { all in
            var start = 0
            for (k, end) in regionEnds.enumerated() {
                if end - start == bytes.count
                    && (bytes.count == 0 || memcmp(all.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0)
                {
                    return k
                }
                start = end
            }
            return nil
        }
    }
}

/// `01`–`95` (no `20`, split into `2A` and `2B`), `2A`, `2B`, `971`–`976`. A one-digit code is
/// read as `0N`, since Excel drops the leading zero of `01`–`09`.
public func normalizedDepartment(_ raw: String) -> String? {
    // (isDepartmentCode(_:) is the same rule on a cell's bytes, for the reader.)
    let code = raw.uppercased()
    if code == "2A" || code == "2B" { return code }
    guard !code.isEmpty, code.count <= 3, code.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(code) else {
        return nil
    }
    switch (code.count, n) {
    case (1, 1...9): return "0" + code
    case (2, 1...95) where n != 20: return code
    case (3, 971...976): return code
    default: return nil
    }
}

/// Whether a cell holds a code `normalizedDepartment` accepts, read from its bytes (a
/// registry of millions of members makes no String for it).
func isDepartmentCode(_ c: UnsafeBufferPointer<UInt8>) -> Bool {
    if c.count == 2, c[0] == UInt8(ascii: "2"), c[1] | 0x20 == UInt8(ascii: "a") || c[1] | 0x20 == UInt8(ascii: "b") {
        return true
    }
    guard (1...3).contains(c.count), c.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
    var n = 0
    for b in c { n = n * 10 + Int(b - 0x30) }
    switch (c.count, n) {
    case (1, 1...9), (3, 971...976): return true
    case (2, 1...95): return n != 20
    default: return false
    }
}

/// Whether two byte strings are the same.
private func sameBytes(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBufferPointer { a in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
}
