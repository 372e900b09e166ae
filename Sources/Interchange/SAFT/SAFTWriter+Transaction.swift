import LedgerCore

extension SAFTWriter {
    static func transaction(_ lines: ArraySlice<LedgerLine>, currency: Currency) throws -> String {
        let first = lines[lines.startIndex]
        var text = """
              <Transaction>
                <TransactionID>\(XMLText.escaped(first.document))</TransactionID>
                <Period>\(first.date.month)</Period>
                <PeriodYear>\(first.date.year)</PeriodYear>
                <TransactionDate>\(first.date)</TransactionDate>
                <Description>\(try XMLText.checked(first.entryDescription, limit: 256, what: "the description of \(first.document)"))</Description>
                <SystemEntryDate>\(first.date)</SystemEntryDate>
                <GLPostingDate>\(first.date)</GLPostingDate>

        """
        for (index, line) in lines.enumerated() {
            text += "          <Line>\n            <RecordID>\(index + 1)</RecordID>\n"
            text += "            <AccountID>\(XMLText.escaped(line.account))</AccountID>\n"
            if let partner = line.partner {
                text += "            <Analysis>\n              <AnalysisType>\(partnerAnalysisType)</AnalysisType>\n              <AnalysisID>\(XMLText.escaped(partner))</AnalysisID>\n            </Analysis>\n"
            }
            if !line.reference.isEmpty {
                text += "            <SourceDocumentID>\(try XMLText.checked(line.reference, limit: 35, what: "the reference of \(first.document) line \(index + 1)"))</SourceDocumentID>\n"
            }
            text += "            <Description>\(try XMLText.checked(line.description, limit: 256, what: "the description of \(first.document) line \(index + 1)"))</Description>\n"
            let isDebit = line.functionalMinor > 0 || (line.functionalMinor == 0 && line.amountMinor > 0)
            let side = isDebit ? "DebitAmount" : "CreditAmount"
            text += "            <\(side)>\n              <Amount>\(amount(line.functionalMinor, currency))</Amount>\n"
            if line.currency != currency {
                guard line.currency.exponent <= 2 else {
                    throw LedgerError(.invalidCurrency, "\(first.document) line \(index + 1) is in \(line.currency), which has \(line.currency.exponent) decimals; SAF-T amounts have at most 2")
                }
                text += "              <CurrencyCode>\(line.currency.code)</CurrencyCode>\n"
                text += "              <CurrencyAmount>\(amount(line.amountMinor, line.currency))</CurrencyAmount>\n"
                if let rate = rate(line, currency) { text += "              <ExchangeRate>\(rate)</ExchangeRate>\n" }
            }
            text += "            </\(side)>\n          </Line>\n"
        }
        return text + "        </Transaction>\n"
    }

    /// Functional units per unit of the line's currency, to 8 decimals (half-even): for the
    /// reader's information; the amounts themselves are exact.
    static func rate(_ line: LedgerLine, _ functional: Currency) -> String? {
        guard line.amountMinor != 0 else { return nil }
        let numerator = Int128(line.functionalMinor.magnitude) * Int128(Decimal10.pow10[line.currency.exponent]) * 100_000_000
        let denominator = Int128(line.amountMinor.magnitude) * Int128(Decimal10.pow10[functional.exponent])
        let scaled = Rounding.divideHalfEven(numerator, by: denominator)
        guard scaled > 0, let value = Int64(exactly: scaled) else { return nil }
        return Decimal10.format(value, scale: 8)
    }
}

/// Text inside an XML element.
enum XMLText {
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Escaped, or refused when longer than the schema allows: never cut short silently.
    static func checked(_ text: String, limit: Int, what: String) throws(LedgerError) -> String {
        guard text.count <= limit else {
            throw LedgerError(.invalidText, "\(what) has \(text.count) characters; SAF-T allows \(limit) there")
        }
        return escaped(text)
    }
}
