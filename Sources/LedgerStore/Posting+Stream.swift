import GRDB
import LedgerCore

extension LedgerStore {
    /// Posts the entries `next` hands out, chunk after chunk until it returns nil, in one
    /// transaction: all or nothing however many there are (invariant 12), with memory
    /// bounded by a chunk rather than the whole file (`close journal import`). The rules are
    /// those of `post(_:actor:batch:)`, and the batch is sealed by one audit event. A refused
    /// entry's error carries `entryIndex` counted over all chunks; an error `next` throws
    /// rolls everything back too. A key that comes twice is refused, not skipped: in a stream
    /// it is an entry whose lines were too far apart. The summary's `posted` keeps the first
    /// and the last entry.
    @discardableResult
    public func post(chunks next: () throws -> [JournalEntryDraft]?, actor: String, batch: String) throws -> PostingSummary {
        try requireWriter(actor, allowsSystem: true)
        return try transaction { db in
            var poster = try Poster(db, store: self, actor: actor)
            poster.refusesRepeatsInBatch = true
            var index = 0
            while let drafts = try next() {
                let prepared = try poster.prepare(drafts, db)
                // Stop the preparing thread whenever the writer stops, refused or done.
                defer { prepared.cancel() }
                for chunk in 0..<prepared.chunkCount {
                    for entry in prepared.take(chunk) {
                        do {
                            try poster.post(try entry.get(), db)
                        } catch var error as LedgerError {
                            error.entryIndex = index
                            throw error
                        }
                        index += 1
                    }
                }
                poster.forgetMiddlePosted()
            }
            try poster.finish(db, batch: batch)
            return poster.summary
        }
    }
}
