import ArgumentParser
import Foundation
import Ingestion
import Survey

/// Hidden helper of `scripts/bench-ingest`: times the reader alone (fields counted, as the
/// C baseline does) and the whole barometer decoding, on one file.
struct IngestBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest-bench", shouldDisplay: false)

    @Option(help: "The barometer file to read.")
    var file: String

    @Option(help: "The registry the file refers to.")
    var members: String

    @Option(name: .customLong("repeat"), help: "Repetitions; the best time is reported.")
    var repetitions: Int = 3

    func run() throws {
        let bytes = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.doubleValue ?? 0
        var bestReader = Double.infinity, bestDecode = Double.infinity
        var fields = 0, records = 0, accepted = 0
        for _ in 0..<max(1, repetitions) {
            var f = 0, r = 0
            let t0 = DispatchTime.now().uptimeNanoseconds
            try CSVFileReader.read(path: file, restart: { (f, r) = (0, 0) }) { record, _ in
                f += record.count
                r += 1
            }
            bestReader = min(bestReader, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            fields = f
            records = r
        }
        let (registry, _) = try readMembers(path: members, relativePath: "members.csv")
        let index = MemberIndex(registry)
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        guard let quarter = Quarter(label: name) else { throw ValidationError("the file name must be a quarter") }
        for _ in 0..<max(1, repetitions) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let (rows, _) = try readBarometer(path: file, relativePath: name, quarter: quarter, members: index)
            bestDecode = min(bestDecode, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            accepted = rows.count
        }
        print(
            String(
                format: "reader: %d records, %d fields, %.1f MB in %.3f s = %.1f MB/s", records, fields, bytes / 1e6,
                bestReader, bytes / 1e6 / bestReader))
        print(
            String(
                format: "decode: %d rows accepted in %.3f s = %.1f MB/s", accepted, bestDecode, bytes / 1e6 / bestDecode
            ))
    }
}
