/// One year of the funding survey, held as columns: one row per member, in the order of its
/// first line, a later row of the same member taking the earlier's place.
///
/// A row is nine amounts, and a year of a large network is millions of rows all held while the
/// job runs. Most amounts are below 21 million euros, so each is held in 4 bytes
/// (`NarrowColumn`), a larger one going to a side table: a row is 44 bytes, not the 88 of a
/// `FundingRecord`. The rows read as records, in their order, so the statistics see what
/// an array of records would give them.
public struct FundingRows: Sendable, RandomAccessCollection {
    /// The year the rows report on.
    public let year: Int
    /// Per member, the row holding its return, or -1.
    private var rowOfMember: [Int32]
    private var members: [Int32] = []
    private var lines = NarrowColumn()
    private var amounts = [NarrowColumn](repeating: NarrowColumn(), count: FundingSource.allCases.count)

    /// No row yet of year `year`, for members `0 ..< memberCount`.
    public init(year: Int, memberCount: Int) {
        self.year = year
        rowOfMember = [Int32](repeating: -1, count: memberCount)
    }

    /// The rows of `records` taken in order, a later record of the same member replacing the earlier one.
    public init(year: Int, memberCount: Int, records: some Sequence<FundingRecord>) {
        self.init(year: year, memberCount: memberCount)
        for r in records { set(r) }
    }

    /// The members the rows may name: the size of the registry they were read against.
    public var memberCount: Int { rowOfMember.count }

    /// The first row.
    public var startIndex: Int { 0 }
    /// Past the last row.
    public var endIndex: Int { members.count }

    /// Room for `rows` rows, so that a year read from a file of known size does not grow by doubling.
    public mutating func reserveCapacity(_ rows: Int) {
        members.reserveCapacity(rows)
        lines.reserveCapacity(rows)
        for i in amounts.indices { amounts[i].reserveCapacity(rows) }
    }

    /// The line of the row of `member`, or nil when it has none.
    public func line(ofMember member: Int) -> Int? {
        let row = Int(rowOfMember[member])
        return row >= 0 ? lines[row]! : nil
    }

    /// Holds `record`, in place of its member's row if there was one.
    public mutating func set(_ record: FundingRecord) {
        var row = Int(rowOfMember[record.member])
        if row < 0 {
            row = members.count
            rowOfMember[record.member] = Int32(row)
            members.append(Int32(record.member))
            lines.appendAbsent()
            for i in amounts.indices { amounts[i].appendAbsent() }
        }
        lines[row] = record.line
        for i in amounts.indices { amounts[i][row] = Int(record[i]) }
    }

    /// The row at `position`, as a record.
    public subscript(position: Int) -> FundingRecord {
        var r = FundingRecord(member: Int(members[position]), year: year, line: lines[position]!)
        for i in amounts.indices { r[i] = Int64(amounts[i][position]!) }
        return r
    }
}
