import Foundation
import Testing

/// People, not claims, from the outside (issue 17): a password and a key per person, decisions
/// signed with `--key`, `signatures: required` refusing `--as` alone, `audit verify` checking
/// each signature.
@Suite struct SignedDecisionCommandsTests {
    static func run(_ arguments: [String], _ scratch: Scratch, input: String? = nil) throws -> CloseBinary.Result {
        try CloseBinary.run(arguments, in: scratch.url, input: input)
    }

    @Test func withSignaturesRequiredAnUnsignedCLIDecisionIsRefusedAndASignedOneVerifies() throws {
        let scratch = try Scratch()
        #expect(try Self.run(["run", "--as", "bob", "--period", "2026-05"], scratch).status == 3)
        let password = try Self.run(["users", "set-password", "bob"], scratch, input: "bob's long password\n")
        #expect(password.status == 0 && password.stdout == "password of bob set\n", "\(password.stderr)")
        let keygen = try Self.run(["users", "keygen", "bob", "--key-out", "bob.key"], scratch, input: "bob's long password\n")
        #expect(keygen.status == 0 && keygen.stdout.contains("key 1 of bob registered"), "\(keygen.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: scratch.url.appendingPathComponent("bob.key").path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the private key is readable by its owner only")
        #expect(try Self.run(["users", "keygen", "alice", "--key-out", "alice.key"], scratch).status == 0)

        let policy = try scratch.write("signed.yaml", try String(contentsOfFile: Fixtures.path("policies/default.yaml"), encoding: .utf8) + "signatures: required\n")
        let set = try Self.run(["policy", "set", policy, "--as", "carol", "--reason", "signed decisions from now on"], scratch)
        #expect(set.status == 0, "\(set.stderr)")

        let unsigned = try Self.run(["approve", "cut-off", "--period", "2026-05", "--as", "bob"], scratch)
        #expect(unsigned.status == 1 && unsigned.stderr.contains("signatures: required"), "\(unsigned.stderr)")
        let forged = try Self.run(["approve", "cut-off", "--period", "2026-05", "--as", "bob", "--key", "alice.key"], scratch)
        #expect(forged.status == 1 && forged.stderr.contains("alice's key, not bob's"), "\(forged.stderr)")
        let signed = try Self.run(["approve", "cut-off", "--period", "2026-05", "--as", "bob", "--key", "bob.key", "--reason", "ready"], scratch)
        #expect(signed.status == 0, "\(signed.stderr)")
        let verified = try Self.run(["audit", "verify"], scratch)
        #expect(verified.status == 0 && verified.stdout.contains("1 signed decision verified against the key each decider had registered then"),
                "\(verified.stdout)\(verified.stderr)")
    }

    @Test func aPasswordComesFromStandardInputAndIsRefusedWhenShortOrMissing() throws {
        let scratch = try Scratch()
        #expect(try Self.run(["init"], scratch).status == 0)
        #expect(try Self.run(["users", "set-password", "bob"], scratch).status == 1)
        #expect(try Self.run(["users", "set-password", "bob"], scratch, input: "short\n").status == 1)
        #expect(try Self.run(["users", "set-password", "mallory"], scratch, input: "long enough password\n").status == 1)
        // A user with a password must give it to keygen: the key is sealed with it for the web.
        #expect(try Self.run(["users", "set-password", "carol"], scratch, input: "carol's long password\n").status == 0)
        let wrong = try Self.run(["users", "keygen", "carol", "--key-out", "c.key"], scratch, input: "not it at all\n")
        #expect(wrong.status == 1 && !FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("c.key").path))
    }
}
