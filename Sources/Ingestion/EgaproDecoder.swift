import Foundation
import Survey

/// Reads one year of the members' Egapro returns (SPEC 3.3, `egapro-rules.md`): one row per
/// member × section × group, gathered into one `Egapro.MemberReturn` per member.
///
/// A row is checked alone first (its member, year, bracket, section and the cells its
/// section uses). Then each member's rows are checked together, since the rules read a
/// return as a whole: one bracket, the sections of that bracket and no other, one kind of
/// category in indicator 1, every section present. A member's index is computed from its
/// whole return or not at all: when one of its rows is rejected, alone or with its section,
/// the member's other rows are rejected too, each with its line and the line that made the
/// return incomplete, so that no index is published from part of a return (SPEC 3.3 asks
/// for the section's rows; the rest of the return goes with them for that reason).
///
/// The files are small (a few dozen rows per member of 50 employees or more), so the rows
/// are kept with their text until the member is checked; the hot path of the large surveys
/// is not involved.
public func readEgapro(
    path: String, relativePath: String, year: Int,
    members: MemberIndex, options: ReadOptions = ReadOptions()
) throws -> ([Egapro.MemberReturn], FileReport) {
    var report = FileReport(path: path, relativePath: relativePath)
    let columns = Schema.egapro
    let c = EgaproColumns(columns)
    var pending: [Int: [EgaproLine]] = [:]
    var headerNames: [String?] = []
    var previousMember = -1
    try scanTable(
        path: path, specs: columns, options: options, members: members, report: &report,
        restart: {
            pending = [:]
            headerNames = []
        }
    ) { row, report in
        if headerNames.isEmpty {
            headerNames = (0..<columns.count).map { i in row.header.index[i].map { row.header.names[$0] } }
        }
        let member = row.member(c.member, members, previous: &previousMember)
        _ = row.year(c.year, expected: year)
        let line = decodeEgaproLine(&row, c)
        guard let member else {
            report.reject(row)
            return
        }
        if var line {
            line.raw = rawText(row.record, encoding: row.encoding, delimiter: row.delimiter)
            if row.isValid {
                report.accept()
                pending[member, default: []].append(line)
                return
            }
        }
        // A row of a known member rejected alone: the member's return is incomplete.
        report.reject(row)
        var marker = EgaproLine(line: row.record.line)
        marker.rejected = true
        pending[member, default: []].append(marker)
    }
    var returns: [Egapro.MemberReturn] = []
    var inactive = 0, firstInactiveLine = 0
    var superseded: [Int: String] = [:]
    var late: [(Diagnostic, Rejection)] = []
    for member in pending.keys.sorted() {
        let id = members.registry.id(of: member)
        var check = MemberCheck(id: id, lines: pending[member]!)
        check.run()
        for (earlier, later) in check.replaced {
            report.replace(
                earlierLine: earlier, laterLine: later, key: "member \(id), \(check.groupName(ofLine: later))",
                into: &superseded)
        }
        for (l, problem) in check.rejected.sorted(by: { $0.key < $1.key }) {
            report.accepted -= 1
            report.rejected += 1
            let column = problem.column.flatMap { headerNames.indices.contains($0) ? headerNames[$0] : nil }
            late.append(
                (
                    Diagnostic(
                        .error, file: report.path, line: l, column: column,
                        message: problem.reason + (problem.value.isEmpty ? "" : " (value: '\(problem.value)')"),
                        kind: problem.kind),
                    Rejection(
                        file: report.relativePath, line: l, column: column ?? "", value: problem.value,
                        reason: problem.reason, scope: .row, record: check.raw(ofLine: l))
                ))
        }
        guard let made = check.memberReturn else { continue }
        var r = made
        r.member = member
        if !members.isActive[member] {
            inactive += check.kept.count
            if firstInactiveLine == 0 || r.line < firstInactiveLine { firstInactiveLine = r.line }
        }
        returns.append(r)
    }
    late.sort { $0.0.line < $1.0.line }
    report.diagnostics += late.map(\.0)
    report.rejections += late.map(\.1)
    report.rejections = report.rejections.enumerated().sorted {
        ($0.element.line, $0.offset) < ($1.element.line, $1.offset)
    }.map(\.element)
    report.warnInactive(inactive, firstLine: firstInactiveLine)
    try recordSuperseded(superseded, path: path, options: options, report: &report)
    return (returns, report)
}

/// Where the egapro columns stand in the schema.
struct EgaproColumns {
    let member, year, workforce, section, category, ageBand, women, men, womenValue, menValue, calculable,
        raisesDuringLeave: Int

    init(_ columns: [ColumnSpec]) {
        member = columns.position("member_id")
        year = columns.position("year")
        workforce = columns.position("workforce_range")
        section = columns.position("section")
        category = columns.position("category")
        ageBand = columns.position("age_band")
        women = columns.position("women")
        men = columns.position("men")
        womenValue = columns.position("women_value")
        menValue = columns.position("men_value")
        calculable = columns.position("calculable")
        raisesDuringLeave = columns.position("raises_during_leave")
    }
}

/// One row of a member's return as decoded alone, kept until the member is checked.
struct EgaproLine {
    var line: Int
    /// The record as read, for rejects.csv.
    var raw = ""
    /// Rejected when read alone: only its line is kept, to name it.
    var rejected = false
    var workforce: Egapro.WorkforceRange = .from50To250
    var workforceText = ""
    var section: Egapro.Indicator = .pay
    /// The category as written (trimmed), and the CSP it names, if any.
    var category = ""
    var socioProfessional: EgaproCategory?
    var ageBand: Int?
    var women = 0, men = 0
    /// Pay: average pay in cents; raises, promotions, maternity: people.
    var womenValue: Int64?, menValue: Int64?
    /// `calculable` = non: the section declared not computable.
    var declaredNone = false
    var raisesDuringLeave = true

    init(line: Int) { self.line = line }

    /// What identifies the row's group within the member's section.
    var groupKey: String {
        section.rawValue + "\u{0}" + category.lowercased() + "\u{0}" + (ageBand.map(String.init) ?? "")
            + (declaredNone ? "\u{0}none" : "")
    }
}

/// The four socio-professional categories (CSP) of the official tables.
enum EgaproCategory: String, CaseIterable {
    case workers = "ouv"
    case employees = "emp"
    case technicians = "tam"
    case executives = "ic"
}

/// The age bands of indicator 1, as the official keys write them.
let egaproAgeBands = [":29", "30:39", "40:49", "50:"]

/// Lower case, accents off, spaces and hyphens as underscores: how the enum cells compare.
private func folded(_ text: String) -> String {
    let plain = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
    return plain.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" || $0 == "'" }).joined(separator: "_")
}

func egaproSection(_ text: String) -> Egapro.Indicator? {
    switch folded(text) {
    case "pay", "remuneration", "remunerations", "indicateur_1": .pay
    case "raises", "augmentations", "indicateur_2": .raises
    case "promotions", "indicateur_3": .promotions
    case "raises_promotions", "augmentations_promotions", "augmentations_et_promotions", "indicateur_2_3",
        "indicateur_2et3":
        .raisesPromotions
    case "maternity", "conge_maternite", "conges_maternite", "maternite", "indicateur_4": .maternity
    case "top10", "top_10", "hautes_remunerations", "indicateur_5": .top10
    default: nil
    }
}

func egaproWorkforce(_ text: String) -> Egapro.WorkforceRange? {
    switch text.replacingOccurrences(of: " ", with: "").lowercased() {
    case "50:250", "50-250", "50à250": .from50To250
    case "251:999", "251-999", "251à999": .from251To999
    case "1000:", "1000+", "1000etplus", ">=1000": .from1000
    default: nil
    }
}

func egaproAgeBand(_ text: String) -> Int? {
    switch text.replacingOccurrences(of: " ", with: "").lowercased() {
    case ":29", "<30", "moinsde30", "-30", "<=29": 0
    case "30:39", "30-39": 1
    case "40:49", "40-49": 2
    case "50:", ">=50", "50etplus", "50+": 3
    default: nil
    }
}

func egaproCategory(_ text: String) -> EgaproCategory? {
    switch folded(text) {
    case "ouv", "ouvriers", "ouvrier": .workers
    case "emp", "employes", "employe": .employees
    case "tam", "techniciens_et_agents_de_maitrise": .technicians
    case "ic", "ingenieurs_et_cadres", "cadres": .executives
    default: nil
    }
}

/// Decodes one row alone: nil when the row is already rejected by a key or its section.
private func decodeEgaproLine(_ row: inout Row, _ c: EgaproColumns) -> EgaproLine? {
    var out = EgaproLine(line: row.record.line)
    var known = true
    if row.required(c.workforce, "workforce_range") != nil {
        out.workforceText = row.text(c.workforce)
        if let w = egaproWorkforce(out.workforceText) {
            out.workforce = w
        } else {
            row.fail(c.workforce, "unknown workforce range (50:250, 251:999 or 1000:)")
        }
    }
    if row.required(c.section, "section") != nil {
        if let s = egaproSection(row.text(c.section)) {
            out.section = s
        } else {
            row.fail(
                c.section,
                "unknown section (pay, raises, promotions, raises_promotions, maternity or top10; in French remuneration, augmentations, promotions, augmentations_promotions, conge_maternite, hautes_remunerations)"
            )
            known = false
        }
    } else {
        known = false
    }
    if row.present(c.calculable) != nil {
        guard let b = row.present(c.calculable).flatMap(Cell.boolean) else {
            row.fail(c.calculable, "calculable is oui or non")
            return nil
        }
        out.declaredNone = !b
    }
    if let cell = row.present(c.raisesDuringLeave) {
        if let b = Cell.boolean(cell) {
            out.raisesDuringLeave = b
        } else {
            row.fail(c.raisesDuringLeave, "raises_during_leave is oui or non")
        }
    }
    guard known else { return nil }
    let s = out.section
    if row.present(c.raisesDuringLeave) != nil && s != .maternity {
        row.fail(c.raisesDuringLeave, "raises_during_leave belongs to the maternity section only")
    }
    func mustBeEmpty(_ column: Int, _ why: String) {
        if row.present(column) != nil { row.fail(column, why) }
    }
    if out.declaredNone {
        guard [.raises, .promotions, .raisesPromotions, .maternity].contains(s) else {
            row.fail(
                c.calculable,
                s == .pay
                    ? "indicator 1 cannot be declared not computable: its groups decide (send them)"
                    : "indicator 5 is always computable: send the women and men among the 10 highest paid")
            return out
        }
        for column in [c.category, c.ageBand, c.women, c.men, c.womenValue, c.menValue] {
            mustBeEmpty(column, "a row declaring the indicator not computable (calculable = non) gives no group")
        }
        return out
    }
    // The category and age band each section takes.
    switch s {
    case .pay:
        if row.required(c.category, "the category (a CSP or a level)") != nil {
            out.category = row.text(c.category)
            out.socioProfessional = egaproCategory(out.category)
        }
        if row.required(c.ageBand, "the age band") != nil {
            out.ageBand = egaproAgeBand(row.text(c.ageBand))
            if out.ageBand == nil { row.fail(c.ageBand, "unknown age band (:29, 30:39, 40:49 or 50:)") }
        }
    case .raises, .promotions:
        if row.required(c.category, "the CSP (ouv, emp, tam or ic)") != nil {
            out.category = row.text(c.category)
            out.socioProfessional = egaproCategory(out.category)
            if out.socioProfessional == nil {
                row.fail(c.category, "indicators 2 and 3 are by CSP: ouv, emp, tam or ic")
            }
        }
        mustBeEmpty(c.ageBand, "indicators 2 and 3 pool the ages: leave the age band empty")
    default:
        mustBeEmpty(c.category, "the \(s.rawValue) section has no category: leave it empty")
        mustBeEmpty(c.ageBand, "the \(s.rawValue) section has no age band: leave it empty")
    }
    // The people and the values.
    if row.required(c.women, "women") != nil { out.women = row.count(c.women) ?? 0 }
    switch s {
    case .maternity:
        mustBeEmpty(c.men, "the maternity section counts women only: leave men empty")
        mustBeEmpty(c.menValue, "the maternity section counts women only: leave men_value empty")
        if out.women > 0, row.required(c.womenValue, "the women raised on their return") != nil {
            out.womenValue = row.count(c.womenValue).map(Int64.init)
        }
        if let raised = out.womenValue, raised > out.women {
            row.fail(c.womenValue, "more women raised on return (\(raised)) than back from leave (\(out.women))")
        }
    case .top10:
        if row.required(c.men, "men") != nil { out.men = row.count(c.men) ?? 0 }
        mustBeEmpty(c.womenValue, "the top10 section gives women and men only: leave women_value empty")
        mustBeEmpty(c.menValue, "the top10 section gives women and men only: leave men_value empty")
        if row.isValid && out.women + out.men != 10 {
            row.fail(c.women, "the 10 highest paid are \(out.women) women and \(out.men) men: they must add up to 10")
        }
    case .pay:
        if row.required(c.men, "men") != nil { out.men = row.count(c.men) ?? 0 }
        out.womenValue = row.cents(c.womenValue)
        out.menValue = row.cents(c.menValue)
        if out.women >= 3 && out.men >= 3 {
            // A valid group is weighed in the index: its gap needs both averages (rules §11.5).
            for (column, value, who) in [(c.womenValue, out.womenValue, "women"), (c.menValue, out.menValue, "men")]
            where value ?? 0 == 0 && row.isValid {
                row.fail(
                    column,
                    "the \(who)'s average pay is required and above 0 in a group of at least 3 women and 3 men (it counts in the index)"
                )
            }
        }
    case .raises, .promotions, .raisesPromotions:
        if row.required(c.men, "men") != nil { out.men = row.count(c.men) ?? 0 }
        let what = s == .promotions ? "promoted" : "raised"
        if row.required(c.womenValue, "the women \(what)") != nil {
            out.womenValue = row.count(c.womenValue).map(Int64.init)
        }
        if row.required(c.menValue, "the men \(what)") != nil {
            out.menValue = row.count(c.menValue).map(Int64.init)
        }
        if let v = out.womenValue, v > out.women {
            row.fail(c.womenValue, "more women \(what) (\(v)) than women in the group (\(out.women))")
        }
        if let v = out.menValue, v > out.men {
            row.fail(c.menValue, "more men \(what) (\(v)) than men in the group (\(out.men))")
        }
    }
    return out
}

/// A member's rows checked together, and the return they make.
struct MemberCheck {
    let id: String
    let lines: [EgaproLine]
    /// Rejected lines with the problem that rejected them.
    var rejected: [Int: Problem] = [:]
    /// Earlier lines replaced by a later one for the same group: (earlier, later).
    var replaced: [(Int, Int)] = []
    /// The lines kept, one per group.
    var kept: [EgaproLine] = []
    /// The return, when the member's rows make a whole one.
    var memberReturn: Egapro.MemberReturn?

    struct Problem {
        var column: Int?
        var reason: String
        var value = ""
        var kind: String
    }

    init(id: String, lines: [EgaproLine]) {
        self.id = id
        self.lines = lines
    }

    func raw(ofLine line: Int) -> String { lines.first { $0.line == line }?.raw ?? "" }

    func groupName(ofLine line: Int) -> String {
        guard let l = lines.first(where: { $0.line == line }) else { return "" }
        var name = l.section.rawValue
        if !l.category.isEmpty { name += " " + l.category }
        if let a = l.ageBand { name += " " + egaproAgeBands[a] }
        return name
    }

    private mutating func reject(_ ls: [EgaproLine], _ column: Int?, _ reason: String, value: (EgaproLine) -> String) {
        for l in ls where rejected[l.line] == nil && !l.rejected {
            rejected[l.line] = Problem(column: column, reason: reason, value: value(l), kind: reason)
        }
    }

    /// Rejects the rest of the return, naming the line that made it incomplete.
    private mutating func rejectRest(because line: Int) {
        let reason =
            "the return of member \(id) is incomplete without line \(line) (rejected): its index is not computed"
        for l in lines where rejected[l.line] == nil && !l.rejected {
            rejected[l.line] = Problem(
                column: nil, reason: reason,
                kind: "the member's return is incomplete without a rejected line: its index is not computed")
        }
    }

    mutating func run() {
        let c = EgaproColumns(Schema.egapro)
        if let bad = lines.first(where: \.rejected) {
            rejectRest(because: bad.line)
            return
        }
        // One group per line: a later line for the same group replaces the earlier one.
        var at: [String: Int] = [:]
        for l in lines {
            if let i = at[l.groupKey] {
                replaced.append((kept[i].line, l.line))
                kept[i] = l
            } else {
                at[l.groupKey] = kept.count
                kept.append(l)
            }
        }
        // One bracket per member.
        let first = kept[0]
        if let other = kept.first(where: { $0.workforce != first.workforce }) {
            reject(
                kept, c.workforce,
                "member \(id) gives two workforce ranges (\(first.workforce.rawValue) on line \(first.line), \(other.workforce.rawValue) on line \(other.line)): one value per member",
                value: \.workforceText)
            return
        }
        let workforce = first.workforce
        let sections =
            workforce.isSmall
            ? [Egapro.Indicator.pay, .raisesPromotions, .maternity, .top10]
            : [Egapro.Indicator.pay, .raises, .promotions, .maternity, .top10]
        var bad: Int?
        for s in Egapro.Indicator.allCases where !sections.contains(s) {
            let rows = kept.filter { $0.section == s }
            guard !rows.isEmpty else { continue }
            reject(
                rows, c.section,
                workforce.isSmall
                    ? "a member of 50 to 250 employees has indicator 2&3 (raises_promotions), not \(s.rawValue)"
                    : "a member of more than 250 employees has indicators 2 and 3 (raises, promotions), not raises_promotions",
                value: { _ in s.rawValue })
            bad = bad ?? rows[0].line
        }
        // A section is one kind of row: its groups, or a declaration that it is not computable.
        for s in sections {
            let rows = kept.filter { $0.section == s }
            if let none = rows.first(where: \.declaredNone), rows.count > 1 {
                reject(
                    rows, c.calculable,
                    "the \(s.rawValue) section is declared not computable on line \(none.line) but also gives groups",
                    value: { $0.declaredNone ? "non" : "" })
                bad = bad ?? rows[0].line
            } else if (s == .raisesPromotions || s == .maternity || s == .top10) && rows.count > 1 {
                reject(
                    rows, c.category, "the \(s.rawValue) section is one row for the whole company",
                    value: \.category)
                bad = bad ?? rows[0].line
            }
        }
        // Indicator 1: CSP or levels, not both (the tolerance differs).
        let pay = kept.filter { $0.section == .pay }
        let csp = pay.filter { $0.socioProfessional != nil }
        if !csp.isEmpty && csp.count < pay.count {
            let level = pay.first { $0.socioProfessional == nil }!
            reject(
                pay, c.category,
                "indicator 1 mixes CSP (\(csp[0].category), line \(csp[0].line)) and levels (\(level.category), line \(level.line)): use one or the other",
                value: \.category)
            bad = bad ?? pay[0].line
        }
        if let bad {
            rejectRest(because: bad)
            return
        }
        if let missing = sections.first(where: { s in !kept.contains { $0.section == s } }) {
            let what =
                missing == .pay || missing == .top10
                ? "it is always computed"
                : "send a row with calculable = non when there is nothing to count"
            reject(
                kept, c.section,
                "member \(id) has no \(missing.rawValue) section (\(what)): its index is not computed",
                value: { _ in "" })
            return
        }
        func rates(_ s: Egapro.Indicator) -> [Egapro.RateGroup] {
            kept.filter { $0.section == s && !$0.declaredNone }.map {
                Egapro.RateGroup(
                    women: $0.women, men: $0.men, womenCounted: Int($0.womenValue ?? 0),
                    menCounted: Int($0.menValue ?? 0))
            }
        }
        let declared = Set(kept.filter(\.declaredNone).map(\.section))
        let maternity = kept.first { $0.section == .maternity }!
        let top = kept.first { $0.section == .top10 }!
        var r = Egapro.MemberReturn(
            workforce: workforce, grouping: csp.isEmpty ? .levels : .socioProfessional,
            pay: pay.map {
                Egapro.PayGroup(
                    women: $0.women, men: $0.men, womenPayCents: $0.womenValue ?? 0, menPayCents: $0.menValue ?? 0)
            },
            // A section declared not computable has no groups: the scorer gives its reason.
            raises: workforce.isSmall || declared.contains(.raises) ? nil : rates(.raises),
            promotions: workforce.isSmall || declared.contains(.promotions) ? nil : rates(.promotions),
            raisesPromotions: workforce.isSmall ? rates(.raisesPromotions).first : nil,
            declaredNone: declared,
            maternity: maternity.declaredNone || maternity.women == 0
                ? nil : (maternity.women, Int(maternity.womenValue ?? 0)),
            raisesDuringLeave: maternity.raisesDuringLeave, top10: (top.women, top.men))
        r.line = lines.map(\.line).min() ?? 0
        memberReturn = r
    }
}
