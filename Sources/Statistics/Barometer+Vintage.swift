import Survey

/// One row of `series.csv` as an earlier report published it.
public struct PublishedSeriesRow: Sendable, Equatable {
    /// The group.
    public var group: Group
    /// The question (or the climate).
    public var question: Question
    /// How the answers were weighted.
    public var weighting: Weighting
    /// The quarter of the point.
    public var quarter: Quarter
    /// Answers the balance rested on.
    public var n: Int
    /// The balance as it was written, with `.` as the decimal separator (`"12.35"`); nil
    /// when the cell was empty (suppressed or no data).
    public var balance: String?
    /// Its status as published.
    public var status: CellStatus

    /// A row as read from the earlier `series.csv`.
    public init(
        group: Group, question: Question, weighting: Weighting, quarter: Quarter, n: Int, balance: String?,
        status: CellStatus
    ) {
        self.group = group
        self.question = question
        self.weighting = weighting
        self.quarter = quarter
        self.n = n
        self.balance = balance
        self.status = status
    }

    var value: Double? { balance.flatMap(Double.init) }

    /// What a row that an earlier report did not hold stands for: nothing was published.
    static func nothing(_ key: Barometer.SeriesKey) -> PublishedSeriesRow {
        PublishedSeriesRow(
            group: key.group, question: key.question, weighting: key.weighting, quarter: key.quarter, n: 0,
            balance: nil, status: .noData)
    }

    var asSeriesRow: SeriesRow {
        SeriesRow(
            group: group, question: question, weighting: weighting, quarter: quarter, n: n, balance: value,
            status: status)
    }
}

/// An earlier barometer report read back (its manifest checked): the series it published
/// and the registry it was computed with.
public struct PublishedVintage: Sendable {
    /// The report's folder relative to `--reports` (`barometer/2014-Q3`).
    public var source: String
    /// SHA-256 of its `manifest.json`, which fingerprints every file of it.
    public var manifestSHA256: String
    /// Its quarter: the vintage holds every quarter up to this one.
    public var quarter: Quarter
    /// Its `series.csv`.
    public var series: [PublishedSeriesRow]
    /// Active members per structure type when it was computed (its `response.csv`): the
    /// N_h behind its post-stratified and employment-weighted balances.
    public var activeByType: [StructureType: Int]

    /// An earlier report as read back.
    public init(
        source: String, manifestSHA256: String, quarter: Quarter, series: [PublishedSeriesRow],
        activeByType: [StructureType: Int]
    ) {
        self.source = source
        self.manifestSHA256 = manifestSHA256
        self.quarter = quarter
        self.series = series
        self.activeByType = activeByType
    }
}

/// A published balance of a past quarter replaced by its recomputed value: its change
/// passed the rules. One per group, question and quarter (the unweighted row; the weighted
/// rows are revised with it and counted in `VintageOutcome.revisedFigures`).
public struct Revision: Sendable, Equatable {
    /// The group.
    public var group: Group
    /// The question (or the climate).
    public var question: Question
    /// The quarter revised.
    public var quarter: Quarter
    /// The published value (nil when it was not published) and its status.
    public var old: Double?
    /// The status it was published with.
    public var oldStatus: CellStatus
    /// The value published now; nil when it is not.
    public var new: Double?
    /// Its status now.
    public var newStatus: CellStatus
}

/// What the vintage did to `series.csv`: the revisions made and the figures kept as published.
public struct VintageOutcome: Sendable, Equatable {
    /// The earlier report's folder (`PublishedVintage.source`).
    public var source: String
    /// SHA-256 of the earlier report's manifest.
    public var manifestSHA256: String
    /// The published balances replaced.
    public var revisions: [Revision]
    /// Series cells (every weighting) that take a recomputed value different from the published one.
    public var revisedFigures: Int
    /// Cells kept as published although the recomputation differs, because fewer than
    /// `--min-cell` members' answers changed in their question and quarter (in some group),
    /// or the new value could not be published.
    public var frozenByAnswers: Int
    /// Weighted cells kept as published because only the registry changed them (a member
    /// joining or leaving moves the weights N_h without any answer changing).
    public var frozenByRegistry: Int

    /// Cells kept as published, for either reason.
    public var frozen: Int { frozenByAnswers + frozenByRegistry }
}

extension Barometer {
    struct Slice: Hashable {
        var quarter: Quarter
        var question: Question
    }

    struct SeriesKey: Hashable {
        var group: Group
        var question: Question
        var weighting: Weighting
        var quarter: Quarter
    }

    /// `tables` with the quarters an earlier report published kept at their published
    /// values, except for the revisions the rules allow (issue #9, item 3: vintages).
    ///
    /// Why: `series.csv` recomputes every past quarter from today's registry, so marking one
    /// member inactive and publishing again gave that member's whole answer history as the
    /// difference of two series. Statistical offices treat a published figure as a vintage
    /// that changes only through an announced revision (Eurostat, ESS guidelines on revision
    /// policy for PEEIs, 2013), and the difference of two releases is a table an intruder can
    /// use like any linked table, so it must pass the same rules (Hundepool et al.,
    /// *Statistical Disclosure Control*, 2012, on disclosure by differencing).
    ///
    /// The rules, for each question and quarter the vintage holds (a *slice*):
    /// - A row whose recomputed n, balance (to the published two decimals, via `shown`) and
    ///   status equal the published ones is unchanged.
    /// - In each group the unweighted row decides. At least
    ///   `k = max(|Δn|, ⌈(|Δn| + |Δ(up − down)|)/2⌉)` members' answers differ between the
    ///   two vintages, with up − down = n·balance/100: a member added, removed or changing
    ///   its answer moves n by at most 1 and up − down by at most 2, and n + |up − down| by
    ///   at most 2 together. When the published row was suppressed, up − down is unknown
    ///   and k = |Δn|. The group's change is allowed when k ≥ `--min-cell` and the new
    ///   unweighted row is publishable (status ok).
    /// - The slice is one vintage: if any group's change is not allowed, every row of the
    ///   slice keeps its published value and status (frozen); otherwise the changed rows are
    ///   revised. Deciding group by group would reopen the attack through the hierarchy: a
    ///   member leaving GEIQ (frozen) while three late answers revise family `other` and SAP
    ///   gives the member's answer as other − SAP.
    /// - A weighted row (employment, post-stratified) is revised only with its unweighted
    ///   row, and only when the active members per structure type behind its weights are
    ///   those of the vintage (its `response.csv`): a change of the weights N_h alone would
    ///   give suppressed strata by two equations in the same unknowns (issue #9, "across
    ///   weightings"). Otherwise it is frozen.
    /// - `climate` (the mean of four components) takes its recomputed value only where its
    ///   four components show theirs; else it keeps the published one.
    /// - A published-suppressed cell thus stays suppressed unless its slice is revised; a
    ///   row the vintage did not hold counts as published empty (n 0, `no-data`).
    /// Changes against a frozen quarter (`delta_prev_quarter`, `delta_prev_year`) start from
    /// the published value, so that they never give the recomputed one away. With
    /// `--no-suppression` every change is a revision.
    public func revise(
        _ tables: BarometerTables, against vintage: PublishedVintage,
        shown: (Double) -> String
    ) -> BarometerTables {
        var published: [SeriesKey: PublishedSeriesRow] = [:]
        for row in vintage.series where row.quarter <= vintage.quarter {
            published[
                SeriesKey(group: row.group, question: row.question, weighting: row.weighting, quarter: row.quarter)] =
                row
        }
        let heldQuarters = Set(published.keys.map(\.quarter))
        var recomputed: [SeriesKey: Int] = [:]
        for (i, row) in tables.series.enumerated() {
            recomputed[
                SeriesKey(group: row.group, question: row.question, weighting: row.weighting, quarter: row.quarter)] = i
        }

        func same(_ new: SeriesRow, _ old: PublishedSeriesRow) -> Bool {
            new.n == old.n && new.status == old.status && new.balance.map(shown) == old.balance
        }
        /// Fewest members whose answers differ between the published and the recomputed row.
        func changedMembers(_ old: PublishedSeriesRow, _ new: SeriesRow) -> Int {
            let dn = abs(new.n - old.n)
            guard old.status == .ok, let b0 = old.value, new.status == .ok, let b1 = new.balance else { return dn }
            let d0 = (Double(old.n) * b0 / 100).rounded(), d1 = (Double(new.n) * b1 / 100).rounded()
            return max(dn, Int(((Double(dn) + abs(d1 - d0)) / 2).rounded(.up)))
        }
        /// The N_h behind a group's weights are the vintage's.
        func weightsUnchanged(_ g: Group) -> Bool {
            let types: [StructureType] =
                switch g.breakdown {
                case .all: StructureType.allCases
                case .family: StructureType.allCases.filter { $0.family.rawValue == g.name }
                case .structureType: StructureType.allCases.filter { $0.rawValue == g.name }
                case .region: []
                }
            let now = frame.activeByType[g] ?? [:]
            return types.allSatisfy { (now[$0] ?? 0) == (vintage.activeByType[$0] ?? 0) }
        }

        var series = tables.series
        var extra: [SeriesRow] = []
        /// Keys whose shown value is the published one while the recomputation differs.
        var frozen: [SeriesKey: PublishedSeriesRow] = [:]
        /// Keys that show the recomputed value (unchanged or revised).
        var showsNew: Set<SeriesKey> = []
        var frozenByAnswers = 0, frozenByRegistry = 0, revisedFigures = 0
        var revisions: [Revision] = []
        var slicesFrozenByAnswers: Set<Slice> = []

        let groupsOfSeries = Set(tables.series.map(\.group)).union(published.keys.map(\.group)).sorted()
        for t in heldQuarters.sorted() {
            for q in Question.answered {
                // Each group's verdict, from its unweighted row.
                var allowed: [Group: Bool] = [:]
                var sliceAllowed = true
                for g in groupsOfSeries {
                    let key = SeriesKey(group: g, question: q, weighting: .unweighted, quarter: t)
                    guard let i = recomputed[key] else { continue }
                    let old = published[key] ?? .nothing(key)
                    let new = series[i]
                    if same(new, old) { continue }
                    let ok = !rules.enabled || (changedMembers(old, new) >= rules.minCell && new.status == .ok)
                    allowed[g] = ok
                    if !ok { sliceAllowed = false }
                }
                if !sliceAllowed { slicesFrozenByAnswers.insert(Slice(quarter: t, question: q)) }
                for g in groupsOfSeries {
                    for w in Weighting.allCases {
                        let key = SeriesKey(group: g, question: q, weighting: w, quarter: t)
                        guard let i = recomputed[key] else {
                            // No longer computed (the group lost its active members): as published.
                            if let old = published[key] { extra.append(old.asSeriesRow) }
                            continue
                        }
                        let old = published[key] ?? .nothing(key)
                        let new = series[i]
                        if same(new, old) {
                            showsNew.insert(key)
                            continue
                        }
                        let revise: Bool
                        if !rules.enabled {
                            revise = true
                        } else if w != .unweighted && allowed[g] == nil {
                            // The answers counted unweighted did not change: only the weights did.
                            revise = false
                            frozenByRegistry += 1
                        } else if !sliceAllowed {
                            revise = false
                            frozenByAnswers += 1
                        } else if w == .unweighted {
                            revise = true
                        } else {
                            revise = weightsUnchanged(g)
                            if !revise { frozenByRegistry += 1 }
                        }
                        if revise {
                            showsNew.insert(key)
                            revisedFigures += 1
                            if w == .unweighted {
                                revisions.append(
                                    Revision(
                                        group: g, question: q, quarter: t, old: old.value, oldStatus: old.status,
                                        new: new.balance, newStatus: new.status))
                            }
                        } else {
                            frozen[key] = old
                            series[i] = old.asSeriesRow
                        }
                    }
                }
            }
            // The climate follows its components.
            for g in groupsOfSeries {
                for w in Weighting.allCases {
                    let key = SeriesKey(group: g, question: .climate, weighting: w, quarter: t)
                    guard let i = recomputed[key] else {
                        if let old = published[key] { extra.append(old.asSeriesRow) }
                        continue
                    }
                    let old = published[key] ?? .nothing(key)
                    let new = series[i]
                    if same(new, old) { continue }
                    let components = Question.climateComponents.map {
                        SeriesKey(group: g, question: $0, weighting: w, quarter: t)
                    }
                    if !rules.enabled || components.allSatisfy(showsNew.contains) {
                        revisedFigures += 1
                        if w == .unweighted {
                            revisions.append(
                                Revision(
                                    group: g, question: .climate, quarter: t, old: old.value, oldStatus: old.status,
                                    new: new.balance, newStatus: new.status))
                        }
                    } else {
                        let byAnswers = Question.climateComponents.contains {
                            slicesFrozenByAnswers.contains(Slice(quarter: t, question: $0))
                        }
                        if byAnswers { frozenByAnswers += 1 } else { frozenByRegistry += 1 }
                        frozen[key] = old
                        series[i] = old.asSeriesRow
                    }
                }
            }
        }
        if !extra.isEmpty {
            let questionOrder = Dictionary(uniqueKeysWithValues: Question.allCases.enumerated().map { ($1, $0) })
            let weightingOrder = Dictionary(uniqueKeysWithValues: Weighting.allCases.enumerated().map { ($1, $0) })
            series = (series + extra).sorted {
                ($0.group, questionOrder[$0.question]!, weightingOrder[$0.weighting]!, $0.quarter)
                    < ($1.group, questionOrder[$1.question]!, weightingOrder[$1.weighting]!, $1.quarter)
            }
        }

        var out = tables
        out.series = series
        // A change never starts from a recomputed value the series does not show.
        for i in out.balances.indices {
            let row = out.balances[i]
            func fromPublished(_ base: Quarter) -> Double?? {
                let key = SeriesKey(group: row.group, question: row.question, weighting: row.weighting, quarter: base)
                guard let old = frozen[key] else { return .none }
                guard row.status == .ok, let now = row.estimate?.balance, old.status == .ok, let then = old.value else {
                    return .some(nil)
                }
                return .some(now - then)
            }
            // The jackknife standard error is the recomputed change's: beside a change from a
            // frozen value it would describe another figure, so it is left empty (and the
            // note does not call that change stable or not).
            if let d = fromPublished(tables.quarter.previous) {
                out.balances[i].deltaPrevQuarter = d
                out.balances[i].seDeltaPrevQuarter = nil
            }
            if let d = fromPublished(tables.quarter.yearEarlier) {
                out.balances[i].deltaPrevYear = d
                out.balances[i].seDeltaPrevYear = nil
            }
        }
        out.vintage = VintageOutcome(
            source: vintage.source, manifestSHA256: vintage.manifestSHA256, revisions: revisions,
            revisedFigures: revisedFigures, frozenByAnswers: frozenByAnswers,
            frozenByRegistry: frozenByRegistry)
        return out
    }
}
