import LedgerCore

/// A plain text table: columns padded to their widest cell, measured in terminal columns
/// (`DisplayWidth`: a Japanese name takes two columns a character); amount columns
/// right-aligned, so their decimal points line up.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rightAligned: Set<Int> = []
    public var rows: [[String]] = []
    /// The widest a column may be (in terminal columns), for text that would otherwise push
    /// a table past the terminal's edge; a longer cell ends in "…". Nil: as wide as it needs.
    public var maxWidths: [Int: Int] = [:]
    /// The widest the whole table may be (a terminal's width): the last column, where the
    /// free text goes, is cut to fit, never below 12 columns.
    public var maxTotalWidth: Int?
    /// The SGR colour of a cell (e.g. "32", green) for a terminal that shows colour, by its
    /// column and its text; put around the text, outside its padding, so colour never shifts a column. Only
    /// `render(colour: true)` uses it; the cells are made visible before, so a cell's own
    /// escape sequences are still shown, never obeyed.
    public var colour: (@Sendable (_ column: Int, _ cell: String) -> String?)?

    public func render(colour coloured: Bool = false) -> String {
        // Every cell shown safely and on one line: a cell is often text from a file.
        func fit(_ cell: String, _ index: Int) -> String {
            let shown = SafeText.visible(cell)
            return maxWidths[index].map { DisplayWidth.truncate(shown, to: $0) } ?? shown
        }
        var headers = self.headers.enumerated().map { fit($1, $0) }
        var rows = self.rows.map { $0.enumerated().map { fit($1, $0) } }
        var widths = headers.map { DisplayWidth.of($0) }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }
        if let maxTotalWidth, let last = widths.indices.last {
            let others = widths.dropLast().reduce(0, +) + 2 * last
            let allowed = max(12, maxTotalWidth - others)
            if widths[last] > allowed {
                widths[last] = allowed
                headers[last] = DisplayWidth.truncate(headers[last], to: allowed)
                rows = rows.map { row in row.count > last ? row.enumerated().map { $0 == last ? DisplayWidth.truncate($1, to: allowed) : $1 } : row }
            }
        }
        func line(_ cells: [String], styled: Bool) -> String {
            cells.enumerated().map { index, cell in
                let shown = styled ? colour?(index, cell).map { "\u{1B}[\($0)m" + cell + "\u{1B}[0m" } ?? cell : cell
                let padding = String(repeating: " ", count: max(0, widths[index] - DisplayWidth.of(cell)))
                return rightAligned.contains(index) ? padding + shown : shown + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [line(headers, styled: false), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map { line($0, styled: coloured) }
        return out.joined(separator: "\n")
    }

    public init(headers: [String], rightAligned: Set<Int> = [], rows: [[String]] = []) {
        self.headers = headers
        self.rightAligned = rightAligned
        self.rows = rows
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
