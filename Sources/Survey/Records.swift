/// An answer to an opinion question, coded the way balances are computed: +1, 0, −1.
public enum Opinion: Int8, Sendable, Hashable, CaseIterable {
    case down = -1
    case stable = 0
    case up = 1
}

/// One accepted barometer return: a member's answers for one quarter.
/// `member` indexes the registry, so the hot path never carries member ids as strings.
///
/// Stored in 48 bytes instead of 104: a network of millions of members sends millions of
/// returns a quarter. The narrow fields hold what ingestion lets through (a count at most
/// 1 000 000 000, a member index and a year that fit), and an absent answer or value is a
/// sentinel no accepted one takes; the properties show the plain types.
public struct BarometerResponse: Sendable, Hashable {
    private var memberIndex: Int32
    private var yearNumber: Int32
    /// The line of the input file where the return starts, for rejections and messages.
    public var line: Int
    private var hoursValue: Int64 = Self.noAmount
    private var turnoverValue: Int64 = Self.noAmount
    private var integrationValue: Int32 = Self.noCount
    private var permanentValue: Int32 = Self.noCount
    private var quarterNumber: Int8
    private var activityPastCode: Int8 = Self.noAnswer
    private var activityOutlookCode: Int8 = Self.noAnswer
    private var employmentPastCode: Int8 = Self.noAnswer
    private var employmentOutlookCode: Int8 = Self.noAnswer
    private var cashPositionCode: Int8 = Self.noAnswer

    private static let noCount = Int32.min
    private static let noAmount = Int64.min
    private static let noAnswer = Int8.min

    /// A return with no answer yet: the decoder sets each value it accepts.
    public init(member: Int, quarter: Quarter, line: Int) {
        memberIndex = Int32(member)
        yearNumber = Int32(quarter.year)
        quarterNumber = Int8(quarter.number)
        self.line = line
    }

    /// The member's position in the registry.
    public var member: Int {
        get { Int(memberIndex) }
        set { memberIndex = Int32(newValue) }
    }
    /// The quarter the return answers for.
    public var quarter: Quarter {
        get { Quarter(year: Int(yearNumber), number: Int(quarterNumber))! }
        set { (yearNumber, quarterNumber) = (Int32(newValue.year), Int8(newValue.number)) }
    }
    /// Activity over the past quarter (*activité passée*).
    public var activityPast: Opinion? {
        get { Opinion(rawValue: activityPastCode) }
        set { activityPastCode = newValue?.rawValue ?? Self.noAnswer }
    }
    /// Activity expected over the next quarter (*activité prévue*).
    public var activityOutlook: Opinion? {
        get { Opinion(rawValue: activityOutlookCode) }
        set { activityOutlookCode = newValue?.rawValue ?? Self.noAnswer }
    }
    /// Employment over the past quarter (*emploi passé*).
    public var employmentPast: Opinion? {
        get { Opinion(rawValue: employmentPastCode) }
        set { employmentPastCode = newValue?.rawValue ?? Self.noAnswer }
    }
    /// Employment expected over the next quarter (*emploi prévu*).
    public var employmentOutlook: Opinion? {
        get { Opinion(rawValue: employmentOutlookCode) }
        set { employmentOutlookCode = newValue?.rawValue ?? Self.noAnswer }
    }
    /// easy = up (+1), normal = stable (0), difficult = down (−1).
    public var cashPosition: Opinion? {
        get { Opinion(rawValue: cashPositionCode) }
        set { cashPositionCode = newValue?.rawValue ?? Self.noAnswer }
    }
    /// Employees on integration contracts (*salariés insertion*); with the permanent staff, the
    /// member's weight in the employment-weighted balances.
    public var employeesIntegration: Int? {
        get { integrationValue == Self.noCount ? nil : Int(integrationValue) }
        set { integrationValue = newValue.map { Int32($0) } ?? Self.noCount }
    }
    /// Permanent staff (*salariés permanents*), the other part of the member's employment weight.
    public var employeesPermanent: Int? {
        get { permanentValue == Self.noCount ? nil : Int(permanentValue) }
        set { permanentValue = newValue.map { Int32($0) } ?? Self.noCount }
    }
    /// Hours in exact hundredths, so that sums are exact like money (SPEC: hours summed exactly).
    public var hoursHundredths: Int64? {
        get { hoursValue == Self.noAmount ? nil : hoursValue }
        set { hoursValue = newValue ?? Self.noAmount }
    }
    /// Turnover of the quarter in exact cents, so that totals never drift.
    public var turnoverCents: Int64? {
        get { turnoverValue == Self.noAmount ? nil : turnoverValue }
        set { turnoverValue = newValue ?? Self.noAmount }
    }

    /// Hours as a number, for ratios and medians (set: rounded to the hundredth).
    public var hoursWorked: Double? {
        get { hoursHundredths.map { Double($0) / 100 } }
        set { hoursHundredths = newValue.map { Int64(($0 * 100).rounded()) } }
    }
}

/// The staff populations of the gender-equality observatory.
public enum Population: String, Sendable, Hashable, CaseIterable {
    case integration
    case permanent
    case management
    case board
}

/// The sex of the staff a gender row counts, as the file codes it.
public enum Sex: String, Sendable, Hashable, CaseIterable {
    case female = "F"
    case male = "M"
}

/// One accepted row of `gender/YYYY.csv`: one member × population × sex.
///
/// Stored in 48 bytes instead of 128: a year of a large network is millions of rows, all
/// held while the job runs. The narrow fields hold what ingestion lets through (a count at
/// most 1 000 000 000, a member index and a year that fit), and an absent optional value is
/// a sentinel no accepted value takes; the properties show the plain types.
public struct GenderRecord: Sendable, Hashable {
    private var memberIndex: Int32
    private var yearNumber: Int16
    /// The staff population the row counts.
    public var population: Population
    /// Whether the row counts women or men.
    public var sex: Sex
    /// The line of the input file where the row starts, for rejections and messages.
    public var line: Int
    private var headcountValue: Int32
    private var trainedValue: Int32 = Self.noCount
    private var exitsValue: Int32 = Self.noCount
    private var exitsToEmploymentValue: Int32 = Self.noCount
    private var hoursValue: Int64 = Self.noAmount
    private var payValue: Int64 = Self.noAmount

    private static let noCount = Int32.min
    private static let noAmount = Int64.min

    /// The member's position in the registry.
    public var member: Int {
        get { Int(memberIndex) }
        set { memberIndex = Int32(newValue) }
    }
    /// The year the row reports on.
    public var year: Int {
        get { Int(yearNumber) }
        set { yearNumber = Int16(newValue) }
    }
    /// People of this population and sex (*effectif*): the base of every share and ratio of the row.
    public var headcount: Int {
        get { Int(headcountValue) }
        set { headcountValue = Int32(newValue) }
    }
    /// Hours in exact hundredths (see `BarometerResponse.hoursHundredths`).
    public var hoursHundredths: Int64? {
        get { hoursValue == Self.noAmount ? nil : hoursValue }
        set { hoursValue = newValue ?? Self.noAmount }
    }
    /// Their gross pay over the year in exact cents, the numerator of the hourly pay.
    public var grossPayCents: Int64? {
        get { payValue == Self.noAmount ? nil : payValue }
        set { payValue = newValue ?? Self.noAmount }
    }
    /// How many of them were trained during the year.
    public var trained: Int? {
        get { trainedValue == Self.noCount ? nil : Int(trainedValue) }
        set { trainedValue = newValue.map { Int32($0) } ?? Self.noCount }
    }
    /// How many of them left during the year.
    public var exits: Int? {
        get { exitsValue == Self.noCount ? nil : Int(exitsValue) }
        set { exitsValue = newValue.map { Int32($0) } ?? Self.noCount }
    }
    /// Of those who left, how many went on to a job (*sorties emploi*).
    public var exitsToEmployment: Int? {
        get { exitsToEmploymentValue == Self.noCount ? nil : Int(exitsToEmploymentValue) }
        set { exitsToEmploymentValue = newValue.map { Int32($0) } ?? Self.noCount }
    }

    /// A row with its required headcount; the optional values are set as they are accepted.
    public init(member: Int, year: Int, line: Int, population: Population, sex: Sex, headcount: Int) {
        self.memberIndex = Int32(member)
        self.yearNumber = Int16(year)
        self.line = line
        self.population = population
        self.sex = sex
        self.headcountValue = Int32(headcount)
    }

    /// Hours as a number, for ratios (set: rounded to the hundredth).
    public var hoursWorked: Double? {
        get { hoursHundredths.map { Double($0) / 100 } }
        set { hoursHundredths = newValue.map { Int64(($0 * 100).rounded()) } }
    }
}

/// The resource lines of the funding survey, in the order of the file and of `sources.csv`.
public enum FundingSource: String, Sendable, Hashable, CaseIterable {
    case sales
    case state
    case department
    case region
    case municipality
    case esf
    case otherPublic = "other_public"
    case privateGrants = "private_grants"
    case otherIncome = "other_income"

    /// Public funders: the numerator of the public share.
    public var isPublic: Bool {
        switch self {
        case .state, .department, .region, .municipality, .esf, .otherPublic: true
        default: false
        }
    }
}

/// One accepted row of `funding/YYYY.csv`. Amounts are exact integer cents, indexed like
/// `FundingSource.allCases`, so that sums over millions of rows never drift.
///
/// The nine amounts are held in the record itself, not in an array of their own: a record is
/// 88 bytes, not a 32-byte struct and a 104-byte heap array, and a year of millions of
/// members allocates nothing per row.
public struct FundingRecord: Sendable, Hashable {
    private var memberIndex: Int32
    private var yearNumber: Int32
    /// The line of the input file where the return starts, for rejections and messages.
    public var line: Int
    private var amounts: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0, 0, 0, 0)

    /// A return whose nine amounts are all 0, to be set one by one (no array made per row).
    public init(member: Int, year: Int, line: Int) {
        memberIndex = Int32(member)
        yearNumber = Int32(year)
        self.line = line
    }

    /// A return from its nine amounts in `FundingSource.allCases` order.
    public init(member: Int, year: Int, line: Int, cents: [Int64]) {
        precondition(cents.count == FundingSource.allCases.count, "one amount per funding source")
        memberIndex = Int32(member)
        yearNumber = Int32(year)
        self.line = line
        for (i, c) in cents.enumerated() { self[i] = c }
    }

    /// The member's position in the registry.
    public var member: Int {
        get { Int(memberIndex) }
        set { memberIndex = Int32(newValue) }
    }
    /// The financial year the resources were received in.
    public var year: Int {
        get { Int(yearNumber) }
        set { yearNumber = Int32(newValue) }
    }

    /// The amounts in `FundingSource.allCases` order (made on each call: not for hot paths).
    public var cents: [Int64] { (0..<FundingSource.allCases.count).map { self[$0] } }

    /// The amount of the source at this place of `FundingSource.allCases`.
    public subscript(index: Int) -> Int64 {
        get {
            switch index {
            case 0: amounts.0
            case 1: amounts.1
            case 2: amounts.2
            case 3: amounts.3
            case 4: amounts.4
            case 5: amounts.5
            case 6: amounts.6
            case 7: amounts.7
            case 8: amounts.8
            default: preconditionFailure("no funding source at \(index)")
            }
        }
        set {
            switch index {
            case 0: amounts.0 = newValue
            case 1: amounts.1 = newValue
            case 2: amounts.2 = newValue
            case 3: amounts.3 = newValue
            case 4: amounts.4 = newValue
            case 5: amounts.5 = newValue
            case 6: amounts.6 = newValue
            case 7: amounts.7 = newValue
            case 8: amounts.8 = newValue
            default: preconditionFailure("no funding source at \(index)")
            }
        }
    }

    /// The amount received through one resource line.
    public subscript(source: FundingSource) -> Int64 {
        self[FundingSource.allCases.firstIndex(of: source)!]
    }

    /// Total resources, the denominator of the public and activity shares.
    public var totalCents: Int64 {
        var total: Int64 = 0
        for i in 0..<FundingSource.allCases.count { total += self[i] }
        return total
    }

    /// Written out because a tuple of amounts is not `Equatable`: the conformance cannot be synthesised.
    public static func == (a: FundingRecord, b: FundingRecord) -> Bool {
        a.memberIndex == b.memberIndex && a.yearNumber == b.yearNumber && a.line == b.line && a.cents == b.cents
    }

    /// Hashes what `==` compares, for the same reason.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(memberIndex)
        hasher.combine(yearNumber)
        hasher.combine(line)
        for i in 0..<FundingSource.allCases.count { hasher.combine(self[i]) }
    }
}
