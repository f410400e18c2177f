import Foundation
import Survey

/// Reads one year of the gender-equality survey.
public func readGender(
    path: String, relativePath: String, year: Int,
    members: MemberIndex, options: ReadOptions = ReadOptions()
) throws -> (GenderRows, FileReport) {
    var report = FileReport(path: path, relativePath: relativePath)
    let memberCount = members.registry.count
    var records = LaterLineWins(GenderRows(year: year, memberCount: memberCount))
    let columns = Schema.gender
    let memberID = columns.position("member_id"), yearColumn = columns.position("year")
    let populationColumn = columns.position("population"), sexColumn = columns.position("sex")
    let headcountColumn = columns.position("headcount"), hoursColumn = columns.position("hours_worked")
    let payColumn = columns.position("gross_pay_eur"), trainedColumn = columns.position("trained")
    let exitsColumn = columns.position("exits"), exitsToEmploymentColumn = columns.position("exits_to_employment")
    // Hours, pay, trained and exits are measures: a bad one is item non-response (SPEC 3.4).
    let measures: Set = [hoursColumn, payColumn, trainedColumn, exitsColumn, exitsToEmploymentColumn]
    // The member of the row before (see `Row.member`).
    var previousMember = -1
    try scanTable(
        path: path, specs: columns, options: options, members: members, valueColumns: measures,
        report: &report, restart: { records = LaterLineWins(GenderRows(year: year, memberCount: memberCount)) }
    ) { row, report in
        let member = row.member(memberID, members, previous: &previousMember)
        _ = row.year(yearColumn, expected: year)
        var population: Population? = nil
        if let c = row.required(populationColumn, "population") {
            population = Cell.population(c)
            if population == nil {
                row.fail(populationColumn, "unknown population (integration, permanent, management or board)")
            }
        }
        var sex: Sex? = nil
        if let c = row.required(sexColumn, "sex") {
            sex = Cell.sex(c)
            if sex == nil { row.fail(sexColumn, "unknown sex (F/femme/W or M/homme)") }
        }
        var headcount: Int? = nil
        if row.required(headcountColumn, "headcount") != nil { headcount = row.count(headcountColumn) }
        // Hours, pay, trained and exits are measures: a bad one is left out for that member
        // (item non-response, SPEC 3.4) and the headcount still counts.
        var hours = row.hours(hoursColumn, .value)
        var pay = row.cents(payColumn, .value)
        var trained = row.count(trainedColumn, .value)
        let exits = row.count(exitsColumn, .value)
        var exitsToEmployment = row.count(exitsToEmploymentColumn, .value)
        if let t = trained, let headcount, t > headcount {
            row.fail(trainedColumn, "more people trained (\(t)) than the headcount (\(headcount))", .value)
            trained = nil
        }
        if let e = exitsToEmployment {
            if let exits {
                if e > exits {
                    row.fail(exitsToEmploymentColumn, "more exits to employment (\(e)) than exits (\(exits))", .value)
                    exitsToEmployment = nil
                }
            } else if row.cell(exitsColumn).map(Cell.isMissing) ?? true {
                // Only when exits were not given: a bad exits cell is its own error already.
                row.fail(exitsToEmploymentColumn, "exits to employment are given without the number of exits", .value)
                exitsToEmployment = nil
            }
        }
        if population == .board {
            if hours != nil {
                row.fail(hoursColumn, "hours are not asked for board members", .value)
                hours = nil
            }
            if pay != nil {
                row.fail(payColumn, "pay is not asked for board members", .value)
                pay = nil
            }
        }
        guard row.isValid, let member, let population, let sex, let headcount else {
            report.reject(row)
            return
        }
        var record = GenderRecord(
            member: member, year: year, line: row.record.line, population: population, sex: sex, headcount: headcount)
        record.hoursHundredths = hours
        record.grossPayCents = pay
        record.trained = trained
        record.exits = exits
        record.exitsToEmployment = exitsToEmployment
        let key = GenderRows.key(member: member, population: population, sex: sex)
        records.accept(record, key: key, active: members.isActive[member], report: &report) {
            "member \(members.registry.id(of: member)), \(population.rawValue), \(sex.rawValue)"
        }
    }
    return (try records.finish(path: path, options: options, report: &report), report)
}
