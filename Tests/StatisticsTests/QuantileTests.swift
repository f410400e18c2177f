import Testing

@testable import Statistics

/// Hyndman–Fan type 7: h = (n − 1)p, value = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
struct QuantileTests {
    @Test func handComputed() {
        let x = [4.0, 1, 3, 2]  // sorted: 1 2 3 4, n = 4
        #expect(Quantile.type7(x, 0.25) == 1.75)  // h = 0.75 → 1 + 0.75 × (2 − 1)
        #expect(Quantile.type7(x, 0.5) == 2.5)  // h = 1.5  → 2 + 0.5 × (3 − 2)
        #expect(Quantile.type7(x, 0.75) == 3.25)  // h = 2.25 → 3 + 0.25 × (4 − 3)
        #expect(Quantile.type7(x, 0) == 1)
        #expect(Quantile.type7(x, 1) == 4)
        let y = [10.0, 20, 40]  // h = 0.5 at p = 0.25 → 10 + 0.5 × 10
        #expect(Quantile.type7(y, 0.25) == 15)
        #expect(Quantile.type7(y, 0.75) == 30)  // h = 1.5 → 20 + 0.5 × 20
        #expect(Quantile.median([7]) == 7)
        #expect(Quantile.median([]) == nil)
        #expect(Quantile.type7(x, 1.5) == nil)
    }

    /// Selection gives the order statistics a full sort gives: every rank of arrays with many
    /// ties, sorted, reversed and constant runs (the shapes that break a careless partition).
    @Test func selectionFindsTheOrderStatisticsOfASort() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for n in 1...70 {
            for shape in 0..<4 {
                var values = (0..<n).map { _ in Double(next(shape == 3 ? 2 : 9)) }
                if shape == 1 { values.sort() }
                if shape == 2 { values.sort(by: >) }
                let sorted = values.sorted()
                for k in 0..<n {
                    var scratch = values
                    scratch.withUnsafeMutableBufferPointer { Quantile.select(k, in: $0) }
                    #expect(scratch[k] == sorted[k], "n \(n), shape \(shape), rank \(k)")
                    #expect(
                        scratch[..<k].allSatisfy { $0 <= sorted[k] }
                            && scratch[(k + 1)...].allSatisfy { $0 >= sorted[k] })
                }
                for p in [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1] {
                    #expect(Quantile.type7(values, p) == Quantile.type7(sorted: sorted, p))
                }
            }
        }
    }

    /// The counting sort of headcounts gives exactly the array `sort()` gives, whole numbers
    /// or not, wide range or narrow.
    @Test func headcountsSortAsSortDoes() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for n in [0, 1, 5, 64, 65, 200, 5_000] {
            for range in [1, 3, 40, 1_000, 70_000] {
                let whole = (0..<n).map { _ in Double(next(range)) }
                var counted = whole
                LeaveOneOut.sortHeadcounts(&counted)
                #expect(counted == whole.sorted(), "n \(n) range \(range)")
                var mixed = whole + [2.5]
                LeaveOneOut.sortHeadcounts(&mixed)
                #expect(mixed == (whole + [2.5]).sorted(), "n \(n) range \(range) with a fraction")
            }
        }
    }

    /// Quantiles of whole numbers (found by counting) are those of the sorted values, at every
    /// p that matters and at the ends, with ties, narrow and wide ranges.
    @Test func wholeNumbersGiveTheQuantilesOfTheSort() {
        var state: UInt64 = 0x0DDB_1A5E_5BAD_5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for n in [65, 66, 100, 1_001] {
            for range in [1, 2, 30, 300, 100_000] {
                let values = (0..<n).map { _ in Double(next(range)) }
                let sorted = values.sorted()
                for p in [0, 0.25, 0.5, 0.75, 0.999, 1] {
                    #expect(
                        Quantile.type7(values, p) == Quantile.type7(sorted: sorted, p), "n \(n) range \(range) p \(p)")
                }
            }
        }
    }

    /// The radix sort of shares gives the array `sorted()` gives: ties, zeros, tiny and huge
    /// values, and the fallback when a value is negative.
    @Test func nonNegativeValuesSortAsSortedDoes() {
        var state: UInt64 = 0x5EED_0F_5A_4E5
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        for n in [0, 10, 257, 5_000] {
            var values = (0..<n).map { _ in 100 * Double(next() % 10_000) / 9_999 }
            values += [0, 0, 100, 5e-324, 1e300, 33.333333333333336].prefix(n)
            #expect(Quantile.sortedNonNegative(values) == values.sorted(), "n \(n)")
            #expect(Quantile.sortedNonNegative(values + [-1]) == (values + [-1]).sorted(), "n \(n) with a negative")
        }
    }
}
