import Testing
@testable import Reporting

struct SHA256Tests {
    /// FIPS 180-4 test vectors, and lengths around the 55/56/64-byte padding edges checked
    /// against Python's hashlib values.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (String(repeating: "a", count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
    ])
    func vectors(_ text: String, _ digest: String) {
        #expect(SHA256.hex(Array(text.utf8)) == digest)
    }

    /// The same digest whatever the chunks (Python: hashlib.sha256(bytes((i*7) % 256 for i in range(1000)))).
    @Test func chunkedUpdates() {
        let bytes = (0..<1000).map { UInt8(($0 * 7) % 256) }
        for chunk in [1, 3, 63, 64, 65, 200, 1000] {
            var hasher = SHA256()
            var start = 0
            while start < bytes.count {
                let end = min(start + chunk, bytes.count)
                bytes[start..<end].withUnsafeBytes { hasher.update($0) }
                start = end
            }
            #expect(hasher.hexDigest() == "89f4ff56a25dd1db06a4ce6033603775d705fb96f30f8693733fef602a1ca532", "chunks of \(chunk)")
        }
    }
}
