import Crypto
import Foundation
import GRDB
import LedgerCore

/// What a posting batch did.
public struct PostingSummary: Sendable, Equatable {
    public var entriesPosted = 0
    public var linesPosted = 0
    public var entriesSkipped = 0
    public var linesSkipped = 0
    /// The posted entries in batch order.
    public var posted: [PostedEntryRef] = []
}

/// A posted entry's identity: its row id and document number (`US01-2026-000042`).
public struct PostedEntryRef: Sendable, Equatable {
    public var id: Int64
    public var entity: String
    public var fiscalYear: Int
    public var documentNumber: Int64

    public var document: String { DocumentNumber.format(entity: entity, fiscalYear: fiscalYear, number: documentNumber) }
}

public enum DocumentNumber {
    public static func format(entity: String, fiscalYear: Int, number: Int64) -> String {
        let digits = String(number)
        return "\(entity)-\(fiscalYear)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

extension LedgerStore {
    /// Posts a batch of entries in one transaction: all or nothing (invariant 12).
    /// An entry whose idempotency key is already posted with the same content is skipped;
    /// with different content the whole batch is refused (invariant 11).
    /// A refused entry's error carries `entryIndex` (position in `drafts`).
    @discardableResult
    public func post(_ drafts: [JournalEntryDraft], actor: String, batch: String = "manual") throws -> PostingSummary {
        try requireWriter(actor, allowsSystem: true)
        return try transaction { db in
            var poster = try Poster(db, store: self, actor: actor)
            try poster.postAll(drafts, db)
            try poster.finish(db, batch: batch)
            return poster.summary
        }
    }
}

/// Posts entries inside one open transaction, keeping every invariant:
/// rules (1-3, 6), period state (9), idempotency (11), gap-free numbering (10),
/// cached balances (5), and the audit chain (13). `finish` writes the per-batch state, seals
/// the batch's entries in one audit event, and checks again, after the writes, that every
/// touched entity's books still balance.
struct Poster {
    private let store: LedgerStore
    private let actor: String
    private var audit: AuditAppender
    private var seal = EntrySeal()
    private var rateCache: [RateKey: ConversionRate] = [:]
    private var periodStates: [PeriodKey: PeriodState] = [:]
    private var lastNumbers: [SequenceKey: Int64] = [:]
    private var balanceDeltas: [BalanceKey: BalanceDelta] = [:]
    private let insertEntry: RawStatement
    private var insertLines: [Int: RawStatement] = [:]
    private let findKey: RawStatement
    private var arena = TextArena()
    private var pendingLines: [PendingLine] = []
    private var hashEncoder = CanonicalEncoder(tag: "")
    private(set) var summary = PostingSummary()
    /// Whether a key posted earlier in this batch is refused rather than skipped as a replay.
    var refusesRepeatsInBatch = false

    /// For a stream of any length: the summary names only the first and last entries posted.
    mutating func forgetMiddlePosted() {
        guard summary.posted.count > 2 else { return }
        summary.posted = [summary.posted[0], summary.posted[summary.posted.count - 1]]
    }

    init(_ db: Database, store: LedgerStore, actor: String) throws {
        self.store = store
        self.actor = actor
        self.audit = try AuditAppender(db, clock: store.clock)
        // Prepared once per transaction; a key already posted makes the insert a no-op.
        insertEntry = try RawStatement(db, """
            INSERT INTO journal_entry (entity, date, fiscal_year, document_number, state, source, description,
                                       idempotency_key, content_hash, payload_hash, reverses, created_by)
            VALUES (?, ?, ?, ?, 'posted', ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (idempotency_key) DO NOTHING
            """)
        findKey = try RawStatement(db, "SELECT payload_hash, state, id FROM journal_entry WHERE idempotency_key = ?")
    }

    /// Prepares `drafts` on a second thread and posts them in order; a refused entry's error
    /// carries `entryIndex`, its position in `drafts`.
    mutating func postAll(_ drafts: [JournalEntryDraft], _ db: Database) throws {
        let prepared = try prepare(drafts, db)
        // Stop the preparing thread whenever the writer stops, refused or done.
        defer { prepared.cancel() }
        var index = 0
        for chunk in 0..<prepared.chunkCount {
            let entries = prepared.take(chunk)
            // By index, the entry borrowed in place: `entry.get()` copied it out of its Result,
            // every string and array of it retained and released, on the writer's thread.
            for position in entries.indices {
                do {
                    switch entries[position] {
                    case .success(let entry): try post(entry, db)
                    case .failure(let refusal): throw refusal
                    }
                } catch var error as LedgerError {
                    error.entryIndex = index
                    throw error
                }
                index += 1
            }
            prepared.giveBack(consume entries)
        }
    }

    /// Resolves and hashes `drafts` (see `EntryPreparation`), after fetching their rates.
    mutating func prepare(_ drafts: [JournalEntryDraft], _ db: Database) throws -> PreparedStream {
        let rates = EntryPreparation.rates(for: drafts, rules: store.rules) { from, to, date throws(LedgerError) in
            try self.rate(from: from, to: to, on: date, db)
        }
        return EntryPreparation.stream(drafts, rules: store.rules, rates: rates)
    }

    /// Resolves and posts one entry that reverses entry `reverses`.
    mutating func post(_ draft: JournalEntryDraft, reverses: Int64, _ db: Database) throws {
        let resolved = try store.rules.resolve(draft) { from, to, date throws(LedgerError) in
            try self.rate(from: from, to: to, on: date, db)
        }
        let contentHash = EntryHash.v1(resolved, reverses: reverses, using: &hashEncoder)
        let payloadHash = EntryHash.payloadV1(draft, reverses: reverses, using: &hashEncoder)
        try post(PreparedEntry(resolved: resolved, contentHash: contentHash, payloadHash: payloadHash, reverses: reverses), db)
    }

    mutating func post(_ entry: PreparedEntry, _ db: Database) throws {
        let resolved = entry.resolved
        let reverses = entry.reverses
        let contentHash = entry.contentHash
        let period = resolved.date.period
        do {
            try checkPeriodAccepts(resolved, period: period, db)
        } catch {
            // A replay of an entry posted before its period closed is still a replay.
            if try isReplay(resolved.idempotencyKey, payloadHash: entry.payloadHash, db) {
                summary.entriesSkipped += 1
                summary.linesSkipped += resolved.lines.count
                return
            }
            throw error
        }

        let fiscalYear = period.fiscalYear(startMonth: store.group.fiscalYearStartMonth)
        let sequence = SequenceKey(entity: resolved.entityIndex, fiscalYear: fiscalYear)
        let number = try lastDocumentNumber(sequence, db) + 1
        insertEntry.bind(1, resolved.entity.code)
        insertEntry.bind(2, resolved.date.description)
        insertEntry.bind(3, Int64(fiscalYear))
        insertEntry.bind(4, number)
        insertEntry.bind(5, resolved.source.description)
        insertEntry.bind(6, resolved.description)
        insertEntry.bind(7, resolved.idempotencyKey)
        insertEntry.bind(8, digest: contentHash)
        insertEntry.bind(9, digest: entry.payloadHash)
        insertEntry.bind(10, reverses)
        insertEntry.bind(11, actor)
        try insertEntry.execute(db)
        guard db.changesCount == 1 else {
            // The key was posted before: the same content is a replay, anything else a conflict.
            guard try isReplay(resolved.idempotencyKey, payloadHash: entry.payloadHash, db) else {
                throw LedgerError(.idempotencyConflict, "entry '\(resolved.idempotencyKey)' was already posted with different content, or is held by a draft; an idempotency key posts once and its content cannot change", at: SourceLocation(field: "entry_id"))
            }
            summary.entriesSkipped += 1
            summary.linesSkipped += resolved.lines.count
            return
        }
        lastNumbers[sequence] = number
        let id = db.lastInsertedRowID

        try queueLines(of: resolved, entry: id, db)
        try record(resolved, id: id, fiscalYear: fiscalYear, number: number, contentHash: contentHash)
    }

    /// What every posted entry adds to the batch: its balance deltas, its place in the seal
    /// and in the summary.
    @discardableResult
    private mutating func record(_ resolved: ResolvedEntry, id: Int64, fiscalYear: Int, number: Int64,
                                 contentHash: SHA256.Digest) throws -> PostedEntryRef {
        let period = resolved.date.period
        for index in resolved.lines.indices {
            let line = resolved.lines[index]
            let key = BalanceKey(entity: resolved.entityIndex, period: period, account: line.accountIndex, currency: line.currency)
            try balanceDeltas[key, default: BalanceDelta()].add(line)
        }
        let ref = PostedEntryRef(id: id, entity: resolved.entity.code, fiscalYear: fiscalYear, documentNumber: number)
        seal.add(id: id, entity: ref.entity, fiscalYear: fiscalYear, number: number, createdBy: actor, contentHash: contentHash)
        summary.entriesPosted += 1
        summary.linesPosted += resolved.lines.count
        summary.posted.append(ref)
        return ref
    }

    /// Queues the lines of a posted entry; they go in with multi-row INSERTs of up to
    /// `linesPerStatement` rows that span entries (one statement step per 64 lines, not per
    /// entry). A queued line keeps its numbers and where its text lies in the arena, not its
    /// strings: copying a line's five strings cost a retain and a release each, per line.
    /// `finish` writes what is left, inside the same transaction.
    private mutating func queueLines(of entry: ResolvedEntry, entry id: Int64, _ db: Database) throws {
        // By index: a line bound by `enumerated()` was a copy, its strings retained and released.
        for index in entry.lines.indices {
            pendingLines.append(PendingLine(entry: id, number: index + 1, line: entry.lines[index], arena: &arena))
            if pendingLines.count == Poster.linesPerStatement { try flushLines(db) }
        }
    }

    private mutating func flushLines(_ db: Database) throws {
        guard !pendingLines.isEmpty else { return }
        try insertRows(pendingLines[...], db)
        pendingLines.removeAll(keepingCapacity: true)
        arena.reset()
    }

    /// Inserts the lines of one entry at once (drafts, which are saved outside a posting batch).
    private mutating func insertLines(of entry: ResolvedEntry, entry id: Int64, _ db: Database) throws {
        try flushLines(db)
        try queueLines(of: entry, entry: id, db)
        try flushLines(db)
    }

    /// At most this many lines per INSERT: 9 parameters each stay far below SQLite's limit.
    static let linesPerStatement = 64

    /// One multi-row INSERT, its text bound from the arena without copies.
    private mutating func insertRows(_ rows: ArraySlice<PendingLine>, _ db: Database) throws {
        let count = rows.count
        let statement: RawStatement
        if let cached = insertLines[count] {
            statement = cached
        } else {
            let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?)", count: count).joined(separator: ", ")
            statement = try RawStatement(db, """
                INSERT INTO journal_line (entry_id, line_no, account, currency, amount, functional_amount,
                                          partner, reference, description)
                VALUES \(values)
                """)
            insertLines[count] = statement
        }
        try arena.bytes.withUnsafeBufferPointer { buffer in
            for (index, row) in rows.enumerated() {
                let base = Int32(index * 9)
                statement.bind(base + 1, row.entry)
                statement.bind(base + 2, Int64(row.number))
                statement.bind(base + 3, in: buffer, row.account)
                statement.bind(base + 4, in: buffer, row.currency)
                statement.bind(base + 5, row.amountMinor)
                statement.bind(base + 6, row.functionalMinor)
                if let partner = row.partner { statement.bind(base + 7, in: buffer, partner) } else { statement.bind(base + 7, nil as String?) }
                statement.bind(base + 8, in: buffer, row.reference)
                statement.bind(base + 9, in: buffer, row.description)
            }
            try statement.execute(db)
        }
    }

    /// True when `key` is already posted with this payload; false when it is not posted.
    /// A draft holding the key is never a replay: the key is taken until the draft is
    /// posted or discarded.
    private func isReplay(_ key: String, payloadHash: SHA256.Digest, _ db: Database) throws -> Bool {
        findKey.bind(1, key)
        let found = try findKey.step(db)
        let stored = found ? findKey.bytes(0) : []
        let posted = found && findKey.text(1) == "posted"
        let id = found ? findKey.int64(2) : 0
        findKey.reset()
        // In a stream, a key this batch posted already is not a replay but an entry whose
        // late lines came as a second entry (`LedgerStore.post(chunks:)`, Posting+Chunks).
        if refusesRepeatsInBatch, posted, let first = seal.first, id >= first {
            throw LedgerError(.idempotencyConflict, "entry '\(key)' comes twice in this file, its lines too far apart to be read as one entry; put the lines of an entry together",
                              at: SourceLocation(field: "entry_id"))
        }
        return posted && stored.elementsEqual(payloadHash)
    }

    /// Resolves a draft with the rates of its date (for saving it as a draft).
    mutating func resolve(_ draft: JournalEntryDraft, _ db: Database) throws -> ResolvedEntry {
        try store.rules.resolve(draft) { from, to, date throws(LedgerError) in
            try self.rate(from: from, to: to, on: date, db)
        }
    }

    /// Inserts the lines of a draft entry (whose row the caller inserted).
    mutating func insertDraftLines(of entry: ResolvedEntry, entry id: Int64, _ db: Database) throws {
        try insertLines(of: entry, entry: id, db)
    }

    /// Posts the stored draft `id` (lines as saved, functional amounts included): the same
    /// checks as any posting, then the row turns posted with its document number.
    mutating func postDraft(_ id: Int64, draft: JournalEntryDraft, _ db: Database) throws -> PostedEntryRef {
        let resolved = try resolve(draft, db)
        let period = resolved.date.period
        try checkPeriodAccepts(resolved, period: period, db)
        let contentHash = EntryHash.v1(resolved, reverses: nil, using: &hashEncoder)
        let fiscalYear = period.fiscalYear(startMonth: store.group.fiscalYearStartMonth)
        let sequence = SequenceKey(entity: resolved.entityIndex, fiscalYear: fiscalYear)
        let number = try lastDocumentNumber(sequence, db) + 1
        try db.execute(sql: "UPDATE journal_entry SET state = 'posted', document_number = ?, fiscal_year = ?, content_hash = ?, created_by = ? WHERE id = ? AND state = 'draft'",
                       arguments: [number, fiscalYear, Data(contentHash), actor, id])
        guard db.changesCount == 1 else { throw LedgerError(.unknownEntry, "draft \(id) is gone") }
        lastNumbers[sequence] = number
        return try record(resolved, id: id, fiscalYear: fiscalYear, number: number, contentHash: contentHash)
    }

    /// Writes document sequences and balances, seals the batch in the audit chain, and
    /// re-checks invariant 4 on what was written.
    mutating func finish(_ db: Database, batch: String) throws {
        try flushLines(db)
        let saveSequence = try db.cachedStatement(sql: """
            INSERT INTO document_sequence (entity, fiscal_year, last_number) VALUES (?, ?, ?)
            ON CONFLICT (entity, fiscal_year) DO UPDATE SET last_number = excluded.last_number
            """)
        for (key, last) in lastNumbers {
            try saveSequence.execute(arguments: [store.group.entities[key.entity].code, key.fiscalYear, last])
        }
        let readBalance = try db.cachedStatement(sql: """
            SELECT debit, credit, functional_debit, functional_credit FROM balance
            WHERE entity = ? AND period = ? AND account = ? AND currency = ?
            """)
        let saveBalance = try db.cachedStatement(sql: """
            INSERT INTO balance (entity, period, account, currency, debit, credit, functional_debit, functional_credit)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (entity, period, account, currency) DO UPDATE SET
                debit = excluded.debit, credit = excluded.credit,
                functional_debit = excluded.functional_debit, functional_credit = excluded.functional_credit
            """)
        for (key, delta) in balanceDeltas {
            var total = delta
            let period = key.period.description
            let entity = store.group.entities[key.entity].code
            let account = store.group.accounts[key.account].code
            if let row = try Row.fetchOne(readBalance, arguments: [entity, period, account, key.currency.code]) {
                total = try BalanceDelta(debit: row[0], credit: row[1], functionalDebit: row[2], functionalCredit: row[3])
                    .adding(delta, "the \(period) turnover of \(entity)/\(account) in \(key.currency)")
            }
            try saveBalance.execute(arguments: [entity, period, account, key.currency.code,
                                                total.debit, total.credit, total.functionalDebit, total.functionalCredit])
        }
        if let payload = seal.payload {
            try audit.append(db, actor: actor, kind: "entries.posted", subject: batch,
                             payload: payload + " skipped=\(summary.entriesSkipped)")
        } else if summary.entriesSkipped > 0 {
            try audit.append(db, actor: actor, kind: "entries.replayed", subject: batch,
                             payload: "count=0 skipped=\(summary.entriesSkipped)")
        }
        try BalanceChecks.runningBalances(balanceDeltas, group: store.group, db)
        try BalanceChecks.booksBalance(balanceDeltas, group: store.group, db)
    }

    private mutating func checkPeriodAccepts(_ entry: ResolvedEntry, period: PeriodID, _ db: Database) throws {
        let key = PeriodKey(entity: entry.entityIndex, period: period)
        let state: PeriodState
        if let cached = periodStates[key] {
            state = cached
        } else {
            state = try PeriodStates.state(of: entry.entity.code, period, db)
            periodStates[key] = state
        }
        switch state {
        case .open: return
        case .softClosed where entry.source.isCloseProcess: return
        case .softClosed:
            throw LedgerError(.periodClosed, "period \(period) of \(entry.entity.code) is soft-closed and accepts close-process postings only (this entry's source is \(entry.source))", at: SourceLocation(field: "date"))
        case .closed:
            throw LedgerError(.periodClosed, "period \(period) of \(entry.entity.code) is closed and accepts no postings", at: SourceLocation(field: "date"))
        }
    }

    private mutating func lastDocumentNumber(_ key: SequenceKey, _ db: Database) throws -> Int64 {
        if let cached = lastNumbers[key] { return cached }
        let last = try Int64.fetchOne(db, sql: "SELECT last_number FROM document_sequence WHERE entity = ? AND fiscal_year = ?",
                                      arguments: [store.group.entities[key.entity].code, key.fiscalYear]) ?? 0
        lastNumbers[key] = last
        return last
    }

    /// The spot rate of the date, or the latest one up to 7 days before (weekends, holidays):
    /// stored, else the inverse of the opposite pair, else a cross rate via the group currency.
    private mutating func rate(from: Currency, to: Currency, on date: CalendarDate, _ db: Database) throws(LedgerError) -> ConversionRate {
        let key = RateKey(from: from, to: to, date: date)
        if let cached = rateCache[key] { return cached }
        let found: ConversionRate?
        do {
            found = try RatesStore.spot(from: from, to: to, on: date, withinDays: 7, group: store.group.currency, db)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.databaseState, "reading rates failed: \(error)")
        }
        guard let found else {
            throw LedgerError(.missingRate, "no spot rate \(from)->\(to) on \(date) or in the 7 days before, nor \(to)->\(from) to invert, nor a cross rate via \(store.group.currency); import one with `close rates import` or give the functional amount", at: SourceLocation(field: "currency"))
        }
        rateCache[key] = found
        return found
    }
}

/// A line waiting for the next multi-row INSERT, with the entry row it belongs to; its text
/// is in the poster's arena until the INSERT is stepped.
struct PendingLine {
    var entry: Int64
    var number: Int
    var amountMinor: Int64
    var functionalMinor: Int64
    var account: Range<Int>
    var currency: Range<Int>
    var partner: Range<Int>?
    var reference: Range<Int>
    var description: Range<Int>

    init(entry: Int64, number: Int, line: ResolvedLine, arena: inout TextArena) {
        self.entry = entry
        self.number = number
        amountMinor = line.amountMinor
        functionalMinor = line.functionalMinor
        account = arena.append(line.account)
        currency = arena.append(line.currency.code)
        partner = line.partner.map { arena.append($0) }
        reference = arena.append(line.reference)
        description = arena.append(line.description)
    }
}

struct RateKey: Hashable { var from: Currency; var to: Currency; var date: CalendarDate }
struct PeriodKey: Hashable { var entity: Int; var period: PeriodID }
struct SequenceKey: Hashable { var entity: Int; var fiscalYear: Int }
/// Keyed by positions in the group's lists: hashing integers, not strings, once per line.
struct BalanceKey: Hashable { var entity: Int; var period: PeriodID; var account: Int; var currency: Currency }

/// Debit and credit turnover of one balance row, added with overflow checks.
struct BalanceDelta {
    var debit: Int64 = 0
    var credit: Int64 = 0
    var functionalDebit: Int64 = 0
    var functionalCredit: Int64 = 0

    mutating func add(_ line: ResolvedLine) throws {
        if line.amountMinor > 0 {
            debit = try Checked.add(debit, line.amountMinor)
            functionalDebit = try Checked.add(functionalDebit, line.functionalMinor)
        } else {
            credit = try Checked.add(credit, try Checked.negate(line.amountMinor))
            functionalCredit = try Checked.add(functionalCredit, try Checked.negate(line.functionalMinor))
        }
    }

    func adding(_ other: BalanceDelta, _ what: @autoclosure () -> String = "a balance turnover") throws -> BalanceDelta {
        BalanceDelta(debit: try Checked.add(debit, other.debit, what()), credit: try Checked.add(credit, other.credit, what()),
                     functionalDebit: try Checked.add(functionalDebit, other.functionalDebit, what()),
                     functionalCredit: try Checked.add(functionalCredit, other.functionalCredit, what()))
    }
}
