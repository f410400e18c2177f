/// What a member declares for its Egapro index (Code du travail D. 1142-2 and D. 1142-2-1;
/// the rules are in `egapro-rules.md`): the vocabulary that ingestion decodes
/// `egapro/YYYY.csv` into and the statistics score (`Egapro.score`, in Statistics).
public enum Egapro {
    /// The workforce bracket the member declares: it decides which indicators apply.
    public enum WorkforceRange: String, Sendable, CaseIterable {
        case from50To250 = "50:250"
        case from251To999 = "251:999"
        case from1000 = "1000:"

        /// 50 to 250 employees: indicator 2&3 instead of 2 and 3.
        public var isSmall: Bool { self == .from50To250 }
    }

    /// The indicators, in the order of the output files.
    public enum Indicator: String, Sendable, CaseIterable {
        case pay
        case raises
        case promotions
        case raisesPromotions = "raises_promotions"
        case maternity
        case top10

        /// The points an indicator is scored on.
        public var maximum: Int {
            switch self {
            case .pay: 40
            case .raises: 20
            case .promotions: 15
            case .raisesPromotions: 35
            case .maternity: 15
            case .top10: 10
            }
        }
    }

    /// Indicator 1's groups: by CSP (tolerance 5 points) or by levels (2 points).
    public enum Grouping: Sendable {
        case socioProfessional
        case levels
    }

    /// One group of indicator 1: headcounts and average full-time-equivalent annual pay in cents.
    public struct PayGroup: Sendable {
        /// Women of the group.
        public var women: Int
        /// Men of the group.
        public var men: Int
        /// The women's average full-time-equivalent annual gross pay, in cents.
        public var womenPayCents: Int64
        /// The men's, in cents.
        public var menPayCents: Int64

        /// A group of `women` and `men` paid on average these amounts (cents).
        public init(women: Int, men: Int, womenPayCents: Int64, menPayCents: Int64) {
            self.women = women
            self.men = men
            self.womenPayCents = womenPayCents
            self.menPayCents = menPayCents
        }
    }

    /// One group of indicators 2, 3 or 2&3: headcounts and how many of each sex were raised
    /// (or promoted).
    public struct RateGroup: Sendable {
        /// Women of the group.
        public var women: Int
        /// Men of the group.
        public var men: Int
        /// Women raised (or promoted).
        public var womenCounted: Int
        /// Men raised (or promoted).
        public var menCounted: Int

        /// A group of `women` and `men` of whom `womenCounted` and `menCounted` benefited.
        public init(women: Int, men: Int, womenCounted: Int, menCounted: Int) {
            self.women = women
            self.men = men
            self.womenCounted = womenCounted
            self.menCounted = menCounted
        }
    }

    /// What one member declares for a year: its bracket and, per section, its groups.
    /// A section the member does not send is nil; `declaredNone` says "calculable: non".
    public struct MemberReturn: Sendable {
        /// The member's position in the registry (0 for a return scored alone).
        public var member = 0
        /// The line of the member's first row, for messages.
        public var line = 0
        /// The member's workforce bracket.
        public var workforce: WorkforceRange
        /// How indicator 1's groups are cut.
        public var grouping: Grouping
        /// Indicator 1's groups (age band × category).
        public var pay: [PayGroup]
        /// Indicator 2's CSP groups (more than 250 employees).
        public var raises: [RateGroup]?
        /// Indicator 3's CSP groups (more than 250 employees).
        public var promotions: [RateGroup]?
        /// Indicator 2&3's whole company (50 to 250 employees).
        public var raisesPromotions: RateGroup?
        /// The sections declared not computable (no raise, no promotion).
        public var declaredNone: Set<Indicator>
        /// Women back from maternity leave, and of them raised; nil: none came back.
        public var maternity: (returned: Int, raised: Int)?
        /// Whether raises happened during the leaves (default yes).
        public var raisesDuringLeave: Bool
        /// Women and men among the 10 highest paid.
        public var top10: (women: Int, men: Int)

        /// A return with every section given.
        public init(
            workforce: WorkforceRange, grouping: Grouping, pay: [PayGroup], raises: [RateGroup]? = nil,
            promotions: [RateGroup]? = nil, raisesPromotions: RateGroup? = nil, declaredNone: Set<Indicator> = [],
            maternity: (returned: Int, raised: Int)?, raisesDuringLeave: Bool = true, top10: (women: Int, men: Int)
        ) {
            self.workforce = workforce
            self.grouping = grouping
            self.pay = pay
            self.raises = raises
            self.promotions = promotions
            self.raisesPromotions = raisesPromotions
            self.declaredNone = declaredNone
            self.maternity = maternity
            self.raisesDuringLeave = raisesDuringLeave
            self.top10 = top10
        }
    }
}
