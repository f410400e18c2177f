import DisclosureAudit
import Testing

/// Recoveries through a hierarchy and through two weightings (issue #9's first two attacks).
struct HierarchyAuditTests {
    /// Types A (4 €) and B (6 €) make family F1 (10 €); C (7 €) and D (3 €) make F2 (10 €);
    /// all = 20 €. A is suppressed (primary) and C too (the cell-by-cell secondary
    /// suppression, which picks a type of another family, as EI for GEIQ).
    static func hierarchy(withFamilies: Bool) -> AuditTable {
        let types: [(String, Double, Int)] = [("A", 4, 2), ("B", 6, 5), ("C", 7, 4), ("D", 3, 6)]
        var cells = types.map { id, value, n in
            AuditCell(
                id: id, value: value, status: id == "A" || id == "C" ? .suppressed : .published,
                contributors: n)
        }
        cells += [
            AuditCell(id: "F1", value: 10, kind: .total, contributors: 7),
            AuditCell(id: "F2", value: 10, kind: .total, contributors: 10),
            AuditCell(id: "all", value: 20, kind: .total, contributors: 17),
        ]
        var relations = [AuditRelation(name: "all = Σ types", total: "all", parts: ["A", "B", "C", "D"])]
        if withFamilies {
            relations += [
                AuditRelation(name: "F1 = A + B", total: "F1", parts: ["A", "B"]),
                AuditRelation(name: "F2 = C + D", total: "F2", parts: ["C", "D"]),
                AuditRelation(name: "all = Σ families", total: "all", parts: ["F1", "F2"]),
            ]
        }
        return AuditTable(cells: cells, relations: relations)
    }

    /// Seen through "all = Σ types" alone: A + C = 20 − 6 − 3 = 11, so A ∈ [0, 11] and
    /// C ∈ [0, 11]; both protected (A = 4: 0 ≤ 3.6, 11 ≥ 4.4; C = 7: 0 ≤ 6.3, 11 ≥ 7.7).
    /// This is what the table-by-table rule checks, and why it looks safe.
    @Test func typesAloneLookProtected() throws {
        let intervals = try audit(Self.hierarchy(withFamilies: false))
        for id in ["A", "C"] {
            let cell = try interval(id, in: intervals)
            #expect(close(cell.lower, 0) && close(cell.upper, 11) && cell.isProtected, "\(id)")
        }
    }

    /// With the published families: A = F1 − B = 10 − 6 = 4 and C = F2 − D = 10 − 3 = 7,
    /// intervals of width 0: exact recovery.
    @Test func publishedFamilyGivesTheTypeBack() throws {
        let intervals = try audit(Self.hierarchy(withFamilies: true))
        let a = try interval("A", in: intervals)
        #expect(close(a.lower, 4) && close(a.upper, 4) && close(a.width, 0) && !a.isProtected)
        let c = try interval("C", in: intervals)
        #expect(close(c.lower, 7) && close(c.upper, 7) && !c.isProtected)
    }

    /// Two type balances b_A = 20 (n_A = 4 respondents, N_A = 30 members) and b_B = −10
    /// (n_B = 6, N_B = 70), both suppressed, a priori in [−100, 100]. Published:
    ///   unweighted      b_all = (4·20 + 6·(−10)) / 10   = 20 / 10   = 2
    ///   post-stratified b_ps  = (30·20 + 70·(−10)) / 100 = −100 / 100 = −1
    /// With the unweighted identity 10·b_all = 4·b_A + 6·b_B alone: 4a + 6b = 20, so
    /// a = 5 − 1.5b ∈ [−145, 155] ∩ [−100, 100] = [−100, 100] and
    /// b = (20 − 4a)/6 ∈ [−380/6, 420/6] = [−63.33…, 70]: both protected (a: −100 ≤ 18,
    /// 100 ≥ 22; b: −63.3 ≤ −11, 70 ≥ −9). Adding 100·b_ps = 30·b_A + 70·b_B:
    /// 30(5 − 1.5b) + 70b = 150 + 25b = −100, so b = −10 and a = 20: exact.
    @Test func twoWeightingsGiveTwoEquations() throws {
        func table(postStratified: Bool) -> AuditTable {
            var relations = [
                AuditRelation(
                    name: "unweighted", total: .init("b_all", 10),
                    weightedParts: [.init("b_A", 4), .init("b_B", 6)])
            ]
            if postStratified {
                relations.append(
                    AuditRelation(
                        name: "post-stratified", total: .init("b_ps", 100),
                        weightedParts: [.init("b_A", 30), .init("b_B", 70)]))
            }
            return AuditTable(
                cells: [
                    AuditCell(
                        id: "b_A", value: 20, status: .suppressed, kind: .total, contributors: 4,
                        lowerBound: -100, upperBound: 100),
                    AuditCell(
                        id: "b_B", value: -10, status: .suppressed, kind: .total, contributors: 6,
                        lowerBound: -100, upperBound: 100),
                    AuditCell(id: "b_all", value: 2, kind: .total, contributors: 10, lowerBound: -100, upperBound: 100),
                    AuditCell(id: "b_ps", value: -1, kind: .total, contributors: 10, lowerBound: -100, upperBound: 100),
                ],
                relations: relations)
        }
        let one = try audit(table(postStratified: false))
        let a1 = try interval("b_A", in: one)
        #expect(close(a1.lower, -100) && close(a1.upper, 100) && a1.isProtected)
        let b1 = try interval("b_B", in: one)
        #expect(close(b1.lower, -380.0 / 6) && close(b1.upper, 70) && b1.isProtected)

        let two = try audit(table(postStratified: true))
        let a2 = try interval("b_A", in: two)
        #expect(close(a2.lower, 20) && close(a2.upper, 20) && !a2.isProtected)
        let b2 = try interval("b_B", in: two)
        #expect(close(b2.lower, -10) && close(b2.upper, -10) && !b2.isProtected)
    }
}
