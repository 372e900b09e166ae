import ArgumentParser
import CloseEngine
import Foundation
import Governance
import LedgerCore
import LedgerStore
import Scoring
import Simulation
#if canImport(Glibc)
import Glibc
#endif

/// Exit codes of a close run besides 0 (closed), 1 (failed) and 64 (usage).
enum RunExit {
    /// The run stopped at steps that wait for a human decision.
    static let waiting: Int32 = 3
    /// A rejected step blocks the rest of the close.
    static let blocked: Int32 = 4
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the month-end close of a period: agents prepare every step, a human decides each one.",
        discussion: HelpText.flowed("""
        Expands the close template for the period and runs every task whose dependencies are done.
        The user who runs it (--as USER or $CLOSE_USER) starts or resumes the close.
        Each proposal waits for a human: on a terminal you are asked; with
        --decisions FILE.yaml scripted humans decide; otherwise the run stops at the first steps
        that wait, lists them and exits with code 3 (decide with `close approve|reject|defer|override`,
        then run again: it resumes). A rejected step blocks the rest: exit code 4. A locked period: 0.
        With neither --db nor $CLOSE_DB and no ./close.db, the demo group and its demo month are
        created there first (and it says so); a database named by --db or $CLOSE_DB must exist.
        """))

    @OptionGroup var store: StoreOptions
    @OptionGroup var identity: IdentityOptions
    @Option(help: "The period to close, YYYY-MM.") var period: PeriodID
    @Option(help: ArgumentHelp("Scripted decisions (docs/governance.md).", valueName: "FILE.yaml"), completion: .file(extensions: ["yaml", "yml"])) var decisions: String?
    @Option(help: ArgumentHelp("A close template (docs/close-process.md); default: the built-in one.", valueName: "FILE.yaml"), completion: .file(extensions: ["yaml", "yml"]))
    var template: String?
    @Option(help: "text (live progress) or json (one event per line).") var format: EventFormat = .text
    @Flag(help: "No progress on standard error while agents prepare.") var quiet = false

    func run() throws {
        let user = try identity.required()
        let ledger = try openOrCreateDemo()
        let closeTemplate = try template.map { try CloseTemplateFile.parse(contentsOf: $0) } ?? CloseTemplateFile.defaultTemplate()
        let script = try decisions.map { try DecisionScriptFile.parse(contentsOf: $0) }
        let interactive = script == nil && isatty(0) == 1 && format == .text
        // Which task an agent is preparing, on standard error: a large month's preparation can
        // take a minute with no event. Not while a person is asked at the prompt.
        let progress = Progress("close run: preparing", unit: "tasks prepared", quiet: quiet || interactive)
        var prepared = 0
        let printer = EventPrinter(format: format)
        let open = try CloseSession(store: ledger).open(period: period, template: closeTemplate, user: user, owner: "pid \(getpid())",
                                                        isAlive: Self.isAlive, events: { event in
                                                            progress.clearLine()
                                                            printer.print(event)
                                                        }, preparing: { task in
                                                            progress.update(prepared, detail: task)
                                                            prepared += 1
                                                        })
        defer { open.release() }

        let outcome: RunOutcome
        if let script {
            var decider = ScriptedDecisions(script)
            outcome = try open.run(decider: &decider)
        } else if interactive {
            var edit: ((String) -> String?)?
            if ExternalEditor.command != nil { edit = { text in ExternalEditor.edit(text) } }
            var decider = InteractiveDecisions(user: user, group: ledger.group, period: period, databaseArgument: store.argument,
                                               readLine: { Swift.readLine() }, write: { text in Terminal.write(text) },
                                               page: { text in Pager.show(text) }, edit: edit,
                                               impact: { [period] proposal in (try? CloseSession(store: ledger).trialBalanceDiff(proposal, period: period)) ?? [] })
            outcome = try open.run(decider: &decider)
        } else {
            var decider = NoDecisions()
            outcome = try open.run(decider: &decider)
        }
        try finish(outcome, run: open.run, ledger: ledger, printer: printer)
    }

    private func finish(_ outcome: RunOutcome, run: CloseRunRecord, ledger: LedgerStore, printer: EventPrinter) throws {
        switch outcome {
        case .closed:
            if format == .text { print(AmountText.grouped(try ScoredCloseSummary.of(run, store: ledger).text()), terminator: "") }
        case .waiting(let tasks):
            if format == .text {
                print("waiting for a decision (\(tasks.count)):")
                for task in tasks { print("  \(task.task) v\(task.version): \(AmountText.grouped(task.route))") }
                print("look with `close show TASK --period \(period)\(store.argument)`; decide with `close approve|reject|defer|override TASK --period \(period)\(store.argument) --as USER` (or every ready one: `close approve --ready --period \(period)\(store.argument) --as USER`), then `close run --period \(period)\(store.argument) --as USER` again")
            }
            throw ExitCode(RunExit.waiting)
        case .blocked(let rejected):
            if format == .text {
                print("the close of \(period) is blocked: rejected \(rejected.joined(separator: ", ")); the period stays open")
            }
            throw ExitCode(RunExit.blocked)
        }
    }

    /// The ledger. Only when no file was named (neither --db nor $CLOSE_DB) and the default
    /// ./close.db does not exist, a new one with the demo group and its demo month, so that
    /// `close run` works on a fresh clone; a named file that is missing is a mistake to report,
    /// never a demo to close.
    private func openOrCreateDemo() throws -> LedgerStore {
        guard store.named == nil, !FileManager.default.fileExists(atPath: store.path) else { return try store.open() }
        let scenario = try BuiltInScenarios.scenario(named: "demo")
        let books = try Generator.generate(scenario)
        try ScenarioLoader.createLedger(books, at: store.path, clock: store.clock)
        Terminal.write("no ledger at \(store.path): created it with the demo group, \(scenario.group.name), and its demo month (\(books.entryCount) entries); for your own books: close init --db PATH --group FILE\n", toError: true)
        return try store.open()
    }

    /// "pid 123" is alive when process 123 exists.
    static func isAlive(_ owner: String) -> Bool {
        guard owner.hasPrefix("pid "), let pid = Int32(owner.dropFirst(4)) else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}

enum EventFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Progress as it happens: a line per event on a terminal, or one JSON object per line.
struct EventPrinter {
    let format: EventFormat

    var print: (CloseEvent) -> Void {
        let format = self.format
        return { event in
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                if let data = try? encoder.encode(event) { Terminal.write(String(decoding: data, as: UTF8.self) + "\n") }
            case .text:
                let task = event.task.map { " \($0)" } ?? ""
                Terminal.write("[h\(event.hour)] \(event.event)\(task): \(AmountText.grouped(SafeText.visible(event.message)))\n")
            }
        }
    }
}
