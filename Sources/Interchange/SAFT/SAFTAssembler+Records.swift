import LedgerCore

extension SAFTAssembler {
    /// The header gives the version (and so the layout), the company, its currency and the
    /// selection; everything after it is read in its terms.
    mutating func finishHeader(line: Int, path: SAFTPath) throws(LedgerError) {
        let versionField = try required(header, "AuditFileVersion", in: "the Header", line: headerLine, path: path)
        switch versionField.value {
        case "1.30", "1.3": version = .v130
        case "1.10", "1.1", "1.0", "1.00", "1.20", "1.2": version = .v110
        default:
            throw refusal("AuditFileVersion '\(SafeText.excerpt(versionField.value, limit: 20))' is not one this reader knows; it reads Norwegian SAF-T Financial 1.10 and 1.30",
                          line: versionField.line, path: versionField.path)
        }
        let currencyField = try required(header, "DefaultCurrencyCode", in: "the Header", line: headerLine, path: path)
        do {
            currency = try Currency(currencyField.value)
        } catch {
            throw error.at(SourceLocation(file: file, line: currencyField.line, field: currencyField.path.text))
        }
        let name = try required(header, "Company/Name", in: "the Header", line: headerLine, path: path)
        registration = try required(header, "Company/RegistrationNumber", in: "the Header", line: headerLine, path: path).value
        let code = options.entity ?? "NO" + String(registration.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(14))
        guard GroupDefinition.isCode(code) else {
            throw refusal("the entity code '\(SafeText.excerpt(code, limit: 40))' must be 1-16 letters, digits, '-' or '_'; name one with --entity",
                          line: headerLine, path: path)
        }
        let country = header["Company/Address/Country"]?.value ?? header["AuditFileCountry"]?.value ?? "NO"
        entity = Entity(code: code, name: name.value, currency: currency, country: country.isEmpty ? "NO" : country)
        selection = try readSelection(path: path)
        headerDone = true
    }

    /// SelectionCriteria: a range of periods (months) or of dates.
    private func readSelection(path: SAFTPath) throws(LedgerError) -> (CalendarDate, CalendarDate) {
        func date(_ key: String) throws(LedgerError) -> CalendarDate? {
            guard let field = header["SelectionCriteria/" + key], !field.value.isEmpty else { return nil }
            do { return try CalendarDate(parsing: field.value) } catch { throw error.at(SourceLocation(file: file, line: field.line, field: field.path.text)) }
        }
        func number(_ key: String, _ range: ClosedRange<Int>) throws(LedgerError) -> Int? {
            guard let field = header["SelectionCriteria/" + key], !field.value.isEmpty else { return nil }
            guard let value = Int(field.value), range.contains(value) else {
                throw refusal("\(key) '\(SafeText.excerpt(field.value, limit: 20))' must be a number from \(range.lowerBound) to \(range.upperBound)", line: field.line, path: field.path)
            }
            return value
        }
        if let start = try date("SelectionStartDate"), let end = try date("SelectionEndDate") { return (start, end) }
        guard let startMonth = try number("PeriodStart", 1...12), let startYear = try number("PeriodStartYear", 1...9999),
              let endMonth = try number("PeriodEnd", 1...12), let endYear = try number("PeriodEndYear", 1...9999) else {
            throw refusal("the Header has no SelectionCriteria with PeriodStart, PeriodStartYear, PeriodEnd and PeriodEndYear (or SelectionStartDate and SelectionEndDate); the opening balances are dated by it",
                          line: headerLine, path: path.appending("SelectionCriteria"))
        }
        // Periods are read as calendar months, the usual case in Norway (docs/file-formats.md).
        let start = try CalendarDate(year: startYear, month: startMonth, day: 1)
        let end = try CalendarDate(year: endYear, month: endMonth, day: 1).period.lastDay
        return (start, end)
    }

    mutating func finishAccount() throws(LedgerError) {
        guard let record = account else { return }
        account = nil
        let id = try required(record.fields, "AccountID", in: "this account", line: record.line, path: record.path)
        guard GroupDefinition.isCode(id.value) else {
            throw refusal("AccountID '\(SafeText.excerpt(id.value, limit: 40))' cannot be a ledger account code (1-16 letters, digits, '-' or '_')", line: id.line, path: id.path)
        }
        if let first = accountIndex[id.value] {
            throw refusal("account \(id.value) is listed twice (first on line \(accounts[first].line))", line: id.line, path: id.path)
        }
        guard let (type, source) = SAFTAccountTypes.type(standardAccountID: record.fields["StandardAccountID"]?.value,
                                                        groupingCode: record.fields["GroupingCode"]?.value, accountID: id.value) else {
            throw refusal("cannot tell the type of account \(id.value): neither StandardAccountID, GroupingCode nor AccountID is an NS 4102 account number (two digits, 10 to 89)",
                          line: record.line, path: record.path)
        }
        func balance(_ debit: String, _ credit: String) throws(LedgerError) -> Int64 {
            let d = try record.fields[debit].map { field throws(LedgerError) in try amount(field) } ?? 0
            let c = try record.fields[credit].map { field throws(LedgerError) in try amount(field) } ?? 0
            return try Checked.subtract(d, c, "the balance of account \(id.value)")
        }
        let description = record.fields["AccountDescription"]?.value ?? ""
        accountIndex[id.value] = accounts.count
        accounts.append(SAFTAccount(account: Account(code: id.value, name: description.isEmpty ? id.value : description, type: type),
                                    typeSource: source,
                                    openingMinor: try balance("OpeningDebitBalance", "OpeningCreditBalance"),
                                    closingMinor: try balance("ClosingDebitBalance", "ClosingCreditBalance"),
                                    line: record.line, path: record.path.text))
        movements.append(0)
    }
}
