import Statistics
import Survey

/// What the three text summaries share: numbers and words in the chosen language, the
/// marks for values that are not published, plain-text tables and the confidentiality
/// paragraph. French typography in French (decimal comma, `12,5 %`, `Nom : valeur`,
/// thousands grouped by a space), English in English.
protocol Note {
    var settings: ReportSettings { get }
}

extension Note {
    var fr: Bool { settings.language == .fr }

    /// Rounded half away from zero, like the CSV files, the thousands grouped (a narrow
    /// no-break space in French, a comma in English): `1 376`, `1,376`.
    func number(_ x: Double, _ places: Int = 1) -> String {
        Typography.groupThousands(
            NumberFormat.fixed(x, places: places, decimalSeparator: UInt8(ascii: fr ? "," : ".")), thousands)
    }

    /// The thousands separator of the language: a narrow no-break space in French (so that a
    /// number never breaks across lines), a comma in English.
    var thousands: String { fr ? "\u{202F}" : "," }

    /// A count and its noun, in agreement: French keeps the singular for 0 and 1 (« 0 adhérent »,
    /// « 1 adhérent »), English only for 1. The two are joined by a no-break space in French.
    func count(_ n: Int, _ singular: String, _ plural: String) -> String {
        let one = fr ? abs(n) <= 1 : n == 1
        return integer(n) + (fr ? "\u{00A0}" : " ") + (one ? singular : plural)
    }

    /// "point" or "points" for a value as it is shown: French plural from 2, English but for 1.
    func pointWord(_ x: Double) -> String {
        let shown = abs((x * 10).rounded() / 10)
        return (fr ? shown >= 2 : shown != 1) ? "points" : "point"
    }

    /// "le 4e trimestre 2014" without the article: "4e trimestre 2014", "fourth quarter of 2014".
    func quarterName(_ q: Quarter) -> String {
        if fr { return (q.number == 1 ? "1er" : "\(q.number)e") + " trimestre \(q.year)" }
        return ["first", "second", "third", "fourth"][q.number - 1] + " quarter of \(q.year)"
    }

    /// A staff population as the notes, pages and charts name it.
    func populationName(_ p: Population) -> String {
        switch (p, fr) {
        case (.integration, true): "Salarié·e·s en parcours d'insertion"
        case (.permanent, true): "Salarié·e·s permanent·e·s"
        case (.management, true): "Direction"
        case (.board, true): "Conseils d'administration"
        case (.integration, false): "Integration employees"
        case (.permanent, false): "Permanent staff"
        case (.management, false): "Management"
        case (.board, false): "Boards"
        }
    }

    /// Two parts as the note shows them (rounded to `places`) and the gap computed from those
    /// shown parts, so that the text adds up: 30,7 % and 32,0 % make +1,3 point, whatever the
    /// unrounded rates (30,742 and 31,989, 1,247 apart). `relative`: the gap is (b − a)/b in %,
    /// else b − a.
    func shownParts(_ a: Double, _ b: Double, places: Int, relative: Bool) -> (String, String, gap: Double) {
        let point = UInt8(ascii: ".")
        let sa = Double(NumberFormat.fixed(a, places: places, decimalSeparator: point))!
        let sb = Double(NumberFormat.fixed(b, places: places, decimalSeparator: point))!
        let gap = relative ? (sb == 0 ? 0 : 100 * (sb - sa) / sb) : sb - sa
        return (number(a, places), number(b, places), gap)
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

    /// A percentage: `12,5 %` with a narrow no-break space in French, `12.5%` in English.
    func pct(_ x: Double) -> String { number(x) + (fr ? "\u{202F}%" : "%") }

    /// A signed balance or change in points, the word agreeing with the value shown.
    func points(_ x: Double) -> String { signed(x) + (fr ? "\u{00A0}" : " ") + pointWord(x) }

    /// Thousands grouped as `number` groups them.
    func integer(_ n: Int) -> String { Typography.groupThousands(String(n), thousands) }

    /// "Name : " in French (a no-break space before the colon), "Name: " in English.
    func label(_ name: String) -> String { name + (fr ? "\u{00A0}: " : ": ") }

    /// The note as printed: in French, the spaces the typography asks for are no-break spaces
    /// (before `:`, `;`, `%`, `€`, inside « »), whether the sentence wrote them or a number did.
    func typeset(_ note: NoteLines) -> NoteLines { fr ? note.mapText(Typography.french) : note }

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
                ? "  Secret statistique : une valeur n'est pas publiée quand moins de \(count(settings.minCell, "adhérent", "adhérents")) y contribuent, qu'un seul en représente plus de \(number(settings.dominance * 100, 0)) %, que le deuxième contributeur pourrait estimer la part du premier à moins de \(number(settings.pRule * 100, 0)) % près, ou qu'une seule réponse pèse plus de la moitié d'une estimation pondérée. Médianes et quartiles ne sont publiés qu'à partir de \(count(settings.quantileMinimum, "adhérent", "adhérents")) : en deçà, ce seraient les chiffres d'adhérents identifiables."
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

    /// The same note with `transform` applied to every line, cell and legend.
    func mapText(_ transform: (String) -> String) -> NoteLines {
        NoteLines(
            blocks: blocks.map { block in
                switch block {
                case .line(let line): .line(transform(line))
                case .table(let rows, let legend): .table(rows.map { $0.map(transform) }, legend: transform(legend))
                }
            })
    }

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
