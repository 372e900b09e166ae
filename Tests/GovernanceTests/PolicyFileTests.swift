import Foundation
import Governance
import LedgerCore
import Testing

/// One malformed policy: the base text with one line changed, and where the error must point.
struct BadPolicy: Sendable, CustomTestStringConvertible {
    var name: String
    var old: String
    var new: String
    var line: Int?
    var field: String?
    var messageHas: String
    var currency: Currency = .usd

    var testDescription: String { name }
    var text: String {
        precondition(PolicyFileTests.base.contains(old), "\(name): '\(old)' is not in the base text")
        return PolicyFileTests.base.replacingOccurrences(of: old, with: new)
    }
}

@Suite("Policy file")
struct PolicyFileTests {
    typealias F = GovernanceFixtures

    /// The error resolution's accounts: defaults from the chart, each replaceable alone.
    @Test func theErrorResolutionAccountsHaveDefaultsAndCanBeNamed() throws {
        let defaults = try PolicyFile.parse(Self.base, file: "test", currency: .usd).accounts
        #expect([defaults.tradeReceivables, defaults.tradePayables, defaults.intercompanyReceivable, defaults.intercompanyPayable]
            == ["1100", "2000", "1150", "2150"])
        let named = try PolicyFile.parse(Self.base + "accounts: {trade_payables: \"2010\", intercompany_payable: \"2160\"}\n",
                                         file: "test", currency: .usd).accounts
        #expect(named.tradePayables == "2010" && named.intercompanyPayable == "2160" && named.tradeReceivables == "1100")
        #expect(throws: LedgerError.self) { try PolicyFile.parse(Self.base + "accounts: {trade_payable: \"2010\"}\n", file: "test", currency: .usd) }
    }

    /// The format of docs/governance.md with cents; line numbers below count from here.
    static let base = """
        default:
          approvers:
            - {role: accountant, up_to: "10000.00"}
            - {role: controller}
            - {role: cfo}
          two_approvers_above: "250000.00"
          autonomy: propose
          post_within: "0"
          decide_within_hours: 24
        tasks:
          cut-off: {approvers: [{role: controller}, {role: cfo}]}
          lock: {approvers: [{role: controller}, {role: cfo}], decide_within_hours: 8}
          consolidation: {approvers: [{role: controller}, {role: cfo}]}

        """

    static let bad: [BadPolicy] = [
        BadPolicy(name: "unknown key", old: "  autonomy: propose", new: "  autonomie: propose",
                  line: 7, field: "default.autonomie", messageHas: "unknown key 'autonomie'"),
        BadPolicy(name: "unknown key in a task", old: "lock: {approvers:", new: "lock: {approver:",
                  line: 12, field: "tasks.lock.approver", messageHas: "unknown key 'approver'"),
        BadPolicy(name: "auditor as approver", old: "    - {role: cfo}", new: "    - {role: auditor}",
                  line: 5, field: "default.approvers[2].role", messageHas: "the auditor reads everything and decides nothing"),
        BadPolicy(name: "unknown role", old: "    - {role: cfo}", new: "    - {role: manager}",
                  line: 5, field: "default.approvers[2].role", messageHas: "must be one of accountant, controller, cfo; found 'manager'"),
        BadPolicy(name: "role twice", old: "    - {role: cfo}", new: "    - {role: accountant}",
                  line: 5, field: "default.approvers[2].role", messageHas: "role accountant is listed twice"),
        BadPolicy(name: "negative amount", old: "up_to: \"10000.00\"", new: "up_to: \"-10000.00\"",
                  line: 3, field: "default.approvers[0].up_to", messageHas: "is negative"),
        BadPolicy(name: "more decimals than USD", old: "up_to: \"10000.00\"", new: "up_to: \"10000.001\"",
                  line: 3, field: "default.approvers[0].up_to", messageHas: "at most 2 allowed"),
        BadPolicy(name: "cents in a JPY group", old: "up_to: \"10000.00\"", new: "up_to: \"10000.00\"",
                  line: 3, field: "default.approvers[0].up_to", messageHas: "in JPY", currency: .jpy),
        BadPolicy(name: "exponent notation", old: "\"250000.00\"", new: "\"2.5e5\"",
                  line: 6, field: "default.two_approvers_above", messageHas: "is not a decimal number"),
        BadPolicy(name: "post-within-limits with post_within 0", old: "autonomy: propose", new: "autonomy: post-within-limits",
                  line: 8, field: "default.post_within", messageHas: "needs post_within above 0"),
        BadPolicy(name: "a task inheriting post_within 0", old: "decide_within_hours: 8}",
                  new: "decide_within_hours: 8, autonomy: post-within-limits}",
                  line: 12, field: "tasks.lock.autonomy", messageHas: "needs post_within above 0"),
        BadPolicy(name: "unknown autonomy", old: "autonomy: propose", new: "autonomy: auto",
                  line: 7, field: "default.autonomy", messageHas: "must be observe | propose | post-within-limits"),
        BadPolicy(name: "no approvers", old: "cut-off: {approvers: [{role: controller}, {role: cfo}]}", new: "cut-off: {approvers: []}",
                  line: 11, field: "tasks.cut-off.approvers", messageHas: "'approvers' is empty"),
        BadPolicy(name: "approvers not a list", old: "cut-off: {approvers: [{role: controller}, {role: cfo}]}",
                  new: "cut-off: {approvers: cfo}", line: 11, field: "tasks.cut-off.approvers", messageHas: "must be a list"),
        BadPolicy(name: "zero hours", old: "decide_within_hours: 24", new: "decide_within_hours: 0",
                  line: 9, field: "default.decide_within_hours", messageHas: "a whole number from 1 to 8760"),
        BadPolicy(name: "task kind with capitals", old: "  cut-off:", new: "  Cut-Off:",
                  line: 11, field: "tasks.Cut-Off", messageHas: "must be lowercase letters, digits and '-'"),
        BadPolicy(name: "no default", old: "default:\n  approvers:", new: "defaults:\n  approvers:",
                  line: 1, field: "defaults", messageHas: "unknown key 'defaults'; expected one of default, tasks"),
        BadPolicy(name: "flux percent negative", old: "tasks:\n", new: "flux: {percent: \"-5\"}\ntasks:\n",
                  line: 10, field: "flux.percent", messageHas: "must be"),
        BadPolicy(name: "flux absolute with too many decimals", old: "tasks:\n", new: "flux: {absolute: \"1.005\"}\ntasks:\n",
                  line: 10, field: "flux.absolute", messageHas: "at most 2 allowed"),
        BadPolicy(name: "unknown account role", old: "tasks:\n", new: "accounts: {fx: \"7200\"}\ntasks:\n",
                  line: 10, field: "accounts.fx", messageHas: "unknown key 'fx'"),
    ]

    @Test("Malformed policies are refused with file, line and field", arguments: bad)
    func refused(_ bad: BadPolicy) {
        let error = #expect(throws: LedgerError.self) { try PolicyFile.parse(bad.text, file: "policy.yaml", currency: bad.currency) }
        #expect(error?.code == .invalidFile)
        #expect(error?.location?.file == "policy.yaml")
        #expect(error?.location?.line == bad.line)
        #expect(error?.location?.field == bad.field)
        #expect(error?.message.contains(bad.messageHas) == true, "\(error?.message ?? "no error")")
    }

    @Test("An empty file and a file without 'default' are refused")
    func emptyAndMissingDefault() {
        let empty = #expect(throws: LedgerError.self) { try PolicyFile.parse("# nothing\n", file: "p.yaml", currency: .usd) }
        #expect(empty?.message.contains("the file is empty") == true)
        let missing = #expect(throws: LedgerError.self) { try PolicyFile.parse("tasks: {}\n", file: "p.yaml", currency: .usd) }
        #expect(missing?.location?.field == "default")
        #expect(missing?.message.contains("missing 'default'") == true)
    }

    @Test("The documented format in cents reads as the default policy")
    func documentedFormat() throws {
        #expect(try PolicyFile.parse(Self.base, file: "p.yaml", currency: .usd) == F.policy)
    }

    @Test("Fixtures/policies/default.yaml is the embedded default text, byte for byte")
    func defaultFixture() throws {
        let data = try #require(FileManager.default.contents(atPath: F.fixturePath("policies/default.yaml")))
        #expect(String(decoding: data, as: UTF8.self) == PolicyFile.defaultText)
        #expect(try PolicyFile.parse(contentsOf: F.fixturePath("policies/default.yaml"), currency: .usd) == F.policy)
    }

    @Test("The default policy reads in every known currency")
    func defaultInEveryCurrency() throws {
        for code in Currency.knownCodes {
            let currency = try Currency(code)
            let policy = PolicyFile.defaultPolicy(currency: currency)
            #expect(policy.defaults.approvers[0].upToMinor == 10_000 * currency.minorUnitsPerMajor)
        }
    }

    @Test("The default policy: a human decides every step, and tasks override only the keys they give")
    func defaultValues() {
        let policy = F.policy
        #expect(policy.defaults.autonomy == .propose)
        #expect(policy.defaults.postWithinMinor == 0)
        #expect(policy.defaults.twoApproversAboveMinor == F.usd(250_000))
        #expect(policy.rule(for: "flux-review") == policy.defaults)
        let lock = policy.rule(for: "lock")
        #expect(lock.approvers == [ApproverLimit(role: .controller), ApproverLimit(role: .cfo)])
        #expect(lock.decideWithinHours == 8)
        #expect(lock.twoApproversAboveMinor == F.usd(250_000))  // inherited
        #expect(policy.rule(for: "cut-off").decideWithinHours == 24)  // inherited
    }

    @Test("Built-in values for keys the default leaves out")
    func builtInValues() throws {
        let policy = try PolicyFile.parse("default: {approvers: [{role: cfo}]}\n", file: "p.yaml", currency: .usd)
        #expect(policy.defaults == TaskPolicy(approvers: [ApproverLimit(role: .cfo)], twoApproversAboveMinor: nil,
                                              autonomy: .propose, postWithinMinor: 0, decideWithinHours: 24))
    }

    @Test("The flux thresholds and the close's accounts: built in, and set by the policy")
    func fluxAndAccounts() throws {
        let builtIn = try PolicyFile.parse("default: {approvers: [{role: cfo}]}\n", file: "p.yaml", currency: .usd)
        #expect(builtIn.flux == FluxThresholds(absoluteMinor: 5_000_000, percent: 20))
        #expect(builtIn.accounts.unrealisedFX == "7200" && builtIn.accounts.suspense == "9999")
        let set = try PolicyFile.parse("""
            default: {approvers: [{role: cfo}]}
            flux: {absolute: "1000.50", percent: 5}
            accounts: {unrealised_fx: "7210", suspense: "9990"}

            """, file: "p.yaml", currency: .usd)
        #expect(set.flux == FluxThresholds(absoluteMinor: 100_050, percent: 5))
        #expect(set.accounts.unrealisedFX == "7210" && set.accounts.suspense == "9990" && set.accounts.rounding == "7900")
        // Whole units in a currency without decimals.
        let yen = try PolicyFile.parse("default: {approvers: [{role: cfo}]}\nflux: {absolute: \"5000000\"}\n", file: "p.yaml", currency: .jpy)
        #expect(yen.flux.absoluteMinor == 5_000_000)
    }

    @Test("A missing policy file is refused with its path")
    func missingFile() {
        let error = #expect(throws: LedgerError.self) { try PolicyFile.parse(contentsOf: "/nonexistent/policy.yaml", currency: .usd) }
        #expect(error?.code == .invalidFile)
        #expect(error?.location?.file == "/nonexistent/policy.yaml")
    }
}
