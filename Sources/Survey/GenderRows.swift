/// One year of the gender-equality survey, held as columns and found by member, population
/// and sex: what the statistics read is a member's two rows (women, men) of a population.
///
/// A year of a large network is tens of millions of rows, all held while the job runs, and
/// most of what a row says is small: a few hundred people, hours and pay below two billion
/// hundredths and cents. So each value is held in 4 bytes (`NarrowColumn`), a value that does
/// not fit going to a side table, and a row is 28 bytes with nothing to find it by but its
/// place: a dense index by member, population and sex (4 bytes per key) gives it. Rows are
/// kept in the order of their first line; a later row of the same key takes the earlier's
/// place, which is how the file's later line wins.
public struct GenderRows: Sendable {
    /// The year the rows report on.
    public let year: Int
    /// The members the rows may name: the size of the registry they were read against.
    public let memberCount: Int
    /// Per key (`key(member:population:sex:)`), the row holding it, or -1.
    private var rowOfKey: [Int32]
    private var lines = NarrowColumn()
    private var headcounts = NarrowColumn()
    private var trained = NarrowColumn()
    private var exits = NarrowColumn()
    private var exitsToEmployment = NarrowColumn()
    private var hours = NarrowColumn()
    private var pay = NarrowColumn()

    private static let populations = Population.allCases
    private static let sexes = Sex.allCases

    /// No row yet of year `year`, for members `0 ..< memberCount`.
    public init(year: Int, memberCount: Int) {
        self.year = year
        self.memberCount = memberCount
        rowOfKey = [Int32](repeating: -1, count: memberCount * Self.populations.count * Self.sexes.count)
    }

    /// The rows of `records` taken in order, a later record of the same member, population and
    /// sex replacing the earlier one.
    public init(year: Int, memberCount: Int, records: some Sequence<GenderRecord>) {
        self.init(year: year, memberCount: memberCount)
        for r in records { set(r) }
    }

    /// The rows held: one per member, population and sex given.
    public var count: Int { lines.count }

    /// Room for `rows` rows, so that a year read from a file of known size does not grow by doubling.
    public mutating func reserveCapacity(_ rows: Int) {
        lines.reserveCapacity(rows)
        headcounts.reserveCapacity(rows)
        trained.reserveCapacity(rows)
        exits.reserveCapacity(rows)
        exitsToEmployment.reserveCapacity(rows)
        hours.reserveCapacity(rows)
        pay.reserveCapacity(rows)
    }

    /// The dense key of a member's row of a population and sex.
    @inline(__always)
    public static func key(member: Int, population: Population, sex: Sex) -> Int {
        (member * populations.count + population.ordinal) * sexes.count + sex.ordinal
    }

    /// The line of the row held under `key`, or nil when there is none.
    public func line(ofKey key: Int) -> Int? {
        let row = Int(rowOfKey[key])
        return row >= 0 ? lines[row]! : nil
    }

    /// Holds `record`, in place of the row of its member, population and sex if there was one.
    public mutating func set(_ record: GenderRecord) {
        let key = Self.key(member: record.member, population: record.population, sex: record.sex)
        var row = Int(rowOfKey[key])
        if row < 0 {
            row = count
            rowOfKey[key] = Int32(row)
            lines.appendAbsent()
            headcounts.appendAbsent()
            trained.appendAbsent()
            exits.appendAbsent()
            exitsToEmployment.appendAbsent()
            hours.appendAbsent()
            pay.appendAbsent()
        }
        lines[row] = record.line
        headcounts[row] = record.headcount
        trained[row] = record.trained
        exits[row] = record.exits
        exitsToEmployment[row] = record.exitsToEmployment
        hours[row] = record.hoursHundredths.map(Int.init)
        pay[row] = record.grossPayCents.map(Int.init)
    }

    /// The row of a member, population and sex, or nil when the year has none.
    @inline(__always)
    public func record(member: Int, population: Population, sex: Sex) -> GenderRecord? {
        let row = Int(rowOfKey[Self.key(member: member, population: population, sex: sex)])
        guard row >= 0 else { return nil }
        var r = GenderRecord(
            member: member, year: year, line: lines[row]!, population: population, sex: sex, headcount: headcounts[row]!
        )
        r.trained = trained[row]
        r.exits = exits[row]
        r.exitsToEmployment = exitsToEmployment[row]
        r.hoursHundredths = hours[row].map(Int64.init)
        r.grossPayCents = pay[row].map(Int64.init)
        return r
    }

    /// The headcount of a member's row of a population and sex; nil without the row.
    @inline(__always)
    public func headcount(member: Int, population: Population, sex: Sex) -> Int? {
        let row = Int(rowOfKey[Self.key(member: member, population: population, sex: sex)])
        return row >= 0 ? headcounts[row] : nil
    }

    /// The rows of the members `include` keeps (the active members, for the usable rows of a year).
    public func count(ofMembers include: (Int) -> Bool) -> Int {
        let width = Self.populations.count * Self.sexes.count
        var n = 0
        for member in 0..<memberCount where include(member) {
            for key in member * width..<(member + 1) * width where rowOfKey[key] >= 0 { n += 1 }
        }
        return n
    }
}

extension Population {
    /// The place of the population in `allCases`.
    @inline(__always)
    public var ordinal: Int {
        switch self {
        case .integration: 0
        case .permanent: 1
        case .management: 2
        case .board: 3
        }
    }
}

extension Sex {
    /// The place of the sex in `allCases`.
    @inline(__always)
    public var ordinal: Int { self == .female ? 0 : 1 }
}
