import Foundation
import Ingestion
import Survey
import TestSupport
import Testing

@testable import Statistics

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
        let responses = loaded.dataset.barometer[quarter]!.filter { registry.isActive[$0.member] }
        let barometer = Barometer(registry: registry, rules: Confidentiality(enabled: false))

        var csv = "key,y,type,N,populations\n"
        var ours: [String: Double] = [:]
        for group in frame.groups(in: [.all, .family, .structureType]) {
            let inGroup = responses.filter { frame.groups(ofMember: $0.member).contains(group) }
            for question in Question.answered {
                let key = "\(group.breakdown.rawValue)/\(group.name)/\(question.rawValue)"
                // R is given each answer's own structure type and the group's active members
                // per type, and merges the small strata itself (scripts/strata.R, written from
                // issue #9's rule): it checks the merging as well as the estimator.
                let populations = StructureType.allCases.map { "\($0.rawValue):\(frame.activeByType[group]?[$0] ?? 0)" }
                    .joined(separator: "/")
                for r in inGroup where question.code(r) != nil {
                    csv +=
                        "\(key),\(question.code(r)!.rawValue),\(registry.structureTypes[r.member].rawValue),"
                        + "\(frame.activeMembers[group]!),\(populations)\n"
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
        defer { TestSupport.remove(folder) }
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
