import Foundation
import LedgerCore

/// What `SAFTXMLScanner` reports as it reads: an element opened, the element closed with its
/// text, and, for errors, where in the document it is.
protocol SAFTXMLHandler {
    /// An element opened on `line`: its local name (the namespace prefix dropped) and, for
    /// the root element only, the namespace URI its prefix is bound to ("" for none). Returns
    /// false to stop reading there.
    mutating func start(_ localName: UnsafeBufferPointer<UInt8>, rootNamespace: String?, line: Int) throws(LedgerError) -> Bool
    /// The innermost open element closed on `line`. `text` is its character data since its
    /// last child (all of it for a leaf), references resolved and line ends made LF.
    mutating func end(text: UnsafeBufferPointer<UInt8>, line: Int) throws(LedgerError)
    /// The open elements as errors name them (`AuditFile/Header/Company`).
    var path: String { get }
}

/// A streaming XML reader over the bytes of a SAF-T file. Foundation's XMLParser capped the
/// import near 57,000 lines a second before the importer did anything, and its delegate's
/// String and dictionary work per element halved that (docs/performance.md); this reader
/// compares bytes, makes a String only for a leaf's text, and hands element names over as
/// bytes.
///
/// The file is read in blocks (1 MiB): what a block ends in the middle of (a tag, a
/// character, a reference) is kept and finished with the next block, and nothing else is
/// kept, so memory does not grow with the file. Markup longer than `markupBytes`, text longer
/// than `InputLimits.fieldBytes` and nesting deeper than `InputLimits.depth` are refused.
///
/// It checks the well-formedness of what it reads (XML 1.0 and namespaces): names, tags that
/// close what opened, attributes quoted and not repeated, prefixes declared, references
/// known, only the characters XML allows, valid UTF-8, nothing but white space, comments and
/// processing instructions outside the root. Each refusal names the line, column and element
/// path. It does not read DTDs: a DOCTYPE is refused (entities defined there can expand
/// without bound), so the five predefined entities and character references are the only
/// references. The encoding is UTF-8, as SAF-T requires.
struct SAFTXMLScanner<Handler: SAFTXMLHandler> {
    var handler: Handler
    let file: String
    /// The longest tag, comment, processing instruction or CDATA section, far above what a
    /// SAF-T file holds: it bounds what is kept from one block to the next.
    static var markupBytes: Int { InputLimits.lineBytes }

    var source: SAFTByteSource
    let blockBytes: Int
    let buffers: SAFTScanBuffers
    /// `bytes[position..<limit]` is read and not yet consumed; `bytes[0]` is at `base` in the file.
    let bytes: UnsafeMutablePointer<UInt8>
    var position = 0
    var limit = 0
    var base = 0
    var atEnd = false
    /// The line being read (from 1) and the file offset of its first byte, for columns.
    var line = 1
    var lineStart = 0
    let text: UnsafeMutablePointer<UInt8>
    var textCount = 0

    /// The open elements' qualified names end to end, where each ends, the line it opened on.
    var depth = 0
    var openNames: [UInt8] = []
    var openEnds: [Int] = []
    var openLines: [Int] = []
    var namespaces: [SAFTNamespace] = []
    var attributes: [SAFTAttribute] = []
    var phase = Phase.prolog
    /// Nothing read yet but the byte order mark: where an XML declaration may stand.
    var atDocumentStart = true

    enum Phase { case prolog, content, epilog }
    /// What reading one item (a text run, a tag) came to: done, it needs the next block
    /// (nothing consumed from where it started), or the handler asked to stop.
    enum Step { case done, more, stop }

    init(handler: Handler, source: SAFTByteSource, file: String, blockBytes: Int = 1 << 20) {
        self.handler = handler
        self.source = source
        self.file = file
        self.blockBytes = max(1, blockBytes)
        self.buffers = SAFTScanBuffers(bytesCapacity: Self.markupBytes + self.blockBytes + 16,
                                       textCapacity: InputLimits.fieldBytes + 16)
        self.bytes = buffers.bytes
        self.text = buffers.text
    }

    /// Reads the document to its end, or until the handler stops it.
    mutating func run() throws(LedgerError) {
        while limit < 3, try refill(keeping: 0) {}
        if limit >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            position = 3
            lineStart = 3
        }
        while true {
            if position >= limit {
                if try !refill(keeping: position) { break }
                continue
            }
            let step: Step
            if bytes[position] == XMLByte.lessThan { step = try markup() } else { step = try textRun() }
            switch step {
            case .done: continue
            case .more: _ = try refill(keeping: position)
            case .stop: return
            }
        }
        guard phase != .prolog else {
            throw LedgerError(.invalidFile, "not well-formed XML: the file has no root element; expected a SAF-T Financial XML document",
                              at: SourceLocation(file: file, line: line))
        }
        if depth > 0 {
            let still = depth > 1 ? " and \(depth - 1) element(s) around it" : ""
            throw malformed("the file ends with <\(openName)> (opened on line \(openLines[depth - 1]))\(still) still open; is the file cut short?", at: position)
        }
    }

    /// Moves `bytes[keep..<limit]` to the front and reads the next block after it; false at
    /// the end of the file. What is kept is at most one unfinished item, so never longer
    /// than `markupBytes`: the capacity always has room for a block after it.
    mutating func refill(keeping keep: Int) throws(LedgerError) -> Bool {
        let kept = limit - keep
        // A few bytes of slack: an unfinished character at the end of the longest markup.
        guard kept <= Self.markupBytes + 8 else {
            throw markupTooLong(at: keep)
        }
        if keep > 0 {
            if kept > 0 { memmove(bytes, bytes + keep, kept) }
            base += keep
            position -= keep
            limit = kept
        }
        guard !atEnd else { return false }
        guard let count = source.read(into: bytes + limit, count: blockBytes) else {
            throw LedgerError(.invalidFile, "cannot be read to its end (an I/O error)", at: SourceLocation(file: file, line: line))
        }
        if count == 0 {
            atEnd = true
            return false
        }
        limit += count
        return true
    }

    /// Character data up to the next `<` (or the end of the block): appended to the element's
    /// text, references resolved, CR LF and CR made LF. Outside the root only white space.
    mutating func textRun() throws(LedgerError) -> Step {
        let p = bytes
        var i = position
        defer { position = i }
        atDocumentStart = false
        while i < limit {
            let byte = p[i]
            if byte == XMLByte.lessThan { return .done }
            if depth == 0 {
                switch byte {
                case XMLByte.space, XMLByte.tab: i += 1
                case XMLByte.lineFeed: newLine(at: i); i += 1
                case XMLByte.carriageReturn:
                    guard i + 1 < limit || atEnd else { return .more }
                    if i + 1 >= limit || p[i + 1] != XMLByte.lineFeed { newLine(at: i) }
                    i += 1
                default:
                    throw malformed(phase == .epilog ? "text after the root element has ended" : "text before the root element", at: i)
                }
                continue
            }
            // The common case: a run of printable ASCII, taken as it is.
            var j = i
            while j < limit {
                let b = p[j]
                guard (b >= 0x20 && b < 0x80 && b != XMLByte.lessThan && b != XMLByte.ampersand && b != XMLByte.closeBracket) || b == XMLByte.tab else { break }
                j += 1
            }
            if j > i {
                try appendText(p + i, count: j - i)
                i = j
                continue
            }
            switch byte {
            case XMLByte.lineFeed:
                newLine(at: i)
                try appendText(XMLByte.lineFeed)
                i += 1
            case XMLByte.carriageReturn:
                if i + 1 < limit {
                    if p[i + 1] != XMLByte.lineFeed {
                        newLine(at: i)
                        try appendText(XMLByte.lineFeed)
                    }
                } else if atEnd {
                    newLine(at: i)
                    try appendText(XMLByte.lineFeed)
                } else {
                    return .more
                }
                i += 1
            case XMLByte.ampersand:
                guard let (scalar, next) = try reference(at: i, line: line, lineStart: lineStart) else { return .more }
                try appendScalar(scalar)
                i = next
            case XMLByte.closeBracket:
                if i + 2 < limit {
                    if p[i + 1] == XMLByte.closeBracket && p[i + 2] == XMLByte.greaterThan {
                        throw malformed("']]>' in text (write ]]&gt;)", at: i)
                    }
                } else if !atEnd {
                    return .more
                }
                try appendText(byte)
                i += 1
            case 0x80...:
                guard let next = try utf8(at: i, line: line, lineStart: lineStart) else { return .more }
                try appendText(p + i, count: next - i)
                i = next
            default:
                throw controlCharacter(at: i, line: line, lineStart: lineStart)
            }
        }
        return .done
    }

    mutating func newLine(at index: Int) {
        line += 1
        lineStart = base + index + 1
    }

    mutating func appendText(_ start: UnsafePointer<UInt8>, count: Int) throws(LedgerError) {
        guard textCount + count <= InputLimits.fieldBytes else { throw textTooLong() }
        (text + textCount).update(from: start, count: count)
        textCount += count
    }

    mutating func appendText(_ byte: UInt8) throws(LedgerError) {
        guard textCount < InputLimits.fieldBytes else { throw textTooLong() }
        text[textCount] = byte
        textCount += 1
    }

    /// A referenced character, as UTF-8.
    mutating func appendScalar(_ value: UInt32) throws(LedgerError) {
        switch value {
        case ..<0x80:
            try appendText(UInt8(value))
        case ..<0x800:
            try appendText(UInt8(0xC0 | value >> 6))
            try appendText(UInt8(0x80 | value & 0x3F))
        case ..<0x10000:
            try appendText(UInt8(0xE0 | value >> 12))
            try appendText(UInt8(0x80 | value >> 6 & 0x3F))
            try appendText(UInt8(0x80 | value & 0x3F))
        default:
            try appendText(UInt8(0xF0 | value >> 18))
            try appendText(UInt8(0x80 | value >> 12 & 0x3F))
            try appendText(UInt8(0x80 | value >> 6 & 0x3F))
            try appendText(UInt8(0x80 | value & 0x3F))
        }
    }

    func textTooLong() -> LedgerError {
        LedgerError(.invalidFile, "the text of this element is longer than \(InputLimits.fieldBytes) bytes",
                    at: SourceLocation(file: file, line: line, field: fieldPath))
    }

    /// The innermost open element's qualified name, for messages.
    var openName: String {
        guard depth > 0 else { return "" }
        let start = depth > 1 ? openEnds[depth - 2] : 0
        return SafeText.excerpt(String(decoding: openNames[start..<openEnds[depth - 1]], as: UTF8.self), limit: 60)
    }

    var fieldPath: String? {
        let path = handler.path
        return path.isEmpty ? nil : path
    }

    /// A refusal of the document as not well-formed at `index` in the buffer.
    func malformed(_ what: String, at index: Int, line: Int? = nil, lineStart: Int? = nil) -> LedgerError {
        LedgerError(.invalidFile, "not well-formed XML at column \(column(at: index, lineStart: lineStart ?? self.lineStart)): \(what)",
                    at: SourceLocation(file: file, line: line ?? self.line, field: fieldPath))
    }

    /// The column (from 1, in bytes) of `index` in the buffer, on the line starting at `lineStart` in the file.
    func column(at index: Int, lineStart: Int) -> Int {
        max(1, base + index - lineStart + 1)
    }
}

/// A namespace declaration in force: the prefix it binds (empty for the default namespace),
/// the URI, and the depth of the element that declared it.
struct SAFTNamespace {
    var depth: Int
    var prefix: [UInt8]
    var uri: [UInt8]
}

/// An attribute of the start tag being read: where its name and value are in the buffer.
struct SAFTAttribute {
    var nameStart: Int
    var nameEnd: Int
    var valueStart: Int
    var valueEnd: Int
}

/// The bytes the scanner looks for.
enum XMLByte {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let ampersand: UInt8 = 0x26
    static let apostrophe: UInt8 = 0x27
    static let dash: UInt8 = 0x2D
    static let slash: UInt8 = 0x2F
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let lessThan: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let greaterThan: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let closeBracket: UInt8 = 0x5D
    static let bang: UInt8 = 0x21
}
