import Crypto

/// The frozen, versioned byte encoding that the audit chain hashes. Every field is written
/// with an explicit length or width, so no two different records encode to the same bytes.
/// Changing this encoding means a new version tag, never an edit of an existing one.
struct CanonicalEncoder {
    private(set) var bytes: [UInt8] = []

    init(tag: String) {
        bytes.reserveCapacity(512)
        string(tag)
    }

    /// Empties the buffer, keeping its capacity, and starts again with `tag`.
    mutating func restart(tag: String) {
        bytes.removeAll(keepingCapacity: true)
        string(tag)
    }

    mutating func int(_ value: Int64) {
        withUnsafeBytes(of: UInt64(bitPattern: value).bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        int(Int64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optionalString(_ value: String?) {
        if let value {
            bytes.append(1)
            string(value)
        } else {
            bytes.append(0)
        }
    }

    mutating func blob(_ value: [UInt8]) {
        int(Int64(value.count))
        bytes.append(contentsOf: value)
    }

    var sha256: [UInt8] { Array(SHA256.hash(data: bytes)) }
}

/// Lower-case hexadecimal of bytes (hashes in audit payloads, manifests and reports).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
