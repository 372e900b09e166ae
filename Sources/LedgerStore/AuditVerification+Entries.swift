import Crypto
import Foundation
import GRDB
import GRDBSQLite
import LedgerCore

/// The entries half of `verifyAudit`, in one streaming pass: the entries in id order and all
/// lines in (entry, line) order are two sequential scans merged here, read through the SQLite
/// C API without a Row or a String per value. As it goes it recomputes each posted entry's
/// content hash, feeds the seal of its batch, notes its document number, and adds its lines to
/// the balances (overflow-checked), which are compared with the `balance` table at the end.
/// Time and memory grow with the lines (memory only with the balance keys and entries).
enum EntryScan {
    static func verify(_ db: Database, seals: [SealRecord], result: inout AuditVerification) throws -> String? {
        var scan = try Scanner(db, seals: seals)
        defer { scan.finish() }
        if let problem = try scan.run(db, result: &result) { return problem }
        return try scan.checkBalances(db)
    }

    /// A document sequence: an entity (interned) and a fiscal year.
    struct SequenceID: Hashable {
        var entity: Int32
        var fiscalYear: Int64
    }

    /// A balance row's key, each text interned.
    struct BalanceID: Hashable {
        var entity: Int32
        var period: Int32
        var account: Int32
        var currency: Int32
    }

    struct Totals: Equatable {
        var debit: Int64 = 0
        var credit: Int64 = 0
        var functionalDebit: Int64 = 0
        var functionalCredit: Int64 = 0

        /// Adds a line; false on overflow (SQLite's sum would have turned it into a float).
        mutating func add(amount: Int64, functional: Int64) -> Bool {
            func into(_ total: inout Int64, _ value: Int64) -> Bool {
                let (sum, overflow) = total.addingReportingOverflow(value)
                total = sum
                return !overflow
            }
            let plain = amount > 0 ? into(&debit, amount) : (amount != .min && into(&credit, -amount))
            let converted = functional > 0 ? into(&functionalDebit, functional)
                : (functional != .min && into(&functionalCredit, -functional))
            return plain && converted
        }
    }

    struct Scanner {
        private let entries: RawStatement
        private let lines: RawStatement
        private var pending: ArraySlice<SealRecord>
        private var current: (record: SealRecord, seal: EntrySeal, nextID: Int64)?
        private var texts = TextInterner()
        private var numbers: [SequenceID: [Int64]] = [:]
        private var balanceIndex: [BalanceID: Int] = [:]
        private var balances: [(id: BalanceID, totals: Totals)] = []
        private var header = CanonicalEncoder(tag: "")
        private var lineBytes = CanonicalEncoder(tag: "")
        /// The first line whose entry is not in the table, reported only if nothing else is.
        private var orphan: (entry: Int64, line: Int64)?
        private var lineWaiting = false

        init(_ db: Database, seals: [SealRecord]) throws {
            entries = try RawStatement(db, """
                SELECT id, entity, date, fiscal_year, document_number, state, source, description, idempotency_key,
                       content_hash, reverses, created_by
                FROM journal_entry ORDER BY id
                """)
            lines = try RawStatement(db, """
                SELECT entry_id, line_no, account, currency, amount, functional_amount, partner, reference, description
                FROM journal_line ORDER BY entry_id, line_no
                """)
            pending = seals.sorted { $0.first < $1.first }[...]
        }

        func finish() {
            entries.reset()
            lines.reset()
        }

        private func text(_ statement: RawStatement, _ column: Int32) -> (UnsafePointer<UInt8>?, Int) {
            (sqlite3_column_text(statement.handle, column), Int(sqlite3_column_bytes(statement.handle, column)))
        }

        private func name(id: Int64) -> String {
            let number = entries.isNull(4) ? 0 : entries.int64(4)
            return "journal entry \(id) (\(DocumentNumber.format(entity: entries.text(1), fiscalYear: Int(entries.int64(3)), number: number)))"
        }

        mutating func run(_ db: Database, result: inout AuditVerification) throws -> String? {
            lineWaiting = try lines.step(db)
            while try entries.step(db) {
                let id = entries.int64(0)
                // Lines before this entry belong to none.
                while lineWaiting, lines.int64(0) < id {
                    if orphan == nil { orphan = (lines.int64(0), lines.int64(1)) }
                    lineWaiting = try lines.step(db)
                }
                guard entries.text(5) == "posted" else {
                    while lineWaiting, lines.int64(0) == id { lineWaiting = try lines.step(db) }
                    continue
                }
                if let problem = try entry(id, db, result: &result) { return problem }
            }
            if lineWaiting, orphan == nil { orphan = (lines.int64(0), lines.int64(1)) }
            if let problem = closeCurrent() { return problem }
            if let next = pending.first {
                return "journal entry \(next.first) sealed by audit event \(next.seq) is missing from the ledger: it was deleted"
            }
            if let orphan {
                return "journal line \(orphan.line) of entry \(orphan.entry) belongs to no journal entry: it was inserted outside the ledger"
            }
            return try verifyNumbering(db)
        }

        /// One posted entry (the entries statement is on its row) and its lines.
        private mutating func entry(_ id: Int64, _ db: Database, result: inout AuditVerification) throws -> String? {
            let entity = text(entries, 1)
            let entityID = texts.id(entity.0, entity.1)
            let date = text(entries, 2)
            // "YYYY-MM" of the date, the balance's period.
            let periodID = texts.id(date.0, min(date.1, 7))
            lineBytes.reset()
            var count: Int64 = 0
            while lineWaiting, lines.int64(0) == id {
                count += 1
                guard lines.int64(1) == count else {
                    return "\(name(id: id)): its lines are not numbered 1 to n: a line was deleted or renumbered"
                }
                let account = text(lines, 2), currency = text(lines, 3)
                let amount = lines.int64(4), functional = lines.int64(5)
                lineBytes.int(count)
                lineBytes.text(account.0, count: account.1)
                lineBytes.text(currency.0, count: currency.1)
                lineBytes.int(amount)
                lineBytes.int(functional)
                if lines.isNull(6) {
                    lineBytes.byte(0)
                } else {
                    let partner = text(lines, 6)
                    lineBytes.byte(1)
                    lineBytes.text(partner.0, count: partner.1)
                }
                let reference = text(lines, 7), description = text(lines, 8)
                lineBytes.text(reference.0, count: reference.1)
                lineBytes.text(description.0, count: description.1)

                let key = BalanceID(entity: entityID, period: periodID, account: texts.id(account.0, account.1),
                                    currency: texts.id(currency.0, currency.1))
                let index: Int
                if let known = balanceIndex[key] {
                    index = known
                } else {
                    index = balances.count
                    balanceIndex[key] = index
                    balances.append((key, Totals()))
                }
                guard balances[index].totals.add(amount: amount, functional: functional) else {
                    return "the lines of \(entries.text(1)) \(texts.text(periodID)) account \(texts.text(key.account)) \(texts.text(key.currency)) overflow 64 bits (at \(name(id: id)))"
                }
                lineWaiting = try lines.step(db)
            }
            // The content hash: the header, the line count, then the lines (`EntryHash.v1`).
            header.restart(tag: EntryHash.tag)
            let entityText = entity, source = text(entries, 6), description = text(entries, 7), key = text(entries, 8)
            header.text(entityText.0, count: entityText.1)
            header.text(date.0, count: date.1)
            header.text(source.0, count: source.1)
            header.text(description.0, count: description.1)
            header.text(key.0, count: key.1)
            header.int(entries.isNull(10) ? 0 : entries.int64(10))
            header.int(count)
            header.append(lineBytes)
            let digest = header.digest
            let stored = entries.blobPointer(9)
            let matches = stored.count == SHA256.byteCount && digest.withUnsafeBytes { computed in
                guard let pointer = stored.pointer, let base = computed.baseAddress else { return false }
                return memcmp(base, pointer, SHA256.byteCount) == 0
            }
            guard matches else {
                return "\(name(id: id)) does not match its content hash: its header or lines were changed, added, deleted or reordered"
            }

            // Its place in the seal of its batch.
            while let last = current?.record.last, id > last {
                if let problem = closeCurrent() { return problem }
            }
            if current == nil {
                if let next = pending.first, next.last < id {
                    return "journal entry \(next.first) sealed by audit event \(next.seq) is missing from the ledger: it was deleted"
                }
                guard let next = pending.first, next.first <= id else {
                    return "\(name(id: id)) is not sealed by any audit event: it was inserted outside the ledger"
                }
                pending = pending.dropFirst()
                current = (next, EntrySeal(), next.first)
            }
            // Mutated in place (`current!`), never through a copy: a copy alive while the seal grows
            // would copy its whole buffer for every entry (what made verification quadratic).
            guard let expected = current?.nextID, let sealSeq = current?.record.seq else { return nil }
            guard id == expected else {
                return "journal entry \(expected) sealed by audit event \(sealSeq) is missing from the ledger: it was deleted"
            }
            let number = entries.isNull(4) ? 0 : entries.int64(4)
            let fiscalYear = entries.int64(3)
            let createdBy = text(entries, 11)
            current!.seal.add(id: id, entity: entity, fiscalYear: fiscalYear, number: number, createdBy: createdBy, contentHash: stored)
            current!.nextID = id + 1
            numbers[SequenceID(entity: entityID, fiscalYear: fiscalYear), default: []].append(number)
            result.entriesChecked += 1
            result.linesChecked += Int(count)
            return nil
        }

        private mutating func closeCurrent() -> String? {
            guard let open = current else { return nil }
            current = nil
            if open.nextID <= open.record.last {
                return "journal entry \(open.nextID) sealed by audit event \(open.record.seq) is missing from the ledger: it was deleted"
            }
            guard open.seal.count == open.record.count, open.seal.digest == open.record.digest else {
                return "entries \(open.record.first) to \(open.record.last) do not match their seal in audit event \(open.record.seq): a document number, poster or content hash was changed"
            }
            return nil
        }

        /// Invariant 10 on what is stored: per entity and fiscal year the document numbers are
        /// exactly 1 to n, and the sequence table says n.
        private func verifyNumbering(_ db: Database) throws -> String? {
            let sequences = numbers.map { (name: "\(texts.text($0.key.entity)) \($0.key.fiscalYear)", id: $0.key, used: $0.value) }
            for sequence in sequences.sorted(by: { $0.name < $1.name }) {
                let sorted = sequence.used.sorted()
                for (index, number) in sorted.enumerated() where number != Int64(index + 1) {
                    return "document numbers of \(sequence.name) are not gap-free: number \(index + 1) is missing or repeated (found \(number))"
                }
                let last = try Int64.fetchOne(db, sql: "SELECT last_number FROM document_sequence WHERE entity = ? AND fiscal_year = ?",
                                              arguments: [texts.text(sequence.id.entity), sequence.id.fiscalYear])
                guard last == Int64(sorted.count) else {
                    return "the document sequence of \(sequence.name) stands at \(last.map(String.init) ?? "nothing") but \(sorted.count) entries are numbered: the sequence was edited"
                }
            }
            return nil
        }

        /// Invariant 5: the cached balances equal the balances recomputed from the lines.
        mutating func checkBalances(_ db: Database) throws -> String? {
            let stored = try RawStatement(db, """
                SELECT entity, period, account, currency, debit, credit, functional_debit, functional_credit
                FROM balance ORDER BY entity, period, account, currency
                """)
            defer { stored.reset() }
            var seen = [Bool](repeating: false, count: balances.count)
            while try stored.step(db) {
                var ids: [Int32] = []
                for column: Int32 in 0..<4 {
                    let field = text(stored, column)
                    ids.append(texts.id(field.0, field.1))
                }
                let totals = Totals(debit: stored.int64(4), credit: stored.int64(5),
                                    functionalDebit: stored.int64(6), functionalCredit: stored.int64(7))
                let index = balanceIndex[BalanceID(entity: ids[0], period: ids[1], account: ids[2], currency: ids[3])]
                guard let index, balances[index].totals == totals else {
                    return "cached balance of \(stored.text(0)) \(stored.text(1)) account \(stored.text(2)) \(stored.text(3)) differs from its lines"
                }
                seen[index] = true
            }
            let missing = balances.indices.filter { !seen[$0] }.map { balances[$0].id }
                .map { [texts.text($0.entity), texts.text($0.period), texts.text($0.account), texts.text($0.currency)] }
                .min { $0.lexicographicallyPrecedes($1) }
            if let missing {
                return "cached balance of \(missing[0]) \(missing[1]) account \(missing[2]) \(missing[3]) differs from its lines"
            }
            return nil
        }
    }
}

/// Small integers for the few distinct texts a ledger's lines repeat (entities, periods,
/// accounts, currencies), looked up from the bytes SQLite returns without making a String:
/// up to 16 bytes are packed into two words, longer texts fall back to a String.
struct TextInterner {
    private struct Packed: Hashable {
        var low: UInt64
        var high: UInt64
        var count: Int
    }

    private var packed: [Packed: Int32] = [:]
    private var long: [String: Int32] = [:]
    private var all: [String] = []

    mutating func id(_ pointer: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
        guard count <= 16 else {
            let text = String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
            if let id = long[text] { return id }
            let id = add(text)
            long[text] = id
            return id
        }
        var key = Packed(low: 0, high: 0, count: count)
        if let pointer {
            for index in 0..<count {
                let byte = UInt64(pointer[index])
                if index < 8 { key.low |= byte << (8 * UInt64(index)) } else { key.high |= byte << (8 * UInt64(index - 8)) }
            }
        }
        if let id = packed[key] { return id }
        let id = add(String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self))
        packed[key] = id
        return id
    }

    private mutating func add(_ text: String) -> Int32 {
        all.append(text)
        return Int32(all.count - 1)
    }

    func text(_ id: Int32) -> String { all[Int(id)] }
}
