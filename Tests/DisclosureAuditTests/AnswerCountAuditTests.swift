import DisclosureAudit
import Testing

/// Counts of answers are protected by an interval holding two whole values, not by 10 %.
struct AnswerCountAuditTests {
    /// "hausse" answers: all = A + B with all = 21 published, A = 20 and B = 1 suppressed.
    /// A priori A ≤ 30 (its respondents) and B ≤ `respondentsOfB`.
    static func table(respondentsOfB: Double, kind: AuditCell.Kind = .answerCount) -> AuditTable {
        AuditTable(
            cells: [
                AuditCell(id: "A", value: 20, status: .suppressed, kind: kind, contributors: 30, upperBound: 30),
                AuditCell(
                    id: "B", value: 1, status: .suppressed, kind: kind, contributors: 2,
                    upperBound: respondentsOfB),
                AuditCell(id: "all", value: 21, kind: kind, contributors: 32),
            ],
            relations: [AuditRelation(total: "all", parts: ["A", "B"])])
    }

    /// B has one respondent: B ∈ [0, 1], so A = 21 − B ∈ [20, 21]: both one answer wide, the
    /// boundary: protected (a reader cannot tell whether B's member answered "up").
    @Test func oneAnswerWideIsProtected() throws {
        let intervals = try audit(Self.table(respondentsOfB: 1))
        let a = try interval("A", in: intervals)
        #expect(close(a.lower, 20) && close(a.upper, 21) && a.isProtected)
        let b = try interval("B", in: intervals)
        #expect(close(b.lower, 0) && close(b.upper, 1) && b.isProtected)
    }

    /// With all = 21 and A published (20), B = 1 exactly: width 0, unprotected.
    @Test func anExactCountIsUnprotected() throws {
        var table = Self.table(respondentsOfB: 1)
        table.cells[0].status = .published
        let b = try interval("B", in: try audit(table))
        #expect(close(b.lower, 1) && close(b.upper, 1) && !b.isProtected)
    }

    /// B has two respondents: B ∈ [0, 2], A ∈ [19, 21]: two answers wide, protected.
    @Test func twoAnswersWideIsProtected() throws {
        let intervals = try audit(Self.table(respondentsOfB: 2))
        let a = try interval("A", in: intervals)
        #expect(close(a.lower, 19) && close(a.upper, 21) && a.isProtected)
        let b = try interval("B", in: intervals)
        #expect(close(b.lower, 0) && close(b.upper, 2) && b.isProtected)
    }

    /// The same A ∈ [19, 21] read as money: ±10 % of 20 is ±2, and 19 > 18: unprotected.
    @Test func theSameIntervalDoesNotProtectMoney() throws {
        let intervals = try audit(Self.table(respondentsOfB: 2, kind: .money))
        let a = try interval("A", in: intervals)
        #expect(close(a.lower, 19) && close(a.upper, 21) && !a.isProtected)
    }

    /// The rule by itself, at its boundaries.
    @Test func ruleMargins() {
        let rule = ProtectionRule()
        #expect(rule.margin(for: .money, value: 250) == 25)
        #expect(rule.margin(for: .total, value: -40) == 4)
        #expect(rule.margin(for: .answerCount, value: 7) == 1)
        #expect(rule.isProtected(value: 100, kind: .money, lower: 90, upper: 110))
        #expect(!rule.isProtected(value: 100, kind: .money, lower: 90.5, upper: 200))
        #expect(!rule.isProtected(value: 100, kind: .money, lower: 0, upper: 109.5))
        #expect(rule.isProtected(value: 100, kind: .money, lower: 0, upper: .infinity))
        #expect(rule.isProtected(value: 3, kind: .answerCount, lower: 2, upper: 4))
        #expect(rule.isProtected(value: 3, kind: .answerCount, lower: 3, upper: 4))
        #expect(rule.isProtected(value: 0, kind: .answerCount, lower: 0, upper: 1))
        #expect(!rule.isProtected(value: 3, kind: .answerCount, lower: 2.5, upper: 3.4))
        // One answer wide but holding one whole number only: a count is whole, so 1.
        #expect(!rule.isProtected(value: 1, kind: .answerCount, lower: 0.5, upper: 1.5))
        #expect(!rule.isProtected(value: 1, kind: .answerCount, lower: 0.2, upper: 1.9))
        #expect(rule.isProtected(value: 1, kind: .answerCount, lower: 0.5, upper: 2))
        // A sum of two members' shares at its a priori bound 200 (both at 100 %): the upper
        // level stops at the bound, the lower one is 180.
        #expect(rule.isProtected(value: 200, kind: .money, lower: 180, upper: 200, lowerBound: 0, upperBound: 200))
        #expect(!rule.isProtected(value: 200, kind: .money, lower: 181, upper: 200, lowerBound: 0, upperBound: 200))
        #expect(!rule.isProtected(value: 195, kind: .money, lower: 170, upper: 199, lowerBound: 0, upperBound: 200))
        #expect(rule.isProtected(value: 195, kind: .money, lower: 170, upper: 200, lowerBound: 0, upperBound: 200))
    }
}
