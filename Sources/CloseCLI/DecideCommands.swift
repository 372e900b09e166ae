import ArgumentParser
import CloseEngine
import Foundation
import Governance
import Interchange
import LedgerCore
import LedgerStore

/// The options every decision command takes. The task and the reason are each command's
/// own: `approve --ready` names no task, and only reject and override require a reason.
struct DecisionOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var identity: IdentityOptions
    @Option(help: "The period being closed, YYYY-MM.") var period: PeriodID
    @Option(help: "Simulated hours the decision took (0 to 8760; for the close summary and escalation).") var afterHours: Int = 1
    @Option(help: ArgumentHelp("Your signing key (from `close users keygen`): the decision is signed with it; required where the policy says `signatures: required`.", valueName: "FILE"), completion: .file())
    var key: String?

    func validate() throws {
        // The same range as the decisions file's after_hours: a year of simulated hours at most,
        // so no sum of hours can overflow.
        guard DecisionScriptFile.afterHoursRange.contains(afterHours) else {
            throw ValidationError("--after-hours must be a whole number from \(DecisionScriptFile.afterHoursRange.lowerBound) to \(DecisionScriptFile.afterHoursRange.upperBound), got \(afterHours)")
        }
    }

    /// The session on the ledger, the acting user, and their signer when --key is given.
    func open() throws -> (session: CloseSession, user: String, signer: DecisionSigner?) {
        let user = try identity.required()
        let session = CloseSession(store: try store.open())
        let signer = try key.map { file in
            try session.signer(user: user, keyFile: String(decoding: try readFile(file), as: UTF8.self), file: file)
        }
        return (session, user, signer)
    }

    func decide(_ task: String, _ choice: (String) -> HumanChoice) throws {
        let (session, user, signer) = try open()
        print(try session.decide(period: period, task: task, choice: choice(user), signer: signer))
    }
}

/// The task a decision is about, as `close status` lists it.
struct TaskArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The task, as `close status` lists it (e.g. cut-off, final-review/DE01).", valueName: "TASK"), completion: LedgerCompletion.tasks)
    var task: String
}

struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve the waiting proposal of a task, or every ready one (--ready); a complete approval commits it.",
        discussion: HelpText.flowed("""
        With --ready (and no TASK): every task waiting now that the policy routes to
        you and lets you approve (your role's band covers its amount; not your own
        override; not one you approved already), optionally only one --kind or one
        --entity. Each is its own recorded decision, signed with --key when given.
        It lists what it approved and what it left and why; exit 1 when it could
        approve nothing.
        """))
    @OptionGroup var options: DecisionOptions
    @Argument(help: ArgumentHelp("The task, as `close status` lists it (e.g. cut-off, final-review/DE01); not with --ready.", valueName: "TASK"), completion: LedgerCompletion.tasks)
    var task: String?
    @Option(help: "Why (optional; recorded with the decision).") var reason: String = ""
    @Flag(help: "Approve every task waiting now that you may approve.") var ready = false
    @Option(help: ArgumentHelp("With --ready: only tasks of this kind (e.g. bank-reconciliation).", valueName: "KIND")) var kind: String?
    @Option(help: ArgumentHelp("With --ready: only tasks of this entity.", valueName: "CODE"), completion: LedgerCompletion.entities) var entity: String?

    func validate() throws {
        if ready {
            guard task == nil else { throw ValidationError("give a TASK or --ready, not both") }
        } else {
            guard task != nil else { throw ValidationError("name the TASK to approve (`close status` lists them), or approve every ready one with --ready") }
            guard kind == nil, entity == nil else { throw ValidationError("--kind and --entity choose tasks for --ready; with a TASK, leave them out") }
        }
    }

    func run() throws {
        guard ready, task == nil else {
            try options.decide(task ?? "") { .decide(.approve, user: $0, reason: reason, afterHours: options.afterHours, secondUser: nil) }
            return
        }
        let (session, user, signer) = try options.open()
        let outcome = try session.approveReady(period: options.period, user: user, kind: kind, entity: entity, reason: reason, signer: signer)
        print("approved \(outcome.approved.count) task(s) as \(user) in the close of \(options.period)" + (signer == nil ? "" : ", each signed"))
        for item in outcome.approved { print("  approved \(item.task): \(item.message)") }
        if !outcome.notApproved.isEmpty {
            print("left \(outcome.notApproved.count) waiting task(s):")
            for item in outcome.notApproved { print("  \(item.task): \(item.message)") }
        }
        guard !outcome.approved.isEmpty else {
            let scope = [kind.map { "of kind \($0)" }, entity.map { "of \($0)" }].compactMap { $0 }.joined(separator: " ")
            throw LedgerError(.notPermitted, "nothing was approved: no waiting task \(scope.isEmpty ? "" : scope + " ")is ready for \(user) to approve; `close status --period \(options.period)\(options.store.argument)` says who each waits for")
        }
    }
}

struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject the waiting proposal of a task (a reason is required); the steps after it are blocked.")
    @OptionGroup var options: DecisionOptions
    @OptionGroup var task: TaskArgument
    @Option(help: "Why (required).") var reason: String = ""

    func run() throws {
        try options.decide(task.task) { .decide(.reject, user: $0, reason: reason, afterHours: options.afterHours, secondUser: nil) }
    }
}

struct DeferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "defer", abstract: "Defer the waiting proposal of a task: recorded, and the task keeps waiting.")
    @OptionGroup var options: DecisionOptions
    @OptionGroup var task: TaskArgument
    @Option(help: "Why (optional; recorded with the decision).") var reason: String = ""

    func run() throws {
        try options.decide(task.task) { .decide(.defer_, user: $0, reason: reason, afterHours: options.afterHours, secondUser: nil) }
    }
}

struct OverrideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "override",
        abstract: "Replace the waiting proposal of a task with an edited version (a reason is required).",
        discussion: HelpText.flowed("""
        FILE is the proposal as `close show TASK --period P --format json` prints it
        (snake_case keys, amounts as decimal strings in their currency), edited. It
        becomes the next version, prepared by you; another approver must approve it.
        """))
    @OptionGroup var options: DecisionOptions
    @OptionGroup var task: TaskArgument
    @Option(help: "Why (required).") var reason: String = ""
    @Option(help: ArgumentHelp("The edited proposal (JSON).", valueName: "FILE"), completion: .file(extensions: ["json"])) var file: String

    func run() throws {
        let bytes = try readFile(file)
        // Read whole and checked against the group before anything is opened for writing.
        let group = try options.store.open().group
        let edited = try ProposalDocument.read(bytes, file: file, group: group)
        try options.decide(task.task) { .override(user: $0, reason: reason, edited: edited, afterHours: options.afterHours) }
    }
}

