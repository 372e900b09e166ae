import Governance
import LedgerCore
import Testing

@Suite("Decision script: scripted humans")
struct DecisionScriptTests {
    typealias F = GovernanceFixtures

    func parse(_ text: String) throws(LedgerError) -> DecisionScript {
        try DecisionScriptFile.parse(text, file: "d.yaml")
    }

    @Test("The demo script: bob approves cut-off and every other task, carol the lock")
    func demo() throws {
        let script = try DecisionScriptFile.parse(contentsOf: F.fixturePath("decisions/demo.yaml"))
        let cutOff = try #require(script.decision(for: "cut-off", taskKind: "cut-off"))
        #expect(cutOff.user == "bob" && cutOff.kind == .approve && cutOff.afterHours == 2)
        #expect(script.decision(for: "lock", taskKind: "lock")?.user == "carol")
        let bank = try #require(script.decision(for: "bank-reconciliation/DE01/1000", taskKind: "bank-reconciliation"))
        #expect(bank.user == "bob" && bank.secondUser == "carol" && bank.task == "*")
    }

    @Test("Most specific first, whatever the file order: task id, task kind, longest pattern")
    func matchingOrder() throws {
        let script = try parse("""
            decisions:
              - {task: "*", as: carol, decide: defer}
              - {task: "bank-reconciliation/*", as: erin, decide: approve}
              - {task: bank-reconciliation, as: bob, decide: approve}
              - {task: bank-reconciliation/DE01/1000, as: alice, decide: approve, after_hours: 4}

            """)
        #expect(script.decision(for: "bank-reconciliation/DE01/1000", taskKind: "bank-reconciliation")?.user == "alice")
        #expect(script.decision(for: "bank-reconciliation/US01/1000", taskKind: "bank-reconciliation")?.user == "bob")
        #expect(script.decision(for: "bank-reconciliation/US01/1000", taskKind: "other")?.user == "erin")
        let fallback = try #require(script.decision(for: "flux-review", taskKind: "flux-review"))
        #expect(fallback.user == "carol" && fallback.kind == .defer_ && fallback.afterHours == 1 && fallback.reason.isEmpty)
    }

    @Test("No matching rule: nil, the task waits for a human")
    func noMatch() throws {
        let script = try parse("decisions:\n  - {task: cut-off, as: bob, decide: approve}\n")
        #expect(script.decision(for: "lock", taskKind: "lock") == nil)
        #expect(try parse("decisions: []\n").rules.isEmpty)
    }

    @Test("Malformed scripts are refused with line and field", arguments: [
        ("  - {task: lock, as: bob, decide: override, reason: edit}", "decisions[0].decide", "use `close override`"),
        ("  - {task: lock, as: bob, decide: reject}", "decisions[0].reason", "a rejection needs a reason"),
        ("  - {task: lock, as: bob, decide: sign}", "decisions[0].decide", "must be approve, reject or defer"),
        ("  - {task: lock, as: bob, decide: approve, when: now}", "decisions[0].when", "unknown key 'when'"),
        ("  - {task: \"bank-*/DE01\", as: bob, decide: approve}", "decisions[0].task", "'*' may only end a pattern"),
        ("  - {task: lock, decide: approve}", "decisions[0].as", "missing 'as'"),
        ("  - {task: lock, as: bob, decide: approve, after_hours: -1}", "decisions[0].after_hours", "a whole number from 0 to 8760"),
        ("  - {task: lock, as: bob, decide: approve, second_as: bob}", "decisions[0].second_as", "must be a different user"),
        ("  - {task: lock, as: bob, decide: defer, second_as: carol}", "decisions[0].second_as", "only goes with decide: approve"),
        ("  - {task: lock, as: bob, decide: approve}\n  - {task: lock, as: carol, decide: approve}", "decisions[1].task",
         "task 'lock' already has a decision"),
    ] as [(String, String, String)])
    func refused(rules: String, field: String, messageHas: String) {
        let error = #expect(throws: LedgerError.self) { try parse("# scripted\ndecisions:\n" + rules + "\n") }
        #expect(error?.code == .invalidFile)
        #expect(error?.location?.file == "d.yaml")
        #expect(error?.location?.line == (field == "decisions[1].task" ? 4 : 3))
        #expect(error?.location?.field == field)
        #expect(error?.message.contains(messageHas) == true, "\(error?.message ?? "no error")")
    }

    @Test("An empty file or a missing 'decisions' is refused")
    func emptyOrMissing() {
        let empty = #expect(throws: LedgerError.self) { try parse("") }
        #expect(empty?.message.contains("the file is empty") == true)
        let wrong = #expect(throws: LedgerError.self) { try parse("decision: []\n") }
        #expect(wrong?.message.contains("unknown key 'decision'") == true)
    }
}
