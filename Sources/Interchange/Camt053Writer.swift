import LedgerCore

/// Writes one statement as an ISO 20022 camt.053.001.08 message (BankToCustomerStatementV08),
/// as a bank would send it: group header, account, opening and closing booked balances, a
/// transaction summary and one booked entry per line. Amounts are unsigned with the
/// currency's decimals; the sign is in CdtDbtInd. The same statement and message id give the
/// same bytes: no clock, no dictionary order, two-space indentation, LF.
public enum Camt053Writer {
    public static let namespace = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"

    public static func write(_ statement: BankStatement, messageID: String) -> [UInt8] {
        var xml = XMLOutput(capacity: 2048 + statement.lines.count * 1600)
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"\(namespace)\">\n")
        xml.depth = 1
        xml.open("BkToCstmrStmt")
        xml.open("GrpHdr")
        xml.leaf("MsgId", messageID)
        xml.leaf("CreDtTm", statement.createdAt)
        xml.close("GrpHdr")
        xml.open("Stmt")
        xml.leaf("Id", statement.id)
        xml.leaf("CreDtTm", statement.createdAt)
        xml.open("FrToDt")
        xml.leaf("FrDtTm", "\(statement.openingDate)T00:00:00")
        xml.leaf("ToDtTm", "\(statement.closingDate)T23:59:59")
        xml.close("FrToDt")
        account(statement, &xml)
        balance("OPBD", statement.openingMinor, statement.openingDate, statement.currency, &xml)
        balance("CLBD", statement.closingMinor, statement.closingDate, statement.currency, &xml)
        summary(statement, &xml)
        for line in statement.lines {
            entry(line, statement.currency, &xml)
        }
        xml.close("Stmt")
        xml.close("BkToCstmrStmt")
        xml.raw("</Document>\n")
        return xml.bytes
    }

    /// ISO 13616 shape: two capital letters, two check digits, 11-30 letters or digits.
    /// The check digits are not verified: the id is the bank's, we only choose the element.
    static func looksLikeIBAN(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (15...34).contains(bytes.count) else { return false }
        let upper = UInt8(ascii: "A")...UInt8(ascii: "Z")
        let lower = UInt8(ascii: "a")...UInt8(ascii: "z")
        let digit = UInt8(ascii: "0")...UInt8(ascii: "9")
        return bytes[0..<2].allSatisfy(upper.contains) && bytes[2..<4].allSatisfy(digit.contains)
            && bytes[4...].allSatisfy { upper.contains($0) || lower.contains($0) || digit.contains($0) }
    }

    private static func account(_ statement: BankStatement, _ xml: inout XMLOutput) {
        xml.open("Acct")
        xml.open("Id")
        if looksLikeIBAN(statement.iban) {
            xml.leaf("IBAN", statement.iban)
        } else {
            xml.open("Othr")
            xml.leaf("Id", statement.iban)
            xml.close("Othr")
        }
        xml.close("Id")
        xml.leaf("Ccy", statement.currency.code)
        if let bic = statement.bic {
            xml.open("Svcr")
            xml.open("FinInstnId")
            xml.leaf("BICFI", bic)
            xml.close("FinInstnId")
            xml.close("Svcr")
        }
        xml.close("Acct")
    }

    private static func balance(_ code: String, _ amountMinor: Int64, _ date: CalendarDate, _ currency: Currency,
                                _ xml: inout XMLOutput) {
        xml.open("Bal")
        xml.open("Tp")
        xml.open("CdOrPrtry")
        xml.leaf("Cd", code)
        xml.close("CdOrPrtry")
        xml.close("Tp")
        xml.amount(amountMinor, currency)
        xml.open("Dt")
        xml.date("Dt", date)
        xml.close("Dt")
        xml.close("Bal")
    }

    /// Sum is the total of the entries regardless of sign; the net carries the direction.
    private static func summary(_ statement: BankStatement, _ xml: inout XMLOutput) {
        var grossMinor: UInt64 = 0
        var netMinor: Int64 = 0
        for line in statement.lines {
            grossMinor += line.amountMinor.magnitude  // traps on overflow: no statement is that large
            netMinor += line.amountMinor
        }
        let scale = statement.currency.exponent
        xml.open("TxsSummry")
        xml.open("TtlNtries")
        xml.leaf("NbOfNtries", String(statement.lines.count))
        xml.number("Sum", magnitude: grossMinor, scale: scale)
        xml.open("TtlNetNtry")
        xml.number("Amt", magnitude: netMinor.magnitude, scale: scale)
        xml.leaf("CdtDbtInd", netMinor < 0 ? "DBIT" : "CRDT")
        xml.close("TtlNetNtry")
        xml.close("TtlNtries")
        xml.close("TxsSummry")
    }

    private static func entry(_ line: BankLine, _ currency: Currency, _ xml: inout XMLOutput) {
        let code = line.kind.transactionCode
        xml.open("Ntry")
        xml.amount(line.amountMinor, currency)
        xml.open("Sts")
        xml.leaf("Cd", "BOOK")
        xml.close("Sts")
        xml.open("BookgDt")
        xml.date("Dt", line.bookingDate)
        xml.close("BookgDt")
        xml.open("ValDt")
        xml.date("Dt", line.valueDate)
        xml.close("ValDt")
        xml.optionalLeaf("AcctSvcrRef", line.bankReference)
        xml.open("BkTxCd")
        xml.open("Domn")
        xml.leaf("Cd", code.domain)
        xml.open("Fmly")
        xml.leaf("Cd", code.family)
        xml.leaf("SubFmlyCd", code.subFamily)
        xml.close("Fmly")
        xml.close("Domn")
        xml.close("BkTxCd")
        xml.open("NtryDtls")
        xml.open("TxDtls")
        xml.open("Refs")
        xml.optionalLeaf("AcctSvcrRef", line.bankReference)
        xml.leaf("EndToEndId", line.reference.isEmpty ? "NOTPROVIDED" : line.reference)
        xml.close("Refs")
        xml.amount(line.amountMinor, currency)
        if !line.counterparty.isEmpty {
            // Money in comes from a debtor; money out goes to a creditor.
            let party: StaticString = line.amountMinor < 0 ? "Cdtr" : "Dbtr"
            xml.open("RltdPties")
            xml.open(party)
            xml.open("Pty")
            xml.leaf("Nm", XMLOutput.trimmed(line.counterparty))
            xml.close("Pty")
            xml.close(party)
            xml.close("RltdPties")
        }
        let remittance = [line.reference, line.description].filter { !$0.isEmpty }.joined(separator: " ")
        if !remittance.isEmpty {
            xml.open("RmtInf")
            xml.leaf("Ustrd", XMLOutput.trimmed(remittance))
            xml.close("RmtInf")
        }
        xml.close("TxDtls")
        xml.close("NtryDtls")
        xml.close("Ntry")
    }
}

/// An indented XML byte buffer: one element per line, text escaped. Tags are static strings
/// copied as raw bytes: a 50,000-line statement writes two million of them.
private struct XMLOutput {
    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    var bytes: [UInt8] = []
    var depth = 0

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func open(_ tag: StaticString) {
        start(tag)
        bytes.append(UInt8(ascii: "\n"))
        depth += 1
    }

    mutating func close(_ tag: StaticString) {
        depth -= 1
        indent()
        end(tag)
    }

    mutating func leaf(_ tag: StaticString, _ text: String) {
        start(tag)
        appendEscaped(text)
        end(tag)
    }

    /// The schema's text types have a minimum length of 1: an empty value is left out.
    mutating func optionalLeaf(_ tag: StaticString, _ text: String) {
        if !text.isEmpty { leaf(tag, text) }
    }

    mutating func date(_ tag: StaticString, _ date: CalendarDate) {
        start(tag)
        bytes.appendDate(date)
        end(tag)
    }

    mutating func number(_ tag: StaticString, magnitude: UInt64, scale: Int) {
        start(tag)
        bytes.appendDecimal(magnitude: magnitude, scale: scale)
        end(tag)
    }

    /// `<Amt Ccy="EUR">12.00</Amt>` and its `<CdtDbtInd>`: zero counts as a credit.
    mutating func amount(_ amountMinor: Int64, _ currency: Currency) {
        indent()
        append("<Amt Ccy=\"")
        bytes.append(contentsOf: currency.code.utf8)
        append("\">")
        bytes.appendDecimal(magnitude: amountMinor.magnitude, scale: currency.exponent)
        end("Amt")
        leaf("CdtDbtInd", amountMinor < 0 ? "DBIT" : "CRDT")
    }

    /// Max140Text: at most 140 characters (Unicode scalars), cut at the end.
    static func trimmed(_ text: String) -> String {
        text.utf8.count <= 140 ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(140)))
    }

    private mutating func start(_ tag: StaticString) {
        indent()
        bytes.append(UInt8(ascii: "<"))
        append(tag)
        bytes.append(UInt8(ascii: ">"))
    }

    private mutating func end(_ tag: StaticString) {
        append("</")
        append(tag)
        append(">\n")
    }

    private mutating func indent() {
        bytes.append(contentsOf: Self.spaces[0..<2 * depth])
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Escapes the five XML specials. A CR is written as a character reference, since a
    /// parser would turn a literal one into LF; other C0 controls (besides tab and LF) cannot
    /// appear in XML 1.0 at all, even escaped, so they become spaces.
    private mutating func appendEscaped(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): bytes.append(contentsOf: "&apos;".utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: "&#13;".utf8)
            case UInt8(ascii: "\t"), UInt8(ascii: "\n"): bytes.append(byte)
            case ..<0x20: bytes.append(UInt8(ascii: " "))
            default: bytes.append(byte)
            }
        }
    }
}
