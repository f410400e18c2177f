import Testing

@testable import Ingestion

/// Numbers as French Excel writes them with a currency or percentage format, and the
/// diagnosis of the cells that are not numbers. Expected cents are worked out by hand.
struct NumberAffixTests {
    /// The parsers of a `;` file (comma decimal) and of a `,` file (dot decimal), as the
    /// decoders make them.
    static let french = NumberParser(delimiter: UInt8(ascii: ";"))
    static let english = NumberParser(delimiter: UInt8(ascii: ","))

    @Test(
        arguments: [
            // 708 697,00 € = 708 697 euros 00 cents = 70 869 700 cents.
            ("708 697,00 €", Int64(70_869_700)),
            ("708\u{00A0}697,00\u{00A0}€", 70_869_700),
            ("708\u{202F}697,00\u{202F}€", 70_869_700),
            ("€708 697,00", 70_869_700),
            ("€ 708 697,00", 70_869_700),
            // 1 234,5 = 1234 euros 50 cents = 123 450 cents.
            ("1 234,5 EUR", 123_450),
            ("1\u{00A0}234,5\u{00A0}EUR", 123_450),
            ("1\u{202F}234,5\u{202F}EUR", 123_450),
            ("1 234,5 eur", 123_450),
            ("EUR 1 234,5", 123_450),
            ("12€", 1_200),
            ("12 €", 1_200),
            ("0,05 €", 5),
            ("-12 €", -1_200),
            ("€-12", -1_200),
        ] as [(String, Int64)])
    func moneyWithACurrencyAffix(_ text: String, _ cents: Int64) {
        #expect(withBytes(text) { Self.french.cents($0) } == .success(cents), "'\(text)'")
    }

    @Test func windows1252EuroSign() {
        // "12 €" in Windows-1252: € is byte 0x80, the space may be 0x20 or NBSP 0xA0.
        #expect(withRawBytes([0x31, 0x32, 0x20, 0x80]) { Self.french.cents($0) } == .success(1_200))
        #expect(withRawBytes([0x31, 0x32, 0xA0, 0x80]) { Self.french.cents($0) } == .success(1_200))
        #expect(withRawBytes([0x80, 0x31, 0x32, 0x2C, 0x35]) { Self.french.cents($0) } == .success(1_250))
        #expect(withRawBytes([0x31, 0xA0, 0x32, 0x33, 0x34, 0x80]) { Self.french.cents($0) } == .success(123_400))
    }

    @Test func englishFileWithAnEuroSign() {
        // 1,234.50 € = 1234 euros 50 cents.
        #expect(withBytes("1,234.50 €") { Self.english.cents($0) } == .success(123_450))
    }

    @Test(arguments: ["€ 12 €", "EUR 12 EUR", "12 € €", "€", "EUR", "12 € HT", "€€12", "12 euros"])
    func notMoney(_ text: String) {
        #expect(withBytes(text) { Self.french.cents($0) } == .failure(.notANumber), "'\(text)'")
    }

    @Test func moneyKeepsItsOtherRules() {
        #expect(withBytes("12,345 €") { Self.french.cents($0) } == .failure(.tooManyDecimals))
        #expect(withBytes("1e3 €") { Self.french.cents($0) } == .failure(.exponent))
        #expect(withBytes("92233720368547758,08 €") { Self.french.cents($0) } == .failure(.overflow))
    }

    // MARK: Percent and currency signs where they do not belong

    @Test(arguments: ["12,5 %", "12 %", "12%", "%12", "12\u{00A0}%"])
    func percentInACount(_ text: String) {
        #expect(withBytes(text) { Self.french.count($0) } == .failure(.percentSign), "'\(text)'")
    }

    @Test func percentInDecimalsAndMoney() {
        #expect(withBytes("10 %") { Self.french.decimal($0) } == .failure(.percentSign))
        #expect(withBytes("10,5%") { Self.french.decimal($0) } == .failure(.percentSign))
        #expect(withBytes("10 %") { Self.french.cents($0) } == .failure(.percentSign))
        #expect(withBytes("10 % €") { Self.french.cents($0) } == .failure(.percentSign))
    }

    @Test(arguments: ["12 €", "12€", "€12", "12 EUR", "12,5 €"])
    func currencyInACount(_ text: String) {
        #expect(withBytes(text) { Self.french.count($0) } == .failure(.currencySign), "'\(text)'")
    }

    @Test func currencyInAPlainDecimal() {
        #expect(withBytes("35 €") { Self.french.decimal($0) } == .failure(.currencySign))
        #expect(withRawBytes([0x33, 0x35, 0x80]) { Self.french.decimal($0) } == .failure(.currencySign))
        // A wrong number with a sign: the number is what to fix first.
        #expect(withBytes("1e3 €") { Self.french.decimal($0) } == .failure(.exponent))
    }

    // MARK: Other Excel artefacts

    @Test(arguments: ["1.234.567", "1.234,50", "-1.234,5", "12.345.678,9", "1.234.567 €"])
    func dotGroupingThousandsInACommaDecimalFile(_ text: String) {
        #expect(withBytes(text) { Self.french.cents($0) } == .failure(.dotThousands), "'\(text)'")
        #expect(withBytes(text) { Self.french.decimal($0) } != .failure(.notANumber), "'\(text)'")
    }

    @Test func dotGroupingOnlyInACommaDecimalFile() {
        #expect(withBytes("1.234.567") { Self.english.decimal($0) } == .failure(.notANumber))
        #expect(withBytes("1.2.3") { Self.french.decimal($0) } == .failure(.notANumber))
        #expect(withBytes("1.2345.678") { Self.french.decimal($0) } == .failure(.notANumber))
        // One group alone is a valid decimal.
        #expect(withBytes("1.234") { Self.french.decimal($0) } == .success(1.234))
    }

    @Test(arguments: [
        "12/03/2014", "2014-03-12", "12.03.2014", "3/12/14", "2014/03/12", "12/03/2014 00:00", "2014-03-12T00:00:00",
    ])
    func datesInANumberCell(_ text: String) {
        #expect(withBytes(text) { Self.french.count($0) } == .failure(.date), "'\(text)'")
        #expect(withBytes(text) { Self.french.cents($0) } == .failure(.date), "'\(text)'")
        #expect(withBytes(text) { Self.english.decimal($0) } == .failure(.date), "'\(text)'")
    }

    @Test(arguments: ["12/34/2014", "1/2/3", "2014-13-01", "12-", "1/2", "0/0/2014"])
    func notDates(_ text: String) {
        #expect(withBytes(text) { Self.french.count($0) } == .failure(.notANumber), "'\(text)'")
    }

    @Test(arguments: ["abc", "-", "n.c.", "€ €"])
    func textWithoutADigitIsNotANumber(_ text: String) {
        #expect(withBytes(text) { Self.french.decimal($0) } == .failure(.notANumber), "'\(text)'")
    }

    // MARK: Messages

    static let allErrors: [NumberError] = [
        .notANumber, .exponent, .notFinite, .overflow, .negative, .fractional, .tooManyDecimals,
        .percentSign, .currencySign, .dotThousands, .date,
    ]

    @Test func causesAreShortAndDistinct() {
        let causes = Self.allErrors.map(\.cause)
        #expect(causes.allSatisfy { !$0.isEmpty && $0.count <= 40 })
        #expect(Set(causes).count == Self.allErrors.count)
        let descriptions = Self.allErrors.map(\.description)
        #expect(Set(descriptions).count == Self.allErrors.count)
    }

    @Test func descriptionsSayWhatToDo() {
        #expect(NumberError.percentSign.description.contains("remove the % sign"))
        #expect(NumberError.currencySign.description.contains("remove the currency sign"))
        #expect(NumberError.dotThousands.description.contains("1 234 567"))
        #expect(NumberError.date.description.contains("date"))
        #expect(NumberError.percentSign.cause == "cells hold a percent sign")
        #expect(NumberError.currencySign.cause == "cells hold a currency sign")
        #expect(NumberError.dotThousands.cause == "'.' used as a thousands separator")
        #expect(NumberError.date.cause == "cells hold dates")
    }
}

/// Hours in exact hundredths, from the digits as written (expected values by hand).
struct HoursInHundredthsTests {
    @Test(arguments: [
        ("0,285", Int64(29)), ("0,284", 28), ("0,2849999", 28), ("0,2850000001", 29), ("8268,5", 826_850),
        ("6823", 682_300),
        ("1 234,56", 123_456), ("7,333", 733), ("0,005", 1), ("0,004999", 0), ("100000000", 10_000_000_000),
        ("-2,5", -250),
    ])
    func hundredths(_ text: String, _ expected: Int64) {
        let parser = NumberParser(delimiter: UInt8(ascii: ";"))
        let got = Array(text.utf8).withUnsafeBufferPointer { parser.hundredths($0) }
        #expect(got == .success(expected), "\(text)")
    }

    @Test func tooLargeIsAnError() {
        let parser = NumberParser(delimiter: UInt8(ascii: ";"))
        let nines = String(repeating: "9", count: 308)
        #expect(Array(nines.utf8).withUnsafeBufferPointer { parser.hundredths($0) } == .failure(.overflow))
        #expect(Array("12 %".utf8).withUnsafeBufferPointer { parser.hundredths($0) } == .failure(.percentSign))
    }
}
