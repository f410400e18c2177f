import Foundation
import Statistics
import Survey

/// A checked report read back as the linked tables a reader can write from its files alone
/// (`observatory audit REPORT_DIR`): the figures of each CSV file, with their line and
/// column, grouped as the job grouped its own audit. The relations are `ReaderAudit`'s.
///
/// What is read, per job (the columns the job's audit linked; ratios, changes, medians and
/// standard errors are not linear in the cells and are left out, as the job leaves them out):
/// - funding: `total_eur`, `public_eur`, `member_public_share_mean` (× n) of shares.csv,
///   `amount_eur` of sources.csv;
/// - gender: the `female` and `male` headcounts of indicators.csv;
/// - barometer: `n`, `pct_up`, `pct_stable`, `pct_down` of balances.csv's unweighted rows
///   (as counts of answers, `n·pct/100` rounded: two decimals of a percentage fix a count of
///   fewer than 1 000 answers) and post-stratified rows of `all` and the families, with the
///   active members per type of response.csv; `total` of quantities.csv; and, for every
///   earlier quarter of series.csv, `n` and `balance` of its unweighted rows. The series'
///   post-stratified rows are left out: their N_h are those of each quarter's registry,
///   which no file of the report gives.
extension PublishedReport {
    /// The report's figures as the independent sets of linked cells its job audited.
    public static func auditParts(_ report: CheckedReport) throws -> [ReaderAudit.Part] {
        switch report.job {
        case "funding": return try fundingParts(report)
        case "gender": return try genderParts(report)
        case "barometer": return try barometerParts(report)
        default:
            throw Problem(
                file: "\(report.shown)/manifest.json", line: 1, column: "-",
                message: "the manifest names job '\(report.job)', which has no audit (barometer, funding or gender)")
        }
    }

    /// A parsed row: its line and its cells by column name.
    private struct Row {
        var file: String
        var line: Int
        var cells: [String: String]

        subscript(_ column: String) -> String { cells[column] ?? "" }

        func place(_ column: String) -> ReaderAudit.Place { .init(file: file, line: line, column: column) }

        func problem(_ column: String, _ what: String) -> Problem {
            Problem(file: file, line: line, column: column, message: "\(what) (value: '\(self[column])')")
        }

        func group() throws -> Group {
            guard let breakdown = Breakdown(rawValue: self["breakdown"]) else {
                throw problem("breakdown", "not a breakdown")
            }
            return Group(breakdown, self["group"])
        }

        func status() throws -> CellStatus {
            guard let status = CellStatus(rawValue: self["status"]) else { throw problem("status", "not a status") }
            return status
        }

        func count(_ column: String) throws -> Int {
            guard let n = Int(self[column]), n >= 0 else { throw problem(column, "not a count") }
            return n
        }

        /// A number as the report's dialect writes it; nil when the cell is empty.
        func number(_ column: String, _ dialect: CSVDialect) throws -> Double? {
            let text = self[column]
            guard !text.isEmpty else { return nil }
            let plain = dialect == .excelFr ? text.replacingOccurrences(of: ",", with: ".") : text
            guard let x = Double(plain), x.isFinite else { throw problem(column, "not a number") }
            return x
        }
    }

    private static func rows(_ name: String, _ report: CheckedReport, _ columns: [String]) throws -> [Row] {
        guard report.files.contains(name) else {
            throw Problem(
                file: "\(report.shown)/manifest.json", line: 1, column: "-",
                message: "the manifest does not list \(name), which a \(report.job) report has")
        }
        return try records(name, of: report, columns: columns, exactHeader: false).map { line, cells in
            Row(
                file: "\(report.shown)/\(name)", line: line,
                cells: Dictionary(uniqueKeysWithValues: zip(columns, cells)))
        }
    }

    private static func fundingParts(_ report: CheckedReport) throws -> [ReaderAudit.Part] {
        var figures: [ReaderAudit.Figure] = []
        for row in try rows(
            "shares.csv", report,
            [
                "breakdown", "group", "n", "total_eur", "public_eur", "member_public_share_mean",
                "status",
            ])
        {
            let (g, status, n) = (try row.group(), try row.status(), try row.count("n"))
            for column in ["total_eur", "public_eur"] {
                figures.append(
                    .init(
                        column: column, group: g, value: try row.number(column, report.dialect), status: status,
                        contributors: n, kind: .money, place: row.place(column), label: "\(column) of \(g)"))
            }
            let mean = try row.number("member_public_share_mean", report.dialect)
            figures.append(
                .init(
                    column: "member_share_sum", group: g, value: mean.map { $0 * Double(n) }, status: status,
                    contributors: n, kind: .money, place: row.place("member_public_share_mean"),
                    label: "member_public_share_mean × n of \(g)", shownScale: n > 0 ? 1 / Double(n) : 1,
                    upperBound: 100 * Double(n)))
        }
        for row in try rows("sources.csv", report, ["breakdown", "group", "source", "amount_eur", "n", "status"]) {
            guard let source = FundingSource(rawValue: row["source"]) else {
                throw row.problem("source", "not a funding source")
            }
            let g = try row.group()
            figures.append(
                .init(
                    column: source.rawValue, group: g, value: try row.number("amount_eur", report.dialect),
                    status: try row.status(), contributors: try row.count("n"), kind: .money,
                    place: row.place("amount_eur"), label: "amount_eur of \(source.rawValue), \(g)"))
        }
        return ReaderAudit.funding(figures)
    }

    /// The headcounts only: the job also audits the sums behind each ratio (pay bills,
    /// hours, people trained) on the safe side that a reader knows their denominators, but
    /// the files do not give those denominators, so a reader's audit cannot rebuild them.
    private static func genderParts(_ report: CheckedReport) throws -> [ReaderAudit.Part] {
        var figures: [ReaderAudit.Figure] = []
        let columns = ["breakdown", "group", "population", "indicator", "female", "male", "n", "status"]
        for row in try rows("indicators.csv", report, columns) where row["indicator"] == "headcount" {
            guard let population = Population(rawValue: row["population"]) else {
                throw row.problem("population", "not a population")
            }
            let g = try row.group()
            for sex in ["female", "male"] {
                figures.append(
                    .init(
                        column: "\(population.rawValue)_\(sex)", group: g, value: try row.number(sex, report.dialect),
                        status: try row.status(), contributors: try row.count("n"), kind: .total,
                        place: row.place(sex), label: "\(sex) headcount of \(population.rawValue), \(g)"))
            }
        }
        return ReaderAudit.hierarchies(figures, tolerance: 0) + (try memberShareParts(report))
    }

    /// The shares of members of distribution.csv as counts of members (share × n / 100, the
    /// share printed to the hundredth of a point of at most a few thousand members, so the
    /// count is the nearest whole number), one hierarchy per population and share, as the job
    /// audits them (`GenderEquality.auditMemberShares`). A blank share is sensitive when its
    /// row is suppressed or when fewer members than the quantile minimum stand behind it (the
    /// rule that blanks it); blank in a published row of enough members, the audit hid it to
    /// protect another: no level of its own.
    private static func memberShareParts(_ report: CheckedReport) throws -> [ReaderAudit.Part] {
        let shares: [(column: String, populations: Set<Population>, name: String)] = [
            ("parity_zone_pct", [.management, .board], "parity_zone"),
            ("with_a_woman_pct", [.management], "with_a_woman"),
            ("cope_zimmermann_pct", [.board], "cope_zimmermann"),
        ]
        let minimum = report.quantileMinimum ?? Confidentiality().quantileMinimum
        var figures: [ReaderAudit.Figure] = []
        for row in try rows(
            "distribution.csv", report, ["breakdown", "group", "population", "n"] + shares.map(\.column) + ["status"])
        {
            guard let population = Population(rawValue: row["population"]) else {
                throw row.problem("population", "not a population")
            }
            let (g, status, n) = (try row.group(), try row.status(), try row.count("n"))
            for share in shares where share.populations.contains(population) && status != .noData {
                let value = try row.number(share.column, report.dialect)
                let hiddenAs: CellStatus = status.isSuppressed || n < minimum ? .confidential : .confidentialSecondary
                figures.append(
                    .init(
                        column: "\(population.rawValue)_\(share.name)", group: g,
                        value: value.map { ($0 * Double(n) / 100).rounded() }, status: value == nil ? hiddenAs : .ok,
                        contributors: n, kind: .answerCount, place: row.place(share.column),
                        label: "members counted by \(share.column) of \(population.rawValue), \(g)",
                        shownScale: n > 0 ? 100 / Double(n) : 1))
            }
        }
        return ReaderAudit.hierarchies(figures, tolerance: 0)
    }

    private static func barometerParts(_ report: CheckedReport) throws -> [ReaderAudit.Part] {
        var parts: [ReaderAudit.Part] = []
        // Quantities: each variable's totals and their hierarchy, to the hundredth.
        var quantities: [ReaderAudit.Figure] = []
        for row in try rows("quantities.csv", report, ["breakdown", "group", "variable", "n", "total", "status"]) {
            guard let variable = QuantityVariable(rawValue: row["variable"]) else {
                throw row.problem("variable", "not a variable")
            }
            let g = try row.group()
            quantities.append(
                .init(
                    column: variable.rawValue, group: g, value: try row.number("total", report.dialect),
                    status: try row.status(), contributors: try row.count("n"),
                    kind: variable == .turnover ? .money : .total, place: row.place("total"),
                    label: "total \(variable.rawValue) of \(g)"))
        }
        parts += ReaderAudit.hierarchies(quantities, tolerance: 0.005)

        // The quarter's answers, question by question.
        var active: [StructureType: Int] = [:]
        for row in try rows("response.csv", report, ["breakdown", "group", "active_members"])
        where row["breakdown"] == Breakdown.structureType.rawValue {
            guard let type = StructureType(rawValue: row["group"]) else {
                throw row.problem("group", "not a structure type")
            }
            active[type] = try row.count("active_members")
        }
        let columns = [
            "breakdown", "group", "question", "weighting", "n", "pct_up", "pct_stable", "pct_down", "status",
        ]
        let balances = try rows("balances.csv", report, columns)
        for question in Question.answered {
            let mine = balances.filter { $0["question"] == question.rawValue }
            let sensitive = try sensitiveGroups(mine)
            // What the national row gives away by itself is no group's secret (the job's rule).
            let national = try mine.first { try $0.group() == .all && $0["weighting"] == Weighting.unweighted.rawValue }
            let nationalN = try national.map { try $0.count("n") }
            var n: [Group: Int] = [:]
            var counts: [ReaderAudit.Figure] = []
            var shares: [ReaderAudit.Figure] = []
            for row in mine {
                let (g, count, status) = (try row.group(), try row.count("n"), try row.status())
                switch row["weighting"] {
                case Weighting.unweighted.rawValue:
                    n[g] = count
                    // A group hidden by a primary rule in any weighting has sensitive counts
                    // (the job's rule: the weightings are views of the same answers).
                    let judged: CellStatus = status.isSuppressed && sensitive.contains(g) ? .confidential : status
                    for answer in ["up", "stable", "down"] {
                        let column = "pct_" + answer
                        let value = try row.number(column, report.dialect).map { ($0 * Double(count) / 100).rounded() }
                        let nationalShare = try national?.number(column, report.dialect)
                        let evident =
                            g != .all
                            && (Barometer.givenByTheNationalShare(nationalShare)
                                || Barometer.holdsEveryRespondent(n: count, national: nationalN))
                        counts.append(
                            .init(
                                column: answer, group: g, value: value,
                                status: evident && judged == .confidential ? .confidentialSecondary : judged,
                                contributors: count,
                                kind: .answerCount, place: row.place(column),
                                label: "count of '\(answer)' answers to \(question.rawValue), \(g) (n = \(count))"))
                    }
                case Weighting.poststratified.rawValue where g.breakdown == .all || g.breakdown == .family:
                    // Other views of the counts: linked to them, never judged on their own
                    // (the job gives them no protection level either).
                    let linked: CellStatus = status.isSuppressed ? .confidentialSecondary : status
                    for answer in ["up", "stable", "down"] {
                        let column = "pct_" + answer
                        shares.append(
                            .init(
                                column: "ps_" + answer, group: g, value: try row.number(column, report.dialect),
                                status: linked, contributors: count, kind: .total, place: row.place(column),
                                label: "post-stratified \(column) of \(question.rawValue), \(g)"))
                    }
                default: continue
                }
            }
            parts.append(
                ReaderAudit.answers(
                    question: "\(question.rawValue) \(report.period)", n: n, counts: counts,
                    poststratified: shares, active: active))
        }

        // The earlier quarters of the series: n and the unweighted balance.
        let seriesColumns = ["breakdown", "group", "question", "weighting", "quarter", "n", "balance", "status"]
        let series = try rows("series.csv", report, seriesColumns).filter { $0["quarter"] != report.period }
        var keys: [String] = []
        var byKey: [String: [Row]] = [:]
        for row in series where Question.answered.contains(where: { $0.rawValue == row["question"] }) {
            let key = "\(row["question"]) \(row["quarter"])"
            if byKey[key] == nil { keys.append(key) }
            byKey[key, default: []].append(row)
        }
        for key in keys {
            let mine = byKey[key]!
            let sensitive = try sensitiveGroups(mine)
            let national = try mine.first { try $0.group() == .all && $0["weighting"] == Weighting.unweighted.rawValue }
            let nationalN = try national.map { try $0.count("n") }
            // A national balance of ±100 is every answer up (or down); a group holding every
            // respondent has the national answers: neither is a group's secret.
            let nationalBalance = try national?.number("balance", report.dialect)
            var balances: [(n: Int, net: ReaderAudit.Figure)] = []
            for row in mine where row["weighting"] == Weighting.unweighted.rawValue {
                let (g, count, status) = (try row.group(), try row.count("n"), try row.status())
                let allOneWay = nationalBalance.map { abs($0) == 100 } ?? false
                let evident = g != .all && (allOneWay || Barometer.holdsEveryRespondent(n: count, national: nationalN))
                let judged: CellStatus =
                    status.isSuppressed && sensitive.contains(g) && !evident
                    ? .confidential
                    : status.isSuppressed ? .confidentialSecondary : status
                let net = try row.number("balance", report.dialect).map { $0 * Double(count) / 100 }
                balances.append(
                    (
                        count,
                        .init(
                            column: "net", group: g, value: net, status: judged, contributors: count,
                            kind: .answerCount, place: row.place("balance"),
                            label: "balance of \(key), \(g) (n = \(count))",
                            shownScale: count > 0 ? 100 / Double(count) : 1)
                    ))
            }
            parts.append(ReaderAudit.seriesAnswers(name: key, balances: balances))
        }
        return parts
    }

    /// Groups (but `all`) with a row hidden by a primary rule in some weighting.
    private static func sensitiveGroups(_ rows: [Row]) throws -> Set<Group> {
        var groups: Set<Group> = []
        for row in rows where try row.status() == .confidential {
            let g = try row.group()
            if g != .all { groups.insert(g) }
        }
        return groups
    }
}
