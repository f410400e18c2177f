/// Everything read from a `Datasets/` folder, accepted rows only.
public struct Dataset: Sendable {
    /// Who the members are; every record refers to one by its position here.
    public var registry: Registry
    /// The accepted barometer returns of each quarter.
    public var barometer: [Quarter: [BarometerResponse]]
    /// The accepted gender-equality rows of each year.
    public var gender: [Int: GenderRows]
    /// The accepted funding returns of each year.
    public var funding: [Int: FundingRows]
    /// The accepted Egapro returns of each year, one per member, in registry order.
    public var egapro: [Int: [Egapro.MemberReturn]]

    /// A dataset holding only the surveys a job needs: the others stay empty.
    public init(
        registry: Registry, barometer: [Quarter: [BarometerResponse]] = [:],
        gender: [Int: GenderRows] = [:], funding: [Int: FundingRows] = [:],
        egapro: [Int: [Egapro.MemberReturn]] = [:]
    ) {
        self.registry = registry
        self.barometer = barometer
        self.gender = gender
        self.funding = funding
        self.egapro = egapro
    }
}
