import Testing

@testable import Reporting

struct NumberFormatTests {
    /// Rounding half away from zero on the decimal a person reads (1.005 → 1.01, as a
    /// spreadsheet shows it), with the dialect's decimal separator.
    @Test(arguments: [
        (1.005, 2, "1,01"), (-1.005, 2, "-1,01"), (2.5, 0, "3"), (-2.5, 0, "-3"), (0.125, 2, "0,13"),
        (12.344999, 2, "12,34"), (-0.004, 2, "0,00"), (0, 2, "0,00"), (99.995, 2, "100,00"),
        (1234567.891, 2, "1234567,89"),
        (1e-7, 2, "0,00"), (0.05, 1, "0,1"), (1e21, 2, "1000000000000000000000,00"), (7, 0, "7"), (0.5, 0, "1"),
        (0.0049, 2, "0,00"),
    ])
    func fixed(_ x: Double, _ places: Int, _ expected: String) {
        #expect(NumberFormat.fixed(x, places: places, decimalSeparator: UInt8(ascii: ",")) == expected, "\(x)")
    }

    @Test func cents() {
        #expect(NumberFormat.cents(123_456, decimalSeparator: UInt8(ascii: ".")) == "1234.56")
        #expect(NumberFormat.cents(5, decimalSeparator: UInt8(ascii: ",")) == "0,05")
        #expect(NumberFormat.cents(-1_005, decimalSeparator: UInt8(ascii: ",")) == "-10,05")
        #expect(NumberFormat.cents(Int128(Int64.min), decimalSeparator: UInt8(ascii: ".")) == "-92233720368547758.08")
        #expect(
            NumberFormat.cents(Int128(Int64.max) * 1000 + 7, decimalSeparator: UInt8(ascii: ","))
                == "92233720368547758070,07")
    }
}

struct CSVWriterTests {
    @Test func excelFrDialect() {
        var w = CSVWriter(dialect: .excelFr)
        w.header(["a", "b"])
        w.write([.text("x;y"), .decimal(1.5, places: 2)])
        w.write([.text("=SUM(A1)"), .cents(1050)])
        w.write([.text("say \"hi\""), .empty])
        #expect(w.rows == 3)
        #expect(
            w.bytes == [0xEF, 0xBB, 0xBF]
                + Array("a;b\r\n\"x;y\";1,50\r\n'=SUM(A1);10,50\r\n\"say \"\"hi\"\"\";\r\n".utf8))
    }

    @Test func rfc4180Dialect() {
        var w = CSVWriter(dialect: .rfc4180)
        w.header(["a", "b"])
        w.write([.text("x,y"), .decimal(-0.125, places: 2)])
        w.write([.text("+33 1"), .integer(-4)])
        w.write([.text("line\nbreak"), .text("@x")])
        #expect(String(decoding: w.bytes, as: UTF8.self) == "a,b\n\"x,y\",-0.13\n'+33 1,-4\n\"line\nbreak\",'@x\n")
    }

    @Test(arguments: ["=1", "+1", "-1", "@a", "\tx", "\rx"])
    func formulaInjectionIsEscaped(_ text: String) {
        var w = CSVWriter(dialect: .rfc4180)
        w.write([.text(text)])
        #expect(
            String(decoding: w.bytes, as: UTF8.self).hasPrefix("'")
                || String(decoding: w.bytes, as: UTF8.self).hasPrefix("\"'"))
    }
}
