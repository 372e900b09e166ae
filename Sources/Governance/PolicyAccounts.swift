import LedgerCore

/// Whether every account the policy names is one the close can book to: in the group's
/// chart, open, of a type its use needs, and flagged intercompany exactly where the agents
/// book with a partner. A policy that names a missing account would fail halfway through a
/// close (an entry refused at approval) or, worse, report a false all-clear ("nothing on
/// suspense"), so `init`, `policy set`, `check` and `run` refuse it, listing every problem.
public enum PolicyAccounts {
    /// One account the policy names and what its use needs.
    public struct Requirement: Sendable, Equatable {
        /// The policy key, as a YAML path: "accounts.suspense", "reconciliation.fee_account".
        public var key: String
        public var account: String
        /// The types the account may have.
        public var types: [AccountType]
        /// True: the agents book it with a partner; false: without one.
        public var intercompany: Bool
        /// What it is for, in a few words.
        public var use: String
    }

    /// One account the chart cannot provide as the policy needs it.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var key: String
        public var account: String
        public var message: String
        public var description: String { "\(key) names \(account): \(message)" }
    }

    /// Every account of the policy with what it must be. Profit-and-loss accounts that take
    /// both gains and losses may be revenue or expense.
    public static func requirements(_ policy: Policy) -> [Requirement] {
        let a = policy.accounts, r = policy.reconciliation
        let result: [AccountType] = [.revenue, .expense]
        func need(_ key: String, _ account: String, _ types: [AccountType], intercompany: Bool = false, _ use: String) -> Requirement {
            Requirement(key: key, account: account, types: types, intercompany: intercompany, use: use)
        }
        return [
            need("reconciliation.fee_account", r.feeAccount, [.expense], "bank charges"),
            need("reconciliation.interest_account", r.interestAccount, [.revenue], "interest the bank credits"),
            need("accounts.unrealised_fx", a.unrealisedFX, result, "unrealised FX gains and losses"),
            need("accounts.rounding", a.rounding, result, "rounding differences"),
            need("accounts.translation", a.translation, [.equity], "the cumulative translation adjustment"),
            need("accounts.intercompany_difference", a.intercompanyDifference, result, "what elimination cannot clear"),
            need("accounts.suspense", a.suspense, [.asset, .liability], "suspense, which must be empty at the lock"),
            need("accounts.accrued_liabilities", a.accruedLiabilities, [.liability], "accruals until the invoice arrives"),
            need("accounts.trade_receivables", a.tradeReceivables, [.asset], "customers' open items"),
            need("accounts.trade_payables", a.tradePayables, [.liability], "suppliers' open items"),
            need("accounts.intercompany_receivable", a.intercompanyReceivable, [.asset], intercompany: true, "intercompany receivables"),
            need("accounts.intercompany_payable", a.intercompanyPayable, [.liability], intercompany: true, "intercompany payables"),
            need("accounts.intercompany_revenue", a.intercompanyRevenue, [.revenue], intercompany: true, "intercompany charges"),
            need("accounts.intercompany_expense", a.intercompanyExpense, [.expense], intercompany: true, "the partner's cost of intercompany charges"),
            need("accounts.interest_income", a.interestIncome, [.revenue], "interest income"),
            need("accounts.interest_expense", a.interestExpense, [.expense], "interest expense"),
        ]
    }

    /// Every problem, in the order of `requirements`; empty when the chart has them all.
    public static func problems(_ policy: Policy, group: GroupDefinition) -> [Problem] {
        requirements(policy).compactMap { need in
            let types = need.types.map(\.rawValue).joined(separator: " or ")
            guard let account = group.account(need.account) else {
                return Problem(key: need.key, account: need.account,
                               message: "no such account in the group's chart; it is for \(need.use) and must be \(article(types)) \(types) account\(need.intercompany ? " with the intercompany flag" : "")")
            }
            let named = "\(account.code) (\(account.name))"
            var wrong: [String] = []
            if !need.types.contains(account.type) { wrong.append("is \(article(account.type.rawValue)) \(account.type.rawValue) account, not \(types)") }
            if need.intercompany && !account.isIntercompany { wrong.append("lacks the intercompany flag (its lines need a partner)") }
            if !need.intercompany && account.isIntercompany { wrong.append("has the intercompany flag, but the close books it without a partner") }
            if account.isClosed { wrong.append("is closed and accepts no postings") }
            guard !wrong.isEmpty else { return nil }
            return Problem(key: need.key, account: need.account, message: "\(named) \(wrong.joined(separator: " and ")); it is for \(need.use)")
        }
    }

    /// A readable refusal naming every problem, or nil when there is none.
    public static func problem(_ policy: Policy, group: GroupDefinition) -> String? {
        let found = problems(policy, group: group)
        guard !found.isEmpty else { return nil }
        return "the policy names \(found.count) account(s) the group's chart cannot book to as the close needs: "
            + found.map(\.description).joined(separator: "; ")
            + ". Add them to the group's chart, or name other accounts in the policy's accounts and reconciliation sections."
    }

    private static func article(_ word: String) -> String {
        word.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }
}
