import Foundation
import Testing

/// The governance issue's findings from the outside: no command changes the books without a
/// user of the group, and no command goes around the close or the CFO.
@Suite struct GovernanceCommandsTests {
    static let journal = """
    entry_id,entity,date,account,debit,credit,currency,description,reference,partner
    S-1,US01,2026-05-04,1100,1250.00,,USD,Invoice 1,INV-1,
    S-1,US01,2026-05-04,4000,,1250.00,USD,Invoice 1,INV-1,

    """

    static func ledger(_ scratch: Scratch) throws {
        #expect(try CloseBinary.run(["init", "--db", "g.db"], in: scratch.url).status == 0)
    }

    /// The audit chain's event count: a refused command adds none.
    static func events(_ scratch: Scratch) throws -> String {
        let verified = try CloseBinary.run(["audit", "verify", "--db", "g.db"], in: scratch.url)
        #expect(verified.status == 0, "\(verified.stderr)")
        return verified.stdout
    }

    @Test func finding8_importsNeedAUserOfTheGroupNotSystem() throws {
        let scratch = try Scratch()
        try Self.ledger(scratch)
        let file = try scratch.write("j.csv", Self.journal)
        let before = try Self.events(scratch)
        let anonymous = try CloseBinary.run(["journal", "import", file, "--db", "g.db"], in: scratch.url)
        #expect(anonymous.status == 64 && anonymous.stderr.contains("needs a user of the group"), "\(anonymous.stderr)")
        let system = try CloseBinary.run(["journal", "import", file, "--as", "system", "--db", "g.db"], in: scratch.url)
        #expect(system.status == 1 && system.stderr.contains("'system' is the engine's own name"), "\(system.stderr)")
        #expect(system.stderr.contains("alice (accountant)"))
        let auditor = try CloseBinary.run(["rates", "import", Fixtures.path("rates/2026-04.csv"), "--as", "dave", "--db", "g.db"], in: scratch.url)
        #expect(auditor.status == 1 && auditor.stderr.contains("auditor"), "\(auditor.stderr)")
        #expect(try Self.events(scratch) == before)
        let named = try CloseBinary.run(["journal", "import", file, "--as", "alice", "--db", "g.db"], in: scratch.url)
        #expect(named.status == 0, "\(named.stderr)")
    }

    @Test func finding2_anAccountantCannotCloseAPeriodAroundTheClose() throws {
        let scratch = try Scratch()
        try Self.ledger(scratch)
        let before = try Self.events(scratch)
        let alice = try CloseBinary.run(["period", "soft-close", "--period", "2026-05", "--entity", "US01", "--as", "alice", "--db", "g.db"], in: scratch.url)
        #expect(alice.status == 1 && alice.stderr.contains("lock task's approvers (controller, cfo)"), "\(alice.stderr)")
        #expect(try Self.events(scratch) == before)
        // While the close of May runs, even the controller goes through its tasks.
        let load = try CloseBinary.run(["scenario", "load", "demo", "--db", "run.db"], in: scratch.url)
        #expect(load.status == 0, "\(load.stderr)")
        #expect(try CloseBinary.run(["run", "--as", "bob", "--period", "2026-05", "--db", "run.db"], in: scratch.url).status == 3)
        let bob = try CloseBinary.run(["period", "soft-close", "--period", "2026-05", "--as", "bob", "--db", "run.db"], in: scratch.url)
        #expect(bob.status == 1 && bob.stderr.contains("the close of 2026-05 is running"), "\(bob.stderr)")
        let status = try CloseBinary.run(["status", "--period", "2026-05", "--db", "run.db"], in: scratch.url)
        #expect(status.stdout.contains("policy v1 (pinned when the run started)"), "\(status.stdout)")
    }

    @Test func finding4_onlyTheCFOSetsThePolicyAndOnlyASatisfiableOne() throws {
        let scratch = try Scratch()
        try Self.ledger(scratch)
        let text = try String(contentsOfFile: Fixtures.path("policies/default.yaml"), encoding: .utf8)
        let faster = try scratch.write("faster.yaml", text.replacingOccurrences(of: "decide_within_hours: 24", with: "decide_within_hours: 12"))
        let bob = try CloseBinary.run(["policy", "set", faster, "--as", "bob", "--reason", "faster", "--db", "g.db"], in: scratch.url)
        #expect(bob.status == 1 && bob.stderr.contains("only the CFO"), "\(bob.stderr)")
        let old = try scratch.write("old.yaml", text.replacingOccurrences(of: "    - {role: controller}\n", with: "    - {role: controller, up_to: \"1000000\"}\n"))
        let deadlock = try CloseBinary.run(["policy", "set", old, "--as", "carol", "--reason", "old limits", "--db", "g.db"], in: scratch.url)
        #expect(deadlock.status == 1 && deadlock.stderr.contains("need 2 distinct approvers but only carol (cfo) may approve"), "\(deadlock.stderr)")
        let carol = try CloseBinary.run(["policy", "set", faster, "--as", "carol", "--reason", "faster escalation", "--db", "g.db"], in: scratch.url)
        #expect(carol.status == 0 && carol.stdout.contains("policy v1 in force"), "\(carol.stderr)")
    }
}
