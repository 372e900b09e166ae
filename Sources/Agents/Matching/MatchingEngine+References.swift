/// How the matcher reads references: normalised, compared, searched and told apart by
/// typing errors.
extension MatchingEngine {
    /// Upper case, letters and digits only, without a leading "RF" the bank may add.
    public static func normalise(_ reference: String) -> String {
        var reference = reference
        return reference.withUTF8 { normaliseASCII($0) } ?? normaliseUnicode(reference)
    }

    /// The general case: upper-casing may turn a letter into ASCII ones ("ß" into "SS").
    static func normaliseUnicode(_ reference: String) -> String {
        var text = String(reference.uppercased().unicodeScalars.filter { CharacterClass.isAlphanumeric($0) })
        if text.hasPrefix("RF") && text.count > 4 { text.removeFirst(2) }
        return text
    }

    /// The same for ASCII text, byte by byte (nil for any other). The result is written in
    /// place, so a reference of up to 15 characters lives inside the String, not on the heap:
    /// comparing two of them reads no other memory, which matters with a million of them.
    static func normaliseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        // One pass counts what is kept and notes its first two letters; a second writes it.
        var count = 0, firstTwo: UInt16 = 0
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            guard isAlphanumericASCII(byte) else { continue }
            if count < 2 { firstTwo = firstTwo << 8 | UInt16(upper(byte)) }
            count += 1
        }
        let dropsRF = count > 4 && firstTwo == UInt16(UInt8(ascii: "R")) << 8 | UInt16(UInt8(ascii: "F"))
        return String(unsafeUninitializedCapacity: dropsRF ? count - 2 : count) { buffer in
            var skip = dropsRF ? 2 : 0, written = 0
            for byte in bytes where isAlphanumericASCII(byte) {
                if skip > 0 {
                    skip -= 1
                } else {
                    buffer[written] = upper(byte)
                    written += 1
                }
            }
            return written
        }
    }

    private static func upper(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 0x20 : byte
    }

    private static func isAlphanumericASCII(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(upper(byte)) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Whether `part` occurs in `text`, byte by byte: for normalised references (ASCII letters and
    /// digits only) that is what `contains` means, without the generic string search's cost
    /// (it allocates per call, and a million lines make tens of thousands of calls).
    /// With `wholeNumbers`, a number at either end of `part` must not continue in `text`: a
    /// reference is not found inside a longer number (RENT-05-1 is not in RENT-05-10).
    static func asciiContains(_ text: String, _ part: String, wholeNumbers: Bool = false) -> Bool {
        var text = text, part = part
        return text.withUTF8 { haystack in
            part.withUTF8 { needle in
                guard needle.count <= haystack.count else { return false }
                guard let first = needle.first else { return true }
                func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
                for start in 0...(haystack.count - needle.count) where haystack[start] == first {
                    var offset = 1
                    while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
                    guard offset == needle.count else { continue }
                    let end = start + needle.count
                    if wholeNumbers {
                        if isDigit(needle[0]), start > 0, isDigit(haystack[start - 1]) { continue }
                        if isDigit(needle[needle.count - 1]), end < haystack.count, isDigit(haystack[end]) { continue }
                    }
                    return true
                }
                return false
            }
        }
    }

    /// Optimal string alignment distance (a swap of neighbours counts as one typing error),
    /// giving up early once it exceeds `limit`.
    public static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        guard abs(a.count - b.count) <= limit else { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var best = i
            for j in 1...b.count {
                var cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cost = min(cost, twoBack[j - 2] + 1) }
                current[j] = cost
                best = min(best, cost)
            }
            if best > limit { return limit + 1 }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}

enum CharacterClass {
    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
    }
}
