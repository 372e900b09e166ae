#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation
import LedgerCore

// MARK: - A small element tree over XMLParser

extension Camt053Reader {
    /// An element: local name, attributes, the line it starts on, its text (kept for leaves
    /// only) and its children in the document's namespace. `namespace` is set on the root only.
    final class Node {
        let name: String
        let namespace: String
        let attributes: [String: String]
        let line: Int?
        var text = ""
        var children: [Node] = []

        init(name: String, namespace: String, attributes: [String: String], line: Int?) {
            self.name = name
            self.namespace = namespace
            self.attributes = attributes
            self.line = line
        }

        /// The first element down a path of child names.
        func child(_ path: String...) -> Node? {
            var node: Node? = self
            for name in path {
                node = node?.children.first { $0.name == name }
            }
            return node
        }

        func all(_ name: String) -> [Node] { children.filter { $0.name == name } }

        /// The text without surrounding white space: for codes, ids, amounts and dates. Free
        /// text (names, remittance) is taken as written.
        var value: String { text.camtTrimmed }
    }

    enum Tree {
        /// Parses `bytes` into elements. Refuses what is not a well-formed UTF-8 XML document,
        /// and any DOCTYPE: a camt.053 message has none, and a DTD could define entities.
        static func parse(_ bytes: [UInt8], file: String) throws(LedgerError) -> Node {
            func refuse(_ message: String, line: Int? = nil) -> LedgerError {
                LedgerError(.invalidFile, message, at: SourceLocation(file: file, line: line))
            }
            guard !bytes.isEmpty else { throw refuse("the file is empty; expected a camt.053 XML document") }
            if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.prefix(4).contains(0) {
                throw refuse("the file is UTF-16 or UTF-32; camt.053 files are UTF-8")
            }
            guard bytes.contains(UInt8(ascii: "<")) else {
                throw refuse("the file holds no XML (there is no '<' in it); expected a camt.053 XML document")
            }
            // XMLParser traps on element names that are not valid UTF-8: check first.
            if let line = firstInvalidUTF8Line(bytes) {
                throw refuse("the file has bytes that are not valid UTF-8; camt.053 files are UTF-8", line: line)
            }
            if let encoding = declaredEncoding(bytes), !["UTF-8", "UTF8"].contains(encoding.uppercased()) {
                throw refuse("the file declares encoding '\(encoding)'; camt.053 files are UTF-8", line: 1)
            }
            if prologDeclaresDoctype(bytes) {
                throw refuse("the file declares a DOCTYPE; camt.053 messages have none, and DTDs are refused")
            }
            // A stream is pushed to libxml2 in chunks; one Data is a single chunk, which
            // libxml2 refuses past 10 MB ("huge input lookup").
            return try run(XMLParser(stream: InputStream(data: Data(bytes))), Builder(), file: file)
        }

        /// The file read from disk by the parser, block by block (`XMLFileCheck` must have
        /// made on it the checks `parse` makes on the bytes); each `Stmt` of the message goes to
        /// `statement` as it closes and is dropped from the tree, so a file of any size is read
        /// in the memory of one statement. What `statement` throws stops the reading.
        static func stream(path: String, file: String,
                           statement: @escaping (_ root: Node, _ stmt: Node, _ parser: XMLParser) throws -> Void) throws -> Node {
            guard let input = InputStream(fileAtPath: path) else {
                throw LedgerError(.invalidFile, "cannot be read (check its permissions)", at: SourceLocation(file: file))
            }
            let builder = Builder()
            builder.onStatement = statement
            do {
                let root = try run(XMLParser(stream: input), builder, file: file)
                if let error = builder.statementError { throw error }
                return root
            } catch {
                // The parser reports the abort as a failure of its own: the cause comes first.
                throw builder.statementError ?? error
            }
        }

        private static func run(_ parser: XMLParser, _ builder: Builder, file: String) throws(LedgerError) -> Node {
            func refuse(_ message: String, line: Int? = nil) -> LedgerError {
                LedgerError(.invalidFile, message, at: SourceLocation(file: file, line: line))
            }
            parser.shouldProcessNamespaces = true
            parser.shouldResolveExternalEntities = false
            parser.delegate = builder
            let finished = parser.parse()
            if let refusal = builder.refusal {
                throw LedgerError(.invalidFile, refusal.message, at: SourceLocation(file: file, line: refusal.line, field: refusal.field))
            }
            if let failure = builder.failure {
                throw refuse("not well-formed XML at column \(failure.column): \(describe(failure.code))", line: failure.line)
            }
            if !finished || parser.parserError != nil {
                let code = (parser.parserError as NSError?)?.code ?? 0
                throw refuse("not well-formed XML: \(describe(code))")
            }
            guard let root = builder.root else { throw refuse("the file holds no XML element") }
            return root
        }

        /// The line of the first byte that is not part of valid UTF-8, or nil when all are.
        static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int? {
            if String(validating: bytes, as: UTF8.self) != nil { return nil }
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            var line = 1
            while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
                case .emptyInput: return nil
                case .error: return line
                }
            }
        }

        /// The `encoding` of the XML declaration, if the file starts with one that names it.
        static func declaredEncoding(_ bytes: [UInt8]) -> String? {
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
            guard body.starts(with: Array("<?xml".utf8)), let end = body.firstIndex(of: UInt8(ascii: ">")) else { return nil }
            let declaration = String(decoding: body[..<end], as: UTF8.self)
            guard let name = declaration.range(of: "encoding") else { return nil }
            let rest = declaration[name.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
            guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
            return String(rest.dropFirst().prefix { $0 != quote })
        }

        /// Looks for `<!DOCTYPE` before the first start tag.
        private static func prologDeclaresDoctype(_ bytes: [UInt8]) -> Bool {
            let doctype = Array("<!DOCTYPE".utf8)
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count {
                    let next = bytes[index + 1]
                    if next != UInt8(ascii: "?") && next != UInt8(ascii: "!") { return false }
                    if bytes[index...].starts(with: doctype) { return true }
                }
                index += 1
            }
            return false
        }

        /// libxml2's error numbers (xmlParserErrors), for the mistakes files actually make.
        static func describe(_ code: Int) -> String {
            switch code {
            case 4: "the file holds no XML element (it must start with '<')"
            case 5: "the document does not end properly: an element is not closed (a truncated file?) or text follows the root element"
            case 9: "a character XML does not allow, or bytes that are not valid UTF-8"
            case 26: "an undeclared entity (only &amp; &lt; &gt; &quot; &apos; and character references are allowed)"
            case 38...42: "an attribute is malformed, not finished (a truncated file?) or given twice"
            case 73: "a tag is not finished: '>' is missing (a truncated file?)"
            case 76: "a closing tag does not match the element it closes"
            case 77: "an element is not closed (a truncated file?)"
            default: "libxml2 error \(code)"
            }
        }
    }

    /// Builds the tree from XMLParser's events. Elements in another namespace than the root's
    /// (supplementary data) are skipped with their content.
    private final class Builder: NSObject, XMLParserDelegate {
        struct Failure {
            var code: Int
            var line: Int
            var column: Int
        }

        var root: Node?
        var failure: Failure?
        /// Given, each `Stmt` under `BkToCstmrStmt` goes there as it closes and leaves the
        /// tree (`Tree.stream`); what it throws stops the parser and is kept here.
        var onStatement: ((Node, Node, XMLParser) throws -> Void)?
        var statementError: (any Error)?
        /// Why the builder stopped the parser: a limit or a control character (with its line
        /// and element path); reported instead of libxml2's "aborted".
        var refusal: (message: String, line: Int?, field: String?)?
        private var rootNamespace = ""
        /// The open elements; nil for one that is skipped.
        private var stack: [Node?] = []
        /// The open elements' names, for the path a refusal names.
        private var names: [String] = []
        private var elements = 0

        private func refuse(_ parser: XMLParser, _ message: String) {
            guard refusal == nil else { return }
            // A deep path is named by its first and last elements.
            let path = names.count <= 8 ? names : names.prefix(3) + ["..."] + names.suffix(3)
            refusal = (message, parser.lineNumber > 0 ? parser.lineNumber : nil, path.map { SafeText.excerpt($0, limit: 40) }.joined(separator: "/"))
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            guard refusal == nil else { return }
            names.append(elementName)
            elements += 1
            // Bounded: the tree is built and freed recursively, so depth must stay small.
            if names.count > InputLimits.depth {
                return refuse(parser, "elements nest more than \(InputLimits.depth) deep here; camt.053 needs about 12")
            }
            if elements > InputLimits.xmlElements {
                let holder = onStatement == nil ? "the file has" : "the statement has"
                return refuse(parser, "\(holder) more than \(InputLimits.xmlElements) elements")
            }
            for (name, value) in attributeDict.sorted(by: { $0.key < $1.key }) {
                if let (scalar, position) = SafeText.firstRefused(in: value) {
                    return refuse(parser, "attribute \(SafeText.excerpt(name, limit: 40)) has the control character \(SafeText.name(scalar)) at character \(position); control characters other than tab are not allowed in text")
                }
            }
            let namespace = namespaceURI ?? ""
            let line = parser.lineNumber > 0 ? parser.lineNumber : nil
            guard let top = stack.last else {
                let node = Node(name: elementName, namespace: namespace, attributes: attributeDict, line: line)
                root = node
                rootNamespace = namespace
                stack.append(node)
                return
            }
            guard let parent = top, namespace == rootNamespace else {
                stack.append(nil)
                return
            }
            // Only the root keeps its namespace: the others are the same by construction.
            let node = Node(name: elementName, namespace: "", attributes: attributeDict, line: line)
            parent.children.append(node)
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard refusal == nil, let closed = stack.popLast() else { return }
            defer { names.removeLast() }
            guard let node = closed else { return }
            if !node.children.isEmpty {
                node.text = ""  // white space between elements
            } else if let (scalar, position) = SafeText.firstRefused(in: node.text) {
                refuse(parser, "the text has the control character \(SafeText.name(scalar)) at character \(position); control characters other than tab are not allowed in text")
                return
            }
            if let onStatement, node.name == "Stmt", stack.count == 2, let message = stack[1], message.name == "BkToCstmrStmt", let root {
                do {
                    try onStatement(root, node, parser)
                } catch {
                    statementError = error
                    parser.abortParsing()
                    return
                }
                message.children.removeLast()  // read: the tree holds one statement at a time
                elements = 0
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            append(string, parser)
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            append(String(decoding: CDATABlock, as: UTF8.self), parser)
        }

        private func append(_ string: String, _ parser: XMLParser) {
            // Text between child elements is white space the end of the element drops anyway.
            guard refusal == nil, let node = stack.last ?? nil, node.children.isEmpty else { return }
            node.text += string
            if node.text.utf8.count > InputLimits.fieldBytes {
                refuse(parser, "the text of this element is longer than \(InputLimits.fieldBytes) bytes")
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if failure == nil {
                failure = Failure(code: (parseError as NSError).code, line: parser.lineNumber, column: parser.columnNumber)
            }
        }
    }
}

extension String {
    /// Without leading and trailing white space and line breaks.
    var camtTrimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
