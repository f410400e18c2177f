import Ingestion
import Reporting
import Survey

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small, fast, seedable generator (xoshiro256**, seeded by SplitMix64) so that the same
/// seed gives the same sample on every machine, whatever the standard library's generator.
public struct SampleRandom: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [`lo`, `hi`).
    public mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * uniform() }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 0x1.0p-60), u2 = uniform()
        return sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)
    }

    /// Normal with mean `mean` and standard deviation `sd`.
    public mutating func normal(_ mean: Double, _ sd: Double) -> Double { mean + sd * normal() }

    /// Log-normal with the given mean and standard deviation (not those of its logarithm):
    /// right-skewed sizes, as SAMPLE.md asks for headcounts and turnovers.
    public mutating func logNormal(mean: Double, sd: Double) -> Double {
        guard mean > 0 else { return 0 }
        let sigma2 = log(1 + (sd * sd) / (mean * mean))
        let mu = log(mean) - sigma2 / 2
        return exp(mu + sqrt(sigma2) * normal())
    }

    /// One of `items`, each as likely.
    public mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}

/// What to generate. Defaults follow SAMPLE.md: 523 members, quarters 2013-Q1 to 2014-Q4,
/// the gender and funding surveys of 2013 and 2014.
public struct SampleParameters: Sendable {
    /// The seed: the same seed gives the same files (`--seed`).
    public var seed: UInt64 = 2014
    /// Members of the registry (`--members`).
    public var members = 523
    /// The first quarter of barometer returns (`--from`).
    public var from = Quarter(year: 2013, number: 1)!
    /// The last quarter (`--to`).
    public var to = Quarter(year: 2014, number: 4)!
    /// Whether to write the barometer files.
    public var includeBarometer = true
    /// Whether to write the gender files.
    public var includeGender = true
    /// Whether to write the funding files.
    public var includeFunding = true
    /// Whether to write the Egapro file of the last year.
    public var includeEgapro = true

    /// The defaults: the sample of Datasets/.
    public init() {}
}

/// The deterministic synthetic sample of `Datasets/`, in the `excel-fr` dialect with the
/// French headers and answer words of a federation's Excel export.
///
/// Each member gets latent yearly figures drawn from the per-type distributions of
/// SAMPLE.md; columns are then rescaled so that the network totals of 2014 hit the
/// federation's published figures (68 830 people in integration, 2 825 permanents, turnover
/// SIAE 287 M€ + other 21 M€, 86 % of resources from economic activity), scaled by
/// members/523 when `--members` asks for another size. 2013 is 2014 divided by a growth
/// drawn per member. Barometer respondents are a panel with churn (a two-state Markov chain
/// per member, about 150 of 523 per quarter); opinions follow a weak 2013 and a weaker 2014
/// for ETTI, the cycle the DARES notes describe.
public struct SampleGenerator: Sendable {
    /// What to generate.
    public let parameters: SampleParameters

    /// A generator of the sample `parameters` describe.
    public init(_ parameters: SampleParameters) {
        self.parameters = parameters
    }

    /// One generated file: its path under the datasets folder and its bytes.
    public typealias Emit = (_ relativePath: String, _ bytes: [UInt8]) throws -> Void

    // MARK: The network

    struct TypeProfile {
        let type: StructureType
        let count: Int
        let parcours: (Double, Double)
        let permanents: (Double, Double)
        let turnoverM: (Double, Double)
        let publicShare: (mean: Double, lo: Double, hi: Double)
        let womenParcours: (Double, Double)
        let hoursPerParcours: (mean: Double, lo: Double, hi: Double)
        let womenPermanents: Double
        let womenDirectors: Double
        let exitsToEmployment: Double
        let presentAtQuarterEnd: Double
        /// State, department, region, municipality, ESF, other public.
        let funders: [Double]
    }

    static let profiles: [TypeProfile] = [
        TypeProfile(
            type: .ai, count: 310, parcours: (179, 120), permanents: (3.8, 2.5), turnoverM: (0.62, 0.45),
            publicShare: (0.06, 0.02, 0.15), womenParcours: (0.60, 0.12), hoursPerParcours: (180, 100, 350),
            womenPermanents: 0.80, womenDirectors: 0.60, exitsToEmployment: 0.50, presentAtQuarterEnd: 1.0 / 3,
            funders: [0.55, 0.18, 0.05, 0.08, 0.10, 0.04]),
        TypeProfile(
            type: .aci, count: 75, parcours: (40, 25), permanents: (9, 5), turnoverM: (0.16, 0.12),
            publicShare: (0.71, 0.55, 0.85), womenParcours: (0.35, 0.15), hoursPerParcours: (600, 400, 900),
            womenPermanents: 0.50, womenDirectors: 0.40, exitsToEmployment: 0.42, presentAtQuarterEnd: 2.0 / 3,
            funders: [0.67, 0.22, 0.03, 0.03, 0.04, 0.01]),
        TypeProfile(
            type: .etti, count: 48, parcours: (200, 150), permanents: (4.5, 2.5), turnoverM: (1.25, 0.9),
            publicShare: (0.11, 0.06, 0.18), womenParcours: (0.20, 0.10), hoursPerParcours: (260, 150, 500),
            womenPermanents: 0.65, womenDirectors: 0.32, exitsToEmployment: 0.58, presentAtQuarterEnd: 1.0 / 3,
            funders: [0.70, 0.10, 0.04, 0.04, 0.08, 0.04]),
        TypeProfile(
            type: .ei, count: 18, parcours: (25, 18), permanents: (8, 5), turnoverM: (1.05, 0.8),
            publicShare: (0.13, 0.08, 0.25), womenParcours: (0.30, 0.15), hoursPerParcours: (770, 500, 1300),
            womenPermanents: 0.60, womenDirectors: 0.32, exitsToEmployment: 0.62, presentAtQuarterEnd: 2.0 / 3,
            funders: [0.72, 0.10, 0.05, 0.03, 0.07, 0.03]),
        TypeProfile(
            type: .geiq, count: 6, parcours: (40, 25), permanents: (3, 1.5), turnoverM: (0.70, 0.4),
            publicShare: (0.10, 0.03, 0.25), womenParcours: (0.30, 0.15), hoursPerParcours: (1100, 700, 1500),
            womenPermanents: 0.65, womenDirectors: 0.45, exitsToEmployment: 0.60, presentAtQuarterEnd: 2.0 / 3,
            funders: [0.35, 0.10, 0.35, 0.02, 0.10, 0.08]),
        TypeProfile(
            type: .sap, count: 47, parcours: (0, 0), permanents: (9, 6), turnoverM: (0.32, 0.25),
            publicShare: (0.03, 0.0, 0.10), womenParcours: (0, 0), hoursPerParcours: (0, 0, 0),
            womenPermanents: 0.88, womenDirectors: 0.70, exitsToEmployment: 0, presentAtQuarterEnd: 0,
            funders: [0.20, 0.50, 0.05, 0.15, 0.05, 0.05]),
        TypeProfile(
            type: .other, count: 19, parcours: (0, 0), permanents: (9, 6), turnoverM: (0.32, 0.25),
            publicShare: (0.03, 0.0, 0.10), womenParcours: (0, 0), hoursPerParcours: (0, 0, 0),
            womenPermanents: 0.75, womenDirectors: 0.55, exitsToEmployment: 0, presentAtQuarterEnd: 0,
            funders: [0.25, 0.40, 0.10, 0.15, 0.05, 0.05]),
    ]

    /// The 18 regions of the federation in 2014 with weights close to their share of SIAE,
    /// and the départements of each (SAMPLE.md, "Regions").
    static let regions: [(name: String, weight: Double, departments: [String])] = [
        ("Alsace", 3, ["67", "68"]),
        ("Aquitaine", 5, ["24", "33", "40", "47", "64"]),
        ("Auvergne", 3, ["03", "15", "43", "63"]),
        ("Basse-Normandie", 3, ["14", "50", "61"]),
        ("Bretagne", 9, ["22", "29", "35", "56"]),
        ("Centre-Limousin", 8, ["18", "28", "36", "37", "41", "45", "19", "23", "87"]),
        ("Corse", 0.6, ["2A", "2B"]),
        ("Franche-Comté", 3, ["25", "39", "70", "90"]),
        ("Haute-Normandie", 3, ["27", "76"]),
        ("Ile-de-France", 8, ["75", "77", "78", "91", "92", "93", "94", "95"]),
        ("La Réunion-Mayotte", 1, ["974", "976"]),
        ("Lorraine", 4, ["54", "55", "57", "88"]),
        ("Midi-Pyrénées", 5, ["09", "12", "31", "32", "46", "65", "81", "82"]),
        ("Nord-Pas-de-Calais", 7, ["59", "62"]),
        ("PACA", 5, ["04", "05", "06", "13", "83", "84"]),
        ("Pays de la Loire", 9, ["44", "49", "53", "72", "85"]),
        ("Poitou-Charentes", 4, ["16", "17", "79", "86"]),
        ("Rhône-Alpes", 11, ["01", "07", "26", "38", "42", "69", "73", "74"]),
    ]

    static let nameStems: [StructureType: [String]] = [
        .ai: [
            "Association intermédiaire", "AI", "Emploi Services", "Trait d'Union", "Coup de Main", "Partage Travail",
            "Tremplin",
        ],
        .aci: ["Chantier", "Jardins de Cocagne", "Ressourcerie", "Atelier Vélo", "Les Compagnons du chantier"],
        .etti: ["ETTI", "Intérim Solidaire", "Actif Intérim", "Passerelle Intérim"],
        .ei: ["Entreprise d'insertion", "Bâti-Solidaire", "Recyclerie", "Blanchisserie"],
        .geiq: ["GEIQ BTP", "GEIQ Propreté", "GEIQ Agri"],
        .sap: ["Proxim'Services", "Services à la personne", "Aide à domicile"],
        .other: ["Organisme de formation", "ETT ESS", "Groupe économique solidaire"],
    ]

    struct MemberDraw {
        var member: Member
        var profile: Int
        var parcours: Double
        var permanents: Double
        var turnover: Double
        var publicShare: Double
        var otherShare: Double
        var womenParcours: Double
        var hoursPerParcours: Double
        var growth: Double
        var propensity: Double
        var persistence: Double
        var mood: Double
        var funders: [Double]
        var surveyedGender: Bool
        var surveyedFunding: (Bool, Bool)
    }

    /// Counts per type for `n` members, in the 2014 proportions (largest remainder).
    static func typeCounts(_ n: Int) -> [Int] {
        let base = profiles.map(\.count)
        let total = base.reduce(0, +)
        let exact = base.map { Double($0) * Double(n) / Double(total) }
        var counts = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - Double(counts[$0]), $1) > (exact[$1] - Double(counts[$1]), $0) }
        var left = n - counts.reduce(0, +)
        for i in order where left > 0 {
            counts[i] += 1
            left -= 1
        }
        return counts
    }

    func drawNetwork(_ rng: inout SampleRandom) -> [MemberDraw] {
        let n = parameters.members
        let counts = SampleGenerator.typeCounts(n)
        let width = max(4, String(n).count)
        let regionTotal = SampleGenerator.regions.map(\.weight).reduce(0, +)
        var types: [Int] = []
        for (p, c) in counts.enumerated() { types += Array(repeating: p, count: c) }
        types.shuffle(using: &rng)
        var draws: [MemberDraw] = []
        draws.reserveCapacity(n)
        for i in 0..<n {
            let p = types[i]
            let profile = SampleGenerator.profiles[p]
            var r = rng.uniform() * regionTotal
            var region = SampleGenerator.regions[0]
            for candidate in SampleGenerator.regions {
                r -= candidate.weight
                region = candidate
                if r < 0 { break }
            }
            let department = rng.pick(region.departments)
            let stem = rng.pick(SampleGenerator.nameStems[profile.type]!)
            var name =
                "\(stem) \(SampleGenerator.townWords[Int(rng.next() % UInt64(SampleGenerator.townWords.count))]) \(department)"
            if rng.chance(0.02) { name = "\(stem) \"Le Relais\"; \(department)" }
            let id = "ADH" + String(repeating: "0", count: max(0, width - String(i + 1).count)) + String(i + 1)
            let member = Member(
                id: id, name: name, region: region.name, department: department,
                structureType: profile.type, active: !rng.chance(0.02), line: i + 2)
            let share = min(
                profile.publicShare.hi,
                max(
                    profile.publicShare.lo,
                    rng.normal(profile.publicShare.mean, (profile.publicShare.hi - profile.publicShare.lo) / 4)))
            let kind = rng.uniform()
            let propensity = kind < 0.25 ? 0.85 : (kind < 0.40 ? 0.30 : 0.05)
            let persistence = kind < 0.25 ? 0.92 : (kind < 0.40 ? 0.60 : 0.30)
            var funders = profile.funders.map { $0 * rng.uniform(0.6, 1.4) }
            if rng.chance(0.5) { funders[2] = 0 }
            if rng.chance(0.4) { funders[4] = 0 }
            if rng.chance(0.3) { funders[5] = 0 }
            let draw = MemberDraw(
                member: member, profile: p,
                parcours: profile.parcours.0 > 0
                    ? max(3, rng.logNormal(mean: profile.parcours.0, sd: profile.parcours.1)) : 0,
                permanents: max(1, rng.logNormal(mean: profile.permanents.0, sd: profile.permanents.1)),
                turnover: max(5_000, rng.logNormal(mean: profile.turnoverM.0 * 1e6, sd: profile.turnoverM.1 * 1e6)),
                publicShare: share, otherShare: rng.uniform(0.0, 0.02),
                womenParcours: min(0.95, max(0.03, rng.normal(profile.womenParcours.0, profile.womenParcours.1))),
                hoursPerParcours: min(
                    profile.hoursPerParcours.hi,
                    max(
                        profile.hoursPerParcours.lo,
                        rng.normal(
                            profile.hoursPerParcours.mean,
                            (profile.hoursPerParcours.hi - profile.hoursPerParcours.lo) / 5))),
                growth: rng.normal(1.02, 0.05), propensity: propensity, persistence: persistence,
                mood: rng.normal(0, 0.3), funders: funders,
                surveyedGender: rng.chance(0.85), surveyedFunding: (rng.chance(0.93), rng.chance(0.95)))
            draws.append(draw)
        }
        // Rescale to the federation's 2014 totals (scaled to the network size).
        let scale = Double(n) / 523
        func rescale(_ key: WritableKeyPath<MemberDraw, Double>, to target: Double, where include: (MemberDraw) -> Bool)
        {
            let sum = draws.filter(include).map { $0[keyPath: key] }.reduce(0, +)
            guard sum > 0 else { return }
            let k = target * scale / sum
            for i in draws.indices where include(draws[i]) { draws[i][keyPath: key] *= k }
        }
        rescale(\.parcours, to: 68_830) { _ in true }
        rescale(\.permanents, to: 2_825) { _ in true }
        // Turnover is the funding survey's sales: its 2014 respondents make the published total.
        rescale(\.turnover, to: 287e6) { $0.member.structureType.isSIAE && $0.surveyedFunding.1 && $0.member.active }
        rescale(\.turnover, to: 21e6) { !$0.member.structureType.isSIAE && $0.surveyedFunding.1 && $0.member.active }
        return draws
    }

    static let townWords = [
        "du Pays de Rance", "de la Vallée", "Centre", "Nord", "Sud", "Ouest", "Est", "des Deux Rives",
        "du Bocage", "des Coteaux", "de l'Agglomération", "Littoral", "des Monts", "du Val", "Solidaire",
    ]

    // MARK: Files

    /// Generates every file and hands each to `emit`, in a fixed order.
    public func generate(_ emit: Emit) throws {
        var rng = SampleRandom(seed: parameters.seed)
        let draws = drawNetwork(&rng)
        try emit("members.csv", membersFile(draws))
        if parameters.includeBarometer {
            // Start the panel in its steady state, so the first quarter is like the others.
            var responding = draws.map { rng.chance($0.propensity) }
            var q = parameters.from
            while q <= parameters.to {
                try emit("barometer/\(q).csv", barometerFile(q, draws, &responding, &rng))
                q = q.next
            }
        }
        let years = Array(Set([parameters.from.year, parameters.to.year])).sorted()
        let allYears = years.count == 2 ? Array(years[0]...years[1]) : years
        if parameters.includeGender {
            for y in allYears { try emit("gender/\(y).csv", genderFile(y, draws, &rng)) }
        }
        if parameters.includeFunding {
            let k = publicScale(draws)
            for y in allYears { try emit("funding/\(y).csv", fundingFile(y, draws, k, &rng)) }
        }
        // Drawn last, so that the files above are the same with or without it.
        if parameters.includeEgapro {
            let y = parameters.to.year
            try emit("egapro/\(y).csv", egaproFile(y, draws, &rng))
        }
    }

    private func writer(_ columns: [ColumnSpec]) -> CSVWriter {
        var w = CSVWriter(dialect: .excelFr, escapeFormulas: false, keepsTable: false)
        w.header(columns.map(\.french))
        return w
    }

    func membersFile(_ draws: [MemberDraw]) -> [UInt8] {
        var w = writer(Schema.members)
        for d in draws {
            let m = d.member
            w.write([
                .text(m.id), .text(m.name), .text(m.region), .text(m.department ?? ""),
                .text(m.structureType.rawValue), .text(m.active ? "oui" : "non"),
            ])
        }
        return w.bytes
    }

    /// A member's yearly figure in `year`: 2014 is the reference, other years move by the
    /// member's growth.
    func yearFactor(_ d: MemberDraw, _ year: Int) -> Double { pow(d.growth, Double(year - 2014)) }

    /// The network's cycle for a question in a quarter (SAMPLE.md: 2013 weak, 2014 weaker
    /// for construction-heavy ETTI; outlooks a little more hopeful than the past quarter).
    func cycle(_ q: Quarter, question: Int, type: StructureType) -> Double {
        let base2013: [Double] = [-0.35, -0.20, -0.30, -0.10]
        let base2014: [Double] = [-0.25, -0.15, -0.30, -0.20]
        var c = (q.year <= 2013 ? base2013 : base2014)[q.number - 1]
        if q.year > 2014 { c += 0.1 * Double(q.year - 2014) }
        if question == 1 || question == 3 { c += 0.12 }
        if question == 2 || question == 3 { c = c * 0.6 + 0.05 }
        if question == 4 { c = -0.25 + 0.3 * c }
        if type == .etti && q.year >= 2014 { c -= 0.25 }
        if type == .aci { c += 0.05 }
        return c
    }

    func barometerFile(_ q: Quarter, _ draws: [MemberDraw], _ responding: inout [Bool], _ rng: inout SampleRandom)
        -> [UInt8]
    {
        var w = writer(Schema.barometer)
        let season: [Double] = [1.0, 1.05, 0.85, 1.10]
        let opinionWords = ["baisse", "stable", "hausse"]
        let cashWords = ["difficile", "normale", "aisée"]
        var resent: [CSVValue]? = nil
        for (i, d) in draws.enumerated() {
            // Two-state chain with stationary probability `propensity`.
            let p = d.propensity, a = d.persistence
            let b = p * (1 - a) / (1 - p)
            let answers = rng.chance(responding[i] ? a : b) && (d.member.active || rng.chance(0.3))
            responding[i] = answers
            guard answers else { continue }
            let profile = SampleGenerator.profiles[d.profile]
            var row: [CSVValue] = [
                .text(d.member.id), .text(q.number == 4 && i % 7 == 0 ? "T\(q.number) \(q.year)" : "\(q)"),
            ]
            for question in 0..<5 {
                if rng.chance(0.03) {
                    row.append(.empty)
                    continue
                }
                let u = rng.normal(cycle(q, question: question, type: d.member.structureType) + d.mood, 1)
                let code = u > 0.6 ? 2 : (u < -0.6 ? 0 : 1)
                row.append(.text(question == 4 ? cashWords[code] : opinionWords[code]))
            }
            let yf = yearFactor(d, q.year) * max(0.5, rng.normal(1, 0.05))
            let integration = (d.parcours * profile.presentAtQuarterEnd * yf).rounded()
            row.append(rng.chance(0.02) ? .empty : .integer(Int(integration)))
            row.append(rng.chance(0.02) ? .empty : .integer(max(1, Int((d.permanents * yf).rounded()))))
            let hours = (d.parcours * d.hoursPerParcours / 4 * season[q.number - 1] * yf * 2).rounded() / 2
            row.append(rng.chance(0.03) ? .empty : .decimal(hours, places: hours.rounded() == hours ? 0 : 1))
            let cents = Int64((d.turnover / 4 * season[q.number - 1] * yf * 100).rounded())
            row.append(rng.chance(0.03) ? .empty : .cents(Int128(cents)))
            w.write(row)
            // One member sends its return twice in 2014-Q2, the second time corrected: the
            // later line wins (SPEC 3.4), as the validator warns.
            if q == Quarter(year: 2014, number: 2) && resent == nil && d.member.active && i >= draws.count / 3
                && parameters.members >= 100
            {
                row[7] = .integer(Int(integration) + 1)
                resent = row
            }
        }
        if let resent { w.write(resent) }
        return w.bytes
    }

    func genderFile(_ year: Int, _ draws: [MemberDraw], _ rng: inout SampleRandom) -> [UInt8] {
        var w = writer(Schema.gender)
        for d in draws where d.surveyedGender && d.member.active {
            let profile = SampleGenerator.profiles[d.profile]
            let yf = yearFactor(d, year)
            func rows(
                _ population: Population, women: Int, men: Int, hoursPerHead: (Double, Double)?,
                hourlyPay: (Double, Double)?, trainingRate: Double?, exitRate: Double?, dynamic: Double?
            ) {
                for (sex, count) in [(Sex.female, women), (Sex.male, men)] {
                    if count == 0 && rng.chance(0.5) { continue }
                    let female = sex == .female
                    var row: [CSVValue] = [
                        .text(d.member.id), .integer(year), .text(population.rawValue), .text(sex.rawValue),
                        .integer(count),
                    ]
                    if let hoursPerHead, count > 0 {
                        let h = (Double(count) * (female ? hoursPerHead.0 : hoursPerHead.1) * rng.uniform(0.95, 1.05))
                            .rounded()
                        row.append(.integer(Int(h)))
                        if let hourlyPay {
                            let pay = h * (female ? hourlyPay.0 : hourlyPay.1) * rng.uniform(0.98, 1.02)
                            row.append(.cents(Int128((pay * 100).rounded())))
                        } else {
                            row.append(.empty)
                        }
                    } else {
                        row += [.empty, .empty]
                    }
                    if let trainingRate {
                        let t = min(
                            count,
                            Int((Double(count) * trainingRate * rng.uniform(0.7, 1.3) * (female ? 0.95 : 1)).rounded()))
                        row.append(.integer(t))
                    } else {
                        row.append(.empty)
                    }
                    if let exitRate {
                        let e = min(count, Int((Double(count) * exitRate * rng.uniform(0.8, 1.2)).rounded()))
                        row.append(.integer(e))
                        if let dynamic {
                            let rate = min(1, max(0, rng.normal(dynamic - (female ? 0.035 : 0), 0.08)))
                            row.append(.integer(min(e, Int((Double(e) * rate).rounded()))))
                        } else {
                            row.append(.empty)
                        }
                    } else {
                        row += [.empty, .empty]
                    }
                    w.write(row)
                }
            }
            if d.parcours > 0 {
                let total = max(1, Int((d.parcours * yf).rounded()))
                let women = Int((Double(total) * min(1, max(0, rng.normal(d.womenParcours, 0.03)))).rounded())
                let menHours = d.hoursPerParcours / (0.88 * d.womenParcours + (1 - d.womenParcours))
                let smic = year <= 2013 ? 9.43 : 9.53
                rows(
                    .integration, women: women, men: total - women, hoursPerHead: (0.88 * menHours, menHours),
                    hourlyPay: (smic * 1.03, smic * 1.05), trainingRate: rng.uniform(0.2, 0.45),
                    exitRate: rng.uniform(0.4, 0.65), dynamic: profile.exitsToEmployment)
            }
            let permanents = max(1, Int((d.permanents * yf).rounded()))
            let womenPermanents = Int(
                (Double(permanents) * min(1, max(0, rng.normal(profile.womenPermanents, 0.15)))).rounded())
            rows(
                .permanent, women: womenPermanents, men: permanents - womenPermanents, hoursPerHead: (1_380, 1_540),
                hourlyPay: (14.1, 15.2), trainingRate: rng.uniform(0.25, 0.6), exitRate: rng.uniform(0.03, 0.15),
                dynamic: nil)
            let directors = rng.chance(0.8) ? 1 : (rng.chance(0.7) ? 2 : 3)
            var womenDirectors = 0
            for _ in 0..<directors where rng.chance(profile.womenDirectors) { womenDirectors += 1 }
            rows(
                .management, women: womenDirectors, men: directors - womenDirectors, hoursPerHead: (1_650, 1_700),
                hourlyPay: (21.5, 23.8), trainingRate: rng.uniform(0.2, 0.7), exitRate: nil, dynamic: nil)
            let board = Int(rng.uniform(6, 15))
            var womenBoard = 0
            let boardWomenRate = min(0.9, max(0.1, rng.normal(profile.womenDirectors * 0.8, 0.15)))
            for _ in 0..<board where rng.chance(boardWomenRate) { womenBoard += 1 }
            rows(
                .board, women: womenBoard, men: board - womenBoard, hoursPerHead: nil, hourlyPay: nil,
                trainingRate: nil, exitRate: nil, dynamic: nil)
        }
        return w.bytes
    }

    /// The factor on public money that makes economic activity 86 % of the 2014 resources of
    /// the members who answer the funding survey (the federation's headline).
    func publicScale(_ draws: [MemberDraw]) -> Double {
        var sales = 0.0, publicMoney = 0.0, other = 0.0
        for d in draws where d.surveyedFunding.1 && d.member.active {
            let resources = d.turnover / (1 - d.publicShare - d.otherShare)
            sales += d.turnover
            publicMoney += resources * d.publicShare
            other += resources * d.otherShare
        }
        guard publicMoney > 0 else { return 1 }
        return (sales / 0.86 - sales - other) / publicMoney
    }

    func fundingFile(_ year: Int, _ draws: [MemberDraw], _ publicScale: Double, _ rng: inout SampleRandom) -> [UInt8] {
        var w = writer(Schema.funding)
        for d in draws where (year <= 2013 ? d.surveyedFunding.0 : d.surveyedFunding.1) && d.member.active {
            let yf = yearFactor(d, year)
            let resources = d.turnover / (1 - d.publicShare - d.otherShare)
            let sales = Int64((d.turnover * yf).rounded())
            let publicMoney = resources * d.publicShare * publicScale * yf * rng.uniform(0.97, 1.03)
            let weights = d.funders
            let totalWeight = weights.reduce(0, +)
            let publicEuros = Int64(publicMoney.rounded())
            // Split whole euros among funders by largest remainder so that they add up exactly.
            let exact = weights.map { Double(publicEuros) * $0 / totalWeight }
            var parts = exact.map { Int64($0.rounded(.down)) }
            var left = publicEuros - parts.reduce(0, +)
            let order = exact.indices.sorted {
                (exact[$0] - Double(parts[$0]), $1) > (exact[$1] - Double(parts[$1]), $0)
            }
            for i in order where left > 0 {
                parts[i] += 1
                left -= 1
            }
            let otherMoney = resources * d.otherShare * yf
            let privateGrants = Int64((otherMoney * 0.4).rounded())
            let otherIncome = Int64((otherMoney * 0.6).rounded())
            var row: [CSVValue] = [.text(d.member.id), .integer(year), .integer(Int(sales))]
            row += parts.map { $0 == 0 ? CSVValue.empty : .integer(Int($0)) }
            row += [
                privateGrants == 0 ? .empty : .integer(Int(privateGrants)),
                otherIncome == 0 ? .empty : .integer(Int(otherIncome)),
            ]
            w.write(row)
        }
        return w.bytes
    }

    /// The Egapro returns of `year` (issue 12) for the active members of 50 employees or more
    /// (integration staff and permanents of the year). Pay by CSP (one member in ten by
    /// levels) and age band from the type's hourly pay scale, men paid a few percent more
    /// with a spread; raise and promotion rates close for both sexes; a few members with
    /// no raise, no promotion or no return from leave; women about a third of the 10 highest
    /// paid. These give indexes around the national mean (about 85) with a tail below 75.
    func egaproFile(_ year: Int, _ draws: [MemberDraw], _ rng: inout SampleRandom) -> [UInt8] {
        var w = writer(Schema.egapro)
        let ages = [":29", "30:39", "40:49", "50:"]
        let ageShares = [0.3, 0.27, 0.23, 0.2], agePay = [0.93, 1.0, 1.06, 1.1]
        let csps = ["ouv", "emp", "tam", "ic"]
        let cspPay = [19_800.0, 20_900.0, 27_500.0, 39_000.0]
        let levels = ["niveau 1", "niveau 2", "niveau 3", "niveau 4"]
        func split(_ n: Int, _ shares: [Double]) -> [Int] {
            var out = [Int](repeating: 0, count: shares.count)
            for _ in 0..<n {
                var u = rng.uniform(), i = 0
                while i < shares.count - 1 && u >= shares[i] {
                    u -= shares[i]
                    i += 1
                }
                out[i] += 1
            }
            return out
        }
        func binomial(_ n: Int, _ p: Double) -> Int { (0..<n).reduce(0) { c, _ in c + (rng.chance(p) ? 1 : 0) } }
        for d in draws where d.member.active {
            let yf = yearFactor(d, year)
            let integration = max(0, Int((d.parcours * yf).rounded()))
            let permanents = max(1, Int((d.permanents * yf).rounded()))
            let headcount = integration + permanents
            guard headcount >= 50 else { continue }
            let range = headcount <= 250 ? "50:250" : headcount <= 999 ? "251:999" : "1000:"
            let id = d.member.id
            func row(
                _ section: String, _ category: String = "", _ age: String = "", women: Int?, men: Int?,
                _ womenValue: CSVValue = .empty, _ menValue: CSVValue = .empty, calculable: String = "",
                leave: String = ""
            ) {
                w.write([
                    .text(id), .integer(year), .text(range), .text(section), .text(category), .text(age),
                    women.map { .integer($0) } ?? .empty, men.map { .integer($0) } ?? .empty, womenValue, menValue,
                    .text(calculable), .text(leave),
                ])
            }
            // Integration staff are mostly workers and employees; permanents employees up to executives.
            let womenIntegration = Int((Double(integration) * min(1, max(0, d.womenParcours))).rounded())
            let womenPermanents = Int((Double(permanents) * rng.uniform(0.45, 0.7)).rounded())
            let integrationCSP = [0.62, 0.38, 0, 0], permanentCSP = [0.05, 0.45, 0.32, 0.18]
            var women = [Int](repeating: 0, count: 4), men = [Int](repeating: 0, count: 4)
            for (i, n) in split(womenIntegration, integrationCSP).enumerated() { women[i] += n }
            for (i, n) in split(integration - womenIntegration, integrationCSP).enumerated() { men[i] += n }
            for (i, n) in split(womenPermanents, permanentCSP).enumerated() { women[i] += n }
            for (i, n) in split(permanents - womenPermanents, permanentCSP).enumerated() { men[i] += n }
            let byLevels = rng.chance(0.1)
            let memberPay = rng.uniform(0.95, 1.08), memberGap = rng.normal(0.035, 0.04)
            for c in 0..<4 {
                let wa = split(women[c], ageShares), ma = split(men[c], ageShares)
                for a in 0..<4 where wa[a] + ma[a] > 0 {
                    let base = cspPay[c] * agePay[a] * memberPay
                    let womenPay = base * rng.uniform(0.98, 1.02)
                    let menPay = womenPay * (1 + rng.normal(memberGap, 0.03))
                    func euros(_ n: Int, _ x: Double) -> CSVValue {
                        n == 0 ? .empty : .cents(Int128((x * 100).rounded()))
                    }
                    row(
                        "remuneration", byLevels ? levels[c] : csps[c], ages[a], women: wa[a], men: ma[a],
                        euros(wa[a], womenPay), euros(ma[a], max(1, menPay)))
                }
            }
            let raiseRate = rng.uniform(0.25, 0.7), raiseTilt = rng.normal(0.01, 0.06)
            if range == "50:250" {
                let wTotal = women.reduce(0, +), mTotal = men.reduce(0, +)
                if rng.chance(0.08) {
                    row("augmentations_promotions", women: nil, men: nil, calculable: "non")
                } else {
                    row(
                        "augmentations_promotions", women: wTotal, men: mTotal, .integer(binomial(wTotal, raiseRate)),
                        .integer(binomial(mTotal, min(1, max(0, raiseRate + raiseTilt)))))
                }
            } else {
                let promotionRate = rng.uniform(0.03, 0.12), promotionTilt = rng.normal(0.005, 0.02)
                for (section, rate, tilt, none) in [
                    ("augmentations", raiseRate, raiseTilt, rng.chance(0.04)),
                    ("promotions", promotionRate, promotionTilt, rng.chance(0.06)),
                ] {
                    if none {
                        row(section, women: nil, men: nil, calculable: "non")
                        continue
                    }
                    for c in 0..<4 where women[c] + men[c] > 0 {
                        row(
                            section, csps[c], women: women[c], men: men[c], .integer(binomial(women[c], rate)),
                            .integer(binomial(men[c], min(1, max(0, rate + tilt)))))
                    }
                }
            }
            let returned = binomial(women.reduce(0, +), 0.025)
            if returned == 0 {
                row("conge_maternite", women: 0, men: nil)
            } else {
                let raised = rng.chance(0.75) ? returned : returned - 1
                row(
                    "conge_maternite", women: returned, men: nil, .integer(raised),
                    leave: rng.chance(0.06) ? "non" : "oui")
            }
            let topWomen = binomial(10, 0.33)
            row("hautes_remunerations", women: topWomen, men: 10 - topWomen)
        }
        return w.bytes
    }
}
