import Foundation
import Testing
import LedgerCore
import LedgerStore

@Suite struct SmokeTests {
    static let group = GroupDefinition(
        name: "Test", currency: .usd,
        entities: [Entity(code: "US01", name: "US", currency: .usd, country: "US"),
                   Entity(code: "DE01", name: "DE", currency: .eur, country: "DE", parent: "US01")],
        accounts: [Account(code: "1000", name: "Bank", type: .asset, isBank: true, isMonetary: true),
                   Account(code: "4000", name: "Revenue", type: .revenue),
                   Account(code: "1150", name: "IC", type: .asset, isIntercompany: true)],
        users: [User(name: "alice", displayName: "Alice", role: .accountant)])

    @Test func postsReversesAndVerifies() throws {
        let store = try LedgerStore.create(at: nil, group: Self.group, clock: .fixed("2026-05-01T00:00:00Z"))
        let date = try CalendarDate(parsing: "2026-05-03")
        let draft = JournalEntryDraft(entity: "US01", date: date, description: "sale", source: .fileImport, idempotencyKey: "e1", lines: [
            EntryLine(account: "1000", currency: .usd, amountMinor: 1000),
            EntryLine(account: "4000", currency: .usd, amountMinor: -1000),
        ])
        let summary = try store.post([draft, draft], actor: "alice")
        #expect(summary.entriesPosted == 1)
        #expect(summary.entriesSkipped == 1)
        let reversal = try store.reverse("US01-2026-000001", actor: "alice", reason: "wrong")
        #expect(reversal.document == "US01-2026-000002")
        let tb = try store.trialBalance(entity: "US01", period: date.period)
        #expect(tb.rows.map(\.balanceMinor) == [0, 0])
        let verification = try store.verifyAudit()
        #expect(verification.isIntact, "\(verification.firstProblem ?? "")")
        #expect(verification.entriesChecked == 2)
    }
}

@Suite struct StorageSettingsTests {
    @Test("Storage: a file ledger runs in WAL mode with synchronous=FULL and foreign keys on")
    func fileLedgerSettings() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("close-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ledger.db").path
        try LedgerStore.create(at: path, group: SmokeTests.group).close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let store = try LedgerStore.open(at: path)
        let settings = try store.storageSettings()
        #expect(settings["journal_mode"] == "wal")
        #expect(settings["synchronous"] == "2")
        #expect(settings["foreign_keys"] == "1")
        _ = try store.verifyAudit()
        try store.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "opening and reading must not write to the file")
    }
}
