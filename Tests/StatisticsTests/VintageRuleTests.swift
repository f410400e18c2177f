import Foundation
import Survey
import Testing

@testable import Statistics

/// The consistency rule of vintages (`Barometer.revise`): a question and quarter is one
/// vintage across all groups, so that a frozen group cannot be recovered from the revision
/// of its family minus the revision of a sibling.
///
/// Family `other` = GEIQ (G1–G4) + SAP (S1–S7). Published Q1: the four GEIQ and S1–S4
/// answered, G1 "down", every other member "up". Then G1 is marked inactive and S5–S6–S7
/// send late Q1 returns, all "up". Group by group: GEIQ changed by one member (frozen);
/// SAP by three (Δn = 3); `other` by Δn = 3 − 1 = 2 and Δ(up − down) = 3 + 1 = 4, so at
/// least max(2, ⌈6/2⌉) = 3 members: allowed alone. Revising SAP and `other` would give
/// G1's answer as (other_new − other_old) − (SAP_new − SAP_old) = (2, +4) − (3, +3):
/// one answer fewer, worth −1 in up − down, that is "down".
struct VintageRuleTests {
    static let q1 = Quarter(year: 2014, number: 1)!
    static let q2 = Quarter(year: 2014, number: 2)!
    static let ids = ["G1", "G2", "G3", "G4", "S1", "S2", "S3", "S4", "S5", "S6", "S7"]

    static func registry(inactive: Set<String> = []) -> Registry {
        Registry(
            ids.map { id in
                Member(
                    id: id, name: id, region: "Bretagne", department: "29",
                    structureType: id.hasPrefix("G") ? .geiq : .sap,
                    active: !inactive.contains(id), line: 0)
            })
    }

    static func responses(_ registry: Registry, _ q: Quarter, _ answers: [String: Opinion]) -> [BarometerResponse] {
        answers.sorted { $0.key < $1.key }.map { id, a in
            var r = BarometerResponse(member: registry.index(of: id)!, quarter: q, line: 0)
            r.activityPast = a
            r.activityOutlook = a
            r.employmentPast = a
            r.employmentOutlook = a
            r.cashPosition = a
            r.employeesIntegration = 10
            r.employeesPermanent = 2
            return r
        }
    }

    static var rules: Confidentiality {
        var rules = Confidentiality()
        rules.linkedAudit = false
        return rules
    }

    static func shown(_ x: Double) -> String { String(format: "%.2f", x) }

    static let published: [String: Opinion] = [
        "G1": .down, "G2": .up, "G3": .up, "G4": .up,
        "S1": .up, "S2": .up, "S3": .up, "S4": .up,
    ]

    /// The Q1 series as the report of Q1 published it.
    static func vintage() -> PublishedVintage {
        let registry = registry()
        let t = Barometer(registry: registry, rules: rules).tables(
            for: q1, responses: [q1: responses(registry, q1, published)])
        let rows = t.series.map {
            PublishedSeriesRow(
                group: $0.group, question: $0.question, weighting: $0.weighting, quarter: $0.quarter, n: $0.n,
                balance: $0.balance.map(shown), status: $0.status)
        }
        return PublishedVintage(
            source: "barometer/2014-Q1", manifestSHA256: "", quarter: q1, series: rows,
            activeByType: [.geiq: 4, .sap: 7])
    }

    static func q2Tables(inactive: Set<String>, lateQ1: [String: Opinion]) -> BarometerTables {
        let registry = registry(inactive: inactive)
        let q1Answers = published.merging(lateQ1) { $1 }
        let responses = [q1: responses(registry, q1, q1Answers), q2: responses(registry, q2, published)]
        let barometer = Barometer(registry: registry, rules: rules)
        return barometer.revise(barometer.tables(for: q2, responses: responses), against: vintage(), shown: shown)
    }

    static func row(_ t: BarometerTables, _ g: Group, _ w: Weighting = .unweighted, _ q: Question = .activityPast)
        -> SeriesRow
    {
        t.series.first { $0.group == g && $0.question == q && $0.weighting == w && $0.quarter == q1 }!
    }

    static let other = Group(.family, "other"), sap = Group(.structureType, "SAP"), geiq = Group(.structureType, "GEIQ")

    @Test func aFrozenGroupFreezesItsQuestionAndQuarterInEveryGroup() {
        let t = Self.q2Tables(inactive: ["G1"], lateQ1: ["S5": .up, "S6": .up, "S7": .up])
        // As published: other 8 answers, 7 up 1 down → 75.00; SAP 4 up of 4 → 100.00; GEIQ 3 up 1 down of 4 → 50.00.
        #expect(Self.row(t, Self.other).n == 8 && Self.row(t, Self.other).balance == 75)
        #expect(Self.row(t, Self.sap).n == 4 && Self.row(t, Self.sap).balance == 100)
        #expect(Self.row(t, Self.geiq).n == 4 && Self.row(t, Self.geiq).balance == 50)
        #expect(Self.row(t, .all).n == 8 && Self.row(t, .all).balance == 75)
        // Every question of Q1 is frozen: no revision, and G1's answer cannot be differenced out.
        #expect(t.vintage?.revisions == [])
        // 5 questions + climate, 4 groups (all, other, GEIQ, SAP) whose rows changed, 3 weightings.
        #expect(t.vintage?.frozen == 6 * 4 * 3)
        // The change on the quarter starts from the published Q1 (75), not the recomputed one
        // (10 up of 10 = 100), which it would otherwise give away: Q2 is 7 up of 7 = 100, +25.
        let q2 = t.balances.first { $0.group == .all && $0.question == .activityPast && $0.weighting == .unweighted }!
        #expect(q2.estimate?.balance == 100 && q2.deltaPrevQuarter == 25)
    }

    @Test func withoutTheLeaverTheThreeLateReturnsAreARevision() {
        let t = Self.q2Tables(inactive: [], lateQ1: ["S5": .up, "S6": .up, "S7": .up])
        // other: 10 up 1 down of 11 → 900/11 = 81.82; SAP 7 up of 7 → 100.00 (n 4 → 7); GEIQ unchanged.
        #expect(Self.row(t, Self.other).n == 11 && Self.shown(Self.row(t, Self.other).balance!) == "81.82")
        #expect(Self.row(t, Self.sap).n == 7 && Self.row(t, Self.sap).balance == 100)
        #expect(Self.row(t, Self.geiq).n == 4 && Self.row(t, Self.geiq).balance == 50)
        #expect(Self.row(t, Self.other, .poststratified).n == 11)
        #expect(t.vintage?.frozen == 0)
        // all, other, SAP × (5 questions + climate), unweighted.
        #expect(t.vintage?.revisions.count == 18)
        let first = t.vintage?.revisions.first
        #expect(first?.group == .all && first?.question == .activityPast && first?.quarter == Self.q1)
        #expect(first?.old == 75 && first?.new.map(Self.shown) == "81.82" && first?.newStatus == .ok)
    }

    /// Only the registry changed: G1, who never answered, is marked inactive. Answers: G2 up,
    /// G3 stable, G4 down, S1–S4 up. Unweighted `all` stays (5 − 1)/7 = 57.14; post-stratified
    /// `all` moves from (4·0 + 7·1)/11 = 63.64 to (3·0 + 7·1)/10 = 70.00 and the
    /// employment-weighted one likewise (weights N_h/n_h·x_i, every x_i = 12): two equations
    /// in the same stratum means, which a change of weights alone must not publish. Kept:
    /// `all` and `other` (the same members here) × employment and post-stratified × 5
    /// questions and climate = 24 figures.
    @Test func aChangeOfTheWeightsAloneIsNotARevision() {
        let answers: [String: Opinion] = [
            "G2": .up, "G3": .stable, "G4": .down, "S1": .up, "S2": .up, "S3": .up, "S4": .up,
        ]
        let registry = Self.registry()
        let t1 = Barometer(registry: registry, rules: Self.rules).tables(
            for: Self.q1, responses: [Self.q1: Self.responses(registry, Self.q1, answers)])
        let vintage = PublishedVintage(
            source: "barometer/2014-Q1", manifestSHA256: "", quarter: Self.q1,
            series: t1.series.map {
                PublishedSeriesRow(
                    group: $0.group, question: $0.question, weighting: $0.weighting, quarter: $0.quarter, n: $0.n,
                    balance: $0.balance.map(Self.shown), status: $0.status)
            }, activeByType: [.geiq: 4, .sap: 7])
        #expect(
            vintage.series.first {
                $0.group == .all && $0.weighting == .poststratified && $0.question == .activityPast
            }?.balance == "63.64")
        let after = Self.registry(inactive: ["G1"])
        let barometer = Barometer(registry: after, rules: Self.rules)
        let recomputed = barometer.tables(
            for: Self.q2,
            responses: [
                Self.q1: Self.responses(after, Self.q1, answers),
                Self.q2: Self.responses(after, Self.q2, Self.published),
            ])
        #expect(Self.shown(Self.row(recomputed, .all, .poststratified).balance!) == "70.00")
        let t = barometer.revise(recomputed, against: vintage, shown: Self.shown)
        #expect(Self.shown(Self.row(t, .all, .poststratified).balance!) == "63.64")
        #expect(Self.shown(Self.row(t, .all).balance!) == "57.14")
        #expect(t.vintage?.revisions == [])
        #expect(t.vintage?.frozenByRegistry == 24 && t.vintage?.frozenByAnswers == 0)
    }
}
