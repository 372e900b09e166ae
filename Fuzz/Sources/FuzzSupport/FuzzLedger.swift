import Foundation
import Interchange
import LedgerCore
import LedgerStore
import Simulation

/// The property of every reader whose value goes into the books: writing it into a fresh
/// ledger either succeeds and leaves the ledger usable (the audit chain verifies, the books
/// balance, an ordinary posting still goes through) or is refused with a `LedgerError` and
/// the ledger exactly as it was (invariant 12).
public enum FuzzLedger {
    /// A user of both fuzz groups who may write (imports need a user of the group).
    public static let actor = "alice"
    static let clock = LedgerClock.fixed("2026-06-30T12:00:00Z")

    /// Spot rates of the generated books (April and May 2026, the months of the seeds) a week
    /// apart, loaded into every fresh ledger first: posting takes a spot rate of the 7 days
    /// before, so foreign-currency entries get as far as posting instead of stopping at a
    /// missing rate. A week apart, because storing rates is most of a fresh ledger's cost.
    static let rates: [RateQuote] = Generated.clean.rates.filter { $0.type == .spot && $0.date.day % 7 == 1 }

    /// Runs `write` against a fresh in-memory ledger of `group` and checks the property.
    /// Returns the refusal, if any, so that a target can also run the CLI's error mapping on it.
    @discardableResult
    public static func check(group: GroupDefinition, _ what: String, _ write: (LedgerStore) throws -> Void) -> LedgerError? {
        let (store, before) = freshLedger(of: group)
        do {
            try write(store)
        } catch let error as LedgerError {
            Property.requireClear(error)
            let after = state(of: store, after: "a refused \(what)")
            guard after == before else {
                Property.fail("a refused \(what) (\(error)) changed the ledger: \(before) -> \(after)")
            }
            return error
        } catch {
            Property.fail("\(what) refused with \(type(of: error)), not a LedgerError: \(error)")
        }
        unused = nil
        requireUsable(store, after: what)
        try? store.close()
        return nil
    }

    /// A ledger nothing was written to since it was made: made anew, or the last one if the
    /// last write was refused (the property proved it unchanged). Making one costs far more
    /// than reading most inputs, so this keeps the targets fast.
    private static func freshLedger(of group: GroupDefinition) -> (LedgerStore, LedgerState) {
        if let unused, unused.store.group == group { return (unused.store, unused.state) }
        do {
            let store = try LedgerStore.create(at: nil, group: group, clock: clock)
            try store.importRates(rates, actor: "system", source: "fuzz rates")
            unused = (store, state(of: store, after: "setting up"))
            return (store, unused!.state)
        } catch {
            Property.fail("cannot set up a ledger: \(error)")
        }
    }

    /// libFuzzer runs one input at a time, on one thread.
    nonisolated(unsafe) private static var unused: (store: LedgerStore, state: LedgerState)?

    /// The audit chain verifies, every entity's books balance, and a small ordinary sale posts.
    static func requireUsable(_ store: LedgerStore, after what: String) {
        _ = state(of: store, after: what)
        let sale = JournalEntryDraft(
            entity: "US01", date: try! CalendarDate(parsing: "2026-05-15"), description: "ordinary sale after the fuzz input",
            source: .manual, idempotencyKey: "fuzz-ordinary-sale",
            lines: [EntryLine(account: "1000", currency: .usd, amountMinor: 100),
                    EntryLine(account: "4000", currency: .usd, amountMinor: -100)])
        do {
            _ = try store.post([sale], actor: actor, batch: "fuzz ordinary")
        } catch {
            Property.fail("after an accepted \(what), an ordinary posting fails: \(error)")
        }
        _ = state(of: store, after: "the ordinary posting after \(what)")
    }

    /// What a write would change: the audit chain (every business write appends to it) and
    /// the tables beside it that a reader can list; checked intact and balanced on the way.
    struct LedgerState: Equatable, CustomStringConvertible {
        var events = 0
        var entries = 0
        var lines = 0
        var head = ""
        var rates = 0
        var goods = 0
        var description: String { "\(events) events, \(entries) entries, \(lines) lines, \(rates) rates, \(goods) receipts, head \(head.prefix(12))" }
    }

    static func state(of store: LedgerStore, after what: String) -> LedgerState {
        do {
            let audit = try store.verifyAudit()
            guard audit.isIntact else { Property.fail("after \(what) the audit chain is broken: \(audit.firstProblem ?? "")") }
            for entity in store.group.entities {
                let nets = try store.netByCurrency(entity: entity.code)
                guard nets.values.allSatisfy({ $0 == 0 }) else { Property.fail("after \(what) \(entity.code) does not balance: \(nets)") }
            }
            return LedgerState(events: audit.eventsChecked, entries: audit.entriesChecked, lines: audit.linesChecked,
                               head: audit.headHash, rates: try store.rates().count, goods: try store.goodsReceipts().count)
        } catch {
            Property.fail("after \(what) the ledger cannot be read: \(error)")
        }
    }
}
