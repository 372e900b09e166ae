import Foundation
import GRDB
import Testing

/// Issue 19, the terminal half: amounts as people read them, JSON as programs read it, a
/// proposal shown whole, a status that fits, decisions in bulk, the register behind the
/// trial balance, and help and errors that tell the truth. Each test runs the binary.
@Suite struct FinanceTerminalTests {
    static let period = "2026-05"

    /// A ledger whose close waits after the cut-off: the bank reconciliations, accruals and
    /// error resolutions are proposed and wait for a person.
    static func waitingAfterCutOff() throws -> Scratch {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["run", "--as", "bob", "--period", period], in: scratch.url).status == 3)
        #expect(try CloseBinary.run(["approve", "cut-off", "--period", period, "--as", "bob"], in: scratch.url).status == 0)
        #expect(try CloseBinary.run(["run", "--as", "bob", "--period", period], in: scratch.url).status == 3)
        return scratch
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    static func tasks(_ scratch: Scratch, db: String? = nil) throws -> [[String: Any]] {
        let status = try CloseBinary.run(["status", "--period", period, "--format", "json"] + (db.map { ["--db", $0] } ?? []), in: scratch.url)
        return try #require(try json(status.stdout) as? [[String: Any]])
    }

    @Test func showPrintsTheWholeProposalWithDecimalAmounts() throws {
        let scratch = try Self.waitingAfterCutOff()
        let waiting = try Self.tasks(scratch).filter { $0["state"] as? String == "proposed" && $0["kind"] as? String == "bank-reconciliation" }
        var checked = 0
        for row in waiting {
            let task = try #require(row["task"] as? String)
            let document = try #require(try Self.json(try CloseBinary.run(["show", task, "--period", Self.period, "--format", "json"], in: scratch.url).stdout) as? [String: Any])
            let entries = document["entries"] as? [[String: Any]] ?? []
            guard let line = (entries.first?["lines"] as? [[String: Any]])?.first, let amount = line["amount"] as? String else { continue }
            let text = try CloseBinary.run(["show", task, "--period", Self.period], in: scratch.url)
            #expect(text.status == 0, "\(text.stderr)")
            for part in ["entries (\(entries.count))", "confidence:", "rule ", "trial-balance impact", "evidence (", "debit", "credit",
                         "decide: close approve|reject|defer|override \(task) --period \(Self.period) --as USER"] {
                #expect(text.stdout.contains(part), "\(part) in\n\(text.stdout)")
            }
            // The amount as the JSON carries it ("65.80"), now thousands-grouped, without a sign in the debit or credit column.
            let unsigned = amount.hasPrefix("-") ? String(amount.dropFirst()) : amount
            #expect(text.stdout.contains(Self.grouped(unsigned)), "\(unsigned) in\n\(text.stdout)")
            // No amount in minor units beside a currency, as the prompt once printed them ("6580 USD").
            #expect(text.stdout.range(of: #"(Dr|Cr) [0-9]+ [A-Z]{3}"#, options: .regularExpression) == nil, "\(text.stdout)")
            checked += 1
        }
        #expect(checked > 0, "no bank reconciliation with an entry in the demo")
    }

    static func grouped(_ plain: String) -> String {
        let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
        let digits = Array(parts[0])
        var integer = ""
        for (position, digit) in digits.enumerated() {
            if position > 0 && (digits.count - position) % 3 == 0 { integer.append(",") }
            integer.append(digit)
        }
        return parts.count > 1 ? integer + "." + parts[1] : integer
    }

    @Test func thePromptShowsEntriesInDecimalsAndFillsThePeriodAndTheLedgerIntoItsHints() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["scenario", "load", "demo", "--db", "close.db"], in: scratch.url).status == 0)
        // Approve the cut-off; at the next task ask to override without a file, then quit.
        let (text, status) = try PseudoTerminal.close(["run", "--period", Self.period, "--as", "bob", "--db", "close.db"], in: scratch.url)
            .finish(typing: "a\n\no\n\nq\n")
        #expect(status == 3, "\(text)")
        #expect(text.contains("--period \(Self.period) --db close.db --format json > FILE"), "\(text)")
        #expect(!text.contains("--period P "), "\(text)")
        #expect(text.contains("no file given; nothing was decided"), "\(text)")
        #expect(text.contains("entries (") && text.contains("debit") && text.contains("credit") && text.contains("confidence:"), "\(text)")
        #expect(text.range(of: #"[0-9],?[0-9]*\.[0-9]{2}"#, options: .regularExpression) != nil, "\(text)")
        #expect(text.range(of: #"(Dr|Cr) [0-9]+ [A-Z]{3}"#, options: .regularExpression) == nil, "\(text)")
    }

    /// `close run` at a pseudo-terminal on ./close.db: what it printed and its exit code.
    static func prompt(_ scratch: Scratch, typing input: String, environment extra: [String: String] = [:]) throws -> (text: String, status: Int32) {
        let environment = extra.mapValues { Optional($0) }.merging(["CLOSE_NOW": "2026-06-01T09:00:00Z", "VISUAL": nil]) { mine, _ in mine }
        return try PseudoTerminal.close(["run", "--period", period, "--as", "bob", "--db", "close.db"], in: scratch.url, environment: environment)
            .finish(typing: input)
    }

    @Test func anOverrideEditedInTheEditorIsCheckedBeforeItIsStored() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["scenario", "load", "demo", "--db", "close.db"], in: scratch.url).status == 0)
        let db = scratch.path("close.db")
        func overrides() throws -> Int { try DatabaseQueue(path: db).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM decision WHERE kind = 'override'") ?? 0 } }
        // Saved unchanged, or with an amount of too many decimals: nothing is recorded.
        let unchanged = try Self.prompt(scratch, typing: "e\nq\n", environment: ["EDITOR": "true"])
        #expect(unchanged.text.contains("the proposal is unchanged; nothing was decided"), "\(unchanged.text)")
        let broken = try Self.prompt(scratch, typing: "e\nq\n", environment: ["EDITOR": #"sed -i 's/"target" *: *"soft-closed"/"target" : 7/'"#])
        #expect(broken.text.contains("nothing was decided") && broken.text.contains("target"), "\(broken.text)")
        #expect(try overrides() == 0)
        // An edited summary becomes version 2, prepared by bob.
        let edited = try Self.prompt(scratch, typing: "e\nwording for the team\nq\n",
                                     environment: ["EDITOR": #"sed -i 's/"summary" *: *"/&Edited at the prompt. /'"#])
        #expect(try overrides() == 1, "\(edited.text)")
        let summary = try DatabaseQueue(path: db).read { try String.fetchOne($0, sql: "SELECT payload FROM proposal WHERE task = 'cut-off' AND version = 2") }
        #expect(summary?.contains("Edited at the prompt.") == true)
        // No editor: said so, nothing recorded.
        let none = try Self.prompt(scratch, typing: "e\nq\n", environment: ["EDITOR": ""])
        #expect(none.text.contains("no editor: set $EDITOR"), "\(none.text)")
    }

    @Test func statusFitsTheWidthAndSummarisesWhatATaskWaitsFor() throws {
        let scratch = try Self.waitingAfterCutOff()
        let status = try CloseBinary.run(["status", "--period", Self.period], in: scratch.url)
        #expect(status.status == 0, "\(status.stderr)")
        let lines = status.stdout.split(separator: "\n").map(String.init)
        // CloseBinary sets COLUMNS=100: the table fits it (the heading line above it is prose).
        for line in lines.dropFirst() { #expect(line.count <= 100, "\(line.count) columns: \(line)") }
        let lock = try #require(lines.first { $0.hasPrefix("lock ") })
        #expect(lock.range(of: #"blocked on [0-9]+ tasks: "#, options: .regularExpression) != nil, "\(lock)")
        let cutOff = try #require(lines.first { $0.hasPrefix("cut-off ") })
        #expect(cutOff.hasSuffix("—"), "\(cutOff)")
        // Colour only where asked for and allowed: never in a pipe, with NO_COLOR or on TERM=dumb.
        #expect(!status.stdout.contains("\u{1B}"))
        let forced = try CloseBinary.run(["status", "--period", Self.period], in: scratch.url, environment: ["CLICOLOR_FORCE": "1", "TERM": "xterm", "NO_COLOR": ""])
        #expect(forced.stdout.contains("\u{1B}[32mdone\u{1B}[0m"), "\(forced.stdout)")
        for environment in [["CLICOLOR_FORCE": "1", "TERM": "xterm", "NO_COLOR": "1"], ["CLICOLOR_FORCE": "1", "TERM": "dumb", "NO_COLOR": ""]] {
            let plain = try CloseBinary.run(["status", "--period", Self.period], in: scratch.url, environment: environment)
            #expect(plain.stdout == status.stdout, "\(environment)")
        }
        // JSON keeps every name.
        let row = try #require(try Self.tasks(scratch).first { $0["task"] as? String == "lock" })
        #expect((row["blocked_on"] as? [String])?.count ?? 0 > 3)
    }

    @Test func approveReadyDecidesEveryTaskTheUserMayApproveEachAsItsOwnDecision() throws {
        let scratch = try Self.waitingAfterCutOff()
        let db = scratch.path("close.db")
        func decisions() throws -> Int { try DatabaseQueue(path: db).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM decision") ?? 0 } }
        let before = try decisions()

        // The auditor decides nothing, and a kind the close lacks is named with the nearest.
        let auditor = try CloseBinary.run(["approve", "--ready", "--period", Self.period, "--as", "dave"], in: scratch.url)
        #expect(auditor.status == 1 && auditor.stderr.contains("auditor"), "\(auditor.stderr)")
        let typo = try CloseBinary.run(["approve", "--ready", "--kind", "bank-reconcilation", "--period", Self.period, "--as", "bob"], in: scratch.url)
        #expect(typo.status == 1 && typo.stderr.contains("did you mean 'bank-reconciliation'"), "\(typo.stderr)")
        #expect(try decisions() == before)

        // What it leaves it names with the policy's reason.
        let accountant = try CloseBinary.run(["approve", "--ready", "--kind", "accruals", "--period", Self.period, "--as", "alice"], in: scratch.url)
        #expect(accountant.stdout.contains("  accruals/US01: alice (accountant) may not approve 15,000.00 USD of accruals; above 10,000.00: controller, cfo"),
                "\(accountant.stdout)\(accountant.stderr)")
        let afterAlice = try decisions()
        #expect(afterAlice - before == accountant.stdout.split(separator: "\n").filter { $0.hasPrefix("  approved ") }.count)

        let waiting = try Self.tasks(scratch).filter { $0["state"] as? String == "proposed" && $0["kind"] as? String == "bank-reconciliation" }
        let bulk = try CloseBinary.run(["approve", "--ready", "--kind", "bank-reconciliation", "--period", Self.period, "--as", "bob"], in: scratch.url)
        #expect(bulk.status == 0, "\(bulk.stdout)\(bulk.stderr)")
        let approved = bulk.stdout.split(separator: "\n").filter { $0.hasPrefix("  approved bank-reconciliation/") }.count
        #expect(approved == waiting.count && approved > 1, "\(bulk.stdout)")
        #expect(bulk.stdout.contains("approved \(approved) task(s) as bob"), "\(bulk.stdout)")
        #expect(try decisions() == afterAlice + approved)
        // Nothing left of that kind: a refusal, exit 1, nothing recorded.
        let again = try CloseBinary.run(["approve", "--ready", "--kind", "bank-reconciliation", "--period", Self.period, "--as", "bob"], in: scratch.url)
        #expect(again.status == 1 && again.stderr.contains("nothing was approved"), "\(again.stderr)")
        #expect(try decisions() == afterAlice + approved)

        // A TASK and --ready together is a usage error.
        #expect(try CloseBinary.run(["approve", "cut-off", "--ready", "--period", Self.period, "--as", "bob"], in: scratch.url).status == 64)
    }
}
