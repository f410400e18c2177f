import Statistics
import Survey

/// Renders the barometer tables into the files of `Reports/barometer/YYYY-Qn/` (SPEC 5).
public struct BarometerReport: Sendable {
    /// The quarter's tables, statuses decided.
    public let tables: BarometerTables
    /// Dialect, language and rules the files are written with.
    public let settings: ReportSettings

    /// The report of `tables`, written as `settings` say.
    public init(tables: BarometerTables, settings: ReportSettings) {
        self.tables = tables
        self.settings = settings
    }

    /// The five data files, in the order of the manifest.
    public func files() -> [ReportFile] {
        [balancesFile(), quantitiesFile(), responseFile(), seriesFile(), summaryFile()]
    }

    private func count(_ n: Int?) -> CSVValue { n.map { .integer($0) } ?? .empty }

    /// balances.csv.
    public func balancesFile() -> ReportFile {
        var w = CSVWriter(dialect: settings.dialect)
        w.header([
            "breakdown", "group", "question", "weighting", "n", "pct_up", "pct_stable", "pct_down", "balance",
            "se", "ci_low", "ci_high", "delta_prev_quarter", "delta_prev_year",
            "se_delta_prev_quarter", "se_delta_prev_year", "low_precision", "status",
        ])
        for r in tables.balances {
            let shown = r.status == .ok ? r.estimate : nil
            w.write([
                .text(r.group.breakdown.rawValue), .text(r.group.name), .text(r.question.rawValue),
                .text(r.weighting.rawValue),
                count(r.estimate?.n ?? 0),
                .twoDecimals(shown?.pctUp), .twoDecimals(shown?.pctStable), .twoDecimals(shown?.pctDown),
                .twoDecimals(shown?.balance),
                .twoDecimals(shown?.se), .twoDecimals(shown?.ciLow), .twoDecimals(shown?.ciHigh),
                .twoDecimals(r.deltaPrevQuarter), .twoDecimals(r.deltaPrevYear),
                // Beside a published delta only (SPEC 4.4: a change from a suppressed value is empty).
                .twoDecimals(r.deltaPrevQuarter == nil ? nil : r.seDeltaPrevQuarter),
                .twoDecimals(r.deltaPrevYear == nil ? nil : r.seDeltaPrevYear),
                // Fewer than 10 answers: a reader is told the figure is fragile.
                .text((r.estimate?.isLowPrecision ?? true) ? "yes" : "no"), .text(r.status.rawValue),
            ])
        }
        return ReportFile(name: "balances.csv", csv: w)
    }

    /// quantities.csv.
    public func quantitiesFile() -> ReportFile {
        var w = CSVWriter(dialect: settings.dialect)
        w.header([
            "breakdown", "group", "variable", "n", "total", "median", "change_prev_quarter", "n_constant_prev_quarter",
            "change_prev_year", "n_constant_prev_year", "status",
        ])
        for r in tables.quantities {
            let published = r.status == .ok
            var total: CSVValue = .empty
            if published, let t = r.total {
                switch r.variable {
                case .employeesIntegration, .employeesPermanent: total = .integer(Int(t))
                case .hoursWorked: total = .hundredths(r.totalHundredths ?? 0)
                case .turnover: total = .cents(r.totalHundredths ?? 0)
                }
            }
            w.write([
                .text(r.group.breakdown.rawValue), .text(r.group.name), .text(r.variable.rawValue), .integer(r.n),
                total, published ? .twoDecimals(r.median) : .empty,
                .twoDecimals(r.changePrevQuarter), count(r.nConstantPrevQuarter),
                .twoDecimals(r.changePrevYear), count(r.nConstantPrevYear), .text(r.status.rawValue),
            ])
        }
        return ReportFile(name: "quantities.csv", csv: w)
    }

    /// response.csv.
    public func responseFile() -> ReportFile {
        var w = CSVWriter(dialect: settings.dialect)
        w.header(["breakdown", "group", "active_members", "respondents", "response_rate"])
        for r in tables.response {
            w.write([
                .text(r.group.breakdown.rawValue), .text(r.group.name), .integer(r.activeMembers),
                .integer(r.respondents), .decimal(r.responseRate, places: 2),
            ])
        }
        return ReportFile(name: "response.csv", csv: w)
    }

    /// series.csv.
    public func seriesFile() -> ReportFile {
        var w = CSVWriter(dialect: settings.dialect)
        w.header(["breakdown", "group", "question", "weighting", "quarter", "n", "balance", "status"])
        for r in tables.series {
            w.write([
                .text(r.group.breakdown.rawValue), .text(r.group.name), .text(r.question.rawValue),
                .text(r.weighting.rawValue),
                .text(r.quarter.description), .integer(r.n), .twoDecimals(r.balance), .text(r.status.rawValue),
            ])
        }
        return ReportFile(name: "series.csv", csv: w)
    }

    /// summary.txt, the note in the report's language.
    public func summaryFile() -> ReportFile {
        ReportFile(summary: BarometerSummary(tables: tables, settings: settings).text())
    }
}
