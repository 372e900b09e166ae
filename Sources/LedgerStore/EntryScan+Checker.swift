import Crypto
import Foundation
import GRDB
import LedgerCore

/// The checking side of the entries pass, fed chunks in entry order: each posted entry's
/// content hash recomputed and compared with the stored one; its place in the seal of its
/// batch (`entries.posted`: every entry of the range there, with the digest); its document
/// number noted; its lines added to the balances, overflow-checked. The numbering and the
/// balances are compared with their tables at the end, on the database's thread.
struct EntryChecker {
    /// A balance row's key, each text interned.
    struct BalanceID {
        var entity: Int32
        var period: Int32
        var account: Int32
        var currency: Int32

        var packed: PackedTable.Key {
            PackedTable.Key(a: UInt64(UInt32(bitPattern: entity)) << 32 | UInt64(UInt32(bitPattern: period)),
                            b: UInt64(UInt32(bitPattern: account)) << 32 | UInt64(UInt32(bitPattern: currency)))
        }
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

    private var pending: ArraySlice<SealRecord>
    private var current: (record: SealRecord, seal: EntrySeal, nextID: Int64)?
    private var texts = TextInterner()
    /// Document sequences (entity, fiscal year) -> their position in `numbers`.
    private var sequenceIndex = PackedTable()
    private var numbers: [(entity: Int32, fiscalYear: Int64, used: [Int64])] = []
    private var balanceIndex = PackedTable()
    private var balances: [(id: BalanceID, totals: Totals)] = []
    private var entriesChecked = 0
    private var linesChecked = 0

    init(seals: [SealRecord]) {
        pending = seals.sorted { $0.first < $1.first }[...]
    }

    func count(into result: inout AuditVerification) {
        result.entriesChecked += entriesChecked
        result.linesChecked += linesChecked
    }

    /// The entries of `chunk`, in order; the first problem, or nil.
    mutating func check(_ chunk: ScanChunk) -> String? {
        var lineStart = 0
        for entry in chunk.entries {
            let entityID = texts.id(chunk.content.pointer(entry.entity), entry.entityLength)
            // "YYYY-MM" of the date: the balance's period.
            let periodID = texts.id(chunk.content.pointer(entry.date), min(entry.dateLength, 7))
            for line in chunk.lines[lineStart..<entry.linesEnd] {
                let key = BalanceID(entity: entityID, period: periodID,
                                    account: texts.id(chunk.content.pointer(Int(line.account)), Int(line.accountLength)),
                                    currency: texts.id(chunk.content.pointer(Int(line.currency)), Int(line.currencyLength)))
                let index: Int
                if let known = balanceIndex.value(for: key.packed) {
                    index = Int(known)
                } else {
                    index = balances.count
                    balanceIndex.insert(key.packed, Int32(index))
                    balances.append((key, Totals()))
                }
                guard balances[index].totals.add(amount: line.amount, functional: line.functional) else {
                    return "the lines of \(texts.text(entityID)) \(texts.text(periodID)) account \(texts.text(key.account)) \(texts.text(key.currency)) overflow 64 bits (at \(name(entry, entityID)))"
                }
            }
            let lineCount = entry.linesEnd - lineStart
            lineStart = entry.linesEnd

            let digest = chunk.content.sha256(entry.content)
            let matches = entry.hashLength == SHA256.byteCount && digest.withUnsafeBytes { computed in
                memcmp(computed.baseAddress!, chunk.extra.pointer(entry.hash), SHA256.byteCount) == 0
            }
            guard matches else {
                return "\(name(entry, entityID)) does not match its content hash: its header or lines were changed, added, deleted or reordered"
            }
            if let problem = placeInSeal(entry, entityID, chunk) { return problem }

            let sequence = PackedTable.Key(a: UInt64(UInt32(bitPattern: entityID)), b: UInt64(bitPattern: entry.fiscalYear))
            if let known = sequenceIndex.value(for: sequence) {
                numbers[Int(known)].used.append(entry.number)
            } else {
                sequenceIndex.insert(sequence, Int32(numbers.count))
                numbers.append((entityID, entry.fiscalYear, [entry.number]))
            }
            entriesChecked += 1
            linesChecked += lineCount
        }
        return nil
    }

    /// The entry in the seal whose range holds it: the entries of a batch are consecutive.
    private func name(_ entry: ScanChunk.Entry, _ entityID: Int32) -> String {
        "journal entry \(entry.id) (\(DocumentNumber.format(entity: texts.text(entityID), fiscalYear: Int(entry.fiscalYear), number: entry.number)))"
    }

    private mutating func placeInSeal(_ entry: ScanChunk.Entry, _ entityID: Int32, _ chunk: ScanChunk) -> String? {
        let id = entry.id
        while let last = current?.record.last, id > last {
            if let problem = closeCurrent() { return problem }
        }
        if current == nil {
            if let next = pending.first, next.last < id {
                return "journal entry \(next.first) sealed by audit event \(next.seq) is missing from the ledger: it was deleted"
            }
            guard let next = pending.first, next.first <= id else {
                return "\(name(entry, entityID)) is not sealed by any audit event: it was inserted outside the ledger"
            }
            pending = pending.dropFirst()
            current = (next, EntrySeal(), next.first)
        }
        // Mutated in place (`current!`), never through a copy: a copy alive while the seal
        // grows would copy its buffer for every entry (what made verification quadratic).
        guard let expected = current?.nextID, let sealSeq = current?.record.seq else { return nil }
        guard id == expected else {
            return "journal entry \(expected) sealed by audit event \(sealSeq) is missing from the ledger: it was deleted"
        }
        current!.seal.add(id: id, entity: (chunk.content.pointer(entry.entity), entry.entityLength), fiscalYear: entry.fiscalYear,
                          number: entry.number, createdBy: (chunk.extra.pointer(entry.createdBy), entry.createdByLength),
                          contentHash: (UnsafeRawPointer(chunk.extra.pointer(entry.hash)), entry.hashLength))
        current!.nextID = id + 1
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

    /// After the last chunk: the last seal complete, no seal left without its entries, no
    /// line without its entry.
    mutating func finish(orphan: (entry: Int64, line: Int64)?) -> String? {
        if let problem = closeCurrent() { return problem }
        if let next = pending.first {
            return "journal entry \(next.first) sealed by audit event \(next.seq) is missing from the ledger: it was deleted"
        }
        if let orphan {
            return "journal line \(orphan.line) of entry \(orphan.entry) belongs to no journal entry: it was inserted outside the ledger"
        }
        return nil
    }

    /// Invariant 10 on what is stored: per entity and fiscal year the document numbers are
    /// exactly 1 to n, and the sequence table says n.
    func verifyNumbering(_ db: Database) throws -> String? {
        let sequences = numbers.map { (name: "\(texts.text($0.entity)) \($0.fiscalYear)", entity: $0.entity, fiscalYear: $0.fiscalYear, used: $0.used) }
        for sequence in sequences.sorted(by: { $0.name < $1.name }) {
            let sorted = sequence.used.sorted()
            for (index, number) in sorted.enumerated() where number != Int64(index + 1) {
                return "document numbers of \(sequence.name) are not gap-free: number \(index + 1) is missing or repeated (found \(number))"
            }
            let last = try Int64.fetchOne(db, sql: "SELECT last_number FROM document_sequence WHERE entity = ? AND fiscal_year = ?",
                                          arguments: [texts.text(sequence.entity), sequence.fiscalYear])
            guard last == Int64(sorted.count) else {
                return "the document sequence of \(sequence.name) stands at \(last.map(String.init) ?? "nothing") but \(sorted.count) entries are numbered: the sequence was edited"
            }
        }
        return nil
    }

    /// Invariant 5: the cached balances equal the balances recomputed from the lines.
    mutating func verifyBalances(_ db: Database) throws -> String? {
        let stored = try RawStatement(db, """
            SELECT entity, period, account, currency, debit, credit, functional_debit, functional_credit
            FROM balance ORDER BY entity, period, account, currency
            """)
        defer { stored.reset() }
        var seen = [Bool](repeating: false, count: balances.count)
        while try stored.step(db) {
            var ids: [Int32] = []
            for column: Int32 in 0..<4 {
                let text = stored.textPointer(column)
                ids.append(texts.id(text.pointer, text.count))
            }
            let totals = Totals(debit: stored.int64(4), credit: stored.int64(5),
                                functionalDebit: stored.int64(6), functionalCredit: stored.int64(7))
            let found = balanceIndex.value(for: BalanceID(entity: ids[0], period: ids[1], account: ids[2], currency: ids[3]).packed)
            guard let found, balances[Int(found)].totals == totals else {
                return "cached balance of \(stored.text(0)) \(stored.text(1)) account \(stored.text(2)) \(stored.text(3)) differs from its lines"
            }
            seen[Int(found)] = true
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
