import Foundation
import Survey

/// Reads one quarter of barometer returns for `quarter`, the period named by the file.
public func readBarometer(
    path: String, relativePath: String, quarter: Quarter,
    members: MemberIndex, options: ReadOptions = ReadOptions()
) throws -> ([BarometerResponse], FileReport) {
    var report = FileReport(path: path, relativePath: relativePath)
    var responses = LaterLineWins(RowArray<BarometerResponse>(keys: members.registry.count))
    let columns = Schema.barometer
    let memberID = columns.position("member_id"), quarterColumn = columns.position("quarter")
    let activityPast = columns.position("activity_past"), activityOutlook = columns.position("activity_outlook")
    let employmentPast = columns.position("employment_past"), employmentOutlook = columns.position("employment_outlook")
    let cashPosition = columns.position("cash_position")
    let integration = columns.position("employees_integration"), permanent = columns.position("employees_permanent")
    let hours = columns.position("hours_worked"), turnover = columns.position("turnover_eur")
    // Everything but the member and the quarter is an answer or a measure (SPEC 3.4).
    let answersAndMeasures = Set(columns.indices).subtracting([memberID, quarterColumn])
    // The member of the row before (see `Row.member`).
    var previousMember = -1
    try scanTable(
        path: path, specs: columns, options: options, members: members, valueColumns: answersAndMeasures,
        report: &report, restart: { responses = LaterLineWins(RowArray(keys: members.registry.count)) }
    ) { row, report in
        let member = row.member(memberID, members, previous: &previousMember)
        if let c = row.required(quarterColumn, "quarter") {
            if let q = Quarter.parse(c) {
                if q != quarter { row.fail(quarterColumn, "the row is for \(q) but the file is for \(quarter)") }
            } else if NumberParser.looksLikeDate(c) {
                row.fail(
                    quarterColumn,
                    "not a quarter but a date: Excel turned the quarter into a date; format the column as text and write 2014-Q4"
                )
            } else {
                row.fail(quarterColumn, "not a quarter (write it like 2014-Q4, 2014-T4 or T4 2014)")
            }
        }
        var response = BarometerResponse(member: member ?? -1, quarter: quarter, line: row.record.line)
        // Everything but the member and the quarter is an answer or a measure: a bad one is
        // item non-response (SPEC 3.4), the rest of the return counts.
        func opinion(_ column: Int, _ read: (UnsafeBufferPointer<UInt8>) -> Opinion?, _ expected: String) -> Opinion? {
            guard let c = row.present(column) else { return nil }
            if let o = read(c) { return o }
            row.fail(column, "not an answer (\(expected))", .value)
            return nil
        }
        let opinionWords = "up/hausse/+, stable/=, down/baisse, or empty"
        response.activityPast = opinion(activityPast, Cell.opinion, opinionWords)
        response.activityOutlook = opinion(activityOutlook, Cell.opinion, opinionWords)
        response.employmentPast = opinion(employmentPast, Cell.opinion, opinionWords)
        response.employmentOutlook = opinion(employmentOutlook, Cell.opinion, opinionWords)
        response.cashPosition = opinion(
            cashPosition, Cell.judgement, "easy/aisée, normal/normale, difficult/difficile, or empty")
        response.employeesIntegration = row.count(integration, .value)
        response.employeesPermanent = row.count(permanent, .value)
        response.hoursHundredths = row.hours(hours, .value)
        response.turnoverCents = row.cents(turnover, .value)
        guard row.isValid, let member else {
            report.reject(row)
            return
        }
        responses.accept(response, key: member, active: members.isActive[member], report: &report) {
            "member \(members.registry.id(of: member))"
        }
    }
    return (try responses.finish(path: path, options: options, report: &report).rows, report)
}
