import Testing
@testable import Statistics
import Survey

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
        [("A1", StructureType.ai), ("A2", .ai), ("A3", .ai), ("A4", .ai), ("C1", .aci), ("Q1", .geiq), ("Q2", .geiq), ("Q3", .geiq)]
            .map { Member(id: $0.0, name: $0.0, region: "R", department: nil, structureType: $0.1, active: true, line: 0) })

    static let records: [GenderRecord] = [
        ("A1", 5, 5), ("A2", 4, 4), ("A3", 3, 3), ("A4", 2, 2), ("C1", 2, 1), ("Q1", 3, 3), ("Q2", 2, 2), ("Q3", 4, 4),
    ].flatMap { id, women, men in
        [Sex.female, .male].map { sex in
            GenderRecord(member: registry.index(of: id)!, year: 2014, line: 0, population: .integration, sex: sex,
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
        let (siae, ai, aci) = (Self.headcount(t, Group(.family, "SIAE")), Self.headcount(t, Group(.structureType, "AI")),
                               Self.headcount(t, Group(.structureType, "ACI")))
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
}
