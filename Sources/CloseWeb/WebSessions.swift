import CloseEngine
import Foundation
import LedgerCore

/// A signed-in person's session, kept in the server's memory only: the cookie carries a random
/// token and nothing else; the person's opened signing key never leaves this process.
struct WebSession: Sendable {
    let token: String
    /// Every form of the session carries it; a POST without it is refused (CSRF).
    let csrf: String
    let person: SignedInPerson
    var expires: Date
}

/// The sessions of the server: created at sign-in, ended at sign-out or when they expire.
actor WebSessions {
    private var sessions: [String: WebSession] = [:]
    private let clock: WebClock
    /// A session lasts this long from its last use (a working day with a break).
    static let idleSeconds: TimeInterval = 2 * 3600

    init(clock: WebClock) {
        self.clock = clock
    }

    func create(for person: SignedInPerson) -> WebSession {
        let session = WebSession(token: clock.token(), csrf: clock.token(), person: person, expires: clock.now().addingTimeInterval(Self.idleSeconds))
        sessions[session.token] = session
        return session
    }

    /// The live session of `token`, its expiry pushed back; nil (and forgotten) when expired.
    func find(_ token: String?) -> WebSession? {
        guard let token, var session = sessions[token] else { return nil }
        let now = clock.now()
        guard session.expires > now else {
            sessions[token] = nil
            return nil
        }
        session.expires = now.addingTimeInterval(Self.idleSeconds)
        sessions[token] = session
        return session
    }

    func end(_ token: String) {
        sessions[token] = nil
    }
}

/// Time and randomness for the web front, injected (tests fix them; the server uses the
/// system's clock and its cryptographically secure generator for tokens).
public struct WebClock: Sendable {
    public var now: @Sendable () -> Date
    /// 32 unpredictable bytes as hex: session, CSRF and sign-in form tokens.
    public var token: @Sendable () -> String

    public init(now: @escaping @Sendable () -> Date, token: @escaping @Sendable () -> String) {
        self.now = now
        self.token = token
    }

    public static let system = WebClock(now: { Date() }, token: {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    })
}

/// Constant-time comparison of two tokens: how long it takes tells nothing of where they differ.
func tokensMatch(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count, !x.isEmpty else { return false }
    var difference: UInt8 = 0
    for index in x.indices { difference |= x[index] ^ y[index] }
    return difference == 0
}
