import Survey

/// Byte-level helpers for reading one cell without making a String.
public enum Cell {
    /// The cell without leading and trailing spaces, tabs and line breaks (quoted fields keep
    /// theirs through libcsv; no value of ours means anything by them).
    @inline(__always)
    public static func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0, hi = cell.count
        while lo < hi, isBlank(cell[lo]) { lo += 1 }
        while hi > lo, isBlank(cell[hi - 1]) { hi -= 1 }
        return UnsafeBufferPointer(rebasing: cell[lo..<hi])
    }

    @inline(__always)
    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Empty cells and the markers people type for "no answer": `NA`, `N/A`, `ND`, `nsp`
    /// (*ne sait pas*), `-`. The cell must be trimmed.
    public static func isMissing(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        switch cell.count {
        case 0: return true
        case 1: return cell[0] == UInt8(ascii: "-")
        case 2: return matches(cell, "na") || matches(cell, "nd")
        case 3: return matches(cell, "n/a") || matches(cell, "nsp")
        default: return false
        }
    }

    /// Case-insensitive comparison with an ASCII word, where the word's `e` also matches
    /// é, è, ê, ë in UTF-8 or Windows-1252 (`aisée` = `aisee`), so that French tokens match
    /// however they were typed and encoded.
    public static func matches(_ cell: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        word.withUTF8Buffer { w in
            var i = 0, j = 0
            while j < w.count {
                guard i < cell.count else { return false }
                let expected = w[j]
                var b = cell[i]
                if b >= 0x41 && b <= 0x5A { b |= 0x20 }
                if b == expected {
                    i += 1
                    j += 1
                    continue
                }
                if expected == UInt8(ascii: "e") {
                    // UTF-8 é è ê ë É È Ê Ë: C3 A8–AB / 88–8B; Windows-1252: E8–EB / C8–CB.
                    if b == 0xC3 && i + 1 < cell.count,
                        (0xA8...0xAB).contains(cell[i + 1]) || (0x88...0x8B).contains(cell[i + 1])
                    {
                        i += 2
                        j += 1
                        continue
                    }
                    if (0xE8...0xEB).contains(b) || (0xC8...0xCB).contains(b) {
                        i += 1
                        j += 1
                        continue
                    }
                }
                return false
            }
            return i == cell.count
        }
    }

    /// An opinion answer: `up`/`hausse`/`+`/`1`, `stable`/`=`/`0`, `down`/`baisse`/`-1`.
    /// The first byte picks the only words worth comparing (one cell in four is an opinion).
    public static func opinion(_ cell: UnsafeBufferPointer<UInt8>) -> Opinion? {
        guard let first = cell.first else { return nil }
        switch first | 0x20 {
        case UInt8(ascii: "u"): return matches(cell, "up") ? .up : nil
        case UInt8(ascii: "h"): return matches(cell, "hausse") ? .up : nil
        case UInt8(ascii: "s"): return matches(cell, "stable") ? .stable : nil
        case UInt8(ascii: "d"): return matches(cell, "down") ? .down : nil
        case UInt8(ascii: "b"): return matches(cell, "baisse") ? .down : nil
        default:
            if matches(cell, "+") || matches(cell, "1") || matches(cell, "+1") { return .up }
            if matches(cell, "=") || matches(cell, "0") { return .stable }
            if matches(cell, "-1") { return .down }
            return nil
        }
    }

    /// The cash-position judgement, coded like an opinion: easy +1, normal 0, difficult −1.
    public static func judgement(_ cell: UnsafeBufferPointer<UInt8>) -> Opinion? {
        guard let first = cell.first else { return nil }
        switch first | 0x20 {
        case UInt8(ascii: "e"): return matches(cell, "easy") ? .up : nil
        case UInt8(ascii: "a"): return matches(cell, "aisee") ? .up : nil
        case UInt8(ascii: "n"): return matches(cell, "normal") || matches(cell, "normale") ? .stable : nil
        case UInt8(ascii: "d"): return matches(cell, "difficult") || matches(cell, "difficile") ? .down : nil
        default: return nil
        }
    }

    /// A yes/no cell (`oui`/`non`, `yes`/`no`, `vrai`/`faux`, `true`/`false`, `1`/`0`); nil for anything else.
    public static func boolean(_ cell: UnsafeBufferPointer<UInt8>) -> Bool? {
        if matches(cell, "yes") || matches(cell, "oui") || matches(cell, "true") || matches(cell, "vrai")
            || matches(cell, "1")
        {
            return true
        }
        if matches(cell, "no") || matches(cell, "non") || matches(cell, "false") || matches(cell, "faux")
            || matches(cell, "0")
        {
            return false
        }
        return nil
    }

    /// A structure type by its code (`AI`, `ACI`, …, `autre` for OTHER), whatever its case; nil for anything else.
    public static func structureType(_ cell: UnsafeBufferPointer<UInt8>) -> StructureType? {
        for t in StructureType.allCases where matchesCode(cell, t.rawValue) { return t }
        if matches(cell, "autre") { return .other }
        return nil
    }

    /// A staff population in English or French (`insertion`, `encadrement`, `CA`, …); nil for anything else.
    public static func population(_ cell: UnsafeBufferPointer<UInt8>) -> Population? {
        if matches(cell, "integration") || matches(cell, "insertion") { return .integration }
        if matches(cell, "permanent") || matches(cell, "permanents") { return .permanent }
        if matches(cell, "management") || matches(cell, "direction") || matches(cell, "encadrement") {
            return .management
        }
        if matches(cell, "board") || matches(cell, "ca") || matches(cell, "conseil") { return .board }
        return nil
    }

    /// A sex (`F`/`W`/`femme`, `M`/`H`/`homme`, …); nil for anything else.
    public static func sex(_ cell: UnsafeBufferPointer<UInt8>) -> Sex? {
        if matches(cell, "f") || matches(cell, "w") || matches(cell, "femme") || matches(cell, "female") {
            return .female
        }
        if matches(cell, "m") || matches(cell, "h") || matches(cell, "homme") || matches(cell, "male") { return .male }
        return nil
    }

    private static func matchesCode(_ cell: UnsafeBufferPointer<UInt8>, _ code: String) -> Bool {
        let u = code.utf8
        guard u.count == cell.count else { return false }
        for (a, b) in zip(cell, u) {
            let lower = (a >= 0x41 && a <= 0x5A) ? a | 0x20 : a
            let expected = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            if lower != expected { return false }
        }
        return true
    }
}
