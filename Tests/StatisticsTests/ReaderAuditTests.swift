import DisclosureAudit
import Statistics
import Testing

/// The reader's audit of `observatory audit`: its verdict from an interval alone, and the
/// hierarchy it rebuilds from published figures, on hand-made figures.
struct ReaderAuditTests {
    /// Money and totals: exposed when no v in [lower, upper] has lower ≤ 0.9·v and
    /// upper ≥ 1.1·v, i.e. 1.1·lower > 0.9·upper. [100, 120]: 110 > 108, exposed;
    /// [100, 125]: 110 < 112.5, v = 111 works; [0, 5]: v = 0 works. One point always exposes.
    @Test func verdictOnMoney() {
        #expect(ReaderAudit.isExposed(kind: .money, lower: 100, upper: 120))
        #expect(!ReaderAudit.isExposed(kind: .money, lower: 100, upper: 125))
        #expect(!ReaderAudit.isExposed(kind: .money, lower: 100, upper: 100 * 1.1 / 0.9))
        // Reaching an a priori upper bound protects above: v = 200 has [180, 200] inside
        // [170, 200], not inside [185, 200].
        #expect(!ReaderAudit.isExposed(kind: .money, lower: 170, upper: 200, upperBound: 200))
        #expect(ReaderAudit.isExposed(kind: .money, lower: 185, upper: 200, upperBound: 200))
        #expect(ReaderAudit.isExposed(kind: .money, lower: 170, upper: 199, upperBound: 200))
        #expect(!ReaderAudit.isExposed(kind: .total, lower: 0, upper: 5))
        #expect(ReaderAudit.isExposed(kind: .total, lower: 0, upper: 0))
        #expect(ReaderAudit.isExposed(kind: .money, lower: 65_020, upper: 65_020 + 1e-4))
        #expect(!ReaderAudit.isExposed(kind: .money, lower: 10, upper: .infinity))
    }

    /// Counts of answers: exposed when the interval holds fewer than two whole numbers.
    @Test func verdictOnCounts() {
        #expect(ReaderAudit.isExposed(kind: .answerCount, lower: 2, upper: 2.9))
        #expect(!ReaderAudit.isExposed(kind: .answerCount, lower: 2, upper: 3))
        #expect(!ReaderAudit.isExposed(kind: .answerCount, lower: -3, upper: 3))
        // One answer wide, one whole number inside: a count is whole, so exposed.
        #expect(ReaderAudit.isExposed(kind: .answerCount, lower: 0.5, upper: 1.5))
        #expect(!ReaderAudit.isExposed(kind: .answerCount, lower: 0.5, upper: 2))
    }

    /// Two contributors each, eight for `all` (a part with as many as `all` would hold every
    /// contributor and have the national value: see `holdingEveryContributorIsNoSecret`).
    private func figure(_ group: Group, _ value: Double?, _ status: CellStatus) -> ReaderAudit.Figure {
        .init(
            column: "x", group: group, value: value, status: status, contributors: group == .all ? 8 : 2, kind: .total,
            place: .init(file: "t.csv", line: 2, column: "x"), label: "x of \(group)")
    }

    /// all = ACI + AI + GEIQ with all = 10, ACI = 6, GEIQ = 1 published: AI blank by a primary
    /// rule is 10 − 6 − 1 = 3 exactly. With GEIQ blank too (secondary), AI + GEIQ = 4 and
    /// both ≥ 0: AI ∈ [0, 4], GEIQ ∈ [0, 4], no verdict on GEIQ, AI protected (v = 0 fits).
    @Test func hierarchyOfPublishedFigures() throws {
        let aci = Group(.structureType, "ACI"), ai = Group(.structureType, "AI"), geiq = Group(.structureType, "GEIQ")
        let one = ReaderAudit.hierarchies(
            [figure(.all, 10, .ok), figure(aci, 6, .ok), figure(ai, nil, .confidential), figure(geiq, 1, .ok)],
            tolerance: 0)
        let exact = try ReaderAudit.run(one)
        #expect(exact.cells == 4 && exact.relations == 1 && exact.suppressed == 1 && exact.sensitive == 1)
        #expect(exact.intervals.count == 1)
        let recovered = try #require(exact.intervals.first)
        #expect(abs(recovered.lower - 3) < 1e-9 && abs(recovered.upper - 3) < 1e-9 && recovered.isExposed)

        let two = ReaderAudit.hierarchies(
            [
                figure(.all, 10, .ok), figure(aci, 6, .ok), figure(ai, nil, .confidential),
                figure(geiq, nil, .confidentialSecondary),
            ],
            tolerance: 0)
        let wide = try ReaderAudit.run(two)
        #expect(wide.suppressed == 2 && wide.sensitive == 1 && wide.exposed.isEmpty)
        for interval in wide.intervals {
            #expect(abs(interval.lower) < 1e-9 && abs(interval.upper - 4) < 1e-9, "\(interval.figure.label)")
        }
    }

    /// Published figures that contradict their hierarchy are reported, not audited.
    @Test func contradictionIsReported() throws {
        let aci = Group(.structureType, "ACI"), ai = Group(.structureType, "AI")
        let parts = ReaderAudit.hierarchies(
            [figure(.all, 10, .ok), figure(aci, 6, .ok), figure(ai, 5, .ok)], tolerance: 0)
        let result = try ReaderAudit.run(parts)
        #expect(result.contradictions == ["x"])
    }

    /// all = ACI + AI with AI blank by a primary rule and ACI published as 0 with no
    /// contributor: AI = all exactly, and AI holds every contributor of `all` (2 of 2). That
    /// is the national figure's news, no suppression short of the headline could hide it, so
    /// no verdict (the job's audit exempts the same cell: `LinkedTables.hierarchy`). With a
    /// third member in `all` (3 contributors), AI = 10 − 0 is exposed again.
    @Test func holdingEveryContributorIsNoSecret() throws {
        let aci = Group(.structureType, "ACI"), ai = Group(.structureType, "AI")
        func figures(national contributors: Int) -> [ReaderAudit.Figure] {
            [
                .init(
                    column: "x", group: .all, value: 10, status: .ok, contributors: contributors, kind: .total,
                    place: .init(file: "t.csv", line: 2, column: "x"), label: "all"),
                .init(
                    column: "x", group: aci, value: 0, status: .noData, contributors: 0, kind: .total,
                    place: .init(file: "t.csv", line: 3, column: "x"), label: "ACI"),
                .init(
                    column: "x", group: ai, value: nil, status: .confidential, contributors: 2, kind: .total,
                    place: .init(file: "t.csv", line: 4, column: "x"), label: "AI"),
            ]
        }
        let same = try ReaderAudit.run(ReaderAudit.hierarchies(figures(national: 2), tolerance: 0))
        #expect(same.intervals.count == 1 && same.exposed.isEmpty && same.sensitive == 0)
        let more = try ReaderAudit.run(ReaderAudit.hierarchies(figures(national: 3), tolerance: 0))
        #expect(more.exposed.count == 1 && more.sensitive == 1)
    }
}
