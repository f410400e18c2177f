import Foundation
import Survey

/// Everything learned from reading a datasets folder: the accepted records, one report per
/// file, and the files that could not be used at all.
public struct LoadResult: Sendable {
    public var dataset: Dataset
    public var files: [FileReport] = []
    public var fileProblems: [FileProblem] = []
    /// Every problem, in the order the files were read.
    public private(set) var diagnostics: [Diagnostic] = []

    mutating func add(_ report: FileReport) {
        files.append(report)
        diagnostics += report.diagnostics
    }

    mutating func add(_ problem: FileProblem) {
        fileProblems.append(problem)
        diagnostics += problem.context + [problem.diagnostic]
    }

    mutating func add(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// sysexits code for the state of the inputs: 66 a file missing, 65 a file unusable,
    /// 1 rows rejected with errors, 0 clean (warnings allowed).
    public var exitCode: Int32 {
        if fileProblems.contains(where: { $0.kind == .missing }) { return 66 }
        if !fileProblems.isEmpty { return 65 }
        if files.contains(where: { $0.errorCount > 0 }) { return 1 }
        return 0
    }
}

/// Reads a `Datasets/` folder laid out as SPEC 3.1 says:
/// `members.csv`, `barometer/YYYY-Qn.csv`, `gender/YYYY.csv`, `funding/YYYY.csv`.
///
/// Every file is read even when an earlier one fails, so that one run shows every problem;
/// without a usable registry the other files cannot be checked and are reported as such.
public struct DatasetLoader: Sendable {
    /// The folder as given on the command line; messages show paths under it.
    public var root: String
    public var options: ReadOptions
    /// Told the relative path of each file before it is read (the CLI shows progress with it).
    public var willRead: (@Sendable (String) -> Void)?
    /// The surveys to read besides the registry; a job reads only its own, so that a broken
    /// funding file does not stop the barometer.
    public var surveys: Set<Kind>

    public enum Kind: String, Sendable, Hashable, CaseIterable { case barometer, gender, funding }

    public init(root: String, options: ReadOptions = ReadOptions(), surveys: Set<Kind> = Set(Kind.allCases),
                willRead: (@Sendable (String) -> Void)? = nil) {
        self.root = root
        self.options = options
        self.surveys = surveys
        self.willRead = willRead
    }

    /// The periods present in the folder, found from the file names.
    public struct Inventory: Sendable {
        public var quarters: [(Quarter, String)] = []
        public var genderYears: [(Int, String)] = []
        public var fundingYears: [(Int, String)] = []
        public var diagnostics: [Diagnostic] = []
        /// Two files naming the same period (`2014-Q4.csv` and `2014-T4.csv`): which one
        /// holds the figures cannot be guessed, so the second is refused.
        public var clashes: [FileProblem] = []
    }

    public func inventory() -> Inventory {
        var inv = Inventory()
        for name in csvFiles(in: "barometer") {
            let stem = String(name.dropLast(4))
            if let q = Quarter(label: stem) { inv.quarters.append((q, "barometer/" + name)) }
            else { inv.diagnostics.append(unnamed("barometer/" + name, "a quarter, like 2014-Q4.csv")) }
        }
        for name in csvFiles(in: "gender") {
            if let y = parseYear(Array(name.dropLast(4).utf8)) { inv.genderYears.append((y, "gender/" + name)) }
            else { inv.diagnostics.append(unnamed("gender/" + name, "a year, like 2014.csv")) }
        }
        for name in csvFiles(in: "funding") {
            if let y = parseYear(Array(name.dropLast(4).utf8)) { inv.fundingYears.append((y, "funding/" + name)) }
            else { inv.diagnostics.append(unnamed("funding/" + name, "a year, like 2014.csv")) }
        }
        inv.quarters = distinct(inv.quarters.sorted { $0.0 < $1.0 }, &inv.clashes)
        inv.genderYears = distinct(inv.genderYears.sorted { $0.0 < $1.0 }, &inv.clashes)
        inv.fundingYears = distinct(inv.fundingYears.sorted { $0.0 < $1.0 }, &inv.clashes)
        return inv
    }

    /// Keeps the first file of each period (in name order) and refuses the others.
    private func distinct<P: Equatable>(_ files: [(P, String)], _ clashes: inout [FileProblem]) -> [(P, String)] {
        var kept: [(P, String)] = []
        for file in files {
            if let first = kept.last, first.0 == file.0 {
                clashes.append(FileProblem(.unusable, file: display(file.1),
                                           message: "names the same period as \(first.1); keep one file per period"))
            } else {
                kept.append(file)
            }
        }
        return kept
    }

    private func unnamed(_ relative: String, _ expected: String) -> Diagnostic {
        Diagnostic(.warning, file: display(relative), line: 1, message: "the file name should be \(expected); the file is not read")
    }

    private func csvFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path(folder))) ?? []
        return names.filter { $0.lowercased().hasSuffix(".csv") && !$0.hasPrefix(".") }.sorted()
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
            result.add(error as? FileProblem ?? FileProblem(.unusable, file: display("members.csv"), message: "\(error)"))
            result.add(Diagnostic(.error, file: display("members.csv"), line: 1,
                                  message: "without a usable registry no other file can be checked"))
            return result
        }
        result.dataset.registry = registry
        let index = MemberIndex(registry, rejected: rejectedMembers)
        let inv = inventory()
        inv.diagnostics.forEach { result.add($0) }
        inv.clashes.forEach { result.add($0) }
        for (quarter, relative) in inv.quarters where surveys.contains(.barometer) {
            result.dataset.barometer[quarter] = attempt(&result, relative) {
                try readBarometer(path: path(relative), relativePath: relative, quarter: quarter, members: index, options: options)
            }
        }
        for (year, relative) in inv.genderYears where surveys.contains(.gender) {
            result.dataset.gender[year] = attempt(&result, relative) {
                try readGender(path: path(relative), relativePath: relative, year: year, members: index, options: options)
            }
        }
        for (year, relative) in inv.fundingYears where surveys.contains(.funding) {
            result.dataset.funding[year] = attempt(&result, relative) {
                try readFunding(path: path(relative), relativePath: relative, year: year, members: index, options: options)
            }
        }
        return result
    }

    /// Runs one file's reader; a file that cannot be used is recorded and yields no rows.
    private func attempt<T>(_ result: inout LoadResult, _ relative: String, _ read: () throws -> (T, FileReport)) -> T? {
        willRead?(relative)
        do {
            let (rows, report) = try read()
            result.add(report)
            return rows
        } catch {
            result.add(error as? FileProblem ?? FileProblem(.unusable, file: display(relative), message: "\(error)"))
        }
        return nil
    }
}
