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

    /// Empties the buffer, keeping its capacity, with no tag (for pieces hashed incrementally).
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Eight bytes, most significant first, copied at once as a typed buffer (through a raw
    /// buffer they went the generic sequence way, per field of every line).
    mutating func int(_ value: Int64) {
        withUnsafeBytes(of: UInt64(bitPattern: value).bigEndian) { raw in
            bytes.append(contentsOf: raw.bindMemory(to: UInt8.self))
        }
    }

    mutating func string(_ value: String) {
        // The String's bytes in place, copied at once (appending its UTF8View stepped an
        // index per byte).
        var value = value
        value.withUTF8 { utf8 in
            int(Int64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optionalString(_ value: String?) {
        if let value {
            bytes.append(1)
            string(value)
        } else {
            bytes.append(0)
        }
    }

    /// `count` bytes at `pointer`, length-prefixed like `string` (text read through the C API,
    /// without making a String of it).
    mutating func text(_ pointer: UnsafePointer<UInt8>?, count: Int) {
        int(Int64(count))
        guard let pointer, count > 0 else { return }
        bytes.append(contentsOf: UnsafeBufferPointer(start: pointer, count: count))
    }

    mutating func blob(_ value: [UInt8]) {
        int(Int64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A digest, length-prefixed like `blob` (the same bytes as `blob(Array(digest))`).
    mutating func blob(_ digest: SHA256.Digest) {
        digest.withUnsafeBytes { raw in
            int(Int64(raw.count))
            bytes.append(contentsOf: raw.bindMemory(to: UInt8.self))
        }
    }

    /// Appends another encoder's bytes (a part encoded before its length was known).
    mutating func append(_ other: CanonicalEncoder) {
        bytes.append(contentsOf: other.bytes)
    }

    var sha256: [UInt8] { Array(digest) }

    /// The SHA-256 of the bytes, without an array (to compare with a stored hash in place).
    var digest: SHA256.Digest { SHA256.hash(data: bytes) }
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
