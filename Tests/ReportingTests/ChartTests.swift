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
            series: [.init(name: "a", values: values)],
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
