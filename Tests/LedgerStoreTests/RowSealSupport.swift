import Crypto
import Foundation
import GRDB
import Testing
import LedgerCore
import LedgerStore

/// A ledger with rows in every sealed table, made through the store's own API.
enum SealedLedger {
    static let group: GroupDefinition = {
        var group = Fixture.group()
        group.bankAccounts = [BankAccount(entity: "US01", account: "1000", iban: "US00BANK0000000001", currency: .usd),
                              BankAccount(entity: "DE01", account: "1000", iban: "DE00BANK0000000002", currency: .eur)]
        group.recurringAccruals = [RecurringAccrual(entity: "US01", account: "5000", currency: .usd, amountMinor: 50_000,
                                                    description: "Office rent", matches: "Rent")]
        return group
    }()

    static let bcryptHash = "$2b$04$" + String(repeating: "a", count: 53)
    static let signingKey = try! Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 32))
    static let signedAt = "2026-06-01T09:00:00Z"
    static let task = "accruals/US01"
    static let otherTask = "flux-review/US01"

    static func statement(_ id: String, entity: String = "US01", lines amounts: [Int64] = [10_000, -2_500, 700]) -> BankStatement {
        let currency = Fixture.currency(of: entity)
        let iban = group.bankAccounts.first { $0.entity == entity }!.iban
        let lines = amounts.enumerated().map { index, amount in
            BankLine(bookingDate: day("2026-05-1\(index)"), valueDate: day("2026-05-1\(index)"), amountMinor: amount,
                     reference: "REF-\(index)", bankReference: "\(id)-\(index)", counterparty: "Customer \(index)", description: "payment")
        }
        return BankStatement(id: id, entity: entity, account: "1000", iban: iban, currency: currency, openingDate: day("2026-05-01"),
                             openingMinor: 1_000, closingDate: day("2026-05-31"), closingMinor: 1_000 + amounts.reduce(0, +),
                             createdAt: "", lines: lines)
    }

    static func receipt(_ id: String, invoice: String? = nil) -> GoodsReceipt {
        GoodsReceipt(id: id, entity: "US01", supplier: "SUP-1", date: day("2026-05-20"), currency: .usd, amountMinor: 125_000,
                     account: "5000", description: "Steel sheets", invoice: invoice)
    }

    /// Rows in every sealed table: the group (with bank accounts and a recurring accrual), rates,
    /// two bank statements, goods receipts, a scenario's truth, a policy, a close run of 2026-05
    /// with two tasks and their proposals, decisions 1 (defer) and 2 (approve) on `task`, a
    /// soft-closed and a reopen-requested period.
    static func make() throws -> TempLedger {
        let ledger = try TempLedger(group: group)
        let store = ledger.store
        try store.importRates([spot("2026-05-01", .eur, .usd, "1.0845"), spot("2026-05-04", .eur, .usd, "1.0850")], actor: "alice")
        try store.post([sale("e1"), sale("e2", entity: "DE01", amountMinor: 42_000)], actor: "alice")
        try store.importStatements([statement("ST-1"), statement("ST-2", entity: "DE01", lines: [5_000, -1_000])],
                                   source: "bank.csv", actor: "alice")
        try store.importGoodsReceipts([receipt("GR-1"), receipt("GR-2", invoice: "INV-9")], source: "gr.csv", actor: "alice")
        try store.recordScenarioTruth(ScenarioTruth(scenario: "demo", seed: "7", period: period("2026-05"), faults: "[]"), actor: "alice")
        try store.setPolicy("approvals: controller\n", actor: "carol", reason: "first policy")
        let run = try store.startRun(period: period("2026-05"), template: "tasks: [accruals, flux-review]\n",
                                     tasks: [CloseTaskRecord(task: task, kind: "accruals", agent: "agent:accruals", position: 1,
                                                             dependsOn: [], hours: 2),
                                             CloseTaskRecord(task: otherTask, kind: "flux-review", agent: "agent:flux-review",
                                                             position: 2, dependsOn: [task], hours: 3)],
                                     policyVersion: 1, actor: "bob", owner: "pid 1")
        try store.saveProposal(ProposalRecord(task: task, version: 1, preparedBy: "agent:accruals", payload: #"{"entries":[]}"#,
                                              route: "controller", readyAtHour: 2), of: run)
        try store.saveProposal(ProposalRecord(task: otherTask, version: 1, preparedBy: "agent:flux-review",
                                              payload: #"{"findings":[]}"#, route: "controller", readyAtHour: 5), of: run)
        try store.recordDecision(DecisionRecord(task: task, version: 1, kind: "defer", user: "bob", reason: "after lunch", atHour: 3), of: run)
        try store.commitProposal(DecisionRecord(task: task, version: 1, kind: "approve", user: "bob", reason: "fine", atHour: 4),
                                 of: run, entries: [], periodChanges: [])
        try store.setPeriodState(period("2026-04"), to: .softClosed, entity: "US01", actor: "bob")
        try store.setPeriodState(period("2026-03"), to: .softClosed, entity: "DE01", actor: "bob")
        _ = try store.reopenPeriod(period("2026-03"), entity: "DE01", actor: "bob", reason: "late invoice")
        // People and signatures (issue 17): a password, a key, a signed decision on the waiting
        // task, the evidence opened, and a later policy version that requires signatures.
        try store.setPassword(user: "bob", bcryptHash: bcryptHash)
        let keyID = try store.registerKey(user: "bob", publicKey: Array(signingKey.publicKey.rawRepresentation), sealed: nil)
        try store.recordEvidenceOpened(run: run, task: otherTask, version: 1, user: "bob")
        let payload = DecisionSignaturePayload(proposalHashHex: ProposalRecord(task: otherTask, version: 1, preparedBy: "agent:flux-review",
                                                                               payload: #"{"findings":[]}"#, route: "controller", readyAtHour: 5).hashHex,
                                               task: otherTask, version: 1, verdict: "defer", user: "bob", reason: "signed", signedAt: signedAt)
        try store.recordDecision(DecisionRecord(task: otherTask, version: 1, kind: "defer", user: "bob", reason: "signed", atHour: 6,
                                                signature: DecisionSignature(keyID: keyID, signedAt: signedAt,
                                                                             signature: Array(try signingKey.signature(for: payload.bytes)))), of: run)
        try store.setPolicy("approvals: controller\nsignatures: required\n", actor: "carol", reason: "signed decisions", signaturesRequired: true)
        return ledger
    }
}

extension TempLedger {
    /// Raw SQL as someone with the file and sqlite3 could run it: every trigger of the file
    /// dropped, foreign keys and CHECK constraints off, outside any transaction of the store.
    func forge(_ sql: String, arguments: StatementArguments = StatementArguments()) throws {
        let connection = try rawConnection()
        try connection.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: sql, arguments: arguments)
        }
        try connection.close()
    }

    /// `verifyAudit` must fail naming `fragment`.
    func expectDetected(_ fragment: String, _ comment: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let verification = try store.verifyAudit()
        let problem = verification.firstProblem ?? ""
        #expect(!verification.isIntact, "tampering went unnoticed: \(comment)", sourceLocation: sourceLocation)
        #expect(problem.contains(fragment), "'\(problem)' does not name '\(fragment)' (\(comment))", sourceLocation: sourceLocation)
    }
}
