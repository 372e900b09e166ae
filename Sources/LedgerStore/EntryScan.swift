import Dispatch
import Foundation
import GRDB
import GRDBSQLite
import LedgerCore

/// The entries half of `verifyAudit`, in one streaming pass. The reading thread (the
/// database's) merges two sequential scans, the entries in id order and every line in (entry,
/// line) order, read through the SQLite C API without a Row or a String per value, and copies
/// each posted entry's canonical encoding into chunks; a second thread checks the chunks in
/// order (`EntryChecker`: content hashes, batch seals, document numbers, balances). SQLite's
/// stepping is about two thirds of the work and the checks the rest, so on two cores the two
/// overlap. Time grows linearly with the lines; memory with a few chunks, the entries' numbers
/// and the balance keys. A ledger that fits in one chunk is checked on the calling thread.
enum EntryScan {
    /// Entries per chunk.
    static let chunkEntries = 4096

    /// The first problem in entry order (then, in this order: an entry missing from its seal,
    /// a line of no entry), or nil; and the checker, for the numbering and balance checks.
    static func verify(_ db: Database, seals: [SealRecord], result: inout AuditVerification,
                       progress: ((Int) -> Void)? = nil) throws -> (problem: String?, checker: EntryChecker) {
        var reader = try EntryReader(db)
        defer { reader.finish() }
        var checker = EntryChecker(seals: seals)
        let first = ScanChunk()
        var more = try reader.fill(first, db)
        var linesRead = first.lines.count
        if !more {
            let problem = checker.check(first) ?? first.problem ?? checker.finish(orphan: reader.orphan)
            checker.count(into: &result)
            return (problem, checker)
        }

        let channel = ScanChannel(spare: 2)
        let box = CheckerBox(checker)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global(qos: .userInitiated).async {
            while let chunk = channel.receive() {
                if let problem = box.checker.check(chunk) ?? chunk.problem {
                    box.problem = problem
                    channel.cancel()
                    break
                }
                channel.recycle(chunk)
            }
            done.signal()
        }
        var thrown: (any Error)?
        do {
            channel.send(first)
            while more, let chunk = channel.takeFree() {
                progress?(linesRead)
                more = try reader.fill(chunk, db)
                linesRead += chunk.lines.count
                channel.send(chunk)
            }
        } catch {
            thrown = error
        }
        // The checker finishes what was sent (or stops at its problem) before anything is read.
        channel.close()
        done.wait()
        if let thrown { throw thrown }
        checker = box.checker
        let problem = box.problem ?? checker.finish(orphan: reader.orphan)
        checker.count(into: &result)
        return (problem, checker)
    }
}

/// The reading side: steps both statements and fills chunks.
struct EntryReader {
    private let entries: RawStatement
    private let lines: RawStatement
    /// The entry id of the line the lines statement is on, or nil when it is done.
    private var lineEntry: Int64?
    /// The first line whose entry is not in the table, reported only if nothing else is.
    private(set) var orphan: (entry: Int64, line: Int64)?
    private var started = false

    init(_ db: Database) throws {
        entries = try RawStatement(db, """
            SELECT id, entity, date, fiscal_year, document_number, state, source, description, idempotency_key,
                   content_hash, reverses, created_by
            FROM journal_entry ORDER BY id
            """)
        lines = try RawStatement(db, """
            SELECT entry_id, line_no, account, currency, amount, functional_amount, partner, reference, description
            FROM journal_line ORDER BY entry_id, line_no
            """)
    }

    func finish() {
        entries.reset()
        lines.reset()
    }

    private mutating func nextLine(_ db: Database) throws {
        lineEntry = try lines.step(db) ? lines.int64(0) : nil
    }

    /// A text column in place (valid until the statement steps): one call of the API for the
    /// value, whose text and length then cost no lock or error check each.
    @inline(__always) private func text(_ statement: RawStatement, _ column: Int32) -> (UnsafePointer<UInt8>?, Int) {
        let value = sqlite3_column_value(statement.handle, column)
        return (sqlite3_value_text(value), Int(sqlite3_value_bytes(value)))
    }

    /// Fills `chunk` with the next posted entries; false when there are no more (or the reader
    /// stopped at a problem, which it leaves in the chunk).
    mutating func fill(_ chunk: ScanChunk, _ db: Database) throws -> Bool {
        if !started {
            started = true
            try nextLine(db)
        }
        while chunk.entries.count < EntryScan.chunkEntries {
            guard try entries.step(db) else {
                if let entry = lineEntry, orphan == nil { orphan = (entry, lines.int64(1)) }
                return false
            }
            let id = entries.int64(0)
            // Lines before this entry belong to none.
            while let entry = lineEntry, entry < id {
                if orphan == nil { orphan = (entry, lines.int64(1)) }
                try nextLine(db)
            }
            let state = text(entries, 5)
            guard state.1 == 6, let pointer = state.0, memcmp(pointer, "posted", 6) == 0 else {
                while lineEntry == id { try nextLine(db) }
                continue
            }
            if let problem = try read(id, into: chunk, db) {
                chunk.problem = problem
                return false
            }
        }
        return true
    }

    /// source, description, idempotency key: the hashed header's texts after entity and date.
    private static let headerColumns: [Int32] = [6, 7, 8]

    /// Copies one posted entry (the entries statement is on its row) and its lines.
    private mutating func read(_ id: Int64, into chunk: ScanChunk, _ db: Database) throws -> String? {
        let content = chunk.content
        let start = content.count
        content.text(EntryHash.tag)
        let entity = text(entries, 1), date = text(entries, 2)
        let entityOffset = content.count + 8
        content.text(entity.0, entity.1)
        let dateOffset = content.count + 8
        content.text(date.0, date.1)
        for column in Self.headerColumns {
            let field = text(entries, column)
            content.text(field.0, field.1)
        }
        content.int(entries.isNull(10) ? 0 : entries.int64(10))
        let countOffset = content.count
        content.int(0)
        var count: Int64 = 0
        while lineEntry == id {
            count += 1
            guard lines.int64(1) == count else {
                let number = entries.isNull(4) ? 0 : entries.int64(4)
                let document = DocumentNumber.format(entity: entries.text(1), fiscalYear: Int(entries.int64(3)), number: number)
                return "journal entry \(id) (\(document)): its lines are not numbered 1 to n: a line was deleted or renumbered"
            }
            let account = text(lines, 2), currency = text(lines, 3)
            let amount = lines.int64(4), functional = lines.int64(5)
            content.int(count)
            let accountOffset = content.count + 8
            content.text(account.0, account.1)
            let currencyOffset = content.count + 8
            content.text(currency.0, currency.1)
            content.int(amount)
            content.int(functional)
            let partner = text(lines, 6)
            if let pointer = partner.0 {
                content.byte(1)
                content.text(pointer, partner.1)
            } else {
                content.byte(0)
            }
            let reference = text(lines, 7), description = text(lines, 8)
            content.text(reference.0, reference.1)
            content.text(description.0, description.1)
            chunk.lines.append(ScanChunk.Line(amount: amount, functional: functional,
                                              account: Int32(accountOffset), accountLength: Int32(account.1),
                                              currency: Int32(currencyOffset), currencyLength: Int32(currency.1)))
            try nextLine(db)
        }
        content.patch(count, at: countOffset)
        let extra = chunk.extra
        let createdBy = text(entries, 11)
        let createdByOffset = extra.count
        extra.raw(createdBy.0, createdBy.1)
        let stored = entries.blobPointer(9)
        let hashOffset = extra.count
        extra.raw(stored.pointer, stored.count)
        chunk.entries.append(ScanChunk.Entry(
            id: id, fiscalYear: entries.int64(3), number: entries.isNull(4) ? 0 : entries.int64(4),
            content: start..<content.count, linesEnd: chunk.lines.count,
            entity: entityOffset, entityLength: entity.1, date: dateOffset, dateLength: date.1,
            createdBy: createdByOffset, createdByLength: createdBy.1, hash: hashOffset, hashLength: stored.count))
        return nil
    }
}
