import Foundation
import Survey
import TestSupport
import Testing

@testable import Ingestion

func withBytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    Array(text.utf8).withUnsafeBufferPointer(body)
}

func withRawBytes<T>(_ bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    bytes.withUnsafeBufferPointer(body)
}

/// Numbers as French and English spreadsheets write them (SPEC 3.2). The expected values
/// are the decimal numbers a person reads in the cell.
struct NumberTableTests {
    static let semicolonFile = NumberParser(delimiter: UInt8(ascii: ";"))
    static let commaFile = NumberParser(delimiter: UInt8(ascii: ","))

    @Test(arguments: [
        ("1234.5", 1234.5), ("1234,5", 1234.5), ("1 234,5", 1234.5), ("1\u{00A0}234,5", 1234.5),
        ("1\u{202F}234,5", 1234.5), ("+12", 12), ("-12,25", -12.25), ("0", 0), ("-0", 0), ("007", 7),
        ("12 345 678,9", 12_345_678.9), (",5", 0.5), ("5.", 5), ("0.1", 0.1),
        ("1234567890123456789012", 1.234567890123456789012e21),
        ("0,000000000000000000000001", 1e-24), ("9007199254740993", 9_007_199_254_740_992),
    ])
    func decimalsInASemicolonFile(_ text: String, _ expected: Double) {
        #expect(withBytes(text) { Self.semicolonFile.decimal($0) } == .success(expected), "'\(text)'")
    }

    @Test(arguments: [
        ("1e5", NumberError.exponent), ("1,5E-3", .exponent), ("NaN", .notFinite), ("inf", .notFinite),
        ("-Infinity", .notFinite),
        ("abc", .notANumber), ("1,2,3", .notANumber), ("1.2.3", .notANumber), ("1 2 3,4 5", .notANumber),
        ("12 ", .notANumber),
        (" 12", .notANumber), ("1 ,5", .notANumber), ("--1", .notANumber), ("+", .notANumber), ("1,234.5", .notANumber),
        ("12€", .currencySign), ("1e999", .exponent),
    ])
    func rejectedInASemicolonFile(_ text: String, _ error: NumberError) {
        #expect(withBytes(text) { Self.semicolonFile.decimal($0) } == .failure(error), "'\(text)'")
    }

    @Test(arguments: [
        ("1,234.5", 1234.5), ("1,234,567", 1_234_567), ("1234.5", 1234.5), ("1 234.5", 1234.5),
    ])
    func commaGroupsThousandsInACommaFile(_ text: String, _ expected: Double) {
        #expect(withBytes(text) { Self.commaFile.decimal($0) } == .success(expected), "'\(text)'")
    }

    @Test(arguments: ["1,5", "12,34", "1,2345", "1234,567.8", ",5"])
    func commaIsNeverDecimalInACommaFile(_ text: String) {
        #expect(withBytes(text) { Self.commaFile.decimal($0) } == .failure(.notANumber), "'\(text)'")
    }

    @Test func windows1252NoBreakSpaceGroupsThousands() {
        #expect(
            withRawBytes([0x31, 0xA0, 0x32, 0x33, 0x34, 0x2C, 0x35]) { Self.semicolonFile.decimal($0) }
                == .success(1234.5))
    }

    @Test(arguments: [
        ("12,34", Int64(1234)), ("12", 1200), ("12,3", 1230), ("0,01", 1), ("1 234 567,89", 123_456_789),
        ("12,500", 1250), ("-3,5", -350), ("92233720368547758,07", Int64.max),
    ])
    func moneyIsExactCents(_ text: String, _ cents: Int64) {
        #expect(withBytes(text) { Self.semicolonFile.cents($0) } == .success(cents), "'\(text)'")
    }

    @Test(arguments: [
        ("12,345", NumberError.tooManyDecimals), ("92233720368547758,08", .overflow),
        ("99999999999999999999999", .overflow), ("1e3", .exponent),
    ])
    func moneyRejections(_ text: String, _ error: NumberError) {
        #expect(withBytes(text) { Self.semicolonFile.cents($0) } == .failure(error), "'\(text)'")
    }

    @Test(arguments: [("12", 12), ("12,0", 12), ("1 200", 1200), ("0", 0), ("-4", -4)])
    func counts(_ text: String, _ expected: Int) {
        #expect(withBytes(text) { Self.semicolonFile.count($0) } == .success(expected), "'\(text)'")
    }

    @Test func fractionalCountIsRejected() {
        #expect(withBytes("12,5") { Self.semicolonFile.count($0) } == .failure(.fractional))
    }
}

struct QuarterTableTests {
    @Test(arguments: [
        "2014-Q4", "2014-T4", "T4 2014", "2014Q4", "2014q4", "t4-2014", "Q4 2014", "2014 T4", "2014_Q4", "2014/T4",
    ])
    func acceptedLabels(_ label: String) {
        #expect(Quarter(label: label) == Quarter(year: 2014, number: 4), "'\(label)'")
    }

    @Test(arguments: [
        "2014-Q5", "2014-Q0", "2014", "Q4", "14-Q4", "2014-Q44", "2014-QQ4", "2014-X4", "", "20144-Q1", "T42014x",
    ])
    func rejectedLabels(_ label: String) {
        #expect(Quarter(label: label) == nil, "'\(label)'")
    }

    @Test func arithmeticAcrossYears() {
        let q1 = Quarter(year: 2014, number: 1)!
        #expect(q1.previous == Quarter(year: 2013, number: 4))
        #expect(q1.yearEarlier == Quarter(year: 2013, number: 1))
        #expect(Quarter(year: 2013, number: 4)!.next == q1)
        #expect(q1.description == "2014-Q1")
        // The ends of the four-digit years have neighbours too.
        #expect(Quarter(label: "1000-Q1")!.previous == Quarter(year: 999, number: 4))
        #expect(Quarter(label: "9999-Q4")!.next == Quarter(year: 10_000, number: 1))
    }
}

struct HeaderTableTests {
    @Test(arguments: [
        ("Chiffre d'affaires", "chiffre_d_affaires"), ("Chiffre d’affaires", "chiffre_d_affaires"),
        ("  ID Adhérent ", "id_adherent"), ("Salariés  -  insertion", "salaries_insertion"),
        ("__member__id__", "member_id"), ("Trésorerie", "tresorerie"), ("ÉTAT", "etat"),
        ("Activite\u{0301} passée", "activite_passee"), ("Rémunération brute", "remuneration_brute"),
    ])
    func normalization(_ raw: String, _ expected: String) {
        #expect(HeaderName.normalize(raw) == expected)
    }

    /// Every canonical name and every French header of the generated files maps to its column,
    /// and to no other.
    @Test func canonicalAndFrenchNamesMapToTheirColumn() {
        for specs in [Schema.members, Schema.barometer, Schema.gender, Schema.funding, Schema.egapro] {
            for (i, spec) in specs.enumerated() {
                #expect(spec.names.contains(HeaderName.normalize(spec.canonical)))
                #expect(spec.names.contains(HeaderName.normalize(spec.french)), "\(spec.canonical)")
                let others = specs.indices.filter {
                    $0 != i && specs[$0].names.contains(HeaderName.normalize(spec.french))
                }
                #expect(others.isEmpty, "\(spec.canonical)'s French name is also another column's")
            }
        }
        #expect(
            Schema.barometer.canonicalNames == [
                "member_id", "quarter", "activity_past", "activity_outlook",
                "employment_past", "employment_outlook", "cash_position",
                "employees_integration", "employees_permanent", "hours_worked",
                "turnover_eur",
            ])
        #expect(
            Schema.funding.canonicalNames == ["member_id", "year"] + FundingSource.allCases.map { $0.rawValue + "_eur" }
        )
    }

    @Test(arguments: [
        ("chiffre_affaires", "turnover_eur"), ("CA", "turnover_eur"), ("turnover", "turnover_eur"),
        ("id_adherent", "member_id"), ("Activité prévue", "activity_outlook"),
        ("Sorties dynamiques", "exits_to_employment"),
    ])
    func variants(_ header: String, _ canonical: String) {
        let all = Schema.barometer + Schema.gender
        #expect(all.first { $0.names.contains(HeaderName.normalize(header)) }?.canonical == canonical)
    }
}

struct TokenTableTests {
    @Test(arguments: [
        ("up", Opinion.up), ("Hausse", .up), ("+", .up), ("1", .up), ("stable", .stable), ("=", .stable),
        ("0", .stable), ("down", .down), ("BAISSE", .down), ("-1", .down),
    ])
    func opinions(_ text: String, _ expected: Opinion) {
        #expect(withBytes(text) { Cell.opinion($0) } == expected)
    }

    @Test(arguments: [
        ("easy", Opinion.up), ("aisée", .up), ("AISEE", .up), ("Aisée", .up), ("normale", .stable),
        ("difficile", .down), ("difficult", .down),
    ])
    func judgements(_ text: String, _ expected: Opinion) {
        #expect(withBytes(text) { Cell.judgement($0) } == expected)
    }

    @Test func windows1252AccentInJudgement() {
        #expect(withRawBytes([0x61, 0x69, 0x73, 0xE9, 0x65]) { Cell.judgement($0) } == .up)
    }

    @Test(arguments: ["", "NA", "n/a", "ND", "nsp", "-", "Nsp"])
    func missingMarkers(_ text: String) {
        #expect(withBytes(text) { Cell.isMissing($0) })
    }

    @Test(arguments: ["0", "--", "nan", "N", "NAN"])
    func notMissing(_ text: String) {
        #expect(!withBytes(text) { Cell.isMissing($0) })
    }

    @Test(arguments: [
        ("1", "01"), ("01", "01"), ("95", "95"), ("2a", "2A"), ("2B", "2B"), ("971", "971"), ("976", "976"),
    ])
    func departments(_ raw: String, _ expected: String) {
        #expect(normalizedDepartment(raw) == expected)
    }

    @Test(arguments: ["20", "96", "00", "970", "977", "2C", "A", "1234", "-1"])
    func badDepartments(_ raw: String) {
        #expect(normalizedDepartment(raw) == nil)
    }

    /// The reader's check on bytes accepts exactly the codes `normalizedDepartment` accepts:
    /// every cell of up to four characters over digits, the letters of Corsica in both cases,
    /// a few others and a non-ASCII letter.
    @Test func departmentBytesAgreeWithTheNames() {
        let alphabet = ["0", "1", "2", "5", "7", "9", "a", "A", "b", "B", "c", "x", " ", "é"]
        var cells = [""]
        for _ in 1...4 { cells += cells.filter { $0.count < 4 }.flatMap { prefix in alphabet.map { prefix + $0 } } }
        for cell in Set(cells) {
            #expect(withBytes(cell) { isDepartmentCode($0) } == (normalizedDepartment(cell) != nil), "'\(cell)'")
        }
    }

    @Test(arguments: ["A", "adh-0001_x", String(repeating: "z", count: 32)])
    func validIDs(_ id: String) { #expect(MemberKey(id) != nil) }

    @Test(arguments: ["", "a b", "é", String(repeating: "z", count: 33), "a.b"])
    func invalidIDs(_ id: String) { #expect(MemberKey(id) == nil) }
}

/// The README lists every header spelling the schema accepts (the table is kept in one place,
/// `Schema`, and documented; this keeps the two together).
struct HeaderDocumentationTests {
    @Test func readmeNamesEverySpelling() throws {
        let readme = try String(
            contentsOf: TestSupport.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for spec in Schema.members + Schema.barometer + Schema.gender + Schema.funding + Schema.egapro {
            #expect(readme.contains("`\(spec.canonical)`"), "\(spec.canonical)")
            for name in spec.names
            where
                !(spec.canonical.hasSuffix("_eur") && name == HeaderName.normalize(String(spec.canonical.dropLast(4))))
            {
                #expect(
                    readme.contains("`\(name)`")
                        || readme.contains("`\(name.replacingOccurrences(of: "e", with: "é"))`"),
                    "\(spec.canonical): \(name)")
            }
        }
    }

    /// What French spreadsheets add around a name is removed; a name that only contains a
    /// known one is not taken for it (it is checked for resemblance instead).
    @Test(arguments: [
        ("Rémunération brute (€)", "remuneration_brute"), ("Actif ?", "actif"),
        ("Nb salariés insertion :", "salaries_insertion"),
        ("Chiffre d'affaires (en €)", "chiffre_d_affaires"), ("N° adhérent", "adherent"), ("Ventes en euros", "ventes"),
        ("CA HT (€ HT)", "ca_ht"), ("Nombre d'heures", "heures"),
    ])
    func decorationsAreRemoved(_ raw: String, _ expected: String) {
        #expect(HeaderName.undecorated(raw) == expected)
    }

    @Test(arguments: [
        "CA HT (k€)", "Ventes (en milliers d'euros)", "Chiffre d'affaires M€", "Heures (milliers)", "CA (KEUR)",
    ])
    func scalesAreNotDecorations(_ raw: String) {
        #expect(HeaderName.mentionsScale(raw))
    }

    @Test func plainNamesHaveNoUndecoratedForm() {
        #expect(HeaderName.undecorated("Chiffre d'affaires") == nil)
        #expect(HeaderName.undecorated("Nombre") == nil)
    }
}

/// Case folding of ids, eight bytes at a time, against the standard library's uppercased().
struct MemberKeyFoldingTests {
    @Test func foldingMatchesUppercased() {
        // Every byte an id may hold, `a`/`z` and `A`/`Z` being the edges the folding must get right.
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let length = Int.random(in: 1...32, using: &generator)
            let id = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let key = MemberKey(id), upper = MemberKey(id.uppercased())
            #expect(key != nil && key?.caseFolded == upper, "\(id)")
        }
    }
}
