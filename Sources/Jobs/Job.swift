import Ingestion
import Survey

/// One report to make: a job and its period.
public enum Job: Sendable, Hashable, CustomStringConvertible {
    /// The quarterly barometer (*note de conjoncture*) of a quarter; it reads every quarter up to it.
    case barometer(Quarter)
    /// The gender-equality observatory of a year; the changes need the year before.
    case gender(year: Int)
    /// The public-funding shares of a year; the constant-sample changes need the year before.
    case funding(year: Int)
    /// The members' Egapro index of a year (issue 12).
    case egapro(year: Int)

    /// The survey the job reads, whose name is also the job's (`barometer`, `gender`, `funding`).
    public var survey: DatasetLoader.Kind {
        switch self {
        case .barometer: .barometer
        case .gender: .gender
        case .funding: .funding
        case .egapro: .egapro
        }
    }

    /// The job's name: its folder under `--reports`.
    public var name: String { survey.rawValue }

    /// The period as the tool writes it (`2014-Q4`, `2014`): its folder under the job's.
    public var period: String {
        switch self {
        case .barometer(let q): q.description
        case .gender(let y), .funding(let y), .egapro(let y): String(y)
        }
    }

    /// `barometer 2014-Q4`, as messages name a job.
    public var description: String { "\(name) \(period)" }
}

/// The latest period of each job, from the names of the files present (usable or not): a
/// broken file for the latest period fails that job rather than letting an older period be
/// published as the latest (`observatory run`).
public struct JobPlan: Sendable {
    /// The latest quarter with a barometer file; nil when there is none.
    public var quarter: Quarter?
    /// The latest year with a gender file.
    public var genderYear: Int?
    /// The latest year with a funding file.
    public var fundingYear: Int?
    /// The latest year with an Egapro file.
    public var egaproYear: Int?
    /// The surveys whose folder holds files none of which could name a period: no report of
    /// theirs can be written, and each failure says so (exit 65).
    public var refused: [(survey: DatasetLoader.Kind, failure: JobFailure)] = []

    /// The plan of a loaded datasets folder.
    public init(_ dataset: LoadedDataset) {
        let periodFiles = dataset.result.periodFiles
        quarter = periodFiles[.barometer]?.keys.compactMap { Quarter(label: $0) }.max()
        genderYear = periodFiles[.gender]?.keys.compactMap { Int($0) }.max()
        fundingYear = periodFiles[.funding]?.keys.compactMap { Int($0) }.max()
        egaproYear = periodFiles[.egapro]?.keys.compactMap { Int($0) }.max()
        for kind in DatasetLoader.Kind.allCases where period(kind) == nil {
            guard let failure = dataset.result.failures.first(where: { $0.kind == kind }) else { continue }
            refused.append(
                (
                    kind,
                    JobFailure(
                        .unusableInput,
                        "\(dataset.path(failure.relativePath)):1:-: error: no \(kind.rawValue) report is written: no usable file in \(kind.rawValue)/"
                    )
                ))
        }
    }

    /// The jobs to run, barometer, gender, funding and Egapro, each on its latest period.
    public var jobs: [Job] {
        [
            quarter.map(Job.barometer), genderYear.map { Job.gender(year: $0) },
            fundingYear.map { Job.funding(year: $0) }, egaproYear.map { Job.egapro(year: $0) },
        ]
        .compactMap { $0 }
    }

    /// The latest period of a survey as the tool writes it (`2014-Q4`, `2014`); nil when it has none.
    public func period(_ kind: DatasetLoader.Kind) -> String? {
        switch kind {
        case .barometer: quarter?.description
        case .gender: genderYear.map(String.init)
        case .funding: fundingYear.map(String.init)
        case .egapro: egaproYear.map(String.init)
        }
    }
}
