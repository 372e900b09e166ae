import Foundation

/// The sign-in rate limit: after `maxFailures` failed sign-ins within `windowSeconds`, from one
/// address or for one name, further attempts are refused until the window passes, so that a
/// password cannot be guessed at the server's speed. Refused attempts run no bcrypt at all.
actor LoginThrottle {
    static let maxFailures = 5
    static let windowSeconds: TimeInterval = 300

    private var failures: [String: [Date]] = [:]
    private let clock: WebClock

    init(clock: WebClock) {
        self.clock = clock
    }

    /// True when a sign-in from `peer` as `name` may be tried now.
    func allows(peer: String, name: String) -> Bool {
        let now = clock.now()
        return [key(peer: peer), key(name: name)].allSatisfy { recent($0, now: now) < Self.maxFailures }
    }

    func failed(peer: String, name: String) {
        let now = clock.now()
        for key in [key(peer: peer), key(name: name)] {
            failures[key] = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.windowSeconds } + [now]
        }
        // Bounded memory under a flood of names: forget the oldest keys first.
        if failures.count > 10_000 {
            for key in failures.keys.sorted(by: { (failures[$0]?.last ?? now) < (failures[$1]?.last ?? now) }).prefix(1_000) {
                failures[key] = nil
            }
        }
    }

    func succeeded(peer: String, name: String) {
        failures[key(name: name)] = nil
    }

    private func recent(_ key: String, now: Date) -> Int {
        (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.windowSeconds }.count
    }

    private func key(peer: String) -> String { "peer \(peer)" }
    private func key(name: String) -> String { "name \(name.prefix(64))" }
}
