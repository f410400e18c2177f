import Survey

extension Barometer {
    /// A group's respondents of one period in member order, as the columns the leave-one-out
    /// replicates of its cells read: made once per group and period and shared by its cells
    /// (five questions × three weightings), instead of a list of answers per cell.
    struct PeriodColumns {
        var members: [Int32] = []
        /// `StructureType.ordinal` of each respondent.
        var types: [UInt8] = []
        /// Headcount of each respondent (`Barometer.headcount`), NaN where missing.
        var headcounts: [Double] = []
        /// The codes of each answered question (`Question.answered` order), `Replicates.noAnswer`
        /// where the respondent gave none.
        var codes: [[Int8]]

        init(_ sample: GroupSample, _ registry: Registry) {
            let ordered = sample.inMemberOrder
            codes = Question.answered.map { _ in [] }
            members.reserveCapacity(ordered.count)
            types.reserveCapacity(ordered.count)
            headcounts.reserveCapacity(ordered.count)
            for q in codes.indices { codes[q].reserveCapacity(ordered.count) }
            for r in ordered {
                members.append(Int32(r.member))
                types.append(UInt8(registry.structureTypes[r.member].ordinal))
                headcounts.append(Barometer.headcount(r) ?? .nan)
                for (q, question) in Question.answered.enumerated() {
                    codes[q].append(question.code(r)?.rawValue ?? Replicates.noAnswer)
                }
            }
        }
    }

    /// One cell's replicates read through its group's columns of the period.
    struct CellReplicates: PeriodReplicates {
        let replicates: Replicates
        let members: [Int32]
        var full: Double { replicates.full }
        var count: Int { members.count }
        func member(_ i: Int) -> Int { Int(members[i]) }
        func isAnswered(_ i: Int) -> Bool { replicates.answered(i) }
        func deleted(_ i: Int) -> Double? { replicates.deleted(i) }
    }

    /// The climate's replicates, the mean of its four components', made as they are read with
    /// the arithmetic of `LeaveOneOut.mean` (a sum from 0 in the components' order, a
    /// component's full value where the respondent did not answer it), without a value per
    /// respondent held.
    struct ClimateReplicates: PeriodReplicates {
        let parts: [Replicates]
        let members: [Int32]
        let full: Double

        init(parts: [Replicates], members: [Int32]) {
            self.parts = parts
            self.members = members
            var sum = 0.0
            for p in parts { sum += p.full }
            full = sum / Double(parts.count)
        }

        var count: Int { members.count }
        func member(_ i: Int) -> Int { Int(members[i]) }
        func isAnswered(_ i: Int) -> Bool { parts.contains { $0.answered(i) } }
        func deleted(_ i: Int) -> Double? {
            var sum = 0.0
            for p in parts {
                guard let value = p.answered(i) ? p.deleted(i) : p.full else { return nil }
                sum += value
            }
            return sum / Double(parts.count)
        }
    }

    /// One period's replicates of a question in one group and weighting, from the group's
    /// columns; nil when the balance has no estimate.
    func replicates(_ question: Question, _ w: Weighting, _ columns: PeriodColumns, _ g: Group) -> Replicates? {
        let codes = columns.codes[Question.answered.firstIndex(of: question)!]
        let populations = frame.activeByType[g] ?? [:]
        switch w {
        case .unweighted:
            return Replicates.unweighted(codes)
        case .poststratified:
            return Replicates.poststratified(codes, types: columns.types, populations: populations)
        case .employment:
            return Replicates.employmentWeighted(
                codes, types: columns.types, headcounts: columns.headcounts, populations: populations)
        }
    }

    /// The rows of one group with their deltas to Q−1 and Q−4 and the deltas' standard errors.
    ///
    /// Each period's respondents of the group are laid out once as columns; a cell's
    /// replicates are a few dozen values and an index per respondent (`Replicates`), made for
    /// one weighting at a time and let go; the climate's are read off its four components'.
    /// The jackknife pairs the periods' respondents by member (`ChangeJackknife.pair`), with
    /// the same arithmetic as `ChangeJackknife.change` on `LeaveOneOut` balances.
    func deltas(
        _ rows: [BalanceRow], _ q: Quarter, _ byQuarter: [Quarter: QuarterTable],
        _ samples: [Quarter: [Group: GroupSample]]
    ) -> [BalanceRow] {
        var balances = rows
        func delta(_ row: BalanceRow, _ previous: QuarterTable?) -> Double? {
            guard row.status == .ok, let now = row.estimate?.balance,
                let before = previous?.balance(row.group, row.question, row.weighting), before.status == .ok,
                let then = before.estimate?.balance
            else { return nil }
            return now - then
        }
        for i in balances.indices {
            balances[i].deltaPrevQuarter = delta(balances[i], byQuarter[q.previous])
            balances[i].deltaPrevYear = delta(balances[i], byQuarter[q.yearEarlier])
        }
        guard let group = balances.first?.group,
            balances.contains(where: { $0.deltaPrevQuarter != nil || $0.deltaPrevYear != nil })
        else { return balances }
        let population = frame.activeMembers[group] ?? 0
        var columns: [Quarter: PeriodColumns] = [:]
        func columnsOf(_ period: Quarter) -> PeriodColumns {
            if let made = columns[period] { return made }
            let made = PeriodColumns(samples[period]?[group] ?? .empty, frame.registry)
            columns[period] = made
            return made
        }
        var scratch: [Double] = []
        for weighting in Weighting.allCases {
            var made: [Quarter: [Question: Replicates?]] = [:]
            func replicates(_ question: Question, _ period: Quarter) -> Replicates? {
                if let known = made[period]?[question] { return known }
                let value = self.replicates(question, weighting, columnsOf(period), group)
                made[period, default: [:]][question] = .some(value)
                return value
            }
            func climate(_ period: Quarter) -> ClimateReplicates? {
                var parts: [Replicates] = []
                for component in Question.climateComponents {
                    guard let part = replicates(component, period) else { return nil }
                    parts.append(part)
                }
                return ClimateReplicates(parts: parts, members: columnsOf(period).members)
            }
            func cell(_ question: Question, _ period: Quarter) -> CellReplicates? {
                replicates(question, period).map { CellReplicates(replicates: $0, members: columnsOf(period).members) }
            }
            // Each kind of cell by its own type, so that the pairing is specialised for it.
            func standardError(_ row: BalanceRow, _ before: Quarter) -> Double? {
                if row.question == .climate {
                    guard let previous = climate(before), let current = climate(q) else { return nil }
                    return ChangeJackknife.standardError(
                        previous: previous, current: current, population: population, scratch: &scratch)
                }
                guard let previous = cell(row.question, before), let current = cell(row.question, q) else {
                    return nil
                }
                return ChangeJackknife.standardError(
                    previous: previous, current: current, population: population, scratch: &scratch)
            }
            for i in balances.indices where balances[i].weighting == weighting {
                if balances[i].deltaPrevQuarter != nil {
                    balances[i].seDeltaPrevQuarter = standardError(balances[i], q.previous)
                }
                if balances[i].deltaPrevYear != nil {
                    balances[i].seDeltaPrevYear = standardError(balances[i], q.yearEarlier)
                }
            }
        }
        return balances
    }
}
