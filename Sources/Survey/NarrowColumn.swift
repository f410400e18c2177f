/// A column of optional integers held in 4 bytes each. Values outside the narrow range go to
/// a side table: they are rare (a member of thousands of people), and a column of millions of
/// rows is half the size of one of `Int64`.
struct NarrowColumn: Sendable {
    private var narrow: [Int32] = []
    private var wide: [Int32: Int] = [:]

    /// No value.
    private static let absent = Int32.min
    /// The value is in `wide`.
    private static let widened = Int32.min + 1

    var count: Int { narrow.count }

    mutating func reserveCapacity(_ n: Int) { narrow.reserveCapacity(n) }

    mutating func appendAbsent() { narrow.append(Self.absent) }

    subscript(row: Int) -> Int? {
        @inline(__always) get {
            let v = narrow[row]
            if v > Self.widened { return Int(v) }
            return v == Self.absent ? nil : wide[Int32(row)]
        }
        set {
            if narrow[row] == Self.widened { wide[Int32(row)] = nil }
            guard let value = newValue else {
                narrow[row] = Self.absent
                return
            }
            if let v = Int32(exactly: value), v > Self.widened {
                narrow[row] = v
            } else {
                narrow[row] = Self.widened
                wide[Int32(row)] = value
            }
        }
    }
}
