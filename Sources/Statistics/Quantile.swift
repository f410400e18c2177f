/// Quantiles by linear interpolation between order statistics (Hyndman–Fan type 7, the
/// default of R's `quantile` and NumPy's `percentile`), so that figures can be checked
/// against either without a footnote.
public enum Quantile {
    /// The p-quantile (0 ≤ p ≤ 1) of `values`; nil when there are none.
    /// The two order statistics it needs are found by selection on one scratch copy, in
    /// linear time, not by sorting (the medians of imputation run once per group and question).
    public static func type7(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty, p >= 0, p <= 1 else { return nil }
        let h = Double(values.count - 1) * p
        let lo = Int(h.rounded(.down))
        if let (low, next) = wholeOrderStatistics(values, lo) { return low + (h - Double(lo)) * (next - low) }
        var scratch = values
        return scratch.withUnsafeMutableBufferPointer { buffer in
            select(lo, in: buffer)
            // Everything after `lo` is at least buffer[lo]: the next order statistic is their least.
            let next = lo + 1 < buffer.count ? buffer[(lo + 1)...].min()! : buffer[lo]
            return buffer[lo] + (h - Double(lo)) * (next - buffer[lo])
        }
    }

    /// How many of `values` are 0, 1, 2, … when they are more than 64 whole numbers ≥ +0, below
    /// 2¹⁶ and in a range at most four times their number (head counts): what counting sorts
    /// and counted order statistics need; nil otherwise (then sort or select).
    static func wholeNumberCounts(_ values: [Double]) -> [Int]? {
        guard values.count > 64 else { return nil }
        var largest = 0.0
        for x in values {
            guard x.sign == .plus, x < 65_536, x.rounded(.towardZero) == x else { return nil }
            largest = max(largest, x)
        }
        guard Int(largest) <= 4 * values.count else { return nil }
        var counts = [Int](repeating: 0, count: Int(largest) + 1)
        for x in values { counts[Int(x)] += 1 }
        return counts
    }

    /// The k-th and (k + 1)-th smallest values (the k-th twice when it is the largest), found
    /// by counting when the values are whole numbers in a range not much wider than their
    /// number (head counts); nil otherwise. The same values a sort gives.
    static func wholeOrderStatistics(_ values: [Double], _ k: Int) -> (Double, Double)? {
        guard let counts = wholeNumberCounts(values) else { return nil }
        var below = 0, low: Double? = nil
        for (v, c) in counts.enumerated() where c > 0 {
            if low == nil && below + c > k { low = Double(v) }
            if below + c > k + 1 { return (low!, Double(v)) }
            below += c
        }
        // k + 1 is past the end: the k-th is the largest.
        return (low!, low!)
    }

    /// `values.sorted()`, by an LSD radix sort on the bit patterns when every value is a
    /// finite number ≥ +0 (whose patterns order as the numbers do), in linear time; by
    /// `sorted()` otherwise. The same array either way (equal values have equal bits).
    public static func sortedNonNegative(_ values: [Double]) -> [Double] {
        guard values.count > 256, values.allSatisfy({ $0.sign == .plus && $0.isFinite }) else { return values.sorted() }
        var keys = values.map(\.bitPattern)
        var scratch = [UInt64](repeating: 0, count: keys.count)
        for shift in stride(from: 0, to: 64, by: 16) {
            var counts = [Int](repeating: 0, count: 1 << 16)
            for k in keys { counts[Int((k >> UInt64(shift)) & 0xFFFF)] += 1 }
            // A pass whose digit is the same for every value moves nothing.
            if counts.contains(keys.count) { continue }
            var start = 0
            for d in counts.indices {
                let c = counts[d]
                counts[d] = start
                start += c
            }
            for k in keys {
                let d = Int((k >> UInt64(shift)) & 0xFFFF)
                scratch[counts[d]] = k
                counts[d] += 1
            }
            swap(&keys, &scratch)
        }
        return keys.map(Double.init(bitPattern:))
    }

    /// Puts the k-th smallest element at `k`, the smaller ones before it and the others after
    /// (Hoare's quickselect with a median-of-three pivot; a sort of what is left once the
    /// partitions stop shrinking, so the worst case stays n log n, as in introselect).
    static func select(_ k: Int, in a: UnsafeMutableBufferPointer<Double>) {
        var low = 0, high = a.count - 1
        var budget = 2 * (Int.bitWidth - a.count.leadingZeroBitCount)
        while high > low {
            if budget == 0 {
                var rest = UnsafeMutableBufferPointer(rebasing: a[low...high])
                rest.sort()
                return
            }
            budget -= 1
            let mid = low + (high - low) / 2
            if a[mid] < a[low] { a.swapAt(mid, low) }
            if a[high] < a[low] { a.swapAt(high, low) }
            if a[high] < a[mid] { a.swapAt(high, mid) }
            let pivot = a[mid]
            var i = low, j = high
            while i <= j {
                while a[i] < pivot { i += 1 }
                while pivot < a[j] { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { high = j } else if k >= i { low = i } else { return }
        }
    }

    /// Same, on values already sorted ascending (several quantiles of one set sort it once).
    public static func type7(sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty, p >= 0, p <= 1 else { return nil }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// The median (type 7, as R's `median`); nil when there are no values.
    public static func median(_ values: [Double]) -> Double? { type7(values, 0.5) }
}
