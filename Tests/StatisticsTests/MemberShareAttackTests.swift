import Ingestion
import Survey
import TestSupport
import Testing

@testable import Statistics

/// The shares of members of distribution.csv are counts of members in disguise (share × n /
/// 100), and counts add up (the review of issue #9, on the sample's 2014 report): with
/// GEIQ's shares blank (5 members, fewer than 10) and the family `other` (63 members) and
/// its other types OTHER (17) and SAP (41) published, management's parity zone gave
/// 6.35 % × 63 = 4, 5.88 % × 17 = 1, 7.32 % × 41 = 3: GEIQ 4 − 1 − 3 = 0 of 5 members in the
/// parity zone, each member's status. The audit hides a second cell of the family.
struct MemberShareAttackTests {
    static func distribution(audited: Bool) -> [DistributionRow] {
        let loaded = DatasetLoader(root: TestSupport.datasets.path, surveys: [.gender]).load()
        var rules = Confidentiality()
        rules.linkedAudit = audited
        return GenderEquality(registry: loaded.dataset.registry, rules: rules)
            .tables(year: 2014, rows: loaded.dataset.gender[2014]!, previous: nil).distribution
    }

    /// Members counted by a published share, nil when blank.
    static func count(_ rows: [DistributionRow], _ g: Group, _ share: KeyPath<DistributionRow, Double?>) -> Int? {
        let r = rows.first { $0.group == g && $0.population == .management }!
        return r[keyPath: share].map { Int(($0 * Double(r.n) / 100).rounded()) }
    }

    @Test func withoutTheAuditGEIQsParityComesBack() {
        let rows = Self.distribution(audited: false)
        let (family, other, sap) = (
            Self.count(rows, Group(.family, "other"), \.parityZone),
            Self.count(rows, Group(.structureType, "OTHER"), \.parityZone),
            Self.count(rows, Group(.structureType, "SAP"), \.parityZone)
        )
        #expect(Self.count(rows, Group(.structureType, "GEIQ"), \.parityZone) == nil)
        #expect(family == 4 && other == 1 && sap == 3)
    }

    @Test func theAuditHidesASecondShareOfTheFamily() {
        let rows = Self.distribution(audited: true)
        let published = [Group(.family, "other"), Group(.structureType, "OTHER"), Group(.structureType, "SAP")]
            .filter { Self.count(rows, $0, \.parityZone) != nil }
        #expect(Self.count(rows, Group(.structureType, "GEIQ"), \.parityZone) == nil)
        #expect(published.count < 3, "\(published)")
    }
}
