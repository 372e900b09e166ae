import Foundation
import Testing
import Agents
import Governance
import LedgerCore
import LedgerStore
import Simulation
@testable import CloseEngine

/// The governance issue's findings, one test each (the sealing of decisions and proposals,
/// finding 1, is proven in LedgerStoreTests' row-seal tests; honest fault outcomes,
/// finding 9, in the scoring tests): each failed before the fix.
@Suite struct GovernanceFindingsTests {
    static let period = try! PeriodID(parsing: "2026-05")
    static let june = try! PeriodID(parsing: "2026-06")

    static func books(_ edit: (inout GeneratedBooks) -> Void = { _ in }) throws -> GeneratedBooks {
        var books = try Generator.generate(try BuiltInScenarios.scenario(named: "demo"))
        edit(&books)
        return books
    }

    static func ledger(_ books: GeneratedBooks) throws -> LedgerStore {
        try ScenarioClose.load(books, at: nil, clock: .fixed("2026-06-01T09:00:00Z")).0
    }

    /// A run of the demo month started by bob and left waiting at the cut-off.
    static func waitingRun(_ store: LedgerStore) throws -> OpenClose {
        let open = try CloseSession(store: store).open(period: period, template: try CloseTemplateFile.defaultTemplate(),
                                                       user: "bob", owner: "test")
        var nobody = NoDecisions()
        _ = try open.run(decider: &nobody)
        return open
    }

    static func approve(_ task: String, as user: String, _ session: CloseSession) throws {
        _ = try session.decide(period: period, task: task, choice: .decide(.approve, user: user, reason: "checked", afterHours: 1, secondUser: nil))
    }

    // MARK: Finding 2

    @Test func finding2_thePeriodCannotBeClosedAroundTheClose() throws {
        let store = try Self.ledger(try Self.books())
        let session = CloseSession(store: store)
        let open = try Self.waitingRun(store)
        defer { open.release() }
        // The accountant of the report: refused for the role before anything else.
        let alice = #expect(throws: LedgerError.self) { try session.changePeriod(Self.period, to: .closed, entity: "US01", user: "alice", reason: nil) }
        #expect(alice?.code == .notPermitted && alice?.message.contains("lock task's approvers") == true)
        // Even the controller: the running close owns its period's states.
        let bob = #expect(throws: LedgerError.self) { try session.changePeriod(Self.period, to: .softClosed, entity: "US01", user: "bob", reason: nil) }
        #expect(bob?.message.contains("the close of 2026-05 is running") == true)
        #expect(throws: LedgerError.self) { try session.reopenPeriod(Self.period, entity: "US01", user: "carol", reason: "no") }
        // Below the facade too: the store refuses a reopening that skips the two approvers.
        #expect(throws: LedgerError.self) { try store.setPeriodState(Self.june, to: .open, entity: "US01", actor: "carol", reason: "x") }
        #expect(try store.periodStatus(Self.period).allSatisfy { $0.state == .open })
        // Outside a run (June has none), the lock's roles may still soft-close; the accountant may not.
        #expect(throws: LedgerError.self) { try session.changePeriod(Self.june, to: .softClosed, entity: "US01", user: "alice", reason: nil) }
        #expect(try session.changePeriod(Self.june, to: .softClosed, entity: "US01", user: "bob", reason: nil).first?.changed == true)
    }

    // MARK: Finding 3

    @Test func finding3_aPolicySetMidRunDoesNotChangeThatRun() throws {
        let store = try Self.ledger(try Self.books())
        let session = CloseSession(store: store)
        let open = try Self.waitingRun(store)
        defer { open.release() }
        #expect(open.run.policyVersion == 1)
        // The CFO lets accountants approve the cut-off from now on.
        let looser = PolicyFile.defaultText.replacingOccurrences(of: "  cut-off: {approvers: [{role: controller}, {role: cfo}]}",
                                                                 with: "  cut-off: {approvers: [{role: accountant}, {role: controller}, {role: cfo}]}")
        #expect(try session.setPolicy(looser, file: "looser.yaml", user: "carol", reason: "accountants may cut off") == 2)
        // The running close keeps v1: alice still may not approve its cut-off.
        let refused = #expect(throws: LedgerError.self) { try Self.approve("cut-off", as: "alice", session) }
        #expect(refused?.code == .notPermitted)
        #expect(try session.status(period: Self.period).policyVersion == 1)
        try Self.approve("cut-off", as: "bob", session)
        #expect(try store.periodStatus(Self.period).allSatisfy { $0.state == .softClosed })
    }

    // MARK: Finding 4

    @Test func finding4_onlyTheCFOChangesThePolicyEvenBelowTheCLI() throws {
        let store = try Self.ledger(try Self.books())
        let text = PolicyFile.defaultText.replacingOccurrences(of: "decide_within_hours: 24", with: "decide_within_hours: 12")
        let bob = #expect(throws: LedgerError.self) { try store.setPolicy(text, actor: "bob", reason: "faster") }
        #expect(bob?.code == .notPermitted && bob?.message.contains("only the CFO") == true)
        #expect(throws: LedgerError.self) { try store.setPolicy(text, actor: "system", reason: "faster") }
        let noReason = #expect(throws: LedgerError.self) { try store.setPolicy(text, actor: "carol", reason: "  ") }
        #expect(noReason?.location?.field == "--reason")
        #expect(try store.currentPolicy() == nil)
        #expect(try store.setPolicy(text, actor: "carol", reason: "faster escalation") == 1)
    }

    // MARK: Finding 5

    @Test func finding5_anUnsatisfiablePolicyIsRefusedAndTheDefaultIsNot() throws {
        let store = try Self.ledger(try Self.books())
        let session = CloseSession(store: store)
        let old = PolicyFile.defaultText.replacingOccurrences(of: "    - {role: controller}\n", with: "    - {role: controller, up_to: \"1000000\"}\n")
        let error = #expect(throws: LedgerError.self) { try session.setPolicy(old, file: "old.yaml", user: "carol", reason: "back to the old limits") }
        #expect(error?.message.contains("above 1000000.00 USD need 2 distinct approvers but only carol (cfo) may approve") == true)
        #expect(error?.location?.file == "old.yaml")
        #expect(try store.currentPolicy() == nil)
        #expect(PolicySatisfiability.problem(PolicyFile.defaultPolicy(currency: .usd), group: store.group,
                                             taskKinds: try CloseTemplateFile.defaultTemplate().expand(for: store.group).map(\.kind)) == nil)
    }

    // MARK: Finding 6

    @Test func finding6_theLockIsNotApprovedOverHoles() throws {
        let books = try Self.books { $0.statements.removeAll { $0.entity == "DE01" && $0.account == "1010" } }
        let store = try Self.ledger(books)
        let session = CloseSession(store: store)
        let result = try ScenarioClose.close(books, in: store, owner: "test")
        guard case .waiting(let waiting) = result.outcome else { Issue.record("expected the lock to wait, got \(result.outcome)"); return }
        #expect(waiting.map(\.task) == ["lock"])
        let lock = try session.show(task: "lock", period: Self.period).proposal
        #expect(lock.periodActions.isEmpty)
        let exceptions = lock.findings.map(\.id)
        #expect(exceptions.contains("lock/exception/no-statement/DE01/1010"))
        #expect(exceptions.contains("lock/exception/finding/bank-reconciliation/DE01/1010/no-statement"))
        // Approving it would close the run with the period open: refused.
        let refused = #expect(throws: LedgerError.self) { try Self.approve("lock", as: "carol", session) }
        #expect(refused?.message.contains("not ready") == true)
        // Locking over the holes is an override that names each exception.
        var edited = lock
        edited.periodActions = store.group.entities.map { PeriodAction(entity: $0.code, period: "2026-05", target: .closed) }
        let unnamed = #expect(throws: LedgerError.self) {
            try session.decide(period: Self.period, task: "lock", choice: .override(user: "carol", reason: "lock anyway", edited: edited, afterHours: 1))
        }
        #expect(unnamed?.message.contains("lock/exception/no-statement/DE01/1010") == true)
        let reason = "the DE01 savings account statement arrives late; accepted: " + exceptions.joined(separator: ", ")
        _ = try session.decide(period: Self.period, task: "lock", choice: .override(user: "carol", reason: reason, edited: edited, afterHours: 1))
        try Self.approve("lock", as: "bob", session)
        #expect(try store.periodStatus(Self.period).allSatisfy { $0.state == .closed })
        // The summary says what the period was locked over, and by whom.
        let summary = try session.summary(period: Self.period)
        #expect(summary.lockedOver.count == exceptions.count)
        #expect(summary.text().contains("locked over: lock/exception/no-statement/DE01/1010"))
        #expect(summary.lockedOver.allSatisfy { $0.contains("locked over by carol") })
    }

    // MARK: Finding 7

    @Test func finding7_anOverrideStaysInsideItsTask() throws {
        let store = try Self.ledger(try Self.books())
        let session = CloseSession(store: store)
        let open = try Self.waitingRun(store)
        defer { open.release() }
        try Self.approve("cut-off", as: "bob", session)
        var nobody = NoDecisions()
        _ = try open.run(decider: &nobody)
        // The first entity whose accruals task proposes entries, and another entity.
        let entities = ["DE01", "US01", "GB01", "JP01"]
        let accruals = try #require(try entities.map { try session.show(task: "accruals/\($0)", period: Self.period).proposal }
            .first { !$0.entries.isEmpty })
        let entry = try #require(accruals.entries.first)
        let other = try #require(entities.first { $0 != entry.entity })
        let task = accruals.task

        func refusal(_ edit: (inout Proposal) -> Void) -> LedgerError? {
            var edited = accruals
            edit(&edited)
            return #expect(throws: LedgerError.self) {
                try session.decide(period: Self.period, task: task,
                                   choice: .override(user: "bob", reason: "edited", edited: edited, afterHours: 1))
            }
        }
        // Another entity's books through the DE01 task.
        var elsewhere = entry
        elsewhere.entity = other
        #expect(refusal { $0.entries.append(elsewhere) }?.message.contains("is for \(other)") == true)
        // Dated in another period.
        var april = entry
        april.date = "2026-04-30"
        #expect(refusal { $0.entries = [april] }?.message.contains("outside 2026-05") == true)
        // A period change from a task that makes none, even for the period being closed.
        #expect(refusal { $0.periodActions = [PeriodAction(entity: entry.entity, period: "2026-04", target: .open)] }?
            .message.contains("change no period state") == true)
        #expect(refusal { $0.periodActions = [PeriodAction(entity: other, period: "2026-05", target: .closed)] } != nil)
        #expect(try store.proposals(of: open.run).filter { $0.task == task }.count == 1)
        // Inside the task: accepted as version 2, prepared by bob.
        var inside = accruals
        inside.entries[0].description = "accrual checked against the delivery note"
        _ = try session.decide(period: Self.period, task: task, choice: .override(user: "bob", reason: "wording", edited: inside, afterHours: 1))
        #expect(try session.show(task: task, period: Self.period).version == 2)
    }

    // MARK: Approvals bound to their evidence

    /// A one-line statement imported in the middle of the close: a second bank charge on
    /// the first account whose statement has one, so the reconciliation can book it and still certify.
    static func lateStatement(_ books: GeneratedBooks) throws -> (statement: BankStatement, task: String) {
        var statement = try #require(books.statements.first { $0.lines.contains { $0.kind == .fee } })
        var line = try #require(statement.lines.first { $0.kind == .fee })
        line.reference = "LATE-1"
        line.bankReference = "LATE-1"
        statement.id += "-LATE"
        statement.openingMinor = statement.closingMinor
        statement.closingMinor += line.amountMinor
        statement.openingDate = try CalendarDate(parsing: "2026-05-31")
        statement.closingDate = statement.openingDate
        statement.lines = [line]
        return (statement, "bank-reconciliation/\(statement.entity)/\(statement.account)")
    }

    @Test func aStaleApprovalIsRefusedAndTheTaskIsPreparedAgain() throws {
        let books = try Self.books()
        let store = try Self.ledger(books)
        let session = CloseSession(store: store)
        let open = try Self.waitingRun(store)
        defer { open.release() }
        try Self.approve("cut-off", as: "bob", session)
        var nobody = NoDecisions()
        _ = try open.run(decider: &nobody)
        let (late, task) = try Self.lateStatement(books)
        let scope = "statements \(late.entity)/\(late.account)"
        #expect(try session.show(task: task, period: Self.period).proposal.inputs?.contains { $0.scope == scope } == true)
        _ = try store.importStatements([late], source: "late.csv", actor: "alice")
        let stale = #expect(throws: LedgerError.self) { try Self.approve(task, as: "bob", session) }
        #expect(stale?.message.contains("stale") == true && stale?.message.contains(scope) == true)
        _ = try open.run(decider: &nobody)
        let again = try session.show(task: task, period: Self.period)
        #expect(again.version == 2 && again.preparedBy == "agent:bank-reconciliation")
        try Self.approve(task, as: "bob", session)
        #expect(try session.status(period: Self.period).tasks.first { $0.task == task }?.state == "done")
    }

    @Test func aDoneStepWhoseBooksChangeIsDecertifiedAndTheLockWaits() throws {
        let books = try Self.books()
        let store = try Self.ledger(books)
        let session = CloseSession(store: store)
        let open = try Self.waitingRun(store)
        defer { open.release() }
        try Self.approve("cut-off", as: "bob", session)
        var nobody = NoDecisions()
        _ = try open.run(decider: &nobody)
        let (late, task) = try Self.lateStatement(books)
        try Self.approve(task, as: "bob", session)
        #expect(try session.status(period: Self.period).tasks.first { $0.task == task }?.decertified == nil)
        _ = try store.importStatements([late], source: "late.csv", actor: "alice")
        let row = try #require(try session.status(period: Self.period).tasks.first { $0.task == task })
        #expect(row.state == "done" && row.decertified?.contains("statements \(late.entity)/\(late.account)") == true)
        #expect(try session.summary(period: Self.period).decertified.first?.hasPrefix(task + ": statements") == true)
        // The next pass sends it back; decided again, the close goes on to the lock.
        var script = ScriptedDecisions(try DecisionScriptFile.parse(DemoDecisions.text, file: "demo"))
        #expect(try open.run(decider: &script) == .closed)
        let decisions = try store.decisions(of: open.run).filter { $0.task == task }
        #expect(decisions.map(\.version) == [1, 2])
        #expect(try store.verifyAudit().isIntact)
    }
}
