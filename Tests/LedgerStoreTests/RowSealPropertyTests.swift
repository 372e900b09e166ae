import Foundation
import GRDB
import PropertyBased
import Testing
import LedgerCore
@testable import LedgerStore

/// Random operations on a ledger with rows in every sealed table, then one value of one row of
/// a random sealed table changed outside the ledger: `verifyAudit` always finds it, naming the
/// table. A failure names its seed; `CLOSE_SEAL_SEED=<seed> swift test --filter replaySealSeed`.
@Suite("Property: a single-row edit in any sealed table is detected")
struct RowSealPropertyTests {
    static let runs = 60

    @Test("Property: random operations, then a random edit of one value of one sealed row, is always detected", .shrinking(false))
    func randomEditsAreDetected() async throws {
        var tables: Set<String> = []
        await propertyCheck(count: Self.runs, input: Gen<UInt64>.value()) { seed in
            tables.insert(try Self.run(seed: seed))
        }
        // Over the runs, most tables were edited at least once.
        #expect(tables.count >= 10, "tables edited: \(tables.sorted())")
    }

    @Test("Property: fixed seeds", arguments: [0, 1, 42, 20_260_501, UInt64.max] as [UInt64])
    func fixedSeeds(_ seed: UInt64) throws {
        _ = try Self.run(seed: seed)
    }

    @Test("Property: replay one seed from CLOSE_SEAL_SEED", .enabled(if: ProcessInfo.processInfo.environment["CLOSE_SEAL_SEED"] != nil))
    func replaySealSeed() throws {
        _ = try Self.run(seed: try #require(UInt64(ProcessInfo.processInfo.environment["CLOSE_SEAL_SEED"] ?? "")))
    }

    /// One run; returns the table it edited.
    static func run(seed: UInt64) throws -> String {
        var rng = SplitMix64(seed: seed)
        let ledger = try SealedLedger.make()
        var steps: [String] = []
        for index in 0..<rng.int(0...6) {
            steps.append(try randomOperation(index, ledger.store, &rng))
        }
        let before = try ledger.store.verifyAudit()
        #expect(before.isIntact, "seed \(seed) after \(steps): \(before.firstProblem ?? "")")

        var candidates = RowSeals.tables.map { ($0.name, $0.columns, $0.keyColumns) }
        let bankLine = RowSeals.byName["bank_statement"]!.child!
        candidates.append((bankLine.table, bankLine.columns, [bankLine.parentColumn, bankLine.orderColumn]))
        let (table, columns, key) = rng.pick(candidates)
        let rows = try ledger.count(table)
        let column = rng.pick(columns)
        let offset = rng.int(0...(rows - 1))
        let keyList = key.map { "\"\($0)\"" }.joined(separator: ", ")
        let target = try ledger.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT \(keyList), typeof(\"\(column)\") AS kind FROM \(table) ORDER BY \(keyList) LIMIT 1 OFFSET ?",
                             arguments: [offset])
        }!
        let declared = try ledger.strings("SELECT type FROM pragma_table_info(?) WHERE name = ?", [table, column]).first ?? ""
        let kind: String = target["kind"]
        let change = switch kind {
        case "integer": "\"\(column)\" + 1000003"
        case "text": "\"\(column)\" || 'x'"
        case "blob": "zeroblob(31)"
        default: declared == "INTEGER" ? "7" : "'x'"
        }
        let condition = key.map { "\"\($0)\" = ?" }.joined(separator: " AND ")
        let values = Array(target.databaseValues)
        let arguments = StatementArguments(key.indices.map { values[$0] as (any DatabaseValueConvertible)? })
        let edit = "UPDATE \(table) SET \"\(column)\" = \(change) WHERE \(condition)"
        try ledger.forge(edit, arguments: arguments)

        let after = try ledger.store.verifyAudit()
        let problem = after.firstProblem ?? ""
        let names = table == "bank_line" ? "bank_" : table == "period" ? "period" : table
        #expect(!after.isIntact, "seed \(seed): \(edit) \(arguments) after \(steps) went unnoticed")
        #expect(problem.contains(names), "seed \(seed): \(edit) \(arguments): '\(problem)' does not name \(table)")
        return table
    }

    /// A random legitimate operation (some are refused, which is fine: a refusal writes nothing).
    static func randomOperation(_ index: Int, _ store: LedgerStore, _ rng: inout SplitMix64) throws -> String {
        let day = String(format: "2026-05-%02d", rng.int(1...28))
        switch rng.int(0...6) {
        case 0:
            let rate = "1.0\(rng.int(100...999))"
            _ = try? store.importRates([spot(day, .eur, .usd, rate), spot(day, .jpy, .usd, "0.0067")], actor: "alice")
            return "rates \(day) \(rate)"
        case 1:
            try store.post([sale("p\(index)-\(rng.next())", entity: rng.pick(Fixture.entityCodes), date: day, amountMinor: rng.int64(1...9_999_999))],
                           actor: rng.pick(["alice", "bob", "system"]))
            return "post \(day)"
        case 2:
            let lines = (0..<rng.int(1...4)).map { _ in rng.int64(-50_000...50_000) }.filter { $0 != 0 }
            try store.importStatements([SealedLedger.statement("R\(index)-\(rng.next() % 1000)", lines: lines.isEmpty ? [5] : lines)],
                                       source: "random.csv", actor: "alice")
            return "statement of \(lines.count) lines"
        case 3:
            try store.importGoodsReceipts([SealedLedger.receipt("R\(index)-\(rng.next() % 1000)", invoice: rng.chance(50) ? nil : "INV")],
                                          source: "random.csv", actor: "alice")
            return "goods receipt"
        case 4:
            let entity = rng.pick(Fixture.entityCodes), month = period("2026-0\(rng.int(6...9))")
            _ = try? store.setPeriodState(month, to: .softClosed, entity: entity, actor: "bob")
            if rng.chance(50) { _ = try? store.reopenPeriod(month, entity: entity, actor: rng.pick(["bob", "carol"]), reason: "again") }
            return "period \(entity) \(month)"
        case 5:
            let run = try store.closeRun(period: period("2026-05"))!
            let version = (try store.proposals(of: run).filter { $0.task == SealedLedger.otherTask }.map(\.version).max() ?? 0) + 1
            _ = try? store.saveProposal(ProposalRecord(task: SealedLedger.otherTask, version: version, preparedBy: "agent:flux-review",
                                                       payload: "{\"v\":\(version)}", route: "controller", readyAtHour: 6), of: run)
            _ = try? store.recordDecision(DecisionRecord(task: SealedLedger.otherTask, version: version, kind: "defer", user: "bob",
                                                         reason: "more", atHour: 7), of: run)
            return "proposal v\(version) deferred"
        default:
            _ = try? store.setPolicy("approvals: controller\nlimit: \(rng.int(1...9))\n", actor: "carol", reason: "change")
            return "policy"
        }
    }
}
