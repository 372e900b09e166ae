import ArgumentParser
import CloseEngine
import Foundation
import Governance
import LedgerCore
import LedgerStore

/// `close users`: people, not claims. A password to sign in on the web, a key to sign decisions.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Passwords and signing keys of the group's users.",
        subcommands: [SetPassword.self, Keygen.self])

    struct SetPassword: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password",
            abstract: "Store USER's password (read from standard input, first line) as a bcrypt hash; audited.",
            discussion: "The password signs USER in on `close serve`. After a change, run `close users keygen USER` again so the web can sign USER's decisions.")
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("A user of the group (the auditor too).", valueName: "USER"), completion: LedgerCompletion.users) var user: String

        func run() throws {
            let session = CloseSession(store: try store.open())
            try session.setPassword(user: user, password: try readSecret())
            print("password of \(user) set")
        }
    }

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Make USER an Ed25519 signing key: the public key is registered in the ledger (audited), the private key written to --key-out.",
            discussion: HelpText.flowed("""
            When USER has a password, give it on standard input: the private key is also kept in the ledger sealed with \
            it, so that the web signs USER's decisions after USER signs in. The key file signs on the CLI: \
            `close approve TASK --period P --as USER --key FILE`. Decisions signed with an earlier key stay valid.
            """))
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("A user of the group.", valueName: "USER"), completion: LedgerCompletion.users) var user: String
        @Option(help: ArgumentHelp("Where to write the private key (readable by you only); refused if it exists.", valueName: "FILE"))
        var keyOut: String

        func run() throws {
            guard !FileManager.default.fileExists(atPath: keyOut) else {
                throw LedgerError(.invalidFile, "\(keyOut) exists; choose another --key-out", at: SourceLocation(file: keyOut))
            }
            let session = CloseSession(store: try store.open())
            let password = try session.store.passwordHash(user: user) == nil ? nil : try readSecret()
            var salt = [UInt8](repeating: 0, count: 16)
            var random = SystemRandomNumberGenerator()
            for index in salt.indices { salt[index] = random.next() }
            let key = SigningKey.generate()
            // The file first, with owner-only permissions: a registered key nobody holds would lock USER out of signing.
            guard FileManager.default.createFile(atPath: keyOut, contents: Data(key.keyFile(user: user).utf8),
                                                 attributes: [.posixPermissions: 0o600]) else {
                throw LedgerError(.invalidFile, "cannot write \(keyOut)", at: SourceLocation(file: keyOut))
            }
            do {
                let registered = try session.registerKey(user: user, key: key, password: password, salt: salt)
                print("key \(registered.id) of \(user) registered; private key in \(keyOut)\(password == nil ? "" : ", and sealed with the password for the web")")
            } catch {
                try? FileManager.default.removeItem(atPath: keyOut)
                throw error
            }
        }
    }
}

/// The first line of standard input, without its line break: a secret is never an argument,
/// which other users of the machine could read in the process list.
func readSecret() throws -> String {
    guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
        throw LedgerError(.invalidText, "give the password on standard input (e.g. `printf '%s\\n' \"$PASSWORD\" | close users ...`)",
                          at: SourceLocation(field: "password"))
    }
    return line
}
