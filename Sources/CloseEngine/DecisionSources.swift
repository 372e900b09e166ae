import Foundation
import Governance
import LedgerCore
import LedgerStore

/// Scripted humans (`--decisions FILE.yaml`): the first rule matching a task decides it,
/// after the simulated hours the rule gives; a task no rule names waits.
public struct ScriptedDecisions: DecisionSource {
    public let script: DecisionScript

    public init(_ script: DecisionScript) {
        self.script = script
    }

    public mutating func choose(_ pending: PendingDecision) throws -> HumanChoice {
        // A first approval is already in: only the second approver is still to come.
        guard let rule = script.decision(for: pending.task.task, taskKind: pending.task.kind) else { return .wait }
        if pending.approvals.contains(where: { $0.user == rule.user }) {
            guard let second = rule.secondUser else { return .wait }
            return .decide(rule.kind, user: second, reason: rule.reason, afterHours: rule.afterHours, secondUser: nil)
        }
        return .decide(rule.kind, user: rule.user, reason: rule.reason, afterHours: rule.afterHours, secondUser: rule.secondUser)
    }
}

/// A human at a terminal: shows each proposal and asks what to do. Reading and writing are
/// injected, so tests drive it without a terminal.
public struct InteractiveDecisions: DecisionSource {
    public let user: String
    /// Account names and currencies for the proposal's text; the reader of an edited file.
    let group: GroupDefinition
    let period: PeriodID
    /// How the commands it suggests name the ledger: "" or " --db PATH" (shell-quoted).
    let databaseArgument: String
    let readLine: () -> String?
    let write: (String) -> Void
    /// Shows long text, a proposal's details (through a pager on a terminal); `write` when nil.
    let page: ((String) -> Void)?
    /// Opens text in the person's editor and returns what they saved (nil: the editor failed
    /// or none is set); for `[e]dit`, an override without a file.
    let edit: ((String) -> String?)?
    /// The trial-balance impact of a proposal's entries on the books now (the engine's).
    let impact: (Proposal) -> [ImpactRow]

    public init(user: String, group: GroupDefinition, period: PeriodID, databaseArgument: String = "",
                readLine: @escaping () -> String?, write: @escaping (String) -> Void, page: ((String) -> Void)? = nil,
                edit: ((String) -> String?)? = nil, impact: @escaping (Proposal) -> [ImpactRow] = { _ in [] }) {
        self.page = page
        self.impact = impact
        self.user = user
        self.group = group
        self.period = period
        self.databaseArgument = databaseArgument
        self.readLine = readLine
        self.write = write
        self.edit = edit
    }

    public mutating func choose(_ pending: PendingDecision) throws -> HumanChoice {
        // Asking again would only be refused: the second approval must come from someone else.
        if pending.approvals.contains(where: { $0.user == user }) {
            write("\(pending.task.task) v\(pending.record.version): approved by \(user); waiting for a second, distinct approver\n")
            return .wait
        }
        write(ProposalText.render(pending, group: group, impact: impact(pending.proposal), details: false))
        while true {
            write("\(user), decide \(pending.task.task) v\(pending.record.version): [a]pprove [r]eject [o]verride [e]dit [d]etails de[f]er [s]kip [q]uit? ")
            guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return .quit }
            switch answer {
            case "a", "approve":
                return .decide(.approve, user: user, reason: ask("reason (optional)") ?? "", afterHours: 1, secondUser: nil)
            case "r", "reject":
                guard let reason = ask("reason (required)"), !reason.isEmpty else { write("a rejection needs a reason\n"); continue }
                return .decide(.reject, user: user, reason: reason, afterHours: 1, secondUser: nil)
            case "f", "defer":
                return .decide(.defer_, user: user, reason: ask("reason (optional)") ?? "", afterHours: 1, secondUser: nil)
            case "o", "override":
                let show = "close show \(pending.task.task) --period \(period)\(databaseArgument) --format json > FILE"
                guard let path = ask("edited proposal file (write it with `\(show)`, then edit it)"), !path.isEmpty else {
                    write("no file given; nothing was decided\n")
                    continue
                }
                guard let data = FileManager.default.contents(atPath: path) else {
                    write("cannot read \(SafeText.visible(path)): no such file or not readable; nothing was decided\n")
                    continue
                }
                let edited: Proposal
                do {
                    edited = try ProposalDocument.read([UInt8](data), file: path, group: group)
                } catch {
                    write("\(SafeText.visible("\(error)")); nothing was decided\n")
                    continue
                }
                guard let reason = ask("reason (required)"), !reason.isEmpty else { write("an override needs a reason\n"); continue }
                return .override(user: user, reason: reason, edited: edited, afterHours: 1)
            case "e", "edit":
                guard let edited = editedProposal(pending) else { continue }
                guard let reason = ask("reason (required)"), !reason.isEmpty else { write("an override needs a reason\n"); continue }
                return .override(user: user, reason: reason, edited: edited, afterHours: 1)
            case "d", "details": (page ?? write)(ProposalText.render(pending, group: group, impact: impact(pending.proposal), details: true))
            case "s", "skip": return .wait
            case "q", "quit": return .quit
            default: write("unknown answer '\(answer)'\n")
            }
        }
    }

    public mutating func mayRetry(after error: LedgerError) -> Bool {
        guard error.code == .notPermitted || error.code == .unknownUser || error.code == .invalidEntry else { return false }
        write("refused: \(error.message)\n")
        return true
    }

    /// The proposal as `close show --format json` prints it, opened in the editor, and read
    /// back whole and checked (amounts strictly in their currency, no control characters)
    /// before anything is recorded; nil, having said why, when there is nothing to record.
    private func editedProposal(_ pending: PendingDecision) -> Proposal? {
        guard let edit else {
            write("no editor: set $EDITOR (or $VISUAL), or use [o]verride with a file\n")
            return nil
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(ProposalDocument(pending.proposal, group: group)) else { return nil }
        let original = String(decoding: data, as: UTF8.self) + "\n"
        guard let text = edit(original) else {
            write("the editor did not finish; nothing was decided\n")
            return nil
        }
        guard text != original else {
            write("the proposal is unchanged; nothing was decided\n")
            return nil
        }
        do {
            return try ProposalDocument.read(Array(text.utf8), file: "the edited proposal", group: group)
        } catch {
            write("\(SafeText.visible("\(error)")); nothing was decided\n")
            return nil
        }
    }

    private func ask(_ prompt: String) -> String? {
        write("\(prompt): ")
        return readLine()?.trimmingCharacters(in: .whitespaces)
    }
}
