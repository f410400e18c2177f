/// The two encodings spreadsheet exports come in. UTF-8 is tried first; a file whose bytes
/// are not valid UTF-8 is Windows-1252 (what French Excel writes for "CSV (séparateur: point-virgule)").
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"

    /// Decodes a field. Only text fields are decoded (ids, names, regions, messages); numbers
    /// and codes are read straight from the bytes.
    public func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        switch self {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            var scalars = String.UnicodeScalarView()
            for b in bytes {
                scalars.append(Unicode.Scalar(TextEncoding.windows1252Scalar(b))!)
            }
            return String(scalars)
        }
    }

    /// Windows-1252 differs from Latin-1 only in 0x80–0x9F; the five holes decode as the C1
    /// controls, as WHATWG's decoder does.
    static func windows1252Scalar(_ b: UInt8) -> UInt32 {
        guard b >= 0x80 && b <= 0x9F else { return UInt32(b) }
        return windows1252High[Int(b - 0x80)]
    }

    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}

/// A UTF-8 validator that can be fed a file in chunks cut anywhere, even inside a character.
/// It also counts physical lines as `CSVParser` does (LF, CRLF and a lone CR each end one)
/// to tell where the first invalid byte is.
struct UTF8Validator {
    /// Continuation bytes still expected for the current character.
    private var pending = 0
    /// Bounds for the next continuation byte (they narrow after E0, ED, F0, F4).
    private var low: UInt8 = 0x80
    private var high: UInt8 = 0xBF
    private(set) var isValid = true
    /// Physical line (1-based) of the next byte.
    private var line = 1
    private var previousWasCR = false
    /// Physical line of the first invalid byte (for a character cut short by a line break,
    /// the line the character is on).
    private(set) var firstInvalidLine: Int?

    mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        guard isValid, chunk.count > 0 else { return }
        let bytes = chunk.bindMemory(to: UInt8.self)
        var i = 0
        let n = bytes.count
        while i < n {
            if pending == 0 {
                // Fast path, eight bytes at a time, while they are ASCII and not a line break.
                while i + 8 <= n {
                    let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if (word | UTF8Validator.hasByte(word, 0x0A) | UTF8Validator.hasByte(word, 0x0D))
                        & 0x8080_8080_8080_8080 != 0
                    {
                        break
                    }
                    previousWasCR = false
                    i += 8
                }
                guard i < n else { return }
                let b = bytes[i]
                i += 1
                switch b {
                case 0x0A:
                    if !previousWasCR { line += 1 }
                    previousWasCR = false
                    continue
                case 0x0D:
                    line += 1
                    previousWasCR = true
                    continue
                case 0x00...0x7F:
                    previousWasCR = false
                    continue
                default:
                    guard let lead = UTF8Validator.lead(b) else {
                        invalid()
                        return
                    }
                    (pending, low, high) = lead
                }
                previousWasCR = false
            } else {
                let b = bytes[i]
                i += 1
                guard b >= low && b <= high else {
                    invalid()
                    return
                }
                pending -= 1
                low = 0x80
                high = 0xBF
            }
        }
    }

    /// Ends the input: a character left unfinished by the last byte is invalid.
    mutating func finish() {
        if isValid && pending != 0 { invalid() }
    }

    private mutating func invalid() {
        isValid = false
        firstInvalidLine = line
    }

    /// What a non-ASCII lead byte announces: how many continuation bytes follow, and the
    /// bounds of the first (narrowed after E0, ED, F0, F4 to refuse overlong forms and
    /// surrogates); nil for a byte that cannot start a character. The one table of UTF-8.
    @inline(__always)
    static func lead(_ b: UInt8) -> (pending: Int, low: UInt8, high: UInt8)? {
        switch b {
        case 0xC2...0xDF: (1, 0x80, 0xBF)
        case 0xE0: (2, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (2, 0x80, 0xBF)
        case 0xED: (2, 0x80, 0x9F)
        case 0xF0: (3, 0x90, 0xBF)
        case 0xF1...0xF3: (3, 0x80, 0xBF)
        case 0xF4: (3, 0x80, 0x8F)
        default: nil
        }
    }

    /// The high bit of each byte of `word` that may equal `byte`; zero only when none does.
    @inline(__always)
    private static func hasByte(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let v = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080
    }

    /// True when the whole input was valid and did not stop inside a character.
    var isComplete: Bool { isValid && pending == 0 }
}

/// Offset of the first byte of the first invalid or unfinished UTF-8 sequence in `bytes`;
/// nil when they are all valid UTF-8.
func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let n = bytes.count
    var i = 0
    while i < n {
        let b = bytes[i]
        if b < 0x80 {
            i += 1
            continue
        }
        guard var (pending, low, high) = UTF8Validator.lead(b) else { return i }
        var j = i + 1
        while pending > 0 {
            guard j < n, bytes[j] >= low, bytes[j] <= high else { return i }
            low = 0x80
            high = 0xBF
            pending -= 1
            j += 1
        }
        i = j
    }
    return nil
}
