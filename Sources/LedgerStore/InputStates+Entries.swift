import Foundation
import GRDB
import LedgerCore

/// The entries scopes counted so far, so that a close, which asks for the state of the same
/// scopes again and again (each proposal when it is prepared, each approval before it
/// commits, each certification pass), counts only the entries posted since it last asked
/// instead of an entity's whole year each time.
///
/// A count stays true while nothing of the entity was posted after it. Document numbers
/// are gap-free (invariant 4, checked by `close audit verify`), so the sum of an entity's
/// last numbers is how many of its entries are posted: when it grew by exactly the number
/// of its posted entries above the highest id seen, those are the only new ones and are
/// counted on top; otherwise (a draft of an older id was posted) the scope is counted again.
final class EntryCounts: @unchecked Sendable {
    struct Key: Hashable {
        var entity: String
        var through: String
        var excludedPrefix: String
    }

    struct Count {
        var count: Int64
        var lastID: Int64
        /// The highest entry id (any entity, any state) when it was counted.
        var seenThrough: Int64
        /// How many of the entity's entries were posted then (its last document numbers summed).
        var posted: Int64
    }

    private let lock = NSLock()
    private var counts: [Key: Count] = [:]

    /// "count/last id" of the entity's posted entries dated up to `through` whose key does not
    /// start with `prefix`, read inside one read transaction `db`.
    func state(entity: String, through: CalendarDate, excludingKeyPrefix prefix: String, _ db: Database) throws -> String {
        let key = Key(entity: entity, through: through.description, excludedPrefix: prefix)
        // The posted total first: should another process post between the two reads, the
        // total is then too low, never too high, and the next call counts again.
        let posted = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(last_number), 0) FROM document_sequence WHERE entity = ?",
                                        arguments: [entity]) ?? 0
        let seenThrough = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM journal_entry") ?? 0
        let earlier = lock.withLock { counts[key] }
        let count = try earlier.flatMap { try Self.extend($0, key: key, seenThrough: seenThrough, posted: posted, db) }
            ?? Self.counted(key, seenThrough: seenThrough, posted: posted, db)
        lock.withLock { counts[key] = count }
        return "\(count.count)/\(count.lastID)"
    }

    /// `earlier` brought up to date by the entries above the ids it saw, or nil when the
    /// entity's postings are not all among them.
    private static func extend(_ earlier: Count, key: Key, seenThrough: Int64, posted: Int64, _ db: Database) throws -> Count? {
        if earlier.posted == posted, earlier.seenThrough <= seenThrough { return earlier }
        guard earlier.seenThrough <= seenThrough,
              let row = try Row.fetchOne(db, sql: """
                SELECT count(*), coalesce(sum(date <= ? AND substr(idempotency_key, 1, ?) <> ?), 0),
                       coalesce(max(CASE WHEN date <= ? AND substr(idempotency_key, 1, ?) <> ? THEN id END), 0)
                FROM journal_entry WHERE id > ? AND id <= ? AND entity = ? AND state = 'posted'
                """, arguments: [key.through, key.excludedPrefix.count, key.excludedPrefix,
                                 key.through, key.excludedPrefix.count, key.excludedPrefix,
                                 earlier.seenThrough, seenThrough, key.entity])
        else { return nil }
        let newlyPosted: Int64 = row[0], inScope: Int64 = row[1], lastInScope: Int64 = row[2]
        guard earlier.posted + newlyPosted == posted else { return nil }
        return Count(count: earlier.count + inScope, lastID: max(earlier.lastID, lastInScope),
                     seenThrough: seenThrough, posted: posted)
    }

    /// The scope counted from the start.
    private static func counted(_ key: Key, seenThrough: Int64, posted: Int64, _ db: Database) throws -> Count {
        let row = try Row.fetchOne(db, sql: """
            SELECT count(*), coalesce(max(id), 0) FROM journal_entry
            WHERE entity = ? AND state = 'posted' AND date <= ? AND substr(idempotency_key, 1, ?) <> ? AND id <= ?
            """, arguments: [key.entity, key.through, key.excludedPrefix.count, key.excludedPrefix, seenThrough])
        return Count(count: row?[0] ?? 0, lastID: row?[1] ?? 0, seenThrough: seenThrough, posted: posted)
    }
}
