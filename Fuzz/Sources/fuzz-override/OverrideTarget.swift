import CloseEngine
import Foundation
import FuzzSupport
import Governance
import LedgerCore
import LedgerStore

// Override JSON (`close override TASK --file FILE`, the prompt's edit): read by
// `ProposalDocument.read` as the CLI does, amounts as decimal strings in their currency. It is
// refused with a clear error or gives a proposal that prints back (as `close show --format
// json` prints it) and reads again to the same proposal, whose entries, made into drafts as
// the engine does on approval, either post into a fresh ledger or are refused with the
// ledger unchanged.

@main
enum OverrideTarget {
    static func main() {
        Fuzzer.run(seeds: { Generated.proposals() }, fuzzOverride)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOverride(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let proposal: Proposal
    do {
        proposal = try ProposalDocument.read(Property.bytes(data, size), file: "override.json", group: FuzzGroups.demo)
    } catch let error as LedgerError {
        Property.requireClear(error)
        return 0
    } catch {
        Property.fail("ProposalDocument.read threw a non-ledger error: \(error)")
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let printed = try? encoder.encode(ProposalDocument(proposal, group: FuzzGroups.demo)),
          let again = try? ProposalDocument.read([UInt8](printed), file: "printed.json", group: FuzzGroups.demo),
          again == proposal else {
        Property.fail("a proposal read from a document does not print and read back the same")
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
