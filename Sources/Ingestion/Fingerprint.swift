import Crypto
import Foundation

/// SHA-256 fingerprints as the manifests write them: 64 lower-case hexadecimal digits. The
/// hashing is swift-crypto's `SHA256` (BoringSSL's, with the CPU's SHA extensions where it
/// has them); an input file's fingerprint is taken as it is read (`CSVFileInfo.sha256`).
public enum Fingerprint {
    /// The SHA-256 of `bytes`.
    public static func sha256(_ bytes: some DataProtocol) -> String {
        hex(SHA256.hash(data: bytes))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * SHA256.Digest.byteCount)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
