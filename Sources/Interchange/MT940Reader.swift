import LedgerCore

/// Reads SWIFT MT940 customer statements (docs/file-formats.md, "MT940 (read)"): each message
/// from `:20:` on is one statement, put on the group's bank account its `:25:` names, with
/// balances from `:60F:`/`:60M:` and `:62F:`/`:62M:`, and one line per `:61:` described by the
/// `:86:` fields after it.
///
/// A problem with one statement (it does not tie out, its currency is not the account's, an
/// amount has more decimals than the currency, a `:61:` cannot be read...) is a blocking issue
/// of that statement: the other statements of the file stay importable. A statement without a
/// readable opening and closing balance cannot be formed and is left out, named by its issues.
/// A file without any `:20:` is refused.
public enum MT940Reader {
    public static func read(_ bytes: [UInt8], file: String, group: GroupDefinition) throws(LedgerError) -> BankFileImport {
        try read(bytes, file: file, group: group, account: nil)
    }

    /// With `account`, every statement is put on that bank account whatever its `:25:` says,
    /// unless the `:25:` names another bank account of the group (a blocking issue): the
    /// reading behind `--entity/--account`.
    public static func read(_ bytes: [UInt8], file: String, group: GroupDefinition,
                            account: BankAccount?) throws(LedgerError) -> BankFileImport {
        if let line = InputLimits.firstLongLine(bytes[...]) { throw InputLimits.tooLongLine(line, file: file) }
        let layout = MT940Layout(lines: MT940Text.lines(bytes))
        guard !layout.messages.isEmpty else { throw noStatement(file: file) }
        var issues = strayIssues(layout.strayFields, layout.strayBinaryLines, file: file)
        var statements: [BankStatement] = []
        for (message, id) in zip(layout.messages, statementIDs(layout.messages, file: file, issues: &issues)) {
            var reader = MT940StatementReader(message: message, id: id, file: file, group: group, override: account)
            if let statement = reader.read() { statements.append(statement) }
            issues += reader.issues
        }
        return BankFileImport(statements: statements, issues: byLine(issues))
    }

    /// `:20:` + "/" + `:28C:`, unique within the file: a repeated id (Rabobank repeats
    /// `:20:`/`:28C:` for every day) gets the closing date, then a counter, added, with a note.
    private static func statementIDs(_ messages: [MT940Message], file: String, issues: inout [BankFileIssue]) -> [String] {
        var ids = MT940StatementIDs()
        return messages.map { ids.next($0, file: file, issues: &issues) }
    }

    static func noStatement(file: String) -> LedgerError {
        LedgerError(.invalidFile, "the file holds no MT940 statement: no line starts with the :20: transaction reference",
                    at: SourceLocation(file: file))
    }

    /// Notes on what stands outside every statement: fields, then binary lines.
    static func strayIssues(_ fields: [MT940Field], _ binaryLines: [Int], file: String) -> [BankFileIssue] {
        fields.map { field in
            BankFileIssue(location: SourceLocation(file: file, line: field.line, field: field.name),
                          message: "\(field.name) stands outside a statement (before its :20: or after the end '-' of a message); it was ignored",
                          statement: nil, blocking: false)
        } + binaryLines.map { line in
            BankFileIssue(location: SourceLocation(file: file, line: line),
                          message: "the line holds a binary character (a byte that is not UTF-8 text, or a control character) outside any statement; it was ignored",
                          statement: nil, blocking: false)
        }
    }
}

/// One physical line of the file, without its line break.
struct MT940Line {
    var number: Int
    var text: String
    /// The line held a byte that is not UTF-8 text, or a control character; each was read as U+FFFD.
    var isBinary: Bool
}

enum MT940Text {
    /// Splits at LF, CRLF or CR, drops a UTF-8 byte order mark; a missing final line break is fine.
    static func lines(_ bytes: [UInt8]) -> [MT940Line] {
        let body = UTF8Text.droppingByteOrderMark(bytes)
        var lines: [MT940Line] = []
        var start = body.startIndex
        var index = start
        while index < body.endIndex {
            let byte = body[index]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                index += 1
                continue
            }
            lines.append(line(body[start..<index], number: lines.count + 1))
            if byte == UInt8(ascii: "\r"), index + 1 < body.endIndex, body[index + 1] == UInt8(ascii: "\n") { index += 1 }
            index += 1
            start = index
        }
        if start < body.endIndex { lines.append(line(body[start..<body.endIndex], number: lines.count + 1)) }
        return lines
    }

    /// Tabs become spaces; invalid UTF-8 and other control characters become U+FFFD and mark the line.
    static func line(_ bytes: ArraySlice<UInt8>, number: Int) -> MT940Line {
        var isBinary = String(validating: bytes, as: UTF8.self) == nil
        var scalars = String.UnicodeScalarView()
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            switch scalar.value {
            case 0x09: scalars.append(" ")
            case _ where SafeText.isRefused(scalar):  // C0, DEL and C1
                scalars.append("\u{FFFD}")
                isBinary = true
            default: scalars.append(scalar)
            }
        }
        return MT940Line(number: number, text: String(scalars), isBinary: isBinary)
    }
}

/// A field: its tag, the text after the tag and the lines that continue it.
struct MT940Field {
    var tag: String
    var value: String
    var continuation: [String] = []
    var line: Int

    var name: String { ":\(tag):" }
    var lines: [String] { [value] + continuation }
}

/// The fields of one statement: from its `:20:` to the end of the message or the next `:20:`.
struct MT940Message {
    var fields: [MT940Field]
    var binaryLines: [Int] = []

    var line: Int { fields[0].line }
    var reference: String { MT940Parse.trimmed(fields[0].value) }
    var number: String? {
        fields.first { $0.tag == "28C" || $0.tag == "28" }.map { MT940Parse.trimmed($0.value) }
    }

    var rawID: String {
        let reference = reference.isEmpty ? "line-\(line)" : reference
        guard let number, !number.isEmpty else { return reference }
        return "\(reference)/\(number)"
    }

    /// The closing balance date as YYYY-MM-DD, when it can be read.
    var closingDateText: String? {
        guard let closing = fields.first(where: { $0.tag == "62F" || $0.tag == "62M" }) else { return nil }
        let text = MT940Parse.trimmed(closing.value).utf8.dropFirst()
        return MT940Parse.date(Array(text.prefix(6))[...]).map(\.description)
    }
}

/// The file cut into messages and fields. A field starts with `:tag:` at the start of a line
/// and runs on over the lines that do not; blank lines are skipped; a line `-` (also `-}`,
/// `-XXX`) ends a message; SWIFT block wrappers `{1:...}{2:...}{4:` are dropped.
struct MT940Layout {
    var messages: [MT940Message] = []
    /// Statement fields found outside any message.
    var strayFields: [MT940Field] = []
    var strayBinaryLines: [Int] = []

    init(lines: [MT940Line]) {
        var builder = MT940LayoutBuilder()
        for line in lines { builder.add(line) }
        builder.finish()
        (messages, strayFields, strayBinaryLines) = builder.take()
    }

    /// `-`, `-}...`, or `-` and up to three letters or digits (ING ends with `-XXX`).
    static func isMessageEnd(_ text: String) -> Bool {
        guard text.first == "-" else { return false }
        let rest = text.dropFirst()
        return rest.isEmpty || rest.first == "}"
            || (rest.count <= 3 && rest.utf8.allSatisfy { MT940Parse.isDigit($0) || MT940Parse.isLetter($0) })
    }

    /// `:20:`, `:28C:`, `:940:`, `:NS:`: two or three digits and an optional capital letter between colons.
    static func fieldStart(_ text: Substring) -> (tag: String, value: String)? {
        let bytes = Array(text.utf8.prefix(7))
        guard bytes.first == UInt8(ascii: ":"), let close = bytes.dropFirst().firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let tag = bytes[1..<close]
        let digits = tag.prefix { MT940Parse.isDigit($0) }
        let rest = tag.dropFirst(digits.count)
        let isNumbered = (2...3).contains(digits.count) && rest.count <= 1 && rest.allSatisfy { MT940Parse.isUpper($0) }
        let tagText = String(decoding: tag, as: UTF8.self)
        guard isNumbered || tagText == "NS" else { return nil }
        let valueStart = text.utf8.index(text.utf8.startIndex, offsetBy: close + 1)
        return (tagText, String(text[valueStart...]))
    }
}

/// `MT940Layout` a line at a time, for a file read as a stream: the messages ended so far
/// and what stood outside them are taken out as they come.
struct MT940LayoutBuilder {
    private static let statementTags: Set<String> = ["25", "28", "28C", "60F", "60M", "61", "62F", "62M", "86", "64", "65"]

    private var current: MT940Message?
    private var field: MT940Field?
    private var messages: [MT940Message] = []
    private var strayFields: [MT940Field] = []
    private var strayBinaryLines: [Int] = []

    mutating func add(_ line: MT940Line) {
        var text = Substring(line.text)
        if text.first == "{" {
            // {1:...}{2:...}{4: opens the fields of a message; any other block line is none of them.
            endMessage()
            text = text.firstRange(of: "{4:").map { text[$0.upperBound...] } ?? ""
        }
        let content = MT940Parse.trimmed(text)
        if content.isEmpty {
            // A blank line neither ends nor continues a field.
        } else if MT940Layout.isMessageEnd(content) {
            endMessage()
        } else if let (tag, value) = MT940Layout.fieldStart(text) {
            if tag == "20" {
                endMessage()
                current = MT940Message(fields: [])
            } else {
                flush()
            }
            field = MT940Field(tag: tag, value: value, line: line.number)
        } else if field != nil {
            field!.continuation.append(String(text))
        }
        if line.isBinary {
            if current != nil {
                current!.binaryLines.append(line.number)
            } else {
                strayBinaryLines.append(line.number)
            }
        }
    }

    /// The end of the file ends the message and field it is in.
    mutating func finish() { endMessage() }

    /// The messages ended and what stood outside them since the last call.
    mutating func take() -> ([MT940Message], [MT940Field], [Int]) {
        defer {
            messages = []
            strayFields = []
            strayBinaryLines = []
        }
        return (messages, strayFields, strayBinaryLines)
    }

    private mutating func flush() {
        guard let done = field else { return }
        field = nil
        if current != nil {
            current!.fields.append(done)
        } else if Self.statementTags.contains(done.tag) {
            strayFields.append(done)
        }
    }

    private mutating func endMessage() {
        flush()
        if let message = current, !message.fields.isEmpty { messages.append(message) }
        current = nil
    }
}

/// Turns the fields of one message into a statement and its issues.
struct MT940StatementReader {
    let message: MT940Message
    let id: String
    let file: String
    let group: GroupDefinition
    let override: BankAccount?
    private(set) var issues: [BankFileIssue] = []

    init(message: MT940Message, id: String, file: String, group: GroupDefinition, override: BankAccount?) {
        self.message = message
        self.id = id
        self.file = file
        self.group = group
        self.override = override
    }

    private mutating func issue(_ line: Int, _ field: String?, _ text: String, blocking: Bool = true) {
        issues.append(BankFileIssue(location: SourceLocation(file: file, line: line, field: field),
                                    message: text, statement: id, blocking: blocking))
    }

    private mutating func issue(_ field: MT940Field, _ text: String, blocking: Bool = true) {
        issue(field.line, field.name, text, blocking: blocking)
    }

    mutating func read() -> BankStatement? {
        for line in message.binaryLines {
            issue(line, nil, "the line holds a binary character (a byte that is not UTF-8 text, or a control character); it was read as U+FFFD and the statement is held back")
        }
        if message.reference.isEmpty {
            issue(message.fields[0], "the :20: transaction reference is empty; a statement needs one to be told apart")
        }
        let parts = collect()
        let bank = mapAccount(parts.account)
        if parts.number == nil {
            issue(message.fields[0], "no :28C: statement number; the statement id is the :20: reference alone", blocking: false)
        }
        let opening = balance(parts.opening, what: "opening", missing: ":60F:")
        let closing = balance(parts.closing, what: "closing", missing: ":62F:")
        guard let currency = opening?.currency ?? closing?.currency else { return nil }
        if let opening, let closing, opening.currency != closing.currency, let field = parts.closing {
            issue(field, "the closing balance is in \(closing.currency) but the opening balance in \(opening.currency); a statement has one currency")
        }
        if let bank, bank.currency != currency, let field = parts.opening ?? parts.closing {
            issue(field, "the statement is in \(currency) but bank account \(bank.iban) (\(bank.entity)/\(bank.account)) is held in \(bank.currency)")
        }
        let (lines, allRead) = readLines(parts.entries, currency: currency)
        guard let opening, let closing else { return nil }
        if closing.date < opening.date, let field = parts.closing {
            issue(field, "the closing balance date \(closing.date) is before the opening balance date \(opening.date)")
        }
        let statement = BankStatement(id: id, entity: bank?.entity ?? "", account: bank?.account ?? "",
                                      iban: bank?.iban ?? parts.account.map { MT940Account.cleaned($0.value) } ?? "",
                                      bic: bank?.bic, currency: currency,
                                      openingDate: opening.date, openingMinor: opening.amountMinor,
                                      closingDate: closing.date, closingMinor: closing.amountMinor,
                                      createdAt: "\(closing.date)T00:00:00Z", lines: lines)
        if allRead, opening.currency == closing.currency, let field = parts.closing {
            tieOut(statement, at: field)
        }
        return statement
    }

    private struct Parts {
        var account: MT940Field?
        var number: MT940Field?
        var opening: MT940Field?
        var closing: MT940Field?
        /// Each `:61:` with the `:86:` fields that follow it.
        var entries: [(line: MT940Field, details: [MT940Field])] = []
    }

    private static let ignoredTags: Set<String> = ["21", "13", "13D", "34F", "64", "65", "90C", "90D", "NS"]

    private mutating func collect() -> Parts {
        var parts = Parts()
        func once(_ slot: inout MT940Field?, _ field: MT940Field, _ what: String, into issues: inout [BankFileIssue]) {
            guard let first = slot else {
                slot = field
                return
            }
            let shown = MT940Parse.shortened(MT940Parse.trimmed(field.value))
            issues.append(BankFileIssue(location: SourceLocation(file: file, line: field.line, field: field.name),
                                        message: "a second \(what) ('\(shown)') in one statement; the first, \(first.name) on line \(first.line), is kept",
                                        statement: id, blocking: true))
        }
        for field in message.fields.dropFirst() {
            switch field.tag {
            case "25": once(&parts.account, field, "account identification :25:", into: &issues)
            case "28C", "28": once(&parts.number, field, "statement number :28C:", into: &issues)
            case "60F", "60M": once(&parts.opening, field, "opening balance", into: &issues)
            case "62F", "62M": once(&parts.closing, field, "closing balance", into: &issues)
            case "61":
                if parts.closing != nil {
                    issue(field, "a statement line after the closing balance; the lines of a statement come before its :62F:")
                } else {
                    parts.entries.append((field, []))
                }
            case "86":
                // After a :61: it describes that line; elsewhere it is about the statement and not read.
                if parts.closing == nil, !parts.entries.isEmpty { parts.entries[parts.entries.count - 1].details.append(field) }
            case _ where Self.ignoredTags.contains(field.tag):
                break
            default:
                issue(field, "\(field.name) is not a field of an MT940 statement; it was ignored", blocking: false)
            }
        }
        return parts
    }

    private mutating func mapAccount(_ field: MT940Field?) -> BankAccount? {
        guard let field else {
            if override == nil {
                issue(message.fields[0], "no :25: account identification; the statement cannot be put on a bank account (use --entity/--account)")
            }
            return override
        }
        let named = MT940Account.match(field.value, in: group)
        if let override {
            if let named, named.entity != override.entity || named.account != override.account {
                issue(field, "the :25: account id \(MT940Account.cleaned(field.value)) is bank account \(named.entity)/\(named.account) of the group, not \(override.entity)/\(override.account) as given")
            }
            return override
        }
        guard let named else {
            let cleaned = MT940Account.cleaned(field.value)
            let tried = MT940Account.candidates(field.value).filter { !$0.hasPrefix(cleaned) }
            let alternatives = tried.isEmpty ? "" : " (nor \(tried.joined(separator: ", ")))"
            issue(field, "no bank account of the group has account id \(cleaned)\(alternatives); add it under bank_accounts or use --entity/--account")
            return nil
        }
        return named
    }

    private mutating func balance(_ field: MT940Field?, what: String, missing: String) -> MT940Balance? {
        guard let field else {
            let variant = missing == ":60F:" ? ":60F: (or :60M:)" : ":62F: (or :62M:)"
            issue(message.fields[0], "no \(variant) \(what) balance; a statement needs an opening and a closing balance to be tied out")
            return nil
        }
        do {
            return try MT940Balance(parsing: field.value)
        } catch {
            issue(field, "\(what) balance '\(MT940Parse.trimmed(field.value))': \(error.message)")
            return nil
        }
    }

    private mutating func readLines(_ entries: [(line: MT940Field, details: [MT940Field])],
                                    currency: Currency) -> (lines: [BankLine], allRead: Bool) {
        var lines: [BankLine] = []
        var allRead = true
        for (index, entry) in entries.enumerated() {
            do {
                let parsed = try MT940Entry(parsing: entry.line, currency: currency)
                let narrative = MT940Narrative(entry.details)
                let reference = narrative.reference.isEmpty ? MT940Parse.unlessNone(parsed.customerReference) : narrative.reference
                let bankReference = MT940Parse.unlessNone(parsed.bankReference)
                lines.append(BankLine(bookingDate: parsed.bookingDate, valueDate: parsed.valueDate, amountMinor: parsed.amountMinor,
                                      reference: reference, bankReference: bankReference.isEmpty ? "\(id)-\(index + 1)" : bankReference,
                                      counterparty: narrative.counterparty,
                                      description: narrative.description.isEmpty ? parsed.supplementary : narrative.description,
                                      kind: parsed.kind))
                if parsed.amountMinor == 0 {
                    issue(entry.line, "the line moves 0 \(currency); a statement line moves money")
                }
            } catch {
                allRead = false
                issue(entry.line, ":61: '\(MT940Parse.shortened(MT940Parse.trimmed(entry.line.value), to: 80))' is not a statement line: \(error.message)")
            }
        }
        return (lines, allRead)
    }

    private mutating func tieOut(_ statement: BankStatement, at field: MT940Field) {
        do {
            let difference = try statement.tieOutDifference()
            guard difference != 0 else { return }
            let moved = try Checked.sum(statement.lines.map(\.amountMinor))
            let expected = try Checked.add(statement.openingMinor, moved)
            func amount(_ minor: Int64) -> String { Money(minorUnits: minor, currency: statement.currency).decimalString }
            issue(field, "the statement does not tie out: opening \(amount(statement.openingMinor)) + \(statement.lines.count) line\(statement.lines.count == 1 ? "" : "s") \(amount(moved)) = \(amount(expected)) \(statement.currency), but the closing balance is \(amount(statement.closingMinor)) (difference \(amount(difference)))")
        } catch {
            issue(field, "the statement cannot be tied out: \(error.message)")
        }
    }
}
