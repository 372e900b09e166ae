#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation
import LedgerCore

/// Reads Norwegian SAF-T Financial 1.10 and 1.30 (docs/file-formats.md, "SAF-T Financial"),
/// streamed: XMLParser pulls the file through an InputStream in chunks and each record is
/// turned into ledger terms as its element closes, so the XML is never held whole. Any
/// problem refuses the whole file, naming the file, line and element path.
public enum SAFTReader {
    /// Reads the file at `path`. With `deliver`, the entries are handed over as they are read,
    /// a few thousand at a time, and not kept: memory holds one chunk, whatever the file's size.
    /// An error `deliver` throws stops the reading and is thrown from here.
    public static func read(path: String, options: SAFTOptions,
                            deliver: ((SAFTChunk) throws(LedgerError) -> Void)? = nil) throws(LedgerError) -> SAFTBooks {
        try read(path: path, options: options, chartOnly: false, deliver: deliver)
    }

    /// The company, selection and chart of the file at `path`, read up to its entries (to make
    /// or check the group before the entries are posted).
    public static func readChart(path: String, options: SAFTOptions) throws(LedgerError) -> SAFTBooks {
        try read(path: path, options: options, chartOnly: true, deliver: nil)
    }

    static func read(path: String, options: SAFTOptions, chartOnly: Bool,
                     deliver: ((SAFTChunk) throws(LedgerError) -> Void)?) throws(LedgerError) -> SAFTBooks {
        guard let stream = InputStream(fileAtPath: path), FileManager.default.isReadableFile(atPath: path),
              let handle = FileHandle(forReadingAtPath: path) else {
            throw LedgerError(.invalidFile, "cannot read \(path): no such file or not readable", at: SourceLocation(file: path))
        }
        let head = [UInt8]((try? handle.read(upToCount: 65_536)) ?? Data())
        try? handle.close()
        try refuseDoctype(head, file: path)
        try SAFTInput.requireUTF8(path: path)
        return try read(stream, file: path, options: options, chartOnly: chartOnly, deliver: deliver)
    }

    /// Reads bytes already in memory (tests, the fuzzer).
    public static func read(_ bytes: [UInt8], file: String, options: SAFTOptions) throws(LedgerError) -> SAFTBooks {
        try refuseDoctype(bytes.prefix(65_536), file: file)
        try SAFTInput.requireUTF8(bytes, file: file)
        return try read(InputStream(data: Data(bytes)), file: file, options: options, chartOnly: false, deliver: nil)
    }

    /// A SAF-T file has no DOCTYPE, and a DTD could define entities that expand without bound:
    /// refused when one comes before the first element (in the file's first 64 KiB).
    static func refuseDoctype(_ head: some Collection<UInt8>, file: String) throws(LedgerError) {
        let bytes = Array(head)
        let doctype = Array("<!DOCTYPE".utf8)
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "<") {
                let next = bytes[index + 1]
                if next != UInt8(ascii: "?") && next != UInt8(ascii: "!") { return }
                if bytes[index...].starts(with: doctype) {
                    throw LedgerError(.invalidFile, "the file declares a DOCTYPE; SAF-T files have none, and DTDs are refused", at: SourceLocation(file: file, line: 1))
                }
            }
            index += 1
        }
    }

    static func read(_ stream: InputStream, file: String, options: SAFTOptions, chartOnly: Bool,
                     deliver: ((SAFTChunk) throws(LedgerError) -> Void)?) throws(LedgerError) -> SAFTBooks {
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        var assembler = SAFTAssembler(file: file, options: options)
        assembler.deliver = deliver
        let events = SAFTEvents(assembler: assembler, file: file)
        events.chartOnly = chartOnly
        parser.delegate = events
        let finished = parser.parse()
        if let refusal = events.refusal { throw refusal }
        if chartOnly && (events.stoppedAtEntries || finished) { return try events.assembler.chart(endLine: max(parser.lineNumber, 1)) }
        if let failure = events.failure {
            throw LedgerError(.invalidFile, "not well-formed XML at column \(failure.column) (libxml2 error \(failure.code)); expected a SAF-T Financial XML document",
                              at: SourceLocation(file: file, line: failure.line))
        }
        guard finished, parser.parserError == nil else {
            throw LedgerError(.invalidFile, "not well-formed XML; expected a SAF-T Financial XML document", at: SourceLocation(file: file))
        }
        return try events.assembler.finish(endLine: max(parser.lineNumber, 1))
    }
}
