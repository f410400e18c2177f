import Survey
import Testing

@testable import Statistics

/// The hierarchy attack on the gender headcounts (issue #9, "Hierarchy"), on a hand-made
/// network: four AI, one ACI (family SIAE) and three GEIQ (family other), one region.
///
/// Integration headcounts (women, men): A1 (5, 5), A2 (4, 4), A3 (3, 3), A4 (2, 2); C1 (2, 1);
/// Q1 (3, 3), Q2 (2, 2), Q3 (4, 4). The ACI row has one member: confidential. The cell rule's
/// secondary suppression in the type breakdown takes the type with the fewest contributors
/// among the rest: GEIQ (3) before AI (4). Then SIAE (women 5 + 4 + 3 + 2 + 2 = 16) and AI
/// (5 + 4 + 3 + 2 = 14) are both published, and ACI's women come back as 16 − 14 = 2, its
/// men as 15 − 14 = 1: the member's own headcount.
struct GenderAuditTests {
    static let registry = Registry(
        [
            ("A1", StructureType.ai), ("A2", .ai), ("A3", .ai), ("A4", .ai), ("C1", .aci), ("Q1", .geiq), ("Q2", .geiq),
            ("Q3", .geiq),
        ]
        .map { Member(id: $0.0, name: $0.0, region: "R", department: nil, structureType: $0.1, active: true, line: 0) })

    static let records: [GenderRecord] = [
        ("A1", 5, 5), ("A2", 4, 4), ("A3", 3, 3), ("A4", 2, 2), ("C1", 2, 1), ("Q1", 3, 3), ("Q2", 2, 2), ("Q3", 4, 4),
    ].flatMap { id, women, men in
        [Sex.female, .male].map { sex in
            GenderRecord(
                member: registry.index(of: id)!, year: 2014, line: 0, population: .integration, sex: sex,
                headcount: sex == .female ? women : men)
        }
    }

    static func headcount(_ t: GenderTables, _ g: Group) -> IndicatorRow {
        t.indicators.first { $0.group == g && $0.population == .integration && $0.indicator == .headcount }!
    }

    static func tables(audited: Bool) -> GenderTables {
        var rules = Confidentiality()
        rules.linkedAudit = audited
        return GenderEquality(registry: registry, rules: rules).tables(year: 2014, records: records, previous: nil)
    }

    @Test func withoutTheAuditTheMembersHeadcountComesBack() {
        let t = Self.tables(audited: false)
        let (siae, ai, aci) = (
            Self.headcount(t, Group(.family, "SIAE")), Self.headcount(t, Group(.structureType, "AI")),
            Self.headcount(t, Group(.structureType, "ACI"))
        )
        #expect(aci.status == .confidential)
        #expect(Self.headcount(t, Group(.structureType, "GEIQ")).status == .confidentialSecondary)
        #expect(siae.status == .ok && ai.status == .ok)
        #expect(siae.female! - ai.female! == 2 && siae.male! - ai.male! == 1)
    }

    @Test func theAuditHidesASecondCellOfTheFamily() throws {
        let t = Self.tables(audited: true)
        let siae = Self.headcount(t, Group(.family, "SIAE")), ai = Self.headcount(t, Group(.structureType, "AI"))
        #expect(Self.headcount(t, Group(.structureType, "ACI")).status == .confidential)
        // SIAE = AI + ACI no longer has a single unknown.
        #expect(siae.status.isSuppressed || ai.status.isSuppressed)
        let audit = try #require(t.audit)
        #expect(audit.isComplete && audit.added > 0)
        // The whole group and population goes: no per-head figure gives the headcount back.
        let hidden = siae.status.isSuppressed ? Group(.family, "SIAE") : Group(.structureType, "AI")
        for row in t.indicators where row.group == hidden && row.population == .integration && row.status != .noData {
            #expect(row.status.isSuppressed, "\(row.indicator)")
        }
    }

    /// The sums behind a ratio add up like headcounts: pay per head × headcount is a pay
    /// bill. Four AI, three ACI, three GEIQ, two women and two men each; annual pay (€) per
    /// sex: AI 60 000 each, GEIQ 50 000 each, ACI C1 100 000, C2 and C3 1 000. C1 carries
    /// 100 000 / 102 000 = 98 % of the ACI women's pay bill: the ACI row is confidential
    /// (dominance), and the cell rule hides GEIQ (3 contributors before AI's 4). SIAE's women
    /// earn (4·60 000 + 102 000) / (7·2) = 24 428.57 € a head, AI's 60 000 / 2 = 30 000 €:
    /// 14 × 24 428.57 − 8 × 30 000 = 102 000 € (to the published cent times 14), the ACI
    /// women's pay bill, 98 % of it C1's.
    static let payRegistry = Registry(
        [
            ("A1", StructureType.ai), ("A2", .ai), ("A3", .ai), ("A4", .ai), ("C1", .aci), ("C2", .aci), ("C3", .aci),
            ("Q1", .geiq), ("Q2", .geiq), ("Q3", .geiq),
        ]
        .map { Member(id: $0.0, name: $0.0, region: "R", department: nil, structureType: $0.1, active: true, line: 0) })

    static let payRecords: [GenderRecord] = [
        ("A1", 60_000), ("A2", 60_000), ("A3", 60_000), ("A4", 60_000), ("C1", 100_000), ("C2", 1_000), ("C3", 1_000),
        ("Q1", 50_000), ("Q2", 50_000), ("Q3", 50_000),
    ].flatMap { (id: String, pay: Int64) in
        [Sex.female, .male].map { sex in
            var r = GenderRecord(
                member: payRegistry.index(of: id)!, year: 2014, line: 0, population: .integration, sex: sex,
                headcount: 2)
            r.grossPayCents = pay * 100
            return r
        }
    }

    static func perHead(_ audited: Bool) -> (GenderTables, (Group) -> IndicatorRow) {
        var rules = Confidentiality()
        rules.linkedAudit = audited
        let t = GenderEquality(registry: payRegistry, rules: rules).tables(
            year: 2014, records: payRecords, previous: nil)
        return (
            t,
            { g in
                t.indicators.first {
                    $0.group == g && $0.population == .integration && $0.indicator == .annualPayPerHead
                }!
            }
        )
    }

    @Test func withoutTheAuditAPayBillComesBack() {
        let (_, row) = Self.perHead(false)
        let (siae, ai) = (row(Group(.family, "SIAE")), row(Group(.structureType, "AI")))
        #expect(row(Group(.structureType, "ACI")).status == .confidential)
        #expect(row(Group(.structureType, "GEIQ")).status == .confidentialSecondary)
        #expect(siae.status == .ok && ai.status == .ok)
        // The published figures are to the cent: the bill comes back within 14 × 0.005 €.
        let bill = (siae.female! * 100).rounded() / 100 * 14 - (ai.female! * 100).rounded() / 100 * 8
        #expect(abs(bill - 102_000) < 0.07, "\(bill)")
    }

    @Test func theAuditHidesTheRatioThatGivesTheBill() throws {
        let (t, row) = Self.perHead(true)
        #expect(row(Group(.structureType, "ACI")).status == .confidential)
        #expect(row(Group(.family, "SIAE")).status.isSuppressed || row(Group(.structureType, "AI")).status.isSuppressed)
        #expect(try #require(t.audit).isComplete)
    }
}
