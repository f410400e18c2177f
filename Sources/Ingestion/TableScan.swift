import Foundation
import Survey

/// Reads one table: header, then each data row through `body`, keeping the counts. `body`
/// ends each row with `report.reject(row)` or an accept; the value problems of an accepted
/// row are reported here, and so is an id matched in another case (once per file).
/// `valueColumns` are the schema columns whose bad cell is item non-response (SPEC 3.4).
///
/// `restart` forgets what `body` kept: the file is parsed again from its start, in another
/// encoding (`CSVFileReader.read`); the counts and problems of the report start again too.
///
/// With `blocks`, the rows past the first chunk are checked on every core
/// (`CSVFileReader.read(…blocks:…)`): `blocks.decode` does for a row what `body` does up to
/// what needs the rows before it, into a block's partial result and a report of the block's
/// own, and `blocks.merge` does the rest, block after block in file order. Only for a file
/// whose rows name no registry member (the registry itself): the survey files are read each
/// on a core of its own already.
func scanTable(
    path: String, specs: [ColumnSpec], options: ReadOptions, members: MemberIndex? = nil,
    valueColumns: Set<Int> = [], report: inout FileReport, restart: () -> Void,
    _ body: (inout Row, inout FileReport) throws -> Void
) throws {
    try scanTable(
        path: path, specs: specs, options: options, members: members, valueColumns: valueColumns, report: &report,
        blocks: TableBlocks<Never>?.none, restart: restart, body)
}

/// `scanTable` with the rows past the first chunk checked on every core, as `blocks` says.
func scanTable<Partial: Sendable>(
    path: String, specs: [ColumnSpec], options: ReadOptions, members: MemberIndex? = nil,
    valueColumns: Set<Int> = [], report: inout FileReport, blocks: TableBlocks<Partial>?,
    restart: () -> Void,
    _ body: (inout Row, inout FileReport) throws -> Void
) throws {
    precondition(blocks == nil || members == nil, "rows naming members are read on one core")
    // The report and the header as the reading goes, reachable from the blocks' closures.
    var current = report
    defer { report = current }
    let header = HeaderBox()
    let respelling = members.map { (index: $0, idColumn: specs.position("member_id")) }
    let (path, shown, relative) = (path, report.path, report.relativePath)
    let reading = blocks.map { blocks in
        let (make, decode) = (blocks.make, blocks.decode)
        return BlockReading<TableBlock<Partial>>(
            size: blocks.size,
            decode: { info, records in
                var made = TableBlock(report: FileReport(path: shown, relativePath: relative), rows: make())
                guard let map = header.map else { throw BlockWithoutHeader() }
                try records { record in
                    try scanRow(record, map, info, valueColumns: valueColumns, members: nil, report: &made.report) {
                        try decode(&$0, &$1, &made.rows)
                    }
                }
                return made
            },
            merge: { block in
                guard try blocks.merge(block.rows, &current) else { return false }
                current.absorb(block.report)
                return true
            })
    }
    let info = try CSVFileReader.read(
        path: path, displayPath: shown, options: options, blocks: reading,
        restart: {
            header.map = nil
            current = FileReport(path: shown, relativePath: relative)
            restart()
        }
    ) { record, info in
        guard let map = header.map else {
            header.map = try HeaderMap.make(record, specs, info.encoding, report: &current)
            return
        }
        try scanRow(record, map, info, valueColumns: valueColumns, members: respelling, report: &current, body)
    }
    current.encoding = info.encoding
    current.delimiter = info.delimiter
    current.sha256 = info.sha256
    if info.encoding == .windows1252, options.encoding == nil, let line = info.firstInvalidUTF8Line {
        current.diagnostics.insert(
            Diagnostic(
                .warning, file: current.path, line: line,
                message:
                    "the file is not UTF-8 (first byte that is not, on this line) and has no BOM: it is read as Windows-1252; check that accented letters look right, or save it as \"CSV UTF-8\""
            ),
            at: 0)
    }
    if current.rowsRead == 0 {
        current.diagnostics.append(
            Diagnostic(.warning, file: current.path, line: 1, message: "the file has a header but no data rows"))
    }
}

/// One data record through `body` with what every table does around it: blank records
/// skipped, the row counted, its shape and its bytes checked, the value problems of an
/// accepted row reported, an id matched in another case told (once per file).
private func scanRow(
    _ record: CSVRecord, _ map: HeaderMap, _ info: CSVFileInfo, valueColumns: Set<Int>,
    members: (index: MemberIndex, idColumn: Int)?, report: inout FileReport,
    _ body: (inout Row, inout FileReport) throws -> Void
) throws {
    var row = Row(record, map, info)
    if row.isBlank { return }
    report.rowsRead += 1
    if report.rowsRead == rowsForEstimate && info.byteCount > 0 {
        report.expectedRows = Int(Double(info.fileSize) * Double(report.rowsRead) / Double(info.byteCount))
    }
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
    if let member = row.respelledMember, !report.toldAboutIDCase, let (members, idColumn) = members {
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

/// Rows read before a file's rows are estimated from the bytes they took (the bytes read
/// run ahead of the rows by at most a chunk, a few percent of these rows' bytes).
private let rowsForEstimate = 16_384

/// How a table's rows are read on every core (`scanTable(…blocks:…)`).
struct TableBlocks<Partial: Sendable> {
    /// Bytes of a block (`BlockReading.size`).
    var size = 8 << 20
    /// An empty partial result, for a block to fill.
    var make: @Sendable () -> Partial
    /// What `body` does with a row that needs no other row, on any core: the row's problems
    /// go to the block's report, what the merge needs of it to the partial result.
    var decode: @Sendable (inout Row, inout FileReport, inout Partial) throws -> Void
    /// The rest, in file order on the reading thread; false when a row cannot be taken
    /// without the rows before it as `body` takes them (the file is then read again on one
    /// core, which words the problem).
    var merge: (Partial, inout FileReport) throws -> Bool
}

/// A block's rows as a table reads them: its own report and the partial result of its rows.
struct TableBlock<Partial: Sendable>: Sendable {
    var report: FileReport
    var rows: Partial
}

/// The header map, found on the reading thread before any block is read, shared with the
/// blocks' decoding (which only reads it).
private final class HeaderBox: @unchecked Sendable {
    var map: HeaderMap?
}

/// A block was read before the header (which cannot happen: the header is in the first chunk).
private struct BlockWithoutHeader: Error {}

extension FileReport {
    /// Adds what a block's report holds: its counts, its problems after those already here.
    mutating func absorb(_ block: FileReport) {
        rowsRead += block.rowsRead
        accepted += block.accepted
        rejected += block.rejected
        replaced += block.replaced
        rejectedValues += block.rejectedValues
        diagnostics += block.diagnostics
        rejections += block.rejections
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
struct LaterLineWins<Rows: KeyedRows> {
    private(set) var rows: Rows
    private var superseded: [Int: String] = [:]
    private var sized = false
    private var inactive = 0
    private var firstInactiveLine = 0

    init(_ rows: Rows) {
        self.rows = rows
    }

    /// Accepts `record` under `key`; `describe` names the key in the warning.
    mutating func accept(
        _ record: Rows.Record, key: Int, active: Bool, report: inout FileReport, describe: () -> String
    ) {
        report.accept()
        if !sized, let expected = report.expectedRows {
            // Room for the rows estimated and some more: the estimate errs low by a few percent.
            sized = true
            rows.reserveCapacity(expected + expected / 8)
        }
        let at = record.line
        if !active {
            inactive += 1
            if firstInactiveLine == 0 { firstInactiveLine = at }
        }
        if let earlier = rows.line(ofKey: key) {
            report.replace(earlierLine: earlier, laterLine: at, key: describe(), into: &superseded)
        }
        rows.put(record, key: key)
    }

    /// Ends the file: the inactive-members warning and the rejects of replaced rows.
    func finish(path: String, options: ReadOptions, report: inout FileReport) throws -> Rows {
        report.warnInactive(inactive, firstLine: firstInactiveLine)
        try recordSuperseded(superseded, path: path, options: options, report: &report)
        return rows
    }
}

/// Where `LaterLineWins` keeps a file's accepted rows: one row per dense key, a later row
/// taking the place of the earlier one.
protocol KeyedRows {
    associatedtype Record: LocatedRecord
    /// The line of the row held under `key`, or nil.
    func line(ofKey key: Int) -> Int?
    /// Holds `record` under `key`, in place of the row held there if any.
    mutating func put(_ record: Record, key: Int)
    /// Room for `rows` rows.
    mutating func reserveCapacity(_ rows: Int)
}

/// Rows held as an array in the order of their first line, with the place of each key's row.
struct RowArray<Record: LocatedRecord>: KeyedRows {
    private(set) var rows: [Record] = []
    private var position: [Int32]

    init(keys: Int) {
        position = [Int32](repeating: -1, count: keys)
    }

    func line(ofKey key: Int) -> Int? {
        let row = Int(position[key])
        return row >= 0 ? rows[row].line : nil
    }

    mutating func put(_ record: Record, key: Int) {
        let row = Int(position[key])
        if row >= 0 {
            rows[row] = record
        } else {
            position[key] = Int32(rows.count)
            rows.append(record)
        }
    }

    mutating func reserveCapacity(_ n: Int) { rows.reserveCapacity(n) }
}

/// The gender survey keys its rows by member, population and sex (`GenderRows.key`).
extension GenderRows: KeyedRows {
    mutating func put(_ record: GenderRecord, key: Int) {
        assert(key == GenderRows.key(member: record.member, population: record.population, sex: record.sex))
        set(record)
    }
}

/// The funding survey keys its rows by member.
extension FundingRows: KeyedRows {
    func line(ofKey key: Int) -> Int? { line(ofMember: key) }
    mutating func put(_ record: FundingRecord, key: Int) {
        assert(key == record.member)
        set(record)
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
