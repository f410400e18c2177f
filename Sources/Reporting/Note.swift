import Statistics

/// What the three text summaries share: numbers and words in the chosen language, the
/// marks for values that are not published, plain-text tables and the confidentiality
/// paragraph. French typography in French (decimal comma, `12,5 %`, `Nom : valeur`,
/// thousands grouped by a space), English in English.
protocol Note {
    var settings: ReportSettings { get }
}

extension Note {
    var fr: Bool { settings.language == .fr }

    /// Rounded half away from zero, like the CSV files.
    func number(_ x: Double, _ places: Int = 1) -> String {
        NumberFormat.fixed(x, places: places, decimalSeparator: UInt8(ascii: fr ? "," : "."))
    }

    /// With a `+` when positive (and not rounded to zero).
    func signed(_ x: Double) -> String {
        let text = number(x)
        return x > 0 && text != number(0) ? "+" + text : text
    }

    /// The one sentence a note gives when fewer members answered than the smallest cell
    /// published (SPEC 4.4): every figure is then suppressed, and the reader must be told why
    /// rather than read a page of "non publié".
    func fewRespondents(_ n: Int) -> String? {
        guard settings.suppression, n < settings.minCell else { return nil }
        let m = settings.minCell
        switch (n, fr) {
        case (0, true): return "Aucun adhérent n'a répondu : aucun chiffre n'est publié."
        case (0, false): return "No member answered: no figure is published."
        case (1, true):
            return
                "Seul 1 adhérent a répondu, moins que les \(m) qu'exige le secret statistique : aucun chiffre n'est publié."
        case (1, false):
            return
                "Only 1 member answered, fewer than the \(m) that statistical confidentiality requires: no figure is published."
        case (_, true):
            return
                "Seuls \(n) adhérents ont répondu, moins que les \(m) qu'exige le secret statistique : aucun chiffre n'est publié."
        case (_, false):
            return
                "Only \(n) members answered, fewer than the \(m) that statistical confidentiality requires: no figure is published."
        }
    }

    func pct(_ x: Double) -> String { number(x) + (fr ? " %" : "%") }

    func points(_ x: Double) -> String { "\(signed(x)) points" }

    /// Thousands grouped by a space (French) or a comma (English).
    func integer(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += fr ? " " : "," }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// "Name : " in French, "Name: " in English.
    func label(_ name: String) -> String { name + (fr ? " : " : ": ") }

    /// What the text says instead of a value that is not published.
    func unpublished(_ status: CellStatus?) -> String {
        if let status, status.isSuppressed {
            return fr ? "non publié (secret statistique)" : "not published (statistical confidentiality)"
        }
        return fr ? "non disponible" : "not available"
    }

    /// The mark of a table cell that is not published: `s` (secret) or `nd`/`na`.
    func mark(_ status: CellStatus?) -> String {
        if let status, status.isSuppressed { return "s" }
        return fr ? "nd" : "na"
    }

    /// A table of the note: plain text aligned for a monospace reader in summary.txt, a
    /// real table in note.html.
    func table(_ rows: [[String]], legendPrefix: String = "") -> NoteLines {
        let legend =
            legendPrefix
            + (fr
                ? "s : non publié (secret statistique) ; nd : non disponible."
                : "s: not published (statistical confidentiality); na: not available.")
        return NoteLines(blocks: rows.isEmpty ? [] : [.table(rows, legend: legend)])
    }

    /// The last line of every note: the confidentiality rules in force, or that they were off.
    var confidentialityLine: String {
        if settings.suppression {
            return fr
                ? "  Secret statistique : une valeur n'est pas publiée quand moins de \(settings.minCell) adhérents y contribuent, qu'un seul en représente plus de \(number(settings.dominance * 100, 0)) %, que le deuxième contributeur pourrait estimer la part du premier à moins de \(number(settings.pRule * 100, 0)) % près, ou qu'une seule réponse pèse plus de la moitié d'une estimation pondérée. Médianes et quartiles ne sont publiés qu'à partir de \(settings.quantileMinimum) adhérents : en deçà, ce seraient les chiffres d'adhérents identifiables."
                : "  Confidentiality: a value is not published when fewer than \(settings.minCell) members contribute, one member makes more than \(number(settings.dominance * 100, 0))% of it, the second contributor could estimate the first's part to within \(number(settings.pRule * 100, 0))%, or one answer weighs more than half of a weighted estimate. Medians and quartiles are published from \(settings.quantileMinimum) members only: below, they would be identifiable members' own figures."
        }
        return fr
            ? "  Secret statistique désactivé (--no-suppression) : toutes les valeurs sont publiées."
            : "  Confidentiality rules turned off (--no-suppression): every value is published."
    }
}

/// A note as it is written: its lines, and its tables kept as rows, so that one note reads
/// as plain text (summary.txt) and as a page (note.html).
///
/// The text's own layout says what each line is, and the page follows it: the first line is
/// the title; a line that is not indented is a heading, or a lead sentence when it ends with
/// a full stop; an indented line is a paragraph of the section above it.
struct NoteLines {
    enum Block: Equatable {
        case line(String)
        case table([[String]], legend: String)
    }

    var blocks: [Block] = []

    mutating func append(_ line: String) { blocks.append(.line(line)) }

    static func += (note: inout NoteLines, more: NoteLines) { note.blocks += more.blocks }

    static func += (note: inout NoteLines, lines: [String]) { note.blocks += lines.map(Block.line) }

    /// The plain text, each table as aligned columns (first left-aligned, the others
    /// right-aligned), a rule under its header and its legend under it.
    func joined(separator: String) -> String {
        var lines: [String] = []
        for block in blocks {
            switch block {
            case .line(let line):
                lines.append(line)
            case .table(let rows, let legend):
                let header = rows[0]
                let widths = (0..<header.count).map { c in rows.map { $0[c].count }.max()! }
                for (i, cells) in rows.enumerated() {
                    lines.append(
                        "  "
                            + cells.enumerated().map { c, cell in
                                c == 0 ? cell.padding(to: widths[c]) : cell.leftPadding(to: widths[c])
                            }.joined(separator: "  "))
                    if i == 0 {
                        lines.append("  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
                    }
                }
                lines.append("  " + legend)
            }
        }
        return lines.joined(separator: separator)
    }
}

extension String {
    func padding(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadding(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
