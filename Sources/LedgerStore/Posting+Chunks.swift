import GRDB
import LedgerCore

extension LedgerStore {
    /// Posts entries handed over in chunks, all in one transaction: the push form of
    /// `post(chunks:actor:batch:)` for a reader that drives itself (XMLParser calls the SAF-T
    /// import back; it cannot be asked for the next chunk). `produce` calls its argument with
    /// each chunk; an error there, or thrown by `produce` itself, rolls everything back. As in
    /// the pull form, a key that comes twice is refused and the summary keeps the first and
    /// last entries. A refused entry's error carries `entryIndex`, its position in its chunk.
    @discardableResult
    public func post(batch: String, actor: String,
                     chunks produce: (_ post: ([JournalEntryDraft]) throws -> Void) throws -> Void) throws -> PostingSummary {
        try requireWriter(actor, allowsSystem: true)
        return try transaction { db in
            var poster = try Poster(db, store: self, actor: actor)
            poster.refusesRepeatsInBatch = true
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
                poster.forgetMiddlePosted()
            }
            try poster.finish(db, batch: batch)
            return poster.summary
        }
    }
}
