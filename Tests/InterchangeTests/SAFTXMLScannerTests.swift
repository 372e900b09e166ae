import Foundation
import Interchange
import LedgerCore
import Testing

/// The SAF-T reader's own XML scanner on odd and hostile input: what XML allows is read as the
/// plain file is, and what it does not is refused naming the line, column and element path,
/// the same whether the file comes whole or in blocks of a few bytes.
@Suite struct SAFTXMLScannerTests {
    static let good = SAFTReaderTests.document()
    /// Block sizes each case is read with: whole, and split at every kind of place.
    static let blockSizes = [SAFTReader.blockBytes, 1, 2, 3, 5, 64, 4_096]
    static let transaction = "AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[1]"

    static func read(_ bytes: [UInt8], blockBytes: Int = SAFTReader.blockBytes) throws(LedgerError) -> SAFTBooks {
        try SAFTReader.read(bytes, file: "odd.xml", options: SAFTOptions(), blockBytes: blockBytes)
    }

    static func replacing(_ old: String, with new: String, in text: String = good) -> [UInt8] {
        precondition(text.contains(old), "the document no longer holds \(old)")
        return Array(text.replacingOccurrences(of: old, with: new).utf8)
    }

    /// The line (from 1) of the first occurrence of `marker` in `bytes`.
    static func line(of marker: [UInt8], in bytes: [UInt8]) -> Int? {
        guard !marker.isEmpty, bytes.count >= marker.count else { return nil }
        for start in 0...(bytes.count - marker.count) where bytes[start..<(start + marker.count)].elementsEqual(marker) {
            return bytes[..<start].count(where: { $0 == 0x0A }) + 1
        }
        return nil
    }

    // MARK: Refused

    struct Refused: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        /// What the message must say.
        var says: String
        /// Where: the line of the first occurrence of `at`, or of the file's end when nil.
        var at: [UInt8]?
        var field: String?
        /// A tag is read again from its start with each block: blocks of a byte would make a
        /// tag of 70,000 bytes quadratic, so such a case names larger blocks.
        var blockSizes = SAFTXMLScannerTests.blockSizes
        var testDescription: String { name }

        init(_ name: String, _ bytes: [UInt8], says: String, at: String?, field: String?, blockSizes: [Int]? = nil) {
            self.init(name, bytes, says: says, atBytes: at.map { Array($0.utf8) }, field: field)
            if let blockSizes { self.blockSizes = blockSizes }
        }

        init(_ name: String, _ bytes: [UInt8], says: String, atBytes: [UInt8]?, field: String?) {
            self.name = name
            self.bytes = bytes
            self.says = says
            self.at = atBytes
            self.field = field
        }

        var line: Int {
            guard let at else { return bytes.count(where: { $0 == 0x0A }) + 1 }
            return SAFTXMLScannerTests.line(of: at, in: bytes) ?? -1
        }
    }

    static let description = transaction + "/Description"

    static let refused: [Refused] = [
        Refused("an end tag that closes another element", replacing("<Description>Sale</Description>", with: "<Description>Sale</Descripton>"),
                says: "the end tag </Descripton> does not close <Description>, which opened on line", at: "</Descripton>", field: description),
        Refused("elements still open at the end", Array(good.replacingOccurrences(of: "\n</AuditFile>", with: "").utf8),
                says: "the file ends with <AuditFile> (opened on line 2) still open", at: nil, field: "AuditFile"),
        Refused("text after the root element", Array((good + "\ntrailing").utf8),
                says: "text after the root element has ended", at: "trailing", field: nil),
        Refused("text before the root element", replacing("<AuditFile xmlns", with: "junk <AuditFile xmlns"),
                says: "text before the root element", at: "junk", field: nil),
        Refused("a byte that is not UTF-8", Array(good.replacingOccurrences(of: ">Sale<", with: ">Sa\u{1}le<").utf8).map { $0 == 1 ? 0xFF : $0 },
                says: "not valid UTF-8", atBytes: Array("Sa".utf8) + [0xFF], field: description),
        Refused("a character cut short by a tag", Array(good.replacingOccurrences(of: ">Sale<", with: ">Sal\u{1}<").utf8).map { $0 == 1 ? 0xC3 : $0 },
                says: "not valid UTF-8", atBytes: Array("Sal".utf8) + [0xC3], field: description),
        Refused("a DOCTYPE", replacing("\n<AuditFile", with: "\n<!DOCTYPE AuditFile [<!ENTITY a \"aaaa\">]>\n<AuditFile"),
                says: "DTDs are refused", at: "<!DOCTYPE", field: nil),
        Refused("an entity XML does not define", replacing(">Sale<", with: ">Sale&nbsp;<"),
                says: "the entity '&nbsp;' is not one XML defines", at: "&nbsp;", field: description),
        Refused("a bare '&'", replacing(">Sale<", with: ">R&D sale<"), says: "a '&' that starts no reference", at: "R&D", field: description),
        Refused("a '<' in text", replacing(">Sale<", with: ">a < b<"), says: "a '<' that starts no tag", at: "a < b", field: description),
        Refused("a control character", replacing(">Sale<", with: ">Sale\u{1}<"), says: "the control character U+0001 is not allowed in XML",
                at: "Sale\u{1}", field: description),
        Refused("a NUL byte", replacing(">Sale<", with: ">Sa\u{0}le<"), says: "U+0000 (NUL)", at: "Sa\u{0}", field: description),
        Refused("the non-character U+FFFF", replacing(">Sale<", with: ">Sale\u{FFFF}<"), says: "U+FFFF is not allowed", at: "Sale\u{FFFF}", field: description),
        Refused("a reference to a character XML does not allow", replacing(">Sale<", with: ">Sale&#1;<"),
                says: "'&#1;' is to a character XML does not allow", at: "&#1;", field: description),
        Refused("']]>' in text", replacing(">Sale<", with: ">Sale]]><"), says: "']]>' in text", at: "Sale]]>", field: description),
        Refused("a file cut inside a tag", Array(String(good[..<good.range(of: "<Transaction>")!.lowerBound] + "<Transacti").utf8),
                says: "the file ends inside a tag", at: nil, field: "AuditFile/GeneralLedgerEntries/Journal[1]"),
        Refused("a comment that does not end", Array((good + "\n<!-- never ends").utf8), says: "the file ends inside a comment", at: nil, field: nil),
        Refused("'--' in a comment", replacing("<MasterFiles>", with: "<MasterFiles><!-- a -- b -->"), says: "'--' inside a comment", at: "<!-- a", field: "AuditFile/MasterFiles"),
        Refused("a '<' in an attribute value", replacing("<Header>", with: "<Header note=\"a<b\">"), says: "a '<' in the value of the attribute note",
                at: "<Header note", field: "AuditFile"),
        Refused("an attribute value without quotes", replacing("<Header>", with: "<Header note=1>"), says: "the value of the attribute note is not in quotes",
                at: "<Header note", field: "AuditFile"),
        Refused("an attribute twice", replacing("<Header>", with: "<Header a=\"1\" a=\"2\">"), says: "the attribute a comes twice", at: "<Header a", field: "AuditFile"),
        Refused("a prefix nobody declared", Array(good.replacingOccurrences(of: "Header>", with: "x:Header>").utf8),
                says: "the prefix 'x' of 'x:Header' is not declared", at: "<x:Header>", field: "AuditFile"),
        Refused("a second root element", Array((good + "\n<AuditFile xmlns=\"urn:StandardAuditFile-Taxation-Financial:NO\"/>").utf8),
                says: "a second root element", at: "<AuditFile xmlns=\"urn:StandardAuditFile-Taxation-Financial:NO\"/>", field: nil),
        Refused("an XML declaration that does not open the file", Array((" " + good).utf8), says: "an XML declaration", at: "<?xml", field: nil),
        Refused("an encoding other than UTF-8", replacing("encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\""),
                says: "declares the encoding 'ISO-8859-1'; SAF-T files are UTF-8", at: "<?xml", field: nil),
        Refused("elements nested too deep", replacing("<MasterFiles>", with: "<MasterFiles>" + String(repeating: "<a>", count: 70) + String(repeating: "</a>", count: 70)),
                says: "elements nest more than \(InputLimits.depth) deep", at: "<MasterFiles>", field: "AuditFile/MasterFiles" + String(repeating: "/a", count: 62)),
        Refused("a text longer than a field may be", replacing(">Sale<", with: ">" + String(repeating: "x", count: 5_000) + "<"),
                says: "longer than \(InputLimits.fieldBytes) bytes", at: "xxxx", field: description),
        Refused("a tag longer than any SAF-T file has", replacing("<Header>", with: "<Header note=\"" + String(repeating: "x", count: 70_000) + "\">"),
                says: "longer than 65536 bytes", at: "<Header note", field: "AuditFile", blockSizes: [SAFTReader.blockBytes, 4_096, 65_536, 70_000]),
        Refused("a name that starts with a digit", replacing("<Header>", with: "<1Header>"), says: "a '<' that starts no tag", at: "<1Header>", field: "AuditFile"),
        Refused("an empty file", [], says: "the file has no root element", at: nil, field: nil),
    ]

    @Test(arguments: refused)
    func isRefusedWithItsLineAndPathInBlocksOfAnySize(_ bad: Refused) {
        var errors: [LedgerError] = []
        for size in bad.blockSizes {
            do {
                _ = try Self.read(bad.bytes, blockBytes: size)
                Issue.record("\(bad.name): accepted in blocks of \(size)")
            } catch {
                errors.append(error)
            }
        }
        guard let error = errors.first else { return }
        #expect(error.message.contains(bad.says), "\(bad.name): \(error)")
        #expect(error.location?.file == "odd.xml")
        #expect(error.location?.line == bad.line, "\(bad.name): \(error)")
        #expect(error.location?.field == bad.field, "\(bad.name): \(error)")
        #expect(errors.allSatisfy { $0 == error }, "\(bad.name): \(errors)")
    }

    // MARK: Accepted

    struct Accepted: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var testDescription: String { name }
    }

    /// `good` with each element name prefixed (`<n1:Header>`), the namespace bound to the prefix.
    static var prefixed: String {
        let named = try! NSRegularExpression(pattern: "<(/?)([A-Za-z])")
        let text = named.stringByReplacingMatches(in: good, range: NSRange(good.startIndex..., in: good), withTemplate: "<$1n1:$2")
        return text.replacingOccurrences(of: "xmlns=", with: "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:n1=")
    }

    static let accepted: [Accepted] = [
        Accepted(name: "comments between elements and inside text",
                 bytes: replacing("<Description>Sale</Description>", with: "<!-- before --><Description>Sa<!-- inside -->le</Description>\n<!-- after\n-->")),
        Accepted(name: "amounts in CDATA sections", bytes: replacing("<Amount>100.00</Amount>", with: "<Amount><![CDATA[100.00]]></Amount>")),
        Accepted(name: "character references", bytes: Array(good.replacingOccurrences(of: "Cash sale", with: "Cash&#x20;s&#97;le")
                     .replacingOccurrences(of: ">Sale<", with: ">&#83;&#x61;le<").utf8)),
        Accepted(name: "a namespace prefix on every element", bytes: Array(prefixed.utf8)),
        Accepted(name: "CR LF line ends", bytes: Array(good.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
        Accepted(name: "CR line ends", bytes: Array(good.replacingOccurrences(of: "\n", with: "\r").utf8)),
        Accepted(name: "attributes, a quoted '>' and references in them",
                 bytes: replacing("<Header>", with: "<Header xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type='x' note=\"a > b &amp; c\"\n     other = 'y'>")),
        Accepted(name: "a byte order mark and a processing instruction", bytes: [0xEF, 0xBB, 0xBF] + replacing("<MasterFiles>", with: "<MasterFiles><?note here ?>")),
        Accepted(name: "self-closing elements and white space in tags",
                 bytes: Array(good.replacingOccurrences(of: "<Header>", with: "<Header >\n<SoftwareID/><Extra a='1' />")
                     .replacingOccurrences(of: "</Header>", with: "</Header\n>").utf8)),
        Accepted(name: "no XML declaration", bytes: Array(good.drop { $0 != "\n" }.dropFirst().utf8)),
    ]

    @Test(arguments: accepted)
    func readsAsThePlainFileDoesInBlocksOfAnySize(_ odd: Accepted) throws {
        let plain = try Self.read(Array(Self.good.utf8))
        for size in Self.blockSizes {
            let books = try Self.read(odd.bytes, blockBytes: size)
            #expect(books.drafts == plain.drafts, "\(odd.name), blocks of \(size)")
            #expect(books.accounts.map(\.account) == plain.accounts.map(\.account), "\(odd.name), blocks of \(size)")
            #expect(books.lineCount == plain.lineCount)
        }
    }

    @Test func entitiesStandForTheCharactersTheyName() throws {
        let books = try Self.read(Self.replacing(">Sale<", with: ">&lt;b&gt; &amp; &quot;c&apos; &#xF8;&#248; &#x1F600;<"))
        #expect(books.drafts[1].description == "<b> & \"c' øø 😀")
    }

    @Test func crLineEndsCountAsLinesInErrors() {
        let bad = Self.good.replacingOccurrences(of: "<AccountID>3000</AccountID><Description>Cash sale", with: "<AccountID>3999</AccountID><Description>Cash sale")
        let expected = Self.line(of: Array("<AccountID>3999".utf8), in: Array(bad.utf8))
        for ending in ["\r\n", "\r"] {
            let text = bad.replacingOccurrences(of: "\n", with: ending)
            #expect(SAFTReaderTests.refusal(text)?.location?.line == expected, "\(ending.debugDescription)")
        }
    }

    @Test func aFileIsReadInBlocksNotWhole() throws {
        // A file far larger than a block reads, and the refusals name lines far into it.
        let line = "            <Line><RecordID>1</RecordID><AccountID>1920</AccountID><Description>x</Description><DebitAmount><Amount>0.00</Amount></DebitAmount></Line>\n"
        let many = String(repeating: line, count: 20_000)
        let text = SAFTReaderTests.document(lines: many + """
                <Line><RecordID>1</RecordID><AccountID>1920</AccountID><SourceDocumentID>INV-1</SourceDocumentID><Description>Cash sale</Description><DebitAmount><Amount>100.00</Amount></DebitAmount></Line>
                <Line><RecordID>2</RecordID><AccountID>3000</AccountID><Description>Cash sale</Description><CreditAmount><Amount>100.00</Amount></CreditAmount></Line>
        """)
        #expect(text.utf8.count > 2 * SAFTReader.blockBytes)
        let books = try Self.read(Array(text.utf8))
        #expect(books.zeroLinesSkipped == 20_000)
        let broken = text.replacingOccurrences(of: "<Description>Cash sale</Description><CreditAmount>", with: "<Description>Cash sale</Descr><CreditAmount>")
        let error = SAFTReaderTests.refusal(broken)
        #expect(error?.location?.line == Self.line(of: Array("</Descr>".utf8), in: Array(broken.utf8)))
        #expect(error?.location?.field == "AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[1]/Line[20002]/Description")
    }
}
