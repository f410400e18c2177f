import Testing

@testable import Statistics

/// The t quantiles against scipy 1.17 (`scipy.stats.t.ppf(0.975, df)`), an independent tool.
struct StudentTTests {
    @Test(arguments: [
        (1, 12.706204736174694), (2, 4.302652729749462), (3, 3.1824463052837078), (4, 2.7764451051977934),
        (5, 2.5705818356363146), (7, 2.364624251592784), (10, 2.228138851986274), (30, 2.0422724563012378),
        (100, 1.9839715185235518), (1000, 1.9623390808264083),
    ])
    func quantile975(_ df: Int, _ scipy: Double) {
        #expect(abs(StudentT.quantile(0.975, df: df) - scipy) < 1e-9 * scipy, "df \(df)")
        #expect(abs(StudentT.critical95(df: df) - scipy) < 1e-9 * scipy, "df \(df)")
    }

    @Test func symmetryAndCentre() {
        #expect(StudentT.quantile(0.5, df: 3) == 0)
        #expect(abs(StudentT.quantile(0.025, df: 4) + 2.7764451051977934) < 1e-9)
        #expect(abs(StudentT.cdf(0, df: 7) - 0.5) < 1e-15)
    }
}
