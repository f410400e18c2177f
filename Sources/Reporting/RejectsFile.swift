import Survey

/// `rejects.csv`: every rejected row or value of the files a job read, in file then line
/// order. Values and records are escaped and cut at Excel's limit of 32,767 characters per
/// cell, saying so, so that the file always opens.
public func rejectsFile(_ rejections: [Rejection], dialect: CSVDialect) -> ReportFile {
    var w = CSVWriter(dialect: dialect)
    w.header(["file", "line", "column", "value", "reason", "scope", "record"])
    func cell(_ text: String) -> CSVValue { .text(SafeText.cut(SafeText.escaped(text), at: excelCellLimit - 40)) }
    for r in rejections {
        w.write([
            .text(r.file), .integer(r.line), cell(r.column), cell(r.value), cell(r.reason), .text(r.scope.rawValue),
            cell(r.record),
        ])
    }
    return ReportFile(name: "rejects.csv", csv: w)
}

/// The most characters an Excel cell holds.
public let excelCellLimit = 32_767
