import Foundation
import Testing
import Governance
import Interchange
import LedgerCore

/// Every account the policy names must be one the close can book to: in the chart, open, of
/// the right type, flagged intercompany exactly where the agents book with a partner.
@Suite struct PolicyAccountsTests {
    static let demo = DemoGroup.definition()
    static let policy = PolicyFile.defaultPolicy(currency: .usd)

    @Test("the demo chart has every account of the default policy, of the right type and flags")
    func demoChartSatisfiesTheDefault() {
        #expect(PolicyAccounts.problems(Self.policy, group: Self.demo).isEmpty)
        #expect(PolicyAccounts.problem(Self.policy, group: Self.demo) == nil)
    }

    @Test("the default policy text names every account the close books to, so each can be pointed elsewhere")
    func defaultTextNamesEveryAccount() {
        for need in PolicyAccounts.requirements(Self.policy) {
            let key = String(need.key.split(separator: ".").last!)
            #expect(PolicyFile.defaultText.contains("\(key): \"\(need.account)\""), "\(need.key) is not in the default policy text")
        }
        #expect(Self.policy.accounts.intercompanyMirrors == ["1150": "2150", "2150": "1150", "4100": "6500", "6500": "4100"])
    }

    @Test("a chart without the bank-charges account is named: reconciliation.fee_account 6400")
    func missingAccountNamed() {
        var group = Self.demo
        group.accounts.removeAll { $0.code == "6400" }
        let problems = PolicyAccounts.problems(Self.policy, group: group)
        #expect(problems.map(\.key) == ["reconciliation.fee_account"])
        #expect(problems.first?.account == "6400")
        #expect(problems.first?.message.contains("no such account") == true)
    }

    @Test("a policy naming accounts of the wrong type or flags lists every problem at once")
    func everyProblemListed() throws {
        let text = PolicyFile.defaultText.replacingOccurrences(of: "fee_account: \"6400\"", with: "fee_account: \"4000\"")
            .replacingOccurrences(of: "suspense: \"9999\"", with: "suspense: \"6100\"")
            .replacingOccurrences(of: "intercompany_receivable: \"1150\"", with: "intercompany_receivable: \"1100\"")
            .replacingOccurrences(of: "translation: \"3200\"", with: "translation: \"3999\"")
            .replacingOccurrences(of: "accrued_liabilities: \"2100\"", with: "accrued_liabilities: \"2150\"")
        let policy = try PolicyFile.parse(text, file: "wrong.yaml", currency: .usd)
        let problems = PolicyAccounts.problems(policy, group: Self.demo)
        #expect(problems.map(\.key) == ["reconciliation.fee_account", "accounts.translation", "accounts.suspense",
                                        "accounts.accrued_liabilities", "accounts.intercompany_receivable"])
        #expect(problems[0].description == "reconciliation.fee_account names 4000: 4000 (Revenue) is a revenue account, not expense; it is for bank charges")
        #expect(problems[1].message.contains("no such account"))
        #expect(problems[2].message.contains("is an expense account, not asset or liability"))
        #expect(problems[3].message.contains("has the intercompany flag"))
        #expect(problems[4].message.contains("lacks the intercompany flag"))
        let message = try #require(PolicyAccounts.problem(policy, group: Self.demo))
        #expect(message.hasPrefix("the policy names 5 account(s)"))
    }

    @Test("a closed account cannot take the close's postings")
    func closedAccountRefused() {
        var group = Self.demo
        if let index = group.accounts.firstIndex(where: { $0.code == "7900" }) { group.accounts[index].isClosed = true }
        #expect(PolicyAccounts.problems(Self.policy, group: group).map(\.message) == ["7900 (Rounding differences) is closed and accepts no postings; it is for rounding differences"])
    }
}
