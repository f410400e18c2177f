import Survey

/// The two spreadsheet dialects of SPEC 5. `excel-fr` is what French Excel opens with a
/// double click (semicolons, decimal comma, UTF-8 announced by a BOM, CRLF); `rfc4180` is
/// what every other tool expects.
public enum CSVDialect: String, Sendable, Hashable, CaseIterable {
    case excelFr = "excel-fr"
    case rfc4180 = "rfc4180"

    /// `;` for French Excel, `,` for RFC 4180.
    public var delimiter: UInt8 { self == .excelFr ? UInt8(ascii: ";") : UInt8(ascii: ",") }
    /// `,` for French Excel, `.` for RFC 4180.
    public var decimalSeparator: UInt8 { self == .excelFr ? UInt8(ascii: ",") : UInt8(ascii: ".") }
    /// CRLF for French Excel, LF for RFC 4180.
    public var lineEnding: [UInt8] { self == .excelFr ? [0x0D, 0x0A] : [0x0A] }
    /// A UTF-8 BOM for French Excel (so that it reads the file as UTF-8), none for RFC 4180.
    public var byteOrderMark: [UInt8] { self == .excelFr ? [0xEF, 0xBB, 0xBF] : [] }
}

/// One cell to write. Numbers are formatted by the dialect, never by a locale.
public enum CSVValue: Sendable, Hashable {
    case text(String)
    case integer(Int)
    /// A real number with a fixed number of decimals, rounded half away from zero.
    case decimal(Double, places: Int)
    /// Euros from exact cents, always with 2 decimals.
    case cents(Int128)
    case empty

    /// An exact quantity in hundredths (hours), written with 2 decimals as cents are.
    public static func hundredths(_ h: Int128) -> CSVValue { .cents(h) }

    /// A figure with the 2 decimals of SPEC 5 (percentages, points, other numbers); empty
    /// when it could not be computed or is withheld (nil or not finite).
    public static func twoDecimals(_ x: Double?) -> CSVValue {
        guard let x, x.isFinite else { return .empty }
        return .decimal(x, places: 2)
    }
}

/// Builds a CSV file in memory, row by row, in one dialect.
public struct CSVWriter: Sendable {
    /// The dialect the file is written in.
    public let dialect: CSVDialect
    /// When set, text cells that a spreadsheet would run as a formula (starting with `=`,
    /// `+`, `-`, `@`, TAB or CR) get a leading `'`. Reports set it; the generator, which
    /// writes input files meant to be read back, does not need it.
    public var escapeFormulas: Bool
    /// The file so far.
    public private(set) var bytes: [UInt8]
    /// Data rows written (the header not counted).
    public private(set) var rows = 0
    /// The header and the typed rows written, when kept: a report's workbook is made of the
    /// same values as its CSV files, not of the CSV text read back.
    public private(set) var table: ReportTable?

    /// An empty file in `dialect` (its BOM written). `keepsTable` keeps the typed rows as
    /// well; the generator, which writes millions of rows, does not.
    public init(dialect: CSVDialect, escapeFormulas: Bool = true, keepsTable: Bool = true) {
        self.dialect = dialect
        self.escapeFormulas = escapeFormulas
        bytes = dialect.byteOrderMark
        table = keepsTable ? ReportTable(columns: [], rows: []) : nil
    }

    /// Writes the header record.
    public mutating func header(_ names: [String]) {
        writeRecord(names.map { .text($0) })
        table?.columns = names
    }

    /// Writes one data row.
    public mutating func write(_ row: [CSVValue]) {
        writeRecord(row)
        table?.rows.append(row)
        rows += 1
    }

    private mutating func writeRecord(_ row: [CSVValue]) {
        for (i, value) in row.enumerated() {
            if i > 0 { bytes.append(dialect.delimiter) }
            append(value)
        }
        bytes.append(contentsOf: dialect.lineEnding)
    }

    private mutating func append(_ value: CSVValue) {
        switch value {
        case .empty:
            break
        case .integer(let n):
            bytes.append(contentsOf: String(n).utf8)
        case .cents(let c):
            bytes.append(contentsOf: NumberFormat.cents(c, decimalSeparator: dialect.decimalSeparator).utf8)
        case .decimal(let x, let places):
            bytes.append(
                contentsOf: NumberFormat.fixed(x, places: places, decimalSeparator: dialect.decimalSeparator).utf8)
        case .text(var s):
            if escapeFormulas, let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
                s = "'" + s
            }
            let needsQuotes =
                s.utf8.contains { $0 == dialect.delimiter || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
                || s.hasPrefix(" ") || s.hasSuffix(" ")
            if needsQuotes {
                bytes.append(UInt8(ascii: "\""))
                for b in s.utf8 {
                    if b == UInt8(ascii: "\"") { bytes.append(b) }
                    bytes.append(b)
                }
                bytes.append(UInt8(ascii: "\""))
            } else {
                bytes.append(contentsOf: s.utf8)
            }
        }
    }
}

/// Locale-free number formatting with rounding half away from zero on the decimal value a
/// person sees: 1.005 is shown as 1,01, as a spreadsheet shows it, not as 1,00 (the binary
/// double just below it). The decimal value is the shortest one that reads back as the same
/// double, which is what Swift's `description` prints.
public enum NumberFormat {
    /// Exact cents as euros with two decimals.
    public static func cents(_ c: Int128, decimalSeparator: UInt8) -> String {
        let negative = c < 0
        let magnitude = c.magnitude
        let units = magnitude / 100, rest = magnitude % 100
        return (negative ? "-" : "") + String(units) + String(UnicodeScalar(decimalSeparator)) + (rest < 10 ? "0" : "")
            + String(rest)
    }

    /// `x` with `places` decimals, rounded half away from zero on its shortest decimal; empty when not finite.
    public static func fixed(_ x: Double, places: Int, decimalSeparator: UInt8) -> String {
        guard x.isFinite else { return "" }
        var (digits, pointPosition) = decimalDigits(x.magnitude)
        // digits × 10^(pointPosition − digits.count): keep `places` decimals.
        let keep = pointPosition + places
        if keep < 0 {
            digits = []
            pointPosition = 0
        } else if keep < digits.count {
            let roundUp = digits[keep] >= 5
            digits = Array(digits[0..<keep])
            if roundUp {
                var i = digits.count - 1
                while i >= 0 {
                    if digits[i] == 9 {
                        digits[i] = 0
                        i -= 1
                    } else {
                        digits[i] += 1
                        break
                    }
                }
                if i < 0 {
                    digits.insert(1, at: 0)
                    pointPosition += 1
                }
            }
        }
        // Pad to the requested precision.
        while digits.count < pointPosition + places { digits.append(0) }
        var integerPart = pointPosition > 0 ? digits[0..<pointPosition].map { String($0) }.joined() : "0"
        if integerPart.count > 1 {
            integerPart = String(integerPart.drop(while: { $0 == "0" }))
            if integerPart.isEmpty { integerPart = "0" }
        }
        let fractionStart = max(pointPosition, 0)
        var fraction = ""
        if places > 0 {
            let leadingZeros = max(0, -pointPosition)
            fraction = String(repeating: "0", count: min(leadingZeros, places))
            fraction += digits[fractionStart...].prefix(places - fraction.count).map { String($0) }.joined()
        }
        let isZero = !digits.contains { $0 != 0 }
        let sign = (x < 0 && !isZero) ? "-" : ""
        return places > 0 ? sign + integerPart + String(UnicodeScalar(decimalSeparator)) + fraction : sign + integerPart
    }

    /// The shortest round-trip decimal digits of a non-negative double and the position of
    /// the decimal point: 12.5 → ([1, 2, 5], 2); 0.05 → ([5], −1).
    static func decimalDigits(_ x: Double) -> ([Int], Int) {
        if x == 0 { return ([0], 1) }
        let text = x.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        var digits: [Int] = []
        var point = -1
        for ch in mantissa {
            if ch == "." {
                point = digits.count
                continue
            }
            digits.append(Int(ch.asciiValue! - 48))
        }
        if point < 0 { point = digits.count }
        // Strip leading zeros (0.05 → 005 with point 1 → 5 with point −1).
        while digits.count > 1 && digits[0] == 0 {
            digits.removeFirst()
            point -= 1
        }
        return (digits, point + exponent)
    }
}
