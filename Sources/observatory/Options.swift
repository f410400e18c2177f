import ArgumentParser
import Ingestion
import Jobs
import Reporting
import Survey

/// Where the inputs are and how to read them when sniffing gets it wrong.
struct DatasetOptions: ParsableArguments {
    @Option(help: "Folder holding members.csv, barometer/, gender/ and funding/.")
    var datasets = "Datasets"

    @Option(help: "Force the input encoding (utf-8 or windows-1252) instead of detecting it.")
    var encoding: TextEncoding?

    @Option(help: "Force the input delimiter (';', ',' or 'tab') instead of sniffing it from the header.")
    var delimiter: InputDelimiter?

    var readOptions: ReadOptions {
        ReadOptions(encoding: encoding, delimiter: delimiter?.byte)
    }

    /// The input of the pipeline's loading stage.
    func jobInputs(_ surveys: Set<DatasetLoader.Kind>) -> JobInputs {
        JobInputs(datasets: datasets, options: readOptions, surveys: surveys)
    }
}

enum InputDelimiter: String, ExpressibleByArgument, CaseIterable {
    case semicolon = ";"
    case comma = ","
    case tab

    init?(argument: String) {
        switch argument.lowercased() {
        case ";", "semicolon": self = .semicolon
        case ",", "comma": self = .comma
        case "tab", "\t", "\\t": self = .tab
        default: return nil
        }
    }

    var byte: UInt8 {
        switch self {
        case .semicolon: UInt8(ascii: ";")
        case .comma: UInt8(ascii: ",")
        case .tab: 0x09
        }
    }
}

extension TextEncoding: ExpressibleByArgument {}
extension CSVDialect: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}

/// Options every job shares (SPEC 2). The jobs that use them arrive with the barometer,
/// gender and funding issues; `run` accepts them already so that scripts can be written now.
struct ReportOptions: ParsableArguments {
    @Option(help: "Folder the reports are written into.")
    var reports = "Reports"

    @Option(name: .customLong("csv-dialect"), help: "excel-fr (';', decimal comma, BOM, CRLF) or rfc4180.")
    var csvDialect = ReportSettings().dialect

    @Option(help: "Language of summary.txt: fr or en.")
    var lang = ReportSettings().language

    @Option(name: .customLong("min-cell"), help: "Fewest contributing members for a value to be published.")
    var minCell = ReportSettings().minCell

    @Option(help: "Largest share of a sum one member may contribute before the value is suppressed.")
    var dominance = ReportSettings().dominance

    @Option(
        name: .customLong("p-rule"),
        help:
            "The p of the p % rule: a sum is not published when the second contributor could estimate the first's part to within p of it."
    )
    var pRule = ReportSettings().pRule

    @Flag(name: .customLong("no-suppression"), help: "Publish every value (turns statistical confidentiality off).")
    var noSuppression = false

    @Flag(help: "Fail the run (exit 1) when any row or value is rejected.")
    var strict = false

    @Option(
        name: .customLong("max-rejected"),
        help:
            "Largest share of rejected rows in any file a job reads, or of rejected values in any one column (0.05 = 5 %), before the job writes nothing and exits 65."
    )
    var maxRejected = ReportSettings().maxRejected

    @Flag(help: "Print only problems.")
    var quiet = false

    func validate() throws {
        guard minCell >= 1 else { throw ValidationError("--min-cell must be at least 1") }
        guard dominance > 0 && dominance <= 1 else { throw ValidationError("--dominance must be in (0, 1]") }
        guard pRule >= 0 && pRule <= 1 else { throw ValidationError("--p-rule must be in [0, 1], like 0.15") }
        guard maxRejected >= 0 && maxRejected <= 1 else {
            throw ValidationError("--max-rejected must be in [0, 1], like 0.05")
        }
    }

    /// The pipeline's configuration.
    var configuration: JobConfiguration {
        JobConfiguration(reports: reports, settings: settings)
    }

    var settings: ReportSettings {
        ReportSettings(
            dialect: csvDialect, language: lang,
            minCell: minCell, dominance: dominance, suppression: !noSuppression, strict: strict,
            maxRejected: maxRejected, pRule: pRule)
    }
}
