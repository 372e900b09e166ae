import Foundation
import GRDB
import PropertyBased
import Testing
import LedgerCore
import LedgerStore

/// Random sequences of operations (posts, reversals, rate imports, period transitions and
/// replays, at least a fifth of them invalid by construction) against a model of what the
/// store must do. After every step: each entity's net per currency is zero, a refused
/// operation changed nothing, document numbers are 1...n per entity and fiscal year, and the
/// audit chain verifies.
///
/// Each sequence is generated from one UInt64 seed by a SplitMix64 generator, so a failure
/// names its seed; replay it with `CLOSE_LEDGER_SEED=<seed> swift test --filter replaySeed`.
@Suite("Property: random operation sequences")
struct LedgerPropertyTests {
    static let sequences = 1_000

    /// Shrinking is off: a smaller seed is just another sequence, not a simpler one.
    @Test("Property: random operation sequences keep invariants 4, 10, 12 and 13 after every step", .shrinking(false))
    func randomSequences() async throws {
        let template = try LedgerTemplate()
        var totals = SequenceStats()
        let started = Date()
        await propertyCheck(count: Self.sequences, input: Gen<UInt64>.value()) { seed in
            let stats = try runSequence(seed: seed, template: template)
            totals.add(stats)
        }
        let seconds = Date().timeIntervalSince(started)
        print("property: \(totals.sequences) sequences, \(totals.operations) operations, \(totals.refused) refused (\(totals.refusedPercent)%) of \(totals.kinds.count) kinds, \(totals.posted) entries posted, \(totals.reposts) replays, in \(String(format: "%.1f", seconds)) s")
        #expect(totals.sequences == Self.sequences)
        #expect(totals.refused * 5 >= totals.operations, "only \(totals.refused) of \(totals.operations) operations were invalid")
        #expect(totals.refused * 5 <= totals.operations * 3, "too many invalid operations: \(totals.refused) of \(totals.operations)")
        #expect(totals.posted > totals.sequences, "too few entries posted: \(totals.posted)")
        #expect(totals.kinds.count >= 20, "refusal kinds seen: \(totals.kinds.sorted())")
    }

    @Test("Property: fixed seeds replay the same sequence (and stay green)", arguments: [0, 1, 42, 20_260_501, UInt64.max] as [UInt64])
    func fixedSeeds(_ seed: UInt64) throws {
        let template = try LedgerTemplate()
        let first = try runSequence(seed: seed, template: template)
        let second = try runSequence(seed: seed, template: template)
        #expect(first == second, "the same seed must give the same sequence")
        #expect(first.operations >= 5)
    }

    @Test("Property: replay one seed from CLOSE_LEDGER_SEED", .enabled(if: ProcessInfo.processInfo.environment["CLOSE_LEDGER_SEED"] != nil))
    func replaySeed() throws {
        let seed = try #require(UInt64(ProcessInfo.processInfo.environment["CLOSE_LEDGER_SEED"] ?? ""))
        let stats = try runSequence(seed: seed, template: LedgerTemplate(), verbose: true)
        print(stats)
    }
}

// MARK: - Running one sequence

struct SequenceStats: Equatable, CustomStringConvertible {
    var sequences = 0
    var operations = 0
    var refused = 0
    var posted = 0
    var reposts = 0
    var kinds: Set<String> = []

    var refusedPercent: Int { operations == 0 ? 0 : refused * 100 / operations }

    mutating func add(_ other: SequenceStats) {
        sequences += other.sequences
        operations += other.operations
        refused += other.refused
        posted += other.posted
        reposts += other.reposts
        kinds.formUnion(other.kinds)
    }

    var description: String { "\(operations) operations, \(refused) refused, \(posted) posted, kinds \(kinds.sorted())" }
}

/// One empty ledger created once; each sequence starts from a copy of its file, which is
/// much cheaper than running the migration and saving the group every time.
final class LedgerTemplate: Sendable {
    static let group = Fixture.group(fiscalYearStartMonth: 7)
    let directory: String
    let file: String

    init() throws {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        directory = (base as NSString).appendingPathComponent("close-ledger-property-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        file = (directory as NSString).appendingPathComponent("template.db")
        let store = try LedgerStore.create(at: file, group: Self.group, clock: Fixture.clock)
        try store.close()
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func copy(to path: String) throws {
        try FileManager.default.copyItem(atPath: file, toPath: path)
    }
}

struct SequenceFailure: Error, CustomStringConvertible {
    var description: String
}

/// Generates and runs one sequence of 5 to 15 operations; records an issue (with the seed and
/// the steps so far) at the first broken expectation.
@discardableResult
func runSequence(seed: UInt64, template: LedgerTemplate, verbose: Bool = false) throws -> SequenceStats {
    let path = (template.directory as NSString).appendingPathComponent("seq-\(seed)-\(UUID().uuidString).db")
    try template.copy(to: path)
    defer {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
    let store = try LedgerStore.open(at: path, clock: Fixture.clock)
    defer { try? store.close() }
    var readerConfiguration = Configuration()
    readerConfiguration.readonly = true
    let reader = try DatabaseQueue(path: path, configuration: readerConfiguration)
    defer { try? reader.close() }

    var rng = SplitMix64(seed: seed)
    var model = LedgerModel(group: store.group)
    var stats = SequenceStats(sequences: 1)
    var log: [String] = []
    let count = rng.int(5...15)

    func fail(_ message: String) {
        let steps = log.enumerated().map { "  \($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        Issue.record("seed \(seed), step \(log.count): \(message)\nsteps:\n\(steps)")
    }

    for _ in 0..<count {
        let step = model.nextStep(&rng)
        log.append(step.description)
        if verbose { print("step \(log.count): \(step)") }
        stats.operations += 1
        // Fingerprints are only needed around a step that must be refused (a step expected to
        // succeed that is refused fails on its own below).
        let before = step.expected == .success ? nil : try CheapFingerprint(reader)
        let outcome: Result<StepResult, LedgerError>
        do {
            outcome = .success(try step.operation.run(on: store))
        } catch let error as LedgerError {
            outcome = .failure(error)
        } catch {
            fail("not a LedgerError: \(error)")
            return stats
        }
        switch (step.expected, outcome) {
        case (.success, .success(let result)):
            do {
                try model.apply(step.operation, result: result)
            } catch {
                fail("the store's result disagrees with the model: \(error)")
                return stats
            }
            stats.posted += result.posted.count
            if case .post = step.operation, result.skipped > 0 { stats.reposts += 1 }
        case (.refused(let code), .failure(let error)) where error.code == code:
            stats.refused += 1
            stats.kinds.insert(step.kind)
            let after = try CheapFingerprint(reader)
            if let before, after != before {
                fail("refused (\(code.rawValue)) but the database changed:\nbefore \(before)\nafter  \(after)")
                return stats
            }
        case (.success, .failure(let error)):
            fail("expected success, got \(error.code.rawValue): \(error)")
            return stats
        case (.refused(let code), .failure(let error)):
            fail("expected \(code.rawValue), got \(error.code.rawValue): \(error)")
            return stats
        case (.refused(let code), .success):
            fail("expected \(code.rawValue), but the operation succeeded")
            return stats
        }

        // Invariant 4: every entity's books balance per currency and in functional currency.
        for entity in model.group.entities {
            let nets = try store.netByCurrency(entity: entity.code)
            guard nets.values.allSatisfy({ $0 == 0 }) else {
                fail("\(entity.code) does not net to zero: \(nets)")
                return stats
            }
        }
        // Invariant 10: numbers 1...n per entity and fiscal year, matching the sequence table.
        let (numbering, events) = try reader.read { db in
            (try Row.fetchAll(db, sql: """
                SELECT e.entity, e.fiscal_year, COUNT(*) AS n, COUNT(DISTINCT e.document_number) AS d,
                       MIN(e.document_number) AS lo, MAX(e.document_number) AS hi,
                       (SELECT last_number FROM document_sequence s WHERE s.entity = e.entity AND s.fiscal_year = e.fiscal_year) AS seq
                FROM journal_entry e WHERE e.state = 'posted' GROUP BY e.entity, e.fiscal_year
                """), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event") ?? -1)
        }
        for row in numbering {
            let n: Int64 = row["n"]
            guard row["d"] as Int64 == n, row["lo"] as Int64 == 1, row["hi"] as Int64 == n, row["seq"] as Int64? == n else {
                fail("document numbers are not 1...n: \(row)")
                return stats
            }
        }
        // Invariant 13 (and 5): the chain verifies and covers exactly the model's entries.
        let verification = try store.verifyAudit()
        guard verification.isIntact, verification.entriesChecked == model.entries.count,
              verification.eventsChecked == events else {
            fail("audit: \(verification), model has \(model.entries.count) entries, table \(events) events")
            return stats
        }
    }
    // At the end: period states and stored rates are what the model says.
    for period in LedgerModel.periods {
        let states = try store.periodStatus(period).map(\.state)
        let expected = model.group.entities.map { model.state($0.code, period) }
        if states != expected { fail("period \(period) states \(states), model \(expected)") }
    }
    let storedRates = try store.rates().count
    if storedRates != model.rates.count { fail("\(storedRates) rates stored, model has \(model.rates.count)") }
    return stats
}

/// Row counts, the audit head and the content of the small mutable tables, in one query.
struct CheapFingerprint: Equatable, CustomStringConvertible {
    var values: [String]

    init(_ reader: DatabaseQueue) throws {
        let row = try reader.read { db in
            try Row.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM journal_entry), (SELECT COUNT(*) FROM journal_line),
                       (SELECT COUNT(*) FROM audit_event),
                       (SELECT hex(hash) FROM audit_event ORDER BY seq DESC LIMIT 1),
                       (SELECT group_concat(x, ';') FROM (SELECT entity || ' ' || period || ' ' || account || ' ' || currency || ' ' ||
                            debit || ' ' || credit || ' ' || functional_debit || ' ' || functional_credit AS x FROM balance ORDER BY 1)),
                       (SELECT group_concat(x, ';') FROM (SELECT entity || ' ' || period || ' ' || state AS x FROM period ORDER BY 1)),
                       (SELECT group_concat(x, ';') FROM (SELECT date || ' ' || from_currency || ' ' || to_currency || ' ' || type || ' ' || rate AS x FROM fx_rate ORDER BY 1)),
                       (SELECT group_concat(x, ';') FROM (SELECT entity || ' ' || fiscal_year || ' ' || last_number AS x FROM document_sequence ORDER BY 1)),
                       (SELECT MAX(id) FROM journal_entry)
                """)
        }
        guard let row else { throw SequenceFailure(description: "no fingerprint row") }
        values = row.databaseValues.map(\.description)
    }

    var description: String { values.joined(separator: " | ") }
}

// MARK: - The model

/// A deterministic generator (SplitMix64): the same seed gives the same sequence on every machine.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func int64(_ range: ClosedRange<Int64>) -> Int64 { range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1)) }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

enum Expected: Equatable {
    case success
    case refused(LedgerError.Code)

    var label: String {
        switch self {
        case .success: "success"
        case .refused(let code): code.rawValue
        }
    }
}

enum Operation: CustomStringConvertible {
    case post([JournalEntryDraft], actor: String)
    case reverse(reference: String, date: CalendarDate?, reason: String, actor: String)
    case importRates([RateQuote], actor: String)
    case setPeriod(PeriodID, PeriodState, entity: String?, reason: String?, actor: String)

    func run(on store: LedgerStore) throws -> StepResult {
        switch self {
        case .post(let drafts, let actor):
            let summary = try store.post(drafts, actor: actor, batch: "property")
            return StepResult(posted: summary.posted, skipped: summary.entriesSkipped)
        case .reverse(let reference, let date, let reason, let actor):
            let ref = try store.reverse(reference, actor: actor, reason: reason, date: date)
            // The key the ledger gives a reversal is its own business: read it back.
            return StepResult(posted: [ref], reversalKey: try store.entry(ref.document).idempotencyKey)
        case .importRates(let quotes, let actor):
            let summary = try store.importRates(quotes, actor: actor)
            return StepResult(ratesImported: summary.imported, ratesUnchanged: summary.unchanged)
        case .setPeriod(let period, let target, let entity, let reason, let actor):
            guard target == .open else {
                return StepResult(transitions: try store.setPeriodState(period, to: target, entity: entity, actor: actor, reason: reason))
            }
            // Reopening is governed: the controller asks and the CFO confirms (the store has no
            // one-person way back to open).
            _ = try store.reopenPeriod(period, entity: entity, actor: "bob", reason: reason ?? "")
            guard case .reopened(let transitions) = try store.reopenPeriod(period, entity: entity, actor: "carol", reason: reason ?? "") else {
                throw SequenceFailure(description: "a controller's request and the CFO's confirmation did not reopen \(period)")
            }
            return StepResult(transitions: transitions)
        }
    }

    var description: String {
        switch self {
        case .post(let drafts, let actor):
            let parts = drafts.map { draft in
                "\(draft.idempotencyKey) \(draft.entity) \(draft.date) \(draft.source) [" + draft.lines.map { line in
                    "\(line.account) \(line.amountMinor) \(line.currency)\(line.partner.map { " p:\($0)" } ?? "")"
                }.joined(separator: ", ") + "]"
            }
            return "post by \(actor): " + parts.joined(separator: "; ")
        case .reverse(let reference, let date, let reason, let actor):
            return "reverse \(reference) date \(date.map(\.description) ?? "original") reason '\(reason)' by \(actor)"
        case .importRates(let quotes, let actor):
            return "rates by \(actor): " + quotes.map { "\($0.date) \($0.from)->\($0.to) \($0.rate)" }.joined(separator: ", ")
        case .setPeriod(let period, let target, let entity, let reason, let actor):
            return "period \(period) of \(entity ?? "all") -> \(target.rawValue) reason '\(reason ?? "nil")' by \(actor)"
        }
    }
}

struct StepResult {
    var posted: [PostedEntryRef] = []
    var reversalKey = ""
    var skipped = 0
    var ratesImported = 0
    var ratesUnchanged = 0
    var transitions: [PeriodTransition] = []
}

struct Step: CustomStringConvertible {
    var operation: Operation
    var expected: Expected
    /// What makes it invalid (or "valid"), for the statistics.
    var kind: String

    var description: String {
        let expectation = switch expected {
        case .success: "expect success"
        case .refused(let code): "expect \(code.rawValue) (\(kind))"
        }
        return "\(operation) -> \(expectation)"
    }
}

struct ModelEntry {
    var id: Int64
    var document: String
    var key: String
    var entity: String
    var date: CalendarDate
    var source: EntrySource
    var draft: JournalEntryDraft?
    /// Foreign currency -> canonical rate used for its functional amounts.
    var ratesUsed: [String: String]
    var isReversal: Bool
    var reversed = false
}

struct RateKey: Hashable {
    var from: String
    var to: String
    var date: CalendarDate
}

/// What the store must hold after each successful operation, and what each generated
/// operation must do.
struct LedgerModel {
    static let periods = ["2026-05", "2026-06", "2026-07", "2026-08"].map(period)
    static let writers = ["alice", "bob", "carol"]
    /// Who moves periods: the roles the default policy gives the lock task.
    static let periodWriters = ["bob", "carol"]
    static let rateRanges: [String: ClosedRange<Int64>] = [
        // Rate mantissas with 4 decimals (JPY->x with 6).
        "EUR>USD": 10_500...11_500, "USD>EUR": 8_700...9_500, "USD>JPY": 1_400_000...1_600_000,
        "EUR>JPY": 1_500_000...1_750_000, "JPY>USD": 6_200...7_000, "JPY>EUR": 5_700...6_700,
    ]

    let group: GroupDefinition
    var periodStates: [String: PeriodState] = [:]
    var entries: [ModelEntry] = []
    var rates: [RateKey: String] = [:]
    var lastNumbers: [String: Int64] = [:]
    var nextKey = 1

    init(group: GroupDefinition) { self.group = group }

    func state(_ entity: String, _ period: PeriodID) -> PeriodState { periodStates["\(entity)/\(period)"] ?? .open }

    func accepts(_ entity: String, _ period: PeriodID, _ source: EntrySource) -> Bool {
        switch state(entity, period) {
        case .open: true
        case .softClosed: source.isCloseProcess
        case .closed: false
        }
    }

    /// The spot rate the store will use: stored, else the inverse, else a cross rate via the
    /// group currency (`RateResolver`), each quote the latest on or up to 7 days before `date`.
    func spotRate(_ from: Currency, _ to: Currency, _ date: CalendarDate) -> String? {
        let quote = { (a: Currency, b: Currency) -> ExchangeRate? in
            rates.filter { $0.key.from == a.code && $0.key.to == b.code && $0.key.date <= date && date.dayNumber - $0.key.date.dayNumber <= 7 }
                .max { $0.key.date < $1.key.date }.map { try! ExchangeRate(parsing: $0.value) }  // stored text parses
        }
        return RateResolver.resolve(from: from, to: to, via: group.currency, find: quote)?.description
    }

    func predictedDocument(_ entity: String, _ date: CalendarDate, extra: [String: Int64]) -> (key: String, number: Int64) {
        let fiscalYear = date.period.fiscalYear(startMonth: group.fiscalYearStartMonth)
        let key = "\(entity)/\(fiscalYear)"
        return (key, (lastNumbers[key] ?? 0) + (extra[key] ?? 0) + 1)
    }

    mutating func freshKey() -> String {
        defer { nextKey += 1 }
        return "k\(nextKey)"
    }

    // MARK: Applying a successful step

    mutating func apply(_ operation: Operation, result: StepResult) throws {
        switch operation {
        case .post(let drafts, _):
            var posted = result.posted[...]
            var skipped = 0
            for draft in drafts {
                if entries.contains(where: { $0.key == draft.idempotencyKey }) {
                    skipped += 1
                    continue
                }
                guard let ref = posted.popFirst() else { throw SequenceFailure(description: "\(draft.idempotencyKey) was not posted") }
                try record(ref, key: draft.idempotencyKey, entity: draft.entity, date: draft.date, source: draft.source,
                           draft: draft, ratesUsed: ratesUsed(draft), isReversal: false)
            }
            guard posted.isEmpty, skipped == result.skipped else {
                throw SequenceFailure(description: "posted \(result.posted.count) skipped \(result.skipped), model skipped \(skipped)")
            }
        case .reverse(let reference, let date, _, _):
            guard let index = entries.firstIndex(where: { $0.document == reference || $0.key == reference || String($0.id) == reference }),
                  let ref = result.posted.first else { throw SequenceFailure(description: "no entry \(reference) in the model") }
            entries[index].reversed = true
            let original = entries[index]
            try record(ref, key: result.reversalKey, entity: original.entity, date: date ?? original.date,
                       source: .reversal, draft: nil, ratesUsed: [:], isReversal: true)
        case .importRates(let quotes, _):
            var imported = 0
            for quote in quotes {
                let key = RateKey(from: quote.from.code, to: quote.to.code, date: quote.date)
                guard quote.type == .spot else { continue }
                if rates[key] == nil { imported += 1 }
                rates[key] = quote.rate.description
            }
            guard imported == result.ratesImported else {
                throw SequenceFailure(description: "imported \(result.ratesImported), model \(imported)")
            }
        case .setPeriod(let period, let target, let entity, _, _):
            let codes = entity.map { [$0] } ?? group.entities.map(\.code)
            let expected = codes.map { "\($0) \(state($0, period).rawValue)->\(target.rawValue)" }
            let actual = result.transitions.map { "\($0.entity) \($0.from.rawValue)->\($0.to.rawValue)" }
            guard expected == actual else { throw SequenceFailure(description: "transitions \(actual), model \(expected)") }
            for code in codes { periodStates["\(code)/\(period)"] = target }
        }
    }

    private mutating func record(_ ref: PostedEntryRef, key: String, entity: String, date: CalendarDate, source: EntrySource,
                                 draft: JournalEntryDraft?, ratesUsed: [String: String], isReversal: Bool) throws {
        let predicted = predictedDocument(entity, date, extra: [:])
        let document = DocumentNumber.format(entity: entity, fiscalYear: date.period.fiscalYear(startMonth: group.fiscalYearStartMonth), number: predicted.number)
        guard ref.document == document, ref.entity == entity else {
            throw SequenceFailure(description: "\(key) posted as \(ref.document), model expected \(document)")
        }
        lastNumbers[predicted.key] = predicted.number
        entries.append(ModelEntry(id: ref.id, document: ref.document, key: key, entity: entity, date: date, source: source,
                                  draft: draft, ratesUsed: ratesUsed, isReversal: isReversal))
    }

    func ratesUsed(_ draft: JournalEntryDraft) -> [String: String] {
        let functional = Fixture.currency(of: draft.entity)
        var used: [String: String] = [:]
        for line in draft.lines where line.currency != functional && line.functionalMinor == nil {
            used[line.currency.code] = spotRate(line.currency, functional, draft.date)
        }
        return used
    }

    // MARK: Generating a step

    mutating func nextStep(_ rng: inout SplitMix64) -> Step {
        let invalid = rng.chance(33)
        for _ in 0..<8 {
            let roll = rng.int(0...99)
            let step: Step?
            switch roll {
            case 0..<45: step = invalid ? invalidPost(&rng) : validPost(&rng)
            case 45..<60: step = invalid ? invalidReverse(&rng) : validReverse(&rng)
            case 60..<72: step = rateImport(&rng, invalid: invalid)
            case 72..<88: step = invalid ? invalidTransition(&rng) : validTransition(&rng)
            default: step = replay(&rng, samePayload: !invalid)
            }
            if let step { return step }
        }
        return rateImport(&rng, invalid: false)!
    }

    func randomDate(_ rng: inout SplitMix64, in period: PeriodID) -> CalendarDate {
        try! CalendarDate(year: period.year, month: period.month, day: rng.int(1...CalendarDate.daysIn(year: period.year, month: period.month)))
    }

    func randomSource(_ rng: inout SplitMix64) -> EntrySource {
        rng.pick([EntrySource.fileImport, .manual, .agent("fx-reval"), .agent("accruals")])
    }

    /// A valid draft for `entity` on `date` (its period's state is not checked here).
    mutating func draft(_ rng: inout SplitMix64, entity: String, date: CalendarDate, source: EntrySource) -> JournalEntryDraft {
        let currency = Fixture.currency(of: entity)
        let others = Fixture.entityCodes.filter { $0 != entity }
        func account(_ candidates: [String]) -> (String, String?) {
            let code = rng.pick(candidates)
            return (code, code == "1150" || code == "2150" ? rng.pick(others) : nil)
        }
        var lines: [EntryLine] = []
        let amount = rng.int64(100...5_000_000)
        let (debit, debitPartner) = account(["1000", "1100", "5000", "1150"])
        lines.append(line(debit, amount, currency, partner: debitPartner))
        let (credit, creditPartner) = account(["4000", "2000", "3000", "2150"])
        if amount >= 2, rng.chance(40) {
            let part = rng.int64(1...(amount - 1))
            lines.append(line(credit, -part, currency, partner: creditPartner))
            lines.append(line("4000", -(amount - part), currency))
        } else {
            lines.append(line(credit, -amount, currency, partner: creditPartner))
        }
        if rng.chance(40) {
            let foreign = Fixture.currency(of: rng.pick(others))
            if spotRate(foreign, currency, date) != nil {
                lines.append(contentsOf: foreignLines(&rng, foreign))
            }
        }
        lines.shuffle(using: &rng)
        return JournalEntryDraft(entity: entity, date: date, description: "generated", source: source,
                                 idempotencyKey: freshKey(), lines: lines)
    }

    func foreignLines(_ rng: inout SplitMix64, _ foreign: Currency) -> [EntryLine] {
        let amount = rng.int64(1_000...2_000_000)
        if amount >= 2_000, rng.chance(50) {
            let part = rng.int64(1_000...(amount - 1_000))
            return [line("5000", part, foreign), line("1100", amount - part, foreign), line("1000", -amount, foreign)]
        }
        return [line("5000", amount, foreign), line("1000", -amount, foreign)]
    }

    /// A draft that will post: an entity, source and period that accept it.
    mutating func acceptedDraft(_ rng: inout SplitMix64) -> JournalEntryDraft? {
        for _ in 0..<6 {
            let entity = rng.pick(Fixture.entityCodes)
            let source = randomSource(&rng)
            let open = Self.periods.filter { accepts(entity, $0, source) }
            guard !open.isEmpty else { continue }
            let date = randomDate(&rng, in: rng.pick(open))
            return draft(&rng, entity: entity, date: date, source: source)
        }
        return nil
    }

    mutating func validPost(_ rng: inout SplitMix64) -> Step? {
        var drafts: [JournalEntryDraft] = []
        for _ in 0..<(rng.chance(25) ? rng.int(2...3) : 1) {
            guard let draft = acceptedDraft(&rng) else { break }
            drafts.append(draft)
        }
        guard !drafts.isEmpty else { return nil }
        return Step(operation: .post(drafts, actor: rng.pick(Self.writers)), expected: .success, kind: "valid post")
    }

    mutating func invalidPost(_ rng: inout SplitMix64) -> Step? {
        guard var bad = acceptedDraft(&rng) else { return nil }
        let functional = Fixture.currency(of: bad.entity)
        let index = rng.int(0...(bad.lines.count - 1))
        let code: LedgerError.Code
        let kind: String
        switch rng.int(0...12) {
        case 0:
            guard let at = bad.lines.firstIndex(where: { $0.currency == functional }) else { return nil }
            bad.lines[at].amountMinor += bad.lines[at].amountMinor > 0 ? 1 : -1
            (code, kind) = (.unbalanced, "post unbalanced")
        case 1:
            bad.lines[index].amountMinor = 0
            (code, kind) = (.invalidAmount, "post zero line")
        case 2:
            bad.lines = [bad.lines[index]]
            (code, kind) = (.invalidEntry, "post one line")
        case 3:
            bad.lines[index].account = rng.pick(["9999", "4001", "", "1000 "])
            (code, kind) = (.unknownAccount, "post unknown account")
        case 4:
            bad.lines[index].account = "5999"
            (code, kind) = (.invalidEntry, "post closed account")
        case 5:
            bad.lines[index].account = rng.pick(["1150", "2150"])
            bad.lines[index].partner = nil
            (code, kind) = (.missingPartner, "post missing partner")
        case 6:
            bad.lines[index].account = "1150"
            bad.lines[index].partner = bad.entity
            (code, kind) = (.invalidEntry, "post partner is own entity")
        case 7:
            bad.entity = rng.pick(["XX01", "us01", ""])
            (code, kind) = (.unknownEntity, "post unknown entity")
        case 8:
            // A foreign currency without a usable rate on the entry's date.
            let candidates = Fixture.entityCodes.map(Fixture.currency).filter { $0 != functional && spotRate($0, functional, bad.date) == nil }
            guard !candidates.isEmpty else { return nil }
            bad.lines.append(contentsOf: foreignLines(&rng, rng.pick(candidates)))
            (code, kind) = (.missingRate, "post missing rate")
        case 9:
            // A period that does not accept the source.
            let entity = rng.pick(Fixture.entityCodes)
            let source = randomSource(&rng)
            let refusing = Self.periods.filter { !accepts(entity, $0, source) }
            guard !refusing.isEmpty else { return nil }
            bad = draft(&rng, entity: entity, date: randomDate(&rng, in: rng.pick(refusing)), source: source)
            (code, kind) = (.periodClosed, "post into \(state(entity, bad.date.period).rawValue) period")
        case 11:
            // Keys starting with the reserved prefix belong to the ledger's own entries.
            bad.idempotencyKey = EntryRules.reservedKeyPrefix + bad.idempotencyKey
            (code, kind) = (.invalidEntry, "post reserved key")
        case 10:
            let actor = rng.pick(["mallory", "dave"])
            return Step(operation: .post([bad], actor: actor), expected: .refused(actor == "dave" ? .notPermitted : .unknownUser),
                        kind: "post by \(actor)")
        default:
            // Good entries first, the bad one last: the batch posts nothing.
            var drafts: [JournalEntryDraft] = []
            for _ in 0..<rng.int(1...2) {
                if let good = acceptedDraft(&rng) { drafts.append(good) }
            }
            bad.lines[0].amountMinor = 0
            drafts.append(bad)
            return Step(operation: .post(drafts, actor: rng.pick(Self.writers)), expected: .refused(.invalidAmount), kind: "batch with bad last entry")
        }
        return Step(operation: .post([bad], actor: rng.pick(Self.writers)), expected: .refused(code), kind: kind)
    }

    func reference(_ rng: inout SplitMix64, _ entry: ModelEntry) -> String {
        switch rng.int(0...2) {
        case 0: entry.document
        case 1: entry.key
        default: String(entry.id)
        }
    }

    func validReverse(_ rng: inout SplitMix64) -> Step? {
        let candidates = entries.filter { !$0.isReversal && !$0.reversed }
        guard !candidates.isEmpty else { return nil }
        let original = rng.pick(candidates)
        // A reversal is never dated before its original.
        let openPeriods = Self.periods.filter { state(original.entity, $0) == .open && $0 >= original.date.period }
        var date: CalendarDate?
        if state(original.entity, original.date.period) != .open || rng.chance(30) {
            guard !openPeriods.isEmpty else { return nil }
            date = max(original.date, randomDate(&rng, in: rng.pick(openPeriods)))
        }
        return Step(operation: .reverse(reference: reference(&rng, original), date: date, reason: "correction", actor: rng.pick(Self.writers)),
                    expected: .success, kind: "valid reverse")
    }

    func invalidReverse(_ rng: inout SplitMix64) -> Step? {
        let writer = rng.pick(Self.writers)
        switch rng.int(0...6) {
        case 6:
            let candidates = entries.filter { !$0.isReversal && !$0.reversed && $0.date.day > 1 }
            guard !candidates.isEmpty else { return nil }
            let original = rng.pick(candidates)
            let early = try! CalendarDate(year: original.date.year, month: original.date.month, day: rng.int(1...(original.date.day - 1)))
            return Step(operation: .reverse(reference: reference(&rng, original), date: early, reason: "backdated", actor: writer),
                        expected: .refused(.invalidEntry), kind: "reverse dated before the original")
        case 0:
            return Step(operation: .reverse(reference: rng.pick(["US01-2026-999999", "no-such-key", "999999", ""]), date: nil, reason: "r", actor: writer),
                        expected: .refused(.unknownEntry), kind: "reverse unknown entry")
        case 1:
            guard let done = entries.filter(\.reversed).first else { return nil }
            return Step(operation: .reverse(reference: reference(&rng, done), date: nil, reason: "again", actor: writer),
                        expected: .refused(.alreadyReversed), kind: "reverse twice")
        case 2:
            guard let reversal = entries.filter(\.isReversal).last else { return nil }
            return Step(operation: .reverse(reference: reference(&rng, reversal), date: nil, reason: "undo", actor: writer),
                        expected: .refused(.alreadyReversed), kind: "reverse a reversal")
        case 3:
            guard var step = validReverse(&rng), case .reverse(let reference, let date, _, let actor) = step.operation else { return nil }
            step.operation = .reverse(reference: reference, date: date, reason: rng.pick(["", "   "]), actor: actor)
            step.expected = .refused(.invalidEntry)
            step.kind = "reverse without reason"
            return step
        case 4:
            let candidates = entries.filter { !$0.isReversal && !$0.reversed }
            guard !candidates.isEmpty else { return nil }
            let original = rng.pick(candidates)
            let refusing = Self.periods.filter { state(original.entity, $0) != .open && $0 >= original.date.period }
            guard !refusing.isEmpty else { return nil }
            let target = rng.pick(refusing)
            let date: CalendarDate? = target == original.date.period && rng.chance(50) ? nil : max(original.date, randomDate(&rng, in: target))
            return Step(operation: .reverse(reference: reference(&rng, original), date: date, reason: "late", actor: writer),
                        expected: .refused(.periodClosed), kind: "reverse into \(state(original.entity, target).rawValue) period")
        default:
            guard let original = entries.first(where: { !$0.isReversal && !$0.reversed }) else { return nil }
            return Step(operation: .reverse(reference: original.document, date: nil, reason: "r", actor: "dave"),
                        expected: .refused(.notPermitted), kind: "reverse by auditor")
        }
    }

    func randomQuote(_ rng: inout SplitMix64) -> RateQuote {
        let pair = rng.pick(Self.rateRanges.keys.sorted())
        let codes = pair.split(separator: ">").map(String.init)
        let scale = codes[0] == "JPY" ? 6 : 4
        let mantissa = rng.int64(Self.rateRanges[pair]!)
        let date = try! CalendarDate(year: 2026, month: rng.int(4...8), day: rng.int(1...28))
        let rate = try! ExchangeRate(parsing: Decimal10.format(mantissa, scale: scale))
        return RateQuote(date: date, from: try! Currency(codes[0]), to: try! Currency(codes[1]), rate: rate)
    }

    func rateImport(_ rng: inout SplitMix64, invalid: Bool) -> Step? {
        var quotes: [RateQuote] = []
        var pending = rates
        for _ in 0..<rng.int(1...3) {
            var quote = randomQuote(&rng)
            let key = RateKey(from: quote.from.code, to: quote.to.code, date: quote.date)
            if let stored = pending[key] { quote.rate = try! ExchangeRate(parsing: stored) }   // re-import: unchanged
            pending[key] = quote.rate.description
            quotes.append(quote)
        }
        guard invalid else {
            return Step(operation: .importRates(quotes, actor: rng.pick(Self.writers)), expected: .success, kind: "valid rates")
        }
        if rng.chance(60), let (key, stored) = pending.sorted(by: { $0.key.date < $1.key.date }).first {
            var conflicting = try! ExchangeRate(parsing: stored)
            conflicting = try! ExchangeRate(parsing: Decimal10.format(conflicting.mantissa + 1, scale: conflicting.scale))
            quotes.append(RateQuote(date: key.date, from: try! Currency(key.from), to: try! Currency(key.to), rate: conflicting))
            return Step(operation: .importRates(quotes, actor: rng.pick(Self.writers)), expected: .refused(.invalidRate), kind: "rates conflicting")
        }
        if rng.chance(50) {
            quotes.append(RateQuote(date: quotes[0].date, from: quotes[0].from, to: quotes[0].from, rate: quotes[0].rate))
            return Step(operation: .importRates(quotes, actor: rng.pick(Self.writers)), expected: .refused(.invalidRate), kind: "rates same currency")
        }
        return Step(operation: .importRates(quotes, actor: "dave"), expected: .refused(.notPermitted), kind: "rates by auditor")
    }

    static func allowed(_ from: PeriodState, _ to: PeriodState) -> Bool {
        switch (from, to) {
        case (.open, .softClosed), (.softClosed, .closed), (.softClosed, .open), (.closed, .open): true
        default: from == to
        }
    }

    func validTransition(_ rng: inout SplitMix64) -> Step? {
        let randomPeriod = rng.pick(Self.periods)
        let actor = rng.pick(Self.periodWriters)
        if rng.chance(20) {
            // A governed reopening names only periods that are not open.
            let targets = PeriodState.allCases.filter { target in
                Fixture.entityCodes.allSatisfy { Self.allowed(state($0, randomPeriod), target) && !(target == .open && state($0, randomPeriod) == .open) }
            }
            guard !targets.isEmpty else { return nil }
            let target = rng.pick(targets)
            return Step(operation: .setPeriod(randomPeriod, target, entity: nil, reason: target == .open ? "reopen all" : nil, actor: actor),
                        expected: .success, kind: "valid transition (all)")
        }
        var (entity, period) = (rng.pick(Fixture.entityCodes), randomPeriod)
        // Half the time move a period that is already on its way to closed, so closed periods occur.
        let started = periodStates.filter { $0.value != .open }.keys.sorted()
        if !started.isEmpty, rng.chance(50) {
            let parts = rng.pick(started).split(separator: "/").map(String.init)
            (entity, period) = (parts[0], try! PeriodID(parsing: parts[1]))
        }
        let current = state(entity, period)
        // Mostly forward moves; reopening less often so that closed periods stay around.
        let targets: [PeriodState] = switch current {
        case .open: [.softClosed, .softClosed, .softClosed, .softClosed]
        case .softClosed: [.closed, .closed, .open, .softClosed]
        case .closed: [.open, .closed]
        }
        let target = rng.pick(targets)
        return Step(operation: .setPeriod(period, target, entity: entity, reason: target == .open ? "reopen" : rng.pick([nil, "cut-off"]), actor: actor),
                    expected: .success, kind: "valid transition")
    }

    func invalidTransition(_ rng: inout SplitMix64) -> Step? {
        let period = rng.pick(Self.periods)
        let actor = rng.pick(Self.periodWriters)
        let entity = rng.pick(Fixture.entityCodes)
        switch rng.int(0...5) {
        case 0:
            guard state(entity, period) == .open else { return nil }
            return Step(operation: .setPeriod(period, .closed, entity: entity, reason: nil, actor: actor), expected: .refused(.invalidTransition), kind: "transition open -> closed")
        case 1:
            guard state(entity, period) == .closed else { return nil }
            return Step(operation: .setPeriod(period, .softClosed, entity: entity, reason: "x", actor: actor), expected: .refused(.invalidTransition), kind: "transition closed -> soft-closed")
        case 2:
            return Step(operation: .setPeriod(period, .open, entity: rng.chance(80) ? entity : nil, reason: rng.pick([nil, "", " \t "]), actor: actor),
                        expected: .refused(.invalidTransition), kind: "reopen without reason")
        case 3:
            return Step(operation: .setPeriod(period, rng.pick(PeriodState.allCases), entity: rng.pick(["XX01", "de01"]), reason: "x", actor: actor),
                        expected: .refused(.unknownEntity), kind: "transition unknown entity")
        case 4:
            let targets = [PeriodState.softClosed, .closed].filter { target in !Fixture.entityCodes.allSatisfy { Self.allowed(state($0, period), target) } }
            guard !targets.isEmpty else { return nil }
            return Step(operation: .setPeriod(period, rng.pick(targets), entity: nil, reason: nil, actor: actor),
                        expected: .refused(.invalidTransition), kind: "transition all, one entity cannot")
        default:
            let outsider = rng.pick(["dave", "mallory"])
            return Step(operation: .setPeriod(period, .softClosed, entity: entity, reason: nil, actor: outsider),
                        expected: .refused(outsider == "dave" ? .notPermitted : .unknownUser), kind: "transition by \(outsider)")
        }
    }

    /// Re-posts an existing entry's key: the same payload is skipped (if its period still
    /// accepts it and its rates are unchanged), another payload is a conflict.
    func replay(_ rng: inout SplitMix64, samePayload: Bool) -> Step? {
        let candidates = entries.filter { $0.draft != nil }
        guard !candidates.isEmpty else { return nil }
        let original = rng.pick(candidates)
        var draft = original.draft!
        if !samePayload {
            switch rng.int(0...2) {
            case 0: draft.description += " (edited)"
            case 1: draft.lines.reverse()
            default: draft.lines = draft.lines.map { line in
                var line = line
                line.amountMinor *= 2
                return line
            }
            }
        }
        let expected: Expected
        // The same payload is a replay and is skipped, even after its period closed or a nearer
        // rate arrived; a different one meets the period check first, then the key.
        if samePayload {
            expected = .success
        } else if !accepts(draft.entity, draft.date.period, draft.source) {
            expected = .refused(.periodClosed)
        } else {
            expected = .refused(.idempotencyConflict)
        }
        let kind = samePayload ? "replay same payload" : "replay different payload"
        return Step(operation: .post([draft], actor: rng.pick(Self.writers)), expected: expected,
                    kind: expected == .success ? kind : "\(kind) -> \(expected.label)")
    }
}
