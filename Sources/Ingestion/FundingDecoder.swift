import Foundation
import Survey

/// Reads one year of the funding survey. Missing amounts are 0; a member whose resources
/// add up to 0 is rejected (there is nothing to share out).
public func readFunding(
    path: String, relativePath: String, year: Int,
    members: MemberIndex, options: ReadOptions = ReadOptions()
) throws -> (FundingRows, FileReport) {
    var report = FileReport(path: path, relativePath: relativePath)
    var records = LaterLineWins(FundingRows(year: year, memberCount: members.registry.count))
    let columns = Schema.funding
    let memberID = columns.position("member_id"), yearColumn = columns.position("year")
    let amountColumns = FundingSource.allCases.map { columns.position($0.rawValue + "_eur") }
    // The member of the row before (see `Row.member`).
    var previousMember = -1
    try scanTable(
        path: path, specs: columns, options: options, members: members, report: &report,
        restart: { records = LaterLineWins(FundingRows(year: year, memberCount: members.registry.count)) }
    ) { row, report in
        let member = row.member(memberID, members, previous: &previousMember)
        _ = row.year(yearColumn, expected: year)
        var record = FundingRecord(member: member ?? 0, year: year, line: row.record.line)
        for (s, column) in amountColumns.enumerated() {
            record[s] = row.cents(column) ?? 0
        }
        if row.isValid {
            var total: Int64 = 0, overflow = false
            for s in amountColumns.indices {
                let (sum, o) = total.addingReportingOverflow(record[s])
                total = sum
                overflow = overflow || o
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
        records.accept(record, key: member, active: members.isActive[member], report: &report) {
            "member \(members.registry.id(of: member))"
        }
    }
    return (try records.finish(path: path, options: options, report: &report), report)
}
