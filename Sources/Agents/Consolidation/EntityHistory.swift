import Governance
import LedgerCore

/// What translation needs of one entity's books, in its functional currency: the asset and
/// liability pieces at the period end, and the monthly movements of equity, revenue and
/// expense pieces since the first month with postings (each month is translated at its own
/// rate). Intercompany pieces come from the lines: lines on intercompany accounts carry
/// their partner; interest lines take the partner of the intercompany line in their entry.
struct EntityHistory {
    var closingPieces: [BalancePiece: Int64] = [:]
    var movements: [PeriodID: [BalancePiece: Int64]] = [:]
    var intercompanyTransaction: [BalancePiece: [Currency: Int64]] = [:]

    init(snapshot: any LedgerSnapshot, entity: Entity, period: PeriodID, accounts: CloseAccounts) throws {
        let group = snapshot.group
        let yearStart = period.fiscalYearStart(startMonth: group.fiscalYearStartMonth)
        // Monthly trial balances back to the first month with postings (balance-sheet rows
        // run since inception, so an empty trial balance means nothing was posted before).
        var totals: [PeriodID: [String: Int64]] = [:]
        var month = period
        while true {
            let balance = try snapshot.trialBalance(entity: entity.code, period: month)
            guard !balance.rows.isEmpty else { break }
            totals[month] = Dictionary(balance.rows.filter { $0.account != TrialBalance.priorYearsAccount }.map { ($0.account, $0.balanceMinor) },
                                       uniquingKeysWith: +)
            month = month.previous
        }
        let first = totals.keys.min() ?? period
        let intercompanyByMonth = try Self.intercompanyLines(snapshot: snapshot, entity: entity.code, from: first, through: period,
                                                             accounts: accounts, yearStart: yearStart, into: &intercompanyTransaction)
        var closingIntercompany: [BalancePiece: Int64] = [:]
        for pieces in intercompanyByMonth.values {
            for (piece, amount) in pieces where group.account(piece.account)?.type.isProfitOrLoss == false {
                closingIntercompany[piece] = try Checked.add(closingIntercompany[piece] ?? 0, amount)
            }
        }
        for (account, balance) in totals[period] ?? [:] {
            guard let type = group.account(account)?.type, type == .asset || type == .liability else { continue }
            try Self.split(balance, account: account, intercompany: closingIntercompany, into: &closingPieces)
        }
        for (month, balances) in totals {
            let before = totals[month.previous] ?? [:]
            let sameYear = month.previous.fiscalYearStart(startMonth: group.fiscalYearStartMonth) == month.fiscalYearStart(startMonth: group.fiscalYearStartMonth)
            var pieces: [BalancePiece: Int64] = [:]
            for account in Set(balances.keys).union(before.keys) {
                guard let type = group.account(account)?.type, type == .equity || type.isProfitOrLoss else { continue }
                let opening = type == .equity || sameYear ? before[account] ?? 0 : 0
                let movement = try Checked.add(balances[account] ?? 0, try Checked.negate(opening))
                try Self.split(movement, account: account, intercompany: intercompanyByMonth[month] ?? [:], into: &pieces)
            }
            movements[month] = pieces
        }
    }

    /// Splits an account's amount into its intercompany pieces and the rest.
    private static func split(_ total: Int64, account: String, intercompany: [BalancePiece: Int64],
                              into pieces: inout [BalancePiece: Int64]) throws {
        var rest = total
        for (piece, amount) in intercompany where piece.account == account {
            pieces[piece] = amount
            rest = try Checked.add(rest, try Checked.negate(amount))
        }
        if rest != 0 { pieces[BalancePiece(account: account, partner: nil)] = rest }
    }

    /// Functional amounts per month and intercompany piece, and the transaction-currency
    /// amounts of each piece (balance sheet since inception, P&L for the year to date).
    private static func intercompanyLines(snapshot: any LedgerSnapshot, entity: String, from: PeriodID, through: PeriodID,
                                          accounts: CloseAccounts, yearStart: PeriodID,
                                          into transaction: inout [BalancePiece: [Currency: Int64]]) throws -> [PeriodID: [BalancePiece: Int64]] {
        let group = snapshot.group
        let codes = group.accounts.filter(\.isIntercompany).map(\.code) + [accounts.interestIncome, accounts.interestExpense]
        let lines = try snapshot.postedLines(entity: entity, from: from.firstDay, through: through.lastDay, accounts: codes)
        var partnerOfEntry: [Int64: Set<String>] = [:]
        for line in lines { if let partner = line.partner { partnerOfEntry[line.entryID, default: []].insert(partner) } }
        var byMonth: [PeriodID: [BalancePiece: Int64]] = [:]
        for line in lines {
            // A line without a partner of its own (loan interest) is intercompany when its
            // entry names exactly one partner.
            let partners = partnerOfEntry[line.entryID] ?? []
            guard let partner = line.partner ?? (partners.count == 1 ? partners.first : nil) else { continue }
            let piece = BalancePiece(account: line.account, partner: partner)
            let month = line.date.period
            byMonth[month, default: [:]][piece] = try Checked.add(byMonth[month]?[piece] ?? 0, line.functionalMinor)
            if group.account(line.account)?.type.isProfitOrLoss == false || month >= yearStart {
                transaction[piece, default: [:]][line.currency] = try Checked.add(transaction[piece]?[line.currency] ?? 0, line.amountMinor)
            }
        }
        return byMonth
    }
}

extension AccountType {
    var isProfitOrLoss: Bool { self == .revenue || self == .expense }
}
