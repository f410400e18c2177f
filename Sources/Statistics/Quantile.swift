/// Quantiles by linear interpolation between order statistics (Hyndman–Fan type 7, the
/// default of R's `quantile` and NumPy's `percentile`), so that figures can be checked
/// against either without a footnote.
public enum Quantile {
    /// The p-quantile (0 ≤ p ≤ 1) of `values`; nil when there are none.
    public static func type7(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty, p >= 0, p <= 1 else { return nil }
        return type7(sorted: values.sorted(), p)
    }

    /// Same, on values already sorted ascending (several quantiles of one set sort it once).
    public static func type7(sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty, p >= 0, p <= 1 else { return nil }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    public static func median(_ values: [Double]) -> Double? { type7(values, 0.5) }
}
