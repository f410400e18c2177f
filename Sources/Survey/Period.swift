/// A calendar quarter, the period of one barometer survey.
///
/// Labels are written `2014-Q4` everywhere the tool writes them; on input the forms that
/// French spreadsheets actually contain are accepted too (`2014-T4`, `T4 2014`, `2014Q4`).
public struct Quarter: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The calendar year.
    public let year: Int
    /// 1...4
    public let number: Int

    /// Any year of four or five digits is a quarter's year, so that the quarter before
    /// 1000-Q1 or after 9999-Q4 still exists (file names give years of four digits).
    public init?(year: Int, number: Int) {
        guard (1...4).contains(number), (0...99_999).contains(year) else { return nil }
        self.year = year
        self.number = number
    }

    /// Parses a quarter label written by a person: `2014-Q4`, `2014-T4`, `T4 2014`, `2014Q4`,
    /// `Q4-2014`, `2014 T4`, case-insensitive, with `-`, `_`, `/` or spaces between the parts.
    public init?(label: String) {
        guard let q = Quarter.parse(Array(label.utf8)) else { return nil }
        self = q
    }

    /// Byte-level parser used on the hot path (no String is made). Inlinable so that the
    /// decoders get it specialized for their byte buffers instead of a generic walk.
    @inlinable
    public static func parse<C: Collection>(_ bytes: C) -> Quarter? where C.Element == UInt8 {
        var year = 0, yearDigits = 0
        var quarter = 0, sawQuarterLetter = false, quarterDigits = 0
        var yearFirst: Bool? = nil
        var inQuarter = false
        for b in bytes {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let d = Int(b - UInt8(ascii: "0"))
                if inQuarter {
                    quarter = quarter * 10 + d
                    quarterDigits += 1
                    if quarterDigits > 1 { return nil }
                } else {
                    if yearFirst == nil { yearFirst = true }
                    year = year * 10 + d
                    yearDigits += 1
                    if yearDigits > 4 { return nil }
                }
            case UInt8(ascii: "Q"), UInt8(ascii: "q"), UInt8(ascii: "T"), UInt8(ascii: "t"):
                if sawQuarterLetter { return nil }
                if yearFirst == nil { yearFirst = false }
                if yearFirst == true && yearDigits != 4 { return nil }
                sawQuarterLetter = true
                inQuarter = true
            case UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: "_"), UInt8(ascii: "/"):
                if inQuarter {
                    if quarterDigits == 0 { return nil }
                    inQuarter = false
                }
            default:
                return nil
            }
        }
        guard sawQuarterLetter, yearDigits == 4, quarterDigits == 1 else { return nil }
        return Quarter(year: year, number: quarter)
    }

    /// `2014-Q4`; years below 1000 are padded to four digits (`0000-Q1`), as file names write them.
    public var description: String {
        let y = String(year)
        return (year >= 0 && y.count < 4 ? String(repeating: "0", count: 4 - y.count) + y : y) + "-Q\(number)"
    }

    /// The quarter before this one (Q−1), across year ends. Built without the failable
    /// initializer so that no year, however odd, can trap here (0000-Q1 once did).
    public var previous: Quarter {
        number == 1 ? Quarter(unchecked: year - 1, 4) : Quarter(unchecked: year, number - 1)
    }

    /// The same quarter one year earlier (Q−4).
    public var yearEarlier: Quarter { Quarter(unchecked: year - 1, number) }

    /// The quarter after this one.
    public var next: Quarter {
        number == 4 ? Quarter(unchecked: year + 1, 1) : Quarter(unchecked: year, number + 1)
    }

    private init(unchecked year: Int, _ number: Int) {
        self.year = year
        self.number = number
    }

    /// True when the quarter's year is one the tool publishes (`Period.years`).
    public var isSupported: Bool { Period.years.contains(year) }

    /// Chronological, so that series and earlier vintages sort by time.
    public static func < (a: Quarter, b: Quarter) -> Bool {
        (a.year, a.number) < (b.year, b.number)
    }
}

/// Parses a four-digit year (`2014`) from bytes, as found in the `year` columns and file names.
@inlinable
public func parseYear<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
    var value = 0, digits = 0
    for b in bytes {
        guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(b - UInt8(ascii: "0"))
        digits += 1
        if digits > 4 { return nil }
    }
    return digits == 4 && value >= 1000 ? value : nil
}

/// The span of years the tool accepts for a period, in options and in file names. The
/// federation's surveys start in the 1990s; a year outside is a typing error (`0000-Q1`,
/// `2104`), refused with a message rather than computed on.
public enum Period {
    /// Wide enough for every survey the federation has run or will, narrow enough to catch a typo.
    public static let years = 1990...2100

    /// The words of a refusal, for options and file names alike.
    public static func outOfRange(_ label: String) -> String {
        "\(label) is outside the years this tool accepts (\(years.lowerBound)–\(years.upperBound))"
    }
}
