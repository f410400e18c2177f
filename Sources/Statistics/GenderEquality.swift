import Survey

/// The indicators of the gender-equality observatory, in output order (SPEC 4.2, 5).
public enum GenderIndicator: String, Sendable, Hashable, CaseIterable {
    case headcount
    case hoursPerHead = "hours_per_head"
    case hourlyPay = "hourly_pay"
    /// The pooled hourly pay of every member with pay and hours for that sex, not only the
    /// members employing both sexes (issue #9 item 8): the network's gap, which includes that
    /// women and men do not work in the same members; `hourly_pay` beside it is the gap within
    /// members.
    case hourlyPayAllMembers = "hourly_pay_all_members"
    /// Annual gross pay per person employed (pay / headcount), pooled like the line above:
    /// the gap that part-time work adds to the hourly one.
    case annualPayPerHead = "annual_pay_per_head"
    case trainingRate = "training_rate"
    case exitToEmploymentRate = "exit_to_employment_rate"
}

/// One line of `indicators.csv`: for headcount, Σ women, Σ men and the women's share (%);
/// for hours and pay, the women's and men's ratios and the gap (M − F)/M (%); for the
/// training and exit rates, both rates (%) and their gap M − F (points).
public struct IndicatorRow: Sendable, Equatable {
    /// The group the line sums.
    public var group: Group
    /// The staff population (integration, permanent, management, board).
    public var population: Population
    /// The indicator.
    public var indicator: GenderIndicator
    /// The women's figure (sum, ratio or rate, as the indicator says).
    public var female: Double?
    /// The men's figure.
    public var male: Double?
    /// The women's share (headcount) or the gap between men and women (the others).
    public var value: Double?
    /// Members contributing to the line.
    public var n: Int
    /// Whether the line is published, and if not, why.
    public var status: CellStatus
    /// The women's and men's sums behind `female` and `male` (pay in euros, hours, people),
    /// for the disclosure audit; not published.
    var numerators: (female: Double, male: Double)? = nil
}

extension IndicatorRow {
    /// Equal in every field, the audit's numerators included.
    public static func == (a: IndicatorRow, b: IndicatorRow) -> Bool {
        a.group == b.group && a.population == b.population && a.indicator == b.indicator && a.female == b.female
            && a.male == b.male && a.value == b.value && a.n == b.n && a.status == b.status
            && a.numerators?.female == b.numerators?.female && a.numerators?.male == b.numerators?.male
    }
}

/// One line of `distribution.csv`: the spread of members' women's shares.
public struct DistributionRow: Sendable, Equatable {
    /// The group.
    public var group: Group
    /// The staff population.
    public var population: Population
    /// Members with people of the population.
    public var n: Int
    /// First quartile of the members' women's shares (type 7), in percent.
    public var q1: Double?
    /// Median of the members' women's shares.
    public var median: Double?
    /// Third quartile of the members' women's shares.
    public var q3: Double?
    /// Management and board only: % of members with a women's share in [40, 60].
    public var parityZone: Double?
    /// Management only: % of members whose management has at least one woman.
    public var withAWoman: Double?
    /// Board only: % of members meeting the Copé-Zimmermann test (loi n° 2011-103: each sex
    /// at least 40 % of a board of more than 8 members; at most 2 apart at 8 or fewer).
    public var copeZimmermann: Double?
    /// Whether the line is published, and if not, why.
    public var status: CellStatus
    /// The counts of members behind the three shares (parity zone, with a woman,
    /// Copé-Zimmermann), published or not, for the disclosure audit.
    var memberCounts: [MemberShare: Int] = [:]
}

/// The shares of members of distribution.csv: counts of members in disguise (a share times
/// the published n), which add up the hierarchy.
enum MemberShare: String, CaseIterable {
    case parityZone = "parity_zone"
    case withAWoman = "with_a_woman"
    case copeZimmermann = "cope_zimmermann"

    func value(_ row: DistributionRow) -> Double? {
        switch self {
        case .parityZone: row.parityZone
        case .withAWoman: row.withAWoman
        case .copeZimmermann: row.copeZimmermann
        }
    }

    func blank(_ row: inout DistributionRow) {
        switch self {
        case .parityZone: row.parityZone = nil
        case .withAWoman: row.withAWoman = nil
        case .copeZimmermann: row.copeZimmermann = nil
        }
    }
}

/// Change of the women's share between Y−1 and Y, on the members that have the population
/// in both years (so that a member joining or leaving the survey does not move it).
public struct ShareChangeRow: Sendable, Equatable {
    /// The group.
    public var group: Group
    /// The staff population.
    public var population: Population
    /// The women's share of the year on the constant sample, in percent.
    public var shareNow: Double
    /// The women's share of the year before on the same members.
    public var shareBefore: Double
    /// Members of the constant sample.
    public var n: Int
    /// Whether the line is published, and if not, why.
    public var status: CellStatus
    /// shareNow − shareBefore, in points.
    public var change: Double { shareNow - shareBefore }
}

/// Every table of one gender-equality publication (SPEC 4.2, 5).
public struct GenderTables: Sendable {
    /// The year published.
    public var year: Int
    /// indicators.csv, in output order.
    public var indicators: [IndicatorRow]
    /// distribution.csv, in output order.
    public var distribution: [DistributionRow]
    /// Empty when the previous year's file is missing.
    public var shareChanges: [ShareChangeRow]
    /// The year the share changes compare with; nil without its file.
    public var previousYear: Int?
    /// The disclosure audit of the headcounts; nil with the rules off.
    public var audit: AuditOutcome? = nil
}

/// The gender statistics: records → tables with statuses. Pure: no I/O.
public struct GenderEquality: Sendable {
    /// The registry's groups and their active members.
    public let frame: GroupFrame
    /// The confidentiality rules the tables are published under.
    public let rules: Confidentiality

    /// The gender statistics of the members of `registry`, published under `rules`.
    public init(registry: Registry, rules: Confidentiality) {
        frame = GroupFrame(registry)
        self.rules = rules
    }

    /// A member's two rows (women, men) of one population; an absent row is nil.
    struct Pair {
        let member: Int
        let female: GenderRecord?, male: GenderRecord?
        /// Women and men; an absent row counts 0.
        var headcount: (Int, Int) { (female?.headcount ?? 0, male?.headcount ?? 0) }
    }

    /// Each active member's pair of rows of `population`, in member order: a member without
    /// a row of it is left out.
    @inline(__always)
    func forEachPair(_ rows: GenderRows, _ population: Population, _ body: (Pair) -> Void) {
        let registry = frame.registry
        for member in 0..<registry.count where registry.isActive[member] {
            let female = rows.record(member: member, population: population, sex: .female)
            let male = rows.record(member: member, population: population, sex: .male)
            if female == nil && male == nil { continue }
            body(Pair(member: member, female: female, male: male))
        }
    }

    /// The women and men of a member's rows of `population` (0 for an absent row); nil when
    /// it has neither row or is not active.
    @inline(__always)
    func headcount(_ rows: GenderRows, _ member: Int, _ population: Population) -> (Int, Int)? {
        guard frame.registry.isActive[member] else { return nil }
        let f = rows.headcount(member: member, population: population, sex: .female)
        let m = rows.headcount(member: member, population: population, sex: .male)
        if f == nil && m == nil { return nil }
        return (f ?? 0, m ?? 0)
    }

    /// The tables of year `year` from its rows; `previous` (year − 1) gives the share
    /// changes. A later record of the same member, population and sex replaces an earlier one.
    public func tables(year: Int, records: [GenderRecord], previous: [GenderRecord]?) -> GenderTables {
        let members = frame.registry.count
        return tables(
            year: year, rows: GenderRows(year: year, memberCount: members, records: records),
            previous: previous.map { GenderRows(year: year - 1, memberCount: members, records: $0) })
    }

    /// The tables of year `year`; `previous` (year − 1) gives the share changes.
    ///
    /// One pass over the members per population, on every core, feeds each pair to the sums
    /// of its four groups: the groups' members are never listed, and each sum receives its
    /// members in member order, the order its figures (and their rounding) are defined in.
    public func tables(year: Int, rows: GenderRows, previous: GenderRows?) -> GenderTables {
        precondition(
            rows.memberCount == frame.registry.count && (previous?.memberCount ?? rows.memberCount) == rows.memberCount,
            "rows read against another registry")
        typealias Made = (
            indicators: [[(IndicatorRow, Disclosure)]], distribution: [(DistributionRow, Disclosure)],
            changes: [(row: ShareChangeRow, disclosure: Disclosure, churnAllowed: Bool)]
        )
        let groups = frame.groups
        let byPopulation = ParallelWork.map(Population.allCases) { population -> Made in
            var sums = [GroupSums](repeating: GroupSums(), count: groups.count)
            forEachPair(rows, population) { pair in frame.forEachGroup(of: pair.member) { sums[$0].add(pair) } }
            var made: Made = ([], [], [])
            for (gi, g) in groups.enumerated() {
                made.indicators.append(sums[gi].indicators.map { $0.row(g, population) })
                made.distribution.append(spread(&sums[gi].spread, g, population))
                sums[gi].spread.shares = []
            }
            if let previous {
                var changes = [ShareChangeSums](repeating: ShareChangeSums(), count: groups.count)
                for member in 0..<frame.registry.count {
                    let now = headcount(rows, member, population)
                    let before = headcount(previous, member, population)
                    if now == nil && before == nil { continue }
                    frame.forEachGroup(of: member) { changes[$0].add(now: now, before: before) }
                }
                made.changes = groups.indices.map { gi in changes[gi].row(groups[gi], population, rules) }
            }
            return made
        }
        var indicators: [IndicatorRow] = []
        var indicatorDisclosures: [Disclosure] = []
        var distribution: [DistributionRow] = []
        var distributionDisclosures: [Disclosure] = []
        var changes: [ShareChangeRow] = []
        var changeDisclosures: [Disclosure] = []
        var churnAllowed: [Bool] = []
        // Laid out group by group, then population by population, as every file is.
        for gi in groups.indices {
            for made in byPopulation {
                for (row, disclosure) in made.indicators[gi] {
                    indicators.append(row)
                    indicatorDisclosures.append(disclosure)
                }
                distribution.append(made.distribution[gi].0)
                distributionDisclosures.append(made.distribution[gi].1)
                if previous != nil {
                    changes.append(made.changes[gi].row)
                    changeDisclosures.append(made.changes[gi].disclosure)
                    churnAllowed.append(made.changes[gi].churnAllowed)
                }
            }
        }
        for (i, s) in rules.statuses(indicatorDisclosures).enumerated() {
            indicators[i].status = s
        }
        for (i, s) in rules.statuses(distributionDisclosures).enumerated() {
            distribution[i].status = s
        }
        let audit =
            rules.enabled && rules.linkedAudit
            ? AuditOutcome(combining: [self.audit(&indicators), auditMemberShares(&distribution)]) : nil
        for (i, s) in rules.statuses(changeDisclosures).enumerated() {
            // A change whose entrants or leavers could be recovered is not published.
            changes[i].status = s == .ok && !churnAllowed[i] ? .confidential : s
        }
        return GenderTables(
            year: year, indicators: indicators, distribution: distribution, shareChanges: changes,
            previousYear: previous == nil ? nil : year - 1, audit: audit)
    }

    /// What one group and population sums for every line it publishes.
    struct GroupSums {
        var indicators = GenderIndicator.allCases.map(IndicatorSums.init)
        var spread = SpreadSums()

        mutating func add(_ pair: Pair) {
            for i in indicators.indices { indicators[i].add(pair) }
            spread.add(pair)
        }
    }

    /// One indicator of one population and group: its sums, and then its line and what
    /// confidentiality needs of it.
    ///
    /// Every input is an integer in its own unit (hours in hundredths, pay in cents, people),
    /// so the sums are exact 128-bit integers and Double appears only in the final ratios and
    /// in the dominance totals.
    struct IndicatorSums {
        let indicator: GenderIndicator
        /// Members contributing.
        var n = 0
        /// Women's and men's numerators (people for the headcount) and denominators.
        var numF: Int128 = 0, numM: Int128 = 0, denF: Int128 = 0, denM: Int128 = 0
        /// Contributions for dominance; the pooled pay lines keep one per sex.
        var top = TopContributions(), topM = TopContributions()
        /// Pooled pay: members with a figure for women, for men.
        var nF = 0, nM = 0

        init(_ indicator: GenderIndicator) { self.indicator = indicator }

        mutating func add(_ pair: Pair) {
            switch indicator {
            case .headcount:
                // Every row counts; an absent sex row counts 0. n = members with a row.
                let (f, m) = pair.headcount
                numF += Int128(f)
                numM += Int128(m)
                top.add(Double(f + m))
                n += 1
            case .hourlyPayAllMembers, .annualPayPerHead:
                // Each sex pooled on its own: every member with pay (and hours, or people) for it.
                let female = paid(pair.female), male = paid(pair.male)
                if let (pay, base) = female {
                    numF += Int128(pay)
                    denF += Int128(base)
                    nF += 1
                    top.add(Double(pay))
                }
                if let (pay, base) = male {
                    numM += Int128(pay)
                    denM += Int128(base)
                    nM += 1
                    topM.add(Double(pay))
                }
                if female != nil || male != nil { n += 1 }
            case .hoursPerHead, .hourlyPay, .trainingRate, .exitToEmploymentRate:
                // Only members where both sexes have a positive base and the measure present.
                guard let f = pair.female, let m = pair.male else { return }
                let parts: (Int64, Int64, Int64, Int64)?  // numerator F, M; denominator F, M
                switch indicator {
                case .hoursPerHead:
                    parts =
                        f.headcount > 0 && m.headcount > 0
                        ? zip4(f.hoursHundredths, m.hoursHundredths, Int64(f.headcount), Int64(m.headcount)) : nil
                case .hourlyPay:
                    parts =
                        (f.hoursHundredths ?? 0) > 0 && (m.hoursHundredths ?? 0) > 0
                        ? zip4(f.grossPayCents, m.grossPayCents, f.hoursHundredths, m.hoursHundredths) : nil
                case .trainingRate:
                    parts =
                        f.headcount > 0 && m.headcount > 0
                        ? zip4(
                            f.trained.map(Int64.init), m.trained.map(Int64.init), Int64(f.headcount), Int64(m.headcount)
                        ) : nil
                default:
                    parts =
                        (f.exits ?? 0) > 0 && (m.exits ?? 0) > 0
                        ? zip4(
                            f.exitsToEmployment.map(Int64.init), m.exitsToEmployment.map(Int64.init),
                            f.exits.map(Int64.init), m.exits.map(Int64.init)) : nil
                }
                guard let (a, b, c, d) = parts else { return }
                numF += Int128(a)
                numM += Int128(b)
                denF += Int128(c)
                denM += Int128(d)
                n += 1
                // Additive base for dominance: pay for hourly pay, the denominator otherwise.
                // (Double of an Int64 sum when it fits: the same number, without Int128's slow conversion.)
                let (x, y) = indicator == .hourlyPay ? (a, b) : (c, d)
                let (sum, overflow) = x.addingReportingOverflow(y)
                top.add(overflow ? Double(Int128(x) + Int128(y)) : Double(sum))
            }
        }

        /// The pay and its base of one sex's row, when both count (pooled pay lines).
        private func paid(_ record: GenderRecord?) -> (pay: Int64, base: Int64)? {
            guard let r = record, let pay = r.grossPayCents else { return nil }
            let base = indicator == .hourlyPayAllMembers ? r.hoursHundredths ?? 0 : Int64(r.headcount)
            return base > 0 ? (pay, base) : nil
        }

        private func zip4(_ a: Int64?, _ b: Int64?, _ c: Int64?, _ d: Int64?) -> (Int64, Int64, Int64, Int64)? {
            guard let a, let b, let c, let d else { return nil }
            return (a, b, c, d)
        }

        /// The line of group `g` and population `p`, and what confidentiality needs of it.
        func row(_ g: Group, _ p: Population) -> (IndicatorRow, Disclosure) {
            var row = IndicatorRow(group: g, population: p, indicator: indicator, n: n, status: .noData)
            let keys = "\(p.rawValue)|\(indicator.rawValue)"
            switch indicator {
            case .headcount:
                let women = Int(numF), men = Int(numM), total = women + men
                if n > 0 {
                    row.female = Double(women)
                    row.male = Double(men)
                    row.value = total > 0 ? 100 * Double(women) / Double(total) : nil
                }
                return (
                    row,
                    Disclosure(
                        group: g, keys: keys, contributors: n, hasValue: total > 0, bases: total > 0 ? [top] : [])
                )
            case .hourlyPayAllMembers, .annualPayPerHead:
                // Each sex's figure is its own sum: the rules apply to each (a men's figure made
                // of two members' pay is suppressed however many members the women's has).
                row.numerators = (Double(numF) / 100, Double(numM) / 100)
                guard n > 0, denF > 0, denM > 0 else {
                    return (row, Disclosure(group: g, keys: keys, contributors: n, hasValue: false))
                }
                // Cents per hundredth of an hour is euros per hour; cents per person / 100 is euros.
                let scale: Double = indicator == .hourlyPayAllMembers ? 1 : 100
                let f = Double(numF) / Double(denF) / scale, m = Double(numM) / Double(denM) / scale
                row.female = f
                row.male = m
                row.value = m > 0 ? 100 * (m - f) / m : nil
                return (
                    row,
                    Disclosure(
                        group: g, keys: keys, contributors: min(nF, nM), hasValue: row.value != nil,
                        bases: [top, topM].filter { $0.total > 0 })
                )
            case .hoursPerHead, .hourlyPay, .trainingRate, .exitToEmploymentRate:
                // Hours and pay are read in hundredths; the other numerators are people.
                let unit: Double = indicator == .hoursPerHead || indicator == .hourlyPay ? 100 : 1
                row.numerators = (Double(numF) / unit, Double(numM) / unit)
                guard n > 0, denF > 0, denM > 0 else {
                    return (row, Disclosure(group: g, keys: keys, contributors: n, hasValue: false))
                }
                // Hours per head: hundredths of hours per person; hourly pay: cents per hundredth
                // of an hour is euros per hour; rates: people per person.
                let scale: Double = indicator == .hoursPerHead ? 100 : 1
                let f = Double(numF) / Double(denF) / scale, m = Double(numM) / Double(denM) / scale
                switch indicator {
                case .hoursPerHead, .hourlyPay:
                    row.female = f
                    row.male = m
                    row.value = m > 0 ? 100 * (m - f) / m : nil
                default:
                    row.female = 100 * f
                    row.male = 100 * m
                    row.value = 100 * (m - f)
                }
                return (
                    row,
                    Disclosure(
                        group: g, keys: keys, contributors: n,
                        hasValue: row.value != nil, bases: top.total > 0 ? [top] : [])
                )
            }
        }
    }

    /// The members' women's shares of one group and population, and the counts of members
    /// behind the shares of members.
    struct SpreadSums {
        /// The women's share of each member whose headcount is positive, in member order.
        var shares: [Double] = []
        /// Of those, the members in the parity zone (40 % to 60 % inclusive), with at least one
        /// woman, and meeting the Copé-Zimmermann test.
        var inZone = 0, withAWoman = 0, meeting = 0

        mutating func add(_ pair: Pair) {
            let (f, m) = pair.headcount
            guard f + m > 0 else { return }
            shares.append(100 * Double(f) / Double(f + m))
            // Exact comparison on counts: 40 % ≤ f/(f+m) ≤ 60 % ⇔ 2(f+m) ≤ 5f ≤ 3(f+m).
            if 2 * (f + m) <= 5 * f && 5 * f <= 3 * (f + m) { inZone += 1 }
            if f > 0 { withAWoman += 1 }
            let copeZimmermann = f + m > 8 ? 5 * f >= 2 * (f + m) && 5 * m >= 2 * (f + m) : abs(f - m) <= 2
            if copeZimmermann { meeting += 1 }
        }
    }

    /// Quartiles of the members' women's shares (members whose headcount is positive), and
    /// for management and board the % of them in the parity zone (40 % to 60 % inclusive).
    func spread(_ sums: inout SpreadSums, _ g: Group, _ p: Population) -> (DistributionRow, Disclosure) {
        sums.shares.sort()
        let shares = sums.shares, staffed = shares.count
        var row = DistributionRow(group: g, population: p, n: staffed, status: .noData)
        if !shares.isEmpty {
            row.q1 = rules.quantile(Quantile.type7(sorted: shares, 0.25), members: staffed)
            row.median = rules.quantile(Quantile.type7(sorted: shares, 0.5), members: staffed)
            row.q3 = rules.quantile(Quantile.type7(sorted: shares, 0.75), members: staffed)
            if p == .management || p == .board {
                // A share of members is a count of members in disguise: at 0 % or 100 % of a
                // few members it tells each one's status, so it needs as many members as a
                // quantile (the review of issue #9).
                row.parityZone = rules.quantile(100 * Double(sums.inZone) / Double(staffed), members: staffed)
                row.memberCounts[.parityZone] = sums.inZone
            }
            if p == .management {
                row.memberCounts[.withAWoman] = sums.withAWoman
                row.withAWoman = rules.quantile(100 * Double(sums.withAWoman) / Double(staffed), members: staffed)
            }
            if p == .board {
                row.copeZimmermann = rules.quantile(100 * Double(sums.meeting) / Double(staffed), members: staffed)
                row.memberCounts[.copeZimmermann] = sums.meeting
            }
        }
        return (row, Disclosure(group: g, keys: p.rawValue, contributors: staffed, hasValue: !shares.isEmpty))
    }

    /// The change of the women's share of one group and population on its constant sample:
    /// the members with people in both years; the members with people in one year only are
    /// its entrants and leavers.
    struct ShareChangeSums {
        var women = 0, all = 0, womenBefore = 0, allBefore = 0, n = 0
        var top = TopContributions()
        var entrants = Churn(), leavers = Churn()

        /// One member's women and men of each year; nil for a year without its rows.
        mutating func add(now: (Int, Int)?, before: (Int, Int)?) {
            let total = now.map { $0.0 + $0.1 } ?? 0, totalBefore = before.map { $0.0 + $0.1 } ?? 0
            if before != nil && totalBefore > 0 && total == 0 { leavers.add(Double(totalBefore)) }
            guard let (f, m) = now else { return }
            guard let (fb, mb) = before, totalBefore > 0 else {
                if total > 0 { entrants.add(Double(total)) }
                return
            }
            guard total > 0 else { return }
            women += f
            all += f + m
            womenBefore += fb
            allBefore += fb + mb
            n += 1
            top.add(Double(total))
        }

        func row(_ g: Group, _ p: Population, _ rules: Confidentiality) -> (
            row: ShareChangeRow, disclosure: Disclosure, churnAllowed: Bool
        ) {
            let has = n > 0
            return (
                ShareChangeRow(
                    group: g, population: p,
                    shareNow: has ? 100 * Double(women) / Double(all) : 0,
                    shareBefore: has ? 100 * Double(womenBefore) / Double(allBefore) : 0,
                    n: n, status: .noData),
                Disclosure(group: g, keys: p.rawValue, contributors: n, hasValue: has, bases: all > 0 ? [top] : []),
                rules.allowsChange(entrants: entrants, leavers: leavers)
            )
        }
    }
}

extension GenderEquality {
    /// The audit of the headcounts (issue #9 item 1): per population and sex, `all` = Σ
    /// families = Σ types = Σ regions and each family = Σ its types, the hierarchy by which a
    /// suppressed type's women and men came back by difference. A group and population the
    /// audit hides loses every indicator row (its hours, pay and rates divided by the
    /// headcount would give it back).
    ///
    /// Then the sums behind each ratio (pay, hours, people trained, exits to employment, per
    /// sex): a ratio times its denominator is one of them, and they add up the hierarchy
    /// like the headcounts. The denominators (the people or hours of the members that count
    /// for that ratio) are not all published, but they are mostly the published headcounts:
    /// the audit takes the safe side and supposes a reader knows them, so a published ratio
    /// counts as a published sum. A row's two sums are blanked together.
    func audit(_ indicators: inout [IndicatorRow]) -> AuditOutcome {
        var parts: [AuditOutcome] = []
        for population in Population.allCases {
            for sex in ["female", "male"] {
                var linked = LinkedTables()
                let column = "\(population.rawValue)_\(sex)"
                for r in indicators where r.population == population && r.indicator == .headcount {
                    let value = (sex == "female" ? r.female : r.male) ?? 0
                    linked.add(
                        column, r.group, value: value, status: r.status == .noData ? .ok : r.status,
                        contributors: r.n, kind: .total, suppressible: r.group != .all && r.status != .noData)
                }
                linked.hierarchy(column, groups: frame.groups, tolerance: 0)
                do {
                    let (added, outcome) = try linked.protect { [$0] }
                    for i in indicators.indices
                    where indicators[i].population == population && indicators[i].status == .ok
                        && added.contains(LinkedTables.id(column, indicators[i].group))
                    {
                        indicators[i].status = .confidentialSecondary
                    }
                    parts.append(outcome)
                } catch {
                    parts.append(
                        AuditOutcome(
                            cells: linked.cells.count, relations: linked.relations.count, suppressed: 0,
                            added: 0, rounds: 0, unprotected: [], failure: "\(error)"))
                }
            }
        }
        for population in Population.allCases {
            for indicator in GenderIndicator.allCases where indicator != .headcount {
                parts.append(auditSums(indicator, population, &indicators))
            }
        }
        return AuditOutcome(combining: parts)
    }

    private func auditSums(_ indicator: GenderIndicator, _ population: Population, _ indicators: inout [IndicatorRow])
        -> AuditOutcome
    {
        var linked = LinkedTables()
        let columns = ["female", "male"].map { "\(indicator.rawValue)_\(population.rawValue)_\($0)" }
        let isPay = indicator == .hourlyPay || indicator == .hourlyPayAllMembers || indicator == .annualPayPerHead
        let rows = indicators.indices.filter {
            indicators[$0].population == population && indicators[$0].indicator == indicator
        }
        for i in rows {
            let r = indicators[i]
            // A row without a ratio (one sex without a base) prints nothing, yet its sums may
            // not be 0 (the other sex's pay): blank to a reader, not sensitive on its own.
            for (column, value) in zip(columns, [r.numerators?.female ?? 0, r.numerators?.male ?? 0]) {
                linked.add(
                    column, r.group, value: value, status: r.status == .noData ? .confidentialSecondary : r.status,
                    contributors: r.n, kind: isPay ? .money : .total,
                    suppressible: r.group != .all && r.status != .noData)
                if r.status == .noData { linked.unprinted.insert(LinkedTables.id(column, r.group)) }
            }
        }
        for column in columns { linked.hierarchy(column, groups: frame.groups, tolerance: 0.005) }
        do {
            let (added, outcome) = try linked.protect { id in
                let rest = id.split(separator: "|", maxSplits: 1)[1]
                return columns.map { "\($0)|\(rest)" }
            }
            for i in rows
            where indicators[i].status == .ok
                && columns.contains(where: { added.contains(LinkedTables.id($0, indicators[i].group)) })
            {
                indicators[i].status = .confidentialSecondary
            }
            return outcome
        } catch {
            return AuditOutcome(
                cells: linked.cells.count, relations: linked.relations.count, suppressed: 0, added: 0, rounds: 0,
                unprotected: [], failure: "\(error)")
        }
    }

    /// The shares of members of distribution.csv as counts of members (share × n / 100),
    /// over the hierarchy (the review of issue #9: GEIQ's five members' statuses came back as
    /// family minus the other types, 0 of 5 in the parity zone, 5 of 5 meeting the law). A
    /// share left blank below 10 members is sensitive; the audit blanks more shares (the
    /// measure only: the row's other figures are the quartiles, blank below 10 anyway).
    /// Counts of members, whole: protected when their interval holds two whole numbers.
    func auditMemberShares(_ rows: inout [DistributionRow]) -> AuditOutcome {
        var parts: [AuditOutcome] = []
        for population in Population.allCases {
            for share in MemberShare.allCases {
                let mine = rows.indices.filter {
                    rows[$0].population == population && rows[$0].memberCounts[share] != nil
                }
                guard !mine.isEmpty else { continue }
                var linked = LinkedTables()
                let column = "\(population.rawValue)_\(share.rawValue)"
                for i in mine {
                    let r = rows[i]
                    let hidden = share.value(r) == nil || r.status.isSuppressed
                    linked.add(
                        column, r.group, value: Double(r.memberCounts[share]!), status: hidden ? .confidential : .ok,
                        contributors: r.n, kind: .answerCount, suppressible: r.group != .all)
                }
                linked.hierarchy(column, groups: frame.groups, tolerance: 0)
                do {
                    let (added, outcome) = try linked.protect { [$0] }
                    for i in mine where added.contains(LinkedTables.id(column, rows[i].group)) { share.blank(&rows[i]) }
                    parts.append(outcome)
                } catch {
                    parts.append(
                        AuditOutcome(
                            cells: linked.cells.count, relations: linked.relations.count, suppressed: 0,
                            added: 0, rounds: 0, unprotected: [], failure: "\(error)"))
                }
            }
        }
        return AuditOutcome(combining: parts)
    }
}
