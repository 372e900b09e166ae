/// A normalised reference (letters A-Z and digits only) of up to twelve characters as one
/// integer: each character a base-37 digit, 0 meaning none. Different references give
/// different integers, so two of them compare in one instruction and a million of them take
/// 8 MB, half of what their strings take: the exact rule reads them in amount order, and half
/// the bytes is what keeps that reading in the cache.
enum PackedReference {
    /// An empty reference.
    static let empty: UInt64 = 0
    /// Longer than twelve characters, or not normalised: compare the strings.
    static let unpacked = UInt64.max

    static func pack(_ normalised: String) -> UInt64 {
        var normalised = normalised
        return normalised.withUTF8 { bytes in
            guard bytes.count <= 12 else { return unpacked }
            var packed: UInt64 = 0
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): packed = packed * 37 + UInt64(byte - UInt8(ascii: "0")) + 1
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): packed = packed * 37 + UInt64(byte - UInt8(ascii: "A")) + 11
                default: return unpacked
                }
            }
            return packed
        }
    }
}
