import Testing
import LedgerCore
import LedgerStore

/// Who may change the books: named users with a writing role. The auditor reads only.
@Suite("Users and roles")
struct AccessTests {
    @Test("the auditor may read but not post, reverse, import rates or move periods")
    func auditorCannotWrite() throws {
        let ledger = try TempLedger()
        try ledger.store.post([sale("s1")], actor: "alice")
        let error = try expectRefusal(.notPermitted, in: ledger, "post") {
            try ledger.store.post([sale("s2")], actor: "dave")
        }
        #expect(error?.location?.field == "--as")
        try expectRefusal(.notPermitted, in: ledger, "reverse") {
            _ = try ledger.store.reverse("s1", actor: "dave", reason: "audit finding")
        }
        try expectRefusal(.notPermitted, in: ledger, "rates") {
            try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1.1")], actor: "dave")
        }
        try expectRefusal(.notPermitted, in: ledger, "period") {
            try ledger.store.setPeriodState(period("2026-05"), to: .softClosed, entity: nil, actor: "dave")
        }
        // Reading is fine.
        #expect(try ledger.store.trialBalance(entity: "US01", period: period("2026-05")).rows.count == 2)
        #expect(try ledger.store.verifyAudit().isIntact)
    }

    @Test("an unknown user is refused for every write", arguments: ["mallory", "", "Alice", "alice "])
    func unknownUser(_ name: String) throws {
        let ledger = try TempLedger()
        try ledger.store.post([sale("s1")], actor: "alice")
        try expectRefusal(.unknownUser, in: ledger, "post") { try ledger.store.post([sale("s2")], actor: name) }
        try expectRefusal(.unknownUser, in: ledger, "reverse") { _ = try ledger.store.reverse("s1", actor: name, reason: "r") }
        try expectRefusal(.unknownUser, in: ledger, "rates") {
            try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1.1")], actor: name)
        }
        try expectRefusal(.unknownUser, in: ledger, "period") {
            try ledger.store.setPeriodState(period("2026-05"), to: .softClosed, entity: "US01", actor: name)
        }
    }

    @Test("every writing role may post, and the entry records who posted it")
    func writersPost() throws {
        let ledger = try TempLedger()
        for (index, user) in ["alice", "bob", "carol"].enumerated() {
            try ledger.store.post([sale("s\(index)")], actor: user)
        }
        #expect(try ledger.strings("SELECT created_by FROM journal_entry ORDER BY id") == ["alice", "bob", "carol"])
    }

    @Test("reversing an entry twice is refused with already-reversed")
    func reversalTwice() throws {
        let ledger = try TempLedger()
        try ledger.store.post([sale("s1")], actor: "alice")
        let first = try ledger.store.reverse("US01-2026-000001", actor: "bob", reason: "wrong amount")
        #expect(first.document == "US01-2026-000002")
        let error = try expectRefusal(.alreadyReversed, in: ledger) {
            _ = try ledger.store.reverse("US01-2026-000001", actor: "carol", reason: "again")
        }
        #expect(error?.message.contains("US01-2026-000002") == true, "the error names the reversal")
    }

    /// "system" stands for unattended imports when the group has no such user; a group user
    /// named "system" is checked like any other (here: an auditor, who may not write).
    @Test("a user named 'system' with the auditor role may not post")
    func systemAuditorCannotWrite() throws {
        let ledger = try TempLedger(group: Fixture.group(users: [User(name: "system", displayName: "Batch auditor", role: .auditor)]))
        try expectRefusal(.notPermitted, in: ledger) {
            try ledger.store.post([sale("s1")], actor: "system")
        }
    }
}
