import Foundation

/// A report folder whose `manifest.json` was checked (`PublishedReport.check`): every file
/// it lists is there with the SHA-256 it records. What it says of the report, for the readers
/// of published reports (the vintages of the barometer, `observatory audit`).
public struct CheckedReport: Sendable {
    /// What the manifest records of the job's own disclosure audit (`disclosure_audit`);
    /// a field it lacks is nil.
    public struct RecordedAudit: Sendable, Equatable {
        /// Cells audited.
        public var cells: Int?
        /// Relations between them.
        public var relations: Int?
        /// Cells suppressed.
        public var suppressed: Int?
        /// Cells the audit suppressed beyond the rules.
        public var added: Int?
        /// Rounds of the audit.
        public var rounds: Int?
        /// Whether every suppressed cell was protected.
        public var protected: Bool?
    }

    /// The report folder.
    public var folder: URL
    /// The folder as messages name it.
    public var shown: String
    /// `barometer`, `gender` or `funding`.
    public var job: String
    /// The period it publishes (`2014-Q4`, `2014`).
    public var period: String
    /// The dialect the files were written in (`parameters.csv_dialect`).
    public var dialect: CSVDialect
    /// SHA-256 of its `manifest.json`.
    public var manifestSHA256: String
    /// The files the manifest lists, in its order.
    public var files: [String]
    /// The manifest's record of the job's disclosure audit; nil when it has none.
    public var recordedAudit: RecordedAudit?
    /// The fewest members for a quantile or a share of members the job ran with
    /// (`parameters.quantile_minimum`); nil when the manifest does not record it.
    public var quantileMinimum: Int? = nil
}
