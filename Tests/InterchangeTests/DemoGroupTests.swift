import Foundation
import Interchange
import LedgerCore
import Testing

@Suite("Demo group")
struct DemoGroupTests {
    @Test func embeddedTextIsTheFixtureByteForByte() throws {
        let fixture = try FixtureFiles.bytes("groups/acme.yaml")
        #expect(Array(DemoGroup.yaml.utf8) == fixture)
    }

    @Test func entitiesAndUsers() {
        let group = DemoGroup.definition()
        #expect(group.name == "Acme Group")
        #expect(group.currency == .usd)
        #expect(group.entities.map(\.code) == ["US01", "DE01", "GB01", "JP01", "CONS"])
        #expect(group.operatingEntities.map(\.currency) == [.usd, .eur, .gbp, .jpy])
        #expect(group.entities.map(\.country) == ["US", "DE", "GB", "JP", "US"])
        #expect(group.entities.map(\.parent) == [nil, "US01", "US01", "US01", nil])
        // CONS holds the eliminations only: in the group currency, no business of its own.
        #expect(group.consolidationEntity?.code == "CONS" && group.consolidationEntity?.currency == group.currency)
        #expect(!group.operatingEntities.contains { $0.isConsolidation })
        #expect(group.users.map(\.name) == ["alice", "bob", "carol", "dave"])
        #expect(group.users.map(\.role) == [.accountant, .controller, .cfo, .auditor])
    }

    @Test func chartHasWhatAMonthEndCloseNeeds() throws {
        let group = DemoGroup.definition()
        #expect((28...36).contains(group.accounts.count))
        func account(_ code: String) throws -> Account { try #require(group.account(code)) }

        #expect(try account("1000").isBank && account("1000").isMonetary)
        #expect(group.accounts.filter(\.isBank).map(\.code) == ["1000", "1010"])
        #expect(group.accounts.filter(\.isIntercompany).map(\.code) == ["1150", "2150", "2500", "4100", "6500"])
        for code in ["1100", "1150", "2000", "2150", "2500"] {
            #expect(try account(code).isMonetary, "\(code) is monetary")
        }
        for code in ["1200", "1500", "3000", "4000", "6000"] {
            #expect(try !account(code).isMonetary, "\(code) is not monetary")
        }
        let types: [String: AccountType] = [
            "1510": .asset, "2100": .liability, "3100": .equity, "3200": .equity, "4200": .revenue,
            "5000": .expense, "7100": .expense, "7200": .expense, "7900": .expense, "9999": .asset,
        ]
        for (code, type) in types {
            #expect(try account(code).type == type, "\(code)")
        }
        #expect(group.accounts.allSatisfy { $0.code.utf8.count == 4 && !$0.isClosed })
    }
}
