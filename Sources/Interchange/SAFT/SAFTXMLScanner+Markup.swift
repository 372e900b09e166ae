import Foundation
import LedgerCore

/// Markup: start and end tags, comments, processing instructions, CDATA sections. Each is
/// read whole from `position` (its `<`) before anything changes, so that when the block ends
/// inside it, it is read again from its start once the next block is there (`.more`).
extension SAFTXMLScanner {
    static var commentOpen: [UInt8] { Array("<!--".utf8) }
    static var cdataOpen: [UInt8] { Array("<![CDATA[".utf8) }
    static var doctypeOpen: [UInt8] { Array("<!DOCTYPE".utf8) }
    static var xmlPrefix: [UInt8] { Array("xml".utf8) }
    static var xmlNamespace: [UInt8] { Array("http://www.w3.org/XML/1998/namespace".utf8) }

    mutating func markup() throws(LedgerError) -> Step {
        let p = bytes
        guard position + 1 < limit else { return try more("a tag") }
        switch p[position + 1] {
        case XMLByte.slash:
            return try endTag()
        case XMLByte.question:
            return try processingInstruction()
        case XMLByte.bang:
            if let found = starts(with: Self.commentOpen) {
                if found { return try comment() }
            } else {
                return try more("a comment")
            }
            if let found = starts(with: Self.cdataOpen) {
                if found { return try cdata() }
            } else {
                return try more("a CDATA section")
            }
            if let found = starts(with: Self.doctypeOpen) {
                if found {
                    throw LedgerError(.invalidFile, "the file declares a DOCTYPE; SAF-T files have none, and DTDs are refused",
                                      at: SourceLocation(file: file, line: line, field: fieldPath))
                }
            } else {
                return try more("a declaration")
            }
            throw malformed("'<!' that starts no comment or CDATA section", at: position)
        default:
            return try startTag()
        }
    }

    /// Whether the bytes at `position` start with `literal`; nil when the block ends first.
    func starts(with literal: [UInt8]) -> Bool? {
        for (offset, byte) in literal.enumerated() {
            guard position + offset < limit else { return atEnd ? false : nil }
            if bytes[position + offset] != byte { return false }
        }
        return true
    }

    /// Refuses markup from `open` that has gone on past `markupBytes` by `index`.
    @inline(__always) func checkLength(_ open: Int, _ index: Int) throws(LedgerError) {
        if index - open > Self.markupBytes { throw markupTooLong(at: open) }
    }

    func markupTooLong(at open: Int) -> LedgerError {
        malformed("a tag, comment, processing instruction or CDATA section longer than \(Self.markupBytes) bytes", at: open)
    }

    /// The block ended inside `what`: ask for the next one, or refuse a file that ends there.
    func more(_ what: String) throws(LedgerError) -> Step {
        if atEnd { throw malformed("the file ends inside \(what); is it cut short?", at: limit) }
        return .more
    }

    /// `<name attribute="value" ...>` or `<name .../>`.
    mutating func startTag() throws(LedgerError) -> Step {
        let p = bytes
        let open = position
        var lineNow = line, lineStartNow = lineStart
        guard let nameEnd = try name(at: open + 1, line: lineNow, lineStart: lineStartNow) else { return try more("a tag") }
        try checkLength(open, nameEnd)
        guard isName(open + 1, nameEnd) else {
            throw malformed("a '<' that starts no tag (write &lt; for '<' in text)", at: open)
        }
        guard phase != .epilog else {
            throw malformed("a second root element after the first has ended", at: open)
        }
        var i = nameEnd
        var spaced = false
        var selfClosing = false
        if !attributes.isEmpty { attributes.removeAll(keepingCapacity: true) }
        while true {
            guard i < limit else { return try more("a tag") }
            try checkLength(open, i)
            let byte = p[i]
            if byte == XMLByte.greaterThan {
                i += 1
                break
            }
            if byte == XMLByte.slash {
                guard i + 1 < limit else { return try more("a tag") }
                guard p[i + 1] == XMLByte.greaterThan else { throw malformed("a '/' in a tag that is not followed by '>'", at: i, line: lineNow, lineStart: lineStartNow) }
                selfClosing = true
                i += 2
                break
            }
            if byte == XMLByte.space || byte == XMLByte.tab || byte == XMLByte.lineFeed || byte == XMLByte.carriageReturn {
                guard let next = try step(i, line: &lineNow, lineStart: &lineStartNow) else { return try more("a tag") }
                i = next
                spaced = true
                continue
            }
            guard spaced else { throw malformed("an attribute must follow white space in a tag", at: i, line: lineNow, lineStart: lineStartNow) }
            guard let attributeEnd = try name(at: i, line: lineNow, lineStart: lineStartNow) else { return try more("a tag") }
            guard isName(i, attributeEnd) else { throw malformed("a tag with something that is not an attribute", at: i, line: lineNow, lineStart: lineStartNow) }
            let attributeStart = i
            let shown = SafeText.excerpt(String(decoding: UnsafeBufferPointer(start: p + attributeStart, count: attributeEnd - attributeStart), as: UTF8.self), limit: 40)
            i = attributeEnd
            guard let afterSpace = try skipSpace(i, line: &lineNow, lineStart: &lineStartNow) else { return try more("a tag") }
            guard p[afterSpace] == XMLByte.equals else { throw malformed("the attribute \(shown) has no '=' and value", at: afterSpace, line: lineNow, lineStart: lineStartNow) }
            guard let valueOpen = try skipSpace(afterSpace + 1, line: &lineNow, lineStart: &lineStartNow) else { return try more("a tag") }
            let quote = p[valueOpen]
            guard quote == XMLByte.quote || quote == XMLByte.apostrophe else {
                throw malformed("the value of the attribute \(shown) is not in quotes", at: valueOpen, line: lineNow, lineStart: lineStartNow)
            }
            i = valueOpen + 1
            while true {
                guard i < limit else { return try more("a tag") }
                try checkLength(open, i)
                let c = p[i]
                if c == quote { break }
                if c == XMLByte.lessThan { throw malformed("a '<' in the value of the attribute \(shown) (write &lt;)", at: i, line: lineNow, lineStart: lineStartNow) }
                if c == XMLByte.ampersand {
                    guard let (_, next) = try reference(at: i, line: lineNow, lineStart: lineStartNow) else { return try more("a tag") }
                    i = next
                    continue
                }
                guard let next = try step(i, line: &lineNow, lineStart: &lineStartNow) else { return try more("a tag") }
                i = next
            }
            attributes.append(SAFTAttribute(nameStart: attributeStart, nameEnd: attributeEnd, valueStart: valueOpen + 1, valueEnd: i))
            i += 1
            spaced = false
        }
        // The whole tag is read: check it as a whole, then open the element.
        let newDepth = depth + 1
        guard newDepth <= InputLimits.depth else {
            throw LedgerError(.invalidFile, "elements nest more than \(InputLimits.depth) deep here; SAF-T needs about 8",
                              at: SourceLocation(file: file, line: line, field: fieldPath))
        }
        let colon = try prefixColon(open + 1, nameEnd, at: open)
        try declareNamespaces(depth: newDepth, at: open)
        if let colon {
            try requireDeclared(open + 1, colon, nameEnd, at: open)
        }
        for attribute in attributes {
            guard let attributeColon = try prefixColon(attribute.nameStart, attribute.nameEnd, at: attribute.nameStart) else { continue }
            if same(attribute.nameStart, attributeColon, as: Self.xmlnsName) { continue }
            try requireDeclared(attribute.nameStart, attributeColon, attribute.nameEnd, at: attribute.nameStart)
        }
        let openedOn = line
        position = i
        line = lineNow
        lineStart = lineStartNow
        atDocumentStart = false
        phase = .content
        openNames.append(contentsOf: UnsafeBufferPointer(start: p + open + 1, count: nameEnd - open - 1))
        openEnds.append(openNames.count)
        openLines.append(openedOn)
        depth = newDepth
        textCount = 0
        var rootNamespace: String?
        if newDepth == 1 {
            let prefixCount = colon.map { $0 - open - 1 } ?? 0
            rootNamespace = String(decoding: namespace(prefix: p + open + 1, count: prefixCount) ?? [], as: UTF8.self)
        }
        let localStart = colon.map { $0 + 1 } ?? open + 1
        guard try handler.start(UnsafeBufferPointer(start: p + localStart, count: nameEnd - localStart), rootNamespace: rootNamespace, line: openedOn) else {
            return .stop
        }
        if selfClosing { try closeElement(line: openedOn) }
        return .done
    }

    /// The index of white space skipped from `index` (counting line ends); nil when the block ends first.
    mutating func skipSpace(_ index: Int, line: inout Int, lineStart: inout Int) throws(LedgerError) -> Int? {
        var i = index
        while i < limit {
            let byte = bytes[i]
            guard byte == XMLByte.space || byte == XMLByte.tab || byte == XMLByte.lineFeed || byte == XMLByte.carriageReturn else { return i }
            guard let next = try step(i, line: &line, lineStart: &lineStart) else { return nil }
            i = next
        }
        return nil
    }

    /// `</name>`: it must close the innermost open element.
    mutating func endTag() throws(LedgerError) -> Step {
        let p = bytes
        let open = position
        // Nearly always the end tag is the innermost open element's name and '>': compared in
        // place, without reading the name again (it was checked when the element opened).
        if depth > 0 {
            let nameStart = depth > 1 ? openEnds[depth - 2] : 0
            let nameCount = openEnds[depth - 1] - nameStart
            let close = open + 2 + nameCount
            if close < limit && p[close] == XMLByte.greaterThan && openNames.withUnsafeBufferPointer({ names in
                guard let names = names.baseAddress else { return false }
                return memcmp(names + nameStart, p + open + 2, nameCount) == 0
            }) {
                position = close + 1
                try closeElement(line: line)
                return .done
            }
        }
        var lineNow = line, lineStartNow = lineStart
        guard let nameEnd = try name(at: open + 2, line: lineNow, lineStart: lineStartNow) else { return try more("an end tag") }
        try checkLength(open, nameEnd)
        guard isName(open + 2, nameEnd) else { throw malformed("'</' that starts no end tag", at: open) }
        guard let close = try skipSpace(nameEnd, line: &lineNow, lineStart: &lineStartNow) else { return try more("an end tag") }
        var shown: String { shownName(open + 2, nameEnd) }
        guard p[close] == XMLByte.greaterThan else { throw malformed("the end tag </\(shown)> has more than its name", at: close, line: lineNow, lineStart: lineStartNow) }
        guard depth > 0 else { throw malformed("the end tag </\(shown)> closes no open element", at: open) }
        let nameStart = depth > 1 ? openEnds[depth - 2] : 0
        let nameCount = nameEnd - open - 2
        let matches = openEnds[depth - 1] - nameStart == nameCount && openNames.withUnsafeBufferPointer { names in
            guard let names = names.baseAddress else { return false }
            return memcmp(names + nameStart, p + open + 2, nameCount) == 0
        }
        guard matches else {
            throw malformed("the end tag </\(shown)> does not close <\(openName)>, which opened on line \(openLines[depth - 1])", at: open)
        }
        let closedOn = line
        position = close + 1
        line = lineNow
        lineStart = lineStartNow
        try closeElement(line: closedOn)
        return .done
    }

    /// The innermost open element is closed: the handler gets its text, and what it declared goes.
    mutating func closeElement(line: Int) throws(LedgerError) {
        try handler.end(text: UnsafeBufferPointer(start: text, count: textCount), line: line)
        textCount = 0
        openNames.removeLast(openNames.count - (depth > 1 ? openEnds[depth - 2] : 0))
        openEnds.removeLast()
        openLines.removeLast()
        while !namespaces.isEmpty && namespaces[namespaces.count - 1].depth >= depth { namespaces.removeLast() }
        depth -= 1
        if depth == 0 { phase = .epilog }
    }

    /// `<!-- ... -->`: skipped; '--' may not occur in it.
    mutating func comment() throws(LedgerError) -> Step {
        let p = bytes
        var lineNow = line, lineStartNow = lineStart
        var i = position + 4
        while true {
            guard i < limit else { return try more("a comment") }
            try checkLength(position, i)
            if p[i] == XMLByte.dash {
                guard i + 2 < limit else { return try more("a comment") }
                if p[i + 1] == XMLByte.dash {
                    guard p[i + 2] == XMLByte.greaterThan else { throw malformed("'--' inside a comment", at: i, line: lineNow, lineStart: lineStartNow) }
                    i += 3
                    break
                }
                i += 1
                continue
            }
            guard let next = try step(i, line: &lineNow, lineStart: &lineStartNow) else { return try more("a comment") }
            i = next
        }
        position = i
        line = lineNow
        lineStart = lineStartNow
        atDocumentStart = false
        return .done
    }

    /// `<?target ...?>`: skipped, but for the XML declaration, which must open the file and
    /// may name no encoding but UTF-8.
    mutating func processingInstruction() throws(LedgerError) -> Step {
        let p = bytes
        let open = position
        var lineNow = line, lineStartNow = lineStart
        guard let targetEnd = try name(at: open + 2, line: lineNow, lineStart: lineStartNow) else { return try more("a processing instruction") }
        try checkLength(open, targetEnd)
        guard isName(open + 2, targetEnd) else { throw malformed("'<?' that starts no processing instruction", at: open) }
        let target = UnsafeBufferPointer(start: p + open + 2, count: targetEnd - open - 2)
        let isDeclaration = target.count == 3 && target.map { $0 | 0x20 }.elementsEqual(Self.xmlPrefix)
        if isDeclaration && !atDocumentStart {
            throw malformed("an XML declaration ('<?xml ...?>') that does not open the file", at: open)
        }
        var i = targetEnd
        while true {
            guard i + 1 < limit else { return try more("a processing instruction") }
            try checkLength(open, i)
            if p[i] == XMLByte.question && p[i + 1] == XMLByte.greaterThan { break }
            if i == targetEnd && !(p[i] == XMLByte.space || p[i] == XMLByte.tab || p[i] == XMLByte.lineFeed || p[i] == XMLByte.carriageReturn) {
                throw malformed("a processing instruction's name must be followed by white space or '?>'", at: i)
            }
            guard let next = try step(i, line: &lineNow, lineStart: &lineStartNow) else { return try more("a processing instruction") }
            i = next
        }
        if isDeclaration {
            try checkDeclaration(String(decoding: UnsafeBufferPointer(start: p + targetEnd, count: i - targetEnd), as: UTF8.self))
        }
        position = i + 2
        line = lineNow
        lineStart = lineStartNow
        atDocumentStart = false
        return .done
    }

    /// `version="1.0" encoding="UTF-8"`: the version first, and an encoding only if UTF-8.
    func checkDeclaration(_ content: String) throws(LedgerError) {
        let trimmed = content.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard trimmed.hasPrefix("version") else {
            throw malformed("the XML declaration does not start with its version", at: position)
        }
        guard let range = trimmed.range(of: "encoding") else { return }
        let rest = trimmed[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return }
        let encoding = rest.dropFirst().prefix { $0 != quote }
        guard ["utf-8", "utf8", "us-ascii", "ascii"].contains(encoding.lowercased()) else {
            throw LedgerError(.invalidFile, "the file declares the encoding '\(SafeText.excerpt(String(encoding), limit: 40))'; SAF-T files are UTF-8 (save the file as UTF-8)",
                              at: SourceLocation(file: file, line: line))
        }
    }

    /// `<![CDATA[ ... ]]>`: its content is text as it stands (line ends made LF).
    mutating func cdata() throws(LedgerError) -> Step {
        guard depth > 0 else { throw malformed("a CDATA section outside the root element", at: position) }
        let p = bytes
        var lineNow = line, lineStartNow = lineStart
        let start = position + Self.cdataOpen.count
        var i = start
        while true {
            guard i < limit else { return try more("a CDATA section") }
            try checkLength(position, i)
            if p[i] == XMLByte.closeBracket {
                guard i + 2 < limit else { return try more("a CDATA section") }
                if p[i + 1] == XMLByte.closeBracket && p[i + 2] == XMLByte.greaterThan { break }
                i += 1
                continue
            }
            guard let next = try step(i, line: &lineNow, lineStart: &lineStartNow) else { return try more("a CDATA section") }
            i = next
        }
        var k = start
        while k < i {
            if p[k] == XMLByte.carriageReturn {
                try appendText(XMLByte.lineFeed)
                k += k + 1 < i && p[k + 1] == XMLByte.lineFeed ? 2 : 1
            } else {
                try appendText(p[k])
                k += 1
            }
        }
        position = i + 3
        line = lineNow
        lineStart = lineStartNow
        return .done
    }
}
