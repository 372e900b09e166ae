import ArgumentParser
import CloseEngine
import CloseWeb
import Foundation
import Interchange
import LedgerCore
import LedgerStore

/// `close serve`: the web front on the ledger, until interrupted.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the close on the web: sign in, your inbox, task pages with their evidence, signed decisions, the dashboard.",
        discussion: HelpText.flowed("""
        Binds to 127.0.0.1 by default: the pages are plain HTTP, for this machine (put a TLS proxy in front to serve others). \
        People sign in with the password `close users set-password` stored; their decisions are signed with the key \
        `close users keygen` sealed with that password. Stop with Ctrl-C.
        """))
    @OptionGroup var store: StoreOptions
    @Option(help: "The address to bind to.") var host = "127.0.0.1"
    @Option(help: "The port (0: any free port, printed).") var port = 8080
    @Flag(help: "Serve a fresh demo ledger (--db, else ./close-web-demo.db, replacing an earlier demo there): the demo month with the cut-off approved and every later step waiting; every demo user's password is `close-demo`.")
    var demo = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
    }

    func run() throws {
        let ledger = demo ? try demoLedger() : try store.open()
        let host = self.host
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do {
                try await WebServer.run(store: ledger, host: host, port: port) { bound in
                    Terminal.write("close serve: http://\(host):\(bound)/ (Ctrl-C stops)\n")
                }
            } catch {
                failure.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = failure.error { throw error }
    }
}

extension ServeCommand {
    /// The web demo's ledger, made anew (an earlier demo ledger at the path is replaced, any other file refused).
    func demoLedger() throws -> LedgerStore {
        let path = store.named ?? "./close-web-demo.db"
        if FileManager.default.fileExists(atPath: path) {
            let existing = try LedgerStore.open(at: path)
            let name = existing.group.name
            try existing.close()
            guard name == DemoGroup.definition().name else {
                throw LedgerError(.databaseState, "\(path) holds the ledger of '\(name)', not an earlier demo; choose another --db")
            }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        Terminal.write("close serve --demo: preparing \(path) (the demo month, cut-off approved, every later step waiting)...\n")
        let ledger = try WebDemo.prepare(at: path, clock: store.clock) {
            var generator = SystemRandomNumberGenerator()
            return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        Terminal.write("sign in as \(WebDemo.people.joined(separator: ", ")); password: \(WebDemo.password)\n")
        return ledger
    }
}

/// The server task's error, handed to the command's thread once the task ended.
private final class FailureBox: @unchecked Sendable {
    var error: (any Error)?
}
