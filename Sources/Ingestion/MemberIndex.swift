import Foundation
import Survey

/// Looks members up from the bytes of an id cell (`Registry.index(ofID:)`, whatever their
/// case, SPEC 3.4), and knows the ids whose registry row was rejected, to say so.
///
/// A class, so that handing it to every row's decoding is one reference, not a copy of the
/// registry's arrays and their reference counts.
public final class MemberIndex: Sendable {
    /// The registry the ids are found in.
    public let registry: Registry
    /// `isActive[m]` for member index m.
    public let isActive: [Bool]
    /// Ids whose registry row was rejected, with its line.
    private let rejected: [MemberKey: Int]

    /// The index of `registry`, knowing the ids whose row was rejected (with its line).
    public init(_ registry: Registry, rejected: [String: Int] = [:]) {
        self.registry = registry
        var keyed: [MemberKey: Int] = [:]
        for (id, line) in rejected { if let key = MemberKey(id)?.caseFolded { keyed[key] = line } }
        self.rejected = keyed
        isActive = registry.isActive
    }

    /// For an unknown id made of digits, the registry id it becomes with the leading zeros
    /// Excel strips from numbers (`21` for `0021`), as a hint; empty when there is none.
    /// Only on the error path: it allocates.
    public func zeroPaddedHint(_ cell: UnsafeBufferPointer<UInt8>) -> String {
        guard !cell.isEmpty, cell.count < 32, cell.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return "" }
        var padded = Array(cell)
        while padded.count < 32 {
            padded.insert(UInt8(ascii: "0"), at: 0)
            if let m = padded.withUnsafeBufferPointer({ registry.index(ofID: $0) }) {
                return
                    "; did Excel drop its leading zeros? the registry has \(registry.id(of: m)) (format the column as text)"
            }
        }
        return ""
    }

    /// The line of members.csv where this id's row was rejected, if it was.
    public func rejectedLine(_ key: MemberKey) -> Int? { rejected[key.caseFolded] }

    /// The member whose id is these bytes, whatever their case; nil when they are not a
    /// registered id.
    @inline(__always)
    public func lookup(_ id: UnsafeBufferPointer<UInt8>) -> Int? { registry.index(ofID: id) }
}

extension Row {
    /// The member of a data row, which must be a valid id present in the registry.
    ///
    /// `previous` is the member of the file's previous row: a file grouped by member (the
    /// gender file has a row per population and sex) names it again, a file in the registry's
    /// order names the next one, and comparing the id with theirs is cheaper than hashing it
    /// (the same member either way: ids are unique whatever their case).
    mutating func member(_ column: Int, _ index: MemberIndex, previous: inout Int) -> Int? {
        guard let c = required(column, "member_id") else { return nil }
        guard !c.isEmpty, c.count <= 32, c.allSatisfy(MemberKey.isIDByte) else {
            fail(column, "not a valid member id (1 to 32 letters, digits, '_' or '-')")
            return nil
        }
        let registry = index.registry
        let known: Int? =
            previous < 0
            ? nil
            : registry.isID(c, of: previous)
                ? previous
                : previous + 1 < registry.count && registry.isID(c, of: previous + 1) ? previous + 1 : nil
        guard let m = known ?? index.lookup(c) else {
            if let key = MemberKey(c), let line = index.rejectedLine(key) {
                fail(column, "member not in the registry: its row in members.csv (line \(line)) was rejected")
            } else {
                fail(
                    column, "unknown member: not in members.csv" + index.zeroPaddedHint(c),
                    kind: "unknown member: not in members.csv")
            }
            return nil
        }
        if !index.registry.isSpelledAsRegistered(c, member: m) {
            respelledMember = m
        }
        previous = m
        return m
    }

    /// The year of a yearly file's row, which must be the year of the file name.
    mutating func year(_ column: Int, expected: Int) -> Int? {
        guard let c = required(column, "year") else { return nil }
        guard let y = parseYear(c) else {
            fail(column, "not a year (write it like 2014)")
            return nil
        }
        if y != expected {
            fail(column, "the row is for \(y) but the file is for \(expected)")
            return nil
        }
        return y
    }
}
