import ArgumentParser
import CloseEngine
import Foundation
import Governance
import Interchange
import LedgerCore
import LedgerStore

/// The options every decision command takes.
struct DecisionOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var identity: IdentityOptions
    @Argument(help: ArgumentHelp("The task, as `close status` lists it (e.g. cut-off, final-review/DE01).", valueName: "TASK"))
    var task: String
    @Option(help: "The period being closed, YYYY-MM.") var period: PeriodID
    @Option(help: "Why (required to reject or override).") var reason: String = ""
    @Option(help: "Simulated hours the decision took (0 to 8760; for the close summary and escalation).") var afterHours: Int = 1
    @Option(help: ArgumentHelp("Your signing key (from `close users keygen`): the decision is signed with it; required where the policy says `signatures: required`.", valueName: "FILE"))
    var key: String?

    func validate() throws {
        // The same range as the decisions file's after_hours: a year of simulated hours at most,
        // so no sum of hours can overflow.
        guard DecisionScriptFile.afterHoursRange.contains(afterHours) else {
            throw ValidationError("--after-hours must be a whole number from \(DecisionScriptFile.afterHoursRange.lowerBound) to \(DecisionScriptFile.afterHoursRange.upperBound), got \(afterHours)")
        }
    }

    func decide(_ choice: (String) -> HumanChoice) throws {
        let user = try identity.required()
        let session = CloseSession(store: try store.open())
        let signer = try key.map { file in
            try session.signer(user: user, keyFile: String(decoding: try readFile(file), as: UTF8.self), file: file)
        }
        print(try session.decide(period: period, task: task, choice: choice(user), signer: signer))
    }
}

struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve the waiting proposal of a task; a complete approval commits it.")
    @OptionGroup var options: DecisionOptions

    func run() throws {
        try options.decide { .decide(.approve, user: $0, reason: options.reason, afterHours: options.afterHours, secondUser: nil) }
    }
}

struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject the waiting proposal of a task (a reason is required); the steps after it are blocked.")
    @OptionGroup var options: DecisionOptions

    func run() throws {
        try options.decide { .decide(.reject, user: $0, reason: options.reason, afterHours: options.afterHours, secondUser: nil) }
    }
}

struct DeferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "defer", abstract: "Defer the waiting proposal of a task: recorded, and the task keeps waiting.")
    @OptionGroup var options: DecisionOptions

    func run() throws {
        try options.decide { .decide(.defer_, user: $0, reason: options.reason, afterHours: options.afterHours, secondUser: nil) }
    }
}

struct OverrideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "override",
        abstract: "Replace the waiting proposal of a task with an edited version (a reason is required).",
        discussion: "FILE is the proposal as `close show TASK --period P --format json` prints it, edited. It becomes the next version, prepared by you; another approver must approve it.")
    @OptionGroup var options: DecisionOptions
    @Option(help: ArgumentHelp("The edited proposal (JSON).", valueName: "FILE")) var file: String

    func run() throws {
        let bytes = try JSONInput.body(try readFile(file), file: file)
        let edited: Proposal
        do {
            edited = try JSONDecoder().decode(Proposal.self, from: Data(bytes))
        } catch {
            throw LedgerError(.invalidFile, "not a proposal as `close show --format json` prints it: \(SafeText.excerpt("\(error)", limit: 200))",
                              at: SourceLocation(file: file))
        }
        do {
            try edited.checkLimits()  // before anything is opened for writing
        } catch {
            throw error.at(SourceLocation(file: file))
        }
        try options.decide { .override(user: $0, reason: options.reason, edited: edited, afterHours: options.afterHours) }
    }
}

/// `close status --period P`: the task graph, who must decide what, what is blocked on what.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a close run: every task, its state, who must decide it and what it waits for.")
    @OptionGroup var store: StoreOptions
    @Option(help: "The period, YYYY-MM.") var period: PeriodID
    @Option(help: "table or json.") var format: OutputFormat = .table

    func validate() throws {
        guard format != .csv else { throw ValidationError("--format must be table or json") }
    }

    func run() throws {
        let status = try CloseSession(store: try store.open()).status(period: period)
        if format == .json {
            print(try JSONOutput.encode(status.tasks))
            return
        }
        let done = status.tasks.filter { $0.state == "done" }.count
        print("close of \(period): \(status.isClosed ? "closed" : "in progress"), \(done)/\(status.tasks.count) tasks done, policy v\(status.policyVersion) (pinned when the run started)")
        if !status.scheduledReversals.isEmpty {
            print("\(status.scheduledReversals.count) scheduled reversal(s) of earlier closes' entries posted at the start: \(status.scheduledReversals.joined(separator: ", "))")
        }
        var table = TextTable(headers: ["task", "state", "version", "waiting for"])
        table.rows = status.tasks.map { row in
            let state = row.decertified == nil ? row.state : "\(row.state), decertified"
            return [row.task, state, row.version.map { "v\($0)" } ?? "", row.decertified.map { "decided again: \($0)" } ?? row.waitingFor]
        }
        print(table.render())
    }
}

/// `close show TASK --period P`: the latest proposal of a task.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the latest proposal of a task of a close run.")
    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("The task.", valueName: "TASK")) var task: String
    @Option(help: "The period, YYYY-MM.") var period: PeriodID
    @Option(help: "text or json (the proposal itself, for `close override --file`).") var format: EventFormat = .text

    func run() throws {
        let shown = try CloseSession(store: try store.open()).show(task: task, period: period)
        let proposal = shown.proposal
        if format == .json {
            print(try JSONOutput.encode(proposal))
            return
        }
        // Each field on its own line, line breaks shown too: an edited summary must not be
        // able to draw lines of its own, or hide the entries below it.
        func line(_ text: String) -> String { SafeText.visible(text) }
        print("\(line(proposal.task)) v\(shown.version) prepared by \(line(shown.preparedBy)), hash \(shown.hashHex)")
        print(line(proposal.summary))
        for action in proposal.periodActions { print("  period \(line(action.period)) of \(line(action.entity)) -> \(line(action.target))") }
        for entry in proposal.entries {
            print("  entry \(line(entry.key)): \(line(entry.entity)) \(line(entry.date)) \(line(entry.description)) (\(entry.lines.count) lines, rule \(line(entry.rule)))")
        }
        for finding in proposal.findings { print("  \(finding.severity.rawValue): \(line(finding.message))") }
        for read in proposal.inputs ?? [] { print("  read \(line(read.scope)): \(line(read.state))") }
        print("route: \(shown.route.description)")
    }
}
