import LedgerCore

/// A goods-receipt log read in blocks and handed out in chunks of receipts, each with its
/// file line (`close goods import`): the file is never held whole, whatever its size. Every
/// check of `GoodsReceiptsCSV.parse` applies with the same messages; only an id and a line
/// number are kept per receipt, to name the first use of an id used twice.
public final class GoodsReceiptsCSVStream {
    public let file: String
    private let records: CSVRecordStream
    private let group: GroupDefinition
    private let chunkRecords: Int
    private var ids = GoodsReceiptsCSV.ReceiptIDs()

    public init(path: String, group: GroupDefinition, chunkRecords: Int = 20_000, blockBytes: Int = 1 << 20) throws(LedgerError) {
        file = path
        self.group = group
        self.chunkRecords = max(1, chunkRecords)
        records = try CSVRecordStream(path: path, header: GoodsReceiptsCSV.header, nothing: "receipts",
                                      headerOnly: "goods receipts", blockBytes: blockBytes)
    }

    /// Bytes of the file read so far (for progress).
    public var bytesRead: Int { records.bytesRead }

    /// The next receipts, nil after the last; the first problem in the file throws.
    public func next() throws(LedgerError) -> ParsedGoodsReceipts? {
        guard let batch = try records.next(atLeast: chunkRecords), let columns = records.columns else { return nil }
        var parsed = ParsedGoodsReceipts(receipts: [], lines: [])
        parsed.receipts.reserveCapacity(batch.count)
        for record in batch {
            let receipt = try GoodsReceiptsCSV.goodsReceipt(record, columns: columns, group: group)
            try ids.add(receipt, record, columns)
            parsed.receipts.append(receipt)
            parsed.lines.append(record.line)
        }
        return parsed
    }
}
