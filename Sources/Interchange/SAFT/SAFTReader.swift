import Foundation
import LedgerCore

/// Reads Norwegian SAF-T Financial 1.10 and 1.30 (docs/file-formats.md, "SAF-T Financial"),
/// streamed: `SAFTXMLScanner` reads the file in 1 MiB blocks and each record is turned into
/// ledger terms as its element closes, so the XML is never held whole. Any problem refuses
/// the whole file, naming the file, line and element path.
public enum SAFTReader {
    /// Bytes read from the file at a time.
    public static let blockBytes = 1 << 20

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
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let handle = fopen(path, "rb") else {
            throw LedgerError(.invalidFile, "cannot read \(path): no such file or not readable", at: SourceLocation(file: path))
        }
        defer { fclose(handle) }
        return try read(SAFTByteSource(file: handle), file: path, options: options, chartOnly: chartOnly, deliver: deliver, blockBytes: blockBytes)
    }

    /// Reads bytes already in memory (tests, the fuzzer), `blockBytes` at a time as from a file.
    public static func read(_ bytes: [UInt8], file: String, options: SAFTOptions, blockBytes: Int = SAFTReader.blockBytes) throws(LedgerError) -> SAFTBooks {
        try read(SAFTByteSource(bytes: bytes), file: file, options: options, chartOnly: false, deliver: nil, blockBytes: blockBytes)
    }

    static func read(_ source: SAFTByteSource, file: String, options: SAFTOptions, chartOnly: Bool,
                     deliver: ((SAFTChunk) throws(LedgerError) -> Void)?, blockBytes: Int) throws(LedgerError) -> SAFTBooks {
        var assembler = SAFTAssembler(file: file, options: options)
        assembler.deliver = deliver
        var scanner = SAFTXMLScanner(handler: SAFTDocument(assembler: assembler, file: file, chartOnly: chartOnly),
                                     source: source, file: file, blockBytes: blockBytes)
        try scanner.run()
        if chartOnly { return try scanner.handler.assembler.chart(endLine: scanner.line) }
        return try scanner.handler.assembler.finish(endLine: scanner.line)
    }
}
