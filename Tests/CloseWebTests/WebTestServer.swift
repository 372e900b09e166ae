import CloseEngine
import CloseWeb
import Foundation
import Hummingbird
import LedgerCore
import LedgerStore
import Logging
import Simulation

/// A `close serve` on loopback for a test: the web demo ledger (cheap bcrypt and PBKDF2), on a
/// free port, stopped when the test ends. A bank reference of the books carries a script tag.
final class WebTestServer: @unchecked Sendable {
    static let hostileReference = "<script>alert('pwned')</script>"
    let store: LedgerStore
    let port: Int
    private let task: Task<Void, any Error>

    var base: String { "http://127.0.0.1:\(port)" }

    static func start() async throws -> WebTestServer {
        var counter: UInt8 = 0
        let store = try WebDemo.prepare(at: nil, clock: .fixed("2026-06-01T09:00:00Z"), rounds: 1_000, bcryptCost: 4, adjust: plantScript) {
            counter += 1
            return [UInt8](repeating: counter, count: 16)
        }
        let ready = AsyncStream<Int>.makeStream()
        let app = WebServer.application(store: store, host: "127.0.0.1", port: 0, logLevel: .critical) { port in ready.continuation.yield(port) }
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ready.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw LedgerError(.databaseState, "the test server did not start") }
        return WebTestServer(store: store, port: port, task: task)
    }

    private init(store: LedgerStore, port: Int, task: Task<Void, any Error>) {
        self.store = store
        self.port = port
        self.task = task
    }

    func stop() {
        task.cancel()
    }

    /// The first bank fee of US01's operating account gets a script tag in its reference: the
    /// agent proposes its booking, so the reference shows on the task page and in its findings.
    static func plantScript(_ books: inout GeneratedBooks) {
        for (s, statement) in books.statements.enumerated() where statement.entity == "US01" && statement.account == "1000" {
            for (l, line) in statement.lines.enumerated() where line.reference.hasPrefix("FEE-") {
                books.statements[s].lines[l].reference = line.reference + " " + hostileReference
                return
            }
        }
    }
}
