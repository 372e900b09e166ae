import ArgumentParser
import CloseEngine
import Foundation
import Governance
import LedgerCore
import LedgerStore

/// The approval policy, versioned in the ledger: every change is a new version, audited.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Show or change the approval policy (docs/governance.md).",
        subcommands: [Show.self, Set.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the policy in force (the default until one is set) and its version.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let current = try CloseSession(store: try store.open()).policyInForce()
            if let version = current.version {
                print("# policy v\(version)")
            } else {
                print("# no policy stored yet: the default applies (stored as v1 when the first close starts)")
            }
            print(current.text, terminator: current.text.hasSuffix("\n") ? "" : "\n")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a new policy version (the CFO only; a reason is required).",
            discussion: "The file is checked in full first: its syntax, and that the group's users can satisfy it (every task kind and amount band has as many distinct eligible users as approvals required). A refused file changes nothing. Runs already started keep the version they started with.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var identity: IdentityOptions
        @Argument(help: ArgumentHelp("The policy YAML.", valueName: "FILE"), completion: .file(extensions: ["yaml", "yml"])) var file: String
        @Option(help: "Why the policy changes (recorded in the audit chain).") var reason: String

        func run() throws {
            let user = try identity.required()
            let ledger = try store.open()
            let text = String(decoding: try readFile(file), as: UTF8.self)
            let version = try CloseSession(store: ledger).setPolicy(text, file: file, user: user, reason: reason)
            print("policy v\(version) in force (set by \(user)); a close already running keeps the version it started with")
        }
    }
}
