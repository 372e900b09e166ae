import CloseEngine
import Foundation
import Governance
import Interchange
import LedgerCore
import Testing

/// Issue 19: a proposal leaves the ledger as snake_case JSON with decimal amounts and comes
/// back (an override) as exactly the proposal it described; the stored form is untouched.
@Suite struct ProposalDocumentTests {
    let group = DemoGroup.definition()

    var proposal: Proposal {
        var proposal = Proposal(task: "bank-reconciliation/DE01/1000", taskKind: "bank-reconciliation", preparedBy: "agent:bank-reconciliation",
                                summary: "two fees", entries: [
                                    ProposedEntry(entity: "DE01", date: "2026-05-31", description: "fees", key: "k1", lines: [
                                        ProposedLine(account: "6580", currency: "EUR", amount: 6580),
                                        ProposedLine(account: "1000", currency: "USD", amount: -7100, functionalAmount: -6580, reference: "r"),
                                    ], rule: "unrecorded-fee", confidence: 950, explanation: "bank charged it", reverseOn: "2026-06-01"),
                                ],
                                findings: [Finding(id: "f1", severity: .warning, message: "check it")],
                                evidence: [Evidence(kind: "statement-line", id: "L1")],
                                impact: [ImpactRow(entity: "DE01", account: "6580", currency: "EUR", before: 0, after: 6580)])
        proposal.inputs = [InputRead(scope: "entries/DE01", state: "3/9")]
        return proposal
    }

    @Test func theDocumentHasSnakeCaseKeysAndDecimalAmountsAndReadsBackAsTheSameProposal() throws {
        let document = ProposalDocument(proposal, group: group)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(document), as: UTF8.self)
        for key in ["\"task_kind\"", "\"prepared_by\"", "\"period_actions\"", "\"reverse_on\"", "\"functional_amount\":\"-65.80\"",
                    "\"amount\":\"65.80\"", "\"amount\":\"-71.00\"", "\"after\":\"65.80\"", "\"before\":\"0.00\""] {
            #expect(json.contains(key), "\(key) in \(json)")
        }
        #expect(!json.contains("taskKind") && !json.contains("6580,"))
        let back = try ProposalDocument.read(Array(json.utf8), file: "edited.json", group: group)
        #expect(back == proposal)
    }

    @Test func anEditedAmountIsReadStrictlyInItsCurrencyAndTheErrorNamesTheField() throws {
        let json = String(decoding: try JSONEncoder().encode(ProposalDocument(proposal, group: group)), as: UTF8.self)
        for (bad, field) in [("\"65.801\"", "entries[0].lines[0].amount"), ("\"6,580\"", "entries[0].lines[0].amount"), ("6580", "amount")] {
            let edited = json.replacingOccurrences(of: "\"65.80\"", with: bad)
            #expect(throws: LedgerError.self) { try ProposalDocument.read(Array(edited.utf8), file: "edited.json", group: group) }
            do {
                _ = try ProposalDocument.read(Array(edited.utf8), file: "edited.json", group: group)
            } catch {
                #expect("\(error)".contains("edited.json") && "\(error)".contains(field), "\(error)")
            }
        }
    }

    @Test func aMisspeltKeyIsRefusedInsteadOfIgnored() throws {
        let json = String(decoding: try JSONEncoder().encode(ProposalDocument(proposal, group: group)), as: UTF8.self)
        for (edited, path) in [(json.replacingOccurrences(of: "\"period_actions\"", with: "\"periodActions\""), "periodActions"),
                               (json.replacingOccurrences(of: "\"reverse_on\"", with: "\"reverse_in\""), "entries[0].reverse_in")] {
            do {
                _ = try ProposalDocument.read(Array(edited.utf8), file: "edited.json", group: group)
                Issue.record("\(path) was accepted")
            } catch {
                #expect("\(error)".contains("\(path) is not a key of a proposal"), "\(error)")
            }
        }
    }
}
