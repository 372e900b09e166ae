/// A normalised reference (letters A-Z and digits only) of up to twelve characters as one
/// integer: each character a base-37 digit from 1 to 36, most significant first. Different
/// references give different integers, so two of them compare in one instruction, and whether
/// one contains the other is arithmetic on the two integers. A million of them take 8 MB,
/// half of what their strings take, and the exact rule never has to look up a string for them:
/// at ten million lines, a string lookup for every pair of lines that share an amount was
/// most of the rule's time.
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

    /// The number of characters (a division by a constant is a multiplication).
    static func length(_ packed: UInt64) -> Int {
        var count = 0, rest = packed
        while rest > 0 {
            rest /= 37
            count += 1
        }
        return count
    }

    /// The matcher's "same reference" (equal, or one of at least six characters inside the
    /// other), or nil when either reference is too long to be packed.
    static func same(_ a: UInt64, _ b: UInt64) -> Bool? {
        guard a != unpacked, b != unpacked else { return nil }
        guard a != empty, b != empty else { return false }
        if a == b { return true }
        let lengthA = length(a), lengthB = length(b)
        // A containment is rare: the text decides it, where a number's boundaries are seen
        // (`MatchingEngine.asciiContains`).
        if lengthB >= 6, lengthA > lengthB, contains(a, b, partLength: lengthB, textLength: lengthA) { return nil }
        if lengthA >= 6, lengthB > lengthA, contains(b, a, partLength: lengthA, textLength: lengthB) { return nil }
        return false
    }

    /// Whether the characters of `part` occur together in `text`: some window of `text`'s
    /// digits equals `part`.
    private static func contains(_ text: UInt64, _ part: UInt64, partLength: Int, textLength: Int) -> Bool {
        var window: UInt64 = 1
        for _ in 0..<partLength { window *= 37 }
        var rest = text
        for _ in 0...(textLength - partLength) {
            if rest % window == part { return true }
            rest /= 37
        }
        return false
    }
}
