import DisclosureAudit
import Testing

/// Hand-made linked tables; every expected interval is worked out in the test's comments.
enum Fixtures {
    /// A 2×3 table of euros with row totals, column totals and a grand total, all published:
    ///
    ///              c1    c2    c3  |  row
    ///     r1       10    20    30  |   60
    ///     r2        5    15    25  |   45
    ///     -----------------------------
    ///     column   15    35    55  |  105
    ///
    /// Contributors (members behind each cell) are set so that the "fewest contributors"
    /// order is visible: r1c1 2 (the primary cell), r1c2 3, r2c2 4, r2c1 5, r1c3 9, r2c3 9;
    /// totals add their cells: c1 7, c2 7, c3 18, r1 14, r2 18, all 39.
    static func twoByThree(suppressed: Set<String> = []) -> AuditTable {
        let cells: [(String, Double, Int)] = [
            ("r1c1", 10, 2), ("r1c2", 20, 3), ("r1c3", 30, 9),
            ("r2c1", 5, 5), ("r2c2", 15, 4), ("r2c3", 25, 9),
            ("r1", 60, 14), ("r2", 45, 18),
            ("c1", 15, 7), ("c2", 35, 7), ("c3", 55, 18),
            ("all", 105, 39),
        ]
        return AuditTable(
            cells: cells.map { id, value, contributors in
                AuditCell(
                    id: id, value: value, status: suppressed.contains(id) ? .suppressed : .published,
                    kind: id.count == 4 ? .money : .total, contributors: contributors)
            },
            relations: [
                AuditRelation(name: "row 1", total: "r1", parts: ["r1c1", "r1c2", "r1c3"]),
                AuditRelation(name: "row 2", total: "r2", parts: ["r2c1", "r2c2", "r2c3"]),
                AuditRelation(name: "column 1", total: "c1", parts: ["r1c1", "r2c1"]),
                AuditRelation(name: "column 2", total: "c2", parts: ["r1c2", "r2c2"]),
                AuditRelation(name: "column 3", total: "c3", parts: ["r1c3", "r2c3"]),
                AuditRelation(name: "all = Σ rows", total: "all", parts: ["r1", "r2"]),
                AuditRelation(name: "all = Σ columns", total: "all", parts: ["c1", "c2", "c3"]),
            ])
    }

    /// `table` with `id`'s value replaced.
    static func with(_ table: AuditTable, _ id: String, value: Double) -> AuditTable {
        var table = table
        let i = table.cells.firstIndex { $0.id == id }!
        table.cells[i].value = value
        return table
    }
}

/// The interval of `id` in `intervals`.
func interval(_ id: String, in intervals: [CellInterval]) throws -> CellInterval {
    try #require(intervals.first { $0.id == id }, "no interval for \(id)")
}

/// Equal up to the simplex's rounding.
func close(_ a: Double, _ b: Double) -> Bool {
    a == b || abs(a - b) <= 1e-7 * max(1, abs(a), abs(b))
}
