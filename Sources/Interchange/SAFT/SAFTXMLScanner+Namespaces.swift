import Foundation
import LedgerCore

/// Namespaces as XML 1.0's namespace recommendation has them: a name has at most one ':',
/// a prefix must be declared (`xmlns:n1="..."`) on its element or around it, and no
/// attribute comes twice in a tag. Elements are matched by local name, as SAF-T files come
/// with a default namespace or with any prefix (`n1:` in Skatteetaten's example).
extension SAFTXMLScanner {
    static var xmlnsName: [UInt8] { Array("xmlns".utf8) }

    /// The index of the ':' in the qualified name at `start..<end`, nil when it has none.
    mutating func prefixColon(_ start: Int, _ end: Int, at index: Int) throws(LedgerError) -> Int? {
        var colon: Int?
        for i in start..<end where bytes[i] == XMLByte.colon {
            guard colon == nil, i > start, i + 1 < end else {
                throw malformed("'\(shownName(start, end))' is not a name XML namespaces allow (at most one ':', between a prefix and a name)", at: index)
            }
            colon = i
        }
        return colon
    }

    /// The tag's attributes: none twice, and its namespace declarations put in force, to
    /// the depth of its element.
    mutating func declareNamespaces(depth: Int, at index: Int) throws(LedgerError) {
        for (number, attribute) in attributes.enumerated() {
            for earlier in attributes[..<number] where same(earlier.nameStart, earlier.nameEnd, as: attribute.nameStart, attribute.nameEnd) {
                throw malformed("the attribute \(shownName(attribute.nameStart, attribute.nameEnd)) comes twice in one tag", at: attribute.nameStart)
            }
            let prefixLength = Self.xmlnsName.count
            guard same(attribute.nameStart, min(attribute.nameEnd, attribute.nameStart + prefixLength), as: Self.xmlnsName) else { continue }
            let uri = decodedValue(attribute)
            if attribute.nameEnd == attribute.nameStart + prefixLength {
                namespaces.append(SAFTNamespace(depth: depth, prefix: [], uri: uri))
            } else if bytes[attribute.nameStart + prefixLength] == XMLByte.colon {
                guard !uri.isEmpty else {
                    throw malformed("the namespace prefix declaration \(shownName(attribute.nameStart, attribute.nameEnd)) has no URI", at: attribute.nameStart)
                }
                let prefix = UnsafeBufferPointer(start: bytes + attribute.nameStart + prefixLength + 1, count: attribute.nameEnd - attribute.nameStart - prefixLength - 1)
                namespaces.append(SAFTNamespace(depth: depth, prefix: Array(prefix), uri: uri))
            }
        }
    }

    /// Refuses the name at `nameStart..<nameEnd` if its prefix (up to `colon`) is not declared.
    mutating func requireDeclared(_ nameStart: Int, _ colon: Int, _ nameEnd: Int, at index: Int) throws(LedgerError) {
        // `xml` is bound by definition (compared in place: this runs for every prefixed element).
        if colon - nameStart == 3 && bytes[nameStart] == 0x78 && bytes[nameStart + 1] == 0x6D && bytes[nameStart + 2] == 0x6C { return }
        guard namespaceIndex(prefix: bytes + nameStart, count: colon - nameStart) != nil else {
            let prefix = shownName(nameStart, colon)
            throw malformed("the prefix '\(prefix)' of '\(shownName(nameStart, nameEnd))' is not declared (no xmlns:\(prefix)=\"...\" on it or around it)", at: index)
        }
    }

    /// The URI the prefix is bound to (the empty prefix: the default namespace), nil if none.
    mutating func namespace(prefix: UnsafePointer<UInt8>, count: Int) -> [UInt8]? {
        namespaceIndex(prefix: prefix, count: count).map { namespaces[$0].uri }
    }

    /// Where in `namespaces` the declaration in force for the prefix is.
    mutating func namespaceIndex(prefix: UnsafePointer<UInt8>, count: Int) -> Int? {
        // By index rather than by element: a copy of a declaration would retain its arrays,
        // and a file with prefixes asks this for every element.
        var index = namespaces.count - 1
        while index >= 0 {
            if namespaces[index].prefix.count == count {
                let equal = namespaces[index].prefix.withUnsafeBufferPointer { stored in
                    guard let stored = stored.baseAddress else { return true }
                    return memcmp(stored, prefix, count) == 0
                }
                if equal { return index }
            }
            index -= 1
        }
        return nil
    }

    /// An attribute's value with its references resolved (they were checked when it was read).
    mutating func decodedValue(_ attribute: SAFTAttribute) -> [UInt8] {
        var value: [UInt8] = []
        var i = attribute.valueStart
        while i < attribute.valueEnd {
            if bytes[i] == XMLByte.ampersand, let (scalar, next) = try? reference(at: i, line: line, lineStart: lineStart) {
                if let character = Unicode.Scalar(scalar) { value.append(contentsOf: String(character).utf8) }
                i = next
            } else {
                value.append(bytes[i])
                i += 1
            }
        }
        return value
    }

    func same(_ start: Int, _ end: Int, as literal: [UInt8]) -> Bool {
        end - start == literal.count && literal.withUnsafeBufferPointer { stored in
            guard let stored = stored.baseAddress else { return true }
            return memcmp(stored, bytes + start, literal.count) == 0
        }
    }

    func same(_ start: Int, _ end: Int, as otherStart: Int, _ otherEnd: Int) -> Bool {
        end - start == otherEnd - otherStart && memcmp(bytes + start, bytes + otherStart, end - start) == 0
    }

    func shownName(_ start: Int, _ end: Int) -> String {
        SafeText.excerpt(String(decoding: UnsafeBufferPointer(start: bytes + start, count: end - start), as: UTF8.self), limit: 60)
    }
}
