import Governance
import LedgerCore
import LedgerStore

/// Entries an earlier close posted to undo themselves (`reverseOn`, e.g. the FX revaluation):
/// when the close of a period starts, the engine reverses each one whose day falls in that
/// period or before it and that is not reversed yet, audited (`entry.reversed`) and linked to
/// the original. Exactly once: an already reversed entry is skipped, the store refuses a
/// second reversal, and the reversal's own idempotency key (`reversal-of-ID`) posts at most
/// once, so a run that crashes halfway through simply does the rest when started again.
struct ScheduledReversals {
    let store: LedgerStore
    let period: PeriodID

    /// A posted entry of an earlier close with the day it reverses on.
    struct Due: Sendable, Equatable {
        var original: PostedEntry
        var reverseOn: CalendarDate
    }

    /// The posted entries of earlier closes whose `reverseOn` is at or before the period's
    /// last day, reversed or not, in run, task, version and entry order. Only approved
    /// proposals were posted, so an entry key that finds nothing is a proposal nobody approved.
    func due() throws -> [Due] {
        var due: [Due] = []
        for run in try store.closeRuns(before: period) {
            for record in try store.proposals(of: run) {
                let proposal = try ProposalCodec.decode(record.payload)
                guard proposal.entries.contains(where: { $0.reverseOn != nil }) else { continue }
                let drafts = try ProposalCodec.drafts(proposal, period: run.period)
                for (entry, draft) in zip(proposal.entries, drafts) {
                    guard let text = entry.reverseOn else { continue }
                    let day = try CalendarDate(parsing: text)
                    guard day <= period.lastDay, let original = try posted(draft.idempotencyKey) else { continue }
                    due.append(Due(original: original, reverseOn: day))
                }
            }
        }
        return due
    }

    /// Reverses every due entry not reversed yet, as `actor`; the reversals posted.
    func post(actor: String) throws -> [PostedEntryRef] {
        var posted: [PostedEntryRef] = []
        for item in try due() where item.original.reversedBy == nil {
            let date = try reversalDate(item)
            let reason = "scheduled reversal (reverse on \(item.reverseOn)) of \(item.original.idempotencyKey), posted when the close of \(period) started"
            do {
                posted.append(try store.reverse(String(item.original.ref.id), actor: actor, reason: reason, date: date, allowsSystem: true))
            } catch let error as LedgerError where error.code == .alreadyReversed {
                continue  // another process reversed it since we read it: done, not twice
            }
        }
        return posted
    }

    /// Reversals of earlier closes' entries dated in this period: what the start of its close posted.
    func postedInPeriod() throws -> [PostedEntry] {
        try due().compactMap { item in
            guard let id = item.original.reversedBy else { return nil }
            let reversal = try store.entry(String(id))
            return reversal.date.period == period ? reversal : nil
        }
    }

    /// On its day; a day in an earlier period that no longer accepts postings (closed or
    /// soft-closed without this run) moves to the first day of this period.
    private func reversalDate(_ item: Due) throws -> CalendarDate {
        guard item.reverseOn < period.firstDay else { return item.reverseOn }
        let state = try store.periodStatus(item.reverseOn.period, entity: item.original.ref.entity).first?.state ?? .open
        return state == .open ? item.reverseOn : period.firstDay
    }

    private func posted(_ key: String) throws -> PostedEntry? {
        do {
            return try store.entry(key)
        } catch let error as LedgerError where error.code == .unknownEntry {
            return nil
        }
    }
}

extension CloseRunner {
    /// The reversals of earlier closes' entries dated in this period, posted when its close
    /// started (`close status` lists them).
    public func scheduledReversals() throws -> [PostedEntry] {
        try ScheduledReversals(store: store, period: period).postedInPeriod()
    }
}
