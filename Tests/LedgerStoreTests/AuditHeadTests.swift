import Foundation
import GRDB
import Testing
import LedgerCore
import LedgerStore

/// A chain cannot show on its own that events were cut from its end; a head hash recorded
/// outside the ledger can (`close audit head`, then `close audit verify --head HASH`).
@Suite("Invariant 13: the head of the chain")
struct AuditHeadTests {
    @Test("verifyAudit(knownHead:) passes while the chain holds the recorded head, and says how many events follow it")
    func knownHeadStillThere() throws {
        let ledger = try SealedLedger.make()
        let head = try #require(try ledger.store.auditHead())
        #expect(head.seq == Int64(try ledger.count("audit_event")))
        let now = try ledger.store.verifyAudit(knownHead: head.hash)
        #expect(now.isIntact)
        #expect(now.headHash == head.hash && now.headSeq == head.seq)
        #expect(now.knownHeadSeq == head.seq && now.eventsAfterKnownHead == 0)
        try ledger.store.post([sale("later")], actor: "alice")
        try ledger.store.importRates([spot("2026-05-06", .eur, .usd, "1.1")], actor: "alice")
        let later = try ledger.store.verifyAudit(knownHead: head.hash.uppercased())
        #expect(later.isIntact)
        #expect(later.knownHeadSeq == head.seq && later.eventsAfterKnownHead == 3)
    }

    @Test("verifyAudit(knownHead:) fails when events were cut from the end of the chain, though the rest still links")
    func cutChainIsDetected() throws {
        let ledger = try SealedLedger.make()
        let head = try #require(try ledger.store.auditHead())
        // Cut the last transaction whole: its event and its row seals (the policy version that
        // requires signatures, and its mark).
        try ledger.forge("""
            DELETE FROM row_seal WHERE seq >= \(head.seq - 1); DELETE FROM audit_event WHERE seq >= \(head.seq - 1);
            DELETE FROM policy_signatures_required; DELETE FROM policy_version WHERE version = 2
            """)
        let plain = try ledger.store.verifyAudit()
        #expect(plain.isIntact, "without the head the cut cannot be seen: \(plain.firstProblem ?? "")")
        let checked = try ledger.store.verifyAudit(knownHead: head.hash)
        #expect(!checked.isIntact)
        #expect(checked.firstProblem?.contains("cut from the end of the chain") == true)
    }

    @Test("A head that is not 64 hexadecimal digits is refused")
    func malformedHead() throws {
        let ledger = try TempLedger()
        #expect(throws: LedgerError.self) { try ledger.store.verifyAudit(knownHead: "abc") }
        #expect(throws: LedgerError.self) { try ledger.store.verifyAudit(knownHead: String(repeating: "g", count: 64)) }
    }
}
