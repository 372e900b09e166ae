import ArgumentParser
import CloseEngine
import CloseWeb
import Foundation
import LedgerCore
import LedgerStore

/// `close serve`: the web front on the ledger, until interrupted.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the close on the web: sign in, your inbox, task pages with their evidence, signed decisions, the dashboard.",
        discussion: """
        Binds to 127.0.0.1 by default: the pages are plain HTTP, for this machine (put a TLS proxy in front to serve others). \
        People sign in with the password `close users set-password` stored; their decisions are signed with the key \
        `close users keygen` sealed with that password. Stop with Ctrl-C.
        """)
    @OptionGroup var store: StoreOptions
    @Option(help: "The address to bind to.") var host = "127.0.0.1"
    @Option(help: "The port (0: any free port, printed).") var port = 8080

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
    }

    func run() throws {
        let ledger = try store.open()
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

/// The server task's error, handed to the command's thread once the task ended.
private final class FailureBox: @unchecked Sendable {
    var error: (any Error)?
}
