import Survey

/// Where each schema column sits in a file, from its header record.
struct HeaderMap {
    /// Field index of each `ColumnSpec`, nil when the file lacks the column.
    var index: [Int?]
    /// The header names as the file spells them, by field index (for messages).
    var names: [String]

    /// Matches the header record against the schema (`Schema`, `HeaderName`). An unknown
    /// column is a warning, unless it looks like a column the file lacks: then the column was
    /// surely meant and misspelled, and reading on would silently change results (every
    /// member active, every pay gap missing), so the file is refused naming the column. A
    /// column given twice (say `member_id` and `id_adherent`) or a missing required one makes
    /// the file unusable too.
    static func make(
        _ record: CSVRecord, _ specs: [ColumnSpec], _ encoding: TextEncoding,
        report: inout FileReport
    ) throws -> HeaderMap {
        var names: [String] = []
        var index = [Int?](repeating: nil, count: specs.count)
        var unknown: [(field: Int, normalized: String)] = []
        for i in 0..<record.count {
            let raw = encoding.decode(Cell.trimmed(record[i]))
            names.append(raw)
            let normalized = HeaderName.normalize(raw)
            if normalized.isEmpty {
                report.diagnostics.append(
                    Diagnostic(
                        .warning, file: report.path, line: record.line, column: "#\(i + 1)",
                        message: "column \(i + 1) has no header name; it is ignored"))
                continue
            }
            let undecorated = HeaderName.undecorated(raw)
            if HeaderName.mentionsScale(raw),
                let s = specs.firstIndex(where: { $0.matches(normalized: normalized, undecorated: undecorated) })
            {
                var problem = FileProblem(
                    .unusable, file: report.path, line: record.line, column: raw,
                    message:
                        "column '\(raw)' (\(specs[s].canonical)) gives its values in thousands or millions; the file must give them in units (euros, hours), like 12 500 rather than 12,5 k€"
                )
                problem.context = report.diagnostics
                throw problem
            }
            guard let s = specs.firstIndex(where: { $0.matches(normalized: normalized, undecorated: undecorated) })
            else {
                unknown.append((i, undecorated ?? normalized))
                continue
            }
            if let first = index[s] {
                var problem = FileProblem(
                    .unusable, file: report.path, line: record.line, column: raw,
                    message:
                        "column '\(raw)' is the same as column '\(names[first])' (\(specs[s].canonical)); keep only one"
                )
                problem.context = report.diagnostics
                throw problem
            }
            index[s] = i
        }
        for (field, normalized) in unknown {
            let raw = names[field]
            if let s = specs.indices.first(where: { index[$0] == nil && specs[$0].resembles(normalized) }) {
                var problem = FileProblem(
                    .unusable, file: report.path, line: record.line, column: raw,
                    message:
                        "column '\(raw)' is not a known column but looks like '\(specs[s].canonical)' (French: '\(specs[s].french)'), which the file lacks; rename the column to one of these names"
                )
                problem.context = report.diagnostics
                throw problem
            }
            report.diagnostics.append(
                Diagnostic(
                    .warning, file: report.path, line: record.line, column: raw,
                    message:
                        "unknown column '\(raw)' is ignored (expected: \(specs.map(\.canonical).joined(separator: ", ")))"
                ))
        }
        for (s, spec) in specs.enumerated() where spec.required && index[s] == nil {
            var problem = FileProblem(
                .unusable, file: report.path, line: record.line, column: spec.canonical,
                message: "missing required column '\(spec.canonical)' (French: '\(spec.french)')")
            problem.context = report.diagnostics
            throw problem
        }
        return HeaderMap(index: index, names: names)
    }
}
