import Survey

/// One group's responses of a quarter: the places of its respondents in the quarter's
/// responses, not copies of them. A member is in four groups (all, family, type, region) and
/// a response is some hundred bytes, a place four: the groups of a quarter cost 16 bytes a
/// respondent instead of four copies of each answer sheet.
public struct GroupSample: RandomAccessCollection, Sendable {
    /// The quarter's responses (shared storage, not copied).
    let responses: [BarometerResponse]
    /// Indices into `responses`, in their order.
    let places: [Int32]
    /// The same indices in member order, where they were made (`Barometer.respondentsByGroup`):
    /// the jackknife pairs two quarters' replicates by member.
    var placesByMember: [Int32]? = nil

    init(responses: [BarometerResponse], places: [Int32], placesByMember: [Int32]? = nil) {
        self.responses = responses
        self.places = places
        self.placesByMember = placesByMember
    }

    /// The same respondents in member order (in their own order within a member).
    var inMemberOrder: GroupSample {
        let order =
            placesByMember ?? places.sorted { (responses[Int($0)].member, $0) < (responses[Int($1)].member, $1) }
        return GroupSample(responses: responses, places: order)
    }

    /// The first position (0).
    public var startIndex: Int { 0 }
    /// One past the last position: the number of respondents.
    public var endIndex: Int { places.count }
    /// The response of the respondent at `position`, read from the quarter's responses.
    public subscript(position: Int) -> BarometerResponse { responses[Int(places[position])] }

    /// A group without respondents.
    public static let empty = GroupSample(responses: [], places: [])
}
