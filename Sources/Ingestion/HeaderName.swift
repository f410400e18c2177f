/// Header names as people write them, reduced to one comparable form (SPEC 3.2): trimmed,
/// lower-cased, accents removed, every run of spaces, hyphens, apostrophes and underscores
/// turned into one `_`, `_` trimmed at both ends. `Chiffre d'affaires` → `chiffre_d_affaires`.
public enum HeaderName {
    /// `name` in the comparable form described above.
    public static func normalize(_ name: String) -> String {
        var out = ""
        var pendingSeparator = false
        for scalar in name.unicodeScalars {
            let v = scalar.value
            if v == 0x20 || v == 0x09 || v == 0xA0 || v == 0x202F || v == 0x2D || v == 0x27 || v == 0x2019 || v == 0x5F
                || v == 0x2010 || v == 0x2011 || v == 0x2013 || v == 0x0A || v == 0x0D
            {
                pendingSeparator = true
                continue
            }
            // Combining marks (a decomposed é is e + U+0301) vanish with the accent.
            if (0x0300...0x036F).contains(v) { continue }
            let base = foldAccent(scalar)
            if pendingSeparator && !out.isEmpty { out.append("_") }
            pendingSeparator = false
            out.append(contentsOf: base.lowercased())
        }
        return out
    }

    /// The name without what French spreadsheets add around a column name: a unit or comment
    /// in parentheses (`(€)`, `(en €)`, `(%)`, `(HT)`), `?`, `:`, `*`, `€`, `%`, a leading
    /// `n°`/`no`/`nb`/`nombre de` before other words, a trailing `en euros`/`eur`/`euros`.
    /// `Rémunération brute (€)` → `remuneration_brute`, `Actif ?` → `actif`,
    /// `Nb salariés insertion` → `salaries_insertion`. Takes the raw header; nil when
    /// nothing was removed (then the plain `normalize` form is all there is).
    public static func undecorated(_ name: String) -> String? {
        var kept = ""
        var depth = 0
        for ch in name {
            switch ch {
            case "(", "[": depth += 1
            case ")", "]": depth = max(0, depth - 1)
            case "?", ":", "*", "€", "%", "°", ".": if depth == 0 { kept.append(" ") }
            default: if depth == 0 { kept.append(ch) }
            }
        }
        var words = normalize(kept).split(separator: "_").map(String.init)
        let leading: [[String]] = [["n"], ["no"], ["nb"], ["nbre"], ["nombre", "de"], ["nombre", "d"], ["numero"]]
        for prefix in leading where words.count > prefix.count && Array(words.prefix(prefix.count)) == prefix {
            words.removeFirst(prefix.count)
            break
        }
        let trailing: [[String]] = [
            ["en", "euros"], ["en", "eur"], ["euros"], ["eur"], ["en", "heures"], ["en", "nombre"],
        ]
        for suffix in trailing where words.count > suffix.count && Array(words.suffix(suffix.count)) == suffix {
            words.removeLast(suffix.count)
            break
        }
        let result = words.joined(separator: "_")
        return result == normalize(name) || result.isEmpty ? nil : result
    }

    /// True when the name says its values are in thousands or millions (`CA (k€)`,
    /// `Ventes en milliers d'euros`, `M€`): stripping that as a decoration would read the
    /// amounts a thousand times too small, so such a column is refused instead.
    public static func mentionsScale(_ name: String) -> Bool {
        let lower = name.lowercased()
        if lower.contains("k€") || lower.contains("m€") || lower.contains("k €") || lower.contains("m €") {
            return true
        }
        let words = normalize(name.replacingOccurrences(of: "(", with: " ").replacingOccurrences(of: ")", with: " "))
            .split(separator: "_")
        return words.contains {
            ["keur", "meur", "milliers", "millier", "millions", "kilo", "thousands", "millions"].contains($0)
        }
    }

    /// Levenshtein distance between two normalized names (short strings: a plain table).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// Latin letters with diacritics to their base letter (the Latin-1 Supplement and
    /// Latin Extended-A letters French, Breton, Occitan and Basque names use).
    private static func foldAccent(_ s: Unicode.Scalar) -> String {
        switch s.value {
        case 0xC0...0xC5, 0xE0...0xE5, 0x100...0x105: return "a"
        case 0xC6, 0xE6: return "ae"
        case 0xC7, 0xE7, 0x106...0x10D: return "c"
        case 0xC8...0xCB, 0xE8...0xEB, 0x112...0x11B: return "e"
        case 0xCC...0xCF, 0xEC...0xEF, 0x128...0x131: return "i"
        case 0xD1, 0xF1, 0x143...0x148: return "n"
        case 0xD2...0xD6, 0xD8, 0xF2...0xF6, 0xF8, 0x14C...0x151: return "o"
        case 0x152, 0x153: return "oe"
        case 0xD9...0xDC, 0xF9...0xFC, 0x168...0x173: return "u"
        case 0xDD, 0xFD, 0xFF, 0x178: return "y"
        case 0xDF: return "ss"
        default: return String(s)
        }
    }
}
