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
    let readLine: () -> String?
    let write: (String) -> Void

    public init(user: String, readLine: @escaping () -> String?, write: @escaping (String) -> Void) {
        self.user = user
        self.readLine = readLine
        self.write = write
    }

    public mutating func choose(_ pending: PendingDecision) throws -> HumanChoice {
        // Asking again would only be refused: the second approval must come from someone else.
        if pending.approvals.contains(where: { $0.user == user }) {
            write("\(pending.task.task) v\(pending.record.version): approved by \(user); waiting for a second, distinct approver\n")
            return .wait
        }
        write(ProposalText.render(pending, details: false))
        while true {
            write("\(user), decide \(pending.task.task) v\(pending.record.version): [a]pprove [r]eject [o]verride [d]etails de[f]er [s]kip [q]uit? ")
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
                guard let path = ask("edited proposal file (from `close show \(pending.task.task) --period P --format json`)"), !path.isEmpty,
                      let data = FileManager.default.contents(atPath: path),
                      let edited = try? JSONDecoder().decode(Proposal.self, from: data) else {
                    write("not a readable proposal file\n")
                    continue
                }
                guard let reason = ask("reason (required)"), !reason.isEmpty else { write("an override needs a reason\n"); continue }
                return .override(user: user, reason: reason, edited: edited, afterHours: 1)
            case "d", "details": write(ProposalText.render(pending, details: true))
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

    private func ask(_ prompt: String) -> String? {
        write("\(prompt): ")
        return readLine()?.trimmingCharacters(in: .whitespaces)
    }
}

/// A proposal as text for a human: summary, entries, period changes, findings, evidence
/// and trial-balance impact.
public enum ProposalText {
    public static func render(_ pending: PendingDecision, details: Bool) -> String {
        let proposal = pending.proposal
        var out = "\n== \(proposal.task) (\(proposal.taskKind)) v\(proposal.version), prepared by \(proposal.preparedBy)\n"
        out += "   \(proposal.summary)\n"
        out += "   size \(Decimal10.format(pending.amountMinor, scale: pending.currency.exponent)) \(pending.currency); route: \(pending.route.description)\n"
        for action in proposal.periodActions { out += "   period \(action.period) of \(action.entity) -> \(action.target)\n" }
        for entry in proposal.entries {
            out += "   entry \(entry.key) \(entry.entity) \(entry.date) \(entry.description) [rule \(entry.rule), confidence \(entry.confidence)/1000]\n"
            for line in entry.lines {
                out += "     \(line.account) \(line.amount > 0 ? "Dr" : "Cr") \(line.amount.magnitude) \(line.currency) \(line.description)\n"
            }
        }
        for finding in proposal.findings { out += "   \(finding.severity.rawValue): \(finding.message)\n" }
        if details {
            for row in proposal.impact {
                out += "   impact \(row.entity) \(row.account): \(row.before) -> \(row.after) \(row.currency)\n"
            }
            out += "   evidence: " + proposal.evidence.map { "\($0.kind) \($0.id)" }.joined(separator: "; ") + "\n"
        }
        return out
    }
}
