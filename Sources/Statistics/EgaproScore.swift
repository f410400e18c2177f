import BigInt
import Survey

/// The official Egapro index of one member (Code du travail D. 1142-2 and D. 1142-2-1; the
/// rules and their sources are in `egapro-rules.md`), scored exactly: every gap, weight and
/// sum is a fraction of integers, and only the rounded results of the rules are integers
/// (tenths of a point, points). No `Double` enters a score, so the one tie the official code
/// paths disagree on (46 points of 80 → 57.5) is rounded up to 58, as the simulator does.
///
/// This file is the scoring core of issue 12: pure functions from a member's declared groups
/// to its indicators, points and index. Reading `egapro/YYYY.csv`, the job and its files
/// come on top of it.
extension Egapro {
    /// Which sex an indicator's gap favours.
    public enum Favoured: String, Sendable {
        case women
        case men
        case equality
    }

    /// Why an indicator is not computable, as the official codes say it.
    public enum NotComputable: String, Sendable {
        /// Valid groups hold less than 40 % of the workforce taken into account.
        case coverage = "egvi40pcet"
        /// No raise in the period.
        case noRaise = "absaugi"
        /// No promotion in the period.
        case noPromotion = "absprom"
        /// Fewer than 5 women or 5 men (indicator 2&3).
        case fewPeople = "etsno5f5h"
        /// No return from maternity leave in the period.
        case noReturn = "absrcm"
        /// No raise during the leaves.
        case noRaiseDuringLeave = "absaugpdtcm"
    }

    /// The result of one indicator: its rounded result in tenths (of a percent, of a point, or
    /// people for indicator 5), the sex it favours, its points, and why it is not computable.
    public struct Score: Sendable, Equatable {
        /// The rounded absolute result, in tenths (indicator 5: people, not tenths).
        public var resultTenths: Int?
        /// The sex the gap favours.
        public var favoured: Favoured?
        /// The points scored; nil when not computable.
        public var points: Int?
        /// Set when the indicator cannot be computed.
        public var notComputable: NotComputable?
        /// Whether the correction rule gave the indicator its maximum (§7).
        public var corrected = false

        static func nc(_ reason: NotComputable) -> Score {
            Score(resultTenths: nil, favoured: nil, points: nil, notComputable: reason)
        }
    }

    /// An exact fraction, kept reduced with a positive denominator.
    struct Fraction: Comparable {
        private(set) var numerator: BigInt
        private(set) var denominator: BigInt

        /// Not reduced: a gcd costs the square of the digits, and a member may send thousands
        /// of level groups whose sum's denominator holds every men's average pay (`sum`).
        init(_ numerator: BigInt, _ denominator: BigInt = 1) {
            precondition(denominator != 0, "a fraction of zero")
            let sign: BigInt = denominator < 0 ? -1 : 1
            self.numerator = sign * numerator
            self.denominator = sign * denominator
        }

        static func == (a: Fraction, b: Fraction) -> Bool {
            a.numerator * b.denominator == b.numerator * a.denominator
        }

        /// Σ terms, each half summed first: the common denominator's digits grow as the terms'
        /// digits added up, and each step multiplies numbers of like size, where adding the
        /// terms one by one to a growing sum costs the square of the number of terms.
        static func sum(_ terms: ArraySlice<Fraction>) -> Fraction {
            switch terms.count {
            case 0: return Fraction(0)
            case 1: return terms.first!
            default:
                let middle = terms.startIndex + terms.count / 2
                return sum(terms[..<middle]) + sum(terms[middle...])
            }
        }

        static func + (a: Fraction, b: Fraction) -> Fraction {
            Fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
        }
        static func - (a: Fraction, b: Fraction) -> Fraction { a + Fraction(-b.numerator, b.denominator) }
        static func * (a: Fraction, b: Fraction) -> Fraction {
            Fraction(a.numerator * b.numerator, a.denominator * b.denominator)
        }
        static func / (a: Fraction, b: Fraction) -> Fraction {
            Fraction(a.numerator * b.denominator, a.denominator * b.numerator)
        }
        static func < (a: Fraction, b: Fraction) -> Bool {
            a.numerator * b.denominator < b.numerator * a.denominator
        }

        var magnitude: Fraction { Fraction(numerator < 0 ? -numerator : numerator, denominator) }

        /// `round(|x| × 10)` half up, the official rounding of a result to one decimal.
        var tenthsOfMagnitude: Int {
            let m = magnitude
            return Int((20 * m.numerator + m.denominator) / (2 * m.denominator))
        }

        /// `round(x)` half up, for a non-negative x.
        var roundedHalfUp: Int { Int((2 * numerator + denominator) / (2 * denominator)) }
    }

    /// Points of indicator 1 by rounded result: band k covers (k − 1, k] after rounding.
    static let payPoints = [40, 39, 38, 37, 36, 35, 34, 33, 31, 29, 27, 25, 23, 21, 19, 17, 14, 11, 8, 5, 2]

    /// The points of a rounded result (tenths) in a table of bands (k − 1, k], past its end 0.
    static func points(tenths: Int, table: [Int]) -> Int {
        let band = (tenths + 9) / 10  // ceil(tenths / 10)
        return band < table.count ? table[band] : 0
    }

    /// Points of a rounded result (tenths) in the rate tables: ≤ 2, ≤ 5, ≤ 10, more.
    static func ratePoints(tenths: Int, _ table: (Int, Int, Int)) -> Int {
        tenths <= 20 ? table.0 : tenths <= 50 ? table.1 : tenths <= 100 ? table.2 : 0
    }

    static func favoured(_ gap: Fraction, tenths: Int) -> Favoured {
        tenths == 0 ? .equality : gap.numerator > 0 ? .men : .women
    }

    /// Indicator 1 (§3): valid groups (3 women and 3 men) covering at least 40 % of the
    /// table's workforce; per group the gap of average pay, moved towards zero by the
    /// tolerance; weighted by the group's headcount.
    public static func pay(_ groups: [PayGroup], grouping: Grouping) -> Score {
        let total = groups.reduce(0) { $0 + $1.women + $1.men }
        let valid = groups.filter { $0.women >= 3 && $0.men >= 3 }
        let covered = valid.reduce(0) { $0 + $1.women + $1.men }
        // covered / total ≥ 40 %  ⇔  5 covered ≥ 2 total.
        guard total > 0, 5 * covered >= 2 * total, covered > 0 else { return .nc(.coverage) }
        let tolerance = Fraction(grouping == .socioProfessional ? 5 : 2)
        let zero = Fraction(0)
        let terms = valid.map { g in
            let gap = Fraction(BigInt(g.menPayCents - g.womenPayCents) * 100, BigInt(g.menPayCents))
            let adjusted = gap > zero ? max(gap - tolerance, zero) : min(gap + tolerance, zero)
            return adjusted * Fraction(BigInt(g.women + g.men))
        }
        // Gaps within the tolerance add nothing: only the others enter the common denominator.
        let weighted = Fraction.sum(terms.filter { $0.numerator != 0 }[...]) / Fraction(BigInt(covered))
        let tenths = weighted.tenthsOfMagnitude
        return Score(
            resultTenths: tenths, favoured: favoured(weighted, tenths: tenths),
            points: points(tenths: tenths, table: payPoints))
    }

    /// Indicators 2 and 3 (§4): CSP groups of 10 women and 10 men covering 40 %; the gap of
    /// rates in points, weighted by headcount. `declaredNone`: the member says nobody was
    /// raised (promoted); no beneficiary at all says the same.
    public static func rates(_ indicator: Indicator, _ groups: [RateGroup], declaredNone: Bool = false) -> Score {
        precondition(indicator == .raises || indicator == .promotions, "indicators 2 and 3")
        let none: NotComputable = indicator == .raises ? .noRaise : .noPromotion
        let total = groups.reduce(0) { $0 + $1.women + $1.men }
        let valid = groups.filter { $0.women >= 10 && $0.men >= 10 }
        let covered = valid.reduce(0) { $0 + $1.women + $1.men }
        guard total > 0, covered > 0, 5 * covered >= 2 * total else { return .nc(.coverage) }
        if declaredNone || groups.allSatisfy({ $0.womenCounted == 0 && $0.menCounted == 0 }) { return .nc(none) }
        var sum = Fraction(0)
        for g in valid {
            let gap =
                Fraction(BigInt(g.menCounted) * 100, BigInt(g.men))
                - Fraction(BigInt(g.womenCounted) * 100, BigInt(g.women))
            sum = sum + gap * Fraction(BigInt(g.women + g.men))
        }
        let weighted = sum / Fraction(BigInt(covered))
        let tenths = weighted.tenthsOfMagnitude
        let table = indicator == .raises ? (20, 10, 5) : (15, 10, 5)
        return Score(
            resultTenths: tenths, favoured: favoured(weighted, tenths: tenths),
            points: ratePoints(tenths: tenths, table))
    }

    /// Indicator 2&3 (§5), on the whole company: at least 5 women and 5 men and a raise; the
    /// gap of raise rates in % and in employees (`min(women, men)` times the unrounded gap),
    /// each scored on the table, the better kept. Returns the score and the employees (tenths).
    public static func raisesPromotions(_ whole: RateGroup, declaredNone: Bool = false) -> (
        Score, employeesTenths: Int?
    ) {
        guard whole.women >= 5 && whole.men >= 5 else { return (.nc(.fewPeople), nil) }
        if declaredNone || (whole.womenCounted == 0 && whole.menCounted == 0) { return (.nc(.noRaise), nil) }
        let raw =
            Fraction(BigInt(whole.menCounted), BigInt(whole.men))
            - Fraction(BigInt(whole.womenCounted), BigInt(whole.women))
        let percentTenths = (raw * Fraction(100)).tenthsOfMagnitude
        let employeesTenths = (raw * Fraction(BigInt(min(whole.women, whole.men)))).tenthsOfMagnitude
        let table = (35, 25, 15)
        let points = max(ratePoints(tenths: percentTenths, table), ratePoints(tenths: employeesTenths, table))
        let favoured: Favoured = raw.numerator == 0 ? .equality : raw.numerator > 0 ? .men : .women
        return (Score(resultTenths: percentTenths, favoured: favoured, points: points), employeesTenths)
    }

    /// Indicator 4 (§6): 15 points when every woman back from maternity leave was raised.
    public static func maternity(returned: Int, raised: Int, raisesDuringLeave: Bool) -> Score {
        guard returned > 0 else { return .nc(.noReturn) }
        guard raisesDuringLeave else { return .nc(.noRaiseDuringLeave) }
        let percentTenths = Fraction(BigInt(raised) * 100, BigInt(returned)).tenthsOfMagnitude
        return Score(resultTenths: percentTenths, favoured: nil, points: raised == returned ? 15 : 0)
    }

    /// Indicator 5 (§6): the under-represented sex among the 10 highest paid.
    public static func top10(women: Int, men: Int) -> Score {
        let fewer = min(women, men)
        let favoured: Favoured = women == men ? .equality : women > men ? .women : .men
        return Score(resultTenths: fewer, favoured: favoured, points: fewer <= 1 ? 0 : fewer <= 3 ? 5 : 10)
    }

    /// The correction rule (§7): an indicator of raises or promotions that favours the other
    /// sex than a non-zero pay gap gets its maximum.
    public static func corrected(_ score: Score, _ indicator: Indicator, pay: Score) -> Score {
        guard let payPoints = pay.points, payPoints < 40, let paySex = pay.favoured, paySex != .equality,
            let sex = score.favoured, sex != .equality, sex != paySex, score.points != nil
        else { return score }
        var s = score
        if s.points != indicator.maximum {
            s.points = indicator.maximum
            s.corrected = true
        }
        return s
    }

    /// The index (§8): the points of the computable indicators over their maxima, × 100,
    /// rounded half up; nil when the maxima add up to less than 75.
    public static func index(_ scores: [Indicator: Score]) -> (points: Int, maximum: Int, index: Int?) {
        var points = 0, maximum = 0
        for (indicator, score) in scores {
            guard let p = score.points else { continue }
            points += p
            maximum += indicator.maximum
        }
        guard maximum >= 75 else { return (points, maximum, nil) }
        return (points, maximum, Fraction(BigInt(points) * 100, BigInt(maximum)).roundedHalfUp)
    }
}

extension Egapro {

    /// A member's index: the score of each indicator its bracket has, the 2&3 employee
    /// equivalent, the points over the maximum, the index and the proportion it rounds.
    public struct MemberScore: Sendable, Equatable {
        /// The indicators of the member's bracket, scored.
        public var scores: [Indicator: Score]
        /// Indicator 2&3's gap in employees, in tenths.
        public var raisesPromotionsEmployeesTenths: Int?
        /// Points of the computable indicators.
        public var points: Int
        /// Their maxima added up.
        public var maximum: Int
        /// The index; nil when the maxima add up to less than 75.
        public var index: Int?
        /// points × 100 / maximum in hundredths, rounded half up, as the simulator displays it.
        public var proportionalHundredths: Int?
    }

    /// The index of one member: its bracket's indicators, the correction rule, the index.
    public static func score(_ r: MemberReturn) -> MemberScore {
        var scores: [Indicator: Score] = [:]
        let pay = self.pay(r.pay, grouping: r.grouping)
        scores[.pay] = pay
        var employees: Int? = nil
        if r.workforce.isSmall {
            if let whole = r.raisesPromotions {
                let (s, e) = raisesPromotions(whole, declaredNone: r.declaredNone.contains(.raisesPromotions))
                scores[.raisesPromotions] = corrected(s, .raisesPromotions, pay: pay)
                employees = e
            } else {
                scores[.raisesPromotions] = .nc(.noRaise)
            }
        } else {
            for indicator in [Indicator.raises, .promotions] {
                let groups = indicator == .raises ? r.raises : r.promotions
                let s =
                    groups.map { rates(indicator, $0, declaredNone: r.declaredNone.contains(indicator)) }
                    ?? .nc(indicator == .raises ? .noRaise : .noPromotion)
                scores[indicator] = corrected(s, indicator, pay: pay)
            }
        }
        scores[.maternity] =
            r.maternity.map {
                maternity(returned: $0.returned, raised: $0.raised, raisesDuringLeave: r.raisesDuringLeave)
            }
            ?? .nc(.noReturn)
        scores[.top10] = top10(women: r.top10.women, men: r.top10.men)
        let total = index(scores)
        let proportional =
            total.index == nil ? nil : Fraction(BigInt(total.points) * 10_000, BigInt(total.maximum)).roundedHalfUp
        return MemberScore(
            scores: scores, raisesPromotionsEmployeesTenths: employees, points: total.points, maximum: total.maximum,
            index: total.index, proportionalHundredths: proportional)
    }
}
