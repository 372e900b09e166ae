import Agents
import Foundation
import Interchange
import LedgerCore
import LedgerStore
import Yams

/// A close template: the task kinds of a close, their agent, scope, dependencies and
/// simulated duration (docs/close-process.md). Expanded for a group into the run's tasks.
public struct CloseTemplate: Sendable, Hashable {
    public enum Scope: String, Sendable, CaseIterable {
        case group, entity
        case bankAccount = "bank-account"
        case entityPair = "entity-pair"
    }

    public struct Step: Sendable, Hashable {
        public var kind: String
        public var agent: String
        public var scope: Scope
        /// Kinds that must be done first (every task of each kind).
        public var after: [String]
        public var hours: Int
    }

    public var name: String
    public var steps: [Step]
    /// The YAML it was read from: stored with the run, so a resumed run keeps its template.
    public var text: String

    /// One task per step and scope element, dependencies resolved to task ids.
    public func expand(for group: GroupDefinition) -> [CloseTaskRecord] {
        var tasks: [CloseTaskRecord] = []
        var idsByKind: [String: [String]] = [:]
        for step in steps {
            var ids: [String] = []
            switch step.scope {
            case .group: ids = [step.kind]
            case .entity: ids = group.operatingEntities.map { "\(step.kind)/\($0.code)" }
            case .bankAccount: ids = group.bankAccounts.map { "\(step.kind)/\($0.entity)/\($0.account)" }
            case .entityPair:
                let codes = group.operatingEntities.map(\.code)
                for (index, first) in codes.enumerated() { for second in codes[(index + 1)...] { ids.append("\(step.kind)/\(first)-\(second)") } }
            }
            let dependsOn = step.after.flatMap { idsByKind[$0] ?? [] }
            for id in ids {
                tasks.append(CloseTaskRecord(task: id, kind: step.kind, agent: step.agent, position: tasks.count,
                                             dependsOn: dependsOn, hours: step.hours))
            }
            idsByKind[step.kind] = ids
        }
        return tasks
    }
}

public enum CloseTemplateFile {
    public static let defaultText = #"""
    # The default month-end close (docs/close-process.md). Each step: a task kind, the agent
    # that prepares it, its scope (group, entity, bank-account, entity-pair), the kinds it
    # waits for, and the simulated hours its preparation takes.
    name: default
    steps:
      - {kind: cut-off, agent: cut-off, scope: group, hours: 1}
      - {kind: bank-reconciliation, agent: bank-reconciliation, scope: bank-account, after: [cut-off], hours: 4}
      - {kind: accruals, agent: accruals, scope: entity, after: [cut-off], hours: 2}
      - {kind: error-resolution, agent: error-resolution, scope: entity, after: [bank-reconciliation, accruals], hours: 2}
      - {kind: intercompany-matching, agent: intercompany-matching, scope: entity-pair, after: [error-resolution], hours: 2}
      - {kind: fx-revaluation, agent: fx-revaluation, scope: entity, after: [intercompany-matching], hours: 2}
      - {kind: consolidation, agent: consolidation, scope: group, after: [fx-revaluation], hours: 3}
      - {kind: flux-review, agent: flux-review, scope: entity, after: [consolidation], hours: 3}
      - {kind: consolidated-flux-review, agent: flux-review, scope: group, after: [consolidation], hours: 2}
      - {kind: final-review, agent: final-review, scope: entity, after: [flux-review, consolidated-flux-review], hours: 2}
      - {kind: lock, agent: lock, scope: group, after: [final-review], hours: 1}

    """#

    public static func defaultTemplate() -> CloseTemplate {
        do { return try parse(defaultText, file: "built-in close template") } catch { fatalError("the built-in template does not parse: \(error)") }
    }

    public static func parse(contentsOf path: String) throws(LedgerError) -> CloseTemplate {
        try parse(try YAMLDocument.text(contentsOf: path, code: .invalidFile), file: path)
    }

    /// Strict: unknown keys, unknown agents, a dependency on a kind not defined before,
    /// negative hours and repeated kinds are refused with the line and field.
    public static func parse(_ text: String, file: String) throws(LedgerError) -> CloseTemplate {
        guard let root = try YAMLDocument.compose(text, file: file, code: .invalidFile) else {
            throw LedgerError(.invalidFile, "the template is empty; expected name and steps", at: SourceLocation(file: file))
        }
        let document = try YAMLMapping(root, path: "", file: file, keys: ["name", "steps"], code: .invalidFile)
        var steps: [CloseTemplate.Step] = []
        for (node, path) in try document.list("steps") {
            let fields = try YAMLMapping(node, path: path, file: file, keys: ["kind", "agent", "scope", "after", "hours"], code: .invalidFile)
            let kind = try fields.text("kind")
            guard !steps.contains(where: { $0.kind == kind }) else { throw fields.failure("kind", "task kind '\(kind)' is defined twice") }
            let agent = try fields.text("agent")
            guard AgentRegistry.agent(named: agent) != nil else {
                throw fields.failure("agent", "unknown agent '\(agent)'; this build has \(AgentRegistry.all.map(\.name).joined(separator: ", "))")
            }
            var after: [String] = []
            if fields.has("after") {
                for element in try fields.list("after") {
                    guard let name = element.node.scalar?.string, !name.isEmpty else {
                        throw fields.failure("after", "'after' lists task kinds by name")
                    }
                    guard steps.contains(where: { $0.kind == name }) else {
                        throw fields.failure("after", "'\(name)' is not a task kind defined before '\(kind)'")
                    }
                    after.append(name)
                }
            }
            let hours = try fields.integer("hours", default: 1)
            guard hours >= 0 else { throw fields.failure("hours", "hours must be 0 or more; found \(hours)") }
            steps.append(CloseTemplate.Step(kind: kind, agent: agent, scope: try fields.choice("scope", as: CloseTemplate.Scope.self),
                                            after: after, hours: hours))
        }
        guard !steps.isEmpty else { throw document.failure("steps", "the template needs at least one step") }
        return CloseTemplate(name: try document.text("name"), steps: steps, text: text)
    }
}
