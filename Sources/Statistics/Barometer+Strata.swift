import Survey

extension Barometer {
    /// A group's respondents of one quarter laid out by structure type (each type's in the
    /// sample's order), as the columns the employment-weighted estimates of its five questions
    /// read: made once per group instead of a list of answers and headcounts per question.
    struct StratumColumns {
        /// Where each structure type's respondents start (`StructureType.ordinal`), and end.
        var starts: [Int]
        /// Headcount of each respondent (`Barometer.headcount`), NaN where missing.
        var headcounts: [Double]
        /// The codes of each answered question (`Question.answered` order), `Replicates.noAnswer`
        /// where the respondent gave none.
        var codes: [[Int8]]

        init(_ sample: GroupSample, _ registry: Registry) {
            let types = StructureType.allCases.count
            var counts = [Int](repeating: 0, count: types + 1)
            for r in sample { counts[registry.structureTypes[r.member].ordinal + 1] += 1 }
            for t in 0..<types { counts[t + 1] += counts[t] }
            starts = counts
            var next = counts
            headcounts = [Double](repeating: .nan, count: sample.count)
            codes = Question.answered.map { _ in [Int8](repeating: Replicates.noAnswer, count: sample.count) }
            for r in sample {
                let t = registry.structureTypes[r.member].ordinal
                let i = next[t]
                next[t] += 1
                headcounts[i] = Barometer.headcount(r) ?? .nan
                for (q, question) in Question.answered.enumerated() {
                    if let c = question.code(r) { codes[q][i] = c.rawValue }
                }
            }
        }
    }

    /// The employment-weighted estimate of one question from a group's columns: what
    /// `employmentWeightedEstimate` gives on the group's responses (its strata, its order of
    /// summation, term for term), with `n` the answers that weigh, as the publication counts.
    func employmentEstimate(_ columns: StratumColumns, question qi: Int, _ g: Group) -> OpinionEstimate? {
        func known(_ x: Double) -> Double? { x.isFinite && x >= 0 ? x : nil }
        let codes = columns.codes[qi], sizes = columns.headcounts, starts = columns.starts
        let populations = frame.activeByType[g] ?? [:]
        let types = StructureType.allCases
        // The strata with answers, in type order, and the headcounts known in them.
        var used: [(type: Int, n: Int)] = []
        var allKnown: [Double] = []
        allKnown.reserveCapacity(codes.count)
        for t in types.indices {
            var n = 0
            for i in starts[t]..<starts[t + 1] where codes[i] != Replicates.noAnswer {
                n += 1
                if let x = known(sizes[i]) { allKnown.append(x) }
            }
            if n > 0 { used.append((t, n)) }
        }
        guard !used.isEmpty, let overallMedian = Quantile.median(allKnown) else { return nil }

        // Weights, stratum after stratum, kept for the variance.
        var weights: [Double] = []
        weights.reserveCapacity(codes.count)
        var contributors = 0, n = 0
        var total = 0.0, up = 0.0, down = 0.0, largest = 0.0
        var stratumKnown: [Double] = []
        stratumKnown.reserveCapacity(codes.count)
        for (t, nh) in used {
            n += nh
            let Nh = Double(max(populations[types[t]] ?? nh, nh))
            let expansion = Nh / Double(nh)
            stratumKnown.removeAll(keepingCapacity: true)
            for i in starts[t]..<starts[t + 1] where codes[i] != Replicates.noAnswer {
                if let x = known(sizes[i]) { stratumKnown.append(x) }
            }
            let median = Quantile.median(stratumKnown) ?? overallMedian
            for i in starts[t]..<starts[t + 1] where codes[i] != Replicates.noAnswer {
                let w = expansion * (known(sizes[i]) ?? median)
                weights.append(w)
                if w > 0 { contributors += 1 }
                total += w
                largest = max(largest, w)
                if codes[i] > 0 { up += w } else if codes[i] < 0 { down += w }
            }
        }
        guard total > 0 else { return nil }
        let ratio = (up - down) / total

        // Linearised variance of the ratio.
        var variance = 0.0
        var z: [Double] = []
        z.reserveCapacity(codes.count)
        var k = 0
        for (t, nh) in used {
            defer { k += nh }
            guard nh >= 2 else { continue }
            let population = populations[types[t]] ?? nh
            let fpc = max(0, 1 - Double(nh) / Double(max(population, nh)))
            z.removeAll(keepingCapacity: true)
            var j = k
            for i in starts[t]..<starts[t + 1] where codes[i] != Replicates.noAnswer {
                z.append(weights[j] * (Double(codes[i]) - ratio) / total)
                j += 1
            }
            let mean = z.reduce(0, +) / Double(nh)
            var squares = 0.0
            for zi in z { squares += (zi - mean) * (zi - mean) }
            variance += fpc * Double(nh) / Double(nh - 1) * squares
        }
        return OpinionEstimate(
            n: contributors, pctUp: 100 * up / total, pctStable: 100 * (total - up - down) / total,
            pctDown: 100 * down / total, balance: 100 * ratio,
            se: 100 * variance.squareRoot(), base: total, largestContribution: largest,
            largestWeightShare: largest / total, degreesOfFreedom: n - used.count)
    }
}
