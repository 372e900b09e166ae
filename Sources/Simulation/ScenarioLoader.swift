import Foundation
import LedgerCore
import LedgerStore
#if canImport(Glibc)
import Glibc
#endif

/// What loading put into the ledger.
public struct LoadSummary: Sendable, Equatable {
    public var rates = 0
    public var entries = 0
    public var lines = 0
    public var statements = 0
    public var goodsReceipts = 0

    public init() {}
}

/// Posts generated books into a ledger the way subledger interfaces would: rates first,
/// then each month's journal as imports, oldest first, by the unattended "system" user,
/// then the period's bank statements as the bank delivered them, then the goods-receipt log,
/// and last the scenario's injected faults (the manifest's ground truth) for the close summary.
public enum ScenarioLoader {
    /// Entries per posting batch: each batch is one transaction, and a load into a new
    /// database that fails is thrown away whole by the caller.
    static let batchLines = 100_000

    /// `progress` is told the journal lines posted so far and how many there are, after each batch.
    @discardableResult
    public static func load(_ books: GeneratedBooks, into store: LedgerStore, actor: String = "system",
                            progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> LoadSummary {
        let total = books.journals.reduce(0) { $0 + $1.entries.reduce(0) { $0 + $1.lines.count } }
        var summary = LoadSummary()
        summary.rates = try store.importRates(books.rates, actor: actor, source: "scenario \(books.scenario.name)").imported
        for journal in books.journals {
            var start = 0
            while start < journal.entries.count {
                var end = start, lines = 0
                while end < journal.entries.count, lines < batchLines {
                    lines += journal.entries[end].lines.count
                    end += 1
                }
                let posted = try store.post(Array(journal.entries[start..<end]), actor: actor,
                                            batch: "scenario \(books.scenario.name) \(journal.period)")
                summary.entries += posted.entriesPosted
                summary.lines += posted.linesPosted
                start = end
                progress(summary.lines + posted.linesSkipped, total)
            }
        }
        let statements = try store.importStatements(books.statements, source: "scenario \(books.scenario.name)", actor: actor)
        summary.statements = statements.imported
        summary.goodsReceipts = try store.importGoodsReceipts(books.goodsReceipts, source: "scenario \(books.scenario.name) goods-received.csv",
                                                              actor: actor).imported
        try store.recordScenarioTruth(try ScenarioTruth.of(books), actor: actor)
        return summary
    }

    /// A new ledger file at `path` holding the books. It is built beside the path and renamed
    /// into place only when complete, so a failure or a crash never leaves half a ledger there.
    @discardableResult
    public static func createLedger(_ books: GeneratedBooks, at path: String, clock: LedgerClock,
                                    progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> LoadSummary {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(.databaseState, "\(path) already exists; remove it or choose another --db path")
        }
        let building = path + ".creating-\(getpid())"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: building + suffix) } }
        let ledger = try LedgerStore.create(at: building, group: books.scenario.group, clock: clock)
        let summary: LoadSummary
        do {
            summary = try load(books, into: ledger, progress: progress)
        } catch {
            try? ledger.close()
            throw error
        }
        try ledger.close()
        guard rename(building, path) == 0 else {
            throw LedgerError(.databaseState, "could not move the new ledger to \(path): \(String(cString: strerror(errno)))")
        }
        return summary
    }
}
