import Foundation
import Survey
import TestSupport
import Testing

@testable import Ingestion

/// Random bytes never crash or hang the reader or the decoders, and every row read is
/// either accepted or rejected.
struct RandomBytesTests {
    /// Bytes biased towards what matters to a CSV parser and to our number and text readers.
    static func randomBytes(seed: UInt64, count: Int) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let special: [UInt8] =
            Array(";,\t\"\r\n 0123456789-+.eE".utf8) + [
                0xC3, 0xA9, 0xA0, 0xC2, 0xE2, 0x80, 0xAF, 0xEF, 0xBB, 0xBF, 0x00, 0xFF,
            ]
        return (0..<count).map { _ in
            let r = next()
            return r % 3 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : special[Int((r >> 8) % UInt64(special.count))]
        }
    }

    @Test func randomBytesNeverCrashTheReader() throws {
        let folder = try TestSupport.temporaryFolder("random")
        defer { TestSupport.remove(folder) }
        let url = folder.appendingPathComponent("random.csv")
        for seed in 1...400 as ClosedRange<UInt64> {
            let bytes = Self.randomBytes(seed: seed, count: Int(seed % 97) * 13)
            try TestSupport.write(bytes, to: url)
            var lastLine = 0
            do {
                try CSVFileReader.read(
                    path: url.path, options: ReadOptions(chunkSize: Int(seed % 11) + 1),
                    restart: { lastLine = 0 }
                ) { record, _ in
                    #expect(record.line > lastLine, "lines increase (seed \(seed))")
                    lastLine = record.line
                }
            } catch let problem as FileProblem {
                #expect(problem.exitCode == 65, "seed \(seed): \(problem)")
            }
        }
    }

    @Test func randomRowsNeverCrashTheDecoders() throws {
        let folder = try TestSupport.temporaryFolder("random-rows")
        defer { TestSupport.remove(folder) }
        let registry = Registry([
            Member(id: "A1", name: "a", region: "r", department: nil, structureType: .ai, active: true, line: 2)
        ])
        let index = MemberIndex(registry)
        let quarter = Quarter(year: 2014, number: 4)!
        for seed in 1...300 as ClosedRange<UInt64> {
            var text = Array(
                "member_id;quarter;activity_past;activity_outlook;employment_past;employment_outlook;cash_position;employees_integration;employees_permanent;hours_worked;turnover_eur\n"
                    .utf8)
            text += Array("A1;2014-Q4;".utf8) + Self.randomBytes(seed: seed, count: 200)
            let url = folder.appendingPathComponent("2014-Q4.csv")
            try TestSupport.write(text, to: url)
            do {
                let (rows, report) = try readBarometer(
                    path: url.path, relativePath: "barometer/2014-Q4.csv", quarter: quarter, members: index)
                #expect(report.rowsRead == report.accepted + report.rejected, "seed \(seed)")
                #expect(rows.count == report.accepted)
            } catch let problem as FileProblem {
                #expect(problem.exitCode == 65)
            }
        }
    }

    /// The registry, gender and funding decoders too: random rows after a valid header.
    @Test func randomRowsNeverCrashTheOtherDecoders() throws {
        let folder = try TestSupport.temporaryFolder("random-others")
        defer { TestSupport.remove(folder) }
        let registry = Registry([
            Member(id: "A1", name: "a", region: "r", department: nil, structureType: .ai, active: true, line: 2)
        ])
        let index = MemberIndex(registry)
        for seed in 1...200 as ClosedRange<UInt64> {
            let tail = Self.randomBytes(seed: seed &* 31, count: 150)
            let members = folder.appendingPathComponent("members.csv")
            try TestSupport.write(
                Array("member_id;name;region;department;structure_type;active\nA1;".utf8) + tail, to: members)
            let gender = folder.appendingPathComponent("2014g.csv")
            try TestSupport.write(
                Array(
                    "member_id;year;population;sex;headcount;hours_worked;gross_pay_eur;trained;exits;exits_to_employment\nA1;2014;"
                        .utf8) + tail, to: gender)
            let funding = folder.appendingPathComponent("2014f.csv")
            try TestSupport.write(
                Array(
                    "member_id;year;sales_eur;state_eur;department_eur;region_eur;municipality_eur;esf_eur;other_public_eur;private_grants_eur;other_income_eur\nA1;2014;"
                        .utf8) + tail, to: funding)
            var reports: [FileReport] = []
            /// A file given up is an unusable file (65) said in one `FILE:LINE:COLUMN: error:`
            /// line naming that file, never a missing one nor another kind of error.
            func read(_ url: URL, _ decode: () throws -> FileReport) {
                do {
                    reports.append(try decode())
                } catch let problem as FileProblem {
                    #expect(problem.kind == .unusable && problem.exitCode == 65, "seed \(seed): \(problem)")
                    #expect(problem.description.hasPrefix("\(url.path):"), "seed \(seed): \(problem)")
                    #expect(problem.description.contains(": error: "), "seed \(seed): \(problem)")
                } catch {
                    Issue.record("seed \(seed): \(url.lastPathComponent) threw \(error), not a FileProblem")
                }
            }
            read(members) { try readMembers(path: members.path, relativePath: "members.csv").1 }
            read(gender) {
                try readGender(path: gender.path, relativePath: "gender/2014.csv", year: 2014, members: index).1
            }
            read(funding) {
                try readFunding(path: funding.path, relativePath: "funding/2014.csv", year: 2014, members: index).1
            }
            for r in reports {
                #expect(r.rowsRead == r.accepted + r.rejected, "seed \(seed) \(r.relativePath)")
                #expect(r.rejections.count >= r.rejected, "every rejected row is in the rejects (seed \(seed))")
            }
        }
    }
}
