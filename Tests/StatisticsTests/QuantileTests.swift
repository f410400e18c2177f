import Testing
@testable import Statistics

/// Hyndman–Fan type 7: h = (n − 1)p, value = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
struct QuantileTests {
    @Test func handComputed() {
        let x = [4.0, 1, 3, 2]                       // sorted: 1 2 3 4, n = 4
        #expect(Quantile.type7(x, 0.25) == 1.75)     // h = 0.75 → 1 + 0.75 × (2 − 1)
        #expect(Quantile.type7(x, 0.5) == 2.5)       // h = 1.5  → 2 + 0.5 × (3 − 2)
        #expect(Quantile.type7(x, 0.75) == 3.25)     // h = 2.25 → 3 + 0.25 × (4 − 3)
        #expect(Quantile.type7(x, 0) == 1)
        #expect(Quantile.type7(x, 1) == 4)
        let y = [10.0, 20, 40]                       // h = 0.5 at p = 0.25 → 10 + 0.5 × 10
        #expect(Quantile.type7(y, 0.25) == 15)
        #expect(Quantile.type7(y, 0.75) == 30)       // h = 1.5 → 20 + 0.5 × 20
        #expect(Quantile.median([7]) == 7)
        #expect(Quantile.median([]) == nil)
        #expect(Quantile.type7(x, 1.5) == nil)
    }
}
