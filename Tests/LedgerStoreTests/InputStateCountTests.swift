import Foundation
import LedgerCore
import LedgerStore
import PropertyBased
import Testing

/// An approval is bound to the state of what its proposal read (invariant: stale evidence is
/// refused). The store remembers the entries it counted and afterwards counts only what was
/// posted since; whatever happens in between, the remembered answer must be the one a store
/// that never counted before gives.
@Suite("Input states counted incrementally")
struct InputStateCountTests {
    static let entities = Fixture.entityCodes
    static let scopes: [InputScope] = entities.flatMap { entity in
        ["2026-05-10", "2026-05-31", "2026-06-30"].map { InputScope.entries(entity: entity, through: day($0)) }
    }
    static let ownPrefix = "close-2026-05/"

    @Test("Property: remembered entry counts equal counts made afresh after posts, own posts, drafts posted and discarded",
          .shrinking(false))
    func rememberedCountsEqualFreshCounts() async throws {
        await propertyCheck(count: 40, input: Gen<UInt64>.value()) { seed in
            try Self.run(seed: seed)
        }
    }

    @Test("a draft of an older id posted later is counted, and a discarded draft's id taken again is too")
    func draftsOfOlderIds() throws {
        let ledger = try TempLedger()
        try ledger.store.post([sale("a")], actor: "alice")
        let draft = try ledger.store.saveDraft(sale("d"), actor: "alice")
        let scopes = [InputScope.entries(entity: "US01", through: day("2026-05-31"))]
        #expect(try ledger.store.inputStates(scopes, excludingKeyPrefix: Self.ownPrefix) == ["1/1"])
        _ = try ledger.store.postDraft(draft, actor: "bob")
        #expect(try ledger.store.inputStates(scopes, excludingKeyPrefix: Self.ownPrefix) == ["2/2"])
        // The highest id is a draft; discarded, its id is free and the next entry takes it.
        let second = try ledger.store.saveDraft(sale("e"), actor: "alice")
        #expect(try ledger.store.inputStates(scopes, excludingKeyPrefix: Self.ownPrefix) == ["2/2"])
        try ledger.store.discardDraft(second, actor: "alice", reason: "wrong")
        try ledger.store.post([sale("f")], actor: "alice")
        #expect(try ledger.store.inputStates(scopes, excludingKeyPrefix: Self.ownPrefix) == ["3/\(second)"])
        #expect(try LedgerStore.open(at: ledger.path).inputStates(scopes, excludingKeyPrefix: Self.ownPrefix) == ["3/\(second)"])
    }

    static func run(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let ledger = try TempLedger()
        var drafts: [Int64] = []
        for step in 0..<30 {
            let entity = entities[Int(random.next() % UInt64(entities.count))]
            let date = String(format: "2026-%02d-%02d", 5 + Int(random.next() % 2), 1 + Int(random.next() % 30))
            let own = random.next() % 3 == 0
            let key = (own ? ownPrefix : "import/") + "\(seed)-\(step)"
            switch random.next() % 5 {
            case 0:
                drafts.append(try ledger.store.saveDraft(sale(key, entity: entity, date: date), actor: "alice"))
            case 1 where !drafts.isEmpty:
                let id = drafts.remove(at: Int(random.next() % UInt64(drafts.count)))
                if random.next() % 2 == 0 {
                    _ = try ledger.store.postDraft(id, actor: "bob")
                } else {
                    try ledger.store.discardDraft(id, actor: "alice", reason: "not needed")
                }
            default:
                try ledger.store.post([sale(key, entity: entity, date: date)], actor: "alice")
            }
            if random.next() % 2 == 0 {
                let remembered = try ledger.store.inputStates(scopes, excludingKeyPrefix: ownPrefix)
                let fresh = try LedgerStore.open(at: ledger.path, clock: Fixture.clock)
                #expect(remembered == (try fresh.inputStates(scopes, excludingKeyPrefix: ownPrefix)), "seed \(seed), step \(step)")
                try fresh.close()
            }
        }
    }
}
