import Foundation
import Survey

/// Reads one table: header, then each data row through `body`, keeping the counts. `body`
/// ends each row with `report.reject(row)` or an accept; the value problems of an accepted
/// row are reported here, and so is an id matched in another case (once per file).
/// `valueColumns` are the schema columns whose bad cell is item non-response (SPEC 3.4).
///
/// `restart` forgets what `body` kept: the file is parsed again from its start, in another
/// encoding (`CSVFileReader.read`); the counts and problems of the report start again too.
func scanTable(
    path: String, specs: [ColumnSpec], options: ReadOptions, members: MemberIndex? = nil,
    valueColumns: Set<Int> = [], report: inout FileReport, restart: () -> Void,
    _ body: (inout Row, inout FileReport) throws -> Void
) throws {
    var header: HeaderMap? = nil
    let info = try CSVFileReader.read(
        path: path, displayPath: report.path, options: options,
        restart: {
            header = nil
            report = FileReport(path: report.path, relativePath: report.relativePath)
            restart()
        }
    ) { record, info in
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
            let reason =
                "the cell is not valid UTF-8 although the file is (it starts with a UTF-8 BOM): a byte was damaged or pasted from another encoding; retype the cell"
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
            let idColumn = specs.position("member_id")
            let given = row.text(idColumn), registered = members.registry.id(of: member)
            report.toldAboutIDCase = true
            report.diagnostics.append(
                Diagnostic(
                    .warning, file: report.path, line: record.line, column: map.index[idColumn].map { map.names[$0] },
                    message:
                        "member id '\(given)' is read as \(registered), the registry's spelling (ids are matched whatever their case; said once per file)"
                ))
        }
    }
    report.encoding = info.encoding
    report.delimiter = info.delimiter
    report.sha256 = info.sha256
    if info.encoding == .windows1252, options.encoding == nil, let line = info.firstInvalidUTF8Line {
        report.diagnostics.insert(
            Diagnostic(
                .warning, file: report.path, line: line,
                message:
                    "the file is not UTF-8 (first byte that is not, on this line) and has no BOM: it is read as Windows-1252; check that accented letters look right, or save it as \"CSV UTF-8\""
            ),
            at: 0)
    }
    if report.rowsRead == 0 {
        report.diagnostics.append(
            Diagnostic(.warning, file: report.path, line: 1, message: "the file has a header but no data rows"))
    }
}

/// Adds the rejections of rows replaced by a later line for the same key. Their raw text is
/// only known by reading the file again, which is done only when such rows exist, in the
/// encoding and with the delimiter found on the first reading.
func recordSuperseded(_ superseded: [Int: String], path: String, options: ReadOptions, report: inout FileReport) throws
{
    guard !superseded.isEmpty else { return }
    let known = ReadOptions(encoding: report.encoding, delimiter: report.delimiter, chunkSize: options.chunkSize)
    let before = report.rejections.count
    try CSVFileReader.read(
        path: path, displayPath: report.path, options: known,
        restart: {
            report.rejections.removeSubrange(before...)
        }
    ) { record, info in
        guard let reason = superseded[record.line] else { return }
        report.rejections.append(
            Rejection(
                file: report.relativePath, line: record.line, column: "", value: "", reason: reason,
                scope: .replaced, record: rawText(record, encoding: info.encoding, delimiter: info.delimiter)))
    }
    // Line order, and within a line the order the problems were found (a stable sort).
    report.rejections = report.rejections.enumerated().sorted {
        ($0.element.line, $0.offset) < ($1.element.line, $1.offset)
    }.map(\.element)
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
        diagnostics.append(
            Diagnostic(
                .warning, file: path, line: laterLine,
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
        diagnostics.append(
            Diagnostic(
                .warning, file: path, line: firstLine,
                message:
                    "\(count) row\(count == 1 ? "" : "s") belong\(count == 1 ? "s" : "") to members marked inactive in members.csv: accepted but not counted"
            ))
    }
}
