import GRDB
import LedgerCore

extension LedgerStore {
    /// Posts entries handed over in chunks, all in one transaction: the push form of
    /// `post(chunks:actor:batch:)` for a reader that drives itself (the SAF-T reader calls the
    /// import back as records close; it cannot be asked for the next chunk). `produce` calls its argument with
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
                try poster.postAll(drafts, db)
                poster.forgetMiddlePosted()
            }
            try poster.finish(db, batch: batch)
            return poster.summary
        }
    }

    /// The pull form (`close journal import`): posts the chunks `next` hands out until it
    /// returns nil, in one transaction, with memory bounded by a chunk rather than the file.
    /// A refused entry's error carries `entryIndex` counted over all chunks.
    @discardableResult
    public func post(chunks next: () throws -> [JournalEntryDraft]?, actor: String, batch: String) throws -> PostingSummary {
        try post(batch: batch, actor: actor) { post in
            var start = 0
            while let drafts = try next() {
                do {
                    try post(drafts)
                } catch var error as LedgerError {
                    error.entryIndex = error.entryIndex.map { $0 + start }
                    throw error
                }
                start += drafts.count
            }
        }
    }
}
