import Foundation

/// The source of timestamps for audit events. Injected, so that tests and seeded
/// simulations produce the same bytes on every run.
public struct LedgerClock: Sendable {
    public var now: @Sendable () -> String

    public init(now: @escaping @Sendable () -> String) {
        self.now = now
    }

    /// Wall-clock time in UTC, ISO 8601 with seconds.
    public static let system = LedgerClock {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }

    /// Always the same instant.
    public static func fixed(_ timestamp: String) -> LedgerClock {
        LedgerClock { timestamp }
    }
}
