import Foundation
import GRDB
import GRDBSQLite
import LedgerCore

public struct PostBenchmarkResult: Sendable, Codable {
    public var lines: Int
    public var entries: Int
    public var batchLines: Int
    public var seconds: Double
    public var linesPerSecond: Double
    public var ceilingSeconds: Double
    public var ceilingLinesPerSecond: Double
    public var ratio: Double
}

public struct TrialBalanceBenchmarkResult: Sendable, Codable {
    public var lines: Int
    public var entities: Int
    /// All entities' trial balances, as `close report trial-balance` computes them.
    public var seconds: Double
    /// The same balances recomputed from every stored line, for comparison.
    public var recomputeSeconds: Double
}

/// Measurements behind `close bench`. Timing figures are not money: `Double` is fine here.
public enum Benchmarks {
    /// Balanced entries of 2 to 6 lines over every entity of the group (each in its
    /// functional currency) through 2026, made from `seed`.
    public static func journal(lines: Int, group: GroupDefinition, seed: UInt64) -> [JournalEntryDraft] {
        journal(lines: lines, entries: Int.max, group: group, seed: seed)
    }

    /// The same journal cut at `entries` entries (`close bench compare`).
    public static func journal(entries: Int, group: GroupDefinition, seed: UInt64) -> [JournalEntryDraft] {
        journal(lines: Int.max / 2, entries: entries, group: group, seed: seed)
    }

    private static func journal(lines: Int, entries: Int, group: GroupDefinition, seed: UInt64) -> [JournalEntryDraft] {
        var random = SeededRandom(seed: seed)
        let debitAccounts = group.accounts.filter { !$0.isIntercompany && !$0.isClosed && ($0.type == .asset || $0.type == .expense) }.map(\.code)
        let creditAccounts = group.accounts.filter { !$0.isIntercompany && !$0.isClosed && ($0.type == .revenue || $0.type == .liability) }.map(\.code)
        var drafts: [JournalEntryDraft] = []
        drafts.reserveCapacity(min(lines / 4 + 1, entries))
        var remaining = lines
        var counter = 0
        while remaining > 0 && drafts.count < entries {
            var count = Int.random(in: 2...6, using: &random)
            if remaining - count < 2 { count = remaining }
            remaining -= count
            counter += 1
            let entity = group.entities[counter % group.entities.count]
            let month = Int.random(in: 1...12, using: &random)
            let day = Int.random(in: 1...28, using: &random)
            let date = try! CalendarDate(year: 2026, month: month, day: day)
            var entryLines: [EntryLine] = []
            var total: Int64 = 0
            for index in 0..<(count - 1) {
                let amount = Int64.random(in: 100...5_000_000, using: &random)
                total += amount  // at most 5 lines of 5,000,000: cannot overflow
                entryLines.append(EntryLine(account: debitAccounts[(counter + index) % debitAccounts.count], currency: entity.currency,
                                            amountMinor: amount, reference: "REF-\(counter)", description: "bench line"))
            }
            entryLines.append(EntryLine(account: creditAccounts[counter % creditAccounts.count], currency: entity.currency,
                                        amountMinor: -total, reference: "REF-\(counter)", description: "bench line"))
            drafts.append(JournalEntryDraft(entity: entity.code, date: date, description: "bench entry \(counter)",
                                            source: .fileImport, idempotencyKey: "bench-\(counter)", lines: entryLines))
        }
        return drafts
    }

    /// Posts `lines` generated lines into a fresh ledger file in `directory` with every check
    /// on, in batches of about `batchLines`, then inserts as many rows into a bare table
    /// (no index, no check) through one prepared statement of the SQLite C API: the ceiling.
    /// `progress` is told the lines posted so far after each batch (and once more when the
    /// ceiling has been measured).
    public static func post(lines: Int, batchLines: Int, directory: String, group: GroupDefinition,
                            seed: UInt64 = 1, progress: (_ linesDone: Int) -> Void = { _ in }) throws -> PostBenchmarkResult {
        let drafts = journal(lines: lines, group: group, seed: seed)
        let ledgerPath = directory + "/bench-post.db"
        let store = try LedgerStore.create(at: ledgerPath, group: group, clock: .fixed("2026-01-01T00:00:00Z"))
        let batches = split(drafts, batchLines: batchLines)
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            var done = 0
            for batch in batches {
                done += try store.post(batch, actor: "system", batch: "bench").linesPosted
                progress(done)
            }
        }
        try store.close()
        let ceiling = try bareInsert(drafts, batches: batches.map(\.count), path: directory + "/bench-ceiling.db")
        progress(lines)
        let seconds = elapsed.seconds
        return PostBenchmarkResult(lines: lines, entries: drafts.count, batchLines: batchLines, seconds: seconds,
                                   linesPerSecond: Double(lines) / seconds, ceilingSeconds: ceiling,
                                   ceilingLinesPerSecond: Double(lines) / ceiling, ratio: ceiling / seconds)
    }

    /// Stores `lines` generated lines, then times every entity's trial balance at 2026-12.
    /// `progress` is told the lines stored so far while the ledger is built.
    public static func trialBalance(lines: Int, directory: String, group: GroupDefinition, seed: UInt64 = 1,
                                    progress: (_ linesDone: Int) -> Void = { _ in }) throws -> TrialBalanceBenchmarkResult {
        let drafts = journal(lines: lines, group: group, seed: seed)
        let store = try LedgerStore.create(at: directory + "/bench-tb.db", group: group, clock: .fixed("2026-01-01T00:00:00Z"))
        var done = 0
        for batch in split(drafts, batchLines: 200_000) {
            done += try store.post(batch, actor: "system", batch: "bench").linesPosted
            progress(done)
        }
        let period = try PeriodID(parsing: "2026-12")
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for entity in group.entities { _ = try store.trialBalance(entity: entity.code, period: period) }
        }
        let recompute = try clock.measure {
            _ = try store.read { db in
                try Row.fetchAll(db, sql: """
                    -- The bench's own lines (at most 5,000,000 of at most 2.5 * 10^7): no SUM can overflow.
                    SELECT e.entity, l.account, SUM(CASE WHEN l.functional_amount > 0 THEN l.functional_amount ELSE 0 END),
                           SUM(CASE WHEN l.functional_amount < 0 THEN -l.functional_amount ELSE 0 END)
                    FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
                    WHERE e.state = 'posted' AND e.date <= '2026-12-31' GROUP BY e.entity, l.account
                    """)
            }
        }
        try store.close()
        return TrialBalanceBenchmarkResult(lines: lines, entities: group.entities.count, seconds: elapsed.seconds,
                                           recomputeSeconds: recompute.seconds)
    }

    static func split(_ drafts: [JournalEntryDraft], batchLines: Int) -> [[JournalEntryDraft]] {
        var batches: [[JournalEntryDraft]] = [[]]
        var count = 0
        for draft in drafts {
            if count >= batchLines {
                batches.append([])
                count = 0
            }
            batches[batches.count - 1].append(draft)
            count += draft.lines.count
        }
        return batches
    }

    /// The physical ceiling: one prepared INSERT into a table with no key, index or check,
    /// in transactions of the same size as the posting batches, with the same pragmas.
    private static func bareInsert(_ drafts: [JournalEntryDraft], batches: [Int], path: String) throws -> Double {
        var config = Configuration()
        // The ledger's own pragmas, so that only the schema and the checks differ.
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
        }
        let queue = try DatabaseQueue(path: path, configuration: config)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE bare (entry_id INTEGER, line_no INTEGER, account TEXT, currency TEXT, amount INTEGER,
                                   functional_amount INTEGER, partner TEXT, reference TEXT, description TEXT)
                """)
        }
        let clock = ContinuousClock()
        var offset = 0
        let elapsed = try clock.measure {
            for size in batches {
                try queue.write { db in
                    let insert = try RawStatement(db, "INSERT INTO bare VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    for (index, draft) in drafts[offset..<(offset + size)].enumerated() {
                        for (lineIndex, line) in draft.lines.enumerated() {
                            insert.bind(1, Int64(offset + index))
                            insert.bind(2, Int64(lineIndex + 1))
                            insert.bind(3, line.account)
                            insert.bind(4, line.currency.code)
                            insert.bind(5, line.amountMinor)
                            insert.bind(6, line.amountMinor)
                            insert.bind(7, line.partner)
                            insert.bind(8, line.reference)
                            insert.bind(9, line.description)
                            try insert.execute(db)
                        }
                    }
                }
                offset += size
            }
        }
        try queue.close()
        return elapsed.seconds
    }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}

public struct VerifyBenchmarkResult: Sendable, Codable {
    public var lines: Int
    public var entries: Int
    public var events: Int
    /// Building the ledger (posting every line with every check), not part of the figure.
    public var buildSeconds: Double
    /// `verifyAudit` over the whole ledger, reopened from its file.
    public var seconds: Double
    public var linesPerSecond: Double
    /// The processor time it took, every thread counted (on a shared machine, what the wall
    /// clock would show on a quiet one, give or take the second thread's overlap).
    public var cpuSeconds: Double
    public var batchLines: Int
}

extension Benchmarks {
    /// Posts `lines` generated lines in batches of `batchLines` (one `entries.posted` seal each)
    /// after a year of daily spot rates for each entity's currency (rows the audit seals too),
    /// reopens the file and times `verifyAudit`.
    /// `progress` is told the lines posted so far while the ledger is built.
    public static func verify(lines: Int, batchLines: Int = 200_000, directory: String, group: GroupDefinition,
                              seed: UInt64 = 1, progress: (_ linesDone: Int) -> Void = { _ in }) throws -> VerifyBenchmarkResult {
        let drafts = journal(lines: lines, group: group, seed: seed)
        let path = directory + "/bench-verify.db"
        let clock = ContinuousClock()
        let build = try clock.measure {
            let store = try LedgerStore.create(at: path, group: group, clock: .fixed("2026-01-01T00:00:00Z"))
            try store.importRates(yearOfRates(group), actor: "system", source: "bench")
            var done = 0
            for batch in split(drafts, batchLines: batchLines) {
                done += try store.post(batch, actor: "system", batch: "bench").linesPosted
                progress(done)
            }
            try store.close()
        }
        let store = try LedgerStore.open(at: path, clock: .fixed("2026-01-01T00:00:00Z"))
        defer { try? store.close() }
        var verification = AuditVerification()
        let cpuBefore = processorSeconds()
        let elapsed = try clock.measure { verification = try store.verifyAudit() }
        let cpu = processorSeconds() - cpuBefore
        guard verification.isIntact else {
            throw LedgerError(.auditBroken, "the benchmark's ledger does not verify: \(verification.firstProblem ?? "")")
        }
        return VerifyBenchmarkResult(lines: verification.linesChecked, entries: verification.entriesChecked,
                                     events: verification.eventsChecked, buildSeconds: build.seconds,
                                     seconds: elapsed.seconds, linesPerSecond: Double(verification.linesChecked) / elapsed.seconds,
                                     cpuSeconds: cpu, batchLines: batchLines)
    }

    /// Processor time of the whole process so far, every thread counted.
    static func processorSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// A spot rate for every day of 2026 from each entity's currency to the group's.
    static func yearOfRates(_ group: GroupDefinition) -> [RateQuote] {
        let currencies = Set(group.entities.map(\.currency)).subtracting([group.currency]).sorted()
        let first = try! CalendarDate(year: 2026, month: 1, day: 1)
        return currencies.flatMap { currency in
            (0..<365).map { offset in
                RateQuote(date: first.adding(days: offset), from: currency, to: group.currency,
                          rate: try! ExchangeRate(parsing: "1.\(1000 + offset)"), type: .spot)
            }
        }
    }
}
