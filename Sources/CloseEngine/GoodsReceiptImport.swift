import Interchange
import LedgerCore
import LedgerStore

/// `close goods import`: a goods-receipt log read as a stream (`GoodsReceiptsCSVStream`) and
/// stored chunk by chunk in one transaction, so memory does not grow with the file and a
/// refusal anywhere, the last line included, leaves the ledger unchanged.
public enum GoodsReceiptImport {
    public struct Outcome: Sendable, Equatable {
        public var summary: GoodsReceiptImportSummary
        public var receipts = 0
        public var notInvoiced = 0
    }

    public static func run(file: String, into ledger: LedgerStore, actor: String, buffer: ImportBuffer = .standard,
                           progress: (ImportProgress) -> Void = { _ in }) throws -> Outcome {
        let stream = try GoodsReceiptsCSVStream(path: file, group: ledger.group, chunkRecords: buffer.chunkRecords,
                                                blockBytes: buffer.blockBytes)
        let size = InputFile.size(atPath: file)
        var receipts = 0, notInvoiced = 0
        let summary = try ledger.importGoodsReceipts(source: file, actor: actor) { store in
            while let chunk = try stream.next() {
                do {
                    try store(chunk.receipts)
                } catch var error as LedgerError {
                    // The ledger names the receipt by its place in the chunk; the user needs the line.
                    if let index = error.entryIndex, index < chunk.lines.count {
                        error.location = SourceLocation(file: file, line: chunk.lines[index], field: error.location?.field)
                    }
                    throw error
                }
                receipts += chunk.receipts.count
                notInvoiced += chunk.receipts.filter { $0.invoice == nil }.count
                progress(ImportProgress(done: stream.bytesRead, total: size, unit: "bytes"))
            }
        }
        return Outcome(summary: summary, receipts: receipts, notInvoiced: notInvoiced)
    }
}
