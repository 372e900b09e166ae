import Crypto
import CryptoExtras
import Foundation
import LedgerCore

/// A person's Ed25519 key for signing decisions. The private half stays with the person: in a
/// key file for the CLI (`close users keygen --key-out`), and sealed with their password for the
/// web (opened at login, kept only in the server's memory for the session). The ledger stores
/// the public half, registered and audited.
public struct SigningKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    /// A new random key (`close users keygen`).
    public static func generate() -> SigningKey { SigningKey(key: Curve25519.Signing.PrivateKey()) }

    /// A key from its 32 raw bytes (a key file, tests with fixed keys).
    public init(rawRepresentation bytes: [UInt8]) throws {
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
        } catch {
            throw LedgerError(.invalidFile, "a signing key is 32 bytes, got \(bytes.count)")
        }
    }

    init(key: Curve25519.Signing.PrivateKey) { self.key = key }

    public var rawRepresentation: [UInt8] { Array(key.rawRepresentation) }
    public var publicKey: [UInt8] { Array(key.publicKey.rawRepresentation) }

    public func sign(_ payload: DecisionSignaturePayload) throws -> [UInt8] {
        Array(try key.signature(for: payload.bytes))
    }

    // MARK: Key file

    static let fileHeader = "close signing key v1"

    /// The key file: a header, the user, the private key in base64. Whoever holds it signs as
    /// the user: it is written readable by its owner only.
    public func keyFile(user: String) -> String {
        "\(Self.fileHeader)\nuser \(user)\nprivate \(Data(rawRepresentation).base64EncodedString())\n"
    }

    /// Reads a key file; names the file and what was wrong.
    public static func read(keyFile text: String, file: String) throws -> (user: String, key: SigningKey) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard lines.count == 3, lines[0] == fileHeader, lines[1].hasPrefix("user "), lines[2].hasPrefix("private "),
              let raw = Data(base64Encoded: String(lines[2].dropFirst(8))), raw.count == 32 else {
            throw LedgerError(.invalidFile, "not a signing key as `close users keygen` writes it (\(fileHeader), user NAME, private BASE64)",
                              at: SourceLocation(file: file))
        }
        return (String(lines[1].dropFirst(5)), try SigningKey(rawRepresentation: Array(raw)))
    }

    // MARK: Sealed with a password

    /// PBKDF2-HMAC-SHA256 rounds for a sealed key (OWASP's 2023 figure); tests pass fewer.
    public static let defaultRounds = 600_000

    /// The key sealed with `password`: ChaCha20-Poly1305 under a key derived by PBKDF2 from the
    /// password and `salt` (16 random bytes, stored beside it). Wrong password: `open` fails.
    public func sealed(password: String, salt: [UInt8], rounds: Int) throws -> [UInt8] {
        let box = try ChaChaPoly.seal(rawRepresentation, using: try Self.derive(password, salt: salt, rounds: rounds))
        return Array(box.combined)
    }

    public static func open(sealed: [UInt8], password: String, salt: [UInt8], rounds: Int) throws -> SigningKey {
        do {
            let box = try ChaChaPoly.SealedBox(combined: sealed)
            return try SigningKey(rawRepresentation: Array(try ChaChaPoly.open(box, using: try derive(password, salt: salt, rounds: rounds))))
        } catch {
            throw LedgerError(.notPermitted, "the signing key does not open with this password")
        }
    }

    static func derive(_ password: String, salt: [UInt8], rounds: Int) throws -> SymmetricKey {
        try KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32,
                                          unsafeUncheckedRounds: rounds)
    }
}
