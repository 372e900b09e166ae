import ArgumentParser
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
            let ledger = try store.open()
            if let current = try ledger.currentPolicy() {
                print("# policy v\(current.version)")
                print(current.text, terminator: current.text.hasSuffix("\n") ? "" : "\n")
            } else {
                print("# no policy stored yet: the default applies (stored as v1 when the first close starts)")
                print(PolicyFile.defaultText, terminator: "")
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a new policy version (the CFO only; a reason is required).",
            discussion: "The file is checked in full first; a bad file changes nothing. Runs already started keep the version they started with.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var identity: IdentityOptions
        @Argument(help: ArgumentHelp("The policy YAML.", valueName: "FILE")) var file: String
        @Option(help: "Why the policy changes (recorded in the audit chain).") var reason: String

        func run() throws {
            let ledger = try store.open()
            let user = try identity.required()
            guard let role = ledger.group.user(user)?.role else {
                throw LedgerError(.unknownUser, "unknown user '\(user)'", at: SourceLocation(field: "--as"))
            }
            // Raising an agent's autonomy or an approval limit is itself a governed decision.
            guard role == .cfo else {
                throw LedgerError(.notPermitted, "\(user) is a \(role.rawValue); only the CFO changes the approval policy", at: SourceLocation(field: "--as"))
            }
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw LedgerError(.notPermitted, "a policy change needs a reason", at: SourceLocation(field: "--reason"))
            }
            let text = String(decoding: try readFile(file), as: UTF8.self)
            _ = try PolicyFile.parse(text, file: file, currency: ledger.group.currency)
            let version = try ledger.setPolicy(text, actor: user, reason: reason)
            print("policy v\(version) in force (set by \(user))")
        }
    }
}
