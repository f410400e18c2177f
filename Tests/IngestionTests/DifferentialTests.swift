import Foundation
import TestSupport
import Testing

@testable import Ingestion

/// Random CSV texts written by Python's `csv` module, and the records Python's own reader
/// finds in them (with the line where each starts), compared cell for cell with ours.
/// Python is the independent implementation: nothing here comes from our reader.
struct DifferentialTests {
    static let generator = #"""
        import csv, io, json, os, random, sys
        out, count = sys.argv[1], int(sys.argv[2])
        rng = random.Random(20141231)
        alphabet = list("abcxyz0189 ;,\t\"'\r\n.-=") + ["é", "€", "Î", "\u00a0", "😀", "ß"]
        cases = []
        for k in range(count):
            delimiter = rng.choice([";", ",", "\t"])
            quoting = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
            terminator = rng.choice(["\r\n", "\n", "\r"])
            rows = []
            for r in range(rng.randint(1, 12)):
                row = []
                for c in range(rng.randint(1, 6)):
                    field = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
                    if quoting == csv.QUOTE_MINIMAL:
                        # libcsv trims spaces around unquoted fields (documented); Python keeps them.
                        field = field.strip(" \t")
                    row.append(field)
                rows.append(row)
            buffer = io.StringIO(newline="")
            writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=terminator)
            writer.writerows(rows)
            text = buffer.getvalue()
            if rng.random() < 0.3 and text.endswith(terminator):
                text = text[: -len(terminator)]
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            expected = []
            start = 1
            try:
                for record in reader:
                    if record:
                        expected.append({"line": start, "cells": record})
                    start = reader.line_num + 1
            except csv.Error:
                continue
            if [e["cells"] for e in expected] != rows:
                continue  # Python could not read back what it wrote (a bare CR with LF endings): not a case.
            name = "case%03d.csv" % k
            with open(os.path.join(out, name), "wb") as f:
                f.write(text.encode("utf-8"))
            cases.append({"file": name, "delimiter": ord(delimiter), "records": expected})
        print(json.dumps(cases))
        """#

    struct Case: Decodable {
        struct Record: Decodable, Equatable {
            var line: Int
            var cells: [String]
        }
        var file: String
        var delimiter: UInt8
        var records: [Record]
    }

    @Test func pythonCSVAgreesCellForCell() throws {
        let folder = try TestSupport.temporaryFolder("differential")
        defer { TestSupport.remove(folder) }
        let json = try TestSupport.python(Self.generator, arguments: [folder.path, "500"])
        let cases = try JSONDecoder().decode([Case].self, from: Data(json.utf8))
        #expect(cases.count > 250, "most generated texts are cases (\(cases.count) of 500)")
        for (k, c) in cases.enumerated() {
            let url = folder.appendingPathComponent(c.file)
            let chunk = [1, 3, 17, 1 << 16][k % 4]
            let (_, rows) = try records(url, chunkSize: chunk, delimiter: c.delimiter, encoding: .utf8)
            let got = rows.map { Case.Record(line: $0.line, cells: $0.cells) }
            #expect(got == c.records, "\(c.file) (delimiter \(c.delimiter), chunks of \(chunk))")
        }
    }
}
