/// How many terminal columns text takes. `String.count` counts characters, but a terminal
/// gives an East Asian wide or fullwidth character (a Japanese entity name, a fullwidth
/// digit) two columns and a combining mark none: a table padded by `count` comes out ragged
/// as soon as one name is Japanese. A small table of the wide ranges of Unicode's
/// EastAsianWidth (W and F) is enough for the text a ledger holds; no terminal database.
public enum DisplayWidth {
    /// The columns `text` takes on a terminal.
    public static func of(_ text: String) -> Int {
        // Printable ASCII, the common case, is one column per byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    /// 0 for a combining mark or a zero-width format character, 2 for a wide one, else 1.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let value = scalar.value
        if (0xFE00...0xFE0F).contains(value) { return 0 }  // variation selectors
        return wide.contains { $0.contains(value) } ? 2 : 1
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks: Hangul Jamo, CJK radicals and
    /// punctuation, kana, CJK ideographs, Yi, Hangul syllables, compatibility ideographs,
    /// vertical and small forms, fullwidth forms, emoji, and the supplementary ideographs.
    static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
        0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// `text` padded with spaces to `columns` on the right (or on the left when `leading`).
    public static func pad(_ text: String, to columns: Int, leading: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, columns - of(text)))
        return leading ? padding + text : text + padding
    }

    /// `text` cut to at most `columns` columns, ending in "…" when cut.
    public static func truncate(_ text: String, to columns: Int) -> String {
        guard of(text) > columns else { return text }
        guard columns > 1 else { return columns == 1 ? "…" : "" }
        var out = ""
        var used = 0
        for character in text {
            let width = of(String(character))
            if used + width > columns - 1 { break }
            out.append(character)
            used += width
        }
        return out + "…"
    }
}
