import ArgumentParser
import Jobs

/// The exit codes of `observatory`, named once: sysexits, as swift-argument-parser uses them
/// (SPEC 2). Every command ends with one of these, and this is the one place where a
/// library's outcome becomes a number.
enum ExitStatus: Int32, CaseIterable, Comparable {
    /// Success (warnings allowed).
    case ok = 0
    /// Rows or values were rejected: `validate` found errors, or a job ran with `--strict`
    /// and rejected some.
    case rowsRejected = 1
    /// EX_USAGE: an unknown option, a bad value, a bad period. ArgumentParser exits with it
    /// when a command's `validate()` throws a `ValidationError`.
    case usage = 64
    /// EX_DATAERR: an input is not usable as a whole, the period has no usable row or lost
    /// more than `--max-rejected`; `audit`: a cell is exposed, the figures contradict each
    /// other, or a file does not match its manifest.
    case dataError = 65
    /// EX_NOINPUT: an input file or period is missing or unreadable, or not a regular file.
    case noInput = 66
    /// EX_SOFTWARE: `audit`'s linear-programming solver failed (an internal error).
    case software = 70
    /// EX_CANTCREAT: the report could not be written, or the target is not a report folder
    /// of ours.
    case cantCreate = 73

    /// The status of a job the pipeline stopped.
    init(_ failure: JobFailure.Kind) {
        switch failure {
        case .rowsRejected: self = .rowsRejected
        case .unusableInput: self = .dataError
        case .missingInput: self = .noInput
        case .cannotWrite: self = .cantCreate
        }
    }

    /// What a command throws to end with this status (ArgumentParser exits with it, printing nothing).
    var exitCode: ExitCode { ExitCode(rawValue) }

    /// `run` ends with the worst status of its jobs: the greatest code.
    static func < (a: ExitStatus, b: ExitStatus) -> Bool { a.rawValue < b.rawValue }
}
