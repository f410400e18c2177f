import DisclosureAudit
import Survey

/// One line of `shares.csv`.
public struct ShareRow: Sendable, Equatable {
    /// The group the line sums.
    public var group: Group
    /// Active members with a row for the year.
    public var n: Int
    /// Their resources summed, in exact cents (`total_eur`).
    public var totalCents: Int128
    /// Their public money summed, in exact cents (`public_eur`).
    public var publicCents: Int128
    /// Σ public / Σ total, in percent; nil when the total is 0 or withheld.
    public var publicShare: Double?
    /// Σ sales / Σ total, in percent: the share the members' own activity finances.
    public var activityShare: Double?
    /// Mean of the members' own public shares, in percent.
    public var memberShareMean: Double?
    /// First quartile of the members' public shares (type 7); nil where the rules withhold it.
    public var memberShareQ1: Double?
    /// Median of the members' public shares.
    public var memberShareMedian: Double?
    /// Third quartile of the members' public shares.
    public var memberShareQ3: Double?
    /// Change of the total since the previous year on the members present both years, in percent.
    public var changeTotal: Double?
    /// Change of the public money on the same constant sample, in percent.
    public var changePublic: Double?
    /// Members of that constant sample; nil without the previous year's file.
    public var nConstant: Int?
    /// Whether the line is published, and if not, why.
    public var status: CellStatus
}

/// One line of `sources.csv`.
public struct SourceRow: Sendable, Equatable {
    /// The group the line sums.
    public var group: Group
    /// The funder (or the members' own sales).
    public var source: FundingSource
    /// The amount from the source, in exact cents (`amount_eur`).
    public var amountCents: Int128
    /// The amount's share of all resources, in percent.
    public var shareOfTotal: Double?
    /// Public sources only.
    public var shareOfPublic: Double?
    /// Members with a positive amount from the source.
    public var n: Int
    /// Whether the line is published, and if not, why.
    public var status: CellStatus
}

/// Every table of one public-funding publication (SPEC 4.3, 5).
public struct FundingTables: Sendable {
    /// The year published.
    public var year: Int
    /// shares.csv, one line per group.
    public var shares: [ShareRow]
    /// sources.csv, one line per group and source.
    public var sources: [SourceRow]
    /// The year the changes compare with; nil without its file.
    public var previousYear: Int?
    /// The disclosure audit over shares.csv and sources.csv together; nil with the rules off.
    public var audit: AuditOutcome?
}

/// Exact sums of cents: money never goes through a `Double` until a ratio is taken, so a sum
/// over millions of rows is exact to the cent. 128-bit, so that no sum of accepted rows
/// (each below 2^63 cents) can overflow.
public struct MoneySum: Sendable, Equatable {
    /// The sum, in cents.
    public private(set) var cents: Int128 = 0
    /// The largest amount added, for the dominance rule.
    public private(set) var largest: Int64 = 0
    /// The second largest, for the p % rule.
    public private(set) var second: Int64 = 0
    /// How many amounts added were positive: the contributors.
    public private(set) var positive = 0

    /// An empty sum.
    public init() {}

    /// Adds one member's amount.
    @inline(__always)
    public mutating func add(_ c: Int64) {
        cents += Int128(c)
        if c > largest {
            second = largest
            largest = c
        } else if c > second {
            second = c
        }
        if c > 0 { positive += 1 }
    }

    /// The sum and its two largest contributions, for the dominance and p % rules.
    public var top: TopContributions {
        TopContributions(total: Double(cents), largest: Double(largest), second: Double(second))
    }

    /// The largest single contribution as a share of the sum, for the dominance rule.
    public var dominantShare: Double? { cents > 0 ? Double(largest) / Double(cents) : nil }
}

/// The public-funding statistics: records → tables with statuses. Pure: no I/O.
public struct PublicFunding: Sendable {
    /// The registry's groups and their active members.
    public let frame: GroupFrame
    /// The confidentiality rules the tables are published under.
    public let rules: Confidentiality

    /// The funding statistics of the members of `registry`, published under `rules`.
    public init(registry: Registry, rules: Confidentiality) {
        frame = GroupFrame(registry)
        self.rules = rules
    }

    static let publicIndices = FundingSource.allCases.indices.filter { FundingSource.allCases[$0].isPublic }
    static let salesIndex = FundingSource.allCases.firstIndex(of: .sales)!

    /// Public money of one member.
    static func publicCents(_ r: FundingRecord) -> Int64 { publicIndices.reduce(0) { $0 + r[$1] } }

    struct GroupSums: Sendable {
        var total = MoneySum()
        var publicMoney = MoneySum()
        var sources = [MoneySum](repeating: MoneySum(), count: FundingSource.allCases.count)
        var memberShares: [Double] = []
        var n = 0
    }

    /// What each of the two cores makes of a year (`tables`).
    enum YearWork: Sendable {
        case sums([GroupSums])
        case previousTables(FundingTables)
    }

    /// The mean and quartiles of a group's members' public shares (nil where suppressed).
    struct ShareSummary: Sendable {
        var mean: Double
        var q1: Double?
        var median: Double?
        var q3: Double?
    }

    /// Each group's sums, indexed like `frame.groups`, summed in place in one pass.
    func sums(_ records: FundingRows) -> [GroupSums] {
        var out = [GroupSums](repeating: GroupSums(), count: frame.groups.count)
        for r in records where frame.registry.isActive[r.member] {
            let total = r.totalCents
            let publicMoney = Self.publicCents(r)
            let share = total > 0 ? 100 * Double(publicMoney) / Double(total) : nil
            frame.forEachGroup(of: r.member) { g in
                out[g].n += 1
                out[g].total.add(total)
                out[g].publicMoney.add(publicMoney)
                for i in 0..<FundingSource.allCases.count { out[g].sources[i].add(r[i]) }
                if let share { out[g].memberShares.append(share) }
            }
        }
        return out
    }

    /// The tables of year `year`; `previous` (year − 1) gives the constant-sample changes.
    public func tables(year: Int, records: [FundingRecord], previous: [FundingRecord]?) -> FundingTables {
        let members = frame.registry.count
        return tables(
            year: year, rows: FundingRows(year: year, memberCount: members, records: records),
            previous: previous.map { FundingRows(year: year - 1, memberCount: members, records: $0) })
    }

    /// The tables of year `year` from its rows as read; `previous` (year − 1) gives the
    /// constant-sample changes.
    public func tables(year: Int, rows: FundingRows, previous: FundingRows?) -> FundingTables {
        precondition(rows.memberCount == frame.registry.count, "rows read against another registry")
        return tables(year: year, records: rows, previous: previous, distribution: true)
    }

    /// Without `distribution`, the members' shares are not summarised (mean and quartiles):
    /// the previous year's tables are made only for the statuses of their rows, which the
    /// distribution does not enter.
    func tables(year: Int, records: FundingRows, previous: FundingRows?, distribution: Bool) -> FundingTables {
        // This year's sums and the previous year's tables (read only for their statuses) are
        // independent: made on two cores.
        let made = ParallelWork.map(previous == nil ? [false] : [false, true]) { isPrevious in
            isPrevious
                ? YearWork.previousTables(
                    tables(year: year - 1, records: previous!, previous: nil, distribution: false))
                : YearWork.sums(sums(records))
        }
        guard case .sums(let current) = made[0] else { preconditionFailure("this year's sums come first") }
        // The members' shares of each group summarised on every core (a sort per group).
        let summaries: [ShareSummary?] =
            distribution
            ? ParallelWork.map(Array(current.indices)) { gi in
                let s = current[gi]
                guard s.total.cents > 0 else { return nil }
                let sorted = Quantile.sortedNonNegative(s.memberShares)
                return ShareSummary(
                    mean: sorted.reduce(0, +) / Double(sorted.count),
                    q1: rules.quantile(Quantile.type7(sorted: sorted, 0.25), members: sorted.count),
                    median: rules.quantile(Quantile.type7(sorted: sorted, 0.5), members: sorted.count),
                    q3: rules.quantile(Quantile.type7(sorted: sorted, 0.75), members: sorted.count))
            } : []
        var shares: [ShareRow] = []
        var shareDisclosures: [Disclosure] = []
        var sources: [SourceRow] = []
        var sourceDisclosures: [Disclosure] = []
        for (gi, g) in frame.groups.enumerated() {
            let s = current[gi]
            var row = ShareRow(
                group: g, n: s.n, totalCents: s.total.cents, publicCents: s.publicMoney.cents, status: .noData)
            if s.total.cents > 0 {
                row.publicShare = 100 * Double(s.publicMoney.cents) / Double(s.total.cents)
                row.activityShare = 100 * Double(s.sources[Self.salesIndex].cents) / Double(s.total.cents)
            }
            if distribution, let summary = summaries[gi] {
                row.memberShareMean = summary.mean
                row.memberShareQ1 = summary.q1
                row.memberShareMedian = summary.median
                row.memberShareQ3 = summary.q3
            }
            shares.append(row)
            // Dominance on both additive bases: total and public money.
            shareDisclosures.append(
                Disclosure(
                    group: g, keys: "shares", contributors: s.n, hasValue: s.total.cents > 0,
                    bases: [s.total.top, s.publicMoney.top].filter { $0.total > 0 }))

            for (i, source) in FundingSource.allCases.enumerated() {
                let amount = s.sources[i]
                var row = SourceRow(
                    group: g, source: source, amountCents: amount.cents, n: amount.positive, status: .noData)
                if s.total.cents > 0 {
                    row.shareOfTotal = 100 * Double(amount.cents) / Double(s.total.cents)
                    if source.isPublic && s.publicMoney.cents > 0 {
                        row.shareOfPublic = 100 * Double(amount.cents) / Double(s.publicMoney.cents)
                    }
                }
                sources.append(row)
                sourceDisclosures.append(
                    Disclosure(
                        group: g, keys: source.rawValue, contributors: amount.positive,
                        hasValue: s.total.cents > 0, nothingToProtect: s.total.cents > 0 && amount.cents == 0,
                        bases: amount.cents > 0 ? [amount.top] : []))
            }
        }
        for (i, status) in rules.statuses(shareDisclosures).enumerated() { shares[i].status = status }
        for (i, status) in rules.statuses(sourceDisclosures).enumerated() { sources[i].status = status }
        let audit =
            rules.enabled && rules.linkedAudit
            ? self.audit(&shares, &sources, memberShareSums: current.map { $0.memberShares.reduce(0, +) }) : nil
        if rules.enabled { withholdRatios(&shares, &sources) }

        if let previous, case .previousTables(let before) = made.last {
            // Each member's place in `previous` (the later row of a member wins, as in a
            // dictionary) and whether it has a row this year: dense arrays by member, not
            // hashing, since the networks are large.
            var previousRow = [Int32](repeating: -1, count: frame.registry.count)
            for (k, r) in previous.enumerated() where frame.registry.isActive[r.member] {
                previousRow[r.member] = Int32(k)
            }
            // Shares rows are one per group, in the order of frame.groups.
            // (Indices, not copies of the records.)
            let active = records.indices.filter { frame.registry.isActive[records[$0].member] }.map { Int32($0) }
            var present = [Bool](repeating: false, count: frame.registry.count)
            for k in active { present[records[Int(k)].member] = true }
            let recordsByGroup = frame.partition(active, member: { records[Int($0)].member })
            let leavers = (0..<frame.registry.count).filter { previousRow[$0] >= 0 && !present[$0] }
            let leaversByGroup = frame.partition(leavers, member: { $0 })
            // Groups are independent: their constant samples are summed on every core.
            let (rows, rowOfPrevious) = (shares, previousRow)
            let made = ParallelWork.map(Array(shares.indices)) { i -> (n: Int, total: Double?, public: Double?) in
                let g = rows[i].group
                precondition(frame.groups[i] == g)
                var totalNow: Int128 = 0, totalThen: Int128 = 0, publicNow: Int128 = 0, publicThen: Int128 = 0, n = 0
                var entrants = Churn(bases: 2), leaving = Churn(bases: 2)
                for r in recordsByGroup[i].lazy.map({ records[Int($0)] }) {
                    guard rowOfPrevious[r.member] >= 0 else {
                        entrants.add(Double(r.totalCents), Double(Self.publicCents(r)))
                        continue
                    }
                    let old = previous[Int(rowOfPrevious[r.member])]
                    totalNow += Int128(r.totalCents)
                    totalThen += Int128(old.totalCents)
                    publicNow += Int128(Self.publicCents(r))
                    publicThen += Int128(Self.publicCents(old))
                    n += 1
                }
                for member in leaversByGroup[i] {
                    let old = previous[Int(rowOfPrevious[member])]
                    leaving.add(Double(old.totalCents), Double(Self.publicCents(old)))
                }
                let basePublished =
                    before.shares.first { $0.group == g }?.status == .ok && before.audit?.isComplete != false
                guard rows[i].status == .ok, basePublished, n > 0, !(rules.enabled && n < rules.minCell),
                    rules.allowsChange(entrants: entrants, leavers: leaving)
                else { return (n, nil, nil) }
                return (
                    n, totalThen > 0 ? 100 * (Double(totalNow) / Double(totalThen) - 1) : nil,
                    publicThen > 0 ? 100 * (Double(publicNow) / Double(publicThen) - 1) : nil
                )
            }
            for (i, change) in made.enumerated() {
                shares[i].nConstant = change.n
                shares[i].changeTotal = change.total
                shares[i].changePublic = change.public
            }
        }
        return FundingTables(
            year: year, shares: shares, sources: sources, previousYear: previous == nil ? nil : year - 1,
            audit: audit)
    }

    /// Ratios are amounts in disguise: a source's share of a suppressed total gives the total
    /// back (amount / share), and the activity share of a published total gives a suppressed
    /// sales amount. They are withheld where the amount they would reveal is.
    func withholdRatios(_ shares: inout [ShareRow], _ sources: inout [SourceRow]) {
        let hiddenTotals = Set(shares.filter { $0.status.isSuppressed }.map(\.group))
        for i in sources.indices where hiddenTotals.contains(sources[i].group) {
            sources[i].shareOfTotal = nil
            sources[i].shareOfPublic = nil
        }
        let hiddenSales = Set(sources.filter { $0.source == .sales && $0.status.isSuppressed }.map(\.group))
        for i in shares.indices where hiddenSales.contains(shares[i].group) { shares[i].activityShare = nil }
    }

    /// The audit over both files (issue #9 item 1): per group, total_eur = Σ sources and
    /// public_eur = Σ public sources (shares.csv against sources.csv: the differencing that
    /// gave away a GEIQ regional grant), and each column's hierarchy of groups.
    ///
    /// The mean of the members' public shares is a sum in disguise: times the members with
    /// resources it is the sum of their shares, which adds up the hierarchy like money, so a
    /// hidden type's mean would come back from its family's and the other types' (the review
    /// of issue #9). The audit knows that sum (`memberShareSums`, indexed like the rows) as
    /// published with its row, within [0, 100·n] since each share lies in [0, 100] and n is
    /// published; the safe side, as a reader who knew how many members have resources.
    func audit(_ shares: inout [ShareRow], _ sources: inout [SourceRow], memberShareSums: [Double]) -> AuditOutcome {
        var linked = LinkedTables()
        // The national row is the note's headline, never hidden in another's place (and the
        // exemptions of `LinkedTables.hierarchy` rest on it staying published).
        for (i, r) in shares.enumerated() {
            linked.add(
                "total_eur", r.group, value: Double(r.totalCents) / 100, status: r.status, contributors: r.n,
                suppressible: r.group != .all)
            linked.add(
                "public_eur", r.group, value: Double(r.publicCents) / 100, status: r.status, contributors: r.n,
                suppressible: r.group != .all)
            linked.add(
                "member_share_sum", r.group, value: memberShareSums[i], status: r.status, contributors: r.n,
                suppressible: r.group != .all, upperBound: 100 * Double(r.n))
        }
        for r in sources {
            let nothing = r.status == .ok && r.amountCents == 0
            linked.add(
                r.source.rawValue, r.group, value: Double(r.amountCents) / 100, status: r.status, contributors: r.n,
                suppressible: !nothing && r.group != .all)
        }
        let cent = 0.005
        for g in frame.groups {
            linked.relations.append(
                AuditRelation(
                    name: "total = Σ sources (\(g.name))", total: LinkedTables.id("total_eur", g),
                    parts: FundingSource.allCases.map { LinkedTables.id($0.rawValue, g) }, tolerance: cent))
            linked.relations.append(
                AuditRelation(
                    name: "public = Σ public sources (\(g.name))", total: LinkedTables.id("public_eur", g),
                    parts: FundingSource.allCases.filter(\.isPublic).map { LinkedTables.id($0.rawValue, g) },
                    tolerance: cent))
        }
        for column in ["total_eur", "public_eur"] + FundingSource.allCases.map(\.rawValue) {
            linked.hierarchy(column, groups: frame.groups, tolerance: cent)
        }
        // Sums of doubles: a tolerance for their last bits only (the reader is taken to know
        // them exactly, the safe side).
        linked.hierarchy("member_share_sum", groups: frame.groups, tolerance: 1e-6)
        do {
            // A row of shares.csv is one status: its two amounts are blanked together, and the
            // audit is told so.
            let rowColumns = ["total_eur", "public_eur", "member_share_sum"]
            let (added, outcome) = try linked.protect { id in
                let parts = id.split(separator: "|", maxSplits: 1).map(String.init)
                guard rowColumns.contains(parts[0]) else { return [id] }
                return rowColumns.map { $0 + "|" + parts[1] }
            }
            for i in shares.indices
            where added.contains(LinkedTables.id("total_eur", shares[i].group))
                || added.contains(LinkedTables.id("public_eur", shares[i].group))
            {
                shares[i].status = .confidentialSecondary
            }
            for i in sources.indices where added.contains(LinkedTables.id(sources[i].source.rawValue, sources[i].group))
            {
                sources[i].status = .confidentialSecondary
            }
            return outcome
        } catch {
            return AuditOutcome(
                cells: linked.cells.count, relations: linked.relations.count, suppressed: 0, added: 0, rounds: 0,
                unprotected: [], failure: "\(error)")
        }
    }
}
