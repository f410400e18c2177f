import Foundation
import Testing
@testable import Statistics
import Ingestion
import Survey
import TestSupport

/// Our unweighted and post-stratified estimators against R's `survey` package on the
/// sample's 2014-Q4 returns, for every question, in the whole network and in each family
/// and structure type. Run by `scripts/check-r`, which installs R (too slow for every test run).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["OBSERVATORY_R_CHECK"] == "1"))
struct RCrossCheckTests {
    @Test func balancesAndStandardErrorsAgreeWithSvymean() throws {
        let loaded = DatasetLoader(root: TestSupport.datasets.path, surveys: [.barometer]).load()
        let registry = loaded.dataset.registry
        let frame = GroupFrame(registry)
        let quarter = Quarter(year: 2014, number: 4)!
        let responses = loaded.dataset.barometer[quarter]!.filter { registry.members[$0.member].active }
        let barometer = Barometer(registry: registry, rules: Confidentiality(enabled: false))

        var csv = "key,y,type,N,N_h\n"
        var ours: [String: Double] = [:]
        for group in frame.groups(in: [.all, .family, .structureType]) {
            let inGroup = responses.filter { frame.groupsOfMember[$0.member].contains(group) }
            for question in Question.answered {
                let key = "\(group.breakdown.rawValue)/\(group.name)/\(question.rawValue)"
                // R is given the strata the estimator uses: types with fewer than 2 answers
                // merged into a neighbour (issue #9), each with its members.
                let answered = inGroup.filter { question.code($0) != nil }
                let merged = OpinionEstimator.mergedStrata(StructureType.allCases.map { t in
                    (type: t, codes: answered.filter { registry.members[$0.member].structureType == t }.map { question.code($0)!.rawValue },
                     population: frame.activeByType[group]?[t] ?? 0)
                })
                var stratumOf: [StructureType: OpinionEstimator.Stratum] = [:]
                for s in merged { for t in s.label.split(separator: "+") { stratumOf[StructureType(rawValue: String(t))!] = s } }
                for r in answered {
                    let s = stratumOf[registry.members[r.member].structureType]!
                    csv += "\(key),\(question.code(r)!.rawValue),\(s.label),\(frame.activeMembers[group]!),\(s.population)\n"
                }
                for w in [Weighting.unweighted, .poststratified] {
                    if let e = barometer.estimate(question, w, inGroup, group) {
                        ours["\(key),\(w.rawValue),mean"] = e.balance
                        ours["\(key),\(w.rawValue),se"] = e.se
                    }
                }
            }
        }
        let folder = try TestSupport.temporaryFolder("r")
        let input = folder.appendingPathComponent("answers.csv")
        try TestSupport.write(csv, to: input)
        let (status, output) = try TestSupport.rscript("check-r.R", arguments: [input.path])
        #expect(status == 0)
        var compared = 0, largest = 0.0
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: ",").map(String.init)
            guard parts.count == 4, let mean = Double(parts[2]), let se = Double(parts[3]) else { continue }
            let key = parts[0] + "," + parts[1]
            let ourMean = try #require(ours[key + ",mean"], "\(key)")
            let ourSE = try #require(ours[key + ",se"], "\(key)")
            #expect(abs(ourMean - 100 * mean) < 1e-9, "\(key) balance: ours \(ourMean), R \(100 * mean)")
            #expect(abs(ourSE - 100 * se) < 1e-9, "\(key) se: ours \(ourSE), R \(100 * se)")
            largest = max(largest, abs(ourMean - 100 * mean), abs(ourSE - 100 * se))
            compared += 1
        }
        #expect(compared >= 90, "compared \(compared) estimates with R")
        print("R cross-check: \(compared) estimates (balance and se) compared, largest difference \(largest) points")
    }
}
