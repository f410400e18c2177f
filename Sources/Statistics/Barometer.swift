import Survey

/// The questions of the barometer in output order, plus the climate indicator built from four of them.
public enum Question: String, Sendable, Hashable, CaseIterable {
    case activityPast = "activity_past"
    case activityOutlook = "activity_outlook"
    case employmentPast = "employment_past"
    case employmentOutlook = "employment_outlook"
    case cashPosition = "cash_position"
    case climate

    /// The five questions members answer, in output order (the climate is computed from them).
    public static let answered: [Question] = [
        .activityPast, .activityOutlook, .employmentPast, .employmentOutlook, .cashPosition,
    ]
    /// SPEC 4.1: the climate is the mean of these four balances.
    public static let climateComponents: [Question] = [
        .activityPast, .activityOutlook, .employmentOutlook, .cashPosition,
    ]

    func code(_ r: BarometerResponse) -> Opinion? {
        switch self {
        case .activityPast: r.activityPast
        case .activityOutlook: r.activityOutlook
        case .employmentPast: r.employmentPast
        case .employmentOutlook: r.employmentOutlook
        case .cashPosition: r.cashPosition
        case .climate: nil
        }
    }
}

/// How the answers of a group are combined into a balance (SPEC 4.1): each answer counting once, weighted
/// by the employment its member stands for, or post-stratified by structure type.
public enum Weighting: String, Sendable, Hashable, CaseIterable {
    case unweighted
    case employment
    case poststratified
}

/// The quantities of the barometer, in output order.
public enum QuantityVariable: String, Sendable, Hashable, CaseIterable {
    case employeesIntegration = "employees_integration"
    case employeesPermanent = "employees_permanent"
    case hoursWorked = "hours_worked"
    case turnover = "turnover_eur"

    /// The exact value in hundredths for the variables read as such (hours, turnover in
    /// cents), so that their totals are exact sums; nil for head counts.
    func hundredths(_ r: BarometerResponse) -> Int64? {
        switch self {
        case .hoursWorked: r.hoursHundredths
        case .turnover: r.turnoverCents
        case .employeesIntegration, .employeesPermanent: nil
        }
    }

    /// The value as a double; turnover in euros (exact cents / 100 only at this point).
    func value(_ r: BarometerResponse) -> Double? {
        switch self {
        case .employeesIntegration: r.employeesIntegration.map(Double.init)
        case .employeesPermanent: r.employeesPermanent.map(Double.init)
        case .hoursWorked: r.hoursWorked
        case .turnover: r.turnoverCents.map { Double($0) / 100 }
        }
    }
}

/// One line of balances.csv: a question's shares, balance and changes in one group and weighting.
public struct BalanceRow: Sendable, Equatable {
    /// The group the balance describes.
    public var group: Group
    /// The question (or the climate).
    public var question: Question
    /// How the answers are weighted.
    public var weighting: Weighting
    /// nil when nothing could be computed; kept for suppressed rows so that the renderer
    /// can be told not to print it (and tests can check it).
    public var estimate: OpinionEstimate?
    /// Change of the balance since the previous quarter, in points; nil unless both balances are published.
    public var deltaPrevQuarter: Double?
    /// Change of the balance since the same quarter a year before, in points; nil unless both are published.
    public var deltaPrevYear: Double?
    /// Jackknife standard errors of the two deltas (`ChangeJackknife`), where the delta is
    /// published and the jackknife has every replicate.
    public var seDeltaPrevQuarter: Double?
    /// Jackknife standard error of `deltaPrevYear`, in points.
    public var seDeltaPrevYear: Double?
    /// Whether the balance is published, and if not, why (the confidentiality rules).
    public var status: CellStatus
}

/// One line of quantities.csv: a quantity's total, median and changes on constant samples in one group.
public struct QuantityRow: Sendable, Equatable {
    /// The group the quantity is summed over.
    public var group: Group
    /// The quantity (employees, hours, turnover).
    public var variable: QuantityVariable
    /// Respondents who gave the quantity.
    public var n: Int
    /// Sum over those respondents (turnover in euros); nil when none gave it.
    public var total: Double?
    /// Exact total in hundredths (cents of turnover, hundredths of hours; 128-bit: no sum of
    /// accepted rows overflows); nil for head counts.
    public var totalHundredths: Int128?
    /// Median over those respondents (type 7); nil where the rules withhold it.
    public var median: Double?
    /// Change of the total since the previous quarter on the members who gave it in both, in percent.
    public var changePrevQuarter: Double?
    /// Members of that constant sample.
    public var nConstantPrevQuarter: Int?
    /// Change of the total since the same quarter a year before on the constant sample, in percent.
    public var changePrevYear: Double?
    /// Members of that constant sample.
    public var nConstantPrevYear: Int?
    /// Whether the quantity is published, and if not, why.
    public var status: CellStatus
}

/// One line of response.csv: how many active members of a group answered the quarter.
public struct ResponseRow: Sendable, Equatable {
    /// The group.
    public var group: Group
    /// Active members of the group in the registry (N).
    public var activeMembers: Int
    /// Those who sent an accepted return for the quarter (n).
    public var respondents: Int
    /// 100 n / N, in percent (0 when the group has no active member).
    public var responseRate: Double
}

/// One line of series.csv: a balance of one quarter of the series, for the charts of its evolution.
public struct SeriesRow: Sendable, Equatable {
    /// The group (the whole network, the families and the structure types; no region).
    public var group: Group
    /// The question (or the climate).
    public var question: Question
    /// How the answers are weighted.
    public var weighting: Weighting
    /// The quarter of this point of the series.
    public var quarter: Quarter
    /// Answers the balance rests on.
    public var n: Int
    /// The balance in points; nil where it is not published.
    public var balance: Double?
    /// Whether the balance of that quarter is published, and if not, why.
    public var status: CellStatus
}

/// Every table of one barometer publication (SPEC 4.1, 5).
public struct BarometerTables: Sendable {
    /// The quarter published.
    public var quarter: Quarter
    /// balances.csv, in output order.
    public var balances: [BalanceRow]
    /// quantities.csv, in output order.
    public var quantities: [QuantityRow]
    /// response.csv, one row per group.
    public var response: [ResponseRow]
    /// series.csv: every quarter of the series up to `quarter`.
    public var series: [SeriesRow]
    /// Quarters of the series, oldest first.
    public var quarters: [Quarter]
    /// The disclosure audits of every quarter of the series, as one; nil with the rules off.
    public var audit: AuditOutcome? = nil
    /// What an earlier report's published series did to `series` (issue #9, vintages); nil
    /// when no earlier report was read.
    public var vintage: VintageOutcome? = nil
}

/// The barometer statistics: records → tables with statuses. Pure: no I/O.
public struct Barometer: Sendable {
    /// The registry's groups and their active members, the populations of every estimate.
    public let frame: GroupFrame
    /// The confidentiality rules the tables are published under.
    public let rules: Confidentiality

    /// The barometer of the members of `registry`, published under `rules`.
    public init(registry: Registry, rules: Confidentiality) {
        frame = GroupFrame(registry)
        self.rules = rules
    }

    /// One quarter's balances and quantities with their own suppression, before changes.
    struct QuarterTable {
        var balances: [BalanceRow]
        var quantities: [QuantityRow]
        var respondents: [Group: Int]
        var audit: AuditOutcome?
        /// Position of each (group, question, weighting) in `balances`, built once: deltas
        /// and the series look rows up for every group and quarter.
        let positions: [BalanceKey: Int]

        init(balances: [BalanceRow], quantities: [QuantityRow], respondents: [Group: Int]) {
            self.balances = balances
            self.quantities = quantities
            self.respondents = respondents
            var positions: [BalanceKey: Int] = [:]
            for (i, r) in balances.enumerated() {
                positions[BalanceKey(group: r.group, question: r.question, weighting: r.weighting)] = i
            }
            self.positions = positions
        }

        func balance(_ g: Group, _ q: Question, _ w: Weighting) -> BalanceRow? {
            positions[BalanceKey(group: g, question: q, weighting: w)].map { balances[$0] }
        }
    }

    struct BalanceKey: Hashable {
        var group: Group
        var question: Question
        var weighting: Weighting
    }

    /// The publication for quarter `q`, given every quarter's accepted responses.
    public func tables(for q: Quarter, responses: [Quarter: [BarometerResponse]]) -> BarometerTables {
        let quarters = responses.keys.filter { $0 <= q }.sorted()
        var byQuarter: [Quarter: QuarterTable] = [:]
        // The respondents by group of the quarters the changes' standard errors compare are
        // kept for them (made once, not again for the jackknife).
        var samples: [Quarter: [Group: GroupSample]] = [:]
        // Quarters are independent (each its own statistics and audit): they are made on every
        // core, and gathered in quarter order, so the result is the same whatever the timing.
        // The estimates of every quarter and group are made on every core at once (a quarter
        // at a time would leave a core idle while the last quarters finish), then each
        // quarter's suppression and audit.
        let keptQuarters: Set = [q, q.previous, q.yearEarlier]
        var byGroup = ParallelWork.map(quarters) { quarter in
            respondentsByGroup(responses[quarter] ?? [], memberOrder: keptQuarters.contains(quarter))
        }
        let groupCount = frame.groups.count
        let cells = quarters.indices.flatMap { qi in frame.groups.indices.map { [qi, $0] } }
        let samplesOfQuarters = byGroup
        let estimates = ParallelWork.map(cells) { cell in
            let g = frame.groups[cell[1]]
            return groupEstimates(g, samplesOfQuarters[cell[0]][g] ?? .empty)
        }
        let respondents = byGroup.map { $0.mapValues(\.count) }
        for (qi, quarter) in quarters.enumerated() where !keptQuarters.contains(quarter) { byGroup[qi] = [:] }
        let made = ParallelWork.map(Array(quarters.indices)) { qi in
            table(respondents: respondents[qi], Array(estimates[qi * groupCount..<(qi + 1) * groupCount]))
        }
        for (qi, quarter) in quarters.enumerated() {
            byQuarter[quarter] = made[qi]
            if keptQuarters.contains(quarter) { samples[quarter] = byGroup[qi] }
        }
        let current = byQuarter[q] ?? table([:])

        // Standard errors of the published deltas: each period's leave-one-out balances are
        // made once per cell (the current quarter's serve both lags) and paired by member.
        // A group's replicates serve only its own rows, so groups are independent: they are
        // made on every core, each letting its replicates go when it ends (they are a value
        // per respondent and cell, the largest thing the job holds), and gathered in order.
        let rowsOfGroups = Self.runs(of: current.balances.map(\.group))
        let (tables, kept) = (byQuarter, samples)
        let balances = ParallelWork.map(rowsOfGroups) { rows -> [BalanceRow] in
            deltas(Array(current.balances[rows]), q, tables, kept)
        }.flatMap { $0 }
        var quantities = current.quantities
        for i in quantities.indices {
            let row = quantities[i]
            let now = samples[q]?[row.group]
            (quantities[i].changePrevQuarter, quantities[i].nConstantPrevQuarter) =
                change(row, now, byQuarter[q.previous], samples[q.previous]?[row.group])
            (quantities[i].changePrevYear, quantities[i].nConstantPrevYear) =
                change(row, now, byQuarter[q.yearEarlier], samples[q.yearEarlier]?[row.group])
        }

        let response = frame.groups.map { g in
            let active = frame.activeMembers[g] ?? 0
            let respondents = current.respondents[g] ?? 0
            return ResponseRow(
                group: g, activeMembers: active, respondents: respondents,
                responseRate: active > 0 ? 100 * Double(respondents) / Double(active) : 0)
        }

        let seriesGroups = Set(frame.groups(in: [.all, .family, .structureType]))
        var series: [SeriesRow] = []
        for g in frame.groups where seriesGroups.contains(g) {
            for question in Question.allCases {
                for w in Weighting.allCases {
                    for quarter in quarters {
                        guard let row = byQuarter[quarter]?.balance(g, question, w) else { continue }
                        series.append(
                            SeriesRow(
                                group: g, question: question, weighting: w, quarter: quarter,
                                n: row.estimate?.n ?? 0,
                                balance: row.status == .ok ? row.estimate?.balance : nil, status: row.status))
                    }
                }
            }
        }
        let audits = quarters.compactMap { q in byQuarter[q]?.audit?.prefixed(q.description) }
        return BarometerTables(
            quarter: q, balances: balances, quantities: quantities, response: response,
            series: series, quarters: quarters, audit: audits.isEmpty ? nil : AuditOutcome(combining: audits))
    }

    /// The ranges of equal neighbours in `keys` (the rows of each group, which come together).
    static func runs<Key: Equatable>(of keys: [Key]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for i in keys.indices.dropFirst() where keys[i] != keys[i - 1] {
            out.append(start..<i)
            start = i
        }
        if !keys.isEmpty { out.append(start..<keys.count) }
        return out
    }

    /// Change on the constant sample of members with the variable in both quarters:
    /// Σ_S x(now) / Σ_S x(before) − 1, in percent. Empty when either value is not published,
    /// when the sample has fewer than `minCell` members (suppression on), or Σ_S x(before) = 0.
    func change(_ row: QuantityRow, _ now: GroupSample?, _ before: QuarterTable?, _ beforeSample: GroupSample?) -> (
        Double?, Int?
    ) {
        guard let before else { return (nil, nil) }
        let current = Self.memberValues(now ?? .empty, row.variable)
        let previous = Self.memberValues(beforeSample ?? .empty, row.variable)
        var sumNow = 0.0, sumBefore = 0.0, n = 0
        var entrants = Churn(), leavers = Churn()
        // Both lists are sorted by member: one walk finds the constant sample, the entrants
        // and the leavers, each in member order.
        var j = 0
        for (member, x) in current {
            while j < previous.count && previous[j].member < member {
                leavers.add(previous[j].value)
                j += 1
            }
            guard j < previous.count && previous[j].member == member else {
                entrants.add(x)
                continue
            }
            sumNow += x
            sumBefore += previous[j].value
            n += 1
            j += 1
        }
        for k in j..<previous.count { leavers.add(previous[k].value) }
        let beforeRow = before.quantities.first { $0.group == row.group && $0.variable == row.variable }
        guard row.status == .ok, beforeRow?.status == .ok, n > 0, sumBefore > 0 else { return (nil, n) }
        if rules.enabled && n < rules.minCell { return (nil, n) }
        if !rules.allowsChange(entrants: entrants, leavers: leavers) { return (nil, n) }
        return (100 * (sumNow / sumBefore - 1), n)
    }

    /// A member's value of one variable in one quarter.
    typealias MemberValue = (member: Int, value: Double)

    /// The values of one variable in a group's sample, by member: the changes walk two
    /// quarters' lists side by side. Made when needed from the responses kept for the
    /// jackknife, not kept for every group and variable. A member's later response replaces
    /// an earlier one (the loader keeps one a quarter; hand-made samples may not).
    static func memberValues(_ sample: GroupSample, _ v: QuantityVariable) -> [MemberValue] {
        let ordered = sample.inMemberOrder
        var out: [MemberValue] = []
        for r in ordered {
            guard let x = v.value(r) else { continue }
            if let previous = out.last, previous.member == r.member {
                out[out.count - 1] = (r.member, x)
            } else {
                out.append((r.member, x))
            }
        }
        return out
    }

    /// A quarter's responses of active members, by group; with `memberOrder`, each group also
    /// in member order (for the jackknife), from one sort of the quarter.
    func respondentsByGroup(_ responses: [BarometerResponse], memberOrder: Bool = false) -> [Group: GroupSample] {
        let registry = frame.registry
        let active = responses.indices.filter { registry.isActive[responses[$0].member] }
        let places = frame.partition(active, member: { responses[$0].member })
        var sortedPlaces: [[Int]]? = nil
        if memberOrder {
            let byMember = active.sorted { (responses[$0].member, $0) < (responses[$1].member, $1) }
            sortedPlaces = frame.partition(byMember, member: { responses[$0].member })
        }
        var byGroup: [Group: GroupSample] = [:]
        for (i, g) in frame.groups.enumerated() where !places[i].isEmpty {
            byGroup[g] = GroupSample(
                responses: responses, places: places[i].map { Int32($0) },
                placesByMember: sortedPlaces.map { $0[i].map { Int32($0) } })
        }
        return byGroup
    }

    /// Balances and quantities of one quarter, with that quarter's suppression.
    func table(_ byGroup: [Group: GroupSample]) -> QuarterTable {
        table(
            respondents: byGroup.mapValues(\.count), frame.groups.map { groupEstimates($0, byGroup[$0] ?? .empty) })
    }

    /// One group's balances and quantities in a quarter, with what the rules need of them,
    /// before any suppression: independent of the other groups.
    struct GroupEstimates: Sendable {
        var balances: [BalanceRow] = []
        var disclosures: [Disclosure] = []
        var quantities: [QuantityRow] = []
        var quantityDisclosures: [Disclosure] = []
    }

    func groupEstimates(_ g: Group, _ rs: GroupSample) -> GroupEstimates {
        var made = GroupEstimates()
        // The answers counted by question and structure type in one pass: all that the
        // unweighted and post-stratified estimates read.
        let counted = answerCounts(rs)
        // And laid out by structure type once, for the employment weights of each question.
        let strata = StratumColumns(rs, frame.registry)
        for (qi, question) in Question.answered.enumerated() {
            for w in Weighting.allCases {
                let estimate =
                    w == .employment ? employmentEstimate(strata, question: qi, g) : estimate(w, counted[qi], g)
                made.balances.append(
                    BalanceRow(group: g, question: question, weighting: w, estimate: estimate, status: .noData))
                made.disclosures.append(
                    Disclosure(
                        group: g, keys: "\(question.rawValue)|\(w.rawValue)", contributors: estimate?.n ?? 0,
                        dominantShare: w == .employment
                            ? estimate.flatMap { e in e.base.map { (e.largestContribution ?? 0) / $0 } } : nil,
                        hasValue: estimate != nil, largestWeightShare: estimate?.largestWeightShare))
            }
        }
        for v in QuantityVariable.allCases {
            var xs: [Double] = []
            var exact: Int128 = 0
            let isExact = v == .turnover || v == .hoursWorked
            for r in rs {
                guard let x = v.value(r) else { continue }
                xs.append(x)
                if let h = v.hundredths(r) { exact += Int128(h) }
            }
            let total = isExact ? Double(exact) / 100 : xs.reduce(0, +)
            made.quantities.append(
                QuantityRow(
                    group: g, variable: v, n: xs.count, total: xs.isEmpty ? nil : total,
                    totalHundredths: isExact && !xs.isEmpty ? exact : nil,
                    median: rules.quantile(Quantile.median(xs), members: xs.count), status: .noData))
            made.quantityDisclosures.append(
                Disclosure(
                    group: g, keys: v.rawValue, contributors: xs.count, hasValue: !xs.isEmpty,
                    bases: [TopContributions(xs)]))
        }
        return made
    }

    /// A quarter's tables from its groups' estimates (in the order of `frame.groups`), with
    /// that quarter's suppression and audit.
    func table(respondents: [Group: Int], _ estimates: [GroupEstimates]) -> QuarterTable {
        // Balances of the answered questions.
        var balances = estimates.flatMap(\.balances)
        let disclosures = estimates.flatMap(\.disclosures)
        let statuses = rules.statuses(disclosures)
        for i in balances.indices { balances[i].status = statuses[i] }
        var audits: [AuditOutcome] = []
        if rules.enabled && rules.linkedAudit { audits.append(audit(balances: &balances)) }

        // The climate: mean of four balances of the same group and weighting.
        var climate: [BalanceRow] = []
        var climateDisclosures: [Disclosure] = []
        for g in frame.groups {
            for w in Weighting.allCases {
                let parts = Question.climateComponents.compactMap { q in
                    balances.first { $0.group == g && $0.question == q && $0.weighting == w }
                }
                let complete = parts.count == 4 && parts.allSatisfy { $0.estimate != nil }
                var estimate: OpinionEstimate? = nil
                if complete {
                    let mean = parts.map { $0.estimate!.balance }.reduce(0, +) / 4
                    let n = parts.map { $0.estimate!.n }.min()!
                    estimate = OpinionEstimate(
                        n: n, pctUp: .nan, pctStable: .nan, pctDown: .nan, balance: mean, se: nil)
                }
                climate.append(
                    BalanceRow(group: g, question: .climate, weighting: w, estimate: estimate, status: .noData))
                climateDisclosures.append(
                    Disclosure(
                        group: g, keys: "climate|\(w.rawValue)", contributors: estimate?.n ?? 0,
                        hasValue: complete,
                        derivedFromSuppressed: parts.contains { $0.status.isSuppressed }))
            }
        }
        let climateStatuses = rules.statuses(climateDisclosures)
        for i in climate.indices { climate[i].status = climateStatuses[i] }

        // Output order: group, then question (climate last), then weighting.
        var ordered: [BalanceRow] = []
        var k = 0, c = 0
        for _ in frame.groups {
            let perGroup = Question.answered.count * Weighting.allCases.count
            ordered += balances[k..<(k + perGroup)]
            ordered += climate[c..<(c + Weighting.allCases.count)]
            k += perGroup
            c += Weighting.allCases.count
        }

        // Quantities.
        var quantities = estimates.flatMap(\.quantities)
        let quantityDisclosures = estimates.flatMap(\.quantityDisclosures)
        let quantityStatuses = rules.statuses(quantityDisclosures)
        for i in quantities.indices { quantities[i].status = quantityStatuses[i] }
        if rules.enabled && rules.linkedAudit { audits.append(audit(quantities: &quantities)) }

        var quarter = QuarterTable(balances: ordered, quantities: quantities, respondents: respondents)
        quarter.audit = audits.isEmpty ? nil : AuditOutcome(combining: audits)
        return quarter
    }

    /// A group's answers counted by question (`Question.answered` order) and structure type
    /// (`StructureType.ordinal`).
    func answerCounts(_ rs: GroupSample) -> [[OpinionCounts]] {
        let types = StructureType.allCases.count
        var counts = [OpinionCounts](repeating: OpinionCounts(), count: Question.answered.count * types)
        let structureTypes = frame.registry.structureTypes
        counts.withUnsafeMutableBufferPointer { counts in
            for r in rs {
                let t = structureTypes[r.member].ordinal
                for (qi, question) in Question.answered.enumerated() {
                    guard let c = question.code(r) else { continue }
                    counts[qi * types + t].add(c.rawValue)
                }
            }
        }
        return Question.answered.indices.map { Array(counts[$0 * types..<($0 + 1) * types]) }
    }

    /// The unweighted or post-stratified estimate of one question in one group from its
    /// answers counted by structure type.
    func estimate(_ w: Weighting, _ byType: [OpinionCounts], _ g: Group) -> OpinionEstimate? {
        let types = StructureType.allCases
        if w == .unweighted {
            var all = OpinionCounts()
            for c in byType { all += c }
            return OpinionEstimator.unweighted(all, population: frame.activeMembers[g] ?? 0)
        }
        precondition(w == .poststratified, "the employment weights need each answer's headcount")
        // Strata of fewer than two answers merged (`OpinionEstimator.mergedStrata`), on counts.
        let populations = frame.activeByType[g] ?? [:]
        let plan = OpinionEstimator.mergePlan(
            types.enumerated().map { i, t in (type: t, count: byType[i].n, population: populations[t] ?? byType[i].n) })
        return OpinionEstimator.poststratified(
            plan.map { members in
                var counts = OpinionCounts(), population = 0
                for i in members {
                    counts += byType[i]
                    population += populations[types[i]] ?? byType[i].n
                }
                return (counts: counts, population: population)
            })
    }

    /// One question, weighting and group.
    func estimate(_ question: Question, _ w: Weighting, _ rs: some Collection<BarometerResponse>, _ g: Group)
        -> OpinionEstimate?
    {
        switch w {
        case .unweighted, .poststratified:
            var counts = [OpinionCounts](repeating: OpinionCounts(), count: StructureType.allCases.count)
            for r in rs {
                guard let c = question.code(r) else { continue }
                counts[frame.registry.structureTypes[r.member].ordinal].add(c.rawValue)
            }
            return estimate(w, counts, g)
        case .employment:
            // Expansion weights (N_h/n_h)·x_i with a linearised standard error (issue #9 item 6),
            // R's svyratio on svydesign(strata = ~type, fpc = ~N_h): the answers weigh for the
            // employment of the members they stand for, not only their own.
            // n counts the answers that weigh (SPEC 4.1: a size of 0 is left out), which is
            // also the count the min-cell rule needs.
            guard let detail = employmentWeightedEstimate(question, rs, g) else { return nil }
            var e = detail.estimate
            e.n = detail.contributors
            return e
        }
    }
}
