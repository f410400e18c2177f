import Foundation
import Reporting

/// The output of the writing stage: the report folder in place on disk.
public struct WrittenReport: Sendable {
    /// The job written.
    public var job: Job
    /// `<reports>/<job>/<period>`, under the reports folder as given.
    public var folder: URL
    /// The files written, manifest included.
    public var fileCount: Int
}

extension JobPipeline {
    /// The writing stage: replaces `<reports>/<job>/<period>/` whole or not at all
    /// (`ReportFolder`: written and fsynced beside the old folder, swapped in atomically),
    /// then remakes the reports folder's `index.html` from what it holds.
    public func write(_ rendered: Rendered) throws(JobFailure) -> Written {
        let target = URL(fileURLWithPath: configuration.reports).appendingPathComponent(rendered.job.name)
            .appendingPathComponent(rendered.job.period)
        observer(.writing(rendered.job))
        do {
            try ReportFolder.write(rendered.files, to: target)
            try ReportIndex.write(
                reports: URL(fileURLWithPath: configuration.reports), language: configuration.settings.language)
        } catch {
            // A WriteError reads as a compiler message naming the folder and the cause.
            throw JobFailure(.cannotWrite, "\(error)")
        }
        return WrittenReport(job: rendered.job, folder: target, fileCount: rendered.files.count)
    }
}
