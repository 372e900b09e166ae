import LedgerCore

extension SAFTBooks {
    /// `group` with the company as an entity (unless the group has it already) and every
    /// account of the file in its chart. A code the group's chart has already must have the
    /// type the file gives it, and the entity its currency: otherwise the books would not
    /// mean what the file says.
    public func merged(into group: GroupDefinition) throws(LedgerError) -> GroupDefinition {
        var merged = group
        try requireCompatible(with: group)
        if group.entity(entity.code) == nil { merged.entities.append(entity) }
        for account in accounts where group.account(account.account.code) == nil {
            merged.accounts.append(account.account)
        }
        return merged
    }

    /// What keeps the file from posting into `group` as it is: its entity missing or in
    /// another currency, its accounts missing or of another type.
    public func problems(in group: GroupDefinition) -> [String] {
        var problems: [String] = []
        if let existing = group.entity(entity.code) {
            if existing.currency != entity.currency {
                problems.append("entity \(entity.code) keeps its books in \(existing.currency), the file in \(entity.currency)")
            }
        } else {
            problems.append("the group has no entity \(entity.code) (name another with --entity, or create a ledger for the file with --group)")
        }
        var missing: [String] = []
        for account in accounts {
            guard let existing = group.account(account.account.code) else { missing.append(account.account.code); continue }
            if existing.type != account.account.type {
                problems.append("account \(account.account.code) is \(existing.type.rawValue) in the chart but \(account.account.type.rawValue) in the file (\(account.typeSource))")
            }
        }
        if !missing.isEmpty {
            let shown = missing.prefix(20).joined(separator: ", ") + (missing.count > 20 ? " and \(missing.count - 20) more" : "")
            problems.append("the chart lacks \(missing.count) account(s) of the file: \(shown)")
        }
        return problems
    }

    private func requireCompatible(with group: GroupDefinition) throws(LedgerError) {
        let clashes = problems(in: group).filter { !$0.hasPrefix("the chart lacks") && !$0.hasPrefix("the group has no entity") }
        guard clashes.isEmpty else {
            throw LedgerError(.invalidGroup, "the group file and the SAF-T file disagree: " + clashes.joined(separator: "; "))
        }
    }
}
