import Interchange
import LedgerCore

/// Scripted humans for demos and tests (`--decisions FILE.yaml`): who decides which tasks,
/// how, and how many simulated hours they take. The script only speaks for the humans:
/// each decision still goes through `Authorization`, so a script cannot do what the person could not.
public struct DecisionScript: Sendable, Hashable {
    public struct Rule: Sendable, Hashable {
        /// A task id ("bank-reconciliation/DE01/1000"), a task kind ("cut-off"), or a pattern
        /// ending in `*` matched against the task id ("bank-reconciliation/*", "*").
        public var task: String
        public var user: String
        /// approve, reject or defer; never override (an edit needs `close override`).
        public var kind: DecisionKind
        public var reason: String
        /// Simulated hours the human takes to decide.
        public var afterHours: Int
        /// The second approver when the policy needs two distinct ones.
        public var secondUser: String?

        public init(task: String, user: String, kind: DecisionKind, reason: String = "", afterHours: Int = 1,
                    secondUser: String? = nil) {
            self.task = task
            self.user = user
            self.kind = kind
            self.reason = reason
            self.afterHours = afterHours
            self.secondUser = secondUser
        }

        public var isPattern: Bool { task.hasSuffix("*") }
    }

    public var rules: [Rule]

    public init(rules: [Rule]) { self.rules = rules }

    /// The most specific rule, whatever the file order: the exact task id, else the task
    /// kind, else the longest matching pattern (so "bank-reconciliation/*" beats "*").
    /// Nil when no rule matches: the task waits for a human.
    public func decision(for task: String, taskKind: String) -> Rule? {
        rules.first { !$0.isPattern && $0.task == task }
            ?? rules.first { !$0.isPattern && $0.task == taskKind }
            ?? rules.filter { $0.isPattern && task.hasPrefix($0.task.dropLast()) }.max { $0.task.count < $1.task.count }
    }
}

/// The decisions YAML (docs/governance.md), read strictly like every other format.
public enum DecisionScriptFile {
    static let ruleKeys = ["task", "as", "decide", "reason", "after_hours", "second_as"]
    public static let afterHoursRange = 0...8760

    public static func parse(contentsOf path: String) throws(LedgerError) -> DecisionScript {
        let text = try YAMLDocument.text(contentsOf: path, code: .invalidFile)
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(LedgerError) -> DecisionScript {
        guard let root = try YAMLDocument.compose(text, file: file, code: .invalidFile) else {
            throw LedgerError(.invalidFile, "the file is empty; expected 'decisions', a list of {task, as, decide}",
                              at: SourceLocation(file: file))
        }
        let document = try YAMLMapping(root, path: "", file: file, keys: ["decisions"], code: .invalidFile)
        var rules: [DecisionScript.Rule] = []
        for (node, path) in try document.list("decisions") {
            let element = try document.element(node, path: path, keys: ruleKeys)
            let rule = try self.rule(in: element)
            // A second rule for the same task could never be used: surely a mistake.
            guard !rules.contains(where: { $0.task == rule.task }) else {
                throw element.failure("task", "task '\(rule.task)' already has a decision earlier in the file")
            }
            rules.append(rule)
        }
        return DecisionScript(rules: rules)
    }

    private static func rule(in map: YAMLMapping) throws(LedgerError) -> DecisionScript.Rule {
        let task = try map.text("task")
        guard !task.dropLast().contains("*") else {
            throw map.failure("task", "'\(task)': '*' may only end a pattern (e.g. bank-reconciliation/*)")
        }
        let user = try map.text("as")
        let kind = try self.kind(in: map)
        let reason = try map.optionalText("reason") ?? ""
        if kind == .reject && reason.allSatisfy(\.isWhitespace) {
            throw map.failure("reason", "a rejection needs a reason")
        }
        let afterHours = try map.count("after_hours", in: afterHoursRange, default: 1)
        let second = try map.optionalText("second_as")
        if let second {
            guard kind == .approve else { throw map.failure("second_as", "'second_as' only goes with decide: approve") }
            guard second != user else {
                throw map.failure("second_as", "'second_as' must be a different user than '\(user)': two approvers are two people")
            }
        }
        return DecisionScript.Rule(task: task, user: user, kind: kind, reason: reason, afterHours: afterHours, secondUser: second)
    }

    private static func kind(in map: YAMLMapping) throws(LedgerError) -> DecisionKind {
        let text = try map.text("decide")
        guard text != DecisionKind.override.rawValue else {
            throw map.failure("decide", "an override cannot be scripted: it edits entries; use `close override` with the changes and a reason")
        }
        guard let kind = DecisionKind(rawValue: text) else {
            throw map.failure("decide", "'decide' must be approve, reject or defer; found '\(text)'")
        }
        return kind
    }
}
