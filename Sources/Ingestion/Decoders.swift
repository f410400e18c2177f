import Foundation
import Survey

/// Reads one table: header, then each data row through `body`, keeping the counts. `body`
/// ends each row with `report.reject(row)` or an accept; the value problems of an accepted
/// row are reported here, and so is an id matched in another case (once per file).
/// `valueColumns` are the schema columns whose bad cell is item non-response (SPEC 3.4).
///
/// `restart` forgets what `body` kept: the file is parsed again from its start, in another
/// encoding (`CSVFileReader.read`); the counts and problems of the report start again too.
func scanTable(path: String, specs: [ColumnSpec], options: ReadOptions, members: MemberIndex? = nil,
               valueColumns: Set<Int> = [], report: inout FileReport, restart: () -> Void,
               _ body: (inout Row, inout FileReport) throws -> Void) throws {
    var header: HeaderMap? = nil
    let info = try CSVFileReader.read(path: path, displayPath: report.path, options: options, restart: {
        header = nil
        report = FileReport(path: report.path, relativePath: report.relativePath)
        restart()
    }) { record, info in
        guard let map = header else {
            header = try HeaderMap.make(record, specs, info.encoding, report: &report)
            return
        }
        var row = Row(record, map, info)
        if row.isBlank { return }
        report.rowsRead += 1
        row.checkShape()
        // A file with a UTF-8 BOM is UTF-8: an invalid byte is an error of its row, never a
        // reason to read the whole file in another encoding (SPEC 3.2, issue #8).
        // Only the fields a column of ours reads are checked: an ignored field is ignored,
        // bytes and all.
        if info.utf8Problems, record.firstInvalidUTF8Field() != nil {
            let reason = "the cell is not valid UTF-8 although the file is (it starts with a UTF-8 BOM): a byte was damaged or pasted from another encoding; retype the cell"
            for (column, field) in map.index.enumerated() {
                guard let field, field < record.count, firstInvalidUTF8Offset(record[field]) != nil else { continue }
                if valueColumns.contains(column) { row.refuseValue(column, reason) } else { row.fail(column, reason) }
            }
        }
        try body(&row, &report)
        if row.isValid && !row.problems.isEmpty {
            row.report(into: &report)
            report.rejectedValues += row.problems.count
        }
        if let member = row.respelledMember, !report.toldAboutIDCase, let members {
            let given = row.text(0), registered = members.registry.id(of: member)
            report.toldAboutIDCase = true
            report.diagnostics.append(Diagnostic(.warning, file: report.path, line: record.line, column: map.index[0].map { map.names[$0] },
                                                 message: "member id '\(given)' is read as \(registered), the registry's spelling (ids are matched whatever their case; said once per file)"))
        }
    }
    report.encoding = info.encoding
    report.delimiter = info.delimiter
    report.sha256 = info.sha256
    if info.encoding == .windows1252, options.encoding == nil, let line = info.firstInvalidUTF8Line {
        report.diagnostics.insert(Diagnostic(.warning, file: report.path, line: line,
                                             message: "the file is not UTF-8 (first byte that is not, on this line) and has no BOM: it is read as Windows-1252; check that accented letters look right, or save it as \"CSV UTF-8\""),
                                  at: 0)
    }
    if report.rowsRead == 0 {
        report.diagnostics.append(Diagnostic(.warning, file: report.path, line: 1, message: "the file has a header but no data rows"))
    }
}

/// Adds the rejections of rows replaced by a later line for the same key. Their raw text is
/// only known by reading the file again, which is done only when such rows exist, in the
/// encoding and with the delimiter found on the first reading.
func recordSuperseded(_ superseded: [Int: String], path: String, options: ReadOptions, report: inout FileReport) throws {
    guard !superseded.isEmpty else { return }
    let known = ReadOptions(encoding: report.encoding, delimiter: report.delimiter, chunkSize: options.chunkSize)
    let before = report.rejections.count
    try CSVFileReader.read(path: path, displayPath: report.path, options: known, restart: {
        report.rejections.removeSubrange(before...)
    }) { record, info in
        guard let reason = superseded[record.line] else { return }
        report.rejections.append(Rejection(file: report.relativePath, line: record.line, column: "", value: "", reason: reason,
                                           scope: .replaced, record: rawText(record, encoding: info.encoding, delimiter: info.delimiter)))
    }
    // Line order, and within a line the order the problems were found (a stable sort).
    report.rejections = report.rejections.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
}

/// The accepted rows of one survey file, where a key given twice keeps the later line
/// (SPEC 3.4): the earlier row moves from accepted to replaced (not rejected: nothing was
/// wrong with it) and a warning names both lines. Keys are dense integers (member × slot), so the look-up is an array access.
struct LaterLineWins<Record: LocatedRecord> {
    private(set) var rows: [Record] = []
    private var position: [Int32]
    private var superseded: [Int: String] = [:]
    private var inactive = 0
    private var firstInactiveLine = 0

    init(keys: Int) {
        position = [Int32](repeating: -1, count: keys)
    }

    /// Accepts `record` under `key`; `describe` names the key in the warning.
    mutating func accept(_ record: Record, key: Int, active: Bool, report: inout FileReport, describe: () -> String) {
        report.accept()
        let at = record.line
        if !active {
            inactive += 1
            if firstInactiveLine == 0 { firstInactiveLine = at }
        }
        let earlier = Int(position[key])
        if earlier >= 0 {
            report.replace(earlierLine: rows[earlier].line, laterLine: at, key: describe(), into: &superseded)
            rows[earlier] = record
        } else {
            position[key] = Int32(rows.count)
            rows.append(record)
        }
    }

    /// Ends the file: the inactive-members warning and the rejects of replaced rows.
    func finish(path: String, options: ReadOptions, report: inout FileReport) throws -> [Record] {
        report.warnInactive(inactive, firstLine: firstInactiveLine)
        try recordSuperseded(superseded, path: path, options: options, report: &report)
        return rows
    }
}

/// A decoded row that knows the line it came from.
protocol LocatedRecord {
    var line: Int { get }
}

extension BarometerResponse: LocatedRecord {}
extension GenderRecord: LocatedRecord {}
extension FundingRecord: LocatedRecord {}

extension FileReport {
    mutating func accept() { accepted += 1 }

    mutating func reject(_ row: Row) {
        row.report(into: &self)
        rejected += 1
    }

    /// The earlier of two rows for one key is replaced: it moves from accepted to replaced.
    mutating func replace(earlierLine: Int, laterLine: Int, key: String, into superseded: inout [Int: String]) {
        accepted -= 1
        replaced += 1
        // Values left out of the earlier row no longer count: the statistics never use that
        // row (its line in rejects.csv says `replaced`; its errors were still printed).
        if rejectedValues > 0 { forgetValues(ofLine: earlierLine) }
        diagnostics.append(Diagnostic(.warning, file: path, line: laterLine,
                                      message: "\(key) is also given on line \(earlierLine); this later line replaces it"))
        superseded[earlierLine] = "replaced by line \(laterLine) (\(key) given twice; the later line wins)"
    }

    /// Rejections are appended in line order until the file ends: a binary search finds the
    /// earlier line's, so that a file of duplicates stays linear.
    private mutating func forgetValues(ofLine earlierLine: Int) {
        var lo = 0, hi = rejections.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if rejections[mid].line < earlierLine { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < rejections.count && rejections[end].line == earlierLine { end += 1 }
        let values = rejections[lo..<end].filter { $0.scope == .value }.count
        if values > 0 {
            rejections.removeSubrange(lo..<end)
            rejectedValues -= values
        }
    }

    mutating func warnInactive(_ count: Int, firstLine: Int) {
        guard count > 0 else { return }
        diagnostics.append(Diagnostic(.warning, file: path, line: firstLine,
                                      message: "\(count) row\(count == 1 ? "" : "s") belong\(count == 1 ? "s" : "") to members marked inactive in members.csv: accepted but not counted"))
    }
}

/// Looks members up from the bytes of an id cell (`Registry.index(ofID:)`, whatever their
/// case, SPEC 3.4), and knows the ids whose registry row was rejected, to say so.
///
/// A class, so that handing it to every row's decoding is one reference, not a copy of the
/// registry's arrays and their reference counts.
public final class MemberIndex: Sendable {
    public let registry: Registry
    /// `isActive[m]` for member index m.
    public let isActive: [Bool]
    /// Ids whose registry row was rejected, with its line.
    private let rejected: [MemberKey: Int]

    public init(_ registry: Registry, rejected: [String: Int] = [:]) {
        self.registry = registry
        var keyed: [MemberKey: Int] = [:]
        for (id, line) in rejected { if let key = MemberKey(id)?.caseFolded { keyed[key] = line } }
        self.rejected = keyed
        isActive = registry.isActive
    }

    /// For an unknown id made of digits, the registry id it becomes with the leading zeros
    /// Excel strips from numbers (`21` for `0021`), as a hint; empty when there is none.
    /// Only on the error path: it allocates.
    public func zeroPaddedHint(_ cell: UnsafeBufferPointer<UInt8>) -> String {
        guard !cell.isEmpty, cell.count < 32, cell.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return "" }
        var padded = Array(cell)
        while padded.count < 32 {
            padded.insert(UInt8(ascii: "0"), at: 0)
            if let m = padded.withUnsafeBufferPointer({ registry.index(ofID: $0) }) {
                return "; did Excel drop its leading zeros? the registry has \(registry.id(of: m)) (format the column as text)"
            }
        }
        return ""
    }

    /// The line of members.csv where this id's row was rejected, if it was.
    public func rejectedLine(_ key: MemberKey) -> Int? { rejected[key.caseFolded] }

    /// The member whose id is these bytes, whatever their case; nil when they are not a
    /// registered id.
    @inline(__always)
    public func lookup(_ id: UnsafeBufferPointer<UInt8>) -> Int? { registry.index(ofID: id) }
}

extension Row {
    /// The member of a data row, which must be a valid id present in the registry.
    mutating func member(_ column: Int, _ index: MemberIndex) -> Int? {
        guard let c = required(column, "member_id") else { return nil }
        guard !c.isEmpty, c.count <= 32, c.allSatisfy(MemberKey.isIDByte) else {
            fail(column, "not a valid member id (1 to 32 letters, digits, '_' or '-')")
            return nil
        }
        guard let m = index.lookup(c) else {
            if let key = MemberKey(c), let line = index.rejectedLine(key) {
                fail(column, "member not in the registry: its row in members.csv (line \(line)) was rejected")
            } else {
                fail(column, "unknown member: not in members.csv" + index.zeroPaddedHint(c), kind: "unknown member: not in members.csv")
            }
            return nil
        }
        if !index.registry.isSpelledAsRegistered(c, member: m) {
            respelledMember = m
        }
        return m
    }

    /// The year of a yearly file's row, which must be the year of the file name.
    mutating func year(_ column: Int, expected: Int) -> Int? {
        guard let c = required(column, "year") else { return nil }
        guard let y = parseYear(c) else {
            fail(column, "not a year (write it like 2014)")
            return nil
        }
        if y != expected {
            fail(column, "the row is for \(y) but the file is for \(expected)")
            return nil
        }
        return y
    }
}

// MARK: - members.csv

/// Reads the registry. A member id given twice keeps the first row; the later one is
/// rejected with an error that names the first line.
public func readMembers(path: String, relativePath: String, displayPath: String? = nil,
                        options: ReadOptions = ReadOptions()) throws -> (Registry, FileReport) {
    var report = FileReport(path: displayPath ?? path, relativePath: relativePath)
    var registry = Registry()
    var regions: [(bytes: [UInt8], name: String)] = []
    let id = 0, name = 1, region = 2, department = 3, type = 4, active = 5
    try scanTable(path: path, specs: Schema.members, options: options, valueColumns: [3], report: &report, restart: {
        registry = Registry()
        regions = []
    }) { row, report in
        let memberID = row.required(id, "member_id")
        if let c = memberID, MemberKey(c) == nil {
            row.fail(id, "not a valid member id (1 to 32 letters, digits, '_' or '-')")
        }
        _ = row.required(name, "name")
        _ = row.required(region, "region")
        var departmentCode: String? = nil
        if let c = row.present(department) {
            departmentCode = normalizedDepartment(row.encoding.decode(c))
            if departmentCode == nil {
                // No statistic uses the département: a bad one must not take the member out
                // of the registry, which is the population of every estimate.
                row.fail(department, "not a French département code (01–95, 2A, 2B, 971–976)", .value)
            }
        }
        var structureType: StructureType? = nil
        if let c = row.required(type, "structure_type") {
            structureType = Cell.structureType(c)
            if structureType == nil { row.fail(type, "unknown structure type (AI, ACI, EI, ETTI, GEIQ, SAP or OTHER)") }
        }
        var isActive = true
        if let c = row.present(active) {
            if let b = Cell.boolean(c) { isActive = b } else { row.fail(active, "not yes/no (oui/non, true/false, 1/0)") }
        }
        guard row.isValid, let structureType else {
            if let c = memberID, MemberKey(c) != nil {
                let id = row.encoding.decode(c)
                if registry.index(of: id) == nil && report.rejectedMembers[id] == nil { report.rejectedMembers[id] = row.record.line }
            }
            report.reject(row)
            return
        }
        // Regions are published as given, in NFC so that one region typed with composed or
        // decomposed accents is one group. Few distinct names: normalize each once.
        // The names are looked up by their bytes (a file has one encoding), so that a row
        // makes no String for its region.
        let regionBytes = row.cell(region)!
        let regionNFC: String
        if let known = regions.first(where: { $0.bytes.elementsEqual(regionBytes) }) {
            regionNFC = known.name
        } else {
            regionNFC = row.text(region).precomposedStringWithCanonicalMapping
            regions.append((Array(regionBytes), regionNFC))
        }
        let (inserted, existing) = registry.add(id: memberID!, region: regionNFC, structureType: structureType,
                                                active: isActive, line: row.record.line)
        if inserted {
            report.accept()
        } else {
            row.fail(id, "member_id is already defined on line \(registry.line(of: existing)); this later row is ignored")
            report.reject(row)
        }
    }
    return (registry, report)
}

/// `01`–`95` (no `20`, split into `2A` and `2B`), `2A`, `2B`, `971`–`976`. A one-digit code is
/// read as `0N`, since Excel drops the leading zero of `01`–`09`.
public func normalizedDepartment(_ raw: String) -> String? {
    let code = raw.uppercased()
    if code == "2A" || code == "2B" { return code }
    guard !code.isEmpty, code.count <= 3, code.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(code) else { return nil }
    switch (code.count, n) {
    case (1, 1...9): return "0" + code
    case (2, 1...95) where n != 20: return code
    case (3, 971...976): return code
    default: return nil
    }
}

// MARK: - barometer/YYYY-Qn.csv

/// Reads one quarter of barometer returns for `quarter`, the period named by the file.
public func readBarometer(path: String, relativePath: String, displayPath: String? = nil, quarter: Quarter,
                          members: MemberIndex, options: ReadOptions = ReadOptions()) throws -> ([BarometerResponse], FileReport) {
    var report = FileReport(path: displayPath ?? path, relativePath: relativePath)
    var responses = LaterLineWins<BarometerResponse>(keys: members.registry.count)
    try scanTable(path: path, specs: Schema.barometer, options: options, members: members, valueColumns: Set(2...10),
                  report: &report, restart: { responses = LaterLineWins(keys: members.registry.count) }) { row, report in
        let member = row.member(0, members)
        if let c = row.required(1, "quarter") {
            if let q = Quarter.parse(c) {
                if q != quarter { row.fail(1, "the row is for \(q) but the file is for \(quarter)") }
            } else if NumberParser.looksLikeDate(c) {
                row.fail(1, "not a quarter but a date: Excel turned the quarter into a date; format the column as text and write 2014-Q4")
            } else {
                row.fail(1, "not a quarter (write it like 2014-Q4, 2014-T4 or T4 2014)")
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
        response.activityPast = opinion(2, Cell.opinion, opinionWords)
        response.activityOutlook = opinion(3, Cell.opinion, opinionWords)
        response.employmentPast = opinion(4, Cell.opinion, opinionWords)
        response.employmentOutlook = opinion(5, Cell.opinion, opinionWords)
        response.cashPosition = opinion(6, Cell.judgement, "easy/aisée, normal/normale, difficult/difficile, or empty")
        response.employeesIntegration = row.count(7, .value)
        response.employeesPermanent = row.count(8, .value)
        response.hoursHundredths = row.hours(9, .value)
        response.turnoverCents = row.cents(10, .value)
        guard row.isValid, let member else {
            report.reject(row)
            return
        }
        responses.accept(response, key: member, active: members.isActive[member], report: &report) {
            "member \(members.registry.id(of: member))"
        }
    }
    return (try responses.finish(path: path, options: options, report: &report), report)
}

// MARK: - gender/YYYY.csv

/// Reads one year of the gender-equality survey.
public func readGender(path: String, relativePath: String, displayPath: String? = nil, year: Int,
                       members: MemberIndex, options: ReadOptions = ReadOptions()) throws -> ([GenderRecord], FileReport) {
    var report = FileReport(path: displayPath ?? path, relativePath: relativePath)
    // Key: member × population × sex.
    let populations = Population.allCases, sexes = Sex.allCases
    let keys = members.registry.count * populations.count * sexes.count
    var records = LaterLineWins<GenderRecord>(keys: keys)
    try scanTable(path: path, specs: Schema.gender, options: options, members: members, valueColumns: Set(5...9),
                  report: &report, restart: { records = LaterLineWins(keys: keys) }) { row, report in
        let member = row.member(0, members)
        _ = row.year(1, expected: year)
        var population: Population? = nil
        if let c = row.required(2, "population") {
            population = Cell.population(c)
            if population == nil { row.fail(2, "unknown population (integration, permanent, management or board)") }
        }
        var sex: Sex? = nil
        if let c = row.required(3, "sex") {
            sex = Cell.sex(c)
            if sex == nil { row.fail(3, "unknown sex (F/femme/W or M/homme)") }
        }
        var headcount: Int? = nil
        if row.required(4, "headcount") != nil { headcount = row.count(4) }
        // Hours, pay, trained and exits are measures: a bad one is left out for that member
        // (item non-response, SPEC 3.4) and the headcount still counts.
        var hours = row.hours(5, .value)
        var pay = row.cents(6, .value)
        var trained = row.count(7, .value)
        let exits = row.count(8, .value)
        var exitsToEmployment = row.count(9, .value)
        if let t = trained, let headcount, t > headcount {
            row.fail(7, "more people trained (\(t)) than the headcount (\(headcount))", .value)
            trained = nil
        }
        if let e = exitsToEmployment {
            if let exits {
                if e > exits {
                    row.fail(9, "more exits to employment (\(e)) than exits (\(exits))", .value)
                    exitsToEmployment = nil
                }
            } else if row.cell(8).map(Cell.isMissing) ?? true {
                // Only when exits were not given: a bad exits cell is its own error already.
                row.fail(9, "exits to employment are given without the number of exits", .value)
                exitsToEmployment = nil
            }
        }
        if population == .board {
            if hours != nil { row.fail(5, "hours are not asked for board members", .value); hours = nil }
            if pay != nil { row.fail(6, "pay is not asked for board members", .value); pay = nil }
        }
        guard row.isValid, let member, let population, let sex, let headcount else {
            report.reject(row)
            return
        }
        var record = GenderRecord(member: member, year: year, line: row.record.line, population: population, sex: sex, headcount: headcount)
        record.hoursHundredths = hours
        record.grossPayCents = pay
        record.trained = trained
        record.exits = exits
        record.exitsToEmployment = exitsToEmployment
        let key = (member * populations.count + populations.firstIndex(of: population)!) * sexes.count + sexes.firstIndex(of: sex)!
        records.accept(record, key: key, active: members.isActive[member], report: &report) {
            "member \(members.registry.id(of: member)), \(population.rawValue), \(sex.rawValue)"
        }
    }
    return (try records.finish(path: path, options: options, report: &report), report)
}

// MARK: - funding/YYYY.csv

/// Reads one year of the funding survey. Missing amounts are 0; a member whose resources
/// add up to 0 is rejected (there is nothing to share out).
public func readFunding(path: String, relativePath: String, displayPath: String? = nil, year: Int,
                        members: MemberIndex, options: ReadOptions = ReadOptions()) throws -> ([FundingRecord], FileReport) {
    var report = FileReport(path: displayPath ?? path, relativePath: relativePath)
    var records = LaterLineWins<FundingRecord>(keys: members.registry.count)
    try scanTable(path: path, specs: Schema.funding, options: options, members: members, report: &report,
                  restart: { records = LaterLineWins(keys: members.registry.count) }) { row, report in
        let member = row.member(0, members)
        _ = row.year(1, expected: year)
        var cents = [Int64](repeating: 0, count: FundingSource.allCases.count)
        for s in 0..<cents.count {
            cents[s] = row.cents(2 + s) ?? 0
        }
        if row.isValid {
            let (total, overflow) = cents.reduce((Int64(0), false)) { acc, c in
                let (sum, o) = acc.0.addingReportingOverflow(c)
                return (sum, acc.1 || o)
            }
            if overflow { row.fail(nil, "the resources add up to more than can be counted") }
            else if total == 0 { row.fail(nil, "all resources are zero or missing: nothing to share out") }
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
    return (try records.finish(path: path, options: options, report: &report), report)
}
