import Statistics

/// The parameters a job ran with, recorded in the manifest and used by the renderers.
public struct ReportSettings: Sendable, Equatable {
    /// The CSV dialect (`--csv-dialect`).
    public var dialect: CSVDialect
    /// The language of summary.txt (`--lang`).
    public var language: Language
    /// Fewest contributors for a published value (`--min-cell`).
    public var minCell: Int
    /// Largest share one member may hold of a published sum (`--dominance`).
    public var dominance: Double
    /// False with `--no-suppression`.
    public var suppression: Bool
    /// `--strict`: any rejected row or value fails the run.
    public var strict: Bool
    /// The largest share of rejected rows a job publishes with (SPEC 2, `--max-rejected`).
    public var maxRejected: Double
    /// The p of the p % rule and the fewest members for a quantile (issue #9).
    public var pRule: Double
    /// Fewest members for a quantile or a share of members (`Confidentiality.quantileMinimum`).
    public var quantileMinimum: Int

    /// The confidentiality parameters default to the rules' own (`Confidentiality`), written
    /// once there; the command line's defaults are these.
    public init(
        dialect: CSVDialect = .excelFr, language: Language = .fr, minCell: Int = Confidentiality().minCell,
        dominance: Double = Confidentiality().dominance, suppression: Bool = true, strict: Bool = false,
        maxRejected: Double = 0.05, pRule: Double = Confidentiality().pRule,
        quantileMinimum: Int = Confidentiality().quantileMinimum
    ) {
        self.dialect = dialect
        self.language = language
        self.minCell = minCell
        self.dominance = dominance
        self.suppression = suppression
        self.strict = strict
        self.maxRejected = maxRejected
        self.pRule = pRule
        self.quantileMinimum = quantileMinimum
    }
}

/// The language of the summaries.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case fr
    case en
}
