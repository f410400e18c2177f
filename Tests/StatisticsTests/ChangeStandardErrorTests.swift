import Foundation
import Ingestion
import Survey
import TestSupport
import Testing

@testable import Statistics

/// Standard errors of the changes of balances (issue #9 item 7) as the barometer publishes
/// them: the leave-one-out balances of each period paired by member, on hand-made networks
/// (the arithmetic in the comments, checked with Python's `fractions`), and against the
/// estimator re-run on each replicate on the sample.
struct ChangeStandardErrorTests {
    static let q3 = Quarter(year: 2014, number: 3)!, q4 = Quarter(year: 2014, number: 4)!

    /// Five AI members and three ACI, all active: N = 8, N_AI = 5, N_ACI = 3.
    static let registry = Registry(
        ["A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3"].map { id in
            Member(
                id: id, name: id, region: "Bretagne", department: "29", structureType: id.hasPrefix("A") ? .ai : .aci,
                active: true, line: 0)
        })

    /// A response whose four climate components are `o` unless `cash` says otherwise.
    static func response(_ id: String, _ q: Quarter, _ o: Opinion?, cash: Opinion?? = nil, headcount: Int? = nil)
        -> BarometerResponse
    {
        var r = BarometerResponse(member: registry.index(of: id)!, quarter: q, line: 0)
        (r.activityPast, r.activityOutlook, r.employmentPast, r.employmentOutlook) = (o, o, o, o)
        r.cashPosition = cash ?? o
        r.employeesIntegration = headcount
        return r
    }

    static let barometer = Barometer(registry: registry, rules: Confidentiality(enabled: false))

    @Test func poststratifiedChangeMergesStrataAgainInEachReplicate() throws {
        // Q4: AI A1 +1, A2 −1, A3 0; ACI C1 +1 (one answer: merged into AI, its family) →
        //     one stratum of N = 8: (1 − 1 + 0 + 1)/4 → 25.
        // Q3: AI A1 −1, A4 +1; ACI C1 +1, C2 −1 → 5/8 · 0 + 3/8 · 0 = 0. Δ = 25.
        // Members of either quarter: A1 A2 A3 A4 C1 C2, m = 6, f = 6/8.
        // Replicates (each quarter merged again on the members kept):
        //   −A1: Q4 {−1, 0} + ACI {+1} merged → 0;    Q3 AI {+1} merged into ACI {+1, −1} → 100/3;  Δ = −100/3
        //   −A2: Q4 {+1, 0, +1} → 200/3;              Q3 0;                                         Δ = 200/3
        //   −A3: Q4 {+1, −1, +1} → 100/3;             Q3 0;                                         Δ = 100/3
        //   −A4: Q4 25;                               Q3 {−1} merged with {+1, −1} → −100/3;       Δ = 175/3
        //   −C1: Q4 AI {+1, −1, 0} (ACI, no answer, merged) → 0; Q3 ACI {−1} merged → −100/3;     Δ = 100/3
        //   −C2: Q4 25;                               Q3 ACI {+1} merged → 100/3;                   Δ = −25/3
        // Δ̄ = 450/18 = 25; deviations (in thirds) −175, 125, 25, 100, 25, −100: Σ² = 67 500/9 = 7500.
        // se² = (1 − 6/8) · 5/6 · 7500 = 1562.5 → se = 39.528470752104745.
        let current = [
            Self.response("A1", Self.q4, .up), Self.response("A2", Self.q4, .down),
            Self.response("A3", Self.q4, .stable),
            Self.response("C1", Self.q4, .up),
        ]
        let previous = [
            Self.response("A1", Self.q3, .down), Self.response("A4", Self.q3, .up), Self.response("C1", Self.q3, .up),
            Self.response("C2", Self.q3, .down),
        ]
        let c = try #require(
            Self.barometer.change(.activityPast, .poststratified, .all, previous: previous, current: current))
        #expect(c.members == 6 && abs(c.change - 25) < 1e-12)
        let reps: [Double] = [-100, 200, 100, 175, 100, -25].map { $0 / 3 }
        #expect(
            c.replicates.count == 6 && zip(c.replicates, reps).allSatisfy { abs($0 - $1) < 1e-12 }, "\(c.replicates)")
        #expect(abs(c.se! - 1562.5.squareRoot()) < 1e-12)
        #expect(abs(c.se! - 39.528470752104745) < 1e-12)
        // |Δ| = 25 < 1.96 × 39.5: within sampling error.
        #expect(c.isSignificant == false)

        // The publication carries it beside the delta; there is no Q − 4, so no delta or se on a year.
        let tables = Self.barometer.tables(for: Self.q4, responses: [Self.q3: previous, Self.q4: current])
        let row = try #require(
            tables.balances.first {
                $0.group == .all && $0.question == .activityPast && $0.weighting == .poststratified
            })
        #expect(abs(row.deltaPrevQuarter! - 25) < 1e-12)
        #expect(abs(row.seDeltaPrevQuarter! - 39.528470752104745) < 1e-12)
        #expect(row.deltaPrevYear == nil && row.seDeltaPrevYear == nil)
    }

    @Test func climateChangeDeletesAMemberFromEveryComponent() throws {
        // Unweighted, group all (N = 8). Q3: A1 answers −1 and A4 +1 to everything → each
        // component 0, climate 0. Q4: A1 +1 but no cash answer, A2 0, A3 +1: activity past,
        // activity outlook, employment outlook 200/3 each, cash {0, +1} → 50;
        // climate (3 · 200/3 + 50)/4 = 62.5 = Δ. Members A1–A4: m = 4, f = 1/2.
        //   −A1: Q4 components {0, +1} → 50 ×3, cash 50 (A1 not in it) → 50; Q3 100;   Δ = −50
        //   −A2: Q4 100 ×3, cash {+1} 100 → 100;                           Q3 0;     Δ = 100
        //   −A3: Q4 {+1, 0} 50 ×3, cash {0} 0 → 37.5;                       Q3 0;     Δ = 37.5
        //   −A4: Q4 62.5;                                                  Q3 −100;  Δ = 162.5
        // Δ̄ = 62.5; deviations −112.5, 37.5, −25, 100; Σ² = 24 687.5.
        // se² = 1/2 · 3/4 · 24 687.5 = 9257.8125 → se = 96.21752698962908.
        let previous = [Self.response("A1", Self.q3, .down), Self.response("A4", Self.q3, .up)]
        let current = [
            Self.response("A1", Self.q4, .up, cash: .some(nil)), Self.response("A2", Self.q4, .stable),
            Self.response("A3", Self.q4, .up),
        ]
        let c = try #require(Self.barometer.change(.climate, .unweighted, .all, previous: previous, current: current))
        #expect(c.members == 4 && abs(c.change - 62.5) < 1e-12)
        #expect(zip(c.replicates, [-50, 100, 37.5, 162.5]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(c.replicates)")
        #expect(abs(c.se! - 96.21752698962908) < 1e-12)

        let tables = Self.barometer.tables(for: Self.q4, responses: [Self.q3: previous, Self.q4: current])
        let row = try #require(
            tables.balances.first { $0.group == .all && $0.question == .climate && $0.weighting == .unweighted })
        #expect(abs(row.deltaPrevQuarter! - 62.5) < 1e-12 && abs(row.seDeltaPrevQuarter! - 96.21752698962908) < 1e-12)
    }

    @Test func employmentChangeImputesHeadcountsAgainInEachReplicate() throws {
        // Group AI: one stratum, N = 5. Q4: A1 +1 (10), A2 −1 (missing → median of 10 20 40 =
        // 20), A3 0 (20), A4 +1 (40); weights 5/4 × (10, 20, 20, 40): B = (10 − 20 + 40)/90 → 100/3.
        // Q3: A1 −1 (10), A3 +1 (30): (−10 + 30)/40 → 50. Δ = −50/3. m = 4, f = 4/5.
        //   −A1: Q4 A2 takes median(20, 40) = 30: (−30 + 40)/90 → 100/9;  Q3 {A3} 100;  Δ = −800/9
        //   −A2: Q4 (10 + 40)/70 → 500/7;                                  Q3 50;        Δ = 150/7
        //   −A3: Q4 A2 takes median(10, 40) = 25: (10 − 25 + 40)/75 → 100/3; Q3 {A1} −100; Δ = 400/3
        //   −A4: Q4 A2 takes median(10, 20) = 15: (10 − 15)/45 → −100/9;   Q3 50;        Δ = −550/9
        // se = √((1 − 4/5) · 3/4 · Σ (Δ_j − Δ̄)²) = 66.93328206446618 (Python, from the fractions).
        let current = [
            Self.response("A1", Self.q4, .up, headcount: 10), Self.response("A2", Self.q4, .down),
            Self.response("A3", Self.q4, .stable, headcount: 20), Self.response("A4", Self.q4, .up, headcount: 40),
        ]
        let previous = [
            Self.response("A1", Self.q3, .down, headcount: 10), Self.response("A3", Self.q3, .up, headcount: 30),
        ]
        let ai = Group(.structureType, "AI")
        let c = try #require(
            Self.barometer.change(.activityPast, .employment, ai, previous: previous, current: current))
        #expect(c.members == 4 && abs(c.change + 50.0 / 3) < 1e-12)
        let reps: [Double] = [-800 / 9, 150 / 7, 400 / 3, -550 / 9]
        #expect(zip(c.replicates, reps).allSatisfy { abs($0 - $1) < 1e-12 }, "\(c.replicates)")
        #expect(abs(c.se! - 66.93328206446618) < 1e-12)
    }

    @Test func aReplicateWithoutAnEstimateLeavesNoStandardError() throws {
        // Q3 has one answer: deleting A1 leaves Q3 without a balance in every weighting.
        let previous = [Self.response("A1", Self.q3, .up, headcount: 3)]
        let current = [
            Self.response("A1", Self.q4, .down, headcount: 3), Self.response("A2", Self.q4, .up, headcount: 5),
        ]
        for w in Weighting.allCases {
            let c = try #require(Self.barometer.change(.activityPast, w, .all, previous: previous, current: current))
            #expect(c.se == nil && c.replicates.isEmpty && c.members == 2, "\(w)")
        }
        #expect(Self.barometer.change(.activityPast, .unweighted, .all, previous: [], current: current) == nil)
    }

    /// The O(n) leave-one-out path gives what re-running the published estimator on each
    /// replicate gives (the O(n²) definition), on the sample's 2014-Q4 against Q3 and 2013-Q4:
    /// every question, the climate and every weighting, in the whole network, the families,
    /// the structure types and three regions.
    @Test func leaveOneOutEqualsTheEstimatorReRunOnEachReplicate() throws {
        let loaded = DatasetLoader(root: TestSupport.datasets.path, surveys: [.barometer]).load()
        let registry = loaded.dataset.registry
        let barometer = Barometer(registry: registry, rules: Confidentiality(enabled: false))
        let frame = barometer.frame
        let q = Quarter(year: 2014, number: 4)!
        let regions = Array(frame.groups.filter { $0.breakdown == .region }.prefix(3))
        let groups = frame.groups.filter { $0.breakdown != .region } + regions
        var compared = 0, withoutSE = 0, largest = 0.0
        for before in [q.previous, q.yearEarlier] {
            let p = loaded.dataset.barometer[before] ?? [], c = loaded.dataset.barometer[q] ?? []
            for g in groups {
                func answering(_ rs: [BarometerResponse], _ question: Question) -> [BarometerResponse] {
                    rs.filter { r in
                        registry.isActive[r.member] && frame.groups(ofMember: r.member).contains(g)
                            && (question == .climate
                                ? Question.climateComponents.contains { $0.code(r) != nil } : question.code(r) != nil)
                    }
                }
                for question in Question.allCases {
                    for w in Weighting.allCases {
                        let fast = barometer.change(question, w, g, previous: p, current: c)
                        let slow = ChangeJackknife.change(
                            previous: answering(p, question), current: answering(c, question),
                            member: \.member, population: frame.activeMembers[g] ?? 0,
                            estimator: barometer.balanceEstimator(question, w, g))
                        let label = "\(before) \(g) \(question) \(w)"
                        #expect((fast == nil) == (slow == nil), "\(label)")
                        guard let fast, let slow else { continue }
                        #expect(
                            fast.members == slow.members && fast.replicates.count == slow.replicates.count, "\(label)")
                        #expect((fast.se == nil) == (slow.se == nil), "\(label)")
                        var d = abs(fast.change - slow.change)
                        for (a, b) in zip(fast.replicates, slow.replicates) { d = max(d, abs(a - b)) }
                        if let a = fast.se, let b = slow.se { d = max(d, abs(a - b)) } else { withoutSE += 1 }
                        #expect(d < 1e-9, "\(label): \(d)")
                        largest = max(largest, d)
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 300 && withoutSE < compared / 4, "\(compared) compared, \(withoutSE) without se")
    }

    /// The climate's replicates read off its components' (`Barometer.ClimateReplicates`) are
    /// those of `LeaveOneOut.mean` on the components' leave-one-out balances, bit for bit:
    /// respondents in some components only, a component's nil replicate, a respondent who
    /// answered none (not in the climate's cell).
    @Test func climateReplicatesAreTheMeanOfTheComponents() {
        let members: [Int32] = [1, 2, 3, 4, 5, 9, 11]
        let parts = [
            Replicates(full: 12.5, values: [10, nil, 13.75], kinds: [0, -1, -1, 1, -1, 2, -1]),
            Replicates(full: -3.1, values: [-2.9, -3.3], kinds: [-1, 0, -1, 1, -1, -1, -1]),
            Replicates(full: 0.7, values: [], kinds: [-1, -1, -1, -1, -1, -1, -1]),
            Replicates(full: 41.0 / 3, values: [13, 14.1, 1.0 / 7, 12, 15], kinds: [0, 1, 2, -1, -1, 3, 4]),
        ]
        let climate = Barometer.ClimateReplicates(parts: parts, members: members)
        let whole = LeaveOneOut.mean(parts.map { $0.leaveOneOut(members: members.map { Int($0) }) })
        #expect(climate.full.bitPattern == whole.full.bitPattern)
        let answering = members.indices.filter { climate.isAnswered($0) }
        #expect(answering.map { Int(members[$0]) } == whole.members && whole.members == [1, 2, 3, 4, 9, 11])
        #expect(answering.map { climate.deleted($0)?.bitPattern } == whole.deleted.map { $0?.bitPattern })
        #expect(climate.deleted(3) == nil)
    }
}

/// The publication pairs the periods' replicates through its groups' columns
/// (`Barometer.deltas`); `Barometer.change` pairs `LeaveOneOut` balances, the form the
/// re-run estimator holds. Both must give the same standard error, bit for bit, on every
/// published delta of the sample.
struct PublishedChangeStandardErrorTests {
    @Test func publishedStandardErrorsAreThoseOfTheLeaveOneOutBalances() throws {
        let loaded = DatasetLoader(root: TestSupport.datasets.path, surveys: [.barometer]).load()
        let barometer = Barometer(registry: loaded.dataset.registry, rules: Confidentiality())
        let q = Quarter(year: 2014, number: 4)!
        let tables = barometer.tables(for: q, responses: loaded.dataset.barometer)
        var compared = 0
        for row in tables.balances {
            for (before, published) in [(q.previous, row.seDeltaPrevQuarter), (q.yearEarlier, row.seDeltaPrevYear)] {
                let delta = before == q.previous ? row.deltaPrevQuarter : row.deltaPrevYear
                guard delta != nil else {
                    #expect(published == nil)
                    continue
                }
                let reference = barometer.change(
                    row.question, row.weighting, row.group, previous: loaded.dataset.barometer[before] ?? [],
                    current: loaded.dataset.barometer[q] ?? [])
                let label = "\(row.group) \(row.question) \(row.weighting) \(before)"
                #expect(published?.bitPattern == reference?.se?.bitPattern, "\(label): \(published as Any)")
                if published != nil { compared += 1 }
            }
        }
        // The sample publishes some 500 deltas with a standard error (both lags).
        #expect(compared > 300, "\(compared)")
    }
}

/// The publication's employment-weighted estimates are made from each group's respondents laid
/// out once by structure type (`Barometer.StratumColumns`); `Barometer.estimate` gives the
/// estimator the strata of each question's answers (`weightedStrata`), which the hand-made
/// cases and the R checks hold. Both layouts must give the same figures, bit for bit, on every
/// group, question and quarter of the sample: the same strata, answers and order.
struct EmploymentEstimateColumnsTests {
    @Test func columnsGiveTheEstimatorsFigures() throws {
        let loaded = DatasetLoader(root: TestSupport.datasets.path, surveys: [.barometer]).load()
        let barometer = Barometer(registry: loaded.dataset.registry, rules: Confidentiality())
        var compared = 0
        for (_, responses) in loaded.dataset.barometer {
            for (g, sample) in barometer.respondentsByGroup(responses) {
                let columns = Barometer.StratumColumns(sample, loaded.dataset.registry)
                for (qi, question) in Question.answered.enumerated() {
                    let fast = barometer.employmentEstimate(columns, question: qi, g)
                    let reference = barometer.estimate(question, .employment, sample, g)
                    #expect(fast == reference, "\(g) \(question)")
                    #expect(fast?.se?.bitPattern == reference?.se?.bitPattern, "\(g) \(question)")
                    #expect(fast?.balance.bitPattern == reference?.balance.bitPattern, "\(g) \(question)")
                    if fast != nil { compared += 1 }
                }
            }
        }
        #expect(compared > 500, "\(compared)")
    }
}
