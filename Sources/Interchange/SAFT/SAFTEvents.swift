#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation
import LedgerCore

/// XMLParser's events turned into SAF-T records, one at a time: the header, each account,
/// customer and supplier, each transaction with its lines. No tree is built: a record is
/// handed to `SAFTAssembler` when its element closes and then forgotten, so memory holds
/// what the ledger will post, not the XML. The first problem stops the parser; it names the
/// line and the element path (`AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[3]/Line[2]/AccountID`).
final class SAFTEvents: NSObject, XMLParserDelegate {
    static let namespace = "urn:StandardAuditFile-Taxation-Financial:NO"
    /// Elements that repeat, numbered in paths (1-based).
    private static let numbered: Set<String> = ["Account", "Customer", "Supplier", "Journal", "Transaction", "Line", "TaxInformation"]

    var assembler: SAFTAssembler
    var refusal: LedgerError?
    /// Stop where the entries begin (`SAFTReader.readChart`), and whether it did.
    var chartOnly = false
    var stoppedAtEntries = false
    var failure: (code: Int, line: Int, column: Int)?
    let file: String

    /// Open elements: local names and their display form with an index.
    private var names: [String] = []
    private var shown: [String] = []
    /// Per open element, how many children of each numbered name it has had.
    private var childCounts: [[String: Int]] = [[:]]
    /// Per open element, whether a child opened in it: its own text is then only the white
    /// space between elements.
    private var hasChildren: [Bool] = [false]
    private var text = ""

    init(assembler: SAFTAssembler, file: String) {
        self.assembler = assembler
        self.file = file
    }

    var path: String { shown.joined(separator: "/") }

    func refuse(_ parser: XMLParser, _ error: LedgerError, line: Int? = nil) {
        guard refusal == nil else { return }
        refusal = error.at(SourceLocation(file: file, line: line ?? (parser.lineNumber > 0 ? parser.lineNumber : nil), field: path))
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard refusal == nil else { return }
        var display = elementName
        if Self.numbered.contains(elementName) {
            let count = (childCounts[childCounts.count - 1][elementName] ?? 0) + 1
            childCounts[childCounts.count - 1][elementName] = count
            display += "[\(count)]"
        }
        names.append(elementName)
        shown.append(display)
        childCounts.append([:])
        hasChildren[hasChildren.count - 1] = true
        hasChildren.append(false)
        text = ""
        if names.count > InputLimits.depth {
            return refuse(parser, LedgerError(.invalidFile, "elements nest more than \(InputLimits.depth) deep here; SAF-T needs about 8"))
        }
        if names.count == 1 {
            guard elementName == "AuditFile", namespaceURI == Self.namespace else {
                let found = (namespaceURI ?? "").isEmpty ? "no namespace" : "namespace '\(SafeText.excerpt(namespaceURI ?? "", limit: 80))'"
                return refuse(parser, LedgerError(.invalidFile, "the root element is <\(SafeText.excerpt(elementName, limit: 40))> in \(found); expected <AuditFile xmlns=\"\(Self.namespace)\"> (Norwegian SAF-T Financial 1.10 or 1.30)"))
            }
            return
        }
        if chartOnly && names.count == 2 && elementName == "GeneralLedgerEntries" {
            stoppedAtEntries = true
            parser.abortParsing()
            return
        }
        do {
            try assembler.start(elementName, parent: names[names.count - 2], depth: names.count, line: parser.lineNumber, path: SAFTPath(elements: shown))
        } catch {
            refuse(parser, error)
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard refusal == nil, !stoppedAtEntries, !names.isEmpty else { return }
        if hasChildren[hasChildren.count - 1] { text = "" }
        if let (scalar, position) = SafeText.firstRefused(in: text) {
            return refuse(parser, LedgerError(.invalidText, "the text has the control character \(SafeText.name(scalar)) at character \(position); control characters other than tab are not allowed in text"))
        }
        do {
            try assembler.end(names, text: text, line: parser.lineNumber, path: SAFTPath(elements: shown))
        } catch {
            return refuse(parser, error)
        }
        names.removeLast()
        shown.removeLast()
        childCounts.removeLast()
        hasChildren.removeLast()
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard refusal == nil else { return }
        text += string
        if text.utf8.count > InputLimits.fieldBytes {
            refuse(parser, LedgerError(.invalidFile, "the text of this element is longer than \(InputLimits.fieldBytes) bytes"))
        }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        self.parser(parser, foundCharacters: String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if failure == nil && !stoppedAtEntries {
            failure = ((parseError as NSError).code, parser.lineNumber, parser.columnNumber)
        }
    }
}
