import Testing
import LedgerCore

@Suite("Group definition and entry sources")
struct GroupAndSourceTests {
    static func group(fiscalYearStartMonth: Int = 1, entities: [Entity]? = nil, accounts: [Account]? = nil,
                      users: [User] = []) -> GroupDefinition {
        GroupDefinition(name: "G", currency: .usd, fiscalYearStartMonth: fiscalYearStartMonth,
                        entities: entities ?? [Entity(code: "US01", name: "US", currency: .usd, country: "US")],
                        accounts: accounts ?? [Account(code: "1000", name: "Bank", type: .asset)], users: users)
    }

    @Test("a minimal group validates")
    func minimalValid() throws {
        try Self.group().validate()
        try Self.group(fiscalYearStartMonth: 12).validate()
    }

    @Test("invalid groups are refused with invalid-group")
    func invalidGroups() {
        let us = Entity(code: "US01", name: "US", currency: .usd, country: "US")
        let bank = Account(code: "1000", name: "Bank", type: .asset)
        let alice = User(name: "alice", displayName: "A", role: .accountant)
        let cases: [GroupDefinition] = [
            Self.group(fiscalYearStartMonth: 0), Self.group(fiscalYearStartMonth: 13),
            Self.group(entities: []), Self.group(accounts: []),
            Self.group(entities: [us, us]), Self.group(accounts: [bank, bank]), Self.group(users: [alice, alice]),
            Self.group(entities: [Entity(code: "US 01", name: "US", currency: .usd, country: "US")]),
            Self.group(entities: [Entity(code: "", name: "US", currency: .usd, country: "US")]),
            Self.group(accounts: [Account(code: "1000/1", name: "x", type: .asset)]),
            // At most one consolidation entity, in the group currency, beside at least one that does business.
            Self.group(entities: [us, Entity(code: "C1", name: "C", currency: .usd, country: "US", isConsolidation: true),
                                  Entity(code: "C2", name: "C", currency: .usd, country: "US", isConsolidation: true)]),
            Self.group(entities: [us, Entity(code: "C1", name: "C", currency: .eur, country: "US", isConsolidation: true)]),
            Self.group(entities: [Entity(code: "C1", name: "C", currency: .usd, country: "US", isConsolidation: true)]),
            Self.group(entities: [Entity(code: "DE01", name: "DE", currency: .eur, country: "DE", parent: "XX")]),
            Self.group(entities: [Entity(code: "DE01", name: "DE", currency: .eur, country: "DE", parent: "DE01")]),
        ]
        for group in cases {
            let error = #expect(throws: LedgerError.self) { try group.validate() }
            #expect(error?.code == .invalidGroup, "\(group)")
        }
    }

    @Test("entry sources parse and print", arguments: [
        ("import", EntrySource.fileImport, false), ("manual", .manual, false), ("reversal", .reversal, false),
        ("agent:fx-reval", .agent("fx-reval"), true),
    ])
    func sources(_ text: String, _ source: EntrySource, _ closeProcess: Bool) throws {
        #expect(try EntrySource(parsing: text) == source)
        #expect(source.description == text)
        #expect(source.isCloseProcess == closeProcess)
    }

    @Test("unknown sources are refused", arguments: ["agent:", "agent", "Import", "", "bot:x"])
    func unknownSources(_ text: String) {
        #expect((#expect(throws: LedgerError.self) { try EntrySource(parsing: text) })?.code == .invalidEntry)
    }

    @Test("only the auditor role may not write")
    func roles() {
        #expect(Role.allCases.filter { !$0.mayWrite } == [.auditor])
    }

    @Test("account types split into balance sheet and P&L")
    func accountTypes() {
        #expect(AccountType.allCases.filter(\.isBalanceSheet) == [.asset, .liability, .equity])
    }
}
