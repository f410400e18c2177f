/// Why a stage of the pipeline stops a job, with the line that says so. The kinds follow
/// sysexits (SPEC 2), which the command line maps to exit codes in one place.
public struct JobFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What stops the job, which sets the exit code (SPEC 2).
    public enum Kind: Sendable, Hashable, CaseIterable {
        /// Rows or values were rejected: a job run with `--strict`, or a check of the inputs
        /// (`observatory validate`) that found errors.
        case rowsRejected
        /// An input is not usable as a whole, the period has no usable row or lost more than
        /// `--max-rejected`, an earlier report does not check, or the disclosure audit could
        /// not protect every sensitive cell (EX_DATAERR).
        case unusableInput
        /// An input file or period is missing or unreadable (EX_NOINPUT).
        case missingInput
        /// The report folder could not be written, or the target is not a report folder of
        /// ours (EX_CANTCREAT).
        case cannotWrite
    }

    /// Which of the kinds.
    public var kind: Kind
    /// The line to print on stderr, `FILE:LINE:COLUMN: error: …`; the problems of the files
    /// themselves were printed when they were loaded, and this says what they stop.
    public var message: String

    /// A failure of `kind` told by `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
