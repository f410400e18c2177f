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

    public var description: String {
        switch self {
        case .notANumber: "not a number (write it like 1234,5 or 1 234,5 or 1234.5)"
        case .exponent: "numbers with an exponent are not accepted; write the number in full"
        case .notFinite: "NaN and infinity are not numbers here"
        case .overflow: "the number is too large"
        case .negative: "must not be negative"
        case .fractional: "must be a whole number"
        case .tooManyDecimals: "an amount in euros has at most 2 decimals (cents)"
        }
    }
}

/// A decimal number read exactly from its digits: value = ±digits × 10^−scale.
public struct DecimalDigits: Equatable {
    public var negative: Bool
    public var digits: UInt64
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
public struct NumberParser: Sendable {
    public var commaIsDecimal: Bool

    public init(delimiter: UInt8) {
        commaIsDecimal = delimiter != UInt8(ascii: ",")
    }

    public init(commaIsDecimal: Bool) {
        self.commaIsDecimal = commaIsDecimal
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
                if sawCommaGroup ? groupLength != 3 : groupLength > 3 { return .failure(.notANumber) }
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
                if sawPoint { return .failure(.notANumber) }
                if sawCommaGroup && groupLength != 3 { return .failure(.notANumber) }
                sawPoint = true
                previousWasDigit = false
                i += 1
                continue
            }
            return .failure(classifyNonNumber(cell))
        }
        if digitCount == 0 { return .failure(classifyNonNumber(cell)) }
        if sawCommaGroup && !sawPoint && groupLength != 3 { return .failure(.notANumber) }
        var result = DecimalDigits(negative: negative, digits: digits, scale: scale)
        if overflowed {
            // Rare: keep the normalized text for the standard library's parser.
            var text: [UInt8] = negative ? [UInt8(ascii: "-")] : []
            var seenPoint = false
            for b in cell {
                if b >= 0x30 && b <= 0x39 { text.append(b) }
                else if !seenPoint && (b == UInt8(ascii: ".") || (b == UInt8(ascii: ",") && commaIsDecimal)) {
                    text.append(UInt8(ascii: "."))
                    seenPoint = true
                }
            }
            result.overflowText = text
        }
        return .success(result)
    }

    private func classifyNonNumber(_ cell: UnsafeBufferPointer<UInt8>) -> NumberError {
        var sawDigit = false
        var letters: [UInt8] = []
        for b in cell {
            if b >= 0x30 && b <= 0x39 { sawDigit = true }
            else if (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") { letters.append(b | 0x20) }
        }
        if sawDigit && letters == [UInt8(ascii: "e")] { return .exponent }
        let word = String(decoding: letters, as: UTF8.self)
        if ["nan", "inf", "infinity", "infini"].contains(word) { return .notFinite }
        return .notANumber
    }

    /// A real number, e.g. hours worked. Correctly rounded: exact digits up to 2^53 with at
    /// most 22 decimals are divided by an exact power of ten (one IEEE rounding); anything
    /// longer goes through the standard library's correctly rounded parser.
    public func decimal(_ cell: UnsafeBufferPointer<UInt8>) -> Result<Double, NumberError> {
        switch digits(cell) {
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

    /// An amount in euros as exact integer cents.
    public func cents(_ cell: UnsafeBufferPointer<UInt8>) -> Result<Int64, NumberError> {
        switch digits(cell) {
        case .failure(let e): return .failure(e)
        case .success(var d):
            if d.overflowText != nil { return .failure(.overflow) }
            // Trailing zeros beyond the cents change nothing: 12,500 is 12,50.
            while d.scale > 2 && d.digits % 10 == 0 {
                d.digits /= 10
                d.scale -= 1
            }
            if d.scale > 2 { return .failure(.tooManyDecimals) }
            let factor: UInt64 = d.scale == 2 ? 1 : (d.scale == 1 ? 10 : 100)
            let (scaled, over) = d.digits.multipliedReportingOverflow(by: factor)
            guard !over, scaled <= UInt64(Int64.max) else { return .failure(.overflow) }
            let value = Int64(scaled)
            return .success(d.negative ? -value : value)
        }
    }

    /// A whole count (people, members). `12,0` is 12; `12,5` is not a count.
    public func count(_ cell: UnsafeBufferPointer<UInt8>) -> Result<Int, NumberError> {
        switch digits(cell) {
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
