/// Why a cell is not the number its column needs. The description is the message shown to
/// the person who filled the spreadsheet, so it says what to write instead.
public enum NumberError: Error, Equatable, CustomStringConvertible {
    case notANumber
    case exponent
    case notFinite
    case overflow
    case negative
    case fractional
    case tooManyDecimals
    /// A `%` in the cell (a column formatted as a percentage in Excel).
    case percentSign
    /// `€` or `EUR` around a count or a plain decimal (a column formatted as currency).
    case currencySign
    /// `1.234.567` or `1.234,50` where `,` is the decimal separator: `.` grouping thousands,
    /// as German or Italian Excel writes them.
    case dotThousands
    /// `12/03/2014` or `2014-03-12`: Excel turned the value into a date.
    case date

    /// The reason, as the diagnostic words it.
    public var description: String {
        switch self {
        case .notANumber: "not a number (write it like 1234,5 or 1 234,5 or 1234.5)"
        case .exponent: "numbers with an exponent are not accepted; write the number in full"
        case .notFinite: "NaN and infinity are not numbers here"
        case .overflow: "the number is too large"
        case .negative: "must not be negative"
        case .fractional: "must be a whole number"
        case .tooManyDecimals: "an amount in euros has at most 2 decimals (cents)"
        case .percentSign: "a percentage is not accepted here; remove the % sign"
        case .currencySign:
            "a currency sign is not accepted here; remove the currency sign (this column is not an amount in euros)"
        case .dotThousands:
            "'.' groups thousands here? write 1234567 or 1 234 567 (and a decimal with ',', like 1234,5)"
        case .date:
            "looks like a date (Excel may have turned the value into a date); write the number itself, in a column formatted as Number or Text"
        }
    }

    /// A few words naming the spreadsheet habit behind the error, to sum up many identical
    /// errors in one line ("1 204 rows: cells hold a currency sign").
    public var cause: String {
        switch self {
        case .notANumber: "not a number"
        case .exponent: "exponents"
        case .notFinite: "NaN or infinity"
        case .overflow: "too large"
        case .negative: "negative values"
        case .fractional: "not whole numbers"
        case .tooManyDecimals: "more than 2 decimals"
        case .percentSign: "cells hold a percent sign"
        case .currencySign: "cells hold a currency sign"
        case .dotThousands: "'.' used as a thousands separator"
        case .date: "cells hold dates"
        }
    }
}

/// A decimal number read exactly from its digits: value = ±digits × 10^−scale.
public struct DecimalDigits: Equatable {
    /// Whether the number is negative.
    public var negative: Bool
    /// The digits, without the decimal separator.
    public var digits: UInt64
    /// How many of them are decimals.
    public var scale: Int
    /// Set when the digits did not fit in 64 bits; then only `Double` conversion is possible,
    /// through the standard library's correctly rounded parser on the normalized text.
    var overflowText: [UInt8]?
}

/// Reads the numbers that French and English spreadsheets write, straight from the bytes of
/// a cell: no String, no Foundation, no locale.
///
/// Accepted: an optional sign, digits grouped by spaces (U+0020, NBSP U+00A0 in UTF-8 or
/// Windows-1252, NNBSP U+202F), one decimal separator. `.` is always a decimal separator;
/// `,` is one unless the file's delimiter is a comma, in which case it can only group
/// thousands (`"1,234.5"`, as an English export quotes it). Rejected: exponents, NaN,
/// infinities, values that do not fit.
///
/// Amounts of money may carry one currency affix, as French Excel's currency format writes
/// them (`708 697,00 €`): `€` (UTF-8, or byte 0x80 in Windows-1252), `EUR` or `eur`, before
/// or after the number, with or without spaces between. Counts and plain decimals refuse it.
/// A cell that is not a number gets the most telling diagnosis its bytes allow: a `%`, a
/// date, a `.` grouping thousands, an exponent.
public struct NumberParser: Sendable {
    /// Whether `,` is a decimal separator (it is not in a comma-delimited file).
    public var commaIsDecimal: Bool

    /// The parser for a file delimited by `delimiter`.
    public init(delimiter: UInt8) {
        commaIsDecimal = delimiter != UInt8(ascii: ",")
    }

    /// The exact digits of a cell. The cell must already be trimmed and not a missing marker.
    public func digits(_ cell: UnsafeBufferPointer<UInt8>) -> Result<DecimalDigits, NumberError> {
        let n = cell.count
        var i = 0
        var negative = false
        if i < n && (cell[i] == UInt8(ascii: "-") || cell[i] == UInt8(ascii: "+")) {
            negative = cell[i] == UInt8(ascii: "-")
            i += 1
        }
        var digits: UInt64 = 0
        var scale = 0
        var digitCount = 0
        var sawPoint = false
        var overflowed = false
        var previousWasDigit = false
        /// Digits since the last thousands separator; comma groups must have exactly three.
        var groupLength = 0
        var sawCommaGroup = false
        while i < n {
            let b = cell[i]
            if b >= 0x30 && b <= 0x39 {
                if digits > (UInt64.max - 9) / 10 { overflowed = true }
                if !overflowed { digits = digits * 10 + UInt64(b - 0x30) }
                if sawPoint { scale += 1 }
                digitCount += 1
                groupLength += 1
                previousWasDigit = true
                i += 1
                continue
            }
            var separatorLength = 0
            if b == 0x20 || b == 0xA0 {
                separatorLength = 1
            } else if b == 0xC2 && i + 1 < n && cell[i + 1] == 0xA0 {
                separatorLength = 2
            } else if b == 0xE2 && i + 2 < n && cell[i + 1] == 0x80 && cell[i + 2] == 0xAF {
                separatorLength = 3
            } else if b == UInt8(ascii: ",") && !commaIsDecimal {
                if sawCommaGroup ? groupLength != 3 : groupLength > 3 { return .failure(classifyNonNumber(cell)) }
                sawCommaGroup = true
                separatorLength = 1
            }
            if separatorLength > 0 {
                // Thousands separators stand only between digits of the integer part.
                guard previousWasDigit, !sawPoint, i + separatorLength < n,
                    cell[i + separatorLength] >= 0x30, cell[i + separatorLength] <= 0x39
                else { return .failure(classifyNonNumber(cell)) }
                previousWasDigit = false
                groupLength = 0
                i += separatorLength
                continue
            }
            if b == UInt8(ascii: ".") || (b == UInt8(ascii: ",") && commaIsDecimal) {
                if sawPoint { return .failure(classifyNonNumber(cell)) }
                if sawCommaGroup && groupLength != 3 { return .failure(classifyNonNumber(cell)) }
                sawPoint = true
                previousWasDigit = false
                i += 1
                continue
            }
            return .failure(classifyNonNumber(cell))
        }
        if digitCount == 0 { return .failure(classifyNonNumber(cell)) }
        if sawCommaGroup && !sawPoint && groupLength != 3 { return .failure(classifyNonNumber(cell)) }
        var result = DecimalDigits(negative: negative, digits: digits, scale: scale)
        if overflowed {
            // Rare: keep the normalized text for the standard library's parser.
            var text: [UInt8] = negative ? [UInt8(ascii: "-")] : []
            var seenPoint = false
            for b in cell {
                if b >= 0x30 && b <= 0x39 {
                    text.append(b)
                } else if !seenPoint && (b == UInt8(ascii: ".") || (b == UInt8(ascii: ",") && commaIsDecimal)) {
                    text.append(UInt8(ascii: "."))
                    seenPoint = true
                }
            }
            result.overflowText = text
        }
        return .success(result)
    }

    /// Why a cell is not a number (never on the path of a valid number).
    private func classifyNonNumber(_ cell: UnsafeBufferPointer<UInt8>) -> NumberError {
        var sawDigit = false
        var sawPercent = false
        var letters: [UInt8] = []
        for b in cell {
            if b >= 0x30 && b <= 0x39 {
                sawDigit = true
            } else if b == UInt8(ascii: "%") {
                sawPercent = true
            } else if (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") {
                letters.append(b | 0x20)
            }
        }
        if sawPercent { return .percentSign }
        if NumberParser.looksLikeDate(cell) { return .date }
        if commaIsDecimal && NumberParser.looksLikeDotThousands(cell) { return .dotThousands }
        if sawDigit && letters == [UInt8(ascii: "e")] { return .exponent }
        let word = String(decoding: letters, as: UTF8.self)
        if ["nan", "inf", "infinity", "infini"].contains(word) { return .notFinite }
        return .notANumber
    }

    /// `12/03/2014`, `3-12-14`, `12.03.2014`, `2014-03-12`, `2014/03/12`, maybe followed by a
    /// time (`12/03/2014 00:00`, `2014-03-12T00:00`): three runs of digits with one separator.
    static func looksLikeDate(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        var values = [0, 0, 0], lengths = [0, 0, 0]
        var run = 0
        var separator: UInt8 = 0
        for b in cell {
            if b >= 0x30 && b <= 0x39 {
                guard lengths[run] < 4 else { return false }
                values[run] = values[run] * 10 + Int(b - 0x30)
                lengths[run] += 1
            } else if b == UInt8(ascii: "/") || b == UInt8(ascii: "-") || b == UInt8(ascii: "."),
                lengths[run] > 0, run < 2, separator == 0 || separator == b
            {
                separator = b
                run += 1
            } else if (b == 0x20 || b == UInt8(ascii: "T")) && run == 2 && lengths[2] > 0 {
                break  // a time follows
            } else {
                return false
            }
        }
        guard run == 2 else { return false }
        if lengths[0] == 4 {
            return lengths[1] <= 2 && lengths[2] <= 2 && (1...12).contains(values[1]) && (1...31).contains(values[2])
        }
        guard lengths[0] <= 2, lengths[1] <= 2, lengths[2] == 2 || lengths[2] == 4 else { return false }
        // Day and month in either order.
        let (a, b) = (values[0], values[1])
        return (1...31).contains(a) && (1...31).contains(b) && (a <= 12 || b <= 12)
    }

    /// `1.234.567`, `-1.234,50`, `1.234,5`: `.` between groups of three digits where `,` is
    /// the decimal separator (a single `1.234` is a valid decimal and never comes here).
    static func looksLikeDotThousands(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = cell.count
        var i = 0
        if i < n && (cell[i] == UInt8(ascii: "-") || cell[i] == UInt8(ascii: "+")) { i += 1 }
        func isDigit(_ k: Int) -> Bool { k < n && cell[k] >= 0x30 && cell[k] <= 0x39 }
        var lead = 0
        while isDigit(i) {
            lead += 1
            i += 1
        }
        guard (1...3).contains(lead) else { return false }
        var groups = 0
        while i < n && cell[i] == UInt8(ascii: ".") {
            guard isDigit(i + 1), isDigit(i + 2), isDigit(i + 3), !isDigit(i + 4) else { return false }
            groups += 1
            i += 4
        }
        guard groups > 0 else { return false }
        if i == n { return groups >= 2 }
        guard cell[i] == UInt8(ascii: ","), isDigit(i + 1) else { return false }
        i += 1
        while isDigit(i) { i += 1 }
        return i == n
    }

    /// What surrounds the number in a cell.
    enum Affix { case none, currency, twoCurrencies }

    /// The cell without its currency affix (and the spaces that part it from the number),
    /// found by moving the ends of the buffer: nothing is copied.
    @inline(__always)
    static func withoutCurrency(_ cell: UnsafeBufferPointer<UInt8>) -> (UnsafeBufferPointer<UInt8>, Affix) {
        var lo = 0, hi = cell.count
        guard hi > 0 else { return (cell, .none) }
        // Most cells start and end with a digit: no affix to look for.
        let first = cell[0], last = cell[hi - 1]
        if last >= 0x30 && last <= 0x39
            && (first >= 0x30 && first <= 0x39 || first == UInt8(ascii: "-") || first == UInt8(ascii: "+"))
        {
            return (cell, .none)
        }
        let front = currencyLength(cell, atEnd: false, lo: lo, hi: hi)
        let back = currencyLength(cell, atEnd: true, lo: lo, hi: hi)
        if front > 0 && back > 0 { return (cell, .twoCurrencies) }
        if front > 0 {
            lo += front
            while lo < hi {
                let s = spaceLength(cell, atStart: lo, hi: hi)
                if s == 0 { break }
                lo += s
            }
        } else if back > 0 {
            hi -= back
            while hi > lo {
                let s = spaceLength(cell, atEnd: hi, lo: lo)
                if s == 0 { break }
                hi -= s
            }
        } else {
            return (cell, .none)
        }
        return (UnsafeBufferPointer(rebasing: cell[lo..<hi]), .currency)
    }

    /// Length of `€` (E2 82 AC), Windows-1252 `€` (80) or `EUR` (any case) starting at `lo`
    /// (`atEnd` false) or ending at `hi` (`atEnd` true); 0 when there is none.
    @inline(__always)
    private static func currencyLength(_ c: UnsafeBufferPointer<UInt8>, atEnd: Bool, lo: Int, hi: Int) -> Int {
        let count = hi - lo
        if count >= 3 {
            let k = atEnd ? hi - 3 : lo
            if c[k] == 0xE2 && c[k + 1] == 0x82 && c[k + 2] == 0xAC { return 3 }
            if c[k] | 0x20 == UInt8(ascii: "e") && c[k + 1] | 0x20 == UInt8(ascii: "u")
                && c[k + 2] | 0x20 == UInt8(ascii: "r")
            {
                return 3
            }
        }
        if count >= 1 && c[atEnd ? hi - 1 : lo] == 0x80 { return 1 }
        return 0
    }

    /// Length of a space (U+0020, NBSP as C2 A0 or Windows-1252 A0, NNBSP E2 80 AF) at `i`.
    @inline(__always)
    private static func spaceLength(_ c: UnsafeBufferPointer<UInt8>, atStart i: Int, hi: Int) -> Int {
        let b = c[i]
        if b == 0x20 || b == 0xA0 { return 1 }
        if b == 0xC2 && i + 1 < hi && c[i + 1] == 0xA0 { return 2 }
        if b == 0xE2 && i + 2 < hi && c[i + 1] == 0x80 && c[i + 2] == 0xAF { return 3 }
        return 0
    }

    /// Length of a space ending just before `end`.
    @inline(__always)
    private static func spaceLength(_ c: UnsafeBufferPointer<UInt8>, atEnd end: Int, lo: Int) -> Int {
        let b = c[end - 1]
        if b == 0x20 { return 1 }
        if b == 0xA0 { return end - 2 >= lo && c[end - 2] == 0xC2 ? 2 : 1 }
        if b == 0xAF && end - 3 >= lo && c[end - 3] == 0xE2 && c[end - 2] == 0x80 { return 3 }
        return 0
    }

    /// The digits of a cell that may not hold a currency sign (a count, a plain decimal).
    @inline(__always)
    private func digitsWithoutCurrency(_ cell: UnsafeBufferPointer<UInt8>) -> Result<DecimalDigits, NumberError> {
        let (inner, affix) = NumberParser.withoutCurrency(cell)
        switch affix {
        case .none: return digits(cell)
        case .twoCurrencies: return .failure(classifyNonNumber(cell))
        case .currency:
            // The number itself may be wrong too; say so first, else that the sign must go.
            switch digits(inner) {
            case .failure(let e): return .failure(e)
            case .success: return .failure(.currencySign)
            }
        }
    }

    /// A real number, e.g. hours worked. Correctly rounded: exact digits up to 2^53 with at
    /// most 22 decimals are divided by an exact power of ten (one IEEE rounding); anything
    /// longer goes through the standard library's correctly rounded parser.
    public func decimal(_ cell: UnsafeBufferPointer<UInt8>) -> Result<Double, NumberError> {
        switch digitsWithoutCurrency(cell) {
        case .failure(let e): return .failure(e)
        case .success(let d):
            var value: Double
            if d.overflowText == nil && d.digits <= (1 << 53) && d.scale <= 22 {
                value = Double(d.digits) / NumberParser.powersOfTen[d.scale]
                if d.negative { value = -value }
            } else {
                var text = d.overflowText ?? Array(String(d.digits).utf8)
                if d.overflowText == nil {
                    // Put the decimal point back.
                    while text.count <= d.scale { text.insert(UInt8(ascii: "0"), at: 0) }
                    if d.scale > 0 { text.insert(UInt8(ascii: "."), at: text.count - d.scale) }
                    if d.negative { text.insert(UInt8(ascii: "-"), at: 0) }
                }
                guard let parsed = Double(String(decoding: text, as: UTF8.self)) else {
                    return .failure(.notANumber)
                }
                value = parsed
            }
            guard value.isFinite else { return .failure(.overflow) }
            return .success(value == 0 ? 0 : value)
        }
    }

    /// An amount in euros as exact integer cents, with or without a currency affix.
    /// `roundingHalfUp`: more decimals are rounded half up to the cent, for an average that a
    /// spreadsheet computed (total ÷ headcount) rather than an amount someone typed.
    public func cents(_ cell: UnsafeBufferPointer<UInt8>, roundingHalfUp: Bool = false) -> Result<Int64, NumberError> {
        let (inner, affix) = NumberParser.withoutCurrency(cell)
        if affix == .twoCurrencies { return .failure(classifyNonNumber(cell)) }
        switch digits(inner) {
        case .failure(let e): return .failure(e)
        case .success(var d):
            if d.overflowText != nil { return .failure(.overflow) }
            // Trailing zeros beyond the cents change nothing: 12,500 is 12,50.
            while d.scale > 2 && d.digits % 10 == 0 {
                d.digits /= 10
                d.scale -= 1
            }
            if d.scale > 2 {
                guard roundingHalfUp else { return .failure(.tooManyDecimals) }
                // Digits below the thousandth cannot change a rounding decided by the thousandth.
                while d.scale > 3 {
                    d.digits /= 10
                    d.scale -= 1
                }
                d.digits = d.digits / 10 + (d.digits % 10 >= 5 ? 1 : 0)
                d.scale = 2
            }
            let factor: UInt64 = d.scale == 2 ? 1 : (d.scale == 1 ? 10 : 100)
            let (scaled, over) = d.digits.multipliedReportingOverflow(by: factor)
            guard !over, scaled <= UInt64(Int64.max) else { return .failure(.overflow) }
            let value = Int64(scaled)
            return .success(d.negative ? -value : value)
        }
    }

    /// A quantity in exact hundredths (hours), rounded half up when more decimals are given:
    /// the digits are read as they are written, never through a Double, so that 0,285 is 29
    /// hundredths (a Double would make it 28.499… and round down).
    public func hundredths(_ cell: UnsafeBufferPointer<UInt8>) -> Result<Int64, NumberError> {
        switch digitsWithoutCurrency(cell) {
        case .failure(let e): return .failure(e)
        case .success(var d):
            if d.overflowText != nil { return .failure(.overflow) }
            // Digits below the thousandth cannot change a rounding decided by the thousandth.
            while d.scale > 3 {
                d.digits /= 10
                d.scale -= 1
            }
            var value = d.digits
            if d.scale == 3 {
                value = d.digits / 10 + (d.digits % 10 >= 5 ? 1 : 0)
            } else {
                let (scaled, over) = d.digits.multipliedReportingOverflow(
                    by: d.scale == 2 ? 1 : (d.scale == 1 ? 10 : 100))
                if over { return .failure(.overflow) }
                value = scaled
            }
            guard value <= UInt64(Int64.max) else { return .failure(.overflow) }
            return .success(d.negative ? -Int64(value) : Int64(value))
        }
    }

    /// A whole count (people, members). `12,0` is 12; `12,5` is not a count.
    public func count(_ cell: UnsafeBufferPointer<UInt8>) -> Result<Int, NumberError> {
        switch digitsWithoutCurrency(cell) {
        case .failure(let e): return .failure(e)
        case .success(var d):
            if d.overflowText != nil { return .failure(.overflow) }
            while d.scale > 0 && d.digits % 10 == 0 {
                d.digits /= 10
                d.scale -= 1
            }
            if d.scale > 0 { return .failure(.fractional) }
            guard d.digits <= UInt64(Int.max) else { return .failure(.overflow) }
            return .success(d.negative ? -Int(d.digits) : Int(d.digits))
        }
    }

    private static let powersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }
}
