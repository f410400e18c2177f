import Survey
import Testing

@testable import Statistics

/// The audit of the barometer's answers on a network of nine members (BarometerTests'
/// registry: four AI, four ACI, one EI, one region), where the national row is all there is
/// above the types: what it may and may not hide.
struct NationalRowAuditTests {
    typealias B = BarometerTests

    /// Nobody answered "hausse": the national row publishes 0 % up, so every group's count of
    /// "up" is 0, the lone EI's included. That is the national figure's news; the audit must
    /// not ask for an interval no suppression could give (it refused the whole report before).
    /// Answers: A1–A4 stable, stable, down, down; C1–C4 down, stable, stable, down; E1 down.
    @Test func anAnswerNobodyGaveIsNotTheHiddenMembersSecret() throws {
        let answers: [(String, Opinion)] = [
            ("A1", .stable), ("A2", .stable), ("A3", .down), ("A4", .down),
            ("C1", .down), ("C2", .stable), ("C3", .stable), ("C4", .down), ("E1", .down),
        ]
        let q4 = answers.map { B.response($0.0, B.q4, activity: $0.1) }
        let t = Barometer(registry: B.registry, rules: Confidentiality()).tables(for: B.q4, responses: [B.q4: q4])
        let national = B.balance(t, .all)
        #expect(national.status == .ok && national.estimate?.pctUp == 0)
        #expect(B.balance(t, Group(.structureType, "EI")).status == .confidential)
        let audit = try #require(t.audit)
        #expect(audit.isComplete, "\(audit.unprotected)")
    }

    /// Every member of this network is of the family SIAE, so the family's answers are the
    /// national ones. A1 employs 1,000 people and the others one each: A1 carries more than
    /// 85 % of the employment-weighted family row, which is hidden (and with it, the family's
    /// counts are treated as sensitive in every weighting). Nothing short of the national row
    /// could hide counts equal to the national ones; the audit must not refuse the report for
    /// them. Answers: A1 up, A2 up, A3 stable, A4 down, C1 down, C2 stable, C3 up, C4 down.
    @Test func aFamilyWithEveryRespondentHasTheNationalCounts() throws {
        let answers: [(String, Opinion, Int)] = [
            ("A1", .up, 1000), ("A2", .up, 1), ("A3", .stable, 1), ("A4", .down, 1),
            ("C1", .down, 1), ("C2", .stable, 1), ("C3", .up, 1), ("C4", .down, 1),
        ]
        let q4 = answers.map { B.response($0.0, B.q4, activity: $0.1, staff: ($0.2, 0)) }
        let t = Barometer(registry: B.registry, rules: Confidentiality()).tables(for: B.q4, responses: [B.q4: q4])
        let siae = Group(.family, "SIAE")
        #expect(B.balance(t, siae, .activityPast, .employment).status == .confidential)
        #expect(B.balance(t, siae, .activityPast, .unweighted).estimate?.n == B.balance(t, .all).estimate?.n)
        let audit = try #require(t.audit)
        #expect(audit.isComplete, "\(audit.unprotected)")
    }
}
