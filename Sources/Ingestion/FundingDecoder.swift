import Foundation
import Survey

/// Reads one year of the funding survey. Missing amounts are 0; a member whose resources
/// add up to 0 is rejected (there is nothing to share out).
public func readFunding(
    path: String, relativePath: String, year: Int,
    members: MemberIndex, options: ReadOptions = ReadOptions()
) throws -> ([FundingRecord], FileReport) {
    var report = FileReport(path: path, relativePath: relativePath)
    var records = LaterLineWins(RowArray<FundingRecord>(keys: members.registry.count))
    let columns = Schema.funding
    let memberID = columns.position("member_id"), yearColumn = columns.position("year")
    let amountColumns = FundingSource.allCases.map { columns.position($0.rawValue + "_eur") }
    // The member of the row before (see `Row.member`).
    var previousMember = -1
    try scanTable(
        path: path, specs: columns, options: options, members: members, report: &report,
        restart: { records = LaterLineWins(RowArray(keys: members.registry.count)) }
    ) { row, report in
        let member = row.member(memberID, members, previous: &previousMember)
        _ = row.year(yearColumn, expected: year)
        var cents = [Int64](repeating: 0, count: FundingSource.allCases.count)
        for (s, column) in amountColumns.enumerated() {
            cents[s] = row.cents(column) ?? 0
        }
        if row.isValid {
            let (total, overflow) = cents.reduce((Int64(0), false)) { acc, c in
                let (sum, o) = acc.0.addingReportingOverflow(c)
                return (sum, acc.1 || o)
            }
            if overflow {
                row.fail(nil, "the resources add up to more than can be counted")
            } else if total == 0 {
                row.fail(nil, "all resources are zero or missing: nothing to share out")
            }
        }
        guard row.isValid, let member else {
            report.reject(row)
            return
        }
        let record = FundingRecord(member: member, year: year, line: row.record.line, cents: cents)
        records.accept(record, key: member, active: members.isActive[member], report: &report) {
            "member \(members.registry.id(of: member))"
        }
    }
    return (try records.finish(path: path, options: options, report: &report).rows, report)
}
