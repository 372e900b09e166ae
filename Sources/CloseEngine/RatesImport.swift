import Interchange
import LedgerCore
import LedgerStore

/// `close rates import`: a rates CSV read as a stream (`RatesCSVStream`) and stored chunk by
/// chunk in one transaction: all rates or none, the file never held whole.
public enum RatesImport {
    public static func run(file: String, into ledger: LedgerStore, actor: String, buffer: ImportBuffer = .standard,
                           progress: (ImportProgress) -> Void = { _ in }) throws -> RateImportSummary {
        let stream = try RatesCSVStream(path: file, chunkRecords: buffer.chunkRecords, blockBytes: buffer.blockBytes)
        let size = InputFile.size(atPath: file)
        return try ledger.importRates(actor: actor, source: file) { store in
            while let chunk = try stream.next() {
                do {
                    try store(chunk.quotes)
                } catch var error as LedgerError {
                    if let index = error.entryIndex, index < chunk.lines.count {
                        error.location = SourceLocation(file: file, line: chunk.lines[index], field: error.location?.field)
                    }
                    throw error
                }
                progress(ImportProgress(done: stream.bytesRead, total: size, unit: "bytes"))
            }
        }
    }
}
