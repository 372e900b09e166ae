import Interchange
import LedgerCore

/// The policy YAML (docs/governance.md), read strictly with `YAMLMapping`: unknown keys,
/// the auditor as an approver, negative amounts, more decimals than the group currency has,
/// and an autonomy that could post nothing are refused with code `.invalidFile`, the file,
/// the YAML line and the field path. Amounts are text in the group currency, never floats.
public enum PolicyFile {
    static let topLevelKeys = ["default", "tasks", "reconciliation", "accounts", "flux", "signatures"]
    static let fluxKeys = ["absolute", "percent"]
    static let reconciliationKeys = ["fee_account", "interest_account"]
    static let accountKeys = ["unrealised_fx", "rounding", "translation", "intercompany_difference", "suspense", "accrued_liabilities",
                                     "trade_receivables", "trade_payables", "intercompany_receivable", "intercompany_payable",
                                     "intercompany_revenue", "intercompany_expense", "interest_income", "interest_expense"]
    static let ruleKeys = ["approvers", "two_approvers_above", "autonomy", "post_within", "decide_within_hours"]
    static let approverKeys = ["role", "up_to"]
    /// At least an hour (0 would escalate at once), at most a year of simulated time.
    public static let decideWithinHoursRange = 1...8760

    public static func parse(contentsOf path: String, currency: Currency) throws(LedgerError) -> Policy {
        let text = try YAMLDocument.text(contentsOf: path, code: .invalidFile)
        return try parse(text, file: path, currency: currency)
    }

    public static func parse(_ text: String, file: String, currency: Currency) throws(LedgerError) -> Policy {
        guard let root = try YAMLDocument.compose(text, file: file, code: .invalidFile) else {
            throw LedgerError(.invalidFile, "the file is empty; expected a policy with the keys \(topLevelKeys.joined(separator: ", "))",
                              at: SourceLocation(file: file))
        }
        let document = try YAMLMapping(root, path: "", file: file, keys: topLevelKeys, code: .invalidFile)
        let defaults = try rule(in: document.mapping("default", keys: ruleKeys), over: nil, currency: currency)
        var tasks: [String: TaskPolicy] = [:]
        if let section = try document.optionalMapping("tasks", keys: nil) {
            for kind in section.keys {
                guard isTaskKind(kind) else {
                    throw section.failure(kind, "task kind '\(kind)' must be lowercase letters, digits and '-' (e.g. cut-off)")
                }
                tasks[kind] = try rule(in: section.mapping(kind, keys: ruleKeys), over: defaults, currency: currency)
            }
        }
        var reconciliation = ReconciliationRules()
        if let section = try document.optionalMapping("reconciliation", keys: reconciliationKeys) {
            reconciliation.feeAccount = try section.optionalText("fee_account") ?? reconciliation.feeAccount
            reconciliation.interestAccount = try section.optionalText("interest_account") ?? reconciliation.interestAccount
        }
        var accounts = CloseAccounts()
        if let section = try document.optionalMapping("accounts", keys: accountKeys) {
            accounts.unrealisedFX = try section.optionalText("unrealised_fx") ?? accounts.unrealisedFX
            accounts.rounding = try section.optionalText("rounding") ?? accounts.rounding
            accounts.translation = try section.optionalText("translation") ?? accounts.translation
            accounts.intercompanyDifference = try section.optionalText("intercompany_difference") ?? accounts.intercompanyDifference
            accounts.suspense = try section.optionalText("suspense") ?? accounts.suspense
            accounts.accruedLiabilities = try section.optionalText("accrued_liabilities") ?? accounts.accruedLiabilities
            accounts.tradeReceivables = try section.optionalText("trade_receivables") ?? accounts.tradeReceivables
            accounts.tradePayables = try section.optionalText("trade_payables") ?? accounts.tradePayables
            accounts.intercompanyReceivable = try section.optionalText("intercompany_receivable") ?? accounts.intercompanyReceivable
            accounts.intercompanyPayable = try section.optionalText("intercompany_payable") ?? accounts.intercompanyPayable
            accounts.intercompanyRevenue = try section.optionalText("intercompany_revenue") ?? accounts.intercompanyRevenue
            accounts.intercompanyExpense = try section.optionalText("intercompany_expense") ?? accounts.intercompanyExpense
            accounts.interestIncome = try section.optionalText("interest_income") ?? accounts.interestIncome
            accounts.interestExpense = try section.optionalText("interest_expense") ?? accounts.interestExpense
        }
        var flux = FluxThresholds(absoluteMinor: 50_000 * currency.minorUnitsPerMajor, percent: 20)
        if let section = try document.optionalMapping("flux", keys: fluxKeys) {
            flux.absoluteMinor = try amount(section, "absolute", currency: currency) ?? flux.absoluteMinor
            flux.percent = Int(try section.wholeNumber("percent", in: 0...1000, default: UInt64(flux.percent)))
        }
        var policy = Policy(currency: currency, defaults: defaults, tasks: tasks, reconciliation: reconciliation, accounts: accounts, flux: flux)
        policy.signaturesRequired = try signaturesRequired(in: document)
        return policy
    }

    /// `signatures: required` refuses every decision not signed with the decider's registered
    /// key; `optional` (the default) records a signature when one is given.
    private static func signaturesRequired(in document: YAMLMapping) throws(LedgerError) -> Bool {
        switch try document.optionalText("signatures") {
        case nil, "optional": return false
        case "required": return true
        case let other?: throw document.failure("signatures", "'signatures' must be required | optional; found '\(other)'")
        }
    }

    /// The policy a new database starts with: a human decides every step.
    public static func defaultPolicy(currency: Currency) -> Policy {
        do {
            return try parse(defaultText, file: "the default policy", currency: currency)
        } catch {
            preconditionFailure("the embedded default policy must read in every currency: \(error)")
        }
    }

    /// Also in Fixtures/policies/default.yaml, byte for byte (a test checks). Amounts are
    /// whole units so the same text reads in every group currency, JPY included.
    public static let defaultText = """
        # Who may decide which close step (docs/governance.md). Amounts are in the group currency.
        default:
          approvers:                       # roles that may approve, each up to an amount (no up_to: no limit)
            - {role: accountant, up_to: "10000"}
            - {role: controller}
            - {role: cfo}
          two_approvers_above: "250000"    # above this, two distinct users approve the same version (controller and CFO)
          autonomy: propose                # observe | propose | post-within-limits
          post_within: "0"                 # with post-within-limits: the agent posts alone at or below this amount
          decide_within_hours: 24          # simulated hours before an undecided proposal escalates to the next role up
        tasks:                             # per task kind; an entry overrides only the keys it gives
          cut-off: {approvers: [{role: controller}, {role: cfo}]}
          lock: {approvers: [{role: controller}, {role: cfo}], decide_within_hours: 8}
          consolidation: {approvers: [{role: controller}, {role: cfo}]}  # eliminations move no cash; group-wide amounts
        reconciliation:                    # where the bank reconciliation books what the bank knows and the ledger does not
          fee_account: "6400"              # bank charges
          interest_account: "4200"         # interest the bank credits
        flux:                              # the flux review flags a change from the prior period above both
          absolute: "50000"                #   this amount (group currency)
          percent: 20                      #   and this share of the prior period's figure
        accounts:                          # the chart accounts the close's agents book to
          unrealised_fx: "7200"            # revaluation of foreign-currency balances
          rounding: "7900"                 # what rounding to a minor unit leaves
          translation: "3200"              # cumulative translation adjustment (CTA)
          intercompany_difference: "7950"  # what elimination cannot clear, with its reason codes
          suspense: "9999"                 # must be empty at the lock
          accrued_liabilities: "2100"      # accruals until the invoice arrives
          trade_receivables: "1100"        # customers' open items: suspense receipts are re-posted here
          trade_payables: "2000"           # suppliers' open items: suspense payments are re-posted here
          intercompany_receivable: "1150"  # what one entity paid for another; mirrors intercompany_payable
          intercompany_payable: "2150"     # ... and the other side; mirrors intercompany_receivable
          intercompany_revenue: "4100"     # intercompany charges; mirrors intercompany_expense
          intercompany_expense: "6500"     # ... and their cost at the partner; mirrors intercompany_revenue
          interest_income: "4200"          # interest on intercompany loans is eliminated from here
          interest_expense: "7000"         # ... and from here, when the entry has an intercompany line

        """

    /// One rule: `default` (over built-in values) or a task entry (over `default`).
    private static func rule(in map: YAMLMapping, over inherited: TaskPolicy?, currency: Currency) throws(LedgerError) -> TaskPolicy {
        var rule = inherited ?? TaskPolicy(approvers: [])
        if inherited == nil || map.has("approvers") {
            rule.approvers = try approvers(in: map, currency: currency)
        }
        if let threshold = try amount(map, "two_approvers_above", currency: currency) {
            rule.twoApproversAboveMinor = threshold
        }
        if try map.optionalText("autonomy") != nil {
            rule.autonomy = try autonomy(in: map)
        }
        if let limit = try amount(map, "post_within", currency: currency) {
            rule.postWithinMinor = limit
        }
        rule.decideWithinHours = try map.count("decide_within_hours", in: decideWithinHoursRange, default: rule.decideWithinHours)
        // Checked on the merged rule: a task may inherit either half of the contradiction.
        if rule.autonomy == .postWithinLimits && rule.postWithinMinor == 0 {
            let key = map.has("post_within") ? "post_within" : "autonomy"
            throw map.failure(key, "autonomy post-within-limits needs post_within above 0; with 0 the agent could post nothing alone (use propose)")
        }
        return rule
    }

    private static func approvers(in map: YAMLMapping, currency: Currency) throws(LedgerError) -> [ApproverLimit] {
        let elements = try map.list("approvers")
        guard !elements.isEmpty else {
            throw map.failure("approvers", "'approvers' is empty; name at least one role that may approve")
        }
        var limits: [ApproverLimit] = []
        for (node, path) in elements {
            let element = try map.element(node, path: path, keys: approverKeys)
            let name = try element.text("role")
            let allowed = Role.approvalLadder.map(\.rawValue).joined(separator: ", ")
            guard name != Role.auditor.rawValue else {
                throw element.failure("role", "the auditor reads everything and decides nothing, so it cannot approve; expected one of \(allowed)")
            }
            guard let role = Role(rawValue: name) else {
                throw element.failure("role", "'role' must be one of \(allowed); found '\(name)'")
            }
            guard !limits.contains(where: { $0.role == role }) else {
                throw element.failure("role", "role \(name) is listed twice; give each role one limit")
            }
            limits.append(ApproverLimit(role: role, upToMinor: try amount(element, "up_to", currency: currency)))
        }
        return limits
    }

    private static func autonomy(in map: YAMLMapping) throws(LedgerError) -> Autonomy {
        let text = try map.text("autonomy")
        guard let autonomy = Autonomy(rawValue: text) else {
            let allowed = Autonomy.allCases.map(\.rawValue).joined(separator: " | ")
            throw map.failure("autonomy", "'autonomy' must be \(allowed); found '\(text)'")
        }
        return autonomy
    }

    /// Absent or null is nil; else a non-negative amount with at most the currency's decimals.
    private static func amount(_ map: YAMLMapping, _ key: String, currency: Currency) throws(LedgerError) -> Int64? {
        guard let text = try map.optionalText(key) else { return nil }
        do {
            return try Decimal10.parse(text, scale: currency.exponent, allowNegative: false)
        } catch {
            let example = Decimal10.format(10_000 * currency.minorUnitsPerMajor, scale: currency.exponent)
            throw map.failure(key, "'\(key)' must be an amount of 0 or more in \(currency.code), e.g. \"\(example)\": \(error.message)")
        }
    }

    static func isTaskKind(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-")
        }
    }
}
