import LedgerCore

/// The scanner's elements turned into SAF-T records, one at a time: the header, each account,
/// customer and supplier, each transaction with its lines. No tree is built: a record is
/// handed to `SAFTAssembler` when its element closes and then forgotten, so memory holds
/// what the ledger will post, not the XML. A problem names the line and the element path
/// (`AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[3]/Line[2]/AccountID`).
struct SAFTDocument: SAFTXMLHandler {
    static let namespace = "urn:StandardAuditFile-Taxation-Financial:NO"
    /// How many children of each numbered name (`SAFTNames.numbered`) an element has had.
    private static let slots = SAFTNames.numbered.count

    /// Inline, not behind a reference: a class's property is checked for exclusive access at
    /// run time on each call (two per element). It was boxed while the scanner copied itself,
    /// this document and so the assembler around its helper calls; the helpers now read the
    /// scanner in place (`SAFTXMLScanner+Characters`).
    var assembler: SAFTAssembler
    let file: String
    /// Stop where the entries begin (`SAFTReader.readChart`).
    let chartOnly: Bool

    /// The open elements, the root first: one array, so that an element costs one append
    /// and one removal.
    private var frames: [Frame] = []
    /// `slots` counts per open element, after those of the document itself: the block of
    /// the element at depth d starts at d * slots (the document's at 0).
    private var counts = [Int](repeating: 0, count: SAFTDocument.slots)
    private var interned = SAFTNames()

    private struct Frame {
        /// The local name, and the name as the assembler knows it.
        var name: String
        var id: SAFTName
        /// The element's number among its parent's children of its name, 0 when not numbered.
        var index: Int
        /// Made when a child first needs its parent's path.
        var node: SAFTPathNode?
        /// A child opened in it: its own text is then only the white space between elements.
        var hasChildren = false
    }

    init(assembler: SAFTAssembler, file: String, chartOnly: Bool) {
        self.assembler = assembler
        self.file = file
        self.chartOnly = chartOnly
    }

    var path: String {
        frames.map { SAFTPath.shown($0.name, $0.index) }.joined(separator: "/")
    }

    mutating func start(_ localName: UnsafeBufferPointer<UInt8>, rootNamespace: String?, line: Int) throws(LedgerError) -> Bool {
        let (name, id, slot) = interned.intern(localName)
        var index = 0
        if slot >= 0 {
            let at = frames.count * Self.slots + slot
            counts[at] += 1
            index = counts[at]
        }
        if !frames.isEmpty { frames[frames.count - 1].hasChildren = true }
        frames.append(Frame(name: name, id: id, index: index))
        // The new element's counts: blocks of closed elements stay and are zeroed on reuse.
        let base = frames.count * Self.slots
        if counts.count < base + Self.slots {
            counts.append(contentsOf: repeatElement(0, count: Self.slots))
        } else {
            for at in base..<(base + Self.slots) { counts[at] = 0 }
        }
        let depth = frames.count
        if depth == 1 {
            guard name == "AuditFile", rootNamespace == Self.namespace else {
                let uri = rootNamespace ?? ""
                let found = uri.isEmpty ? "no namespace" : "namespace '\(SafeText.excerpt(uri, limit: 80))'"
                throw LedgerError(.invalidFile, "the root element is <\(SafeText.excerpt(name, limit: 40))> in \(found); expected <AuditFile xmlns=\"\(Self.namespace)\"> (Norwegian SAF-T Financial 1.10 or 1.30)",
                                  at: SourceLocation(file: file, line: line, field: path))
            }
            return true
        }
        if chartOnly && depth == 2 && id == .generalLedgerEntries { return false }
        do {
            try assembler.start(name, id, parent: frames[depth - 2].id, depth: depth, line: line, path: { Self.elementPath(at: depth - 1, in: &self.frames) })
        } catch {
            throw error.at(SourceLocation(file: file, line: line, field: path))
        }
        return true
    }

    mutating func end(text: UnsafeBufferPointer<UInt8>, line: Int) throws(LedgerError) {
        let depth = frames.count
        let level = depth - 1
        // A leaf's text, refused if it has a control character; its String is made only if
        // the assembler keeps it (most of a Transaction's leaves are not kept).
        var value = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        if !frames[level].hasChildren && !text.isEmpty {
            value = text
            if !text.allSatisfy({ $0 >= 0x20 && $0 < 0x7F || $0 == 0x09 }),
               let (scalar, position) = SafeText.firstRefused(in: String(decoding: text, as: UTF8.self)) {
                throw LedgerError(.invalidText, "the text has the control character \(SafeText.name(scalar)) at character \(position); control characters other than tab are not allowed in text",
                                  at: SourceLocation(file: file, line: line, field: path))
            }
        }
        do {
            try assembler.end(frames[level].id, frames[level].name, parent: depth > 1 ? frames[level - 1].id : .other,
                              section: depth > 1 ? frames[1].id : .other, depth: depth, text: value, line: line,
                              path: { Self.elementPath(at: level, in: &self.frames) },
                              pathBelowSection: { self.frames[2...].map(\.name).joined(separator: "/") })
        } catch {
            throw error.at(SourceLocation(file: file, line: line, field: path))
        }
        frames.removeLast()
    }

    /// The path of the open element at `level` (0 is the root), for a record or an error.
    /// Static, on `frames` alone: the closures that call it while the assembler is being
    /// changed may touch no other part of the document.
    private static func elementPath(at level: Int, in frames: inout [Frame]) -> SAFTPath {
        SAFTPath(parent: level > 0 ? node(at: level - 1, in: &frames) : nil, name: frames[level].name, index: frames[level].index)
    }

    /// The path node of the open element at `level` (0 is the root), made on first need.
    private static func node(at level: Int, in frames: inout [Frame]) -> SAFTPathNode {
        if let node = frames[level].node { return node }
        let parent = level > 0 ? node(at: level - 1, in: &frames) : nil
        let node = SAFTPathNode(parent: parent, name: frames[level].name, index: frames[level].index)
        frames[level].node = node
        return node
    }
}
