import Simulation

/// Which step of the close should deal with each kind of injected fault: the task kind (the
/// close template's `kind`) whose agent the manifest's "a correct close" column describes.
/// A fault named or fixed only by another agent is not credited to any agent's recall.
extension FaultKind {
    public var expectedAgent: String {
        switch self {
        case .unrecordedBankFee, .referenceTypo, .multiInvoiceReceipt, .duplicateBankLine, .paymentInTransit:
            "bank-reconciliation"
        case .duplicateLedgerEntry, .suspensePosting, .wrongEntityExpense:
            "error-resolution"
        case .intercompanyOneSided, .intercompanyAmountMismatch, .intercompanyCutOff:
            "intercompany-matching"
        case .missingAccrual:
            "accruals"
        }
    }

    /// The kinds a correct close settles by a bank match and no entry: matching the fault's
    /// statement line to exactly its ledger entries is their fix.
    public var isSettledByMatch: Bool { self == .referenceTypo || self == .multiInvoiceReceipt }
}

/// Entry rules that book routine month-end work rather than claim that something is wrong:
/// their entries are not flagged items in an agent's precision. Every other rule (a bank
/// charge, a GRNI accrual, a reversal, a missing counterpart...) claims a problem.
enum RoutineRules {
    static let all: Set<String> = ["recurring-accrual", "closing-rate-revaluation", "revaluation-rounding", "intercompany-elimination"]
}
