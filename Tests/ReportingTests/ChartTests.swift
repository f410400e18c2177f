import Foundation
import Testing

@testable import Reporting

/// The charts' arithmetic and their gaps, on hand-made series.
struct ChartTests {
    /// −14.4 to −5.9 spans 8.5: a fifth is 1.7, so the step is 2 (the first of 1, 2, 2.5, 5
    /// at least 1.7) and the axis runs from −16 to −4.
    @Test func ticksAreRoundValuesCoveringTheData() {
        let axis = Chart.ticks(low: -14.4, high: -5.9)
        #expect(axis.step == 2 && axis.low == -16 && axis.high == -4)
        #expect(axis.ticks == [-16, -14, -12, -10, -8, -6, -4])
        // 0 to 86: a fifth is 17.2, so 20; 0 to 100.
        #expect(Chart.ticks(low: 0, high: 86).ticks == [0, 20, 40, 60, 80, 100])
        // A flat series still gets an axis.
        #expect(Chart.ticks(low: 3, high: 3).ticks.count >= 2)
    }

    static func chart(_ kind: Chart.Kind, _ values: [Double?]) -> String {
        Chart(
            title: "T", kind: kind, categories: values.indices.map { "c\($0)" },
            series: [.init(name: "a", values: values.map { $0.map(Chart.Point.value) ?? .secret })],
            unit: "%", source: "Source", language: .fr
        ).svg()
    }

    /// A value not published breaks the line (a new `M` after it) and shows an `s`; it is never
    /// drawn as a zero.
    @Test func anUnpublishedValueLeavesAGapInALine() throws {
        let svg = Self.chart(.lines, [1, 2, nil, 4])
        let path = try #require(svg.firstMatch(of: /<path d="([^"]*)"/)?.1)
        #expect(path.filter { $0 == "M" }.count == 2 && path.filter { $0 == "L" }.count == 1)
        #expect(svg.contains(">s</text>"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 3)
    }

    /// A secret value is marked `s`, a value that does not exist `nd`; names with markup
    /// characters are escaped.
    @Test func secretAndMissingValuesAreToldApart() {
        let svg = Chart(
            title: "T & <t>", kind: .bars, categories: ["R&D <x> \"q\"", "b", "c"],
            series: [.init(name: "a", values: [.value(3), .secret, .missing])], unit: "%", source: "Source",
            language: .fr
        ).svg()
        #expect(svg.contains(">s</text>") && svg.contains(">nd</text>"))
        #expect(svg.contains("R&amp;D &lt;x&gt; &quot;q&quot;") && !svg.contains("<x>"))
        #expect(svg.contains("<title>T &amp; &lt;t&gt;</title>"))
    }

    @Test func anUnpublishedValueHasNoBar() {
        let published = Self.chart(.bars, [5, 6, 7]), gap = Self.chart(.bars, [5, nil, 7])
        // One rectangle fewer (the background and the legend swatch are rectangles too).
        #expect(published.components(separatedBy: "<rect").count - gap.components(separatedBy: "<rect").count == 1)
        #expect(gap.contains(">s</text>") && !published.contains(">s</text>"))
    }

    @Test func thousandsAreGroupedInText() {
        #expect(Typography.groupThousands("1234567,5", " ") == "1 234 567,5")
        #expect(Typography.groupThousands("-1234", ",") == "-1,234")
        #expect(Typography.groupThousands("999,99", " ") == "999,99")
    }
}

/// Counts, points and gaps as the notes write them, by hand.
struct NoteWordsTests {
    static let fr = PublicationWords(settings: ReportSettings(language: .fr))
    static let en = PublicationWords(settings: ReportSettings(language: .en))

    @Test func countsAgreeWithTheirNouns() {
        #expect(Self.fr.count(0, "adhérent", "adhérents") == "0\u{00A0}adhérent")
        #expect(Self.fr.count(1, "adhérent", "adhérents") == "1\u{00A0}adhérent")
        #expect(Self.fr.count(2, "adhérent", "adhérents") == "2\u{00A0}adhérents")
        #expect(Self.fr.count(1724, "femme", "femmes") == "1\u{202F}724\u{00A0}femmes")
        #expect(Self.en.count(0, "member", "members") == "0 members")
        #expect(Self.en.count(1, "member", "members") == "1 member")
        #expect(Self.en.count(1724, "woman", "women") == "1,724 women")
    }

    /// The word agrees with the value shown: 1.96 is shown 2,0 and takes the plural in French.
    @Test func pointsAgreeWithTheValueShown() {
        #expect(Self.fr.points(1.2) == "+1,2\u{00A0}point")
        #expect(Self.fr.points(1.96) == "+2,0\u{00A0}points")
        #expect(Self.fr.points(-14.4) == "-14,4\u{00A0}points")
        #expect(Self.en.points(1.0) == "+1.0 point")
        #expect(Self.en.points(0.2) == "+0.2 points")
    }

    /// 30.742 % and 31.989 % are shown 30,7 and 32,0: the gap said is 32,0 − 30,7 = 1,3, not
    /// the 1,2 of 1.247. 14.118 and 15.190 €/h are shown 14,12 and 15,19: the gap is
    /// (15,19 − 14,12)/15,19 = 7.044 %, not the 7.06 % of the unrounded rates.
    @Test func gapsAreComputedFromThePartsShown() {
        let (f, m, gap) = Self.fr.shownParts(30.742, 31.989, places: 1, relative: false)
        #expect(f == "30,7" && m == "32,0" && abs(gap - 1.3) < 1e-12)
        let (a, b, pay) = Self.fr.shownParts(14.118, 15.190, places: 2, relative: true)
        #expect(a == "14,12" && b == "15,19" && abs(pay - 100 * 1.07 / 15.19) < 1e-12)
    }

    @Test func frenchSpacesAreNoBreakSpaces() {
        #expect(
            Typography.french("Réponses : 12 % ; « oui »")
                == "Réponses\u{00A0}: 12\u{202F}%\u{202F}; «\u{202F}oui\u{202F}»")
    }
}
