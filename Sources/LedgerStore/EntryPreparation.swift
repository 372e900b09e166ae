import Dispatch
import GRDB
import LedgerCore

/// An entry resolved and hashed, ready for the writes.
struct PreparedEntry: Sendable {
    var resolved: ResolvedEntry
    var contentHash: [UInt8]
    var payloadHash: [UInt8]
    var reverses: Int64?
}

/// The pure part of posting, done before the writes: resolving each draft (invariants 1-3, 6,
/// functional amounts) and hashing its content. It needs no database once the rates are
/// fetched, so a large batch is split across the cores while the writer waits.
enum EntryPreparation {
    /// Below this many entries, threads cost more than they save.
    static let parallelThreshold = 256

    /// One result per draft, in draft order; the writer throws the first failure it meets,
    /// so errors come in batch order whatever thread found them.
    static func prepare(_ drafts: [JournalEntryDraft], rules: EntryRules,
                        rates: [RateKey: Result<ExchangeRate, LedgerError>]) -> [Result<PreparedEntry, LedgerError>] {
        @Sendable func prepareOne(_ draft: JournalEntryDraft, _ encoder: inout CanonicalEncoder) -> Result<PreparedEntry, LedgerError> {
            do {
                let resolved = try rules.resolve(draft) { from, to, date throws(LedgerError) in
                    guard let result = rates[RateKey(from: from, to: to, date: date)] else {
                        throw LedgerError(.missingRate, "no \(from)->\(to) rate was fetched for \(date)")
                    }
                    return try result.get()
                }
                let contentHash = EntryHash.v1(resolved, reverses: nil, using: &encoder)
                let payloadHash = EntryHash.payloadV1(draft, reverses: nil, using: &encoder)
                return .success(PreparedEntry(resolved: resolved, contentHash: contentHash, payloadHash: payloadHash))
            } catch {
                return .failure(error)
            }
        }
        let workers = drafts.count >= parallelThreshold ? 2 : 1
        if workers == 1 {
            var encoder = CanonicalEncoder(tag: "")
            return drafts.map { prepareOne($0, &encoder) }
        }
        var results = [Result<PreparedEntry, LedgerError>?](repeating: nil, count: drafts.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let output = SendableBuffer(buffer: buffer)
            let chunk = (drafts.count + workers - 1) / workers
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var encoder = CanonicalEncoder(tag: "")
                // Each worker writes only its own slice of the buffer.
                for index in (worker * chunk)..<min(drafts.count, (worker + 1) * chunk) {
                    output.buffer[index] = prepareOne(drafts[index], &encoder)
                }
            }
        }
        return results.map { $0! }
    }

    /// The rates the drafts' foreign lines need, each looked up once (or its lookup error).
    static func rates(for drafts: [JournalEntryDraft], rules: EntryRules,
                      lookup: (Currency, Currency, CalendarDate) throws(LedgerError) -> ExchangeRate) -> [RateKey: Result<ExchangeRate, LedgerError>] {
        var rates: [RateKey: Result<ExchangeRate, LedgerError>] = [:]
        for draft in drafts {
            guard let functional = rules.entity(draft.entity)?.currency else { continue }
            for line in draft.lines where line.currency != functional && line.functionalMinor == nil {
                let key = RateKey(from: line.currency, to: functional, date: draft.date)
                if rates[key] == nil {
                    do {
                        rates[key] = .success(try lookup(line.currency, functional, draft.date))
                    } catch {
                        rates[key] = .failure(error)
                    }
                }
            }
        }
        return rates
    }
}

/// Hands a buffer to worker threads that write disjoint slices of it.
private struct SendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
}
