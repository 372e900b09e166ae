/// How a streamed import reads its file: in blocks of `blockBytes`, handed to the ledger in
/// chunks of about `chunkRecords` records (or statement lines), all in one transaction. The
/// two bound the memory an import holds whatever the file's size; tests make them small to
/// stream a small file through many blocks and chunks.
public struct ImportBuffer: Sendable, Equatable {
    public var blockBytes: Int
    public var chunkRecords: Int

    public init(blockBytes: Int, chunkRecords: Int) {
        self.blockBytes = blockBytes
        self.chunkRecords = chunkRecords
    }

    /// 1 MiB blocks (as the journal import reads), 20,000 records a chunk.
    public static let standard = ImportBuffer(blockBytes: 1 << 20, chunkRecords: 20_000)
}

/// How far an import has read: `done` of `total` (when known) `unit`s, for a progress line.
public struct ImportProgress: Sendable, Equatable {
    public var done: Int
    public var total: Int?
    public var unit: String

    public init(done: Int, total: Int?, unit: String) {
        self.done = done
        self.total = total
        self.unit = unit
    }
}
