import Foundation
import Governance
import Interchange
import LedgerCore
import LedgerStore

/// `close import saft`: a SAF-T Financial file posted into a ledger in one transaction through
/// the ledger's posting path (sealed in the audit chain like any import), chunk by chunk as it
/// is read, so memory does not grow with the file. Into an existing ledger whose group holds
/// the company and every account; or into a new ledger made from a group file (users, the
/// policy's accounts) with the file's company and accounts added. Nothing is left behind when
/// it fails: the transaction rolls back, and a ledger made for it is removed.
public enum SAFTImport {
    public struct Outcome: Sendable {
        public var books: SAFTBooks
        public var summary: PostingSummary
        public var created: Bool
        /// The account the differences went to, when they were accepted.
        public var differenceAccount: String?
    }

    /// `progress` is told, after each chunk posted, the line of the file the reading has reached.
    public static func run(file: String, db: String, group groupFile: String?, entity: String?, user: String,
                           acceptDifferences: Bool, clock: LedgerClock, progress: (_ fileLine: Int) -> Void = { _ in }) throws -> Outcome {
        if let groupFile {
            guard !FileManager.default.fileExists(atPath: db) else {
                throw LedgerError(.databaseState, "\(db) already exists: --group makes a new ledger for the file; leave --group out to import into \(db)")
            }
            let group = try GroupFile.parse(contentsOf: groupFile)
            let suspense = PolicyFile.defaultPolicy(currency: group.currency).accounts.suspense
            let options = SAFTOptions(entity: entity, differenceAccount: acceptDifferences ? suspense : nil)
            let merged = try SAFTReader.readChart(path: file, options: options).merged(into: group)
            let session = try CloseSession.create(at: db, group: merged, clock: clock)
            do {
                var outcome = try post(file, options: options, into: session, user: user, progress: progress)
                outcome.created = true
                return outcome
            } catch {
                try? session.store.close()
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
                throw error
            }
        }
        let session = CloseSession(store: try LedgerStore.open(at: db, clock: clock))
        _ = try session.writer(user)
        let suspense = try session.policyInForce().policy.accounts.suspense
        let options = SAFTOptions(entity: entity, differenceAccount: acceptDifferences ? suspense : nil)
        let problems = try SAFTReader.readChart(path: file, options: options).problems(in: session.store.group)
        guard problems.isEmpty else {
            throw LedgerError(.invalidGroup, "the ledger's group cannot take this file: " + problems.joined(separator: "; "), at: SourceLocation(file: file))
        }
        return try post(file, options: options, into: session, user: user, progress: progress)
    }

    /// Reads and posts in one go, in the transaction the whole file shares: the reader reads
    /// the next chunk on its own thread while this one posts the last (`SAFTChunkStream`), so
    /// the import takes about as long as the slower of the two rather than their sum.
    private static func post(_ file: String, options: SAFTOptions, into session: CloseSession, user: String,
                             progress: (Int) -> Void) throws -> Outcome {
        let writer = try session.writer(user).name
        var books: SAFTBooks?
        let summary = try session.store.post(batch: file, actor: writer) { post in
            let stream = SAFTChunkStream(path: file, options: options)
            // Whatever stops the posting stops the reading too, before the file is let go.
            var finished = false
            defer { if !finished { stream.cancel() } }
            while let chunk = try stream.next() {
                do {
                    try post(chunk.drafts)
                } catch let error as LedgerError {
                    throw locate(error, in: chunk, file: file)
                } catch {
                    throw LedgerError(.databaseState, "posting \(file) failed: \(error)", at: SourceLocation(file: file))
                }
                if let line = chunk.origins.last?.line { progress(line) }
                stream.recycle(chunk)
            }
            books = try stream.books()
            finished = true
        }
        guard let books else { throw LedgerError(.databaseState, "reading \(file) gave no books", at: SourceLocation(file: file)) }
        return Outcome(books: books, summary: summary, created: false, differenceAccount: options.differenceAccount)
    }

    /// The ledger names an entry and line of a chunk: name the file's line instead.
    static func locate(_ error: LedgerError, in chunk: SAFTChunk, file: String) -> LedgerError {
        guard let entry = error.entryIndex, entry < chunk.origins.count else { return error.at(SourceLocation(file: file)) }
        let origin = chunk.origins[entry]
        var located = error
        let line = error.entryLineIndex.flatMap { $0 < origin.lineLines.count ? origin.lineLines[$0] : nil } ?? origin.line
        located.message = "entry '\(chunk.drafts[entry].idempotencyKey)': \(error.message)"
        located.location = SourceLocation(file: file, line: line, field: origin.path)
        located.entryIndex = nil
        return located
    }
}
