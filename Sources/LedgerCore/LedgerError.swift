/// Where a bad input came from: a file (or argument), a line and a field.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var field: String?

    public init(file: String? = nil, line: Int? = nil, field: String? = nil) {
        self.file = file
        self.line = line
        self.field = field
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let line { parts.append("line \(line)") }
        if let field { parts.append("field '\(field)'") }
        return parts.joined(separator: ", ")
    }
}

/// An expected failure: bad input or a refused operation. Each has a stable code,
/// a message a person can act on, and where it came from. A broken invariant found
/// *after* a write is a bug and traps instead (see `LedgerStore`).
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case invalidAmount = "invalid-amount"
        case overflow
        case invalidCurrency = "invalid-currency"
        case invalidDate = "invalid-date"
        case invalidPeriod = "invalid-period"
        case invalidRate = "invalid-rate"
        case unknownEntity = "unknown-entity"
        case unknownAccount = "unknown-account"
        case unknownUser = "unknown-user"
        case unknownEntry = "unknown-entry"
        case unbalanced
        case invalidEntry = "invalid-entry"
        case missingPartner = "missing-partner"
        case periodClosed = "period-closed"
        case invalidTransition = "invalid-transition"
        case idempotencyConflict = "idempotency-conflict"
        case alreadyReversed = "already-reversed"
        case missingRate = "missing-rate"
        case invalidFile = "invalid-file"
        case invalidText = "invalid-text"
        case invalidGroup = "invalid-group"
        case invalidScenario = "invalid-scenario"
        case notPermitted = "not-permitted"
        case databaseState = "database-state"
        case auditBroken = "audit-broken"
        /// A close lacks something it needs before it may start (`close check`).
        case notReady = "not-ready"
        /// Someone else decided the same task version first: this decision was not recorded.
        case conflict
    }

    public var code: Code
    public var message: String
    public var location: SourceLocation?
    /// For an error about one entry of a batch: which entry (0-based) and which of its
    /// lines (0-based), so a caller can translate that into a file line.
    public var entryIndex: Int?
    public var entryLineIndex: Int?

    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil,
                entryLineIndex: Int? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.entryLineIndex = entryLineIndex
    }

    /// The same error, placed at a location (keeps a more precise location already set).
    public func at(_ location: SourceLocation) -> LedgerError {
        var copy = self
        var merged = location
        if let old = self.location {
            merged.file = old.file ?? location.file
            merged.line = old.line ?? location.line
            merged.field = old.field ?? location.field
        }
        copy.location = merged
        return copy
    }

    public var description: String {
        if let location, !location.description.isEmpty {
            return "\(location): \(message)"
        }
        return message
    }
}
