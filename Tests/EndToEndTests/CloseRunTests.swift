import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `close run` and the decision commands from the outside: the asynchronous mode with its
/// exit code and resume, the scripted mode, refusals that change nothing, overrides, the
/// interactive mode through a pseudo-terminal, and one run per period at a time.
@Suite struct CloseRunTests {
    static let decisions = Fixtures.path("decisions/demo.yaml")

    /// In the scratch folder with neither --db nor $CLOSE_DB: the default ./close.db, which the
    /// first `close run` creates with the demo month.
    func run(_ arguments: [String], _ scratch: Scratch) throws -> CloseBinary.Result {
        try CloseBinary.run(arguments, in: scratch.url)
    }

    @Test func theAsynchronousModeWaitsWithExitCode3AndResumes() throws {
        let scratch = try Scratch()
        let first = try run(["run", "--as", "bob", "--period", "2026-05"], scratch)
        #expect(first.status == 3, "\(first.stderr)")
        #expect(first.stderr.contains("no ledger at ./close.db: created it with the demo group, Acme Group, and its demo month"), "\(first.stderr)")
        #expect(first.stdout.contains("cut-off v1: cut-off 0.00 USD -> controller (bob), cfo (carol)"))

        let status = try run(["status", "--period", "2026-05"], scratch)
        #expect(status.stdout.contains("final-review/DE01") && status.stdout.contains("blocked on cut-off"))

        // Refusals change nothing.
        let before = try scratch.fingerprint("close.db")
        for (user, message) in [("dave", "auditor"), ("alice", "may not approve"), ("nobody", "unknown user"), ("agent:cut-off", "agent")] {
            let refused = try run(["approve", "cut-off", "--period", "2026-05", "--as", user], scratch)
            #expect(refused.status == 1, "\(user)")
            #expect(refused.stderr.contains(message), "\(user): \(refused.stderr)")
        }
        let noReason = try run(["reject", "cut-off", "--period", "2026-05", "--as", "bob"], scratch)
        #expect(noReason.status == 1 && noReason.stderr.contains("reason"))
        #expect(try scratch.fingerprint("close.db") == before)

        #expect(try run(["approve", "cut-off", "--period", "2026-05", "--as", "bob", "--reason", "ready"], scratch).status == 0)
        let second = try run(["run", "--as", "bob", "--period", "2026-05"], scratch)
        #expect(second.status == 3)
        #expect(second.stdout.contains("bank-reconciliation/JP01/1010 v1"))
        // Every later step the same way: approve what waits (the lock by the CFO), run again.
        var waves = 0
        var approvedOnce = Set<String>()
        while waves < 16 {
            let waiting = try run(["run", "--as", "bob", "--period", "2026-05"], scratch)
            guard waiting.status == 3 else { break }
            waves += 1
            let tasks = waiting.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.contains(" v1: ") }
                .map { String($0.dropFirst(2).prefix { $0 != " " }) }
            #expect(!tasks.isEmpty, "\(waiting.stdout)")
            for task in tasks {
                // The controller approves; a task that waits again needs a second approver: the CFO.
                let user = task == "lock" || !approvedOnce.insert(task).inserted ? ["--as", "carol", "--reason", "final review done"] : ["--as", "bob"]
                #expect(try run(["approve", task, "--period", "2026-05"] + user, scratch).status == 0, "\(task)")
            }
        }
        #expect(waves >= 3, "bank reconciliations, reviews and the lock each wait for a human")
        let last = try run(["run", "--as", "bob", "--period", "2026-05"], scratch)
        #expect(last.status == 0, "\(last.stdout)")
        // 2 bank fees, 5 accruals, 8 corrections, 5 intercompany entries, the revaluation and 5 eliminations.
        #expect(last.stdout.contains("tasks: 38, decisions: 41, entries posted: 39"), "\(last.stdout)")
        let periods = try run(["period", "status", "--period", "2026-05"], scratch)
        #expect(periods.stdout.components(separatedBy: "closed").count - 1 >= 4)
        #expect(try run(["audit", "verify"], scratch).status == 0)
        // The summary of what happened, in the three formats; a period without a run is an error.
        let summary = try run(["report", "close-summary", "--period", "2026-05", "--format", "json"], scratch)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as? [String: Any])
        #expect(document["state"] as? String == "closed" && document["scenario"] as? String == "demo")
        #expect((document["faults"] as? [Any])?.count == 24)
        #expect(try run(["report", "close-summary", "--period", "2026-05"], scratch).stdout.contains("injected faults: 24"))
        #expect(try run(["report", "close-summary", "--period", "2026-05", "--format", "html"], scratch).stdout.contains("<svg"))
        let none = try run(["report", "close-summary", "--period", "2026-06"], scratch)
        #expect(none.status == 1 && none.stderr.contains("no close run for 2026-06"))
        #expect(try run(["report", "close-summary", "--period", "2026-05", "--format", "csv"], scratch).status == 64)
    }

    @Test func theScriptedModeClosesAndPrintsOneJSONEventPerLine() throws {
        let scratch = try Scratch()
        let result = try run(["run", "--as", "bob", "--period", "2026-05", "--decisions", Self.decisions, "--format", "json"], scratch)
        #expect(result.status == 0, "\(result.stderr)")
        let events = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(events.first?["event"] as? String == "run.started")
        #expect(events.last?["event"] as? String == "run.closed")
        #expect(events.filter { $0["event"] as? String == "task.done" }.count == 38)
    }

    @Test func aRejectionBlocksTheCloseWithExitCode4() throws {
        let scratch = try Scratch()
        let script = try scratch.write("reject.yaml", """
            decisions:
              - {task: cut-off, as: bob, decide: reject, reason: "DE01 still books May invoices"}

            """)
        let result = try run(["run", "--as", "bob", "--period", "2026-05", "--decisions", script], scratch)
        #expect(result.status == 4, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("blocked: rejected cut-off"))
        #expect(try run(["period", "status", "--period", "2026-05"], scratch).stdout.contains("open"))
    }

    @Test func anOverrideIsANewVersionItsPreparerCannotApprove() throws {
        let scratch = try Scratch()
        #expect(try run(["run", "--as", "bob", "--period", "2026-05"], scratch).status == 3)
        let shown = try run(["show", "cut-off", "--period", "2026-05", "--format", "json"], scratch)
        var proposal = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        // Cut off three entities only: JP01 keeps its period open a little longer.
        proposal["period_actions"] = (proposal["period_actions"] as? [[String: Any]])?.filter { $0["entity"] as? String != "JP01" }
        let edited = scratch.path("edited.json")
        try JSONSerialization.data(withJSONObject: proposal).write(to: URL(fileURLWithPath: edited))
        let noReason = try run(["override", "cut-off", "--period", "2026-05", "--as", "bob", "--file", edited], scratch)
        #expect(noReason.status == 1)
        let override = try run(["override", "cut-off", "--period", "2026-05", "--as", "bob", "--file", edited, "--reason", "JP01 closes later"], scratch)
        #expect(override.status == 0, "\(override.stderr)")
        let own = try run(["approve", "cut-off", "--period", "2026-05", "--as", "bob"], scratch)
        #expect(own.status == 1 && own.stderr.contains("cannot approve"), "\(own.stderr)")
        #expect(try run(["approve", "cut-off", "--period", "2026-05", "--as", "carol"], scratch).status == 0)
        let status = try run(["period", "status", "--period", "2026-05", "--format", "json"], scratch)
        let states = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        #expect(states.map { $0["state"] as? String } == ["soft-closed", "soft-closed", "soft-closed", "open", "soft-closed"])
        let database = try DatabaseQueue(path: scratch.path("close.db"))
        let reason = try database.read { db in try String.fetchOne(db, sql: "SELECT reason FROM decision WHERE kind = 'override'") }
        #expect(reason?.contains("period changes") == true, "the override records its diff")
    }

    @Test func theInteractiveModeAsksOnATerminalAndASecondRunIsRefused() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["scenario", "load", "demo", "--db", "close.db"], in: scratch.url).status == 0)
        // bob alone decides every step: no second approver above the demo's largest correction.
        let policy = try String(contentsOfFile: Fixtures.path("policies/default.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "two_approvers_above: \"250000\"", with: "two_approvers_above: \"1000000\"")
        let policyFile = try scratch.write("policy.yaml", policy)
        let set = try CloseBinary.run(["policy", "set", policyFile, "--as", "carol", "--reason", "one approver at the terminal", "--db", "close.db"], in: scratch.url)
        #expect(set.status == 0, "\(set.stderr)")
        let prompt = try PseudoTerminal.close(["run", "--period", "2026-05", "--as", "bob", "--db", "close.db"], in: scratch.url,
                                              environment: ["CLOSE_NOW": "2026-06-01T09:00:00Z"])

        // While it waits at the prompt, the period belongs to it.
        Thread.sleep(forTimeInterval: 1.5)
        let second = try run(["run", "--as", "bob", "--period", "2026-05"], scratch)
        #expect(second.status == 1)
        #expect(second.stderr.contains("being closed by another run"), "\(second.stderr)")

        // bob approves every step up to the consolidation (27 before it), whose amount needs a
        // second approver: he is not asked twice, and the run waits for someone else (exit 3).
        let (text, status) = prompt.finish(typing: String(repeating: "a\nchecked\n", count: 28))
        #expect(status == 3, "\(text)")
        #expect(text.contains("bob, decide cut-off v1"))
        #expect(text.contains("consolidation v1: approved by bob; waiting for a second, distinct approver"))
        #expect(try run(["approve", "consolidation", "--period", "2026-05", "--as", "carol"], scratch).status == 0)
        // The reviews and the lock, decided later from the command line.
        for tasks in [["flux-review/US01", "flux-review/DE01", "flux-review/GB01", "flux-review/JP01", "consolidated-flux-review"],
                      ["final-review/US01", "final-review/DE01", "final-review/GB01", "final-review/JP01"], ["lock"]] {
            #expect(try run(["run", "--as", "bob", "--period", "2026-05"], scratch).status == 3)
            for task in tasks {
                #expect(try run(["approve", task, "--period", "2026-05", "--as", "bob", "--reason", "checked"], scratch).status == 0, "\(task)")
            }
        }
        let last = try run(["run", "--as", "bob", "--period", "2026-05"], scratch)
        #expect(last.status == 0, "\(last.stdout)")
        #expect(last.stdout.contains("close summary for 2026-05"))
    }
}

extension CloseRunTests {
    @Test func aRefusedAnswerAtTheTerminalIsAskedAgain() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["scenario", "load", "demo", "--db", "close.db"], in: scratch.url).status == 0)
        // alice (accountant) may not approve the cut-off: refused, asked again; then she quits.
        let (text, status) = try PseudoTerminal.close(["run", "--period", "2026-05", "--as", "alice", "--db", "close.db"], in: scratch.url)
            .finish(typing: "a\nlooks fine\nd\nq\n")
        #expect(status == 3, "\(text)")
        #expect(text.contains("refused: alice (accountant) may not approve cut-off"))
        #expect(text.components(separatedBy: "alice, decide cut-off v1").count - 1 == 3, "asked again after the refusal and the details")
        #expect(text.contains("evidence (5)\n     period (5): US01/2026-05 open, DE01/2026-05 open"), "\(text)")
    }
}
