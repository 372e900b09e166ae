/// What a human decides about one proposal version.
public enum DecisionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case approve
    case reject
    /// Edits the proposal: a new version, prepared by the overrider, who cannot approve it.
    case override
    /// Not now: the task waits.
    case defer_ = "defer"
}

/// A decision by a named human, with the proposal version it saw.
public struct Decision: Sendable, Hashable, Codable {
    public var task: String
    public var version: Int
    public var kind: DecisionKind
    public var user: String
    public var reason: String

    public init(task: String, version: Int, kind: DecisionKind, user: String, reason: String) {
        self.task = task
        self.version = version
        self.kind = kind
        self.user = user
        self.reason = reason
    }
}
