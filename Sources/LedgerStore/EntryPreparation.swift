import Crypto
import Dispatch
import Foundation
import GRDB
import LedgerCore

/// An entry resolved and hashed, ready for the writes.
struct PreparedEntry: Sendable {
    var resolved: ResolvedEntry
    var contentHash: SHA256.Digest
    var payloadHash: SHA256.Digest
    var reverses: Int64?
}

/// The pure part of posting: resolving each draft (invariants 1-3, 6, functional amounts)
/// and hashing it. It needs no database once the rates are fetched, so for a large batch it
/// runs on a second thread, chunk by chunk, while the writer inserts the chunks before.
enum EntryPreparation {
    /// Below this many entries, a thread costs more than it saves.
    static let pipelineThreshold = 512
    static let chunkSize = 1024

    /// The prepared entries in draft order, as a stream the writer pulls from. Each result
    /// is an entry or the reason it was refused; the writer throws the first failure it
    /// meets, so errors come in batch order.
    static func stream(_ drafts: [JournalEntryDraft], rules: EntryRules,
                       rates: [RateKey: Result<ConversionRate, LedgerError>]) -> PreparedStream {
        let chunks = stride(from: 0, to: drafts.count, by: chunkSize).map { $0..<min(drafts.count, $0 + chunkSize) }
        let stream = PreparedStream(chunkCount: chunks.count)
        if drafts.count < pipelineThreshold {
            for (index, range) in chunks.enumerated() { stream.put(index, prepare(drafts[range], rules: rules, rates: rates)) }
            return stream
        }
        DispatchQueue.global(qos: .userInitiated).async {
            for (index, range) in chunks.enumerated() {
                guard !stream.isCancelled else { return }
                stream.put(index, prepare(drafts[range], rules: rules, rates: rates))
                stream.freeGivenBack()
            }
            stream.freeGivenBackUntilCancelled()
        }
        return stream
    }

    static func prepare(_ drafts: ArraySlice<JournalEntryDraft>, rules: EntryRules,
                        rates: [RateKey: Result<ConversionRate, LedgerError>]) -> [Result<PreparedEntry, LedgerError>] {
        var encoder = CanonicalEncoder(tag: "")
        return drafts.map { draft -> Result<PreparedEntry, LedgerError> in
            do throws(LedgerError) {
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
    }

    /// The rates the drafts' foreign lines need, each looked up once (or its lookup error).
    static func rates(for drafts: [JournalEntryDraft], rules: EntryRules,
                      lookup: (Currency, Currency, CalendarDate) throws(LedgerError) -> ConversionRate) -> [RateKey: Result<ConversionRate, LedgerError>] {
        var rates: [RateKey: Result<ConversionRate, LedgerError>] = [:]
        // A batch is mostly one entity: its currency is looked up again only when the entity
        // changes (this runs on the writer's thread, over every draft, before any is posted).
        var entity = ""
        var functionalCurrency: Currency?
        for draft in drafts {
            if draft.entity != entity {
                entity = draft.entity
                functionalCurrency = rules.entity(entity)?.currency
            }
            guard let functional = functionalCurrency else { continue }
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

/// Prepared chunks handed from the preparing thread to the writer, in order. The writer
/// cancels it when it stops early, so the preparing thread stops too.
final class PreparedStream: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Int: [Result<PreparedEntry, LedgerError>]] = [:]
    private var cancelled = false
    private var givenBack: [[Result<PreparedEntry, LedgerError>]] = []
    let chunkCount: Int

    init(chunkCount: Int) {
        self.chunkCount = chunkCount
    }

    func put(_ index: Int, _ chunk: [Result<PreparedEntry, LedgerError>]) {
        condition.lock()
        ready[index] = chunk
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for chunk `index` and hands it over.
    func take(_ index: Int) -> [Result<PreparedEntry, LedgerError>] {
        condition.lock()
        defer { condition.unlock() }
        while ready[index] == nil { condition.wait() }
        return ready.removeValue(forKey: index) ?? []
    }

    /// Hands a posted chunk back so that the preparing thread, not the writer, frees its
    /// entries (thousands of arrays and strings per chunk): the writer is the import's longest
    /// thread, and the preparing one waits for it most of the time.
    func giveBack(_ chunk: consuming [Result<PreparedEntry, LedgerError>]) {
        condition.lock()
        givenBack.append(chunk)
        condition.broadcast()
        condition.unlock()
    }

    /// Frees the chunks given back so far (on the preparing thread, between chunks).
    func freeGivenBack() {
        condition.lock()
        let chunks = givenBack
        givenBack = []
        condition.unlock()
        _ = consume chunks
    }

    /// Once every chunk is prepared: frees what the writer gives back until it stops.
    func freeGivenBackUntilCancelled() {
        var done = false
        while !done {
            condition.lock()
            while givenBack.isEmpty && !cancelled { condition.wait() }
            let chunks = givenBack
            givenBack = []
            done = cancelled
            condition.unlock()
            _ = consume chunks
        }
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }
}
