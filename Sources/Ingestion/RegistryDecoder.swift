import Foundation
import Survey

/// Reads the registry. A member id given twice keeps the first row; the later one is
/// rejected with an error that names the first line.
public func readMembers(
    path: String, relativePath: String,
    options: ReadOptions = ReadOptions()
) throws -> (Registry, FileReport) {
    var report = FileReport(path: path, relativePath: relativePath)
    var registry = Registry()
    // The regions met: their bytes as written, their NFC name, and their code in the
    // registry once a member of theirs is in it.
    var regions: [(bytes: [UInt8], name: String, code: Int32?)] = []
    let columns = Schema.members
    let id = columns.position("member_id"), name = columns.position("name"), region = columns.position("region")
    let department = columns.position("department"), type = columns.position("structure_type")
    let active = columns.position("active")
    try scanTable(
        path: path, specs: columns, options: options, valueColumns: [department], report: &report,
        restart: {
            registry = Registry()
            regions = []
        }
    ) { row, report in
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
        guard row.isValid, let structureType else {
            if let c = memberID, MemberKey(c) != nil {
                let id = row.encoding.decode(c)
                if registry.index(of: id) == nil && report.rejectedMembers[id] == nil {
                    report.rejectedMembers[id] = row.record.line
                }
            }
            report.reject(row)
            return
        }
        // Regions are published as given, in NFC so that one region typed with composed or
        // decomposed accents is one group. Few distinct names: normalize each once.
        // The names are looked up by their bytes (a file has one encoding), so that a row
        // makes no String for its region.
        guard registry.hasRoom(forID: memberID!.count) else {
            row.fail(id, "the registry is full: observatory holds at most \(Registry.maximumMembers) members")
            report.reject(row)
            return
        }
        let regionBytes = row.cell(region)!
        let k: Int
        if let known = regions.firstIndex(where: { sameBytes($0.bytes, regionBytes) }) {
            k = known
        } else {
            regions.append((Array(regionBytes), row.text(region).precomposedStringWithCanonicalMapping, nil))
            k = regions.count - 1
        }
        let inserted: Bool, existing: Int
        if let code = regions[k].code {
            (inserted, existing) = registry.add(
                id: memberID!, regionCode: code, structureType: structureType, active: isActive, line: row.record.line)
        } else {
            (inserted, existing) = registry.add(
                id: memberID!, region: regions[k].name, structureType: structureType, active: isActive,
                line: row.record.line)
            if inserted { regions[k].code = registry.regionCodes[existing] }
        }
        if inserted {
            report.accept()
        } else {
            row.fail(
                id, "member_id is already defined on line \(registry.line(of: existing)); this later row is ignored")
            report.reject(row)
        }
    }
    return (registry, report)
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
