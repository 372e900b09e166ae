import Testing
import CloseEngine
import Governance
import LedgerCore
import Simulation
@testable import Scoring

/// The bank reconciliation's matching against the bank truth, from the proposals of a
/// scripted close of the scenario.
@Suite struct BankScoreTests {
    /// Against the demo's truth: every matchable line matched as the truth pairs it, and an
    /// entry proposed for each unrecorded bank fee and nothing else.
    @Test func theDemoScoresFullMarks() throws {
        let score = try ScoringFixtures.score("demo").bank
        #expect(score.matchableLines > 40)
        #expect(score.autoMatchRateBasisPoints == 10_000 && score.matchPrecisionBasisPoints == 10_000 && score.matchRecallBasisPoints == 10_000)
        #expect(score.entriesExpected == 2 && score.entriesProposed == 2 && score.entriesCorrect == 2)
        #expect(BankScore.percent(9_996) == "99.96%" && BankScore.percent(10_000) == "100.00%" && BankScore.percent(1_205) == "12.05%")
    }

    /// An entry is right by what it posts, not by its key: the fee's key with another amount,
    /// or on another day, is not the expected entry.
    @Test func anEntryWithTheRightKeyAndAWrongAmountOrDayIsNotRight() throws {
        let close = try ScoringFixtures.close("demo")
        let index = try ScoringFixtures.index(close)
        var proposals = try RunView(close.run, store: close.store).tasks.filter { $0.kind == "bank-reconciliation" }.compactMap(\.agentProposal)
        let position = try #require(proposals.firstIndex { !$0.entries.isEmpty })
        let right = try BankScore.of(close.books, proposals: proposals, index: index)
        #expect(right.entriesCorrect == 2)
        proposals[position].entries[0].lines[0].amount += 1
        proposals[position].entries[0].lines[1].amount -= 1
        let wrongAmount = try BankScore.of(close.books, proposals: proposals, index: index)
        #expect(wrongAmount.entriesProposed == 2 && wrongAmount.entriesCorrect == 1, "same key \(proposals[position].entries[0].key), one minor unit more")
        proposals[position].entries[0].lines[0].amount -= 1
        proposals[position].entries[0].lines[1].amount += 1
        proposals[position].entries[0].date = "2026-05-31"
        #expect(try BankScore.of(close.books, proposals: proposals, index: index).entriesCorrect == 1, "same key and amount, another day")
    }
}

/// Every injected bank fault is found or proposed correctly by the bank reconciliation agent.
@Suite struct BankFaultTests {
    @Test(arguments: ["demo", "bank-chaos"])
    func everyBankFaultIsFoundOrProposed(name: String) throws {
        let close = try ScoringFixtures.close(name)
        let books = close.books
        let proposals = try RunView(close.run, store: close.store).tasks.filter { $0.kind == "bank-reconciliation" }.compactMap(\.agentProposal)
        let evidence = proposals.flatMap(\.evidence).filter { $0.kind == "match" }.map(\.id)
        let findings = proposals.flatMap(\.findings).map(\.id)
        let entryKeys = proposals.flatMap(\.entries).map(\.key)
        func bankReferences(_ fault: InjectedFault) -> [String] {
            fault.rows.compactMap { if case .bankLine(_, let reference) = $0 { reference } else { nil } }
        }
        func entries(_ fault: InjectedFault) -> [String] {
            fault.rows.compactMap { if case .journalEntry(let id) = $0 { id } else { nil } }
        }
        var checked = 0
        for fault in books.faults {
            switch fault.kind {
            case .unrecordedBankFee:
                let reference = try #require(bankReferences(fault).first)
                #expect(entryKeys.contains("unrecorded-fee-\(reference)"), "\(fault.id)")
            case .referenceTypo, .multiInvoiceReceipt:
                let reference = try #require(bankReferences(fault).first)
                let match = evidence.first { $0.hasPrefix(reference + " = ") }
                #expect(match.map { m in entries(fault).allSatisfy { m.contains($0) } } == true, "\(fault.id): \(match ?? "no match")")
            case .duplicateBankLine:
                let copy = try #require(bankReferences(fault).first)
                // Bank-only, or named with its identical twin (either of which may be the copy).
                #expect(findings.contains { $0.hasSuffix("/bank-only/\(copy)")
                    || ($0.contains("/bank-duplicate/") && $0.split(separator: "/").contains(Substring(copy))) }, "\(fault.id)")
            case .paymentInTransit:
                let payment = try #require(entries(fault).first)
                #expect(findings.contains { $0.hasSuffix("/outstanding/\(payment)") }, "\(fault.id)")
            case .suspensePosting:
                let receipt = try #require(entries(fault).first)
                #expect(evidence.contains { $0.contains("= \(receipt) [") }, "\(fault.id): the receipt on suspense still matches its bank line")
            default: continue
            }
            checked += 1
        }
        #expect(checked >= 12)
    }

    @Test func bankChaosIsMatchedPreciselyEnough() throws {
        let score = try ScoringFixtures.score("bank-chaos").bank
        #expect(score.matchPrecisionBasisPoints >= 9_950, "precision \(BankScore.percent(score.matchPrecisionBasisPoints))")
        #expect(score.matchRecallBasisPoints >= 9_700, "recall \(BankScore.percent(score.matchRecallBasisPoints))")
    }
}
