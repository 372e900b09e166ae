import Foundation
import Governance
import Interchange
import LedgerCore
import LedgerStore

/// `close import saft`: a SAF-T Financial file posted into a ledger in one batch, through the
/// ledger's posting path (sealed in the audit chain like any import). Into an existing ledger
/// whose group holds the company and every account; or into a new ledger made from a group
/// file (users, the policy's accounts) with the file's company and accounts added. Nothing is
/// left behind when it fails: the batch rolls back, and a ledger made for it is removed.
public enum SAFTImport {
    public struct Outcome: Sendable {
        public var books: SAFTBooks
        public var summary: PostingSummary
        public var created: Bool
        /// The account the differences went to, when they were accepted.
        public var differenceAccount: String?
    }

    public static func run(file: String, db: String, group groupFile: String?, entity: String?, user: String,
                           acceptDifferences: Bool, clock: LedgerClock) throws -> Outcome {
        if let groupFile {
            guard !FileManager.default.fileExists(atPath: db) else {
                throw LedgerError(.databaseState, "\(db) already exists: --group makes a new ledger for the file; leave --group out to import into \(db)")
            }
            let group = try GroupFile.parse(contentsOf: groupFile)
            let suspense = PolicyFile.defaultPolicy(currency: group.currency).accounts.suspense
            let books = try SAFTReader.read(path: file, options: SAFTOptions(entity: entity, differenceAccount: acceptDifferences ? suspense : nil))
            let merged = try books.merged(into: group)
            let session = try CloseSession.create(at: db, group: merged, clock: clock)
            do {
                let summary = try post(books, into: session, user: user, file: file)
                return Outcome(books: books, summary: summary, created: true, differenceAccount: acceptDifferences ? suspense : nil)
            } catch {
                try? session.store.close()
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
                throw error
            }
        }
        let session = CloseSession(store: try LedgerStore.open(at: db, clock: clock))
        _ = try session.writer(user)
        let suspense = try session.policyInForce().policy.accounts.suspense
        let books = try SAFTReader.read(path: file, options: SAFTOptions(entity: entity, differenceAccount: acceptDifferences ? suspense : nil))
        let problems = books.problems(in: session.store.group)
        guard problems.isEmpty else {
            throw LedgerError(.invalidGroup, "the ledger's group cannot take this file: " + problems.joined(separator: "; "), at: SourceLocation(file: file))
        }
        let summary = try post(books, into: session, user: user, file: file)
        return Outcome(books: books, summary: summary, created: false, differenceAccount: acceptDifferences ? suspense : nil)
    }

    private static func post(_ books: SAFTBooks, into session: CloseSession, user: String, file: String) throws -> PostingSummary {
        let writer = try session.writer(user).name
        do {
            return try session.store.post(books.drafts, actor: writer, batch: file)
        } catch var error as LedgerError {
            // The ledger names an entry and line of the batch: name the file's line instead.
            guard let entry = error.entryIndex, entry < books.origins.count else { throw error.at(SourceLocation(file: file)) }
            let origin = books.origins[entry]
            let line = error.entryLineIndex.flatMap { $0 < origin.lineLines.count ? origin.lineLines[$0] : nil } ?? origin.line
            error.message = "entry '\(books.drafts[entry].idempotencyKey)': \(error.message)"
            error.location = SourceLocation(file: file, line: line, field: origin.path)
            throw error
        }
    }
}
