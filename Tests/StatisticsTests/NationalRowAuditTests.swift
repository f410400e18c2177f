import Testing
@testable import Statistics
import Survey

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
        let answers: [(String, Opinion)] = [("A1", .stable), ("A2", .stable), ("A3", .down), ("A4", .down),
                                            ("C1", .down), ("C2", .stable), ("C3", .stable), ("C4", .down), ("E1", .down)]
        let q4 = answers.map { B.response($0.0, B.q4, activity: $0.1) }
        let t = Barometer(registry: B.registry, rules: Confidentiality()).tables(for: B.q4, responses: [B.q4: q4])
        let national = B.balance(t, .all)
        #expect(national.status == .ok && national.estimate?.pctUp == 0)
        #expect(B.balance(t, Group(.structureType, "EI")).status == .confidential)
        let audit = try #require(t.audit)
        #expect(audit.isComplete, "\(audit.unprotected)")
    }
}
