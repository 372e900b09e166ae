import GRDB
import LedgerCore

extension LedgerStore {
    /// Posts entries handed over in chunks, all in one transaction, as `post` does with one
    /// array: for a file too large to hold whole (a SAF-T import reads and posts chunk by
    /// chunk). `produce` calls its argument with each chunk; an error there, or thrown by
    /// `produce` itself, rolls everything back. A refused entry's error carries `entryIndex`,
    /// its position in its chunk.
    @discardableResult
    public func post(batch: String, actor: String,
                     chunks produce: (_ post: ([JournalEntryDraft]) throws -> Void) throws -> Void) throws -> PostingSummary {
        try requireWriter(actor, allowsSystem: true)
        return try transaction { db in
            var poster = try Poster(db, store: self, actor: actor)
            try produce { drafts in
                let prepared = try poster.prepare(drafts, db)
                defer { prepared.cancel() }
                var index = 0
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
            }
            try poster.finish(db, batch: batch)
            return poster.summary
        }
    }
}
