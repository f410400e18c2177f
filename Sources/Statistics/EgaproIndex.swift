import Survey

/// One member's line of `index.csv`: who it is and its scored index.
public struct EgaproMemberRow: Sendable {
    /// The member's id, as the registry spells it.
    public var memberID: String
    /// Its legal form.
    public var structureType: StructureType
    /// Its region, as the registry gives it.
    public var region: String
    /// The bracket it declared.
    public var workforce: Egapro.WorkforceRange
    /// Its indicators, points and index.
    public var score: Egapro.MemberScore
}

/// One line of the Egapro `distribution.csv`: the index across the members of a group.
public struct EgaproDistributionRow: Sendable {
    /// The group.
    public var group: Group
    /// Members with an index.
    public var n: Int
    /// Members whose index is not computable (NC).
    public var notComputable: Int
    /// Mean of the members' indexes.
    public var mean: Double?
    /// Quartiles of the indexes (type 7); nil below the rules' quantile minimum.
    public var q1, median, q3: Double?
    /// Percent of the members with an index at 75 points or more, and at 85 or more.
    public var pct75, pct85: Double?
    /// Mean points of each indicator over the members with an index for whom it is
    /// computable; nil where fewer than `--min-cell` members have it.
    public var meanPoints: [Egapro.Indicator: Double]
    /// How many members with an index have each indicator computable (0: nobody, so its mean
    /// is not available rather than withheld).
    public var membersScored: [Egapro.Indicator: Int]
    /// Whether the row's figures are published.
    public var status: CellStatus
}

/// The Egapro job's tables: every active member's index, and the distribution by group.
public struct EgaproTables: Sendable {
    /// The year of the returns.
    public var year: Int
    /// The members scored, by id in code point order.
    public var members: [EgaproMemberRow]
    /// Per breakdown and group, in output order.
    public var distribution: [EgaproDistributionRow]
}

/// The Egapro index of each member (SPEC 4.5): scored exactly by `Egapro.score`, then
/// summarised by group under the confidentiality rules of SPEC 4.4. `index.csv` is not
/// suppressed: it is what each member publishes by law.
public struct EgaproIndex: Sendable {
    /// Who the members are and which groups they belong to.
    public let registry: Registry
    /// The confidentiality rules of the distribution.
    public let rules: Confidentiality

    /// The job over `registry` under `rules`.
    public init(registry: Registry, rules: Confidentiality) {
        self.registry = registry
        self.rules = rules
    }

    /// The tables of `year` from its accepted returns (inactive members are left out).
    public func tables(year: Int, returns: [Egapro.MemberReturn]) -> EgaproTables {
        let active = returns.filter { registry.isActive[$0.member] }
        let scored = ParallelWork.map(active) { Egapro.score($0) }
        var members: [EgaproMemberRow] = []
        for (r, score) in zip(active, scored) {
            members.append(
                EgaproMemberRow(
                    memberID: registry.id(of: r.member), structureType: registry.structureTypes[r.member],
                    region: registry.region(of: r.member), workforce: r.workforce, score: score))
        }
        members.sort { $0.memberID.unicodeScalars.lexicographicallyPrecedes($1.memberID.unicodeScalars) }
        let frame = GroupFrame(registry)
        let byGroup = frame.partition(zip(active, scored)) { $0.0.member }
        var rows = frame.groups.enumerated().map { i, g in distribution(g, byGroup[i].map(\.1)) }
        let statuses = rules.statuses(
            rows.map { r in
                Disclosure(group: r.group, keys: "index", contributors: r.n, hasValue: r.n > 0)
            })
        for i in rows.indices {
            rows[i].status = statuses[i]
            if statuses[i] != .ok { rows[i].withhold() }
        }
        return EgaproTables(year: year, members: members, distribution: rows)
    }

    /// A group's row from its members' scores, before the statuses are decided.
    func distribution(_ group: Group, _ scores: [Egapro.MemberScore]) -> EgaproDistributionRow {
        let indexes = scores.compactMap(\.index).map(Double.init).sorted()
        let n = indexes.count
        var meanPoints: [Egapro.Indicator: Double] = [:]
        var membersScored: [Egapro.Indicator: Int] = [:]
        let indexed = scores.filter { $0.index != nil }
        for indicator in Egapro.Indicator.allCases {
            let points = indexed.compactMap { $0.scores[indicator]?.points }
            membersScored[indicator] = points.count
            guard !points.isEmpty, !(rules.enabled && points.count < rules.minCell) else { continue }
            meanPoints[indicator] = Double(points.reduce(0, +)) / Double(points.count)
        }
        func share(atLeast t: Double) -> Double? {
            n == 0 ? nil : rules.quantile(100 * Double(indexes.filter { $0 >= t }.count) / Double(n), members: n)
        }
        return EgaproDistributionRow(
            group: group, n: n, notComputable: scores.count - n,
            mean: n == 0 ? nil : indexes.reduce(0, +) / Double(n),
            q1: rules.quantile(Quantile.type7(sorted: indexes, 0.25), members: n),
            median: rules.quantile(Quantile.type7(sorted: indexes, 0.5), members: n),
            q3: rules.quantile(Quantile.type7(sorted: indexes, 0.75), members: n),
            pct75: share(atLeast: 75), pct85: share(atLeast: 85), meanPoints: meanPoints, membersScored: membersScored,
            status: n > 0 ? .ok : .noData)
    }
}

extension EgaproDistributionRow {
    /// Empties every figure but the counts (a suppressed or empty row).
    mutating func withhold() {
        mean = nil
        q1 = nil
        median = nil
        q3 = nil
        pct75 = nil
        pct85 = nil
        meanPoints = [:]
    }
}
