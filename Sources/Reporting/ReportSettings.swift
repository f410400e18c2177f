import Statistics

/// The parameters a job ran with, recorded in the manifest and used by the renderers.
public struct ReportSettings: Sendable, Equatable {
    public var dialect: CSVDialect
    public var language: Language
    public var minCell: Int
    public var dominance: Double
    public var suppression: Bool
    public var strict: Bool
    /// The largest share of rejected rows a job publishes with (SPEC 2, `--max-rejected`).
    public var maxRejected: Double
    /// The p of the p % rule and the fewest members for a quantile (issue #9).
    public var pRule: Double
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

public enum Language: String, Sendable, Hashable, CaseIterable {
    case fr
    case en
}
