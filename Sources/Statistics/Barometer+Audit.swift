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
        AuditOutcome(combining: QuantityVariable.allCases.map { variable in
            var linked = LinkedTables()
            let rows = quantities.indices.filter { quantities[$0].variable == variable }
            for i in rows {
                let r = quantities[i]
                let value = r.totalHundredths.map { Double($0) / 100 } ?? r.total ?? 0
                linked.add(variable.rawValue, r.group, value: value, status: r.status == .noData ? .ok : r.status,
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
                return AuditOutcome(cells: linked.cells.count, relations: linked.relations.count, suppressed: 0, added: 0,
                                    rounds: 0, unprotected: [], failure: "\(error)")
            }
        })
    }

    /// The answers' audit, run before the climate (which is suppressed with a component).
    func audit(balances: inout [BalanceRow]) -> AuditOutcome {
        AuditOutcome(combining: Question.answered.map { auditAnswers($0, &balances) })
    }

    /// Counts of answers of one question: per group, n = up + stable + down with n published
    /// on every row; each count's hierarchy. A count the audit suppresses suppresses the
    /// group's rows of that question in every weighting (their shares give the counts too).
    private func auditAnswers(_ question: Question, _ balances: inout [BalanceRow]) -> AuditOutcome {
        var linked = LinkedTables()
        let rows = balances.indices.filter { balances[$0].question == question && balances[$0].weighting == .unweighted }
        // A group whose row is suppressed in any weighting counts as suppressed here, and is
        // then suppressed in every weighting: the employment-weighted and post-stratified
        // balances are other views of the same answers, so a type hidden in one weighting
        // must be protected in all. (`all` has nothing above it to be recovered from: its
        // employment row, hidden by one dominant employer, leaves its other rows alone.)
        let hidden = Set(balances.filter { $0.question == question && $0.status.isSuppressed && $0.group != .all }.map(\.group))
        for i in rows {
            let r = balances[i]
            let n = r.estimate?.n ?? 0
            let counts = r.estimate.map { e in [e.pctUp, e.pctStable, e.pctDown].map { ($0 * Double(n) / 100).rounded() } } ?? [0, 0, 0]
            let status: CellStatus = hidden.contains(r.group) ? .confidential : r.status
            linked.add("n", r.group, value: Double(n), status: .ok, contributors: n, kind: .answerCount, suppressible: false)
            for (answer, count) in zip(["up", "stable", "down"], counts) {
                linked.add(answer, r.group, value: count, status: status, contributors: n, kind: .answerCount,
                           suppressible: r.status != .noData)
            }
            linked.relations.append(AuditRelation(name: "n = up + stable + down (\(r.group.name))", total: LinkedTables.id("n", r.group),
                                                  parts: ["up", "stable", "down"].map { LinkedTables.id($0, r.group) }))
        }
        for answer in ["up", "stable", "down"] { linked.hierarchy(answer, groups: frame.groups, tolerance: 0) }
        do {
            // A row's three counts are published or blanked together: the audit is told so.
            let (added, outcome) = try linked.protect { id in
                let group = id.split(separator: "|", maxSplits: 1)[1]
                return ["up", "stable", "down"].map { "\($0)|\(group)" }
            }
            let groups = Set(added.compactMap { id in balances.first { LinkedTables.id(id.split(separator: "|")[0].description, $0.group) == id }?.group })
            for i in balances.indices where balances[i].question == question
                && (groups.contains(balances[i].group) || hidden.contains(balances[i].group)) && balances[i].status == .ok {
                balances[i].status = .confidentialSecondary
            }
            return outcome
        } catch {
            return AuditOutcome(cells: linked.cells.count, relations: linked.relations.count, suppressed: 0, added: 0, rounds: 0,
                                unprotected: [], failure: "\(error)")
        }
    }
}

extension AuditOutcome {
    /// Several independent audits (questions, variables, quarters) as one.
    public init(combining parts: [AuditOutcome]) {
        self.init(cells: parts.reduce(0) { $0 + $1.cells }, relations: parts.reduce(0) { $0 + $1.relations },
                  suppressed: parts.reduce(0) { $0 + $1.suppressed }, added: parts.reduce(0) { $0 + $1.added },
                  rounds: parts.reduce(0) { $0 + $1.rounds }, unprotected: parts.flatMap(\.unprotected),
                  failure: parts.compactMap(\.failure).first)
    }
}
