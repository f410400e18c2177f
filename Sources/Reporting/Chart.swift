import Foundation
import Statistics

/// A chart of a report, drawn as SVG by our code: a title, a legend, axes with ticks at round
/// values, labels in the report's language and number format, and a source line. The same
/// figures always give the same bytes (no clock, no random identifiers, coordinates rounded
/// to a tenth of a pixel).
///
/// A value that is not published (suppressed or missing) leaves a gap and an `s` where it
/// would be: never a zero, which a reader would take for a figure.
struct Chart {
    enum Kind {
        /// One line per series over the categories (quarters).
        case lines
        /// Bars side by side per category, one per series.
        case bars
        /// The series stacked in one bar per category (parts of a whole, in %).
        case stacked
        /// The first three series as first quartile, median and third quartile: a bar from
        /// Q1 to Q3 with the median marked.
        case quartiles
    }

    /// A value of a series: a published number, a value kept secret, or one that does not exist.
    enum Point: Equatable {
        case value(Double)
        case secret
        case missing

        /// A figure as its table publishes it: the value when its status is `ok`, `s` when
        /// the rules suppressed it, missing otherwise.
        static func of(_ value: Double?, _ status: CellStatus?) -> Point {
            if let status, status.isSuppressed { return .secret }
            if status == .ok, let value, value.isFinite { return .value(value) }
            return .missing
        }

        var number: Double? {
            if case .value(let v) = self { return v }
            return nil
        }
    }

    /// One series: a name for the legend and a point per category.
    struct Series {
        var name: String
        var points: [Point]
        var values: [Double?] { points.map(\.number) }

        init(name: String, values: [Point]) {
            self.name = name
            self.points = values
        }

        /// A series of published numbers (nil: no data).
        init(name: String, numbers: [Double?]) {
            self.init(name: name, values: numbers.map { $0.map(Point.value) ?? .missing })
        }
    }

    var title: String
    var kind: Kind
    var categories: [String]
    var series: [Series]
    /// The unit the axis reads in (`points`, `%`, `h`).
    var unit: String
    /// The source line under the chart.
    var source: String
    var language: Language
    /// A horizontal line with its label (a long-term average).
    var reference: (label: String, value: Double)? = nil

    static let width = 640.0
    static let height = 380.0
    /// Colours that stay apart in grey print: their grey levels (0.299 R + 0.587 G + 0.114 B)
    /// are 33, 181, 81, 157, 60, 105, 123, 205 and 231, at least 18 apart; the first two,
    /// which most charts use, are the farthest.
    static let palette = [
        "#0b2545", "#e8b04a", "#1f6b4a", "#6fa8dc", "#7a1f2b", "#696969", "#d0602b", "#cdcdcd", "#dfe9f3",
    ]
    /// Dashes that tell lines apart when colour is lost.
    static let dashes = ["", "7 4", "2 3", "9 3 2 3", "4 2", "1 2", "12 4", "3 5", "6 2 1 2"]

    var fr: Bool { language == .fr }

    func svg() -> String {
        let (legendSVG, legendBottom) = legend(x: 16, y: 46)
        let left = 64.0, right = Self.width - 16, top = legendBottom + 34, bottom = Self.height - 74
        var s = ""
        s += #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Int(Self.width))" height="\#(Int(Self.height))" "#
        s +=
            #"viewBox="0 0 \#(Int(Self.width)) \#(Int(Self.height))" role="img" font-family="Helvetica, Arial, sans-serif">"#
        s += "<title>\(Markup.escaped(fr ? Typography.french(title) : title))</title>"
        s += ##"<rect width="100%" height="100%" fill="#ffffff"/>"##
        s += text(16, 24, title, size: 15, weight: "bold")
        s += legendSVG
        // The vertical axis: from the data, the reference line and (for bars) zero.
        var values = series.prefix(kind == .quartiles ? 3 : series.count).flatMap { $0.values.compactMap { $0 } }
        if kind == .stacked {
            // Parts of a whole in %: the axis is the whole, whatever the rounding of the parts.
            values = [0, 100]
        }
        if let reference { values.append(reference.value) }
        if kind != .lines { values.append(0) }
        let axis = Self.ticks(low: values.min() ?? 0, high: values.max() ?? 1)
        func y(_ v: Double) -> Double {
            bottom - (v - axis.low) / (axis.high - axis.low) * (bottom - top)
        }
        for t in axis.ticks {
            s += line(left, y(t), right, y(t), stroke: t == 0 ? "#808080" : "#e0e0e0", width: 1)
            s += text(left - 6, y(t) + 4, tickLabel(t, step: axis.step), size: 11, anchor: "end")
        }
        s += text(16, top - 12, unit, size: 11, fill: "#555555")
        // Categories along the bottom.
        let band = (right - left) / Double(max(categories.count, 1))
        func x(_ c: Int) -> Double { left + band * (Double(c) + 0.5) }
        // A name that does not fit its band goes on two lines, split at the space nearest its
        // middle; only when that does not fit either are the names turned.
        let fits = { (text: Substring) in Double(text.count) * 6.2 <= band - 4 }
        let lines = categories.map { name -> [Substring] in
            if fits(Substring(name)) { return [Substring(name)] }
            let spaces = name.indices.filter { name[$0] == " " }
            guard
                let cut = spaces.min(by: {
                    abs(name.distance(from: name.startIndex, to: $0) - name.count / 2)
                        < abs(name.distance(from: name.startIndex, to: $1) - name.count / 2)
                })
            else { return [Substring(name)] }
            return [name[..<cut], name[name.index(after: cut)...]]
        }
        let rotate = lines.contains { $0.contains { !fits($0) } }
        for (c, name) in categories.enumerated() {
            if !rotate && lines[c].count == 2 {
                s += text(x(c), bottom + 16, String(lines[c][0]), size: 11, anchor: "middle")
                s += text(x(c), bottom + 30, String(lines[c][1]), size: 11, anchor: "middle")
            } else if rotate {
                s +=
                    #"<text x="\#(f(x(c)))" y="\#(f(bottom + 14))" font-size="11" text-anchor="end" "#
                    + #"transform="rotate(-35 \#(f(x(c))) \#(f(bottom + 14)))">\#(Markup.escaped(name))</text>"#
            } else {
                s += text(x(c), bottom + 18, name, size: 11, anchor: "middle")
            }
        }
        // The mark of a gap: `s` where the rules keep the value secret, `nd`/`na` where there is
        // none. A category any of whose parts is secret is marked `s` as a whole.
        func mark(_ points: [Point]) -> String {
            points.contains(.secret) ? "s" : fr ? "nd" : "na"
        }
        switch kind {
        case .lines:
            for (i, serie) in series.enumerated() {
                let colour = Self.palette[i % Self.palette.count], dash = Self.dashes[i % Self.dashes.count]
                // A gap where a value is not published: the path starts again after it.
                var path = "", pen = false
                for (c, value) in serie.values.enumerated() {
                    guard let value else {
                        pen = false
                        s += text(x(c), bottom - 6, mark([serie.points[c]]), size: 10, anchor: "middle", fill: colour)
                        continue
                    }
                    path += (pen ? "L" : "M") + f(x(c)) + " " + f(y(value))
                    pen = true
                }
                if !path.isEmpty {
                    s += #"<path d="\#(path)" fill="none" stroke="\#(colour)" stroke-width="2.5""#
                    s += dash.isEmpty ? "/>" : #" stroke-dasharray="\#(dash)"/>"#
                }
                for (c, value) in serie.values.enumerated() {
                    guard let value else { continue }
                    s += #"<circle cx="\#(f(x(c)))" cy="\#(f(y(value)))" r="3" fill="\#(colour)"/>"#
                }
            }
        case .bars:
            let width = band * 0.8 / Double(max(series.count, 1))
            for (i, serie) in series.enumerated() {
                let colour = Self.palette[i % Self.palette.count]
                for (c, value) in serie.values.enumerated() {
                    let x0 = x(c) - band * 0.4 + width * Double(i)
                    guard let value else {
                        s += text(
                            x0 + width / 2, y(0) - 4, mark([serie.points[c]]), size: 10, anchor: "middle",
                            fill: "#555555")
                        continue
                    }
                    s += rect(x0, min(y(value), y(0)), width - 1, abs(y(value) - y(0)), fill: colour)
                }
            }
        case .stacked:
            let width = band * 0.6
            for c in categories.indices {
                guard series.allSatisfy({ $0.values[c] != nil }) else {
                    s += text(
                        x(c), y(0) - 4, mark(series.map { $0.points[c] }), size: 10, anchor: "middle", fill: "#555555")
                    continue
                }
                var base = 0.0
                for (i, serie) in series.enumerated() {
                    let v = serie.values[c]!
                    s += rect(
                        x(c) - width / 2, y(base + v), width, y(base) - y(base + v),
                        fill: Self.palette[i % Self.palette.count])
                    base += v
                }
            }
        case .quartiles:
            let width = band * 0.5
            for c in categories.indices {
                guard series.count >= 3, let q1 = series[0].values[c], let median = series[1].values[c],
                    let q3 = series[2].values[c]
                else {
                    s += text(
                        x(c), y(0) - 4, mark(series.map { $0.points[c] }), size: 10, anchor: "middle", fill: "#555555")
                    continue
                }
                s += rect(x(c) - width / 2, y(q3), width, y(q1) - y(q3), fill: Self.palette[3])
                s += line(x(c) - width / 2, y(median), x(c) + width / 2, y(median), stroke: Self.palette[0], width: 3)
            }
        }
        if let reference {
            s += line(left, y(reference.value), right, y(reference.value), stroke: "#000000", width: 1.2, dash: "5 4")
            s += text(right, y(reference.value) - 5, reference.label, size: 11, anchor: "end")
        }
        s += line(left, top, left, bottom, stroke: "#808080", width: 1)
        let marks = fr ? " s : secret statistique ; nd : non disponible." : " s: confidential; na: not available."
        s += text(16, Self.height - 12, source + marks, size: 10, fill: "#555555")
        return s + "</svg>\n"
    }

    /// Swatches and names of the series, on as many rows as they need, and where the last row is.
    private func legend(x: Double, y: Double) -> (String, Double) {
        var s = "", at = x, row = y
        let names =
            kind == .quartiles
            ? [fr ? "1er–3e quartile" : "1st–3rd quartile", fr ? "médiane" : "median"] : series.map(\.name)
        for (i, name) in names.enumerated() {
            let room = Double(name.count) * 6.4 + 34
            if at + room > Self.width - 8 {
                at = x
                row += 16
            }
            let colour = kind == .quartiles ? Self.palette[i == 0 ? 3 : 0] : Self.palette[i % Self.palette.count]
            if kind == .lines {
                s += line(
                    at, row - 4, at + 22, row - 4, stroke: colour, width: 2.5, dash: Self.dashes[i % Self.dashes.count])
            } else {
                s += rect(at, row - 10, 14, 10, fill: colour)
            }
            s += text(at + (kind == .lines ? 27 : 19), row, name, size: 11)
            at += room
        }
        return (s, row)
    }

    /// Round ticks covering `low...high`: steps of 1, 2, 2.5 or 5 times a power of ten, about
    /// five of them.
    static func ticks(low: Double, high: Double) -> (low: Double, high: Double, step: Double, ticks: [Double]) {
        var low = low, high = high
        if high - low < 1e-9 {
            low -= 1
            high += 1
        }
        let rough = (high - low) / 5
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let first = (low / step).rounded(.down) * step, last = (high / step).rounded(.up) * step
        var ticks: [Double] = []
        var k = 0.0
        while first + k * step <= last + step / 1e6 {
            let t = first + k * step
            ticks.append(abs(t) < step / 1e6 ? 0 : t)
            k += 1
        }
        return (first, last, step, ticks)
    }

    /// A tick's label: as many decimals as the step needs, thousands grouped as the language does.
    private func tickLabel(_ t: Double, step: Double) -> String {
        let places = step >= 1 ? 0 : step >= 0.1 ? 1 : 2
        let plain = NumberFormat.fixed(t, places: places, decimalSeparator: UInt8(ascii: fr ? "," : "."))
        return Typography.groupThousands(plain, fr ? "\u{202F}" : ",")
    }

    private func f(_ v: Double) -> String {
        NumberFormat.fixed(v, places: 1, decimalSeparator: UInt8(ascii: "."))
    }

    private func text(
        _ x: Double, _ y: Double, _ content: String, size: Int, anchor: String = "start", weight: String = "normal",
        fill: String = "#1a1a1a"
    ) -> String {
        var s = #"<text x="\#(f(x))" y="\#(f(y))" font-size="\#(size)""#
        if anchor != "start" { s += #" text-anchor="\#(anchor)""# }
        if weight != "normal" { s += #" font-weight="\#(weight)""# }
        return s + #" fill="\#(fill)">\#(Markup.escaped(fr ? Typography.french(content) : content))</text>"#
    }

    private func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double, dash: String = ""
    ) -> String {
        var s = #"<line x1="\#(f(x1))" y1="\#(f(y1))" x2="\#(f(x2))" y2="\#(f(y2))" stroke="\#(stroke)" "#
        s += #"stroke-width="\#(f(width))""#
        return s + (dash.isEmpty ? "/>" : #" stroke-dasharray="\#(dash)"/>"#)
    }

    private func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String) -> String {
        #"<rect x="\#(f(x))" y="\#(f(y))" width="\#(f(max(width, 0)))" height="\#(f(max(height, 0)))" fill="\#(fill)"/>"#
    }
}

/// The typography of numbers in text: thousands grouped, French spaces.
enum Typography {
    /// French spacing: a no-break space before `:` and a narrow one before `;`, `!`, `?`, `%`
    /// and `€` and inside « », where the text has an ordinary space, so that no line breaks
    /// between a figure and its sign.
    static func french(_ text: String) -> String {
        var s = text
        for (plain, bound) in [
            (" :", "\u{00A0}:"), (" ;", "\u{202F};"), (" !", "\u{202F}!"), (" ?", "\u{202F}?"), (" %", "\u{202F}%"),
            (" €", "\u{202F}€"), (" M€", "\u{202F}M€"), ("« ", "«\u{202F}"), (" »", "\u{202F}»"),
        ] {
            s = s.replacingOccurrences(of: plain, with: bound)
        }
        return s
    }

    /// `1234567,5` → `1 234 567,5` with `separator` between groups of the integer part.
    static func groupThousands(_ number: String, _ separator: String) -> String {
        var sign = "", rest = Substring(number)
        if rest.first == "-" || rest.first == "+" {
            sign = String(rest.removeFirst())
        }
        let integer = rest.prefix { $0.isNumber }
        let tail = rest.dropFirst(integer.count)
        guard integer.count > 3 else { return number }
        var out = ""
        for (i, ch) in integer.enumerated() {
            if i > 0 && (integer.count - i) % 3 == 0 { out += separator }
            out.append(ch)
        }
        return sign + out + tail
    }
}
