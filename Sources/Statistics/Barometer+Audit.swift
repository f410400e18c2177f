import DisclosureAudit
import Survey

/// The disclosure audit of one quarter's barometer tables (issue #9 item 1): the answers
/// behind the unweighted balances. A balance row publishes n and the three shares, so it
/// publishes the counts of "up",
/// "stable" and "down" answers; with `all` = Σ types and a family = Σ its types those counts
/// are linked, and a suppressed type's answers came back as exact differences (GEIQ and EI in
/// the sample). Each question is its own set of linked cells; so is each quantity's totals.
extension Barometer {
    /// The totals of quantities.csv, one variable at a time: `all` = Σ families = Σ types =
    /// Σ regions and each family = Σ its types, the relations that gave a suppressed type
    /// back from its family. The national total is never the cell hidden in another's place
    /// (it is the figure the note leads with, and hiding it only moves the problem to the
    /// families): when nothing else protects a cell, the audit fails and the job says so.
    func audit(quantities: inout [QuantityRow]) -> AuditOutcome {
        AuditOutcome(
            combining: QuantityVariable.allCases.map { variable in
                var linked = LinkedTables()
                let rows = quantities.indices.filter { quantities[$0].variable == variable }
                for i in rows {
                    let r = quantities[i]
                    let value = r.totalHundredths.map { Double($0) / 100 } ?? r.total ?? 0
                    linked.add(
                        variable.rawValue, r.group, value: value, status: r.status == .noData ? .ok : r.status,
                        contributors: r.n, kind: variable == .turnover ? .money : .total,
                        suppressible: r.group != .all && r.status != .noData)
                }
                linked.hierarchy(variable.rawValue, groups: frame.groups, tolerance: 0.005)
                do {
                    let (added, outcome) = try linked.protect { [$0] }
                    for i in rows where added.contains(LinkedTables.id(variable.rawValue, quantities[i].group)) {
                        quantities[i].status = .confidentialSecondary
                    }
                    return outcome
                } catch {
                    return AuditOutcome(
                        cells: linked.cells.count, relations: linked.relations.count, suppressed: 0, added: 0,
                        rounds: 0, unprotected: [], failure: "\(error)")
                }
            })
    }

    /// The answers' audit, run before the climate (which is suppressed with a component).
    func audit(balances: inout [BalanceRow]) -> AuditOutcome {
        AuditOutcome(combining: Question.answered.map { auditAnswers($0, &balances).prefixed($0.rawValue) })
    }

    /// Counts of answers of one question: per group, n = up + stable + down with n published
    /// on every row; each count's hierarchy. A count the audit suppresses suppresses the
    /// group's rows of that question in every weighting (their shares give the counts too).
    private func auditAnswers(_ question: Question, _ balances: inout [BalanceRow]) -> AuditOutcome {
        var linked = LinkedTables()
        let rows = balances.indices.filter {
            balances[$0].question == question && balances[$0].weighting == .unweighted
        }
        // A group whose row is suppressed in any weighting counts as suppressed here, and is
        // then suppressed in every weighting: the employment-weighted and post-stratified
        // balances are other views of the same answers, so a type hidden in one weighting
        // must be protected in all. (`all` has nothing above it to be recovered from: its
        // employment row, hidden by one dominant employer, leaves its other rows alone.)
        // Its counts are sensitive when a primary rule hid it in some weighting.
        var hiddenAs: [Group: CellStatus] = [:]
        for r in balances where r.question == question && r.status.isSuppressed && r.group != .all {
            if hiddenAs[r.group] != .confidential {
                hiddenAs[r.group] = r.status == .confidential ? .confidential : r.status
            }
        }
        let hidden = Set(hiddenAs.keys)
        var countsOf: [Group: [Double]] = [:]
        // An answer nobody gave nationally (a published 0 % in the `all` row) is 0 in every
        // group, and one everybody gave (100 %) is every group's n: that is the national
        // figure's own news, not a secret of a hidden group's members, and no suppression
        // short of the national row could hide it. Such counts need no interval (as an
        // empty cell is not sensitive in τ-Argus).
        let national = rows.first { balances[$0].group == .all }.flatMap { balances[$0].estimate }
        let evidentNationally = [national?.pctUp, national?.pctStable, national?.pctDown].map(
            Self.givenByTheNationalShare)
        for i in rows {
            let r = balances[i]
            let n = r.estimate?.n ?? 0
            let counts =
                r.estimate.map { e in [e.pctUp, e.pctStable, e.pctDown].map { ($0 * Double(n) / 100).rounded() } } ?? [
                    0, 0, 0,
                ]
            countsOf[r.group] = counts
            let status: CellStatus = r.status == .confidential ? .confidential : hiddenAs[r.group] ?? r.status
            linked.add(
                "n", r.group, value: Double(n), status: .ok, contributors: n, kind: .answerCount, suppressible: false)
            for (k, (answer, count)) in zip(["up", "stable", "down"], counts).enumerated() {
                // A group that holds every respondent (the other family silent) has the
                // national counts: they are no more its secret than in the case above.
                let evident =
                    evidentNationally[k] || (r.group != .all && Self.holdsEveryRespondent(n: n, national: national?.n))
                // The national row is the note's headline: never hidden in another's place.
                linked.add(
                    answer, r.group, value: count, status: status, contributors: n, kind: .answerCount,
                    suppressible: r.status != .noData && r.group != .all, sensitive: evident ? false : nil)
            }
            linked.relations.append(
                AuditRelation(
                    name: "n = up + stable + down (\(r.group.name))", total: LinkedTables.id("n", r.group),
                    parts: ["up", "stable", "down"].map { LinkedTables.id($0, r.group) }))
        }
        for answer in ["up", "stable", "down"] { linked.hierarchy(answer, groups: frame.groups, tolerance: 0) }
        poststratifiedShares(question, balances, countsOf, hiddenAs, into: &linked)
        do {
            // A group's rows of a question are published or blanked together (its counts and
            // its post-stratified shares): the audit is told so.
            // The national row is the exception: its unweighted counts stay, and only its
            // post-stratified row can go (on a small network the two national rows together
            // solve the types' counts; the unweighted one is the headline).
            let national = "|" + Group.all.breakdown.rawValue + "|" + Group.all.name
            let (added, outcome) = try linked.protect { id in
                let group = id.split(separator: "|", maxSplits: 1)[1]
                let columns =
                    id.hasSuffix(national) ? Self.answerColumns.filter { $0.hasPrefix("ps_") } : Self.answerColumns
                return columns.map { "\($0)|\(group)" }.filter { linked.has(id: $0) }
            }
            let groups = Set(
                added.compactMap { id in
                    balances.first { LinkedTables.id(id.split(separator: "|")[0].description, $0.group) == id }?.group
                })
            for i in balances.indices
            where balances[i].question == question
                && (groups.contains(balances[i].group) || hidden.contains(balances[i].group))
                && balances[i].status == .ok
                && (balances[i].group != .all || balances[i].weighting == .poststratified)
            {
                balances[i].status = .confidentialSecondary
            }
            return outcome
        } catch {
            return AuditOutcome(
                cells: linked.cells.count, relations: linked.relations.count, suppressed: 0, added: 0, rounds: 0,
                unprotected: [], failure: "\(error)")
        }
    }
}

extension Barometer {
    /// Whether a national share of 0 % or 100 % tells every group's count of that answer
    /// (0, or the group's n): then no group's count is its members' secret (the job's audit
    /// and `observatory audit` use this one rule).
    public static func givenByTheNationalShare(_ share: Double?) -> Bool { share == 0 || share == 100 }

    /// Whether a group (not `all`) holds every respondent of the national row: its answers
    /// are then the national ones.
    public static func holdsEveryRespondent(n: Int, national: Int?) -> Bool { national.map { n == $0 } ?? false }

    static let answerColumns = ["up", "stable", "down", "ps_up", "ps_stable", "ps_down"]

    /// The post-stratified shares of `all` and of each family as linear combinations of the
    /// types' counts of answers: `N·p_ps/100 = Σ_h (N_h/n_h)·Σ_{t∈h} count_t` over the merged
    /// strata h with answers (N = Σ N_h over them), for up, stable and down. With the
    /// unweighted `all` (`n·p/100 = Σ count_t`) this is the second equation that gave two
    /// suppressed type balances back (issue #9, "across weightings"). The strata are merged as
    /// the estimator merges them, from the published n of each type. Tolerance: half a
    /// hundredth of a point, the published precision. Regions are post-stratified by the
    /// types within them, whose counts are not published: nothing to link there. The
    /// employment-weighted rows weigh each answer by the member's headcount, which no table
    /// publishes: they give no linear relation either. (The standard errors are not linear in
    /// the counts and are left out, as τ-Argus leaves out non-additive cells.)
    func poststratifiedShares(
        _ question: Question, _ balances: [BalanceRow], _ countsOf: [Group: [Double]],
        _ hiddenAs: [Group: CellStatus], into linked: inout LinkedTables
    ) {
        for r in balances
        where r.question == question && r.weighting == .poststratified
            && (r.group.breakdown == .all || r.group.breakdown == .family)
        {
            guard let e = r.estimate else { continue }
            let types = StructureType.allCases.filter { t in r.group == .all || t.family.rawValue == r.group.name }
            let populations = frame.activeByType[r.group] ?? [:]
            let strata = OpinionEstimator.mergedStrata(
                types.map { t in
                    let c = countsOf[Group(.structureType, t.rawValue)] ?? [0, 0, 0]
                    let codes =
                        [Int8](repeating: 1, count: Int(c[0])) + [Int8](repeating: 0, count: Int(c[1]))
                        + [Int8](repeating: -1, count: Int(c[2]))
                    return (type: t, codes: codes, population: populations[t] ?? codes.count)
                }
            ).filter { !$0.codes.isEmpty }
            let population = Double(strata.map(\.population).reduce(0, +))
            guard population > 0 else { continue }
            let status: CellStatus = r.status == .confidential ? .confidential : hiddenAs[r.group] ?? r.status
            for (answer, share) in zip(["up", "stable", "down"], [e.pctUp, e.pctStable, e.pctDown]) {
                linked.add(
                    "ps_" + answer, r.group, value: share, status: status, contributors: e.n, kind: .total,
                    sensitive: false)
                var terms = [AuditRelation.Term(LinkedTables.id("ps_" + answer, r.group), population / 100)]
                for stratum in strata {
                    let weight = Double(stratum.population) / Double(stratum.codes.count)
                    for t in stratum.label.split(separator: "+") {
                        terms.append(
                            AuditRelation.Term(LinkedTables.id(answer, Group(.structureType, String(t))), -weight))
                    }
                }
                linked.relations.append(
                    AuditRelation(
                        name: "post-stratified \(answer) (\(r.group.name))", terms: terms,
                        tolerance: population / 100 * 0.005 + 1e-9 * population))
            }
        }
    }
}

extension AuditOutcome {
    /// Several independent audits (questions, variables, quarters) as one.
    public init(combining parts: [AuditOutcome]) {
        self.init(
            cells: parts.reduce(0) { $0 + $1.cells }, relations: parts.reduce(0) { $0 + $1.relations },
            suppressed: parts.reduce(0) { $0 + $1.suppressed }, added: parts.reduce(0) { $0 + $1.added },
            rounds: parts.reduce(0) { $0 + $1.rounds }, unprotected: parts.flatMap(\.unprotected),
            failure: parts.compactMap(\.failure).first, intervals: parts.flatMap(\.intervals))
    }
}
