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
    /// `employmentWeightedEstimate` gives on the group's responses (the same strata in type
    /// order, each respondent in the sample's order), with `n` the answers that weigh, as the
    /// publication counts.
    func employmentEstimate(_ columns: StratumColumns, question qi: Int, _ g: Group) -> OpinionEstimate? {
        let populations = frame.activeByType[g] ?? [:]
        guard
            let detail = OpinionEstimator.employmentWeightedDetail(
                codes: columns.codes[qi], headcounts: columns.headcounts, starts: columns.starts,
                populations: StructureType.allCases.map { populations[$0] })
        else { return nil }
        var estimate = detail.estimate
        estimate.n = detail.contributors
        return estimate
    }
}
