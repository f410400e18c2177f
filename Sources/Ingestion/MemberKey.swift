/// A member id as a fixed-size value, so that the registry can be searched from the bytes of
/// a cell without making a String: ids are at most 32 ASCII characters (SPEC 3.3).
public struct MemberKey: Hashable, Sendable {
    private var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0, d: UInt64 = 0
    private var length: UInt8 = 0

    /// nil when the bytes are not a valid id: `[A-Za-z0-9_-]{1,32}`.
    public init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n > 0, n <= 32 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for i in 0..<n {
            let byte = bytes[i]
            guard MemberKey.isIDByte(byte) else { return nil }
            let shifted = UInt64(byte) << UInt64((i & 7) * 8)
            switch i >> 3 {
            case 0: words.0 |= shifted
            case 1: words.1 |= shifted
            case 2: words.2 |= shifted
            default: words.3 |= shifted
            }
        }
        (a, b, c, d) = words
        length = UInt8(n)
    }

    /// The key of `id`; nil when it is not a valid member id.
    public init?(_ id: String) {
        guard let key = Array(id.utf8).withUnsafeBufferPointer({ MemberKey($0) }) else { return nil }
        self = key
    }

    private init() {}

    /// The key of no id (length 0), for empty slots.
    static let empty = MemberKey()

    /// The key with ASCII letters in upper case: ids match whatever their case (SPEC 3.4).
    @inline(__always)
    public var caseFolded: MemberKey {
        var k = self
        k.a = MemberKey.upper(a)
        k.b = MemberKey.upper(b)
        k.c = MemberKey.upper(c)
        k.d = MemberKey.upper(d)
        return k
    }

    /// Upper-cases the ASCII letters of eight packed id bytes at once (SWAR: id bytes are
    /// ASCII, so adding to each 7-bit byte never carries into the next; the high bit then
    /// says whether the byte is at least `a`, and at least `{`).
    @inline(__always)
    static func upper(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let atLeastA = w &+ ones &* (0x80 - 0x61)
        let pastZ = w &+ ones &* (0x80 - 0x7B)
        let isLower = atLeastA & ~pastZ & (ones &* 0x80)
        return w ^ (isLower >> 2)
    }

    /// A multiplicative hash of the packed bytes (not seeded: the keys are ours).
    @inline(__always)
    var fastHash: Int {
        var h =
            (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ (c &* 0x1656_67B1_9E37_79F9)
            ^ (d &* 0x27D4_EB2F_1656_67C5)
        h ^= UInt64(length)
        h ^= h >> 29
        h &*= 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    @inline(__always)
    static func isIDByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }
}
