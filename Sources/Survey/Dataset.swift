/// Everything read from a `Datasets/` folder, accepted rows only.
public struct Dataset: Sendable {
    public var registry: Registry
    public var barometer: [Quarter: [BarometerResponse]]
    public var gender: [Int: [GenderRecord]]
    public var funding: [Int: [FundingRecord]]

    public init(
        registry: Registry, barometer: [Quarter: [BarometerResponse]] = [:],
        gender: [Int: [GenderRecord]] = [:], funding: [Int: [FundingRecord]] = [:]
    ) {
        self.registry = registry
        self.barometer = barometer
        self.gender = gender
        self.funding = funding
    }
}
