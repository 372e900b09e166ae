import LedgerCore

/// How deep a YAML text nests, estimated before Yams reads it: Yams builds and frees its
/// node tree recursively, so a file nested a hundred thousand levels deep would exhaust
/// the stack. The estimate of a line is its block level (the indentations open above it),
/// plus the `- ` markers that open compact sequences on it, plus the flow brackets (`[`,
/// `{`) still open. Quoted text, comments and block scalars (`|`, `>`) are skipped.
enum YAMLNesting {
    /// The first line whose estimate is over `limit`, with its estimate.
    static func firstTooDeep(_ text: String, limit: Int) -> (line: Int, depth: Int)? {
        var indents: [Int] = []
        var flow = 0
        var blockScalarIndent: Int?  // lines more indented than this belong to a block scalar
        var lineNumber = 0
        let bytes = Array(text.utf8)
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine
            let indent = line.prefix { $0 == UInt8(ascii: " ") }.count
            let content = line.dropFirst(indent)
            if content.isEmpty || content.first == UInt8(ascii: "#") { continue }
            if let scalarIndent = blockScalarIndent {
                if indent > scalarIndent { continue }
                blockScalarIndent = nil
            }
            if flow == 0 {
                while let last = indents.last, last > indent { indents.removeLast() }
                if indents.last != indent { indents.append(indent) }
            }
            var markers = 0
            var rest = content
            while rest.starts(with: [UInt8(ascii: "-"), UInt8(ascii: " ")]) {
                markers += 1
                rest = rest.dropFirst(2).drop { $0 == UInt8(ascii: " ") }
            }
            let (opened, endsInBlockScalar) = scan(rest, flow: &flow)
            let depth = indents.count + markers + max(flow, opened)
            if depth > limit { return (lineNumber, depth) }
            if endsInBlockScalar { blockScalarIndent = indent }
        }
        return nil
    }

    /// Moves `flow` over the brackets of one line outside quotes and comments; returns the
    /// deepest flow level reached on it and whether the line opens a block scalar.
    private static func scan(_ bytes: ArraySlice<UInt8>, flow: inout Int) -> (deepest: Int, blockScalar: Bool) {
        var deepest = flow
        var quote: UInt8?
        var previous = UInt8(ascii: " ")
        var token: [UInt8] = []  // the last word outside quotes: `|`, `>-`, `|2` open a block scalar
        for byte in bytes {
            if let open = quote {
                if byte == open, !(open == UInt8(ascii: "\"") && previous == UInt8(ascii: "\\")) { quote = nil }
                previous = byte
                continue
            }
            switch byte {
            case UInt8(ascii: "#") where previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t"):
                return (deepest, isBlockScalarIndicator(token))
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if previous == UInt8(ascii: " ") || previous == UInt8(ascii: "[") || previous == UInt8(ascii: "{")
                    || previous == UInt8(ascii: ",") || previous == UInt8(ascii: ":") { quote = byte }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flow += 1
                deepest = max(deepest, flow)
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                flow = max(0, flow - 1)
            default: break
            }
            previous = byte
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { token.removeAll() } else if token.count < 4 { token.append(byte) }
        }
        return (deepest, quote == nil && isBlockScalarIndicator(token))
    }

    /// `|` or `>`, with an optional chomping sign and indentation digit, ending a line.
    private static func isBlockScalarIndicator(_ token: [UInt8]) -> Bool {
        guard let first = token.first, first == UInt8(ascii: "|") || first == UInt8(ascii: ">") else { return false }
        return token.dropFirst().allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }
}
