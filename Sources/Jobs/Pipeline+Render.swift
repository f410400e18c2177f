import Reporting

/// The output of the rendering stage: every file of a report folder, in memory, in the order
/// they are written (the job's files, `rejects.csv`, note.html and its charts, `tables.xlsx`, then
/// `manifest.json`).
public struct RenderedReport: Sendable {
    /// The job rendered.
    public var job: Job
    /// The files of its folder.
    public var files: [ReportFile]
}

extension JobPipeline {
    /// The rendering stage: the job's files in the configured dialect and language, the
    /// rejections of every file it read, and the manifest that fingerprints inputs and
    /// outputs. The inputs' SHA-256 are those taken when they were read: no file is read again.
    public func render(_ computed: Computed) -> Rendered {
        let settings = configuration.settings
        let made: [ReportFile]
        switch computed.tables {
        case .barometer(let tables): made = BarometerReport(tables: tables, settings: settings).files()
        case .gender(let tables): made = GenderReport(tables: tables, settings: settings).files()
        case .funding(let tables): made = FundingReport(tables: tables, settings: settings).files()
        case .egapro(let tables): made = EgaproReport(tables: tables, settings: settings).files()
        }
        var outputs = made + [rejectsFile(computed.inputs.flatMap(\.rejections), dialect: settings.dialect)]
        let inputs = computed.inputs.map { r in
            InputRecord(
                path: r.relativePath, sha256: r.sha256, rowsRead: r.rowsRead, accepted: r.accepted,
                rejected: r.rejected,
                replaced: r.replaced, rejectedValues: r.rejectedValues)
        }
        switch computed.tables {
        case .barometer(let t):
            outputs += BarometerReport(tables: t, settings: settings).publicationFiles(inputs: inputs)
        case .gender(let t): outputs += GenderReport(tables: t, settings: settings).publicationFiles(inputs: inputs)
        case .funding(let t): outputs += FundingReport(tables: t, settings: settings).publicationFiles(inputs: inputs)
        case .egapro(let t): outputs += EgaproReport(tables: t, settings: settings).publicationFiles(inputs: inputs)
        }
        outputs.append(
            workbookFile(
                job: computed.job.name, period: computed.job.period, settings: settings, files: outputs, inputs: inputs)
        )
        let manifest = manifestFile(
            job: computed.job.name, period: computed.job.period, version: Self.toolVersion,
            settings: settings, inputs: inputs, outputs: outputs, audit: computed.audit,
            vintage: computed.vintage)
        return RenderedReport(job: computed.job, files: outputs + [manifest])
    }
}
