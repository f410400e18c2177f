import Foundation
import Survey

/// Everything learned from reading a datasets folder: the accepted records, one report per
/// file, and the files that could not be used at all, each with the periods it stops.
public struct LoadResult: Sendable {
    /// The accepted records of every file read.
    public var dataset: Dataset
    /// One report per file read, in the order read.
    public var files: [FileReport] = []
    /// Files that could not be used, and what they stop (SPEC 3.1: a broken file stops only
    /// the jobs and periods that read it).
    public var failures: [InputFailure] = []
    /// Each survey's files by period label (`2014-Q4`, `2014`), under the names they were
    /// found with, usable or not: what a job of that period reads.
    public var periodFiles: [DatasetLoader.Kind: [String: String]] = [:]
    /// Every problem, in the order the files were read.
    public private(set) var diagnostics: [Diagnostic] = []

    /// The problems of the files that could not be used.
    public var fileProblems: [FileProblem] { failures.map(\.problem) }

    mutating func add(_ report: FileReport) {
        files.append(report)
        diagnostics += report.diagnostics
    }

    mutating func add(_ failure: InputFailure) {
        failures.append(failure)
        diagnostics += failure.problem.context + [failure.problem.diagnostic]
    }

    mutating func add(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// The failures that stop a job of `kind` reading the periods `periods`: the registry's,
    /// and those of its own folder that concern one of these periods or no period at all.
    public func failures(stopping kind: DatasetLoader.Kind, periods: Set<String>) -> [InputFailure] {
        failures.filter { f in
            guard let k = f.kind else { return true }
            return k == kind && (f.period.map(periods.contains) ?? true)
        }
    }

    /// sysexits code for the state of the inputs: 66 a file missing, 65 a file unusable,
    /// 1 rows or values rejected with errors, 0 clean (warnings allowed).
    public var exitCode: Int32 {
        if failures.contains(where: { $0.problem.kind == .missing }) { return 66 }
        if !failures.isEmpty { return 65 }
        if files.contains(where: { $0.errorCount > 0 }) { return 1 }
        return 0
    }
}

/// A file that could not be used, with what it stops: `kind` nil is the registry (every
/// job); `period` nil is a file of the survey's folder whose period is unknown (every period
/// of that survey, since it might be any of them).
public struct InputFailure: Sendable {
    /// The survey of the file; nil for the registry.
    public var kind: DatasetLoader.Kind?
    /// The period the file is for (`2014-Q4`, `2014`); nil when its name says none.
    public var period: String?
    /// The file, relative to the datasets folder.
    public var relativePath: String
    /// Why it could not be used.
    public var problem: FileProblem
}

/// Reads a `Datasets/` folder laid out as SPEC 3.1 says:
/// `members.csv`, `barometer/YYYY-Qn.csv`, `gender/YYYY.csv`, `funding/YYYY.csv`,
/// `egapro/YYYY.csv`.
///
/// Every file is read even when an earlier one fails, so that one run shows every problem;
/// without a usable registry the other files cannot be checked and are reported as such.
public struct DatasetLoader: Sendable {
    /// The folder as given on the command line; messages show paths under it.
    public var root: String
    /// How every file is read (`--encoding`, `--delimiter`).
    public var options: ReadOptions
    /// Told the relative path of each file before it is read (the CLI shows progress with it).
    public var willRead: (@Sendable (String) -> Void)?
    /// The surveys to read besides the registry; a job reads only its own, so that a broken
    /// funding file does not stop the barometer.
    public var surveys: Set<Kind>

    /// The surveys, each in its folder of the datasets.
    public enum Kind: String, Sendable, Hashable, CaseIterable { case barometer, gender, funding, egapro }

    /// A loader of the folder `root` that reads the registry and the files of `surveys`.
    public init(
        root: String, options: ReadOptions = ReadOptions(), surveys: Set<Kind> = Set(Kind.allCases),
        willRead: (@Sendable (String) -> Void)? = nil
    ) {
        self.root = root
        self.options = options
        self.surveys = surveys
        self.willRead = willRead
    }

    /// The periods present in the folder, found from the file names.
    public struct Inventory: Sendable {
        /// The usable files of each survey, in period order.
        public var files: [Kind: [InventoryFile]] = [:]
        /// Files whose name is not a period of their folder, or a period outside the years
        /// the tool accepts, and second files naming a period already named (which one holds
        /// the figures cannot be guessed).
        public var failures: [InputFailure] = []
    }

    /// The survey files of each folder, by period, in period order.
    public func inventory() -> Inventory {
        var inv = Inventory()
        for kind in Kind.allCases {
            var found: [(key: Int, file: InventoryFile)] = []
            for name in entries(in: kind.rawValue) {
                let relative = kind.rawValue + "/" + name
                func refuse(_ message: String, period: String? = nil) {
                    inv.failures.append(
                        InputFailure(
                            kind: kind, period: period, relativePath: relative,
                            problem: FileProblem(.unusable, file: display(relative), message: message)))
                }
                guard name.lowercased().hasSuffix(".csv") else {
                    var isFolder: ObjCBool = false
                    _ = FileManager.default.fileExists(atPath: path(relative), isDirectory: &isFolder)
                    refuse(
                        "only CSV files named by a period (\(kind.example)) belong in \(kind.rawValue)/; move this \(isFolder.boolValue ? "folder" : "file") out of it"
                    )
                    continue
                }
                let stem = String(name.dropLast(4))
                guard let (key, label, year, quarter) = kind.period(stem) else {
                    refuse(
                        "the file name is not a period: name it like \(kind.example) (or move it out of \(kind.rawValue)/); it could be any period, so no \(kind.rawValue) report is written"
                    )
                    continue
                }
                guard Period.years.contains(year) else {
                    // Surely a typing error (2104 for 2014): it could be meant for any period,
                    // the latest included, so it stops them all, like a name that is no period.
                    refuse(Period.outOfRange("the period \(label) of the file name") + "; rename the file")
                    continue
                }
                found.append((key, InventoryFile(period: label, relative: relative, year: year, quarter: quarter)))
            }
            found.sort { ($0.key, $0.file.relative) < ($1.key, $1.file.relative) }
            var kept: [InventoryFile] = []
            for (_, file) in found {
                if let first = kept.last, first.period == file.period {
                    inv.failures.append(
                        InputFailure(
                            kind: kind, period: file.period, relativePath: file.relative,
                            problem: FileProblem(
                                .unusable, file: display(file.relative),
                                message: "names the same period as \(first.relative); keep one file per period")))
                } else {
                    kept.append(file)
                }
            }
            inv.files[kind] = kept
        }
        return inv
    }

    /// The names in a survey folder, hidden files excepted (`.DS_Store` and the like are the
    /// system's, not the federation's).
    private func entries(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path(folder))) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// A file of the folder as messages show it: the folder as given, then the relative path.
    public func path(_ relative: String) -> String {
        root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    func display(_ relative: String) -> String { path(relative) }

    /// Reads every input file of the folder.
    public func load() -> LoadResult {
        var result = LoadResult(dataset: Dataset(registry: Registry()))
        let registry: Registry
        var rejectedMembers: [String: Int] = [:]
        willRead?("members.csv")
        do {
            let (r, report) = try readMembers(path: path("members.csv"), relativePath: "members.csv", options: options)
            registry = r
            rejectedMembers = report.rejectedMembers
            result.add(report)
        } catch {
            result.add(
                InputFailure(
                    kind: nil, period: nil, relativePath: "members.csv",
                    problem: error as? FileProblem
                        ?? FileProblem(.unusable, file: display("members.csv"), message: "\(error)")))
            result.add(
                Diagnostic(
                    .error, file: display("members.csv"), line: 1,
                    message: "without a usable registry no other file can be checked"))
            return result
        }
        result.dataset.registry = registry
        let index = MemberIndex(registry, rejected: rejectedMembers)
        let inv = inventory()
        for failure in inv.failures where surveys.contains(failure.kind!) { result.add(failure) }
        var work: [(kind: Kind, file: InventoryFile)] = []
        for kind in Kind.allCases where surveys.contains(kind) {
            for file in inv.files[kind] ?? [] {
                result.periodFiles[kind, default: [:]][file.period] = file.relative
                if kind == .barometer && file.quarter == nil { continue }
                work.append((kind, file))
            }
        }
        // Survey files are independent once the registry is known: they are decoded on every
        // core, and their results gathered in the order above, so that reports and messages
        // are the same whatever the timing.
        let decoded = ParallelWork.map(work) { kind, file in decode(kind, file, index) }
        for ((kind, file), outcome) in zip(work, decoded) {
            switch outcome {
            case .barometer(let rows, let report):
                result.dataset.barometer[file.quarter!] = rows
                result.add(report)
            case .gender(let rows, let report):
                result.dataset.gender[file.year] = rows
                result.add(report)
            case .funding(let rows, let report):
                result.dataset.funding[file.year] = rows
                result.add(report)
            case .egapro(let returns, let report):
                result.dataset.egapro[file.year] = returns
                result.add(report)
            case .failed(let problem):
                result.add(InputFailure(kind: kind, period: file.period, relativePath: file.relative, problem: problem))
            }
        }
        return result
    }
}

extension DatasetLoader {
    /// What reading one survey file gave.
    enum Decoded: Sendable {
        case barometer([BarometerResponse], FileReport)
        case gender(GenderRows, FileReport)
        case funding(FundingRows, FileReport)
        case egapro([Egapro.MemberReturn], FileReport)
        case failed(FileProblem)
    }

    func decode(_ kind: Kind, _ file: InventoryFile, _ index: MemberIndex) -> Decoded {
        let relative = file.relative
        willRead?(relative)
        do {
            switch kind {
            case .barometer:
                let (rows, report) = try readBarometer(
                    path: path(relative), relativePath: relative, quarter: file.quarter!,
                    members: index, options: options)
                return .barometer(rows, report)
            case .gender:
                let (rows, report) = try readGender(
                    path: path(relative), relativePath: relative, year: file.year,
                    members: index, options: options)
                return .gender(rows, report)
            case .funding:
                let (rows, report) = try readFunding(
                    path: path(relative), relativePath: relative, year: file.year,
                    members: index, options: options)
                return .funding(rows, report)
            case .egapro:
                let (returns, report) = try readEgapro(
                    path: path(relative), relativePath: relative, year: file.year,
                    members: index, options: options)
                return .egapro(returns, report)
            }
        } catch {
            return .failed(
                error as? FileProblem ?? FileProblem(.unusable, file: display(relative), message: "\(error)"))
        }
    }
}

extension DatasetLoader.Kind {
    /// A file name of this folder, for messages.
    var example: String { self == .barometer ? "2014-Q4.csv" : "2014.csv" }

    /// The period a file name's stem names: a sort key, the label as the tool writes it, and
    /// the year (checked against `Period.years` by the caller).
    func period(_ stem: String) -> (key: Int, label: String, year: Int, quarter: Quarter?)? {
        switch self {
        case .barometer:
            guard let q = Quarter(label: stem) else { return nil }
            return (q.year * 4 + q.number, q.description, q.year, q)
        case .gender, .funding, .egapro:
            guard let y = parseYear(Array(stem.utf8)) else { return nil }
            return (y * 4, String(y), y, nil)
        }
    }
}

/// A survey file found under a period's name: the period as the tool writes it, the file as
/// found, and the period typed (a quarter for the barometer).
public struct InventoryFile: Sendable {
    /// The period as the tool writes it (`2014-Q4`, `2014`).
    public var period: String
    /// The file as found, relative to the datasets folder.
    public var relative: String
    /// The year of the period.
    public var year: Int
    /// The quarter, for a barometer file; nil for a yearly survey.
    public var quarter: Quarter?
}
