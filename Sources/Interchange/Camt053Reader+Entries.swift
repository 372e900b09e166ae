import LedgerCore

/// The entries of one statement: which count, their amounts and dates, and how an entry
/// and its transaction details (TxDtls) become bank lines.
extension Camt053Reader.StatementReader {
    struct Entries {
        var lines: [BankLine] = []
        /// True when the amount of every booked entry was read: only then does the tie-out mean something.
        var complete = true
    }

    /// A booked entry whose amount and dates were read.
    struct Entry {
        var node: Camt053Reader.Node
        var path: String
        /// 1-based position among the statement's Ntry elements, booked or not.
        var number: Int
        var amountMinor: Int64
        /// +1 for CRDT, -1 for DBIT: a zero amount keeps its direction.
        var sign: Int64
        var bookingDate: CalendarDate
        var valueDate: CalendarDate
    }

    /// One TxDtls with its element path.
    struct Detail {
        var node: Camt053Reader.Node
        var path: String
    }

    mutating func readEntries() -> Entries {
        var entries = Entries()
        for (offset, ntry) in element.all("Ntry").enumerated() {
            readEntry(ntry, number: offset + 1, into: &entries)
        }
        return entries
    }

    /// Only booked (BOOK) entries count; pending or information-only ones are noted and skipped.
    private mutating func readEntry(_ ntry: Camt053Reader.Node, number: Int, into entries: inout Entries) {
        let entryPath = "\(path)/Ntry[\(number)]"
        let status = Self.status(of: ntry)
        guard status == "BOOK" else {
            if status.isEmpty {
                report("the entry has no status; expected Sts (v2 to v5) or Sts/Cd (v6 and later) with BOOK, PDNG or INFO",
                       "\(entryPath)/Sts", ntry.child("Sts") ?? ntry, blocking: true)
                entries.complete = false
            } else {
                report("the entry's status is \(status)\(Self.statusMeaning(status)), not BOOK: it is left out of the statement and its tie-out",
                       "\(entryPath)/Sts", ntry.child("Sts"), blocking: false)
            }
            return
        }
        var problems: [Camt053Reader.Problem] = []
        let magnitude = unsignedAmount(ntry.child("Amt"), at: "\(entryPath)/Amt", parent: ntry, problems: &problems)
        let sign = Self.sign(ntry.child("CdtDbtInd"), at: "\(entryPath)/CdtDbtInd", parent: ntry, problems: &problems)
        var bookingDate: CalendarDate?
        if let booking = ntry.child("BookgDt") {
            bookingDate = Self.date(in: booking, path: "\(entryPath)/BookgDt", problems: &problems)
        } else {
            problems.append(Camt053Reader.Problem("a booked entry needs a booking date; expected BookgDt/Dt or BookgDt/DtTm",
                                                  "\(entryPath)/BookgDt", ntry))
        }
        var valueDate: CalendarDate?
        if let value = ntry.child("ValDt") {
            valueDate = Self.date(in: value, path: "\(entryPath)/ValDt", problems: &problems)
        }
        report(problems, blocking: true)
        // A booked entry that gives no line leaves the tie-out unchecked rather than wrong.
        guard problems.isEmpty, let magnitude, let sign, let bookingDate else {
            entries.complete = false
            return
        }
        let entry = Entry(node: ntry, path: entryPath, number: number, amountMinor: sign * magnitude, sign: sign,
                          bookingDate: bookingDate, valueDate: valueDate ?? bookingDate)
        entries.lines.append(contentsOf: lines(for: entry))
    }

    // MARK: Lines

    /// One line per entry; one per TxDtls for a batch whose transaction amounts add up to the entry.
    private mutating func lines(for entry: Entry) -> [BankLine] {
        let details = entry.node.all("NtryDtls").enumerated().flatMap { batchOffset, batch in
            batch.all("TxDtls").enumerated().map { offset, node in
                Detail(node: node, path: "\(entry.path)/NtryDtls[\(batchOffset + 1)]/TxDtls[\(offset + 1)]")
            }
        }
        let entryReference = entry.node.child("AcctSvcrRef")?.value ?? ""
        let entryBankReference = entryReference.isEmpty ? "\(id)-\(entry.number)" : entryReference
        guard details.count > 1 else {
            if let detail = details.first { checkLoneAmount(detail, entry) }
            let detail = details.first
            return [line(entry, detail: detail, amountMinor: entry.amountMinor,
                         bankReference: Self.bankReference(detail) ?? entryBankReference, inBatch: false)]
        }
        switch split(details, entry) {
        case .amounts(let amounts):
            return zip(details, amounts).enumerated().map { offset, pair in
                line(entry, detail: pair.0, amountMinor: pair.1,
                     bankReference: Self.bankReference(pair.0) ?? "\(entryBankReference)/\(offset + 1)", inBatch: true)
            }
        case .unsplittable(let reason):
            report("the entry holds \(details.count) transactions (TxDtls) but \(reason); it is taken as one line of \(formatted(entry.amountMinor))",
                   entry.path, entry.node, blocking: false)
            var whole = line(entry, detail: nil, amountMinor: entry.amountMinor, bankReference: entryBankReference, inBatch: false)
            whole.reference = entry.node.child("NtryDtls", "Btch", "PmtInfId")?.value ?? ""
            return [whole]
        }
    }

    private func line(_ entry: Entry, detail: Detail?, amountMinor: Int64, bankReference: String, inBatch: Bool) -> BankLine {
        let reference = Self.reference(detail?.node)
        let remittance = Self.remittanceText(detail?.node).map { Self.description(remittance: $0, reference: reference) }
        let additional = entry.node.child("AddtlNtryInf").flatMap { $0.value.isEmpty ? nil : $0.text }
        let code = inBatch ? (detail?.node.child("BkTxCd") ?? entry.node.child("BkTxCd"))
                           : (entry.node.child("BkTxCd") ?? detail?.node.child("BkTxCd"))
        let description = (inBatch ? remittance ?? additional : additional ?? remittance) ?? Self.codeText(code)
        return BankLine(bookingDate: entry.bookingDate, valueDate: entry.valueDate, amountMinor: amountMinor,
                        reference: reference.text, bankReference: bankReference,
                        counterparty: Self.counterparty(detail?.node, moneyIn: amountMinor >= 0),
                        description: description, kind: Self.kind(code))
    }

    // MARK: Batches

    enum Split {
        case amounts([Int64])
        case unsplittable(String)
    }

    /// The signed amount of every TxDtls (AmtDtls/TxAmt/Amt, else Amt; its CdtDbtInd, else the
    /// entry's), when each has one in the account's currency and together they make the entry.
    private func split(_ details: [Detail], _ entry: Entry) -> Split {
        var amounts: [Int64] = []
        var totalMinor: Int64 = 0
        for detail in details {
            guard let (amount, amountPath) = Self.transactionAmount(detail) else {
                return .unsplittable("\(detail.path) has no amount (AmtDtls/TxAmt/Amt or Amt)")
            }
            var problems: [Camt053Reader.Problem] = []
            let magnitude = unsignedAmount(amount, at: amountPath, parent: detail.node, problems: &problems)
            let indicator = detail.node.child("CdtDbtInd")
            let sign = indicator == nil ? entry.sign
                : Self.sign(indicator, at: "\(detail.path)/CdtDbtInd", parent: detail.node, problems: &problems)
            guard let magnitude, let sign else {
                let problem = problems.first.map { "\($0.field): \($0.message)" } ?? detail.path
                return .unsplittable(problem)
            }
            let (sum, overflow) = totalMinor.addingReportingOverflow(sign * magnitude)
            guard !overflow else { return .unsplittable("their amounts overflow when added") }
            totalMinor = sum
            amounts.append(sign * magnitude)
        }
        guard totalMinor == entry.amountMinor else {
            return .unsplittable("their amounts add up to \(formatted(totalMinor)), not the entry amount \(formatted(entry.amountMinor))")
        }
        return .amounts(amounts)
    }

    /// A single TxDtls's own amount is not booked (the entry's is), but one that disagrees
    /// with the entry is worth a note.
    private mutating func checkLoneAmount(_ detail: Detail, _ entry: Entry) {
        guard let (amount, amountPath) = Self.transactionAmount(detail) else { return }
        var problems: [Camt053Reader.Problem] = []
        let magnitude = unsignedAmount(amount, at: amountPath, parent: detail.node, problems: &problems)
        let indicator = detail.node.child("CdtDbtInd")
        let sign = indicator == nil ? entry.sign
            : Self.sign(indicator, at: "\(detail.path)/CdtDbtInd", parent: detail.node, problems: &problems)
        if let magnitude, let sign, sign * magnitude == entry.amountMinor { return }
        let written = "\(amount.value) \(amount.attributes["Ccy"] ?? "")"
        let why = problems.first.map { " (\($0.message))" } ?? ""
        report("the transaction amount \(written) is not the entry amount \(formatted(entry.amountMinor))\(why); the entry amount is used",
               amountPath, amount, blocking: false)
    }

    private static func transactionAmount(_ detail: Detail) -> (Camt053Reader.Node, String)? {
        if let amount = detail.node.child("AmtDtls", "TxAmt", "Amt") { return (amount, "\(detail.path)/AmtDtls/TxAmt/Amt") }
        if let amount = detail.node.child("Amt") { return (amount, "\(detail.path)/Amt") }
        return nil
    }

    private func formatted(_ minor: Int64) -> String {
        guard let currency else { return "\(minor) (minor units)" }
        return "\(Decimal10.format(minor, scale: currency.exponent)) \(currency)"
    }

    // MARK: Fields of a line

    /// `Sts` holds the code itself up to v5 and `Sts/Cd` (or `Sts/Prtry`) from v6 on.
    static func status(of ntry: Camt053Reader.Node) -> String {
        guard let status = ntry.child("Sts") else { return "" }
        if let code = status.child("Cd") ?? status.child("Prtry") { return code.value }
        return status.value
    }

    static func statusMeaning(_ status: String) -> String {
        switch status {
        case "PDNG": " (pending)"
        case "INFO": " (information only)"
        case "FUTR": " (future)"
        default: ""
        }
    }

    struct Reference {
        var text: String
        /// True when the reference is the unstructured remittance text itself.
        var isRemittanceText: Bool
    }

    /// Refs/EndToEndId unless NOTPROVIDED, else the structured creditor reference, else the
    /// unstructured remittance text, but only when there is no EndToEndId at all: an explicit
    /// NOTPROVIDED says the payer gave no reference, and the text is then the description.
    static func reference(_ detail: Camt053Reader.Node?) -> Reference {
        guard let detail else { return Reference(text: "", isRemittanceText: false) }
        let endToEnd = detail.child("Refs", "EndToEndId")?.value ?? ""
        if !endToEnd.isEmpty && endToEnd != "NOTPROVIDED" { return Reference(text: endToEnd, isRemittanceText: false) }
        for structured in detail.child("RmtInf")?.all("Strd") ?? [] {
            if let creditorReference = structured.child("CdtrRefInf", "Ref")?.value, !creditorReference.isEmpty {
                return Reference(text: creditorReference, isRemittanceText: false)
            }
        }
        if endToEnd != "NOTPROVIDED", let text = remittanceText(detail) {
            return Reference(text: text, isRemittanceText: true)
        }
        return Reference(text: "", isRemittanceText: false)
    }

    /// The RmtInf/Ustrd texts as written, joined by a space; nil when there are none.
    static func remittanceText(_ detail: Camt053Reader.Node?) -> String? {
        let texts = (detail?.child("RmtInf")?.all("Ustrd") ?? []).filter { !$0.value.isEmpty }.map(\.text)
        return texts.isEmpty ? nil : texts.joined(separator: " ")
    }

    /// The remittance text as a description. A bank (and `Camt053Writer`) often repeats the
    /// reference at its start: that copy is dropped, so the text left is the description.
    static func description(remittance: String, reference: Reference) -> String {
        guard !reference.isRemittanceText, !reference.text.isEmpty else { return remittance }
        if remittance == reference.text { return "" }
        let prefix = Array((reference.text + " ").utf8)
        guard remittance.utf8.starts(with: prefix) else { return remittance }
        return String(decoding: Array(remittance.utf8.dropFirst(prefix.count)), as: UTF8.self)
    }

    /// The other party: the debtor for money in, the creditor for money out (`Nm`, or `Pty/Nm`
    /// from v8), falling back to the ultimate debtor or creditor.
    static func counterparty(_ detail: Camt053Reader.Node?, moneyIn: Bool) -> String {
        guard let parties = detail?.child("RltdPties") else { return "" }
        for role in moneyIn ? ["Dbtr", "UltmtDbtr"] : ["Cdtr", "UltmtCdtr"] {
            if let name = parties.child(role, "Nm") ?? parties.child(role, "Pty", "Nm"), !name.value.isEmpty {
                return name.text
            }
        }
        return ""
    }

    /// The bank's reference of one transaction, Refs/AcctSvcrRef.
    static func bankReference(_ detail: Detail?) -> String? {
        guard let reference = detail?.node.child("Refs", "AcctSvcrRef")?.value, !reference.isEmpty else { return nil }
        return reference
    }

    /// Sub-family CHRG is a fee, INTR interest; everything else a transfer.
    static func kind(_ code: Camt053Reader.Node?) -> BankLineKind {
        switch code?.child("Domn", "Fmly", "SubFmlyCd")?.value {
        case "CHRG": .fee
        case "INTR": .interest
        default: .transfer
        }
    }

    /// `PMNT/RCDT/ESCT` from the domain codes, else the proprietary code, for a line with no text.
    static func codeText(_ code: Camt053Reader.Node?) -> String {
        guard let code else { return "" }
        if let domain = code.child("Domn") {
            return [domain.child("Cd"), domain.child("Fmly", "Cd"), domain.child("Fmly", "SubFmlyCd")]
                .compactMap { $0?.value }.filter { !$0.isEmpty }.joined(separator: "/")
        }
        return code.child("Prtry", "Cd")?.value ?? ""
    }
}
