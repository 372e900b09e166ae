import Foundation
import FuzzSupport
import Governance
import LedgerCore
import LedgerStore

// Override JSON (`close override TASK --file FILE`): decoded as a `Proposal` with
// JSONDecoder, as the CLI does. A decoded proposal must encode back to the same value (its
// hash binds approvals), and its entries, made into drafts as the engine does on approval,
// either post into a fresh ledger or are refused with the ledger unchanged.

@main
enum OverrideTarget {
    static func main() {
        Fuzzer.run(seeds: { Generated.proposals() }, fuzzOverride)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOverride(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let proposal = try? JSONDecoder().decode(Proposal.self, from: Data(Property.bytes(data, size))) else { return 0 }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let encoded = try? encoder.encode(proposal), let again = try? JSONDecoder().decode(Proposal.self, from: encoded),
          again == proposal else {
        Property.fail("a decoded proposal does not survive encoding and decoding again")
    }
    let drafts: [JournalEntryDraft]
    do {
        drafts = try proposal.entries.map { entry throws(LedgerError) in
            JournalEntryDraft(entity: entry.entity, date: try CalendarDate(parsing: entry.date), description: entry.description,
                              source: .agent(proposal.taskKind.isEmpty ? "override" : proposal.taskKind),
                              idempotencyKey: "close-2026-05/\(proposal.task)/v\(proposal.version)/\(entry.key)",
                              lines: try entry.lines.map { line throws(LedgerError) in
                                  EntryLine(account: line.account, currency: try Currency(line.currency), amountMinor: line.amount,
                                            functionalMinor: line.functionalAmount, partner: line.partner,
                                            reference: line.reference, description: line.description)
                              })
        }
    } catch {
        Property.requireClear(error)
        return 0
    }
    FuzzLedger.check(group: FuzzGroups.demo, "posting of an override's \(drafts.count) entries") { store in
        _ = try store.post(drafts, actor: "system", batch: "fuzz override")
    }
    return 0
}
