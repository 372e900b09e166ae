import LedgerCore

/// Characters, names and references: what XML allows, checked byte by byte. Each function
/// returns nil when the block ends before what it reads does (the caller asks for the next
/// block), and throws when the bytes are not what XML allows.
///
/// The readers here (and the tag loops' other helpers) are `mutating` though they change
/// nothing: called from the mutating tag loops, a non-mutating method was handed a copy of
/// the scanner, a memcpy of its 266 bytes per call and several calls per element; a mutating
/// one reads it in place.
extension SAFTXMLScanner {
    /// The index after the UTF-8 sequence that starts at `index` (a byte of 0x80 or more).
    /// Overlong forms, surrogates, code points past U+10FFFF and the non-characters U+FFFE
    /// and U+FFFF (not XML characters) are refused.
    mutating func utf8(at index: Int, line: Int, lineStart: Int) throws(LedgerError) -> Int? {
        let p = bytes
        let lead = p[index]
        let count: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: count = 2
        case 0xE0: count = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: count = 3
        case 0xED: count = 3; high = 0x9F
        case 0xF0: count = 4; low = 0x90
        case 0xF1...0xF3: count = 4
        case 0xF4: count = 4; high = 0x8F
        default: throw notUTF8(at: index, line: line, lineStart: lineStart)
        }
        // Checked as far as the block goes: a wrong byte is wrong whatever follows.
        var next = index + 1
        while next < limit && next < index + count {
            let byte = p[next]
            let (from, to) = next == index + 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= from && byte <= to else { throw notUTF8(at: index, line: line, lineStart: lineStart) }
            next += 1
        }
        guard next == index + count else {
            if atEnd { throw notUTF8(at: index, line: line, lineStart: lineStart) }
            return nil
        }
        if lead == 0xEF && p[index + 1] == 0xBF && p[index + 2] >= 0xBE {
            throw malformed("the character U+FFF\(p[index + 2] == 0xBE ? "E" : "F") is not allowed in XML", at: index, line: line, lineStart: lineStart)
        }
        return next
    }

    func notUTF8(at index: Int, line: Int, lineStart: Int) -> LedgerError {
        LedgerError(.invalidFile, "the file has bytes that are not valid UTF-8 (at column \(column(at: index, lineStart: lineStart))); SAF-T files are UTF-8",
                    at: SourceLocation(file: file, line: line, field: fieldPath))
    }

    func controlCharacter(at index: Int, line: Int, lineStart: Int) -> LedgerError {
        malformed("the control character \(SafeText.name(Unicode.Scalar(bytes[index]))) is not allowed in XML", at: index, line: line, lineStart: lineStart)
    }

    /// Steps over the character at `index` inside markup (a comment, an attribute value),
    /// counting line ends; the index after it.
    mutating func step(_ index: Int, line: inout Int, lineStart: inout Int) throws(LedgerError) -> Int? {
        let byte = bytes[index]
        if (byte >= 0x20 && byte < 0x80) || byte == XMLByte.tab { return index + 1 }
        switch byte {
        case XMLByte.lineFeed:
            line += 1
            lineStart = base + index + 1
            return index + 1
        case XMLByte.carriageReturn:
            guard index + 1 < limit else { return nil }
            if bytes[index + 1] != XMLByte.lineFeed {
                line += 1
                lineStart = base + index + 1
            }
            return index + 1
        case 0x80...:
            return try utf8(at: index, line: line, lineStart: lineStart)
        default:
            throw controlCharacter(at: index, line: line, lineStart: lineStart)
        }
    }

    /// The index after the name that starts at `index` (no name: `index` itself). A name
    /// is ASCII letters, digits, '_', ':', '-', '.' and any other Unicode character (XML
    /// allows most; no SAF-T name has one); the caller checks it does not start with a digit,
    /// '-' or '.'.
    mutating func name(at index: Int, line: Int, lineStart: Int) throws(LedgerError) -> Int? {
        let p = bytes
        var i = index
        while i < limit {
            let byte = p[i]
            if byte < 0x80 {
                guard Self.isNameByte(byte) else { return i }
                i += 1
            } else {
                guard let next = try utf8(at: i, line: line, lineStart: lineStart) else { return nil }
                i = next
            }
        }
        return nil
    }

    @inline(__always) static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x5F, 0x3A, 0x2D, 0x2E: true
        default: false
        }
    }

    /// Whether the name at `start..<end` starts as XML names must (not a digit, '-' or '.').
    mutating func isName(_ start: Int, _ end: Int) -> Bool {
        guard end > start else { return false }
        let first = bytes[start]
        return !(first >= 0x30 && first <= 0x39) && first != XMLByte.dash && first != 0x2E
    }

    /// The reference that starts at `index` ('&'): the character it stands for and the index
    /// after its ';'. The five predefined entities and character references (`&#38;`,
    /// `&#x26;`) are all there is without a DTD; any other name is refused.
    mutating func reference(at index: Int, line: Int, lineStart: Int) throws(LedgerError) -> (UInt32, Int)? {
        let p = bytes
        // The longest known reference is `&#x10FFFF;`; a name is let run a little longer to name it.
        let longest = 32
        var end = index + 1
        while end < limit && end - index <= longest && (Self.isNameByte(p[end]) || p[end] == XMLByte.hash) { end += 1 }
        if end >= limit && end - index <= longest {
            if atEnd { throw malformed("the file ends inside a reference ('&...;')", at: index, line: line, lineStart: lineStart) }
            return nil
        }
        let body = UnsafeBufferPointer(start: p + index + 1, count: end - index - 1)
        guard end < limit, p[end] == XMLByte.semicolon, !body.isEmpty else {
            throw malformed("a '&' that starts no reference (write &amp; for '&' itself)", at: index, line: line, lineStart: lineStart)
        }
        let value: UInt32
        if body[0] == XMLByte.hash {
            guard let number = Self.characterNumber(body.dropFirst()) else {
                throw malformed("the character reference '&\(String(decoding: body, as: UTF8.self));' is not a number", at: index, line: line, lineStart: lineStart)
            }
            guard Self.isXMLCharacter(number) else {
                throw malformed("the character reference '&\(String(decoding: body, as: UTF8.self));' is to a character XML does not allow", at: index, line: line, lineStart: lineStart)
            }
            value = number
        } else {
            switch String(decoding: body, as: UTF8.self) {
            case "lt": value = 0x3C
            case "gt": value = 0x3E
            case "amp": value = 0x26
            case "apos": value = 0x27
            case "quot": value = 0x22
            case let other:
                throw malformed("the entity '&\(SafeText.excerpt(other, limit: 32));' is not one XML defines (&lt; &gt; &amp; &apos; &quot;) and DTDs are refused",
                                at: index, line: line, lineStart: lineStart)
            }
        }
        return (value, end + 1)
    }

    /// `x26` (hexadecimal) or `38`: the number, or nil if it is not one or is past U+10FFFF.
    static func characterNumber(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> UInt32? {
        var digits = digits
        var radix: UInt32 = 10
        if digits.first == 0x78 {
            radix = 16
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value: UInt32 = 0
        for byte in digits {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46 where radix == 16: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66 where radix == 16: digit = UInt32(byte - 0x61 + 10)
            default: return nil
            }
            value = value * radix + digit
            if value > 0x10FFFF { return nil }
        }
        return value <= 0x10FFFF ? value : nil
    }

    /// XML 1.0's Char: tab, LF, CR and everything from U+0020 but surrogates, U+FFFE and U+FFFF.
    static func isXMLCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
