import Foundation

/// `index.html` at the top of the reports folder: a link to every report present, remade from
/// the folder's contents after each report is written, so that it lists what is there and
/// nothing else, in the same order wherever it runs.
public enum ReportIndex {
    /// The jobs in the order of the page, with their names in each language.
    static let jobs: [(folder: String, fr: String, en: String)] = [
        ("barometer", "Baromètre de conjoncture", "Business barometer"),
        ("gender", "Observatoire de l'égalité femmes-hommes", "Gender-equality observatory"),
        ("funding", "Financements publics", "Public funding"),
        ("egapro", "Index de l'égalité professionnelle (Egapro)", "Gender-equality index (Egapro)"),
    ]

    /// Writes `reports/index.html` (replaced atomically) for the report folders found there.
    /// Listing and writing hold a lock on `reports/.index.lock`, so that of two jobs ending
    /// together the later listing is the one written: no report is left out.
    public static func write(reports: URL, language: Language) throws {
        // The lock of the report folders (ReportFolder): its holder removes the lock file before
        // letting go, so no lock file is left among the reports.
        let parent = open(reports.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard parent >= 0 else {
            throw ReportFolder.WriteError(
                path: reports.path, reason: "cannot open the folder: \(ReportFolder.describe(errno))")
        }
        defer { close(parent) }
        let lock = try ReportFolder.acquireLock(parent, ".index.lock", in: reports.path) {
            ReportFolder.WriteError(path: reports.path, reason: $0)
        }
        defer { ReportFolder.releaseLock(parent, ".index.lock", lock) }
        let page = html(reports: reports, language: language)
        try Data(page.utf8).write(to: reports.appendingPathComponent("index.html"), options: .atomic)
    }

    /// A report's folder is named by its period (`2014-Q4`, `2014`); the hidden folders of a
    /// write under way or of an old report being removed start with a dot and are not reports.
    static func isPeriod(_ name: String) -> Bool {
        let b = Array(name.utf8)
        guard b.count == 4 || b.count == 7, b.prefix(4).allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        return b.count == 4 || (b[4] == UInt8(ascii: "-") && b[5] == UInt8(ascii: "Q") && (49...52).contains(b[6]))
    }

    /// The page: per job, its periods (latest first), each with its note, workbook and text.
    static func html(reports: URL, language: Language) -> String {
        let fr = language == .fr
        let fm = FileManager.default
        var body = ""
        for job in jobs {
            let folder = reports.appendingPathComponent(job.folder)
            let periods = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter {
                    isPeriod($0)
                        && fm.fileExists(
                            atPath: folder.appendingPathComponent($0).appendingPathComponent("manifest.json").path)
                }
                .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
                .reversed()
            guard !periods.isEmpty else { continue }
            body += "<h2>\(Markup.escaped(fr ? job.fr : job.en))</h2>\n<ul>\n"
            for period in periods {
                let base = job.folder + "/" + period + "/"
                var links: [String] = []
                for (file, french, english) in [
                    ("note.html", "note", "note"), ("tables.xlsx", "tableaux (Excel)", "tables (Excel)"),
                    ("summary.txt", "texte", "text"),
                ] where fm.fileExists(atPath: reports.appendingPathComponent(base + file).path) {
                    links.append(#"<a href="\#(Markup.escaped(base + file))">\#(fr ? french : english)</a>"#)
                }
                body +=
                    "<li><strong>\(Markup.escaped(period))</strong>\(fr ? "\u{00A0}: " : ": ")"
                    + links.joined(separator: " · ") + "</li>\n"
            }
            body += "</ul>\n"
        }
        let title = fr ? "Publications de l'observatoire" : "Observatory publications"
        return """
            <!DOCTYPE html>
            <html lang="\(fr ? "fr" : "en")">
            <head>
            <meta charset="utf-8"/>
            <title>\(title)</title>
            <style>
            body { font-family: "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif; max-width: 182mm;
              margin: 0 auto; padding: 8mm 4mm; color: #1a1a1a; }
            h1, h2 { color: #1b3a6b; }
            li { margin: 3pt 0; }
            </style>
            </head>
            <body>
            <h1>\(title)</h1>
            \(body)</body>
            </html>

            """
    }
}
