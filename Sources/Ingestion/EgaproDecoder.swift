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
/// A member's rows are kept, decoded, until the member is checked: a few dozen per member of
/// 50 employees or more. No String is made of a row but a level's label (indicator 1 by
/// levels): the words of the enums are matched on the bytes (`spells`), and the raw text of
/// a rejected row is read again from the file, as for replaced rows.
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
        if let line {
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
    var lateLines: Set<Int> = []
    for member in pending.keys.sorted() {
        let id = members.registry.id(of: member)
        var check = MemberCheck(id: id, lines: pending[member]!)
        check.run()
        for (earlier, later) in check.replaced {
            report.replace(
                earlierLine: earlier, laterLine: later.line, key: "member \(id), \(later.groupName)",
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
                        reason: problem.reason, scope: .row, record: "")
                ))
            lateLines.insert(l)
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
    let records = try rawRecords(ofLines: lateLines, path: path, options: options, report: report)
    report.diagnostics += late.map(\.0)
    report.rejections += late.map { _, rejection in
        var r = rejection
        r.record = records[r.line] ?? ""
        return r
    }
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
    /// Rejected when read alone: only its line is kept, to name it.
    var rejected = false
    var workforce: Egapro.WorkforceRange = .from50To250
    var section: Egapro.Indicator = .pay
    /// The CSP the category names, or else the level's label as written (trimmed).
    var socioProfessional: EgaproCategory?
    var level = ""
    var ageBand: Int?
    var women = 0, men = 0
    /// Pay: average pay in cents; raises, promotions, maternity: people.
    var womenValue: Int64?, menValue: Int64?
    /// `calculable` = non: the section declared not computable.
    var declaredNone = false
    var raisesDuringLeave = true

    init(line: Int) { self.line = line }

    /// The group as the warning of a replaced line names it (`pay ouv :29`).
    var groupName: String {
        var name = section.rawValue
        if !category.isEmpty { name += " " + category }
        if let a = ageBand { name += " " + egaproAgeBands[a] }
        return name
    }

    /// The category as messages name it.
    var category: String { socioProfessional?.rawValue ?? level }

    /// What identifies the row's group within the member's section (a level's label
    /// whatever its case).
    var groupKey: GroupKey {
        GroupKey(
            section: section, socioProfessional: socioProfessional,
            level: level.isEmpty ? "" : level.lowercased(), ageBand: ageBand, declaredNone: declaredNone)
    }

    struct GroupKey: Hashable {
        var section: Egapro.Indicator
        var socioProfessional: EgaproCategory?
        var level: String
        var ageBand: Int?
        var declaredNone: Bool
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

/// Whether a cell spells `word` as people type it: whatever the case, with or without the
/// accents of French words (é è ê ë à â î ô û ç, in UTF-8 or Windows-1252), and with the
/// separators (space, `_`, `-`, `'`) of either side ignored: `Congé maternité`,
/// `conge_maternite`. Compared on the bytes, so that no String is made of the cell.
func spells(_ cell: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
    func isSeparator(_ b: UInt8) -> Bool {
        b == 0x20 || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: "'")
    }
    /// The plain letter of an accented one starting at `i`, and its length in bytes.
    func plain(_ i: Int) -> (UInt8, Int)? {
        var b = cell[i], width = 1
        if b == 0xC3 && i + 1 < cell.count && (0x80...0xBF).contains(cell[i + 1]) {
            // UTF-8: C3 then a continuation byte, the Latin-1 letter less 0x40.
            b = cell[i + 1] + 0x40
            width = 2
        } else if b < 0xC0 {
            return nil
        }
        switch b | 0x20 {
        case 0xE0...0xE5: return (UInt8(ascii: "a"), width)
        case 0xE7: return (UInt8(ascii: "c"), width)
        case 0xE8...0xEB: return (UInt8(ascii: "e"), width)
        case 0xEC...0xEF: return (UInt8(ascii: "i"), width)
        case 0xF2...0xF6: return (UInt8(ascii: "o"), width)
        case 0xF9...0xFC: return (UInt8(ascii: "u"), width)
        default: return nil
        }
    }
    return word.withUTF8Buffer { w in
        var i = 0, j = 0
        while true {
            while i < cell.count && isSeparator(cell[i]) { i += 1 }
            while j < w.count && isSeparator(w[j]) { j += 1 }
            guard i < cell.count, j < w.count else { return i == cell.count && j == w.count }
            var b = cell[i]
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            if b == w[j] {
                i += 1
            } else if let (letter, width) = plain(i), letter == w[j] {
                i += width
            } else {
                return false
            }
            j += 1
        }
    }
}

func egaproSection(_ c: UnsafeBufferPointer<UInt8>) -> Egapro.Indicator? {
    if spells(c, "pay") || spells(c, "remuneration") || spells(c, "remunerations") { return .pay }
    if spells(c, "raises") || spells(c, "augmentations") { return .raises }
    if spells(c, "promotions") { return .promotions }
    if spells(c, "raises_promotions") || spells(c, "augmentations_promotions")
        || spells(c, "augmentations et promotions")
    {
        return .raisesPromotions
    }
    if spells(c, "maternity") || spells(c, "conge_maternite") || spells(c, "conges maternite") { return .maternity }
    if spells(c, "top10") || spells(c, "hautes_remunerations") { return .top10 }
    return nil
}

func egaproWorkforce(_ c: UnsafeBufferPointer<UInt8>) -> Egapro.WorkforceRange? {
    if spells(c, "50:250") || spells(c, "50-250") || spells(c, "50 a 250") { return .from50To250 }
    if spells(c, "251:999") || spells(c, "251-999") || spells(c, "251 a 999") { return .from251To999 }
    if spells(c, "1000:") || spells(c, "1000+") || spells(c, "1000 et plus") || spells(c, ">=1000") { return .from1000 }
    return nil
}

func egaproAgeBand(_ c: UnsafeBufferPointer<UInt8>) -> Int? {
    if spells(c, ":29") || spells(c, "<30") || spells(c, "moins de 30") || spells(c, "<=29") { return 0 }
    if spells(c, "30:39") || spells(c, "30-39") { return 1 }
    if spells(c, "40:49") || spells(c, "40-49") { return 2 }
    if spells(c, "50:") || spells(c, ">=50") || spells(c, "50 et plus") || spells(c, "50+") { return 3 }
    return nil
}

func egaproCategory(_ c: UnsafeBufferPointer<UInt8>) -> EgaproCategory? {
    if spells(c, "ouv") || spells(c, "ouvriers") || spells(c, "ouvrier") { return .workers }
    if spells(c, "emp") || spells(c, "employes") || spells(c, "employe") { return .employees }
    if spells(c, "tam") || spells(c, "techniciens et agents de maitrise") { return .technicians }
    if spells(c, "ic") || spells(c, "ingenieurs et cadres") || spells(c, "cadres") { return .executives }
    return nil
}

/// The raw text of some lines of a file, read again (in the encoding and with the delimiter
/// found on the first reading) for the rows rejected once the whole file was read.
func rawRecords(ofLines lines: Set<Int>, path: String, options: ReadOptions, report: FileReport) throws -> [Int: String]
{
    guard !lines.isEmpty else { return [:] }
    let known = ReadOptions(encoding: report.encoding, delimiter: report.delimiter, chunkSize: options.chunkSize)
    var out: [Int: String] = [:]
    try CSVFileReader.read(path: path, displayPath: report.path, options: known, restart: { out = [:] }) {
        record, info in
        guard lines.contains(record.line) else { return }
        out[record.line] = rawText(record, encoding: info.encoding, delimiter: info.delimiter)
    }
    return out
}

/// Decodes one row alone: nil when the row is already rejected by a key or its section.
private func decodeEgaproLine(_ row: inout Row, _ c: EgaproColumns) -> EgaproLine? {
    var out = EgaproLine(line: row.record.line)
    var known = true
    if let cell = row.required(c.workforce, "workforce_range") {
        if let w = egaproWorkforce(cell) {
            out.workforce = w
        } else {
            row.fail(c.workforce, "unknown workforce range (50:250, 251:999 or 1000:)")
        }
    }
    if let cell = row.required(c.section, "section") {
        if let s = egaproSection(cell) {
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
        if s == .maternity && !out.raisesDuringLeave {
            // Two reasons at once: the official code depends on which holds.
            row.fail(
                c.raisesDuringLeave,
                "indicator 4 is declared not computable either with calculable = non (nobody back from leave) or with the women back and raises_during_leave = non (no raise during the leaves), not both"
            )
        }
        return out
    }
    // The category and age band each section takes.
    switch s {
    case .pay:
        if let cell = row.required(c.category, "the category (a CSP or a level)") {
            out.socioProfessional = egaproCategory(cell)
            // Any other label is a level (the only String a row makes).
            if out.socioProfessional == nil { out.level = row.text(c.category) }
        }
        if let cell = row.required(c.ageBand, "the age band") {
            out.ageBand = egaproAgeBand(cell)
            if out.ageBand == nil { row.fail(c.ageBand, "unknown age band (:29, 30:39, 40:49 or 50:)") }
        }
    case .raises, .promotions:
        if let cell = row.required(c.category, "the CSP (ouv, emp, tam or ic)") {
            out.socioProfessional = egaproCategory(cell)
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
        // The women raised are needed when they are scored (some back, raises during the
        // leaves), and checked whenever given.
        if out.women > 0 && out.raisesDuringLeave {
            if row.required(c.womenValue, "the women raised on their return") != nil {
                out.womenValue = row.count(c.womenValue).map(Int64.init)
            }
        } else if row.present(c.womenValue) != nil {
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
        // An average, often computed in the spreadsheet: more decimals are rounded to the cent.
        out.womenValue = row.cents(c.womenValue, roundingHalfUp: true)
        out.menValue = row.cents(c.menValue, roundingHalfUp: true)
        // Below 1 000 € a year full time (the minimum wage is about 17 000 €), the figure is a
        // typing error, most often a thousands separator read as the decimal one (20,000).
        for (column, value) in [(c.womenValue, out.womenValue), (c.menValue, out.menValue)]
        where value.map({ $0 > 0 && $0 < 100_000 }) == true {
            row.fail(
                column,
                "an average full-time annual gross pay below 1 000 € is not plausible: write the euros without a thousands separator (20000 or 20 000, not 20,000)"
            )
        }
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
    var replaced: [(Int, EgaproLine)] = []
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

    /// A plausibility ceiling on indicator 1's groups (levels × age bands; CSP make 16): the
    /// exact sum of their gaps costs more than linear time in their number.
    static let mostPayGroups = 2_000

    init(id: String, lines: [EgaproLine]) {
        self.id = id
        self.lines = lines
    }

    private mutating func reject(_ ls: [EgaproLine], _ column: Int?, _ reason: String, value: (EgaproLine) -> String) {
        for l in ls where rejected[l.line] == nil && !l.rejected {
            rejected[l.line] = Problem(column: column, reason: reason, value: value(l), kind: reason)
        }
    }

    /// Rejects the rest of the return, naming the line that made it incomplete.
    /// (A line replaced by a later one is counted as replaced, not rejected too.)
    private mutating func rejectRest(because line: Int) {
        let reason =
            "the return of member \(id) is incomplete without line \(line) (rejected): its index is not computed"
        let replacedLines = Set(replaced.map(\.0))
        for l in lines where rejected[l.line] == nil && !l.rejected && !replacedLines.contains(l.line) {
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
        var at: [EgaproLine.GroupKey: Int] = [:]
        for l in lines {
            if let i = at[l.groupKey] {
                replaced.append((kept[i].line, l))
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
                value: \.workforce.rawValue)
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
        } else if pay.count > MemberCheck.mostPayGroups {
            reject(
                pay, c.category,
                "indicator 1 has \(pay.count) groups: more than \(MemberCheck.mostPayGroups) (500 levels × 4 age bands) is not plausible",
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
