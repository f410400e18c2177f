import Foundation
import Ingestion
import Jobs
import Reporting
import Survey
import TestSupport
import Testing

/// The job pipeline driven in-process through the `Jobs` library, stage by stage; the
/// command line around it is tested as the real binary (`BinaryTests`).
struct PipelineTests {
    static func pipeline(reports: URL, settings: ReportSettings = ReportSettings()) -> JobPipeline {
        JobPipeline(configuration: JobConfiguration(reports: reports.path, settings: settings))
    }

    static let q4 = Quarter(year: 2014, number: 4)!

    @Test func loadingTheSampleFindsNoError() {
        let dataset = JobPipeline.load(JobInputs(datasets: TestSupport.datasets.path))
        #expect(dataset.validation == nil)
        #expect(dataset.registryFailure == nil)
        #expect(!dataset.diagnostics.contains { $0.severity == .error })
        #expect(dataset.result.files.count == 14)
    }

    @Test func loadingADamagedCopyFindsTheRejectedRows() throws {
        let copy = try BinaryTests.damagedDatasets()
        defer { TestSupport.remove(copy) }
        let dataset = JobPipeline.load(JobInputs(datasets: copy.path))
        #expect(dataset.validation == .rowsRejected)
        #expect(dataset.diagnostics.filter { $0.severity == .error }.count == 3)
    }

    /// The latest period of each survey, from the files present.
    @Test func planOfTheSample() {
        let plan = JobPlan(JobPipeline.load(JobInputs(datasets: TestSupport.datasets.path)))
        #expect(plan.jobs == [.barometer(Self.q4), .gender(year: 2014), .funding(year: 2014), .egapro(year: 2014)])
        #expect(plan.refused.isEmpty)
    }

    /// Each job through the four stages gives the golden files: in memory after rendering,
    /// on disk after writing.
    @Test(arguments: [Job.barometer(q4), .gender(year: 2014), .funding(year: 2014)])
    func stagesMakeTheGoldenReports(_ job: Job) throws {
        let reports = try TestSupport.temporaryFolder("pipeline")
        defer { TestSupport.remove(reports) }
        let pipeline = Self.pipeline(reports: reports)
        let dataset = pipeline.load(JobInputs(datasets: TestSupport.datasets.path, surveys: [job.survey]))
        let tables = try pipeline.compute(job, from: dataset)
        #expect(tables.audit?.isComplete == true)
        let rendered = pipeline.render(tables)
        let golden = TestSupport.packageRoot.appendingPathComponent("Reports/\(job.name)/\(job.period)")
        let names = try FileManager.default.contentsOfDirectory(atPath: golden.path).sorted()
        #expect(rendered.files.map(\.name).sorted() == names)
        for file in rendered.files {
            assertGolden(
                file.bytes, equals: golden.appendingPathComponent(file.name), hint: TestSupport.regenerateReports)
        }
        let written = try pipeline.write(rendered)
        #expect(written.folder.path == reports.appendingPathComponent("\(job.name)/\(job.period)").path)
        #expect(written.fileCount == names.count)
        assertGolden(folder: written.folder, equals: golden, hint: TestSupport.regenerateReports)
    }

    /// A period with no file stops at the computing stage, with the line the binary prints.
    @Test func missingPeriodIsAMissingInput() {
        let pipeline = Self.pipeline(reports: URL(fileURLWithPath: "/nonexistent"))
        let dataset = pipeline.load(JobInputs(datasets: "Datasets-copy", surveys: []))
        #expect(
            throws: JobFailure(
                .missingInput,
                "Datasets-copy/members.csv:1:-: error: gender 2015 is not written: the registry is not usable (see above)"
            )
        ) {
            try pipeline.compute(.gender(year: 2015), from: dataset)
        }
        let sample = pipeline.load(JobInputs(datasets: TestSupport.datasets.path, surveys: [.gender]))
        #expect(
            throws: JobFailure(
                .missingInput,
                "\(TestSupport.datasets.path)/gender/2015.csv:1:-: error: no gender file for 2015; the periods present are 2013, 2014"
            )
        ) {
            try pipeline.compute(.gender(year: 2015), from: sample)
        }
    }

    /// `--strict` and a rejected row: nothing is computed, the failure is `rowsRejected`.
    @Test func strictRuleStopsTheJob() throws {
        let copy = try BinaryTests.damagedDatasets()
        defer { TestSupport.remove(copy) }
        var settings = ReportSettings()
        settings.strict = true
        let reports = try TestSupport.temporaryFolder("strict")
        defer { TestSupport.remove(reports) }
        let pipeline = Self.pipeline(reports: reports, settings: settings)
        let dataset = pipeline.load(JobInputs(datasets: copy.path, surveys: [.funding]))
        #expect(
            throws: JobFailure(
                .rowsRejected,
                "\(copy.path)/funding/2014.csv:1:-: error: 2 rows and 0 values rejected and --strict is set; no report is written"
            )
        ) {
            try pipeline.run(.funding(year: 2014), on: dataset)
        }
        #expect(!FileManager.default.fileExists(atPath: reports.appendingPathComponent("funding").path))
    }

    /// The manifest records the inputs' SHA-256 taken as they were read: those of the files,
    /// by Python's hashlib (not by `Fingerprint`, the code under test).
    @Test func manifestFingerprintsTheInputsAsRead() throws {
        let reports = try TestSupport.temporaryFolder("fingerprints")
        defer { TestSupport.remove(reports) }
        let pipeline = Self.pipeline(reports: reports)
        let dataset = pipeline.load(JobInputs(datasets: TestSupport.datasets.path, surveys: [.funding]))
        let rendered = pipeline.render(try pipeline.compute(.funding(year: 2014), from: dataset))
        let manifest = String(decoding: rendered.files.last!.bytes, as: UTF8.self)
        for relative in ["members.csv", "funding/2013.csv", "funding/2014.csv"] {
            let digest = try TestSupport.sha256(of: TestSupport.datasets.appendingPathComponent(relative))
            #expect(manifest.contains("{\"path\": \"\(relative)\", \"sha256\": \"\(digest)\""), "\(relative)")
        }
    }
}
