import Foundation
import TestSupport
import Testing

/// The French of the notes as the federation prints it (issue 11 item 4), checked on the text
/// the binary writes.
struct TypographyTests {
    static let golden = ["barometer/2014-Q4", "gender/2014", "funding/2014", "egapro/2014"]

    static func summary(_ report: String, in root: URL = TestSupport.packageRoot.appendingPathComponent("Reports"))
        throws -> String
    {
        try String(contentsOf: root.appendingPathComponent(report + "/summary.txt"), encoding: .utf8)
    }

    /// Every match of `pattern` (ICU syntax) in `text`.
    static func matches(_ pattern: String, _ text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).map { String(text[Range($0.range, in: text)!]) }
    }

    /// No number of four digits or more without its thousands grouped (a year, 2000 to 2099,
    /// is not a quantity and stays whole), no `2014-Q4` in the text, and the spaces before
    /// `%`, `:`, `;`, `€` and inside « » are no-break spaces.
    @Test(arguments: golden)
    func frenchNumbersAndSpaces(_ report: String) throws {
        let text = try Self.summary(report)
        // A year is four digits 2000–2099 not followed by the no-break space that joins a
        // count to its noun ("2045 femmes" is a count and must be grouped). An article of the
        // Code du travail (D. 1142-2) is a name, not a quantity.
        let long = Self.matches(#"(?<![\d,.\u202F])(?<!D\.\s)\d{4,}(?![\d\u202F])\u00A0?"#, text).filter {
            !($0.count == 4 && $0.hasPrefix("20"))
        }
        #expect(long == [], "\(report)")
        #expect(Self.matches(#"\d{4}-Q[1-4]"#, text) == [], "\(report)")
        #expect(Self.matches(#" [%:;€»]|« "#, text) == [], "\(report)")
        // Grouped with the narrow no-break space, never an ordinary one: "1 724", not "1 724".
        #expect(Self.matches(#"\d \d{3}(?!\d)"#, text) == [], "\(report)")
    }

    /// A count agrees with its noun: singular below 2 in French (0, 1, 1,5), plural from 2.
    @Test(arguments: golden)
    func frenchPluralsAgree(_ report: String) throws {
        let text = try Self.summary(report)
        let pattern =
            #"(?<![\d,\u202F])\d[\d\u202F]*(?:,\d+)?[\u00A0 ](?:adhérents?|femmes?|hommes?|trimestres?|points?)\b"#
        let found = Self.matches(pattern, text)
        #expect(found.count >= 5, "\(report): \(found)")
        for match in found {
            let parts = match.replacingOccurrences(of: "\u{00A0}", with: " ").components(separatedBy: " ")
            let value = Double(
                parts[0].replacingOccurrences(of: "\u{202F}", with: "").replacingOccurrences(of: ",", with: "."))!
            #expect(parts[1].hasSuffix("s") == (value >= 2), "\(report): \(match)")
        }
    }

    /// One and two respondents, through the binary: « 1 adhérent », « 2 adhérents ».
    @Test(arguments: [
        (1, "Réponses\u{00A0}: 1\u{00A0}adhérent sur 515\u{00A0}actifs"),
        (2, "Réponses\u{00A0}: 2\u{00A0}adhérents sur 515\u{00A0}actifs"),
    ])
    func oneAndTwoRespondents(_ respondents: Int, _ expected: String) throws {
        let copy = try TestSupport.copyOf(TestSupport.datasets)
        let reports = try TestSupport.temporaryFolder("plural")
        defer {
            TestSupport.remove(copy)
            TestSupport.remove(reports)
        }
        let file = copy.appendingPathComponent("barometer/2014-Q4.csv")
        let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\r\n")
        try TestSupport.write(lines.prefix(respondents + 1).joined(separator: "\r\n") + "\r\n", to: file)
        let r = try TestSupport.run([
            "barometer", "--quarter", "2014-Q4", "--datasets", copy.path, "--reports", reports.path, "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try Self.summary("barometer/2014-Q4", in: reports)
        #expect(text.contains(expected), "\(text)")
    }
}
