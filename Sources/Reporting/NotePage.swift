/// `note.html`: the publication. One self-contained page (inline CSS and SVG, no script, no web
/// font, nothing fetched) that reads on screen and prints to A4 from a browser: the title and
/// period, the key figures, the text of the note with its tables, the charts, a methods box
/// and the fingerprints of the files read.
struct NotePage {
    /// A headline figure: what it is and its value as the note writes it.
    struct KeyFigure {
        var label: String
        var value: String
    }

    /// A chart of the page, also written beside it as its own SVG file.
    struct Figure {
        var file: String
        var chart: Chart
    }

    let settings: ReportSettings
    let note: NoteLines
    let keyFigures: [KeyFigure]
    let figures: [Figure]
    let inputs: [InputRecord]

    var fr: Bool { settings.language == .fr }

    /// The page, and each chart as its own file, as report files.
    func files() -> [ReportFile] {
        let page = html()
        return [ReportFile(name: "note.html", bytes: Array(page.utf8), rows: 0)]
            + figures.map { ReportFile(name: $0.file, bytes: Array($0.chart.svg().utf8), rows: 0) }
    }

    func html() -> String {
        let lines = note.blocks
        guard case .line(let title)? = lines.first else { return "" }
        var body = "<header>\n<h1>\(Markup.escaped(title))</h1>\n"
        var rest = lines.dropFirst()
        // The lines right under the title, before the first blank one, are its subtitle.
        while case .line(let line)? = rest.first, !line.isEmpty, !line.hasPrefix(" "), !line.hasSuffix(".") {
            body += #"<p class="subtitle">\#(Markup.escaped(line))</p>"# + "\n"
            rest = rest.dropFirst()
        }
        body += "</header>\n"
        if !keyFigures.isEmpty {
            body += #"<section class="key-figures" aria-label="\#(fr ? "Chiffres clés" : "Key figures")">"# + "\n"
            for figure in keyFigures {
                body +=
                    #"<div class="figure"><span class="value">\#(Markup.escaped(figure.value))</span>"#
                    + #"<span class="label">\#(Markup.escaped(figure.label))</span></div>"# + "\n"
            }
            body += "</section>\n"
        }
        body += "<main>\n"
        var inMethods = false
        for block in rest {
            switch block {
            case .line(let line) where line.isEmpty:
                continue
            case .line(let line) where line.hasPrefix(" "):
                let text = line.drop { $0 == " " }
                body += "<p>\(Markup.escaped(String(text)))</p>\n"
            case .line(let line) where line.hasSuffix("."):
                body += #"<p class="lead">\#(Markup.escaped(line))</p>"# + "\n"
            case .line(let line):
                if line == "Méthode" || line == "Method" {
                    // The charts come before the method, which closes the page in its box.
                    body += charts()
                    body += #"<section class="methods">"# + "\n"
                    inMethods = true
                }
                body += "<h2>\(Markup.escaped(line))</h2>\n"
            case .table(let rows, let legend):
                body += table(rows, legend: legend)
            }
        }
        if inMethods { body += "</section>\n" } else { body += charts() }
        body += "</main>\n"
        body += footer()
        return """
            <!DOCTYPE html>
            <html lang="\(fr ? "fr" : "en")">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(Markup.escaped(title))</title>
            <style>
            \(Self.css)</style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    private func charts() -> String {
        guard !figures.isEmpty else { return "" }
        var s = #"<section class="charts">"# + "\n<h2>\(fr ? "Graphiques" : "Charts")</h2>\n"
        for figure in figures {
            s += "<figure>\n" + figure.chart.svg() + "</figure>\n"
        }
        return s + "</section>\n"
    }

    /// A table of the note: the first column names the row, the others are figures, aligned right.
    private func table(_ rows: [[String]], legend: String) -> String {
        guard let header = rows.first else { return "" }
        var s = #"<div class="table">"# + "\n<table>\n<thead><tr>"
        for (c, cell) in header.enumerated() {
            s += c == 0 ? #"<th scope="col">"# : #"<th scope="col" class="num">"#
            s += Markup.escaped(cell) + "</th>"
        }
        s += "</tr></thead>\n<tbody>\n"
        for row in rows.dropFirst() {
            s += "<tr>"
            for (c, cell) in row.enumerated() {
                if c == 0 {
                    s += #"<th scope="row">\#(Markup.escaped(cell))</th>"#
                } else {
                    let mark = cell == "s" || cell == "nd" || cell == "na"
                    s += mark ? #"<td class="num mark">"# : #"<td class="num">"#
                    s += Markup.escaped(cell) + "</td>"
                }
            }
            s += "</tr>\n"
        }
        return s + "</tbody>\n</table>\n" + #"<p class="legend">\#(Markup.escaped(legend))</p>"# + "\n</div>\n"
    }

    /// The files read and their SHA-256: what the figures were made from.
    private func footer() -> String {
        var s =
            "<footer>\n<p>\(fr ? "Fichiers lus (empreintes SHA-256)\u{00A0}:" : "Files read (SHA-256 fingerprints):")</p>\n<ul>\n"
        for input in inputs {
            s += "<li><code>\(Markup.escaped(input.path))</code> <code class=\"hash\">\(input.sha256)</code></li>\n"
        }
        return s + "</ul>\n</footer>\n"
    }

    /// The page's style: system fonts, readable on screen, A4 when printed, greys that print.
    static let css = """
        @page { size: A4; margin: 15mm 14mm; }
        html { font-family: "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif; font-size: 11pt;
          color: #1a1a1a; background: #ffffff; }
        body { max-width: 182mm; margin: 0 auto; padding: 8mm 4mm; line-height: 1.45; }
        h1 { font-size: 20pt; margin: 0 0 2pt; color: #1b3a6b; }
        h2 { font-size: 13pt; margin: 16pt 0 4pt; color: #1b3a6b; border-bottom: 1px solid #c7c7c7; break-after: avoid; }
        p { margin: 3pt 0; }
        .subtitle { font-size: 12pt; color: #4d4d4d; margin: 0; }
        .lead { font-weight: bold; }
        .key-figures { display: flex; flex-wrap: wrap; gap: 6pt; margin: 12pt 0; }
        .figure { flex: 1 1 30mm; border: 1px solid #c7c7c7; border-left: 4px solid #1b3a6b; padding: 5pt 8pt; break-inside: avoid; }
        .figure .value { display: block; font-size: 16pt; font-weight: bold; }
        .figure .label { display: block; font-size: 9pt; color: #4d4d4d; }
        table { border-collapse: collapse; margin: 6pt 0 2pt; font-size: 9.5pt; break-inside: avoid; }
        th, td { padding: 2pt 6pt; border-bottom: 1px solid #e0e0e0; }
        thead th { border-bottom: 1.5px solid #1a1a1a; text-align: left; vertical-align: bottom; }
        th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tbody th { text-align: left; font-weight: normal; }
        td.mark { color: #6d6d6d; font-style: italic; }
        .legend { font-size: 8.5pt; color: #4d4d4d; }
        figure { margin: 8pt 0; break-inside: avoid; }
        figure svg { max-width: 100%; height: auto; }
        .methods { border: 1px solid #c7c7c7; background: #f6f6f6; padding: 2pt 10pt 8pt; margin-top: 14pt;
          font-size: 9.5pt; break-inside: avoid; }
        footer { margin-top: 14pt; font-size: 8pt; color: #4d4d4d; }
        footer ul { padding-left: 14pt; margin: 2pt 0; }
        .table { break-inside: avoid; }
        footer code { font-size: 7pt; }
        code.hash { word-break: break-all; overflow-wrap: anywhere; }

        """
}
