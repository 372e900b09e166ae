import LedgerCore

extension PlainTextJournal {
    /// One posted entry: its date, document number and description; its key, source and
    /// reversal link as metadata; each line with its reference and partner.
    func entry(_ lines: ArraySlice<LedgerLine>, entity: Entity) throws -> String {
        let first = lines[lines.startIndex]
        let description = first.entryDescription.isEmpty ? "(no description)" : first.entryDescription
        var text: String
        switch dialect {
        case .ledger, .hledger:
            text = "\(first.date) * (\(first.document)) \(PlainText.oneLine(description))\n"
            text += comment("entry_id", first.entryKey, indent: 4)
            text += comment("source", first.source, indent: 4)
            if let reverses = first.reverses { text += comment("reverses", String(reverses), indent: 4) }
        case .beancount:
            let partners = Set(lines.compactMap(\.partner)).sorted()
            let tags = partners.map { " #partner-" + PlainText.tag($0) }.joined()
            text = "\(first.date) * \(PlainText.quoted(description))\(tags)\n"
            text += "  document: \(PlainText.quoted(first.document))\n"
            text += "  entry_id: \(PlainText.quoted(first.entryKey))\n"
            text += "  source: \(PlainText.quoted(first.source))\n"
            if let reverses = first.reverses { text += "  reverses: \(PlainText.quoted(String(reverses)))\n" }
        }
        for line in lines {
            text += try posting(line, entity: entity)
        }
        return text + "\n"
    }

    private func posting(_ line: LedgerLine, entity: Entity) throws -> String {
        guard let account = books.group.account(line.account) else {
            throw LedgerError(.unknownAccount, "entry \(line.document) books to account \(line.account), which the group's chart does not hold")
        }
        let name = PlainTextAccountName.name(type: account.type, entity: entity.code, account: account.code)
        var amount = Decimal10.format(line.amountMinor, scale: line.currency.exponent) + " " + line.currency.code
        if line.currency != entity.currency {
            // The total price carries the functional amount exactly; its sign is the amount's.
            guard line.functionalMinor == 0 || (line.functionalMinor < 0) == (line.amountMinor < 0) else {
                throw LedgerError(.invalidEntry, "entry \(line.document), account \(line.account): functional amount \(line.functionalMinor) has the opposite sign of \(line.amountMinor) \(line.currency)")
            }
            let magnitude = line.functionalMinor.magnitude
            guard magnitude <= UInt64(Int64.max) else { throw LedgerError(.overflow, "entry \(line.document): functional amount out of range") }
            amount += " @@ " + Decimal10.format(Int64(magnitude), scale: entity.currency.exponent) + " " + entity.currency.code
        }
        let indent = dialect == .beancount ? 2 : 4
        var text = String(repeating: " ", count: indent) + name + "  " + amount + "\n"
        let metadata: [(String, String)] = [("reference", line.reference), ("partner", line.partner ?? ""), ("note", line.description)]
        for (key, value) in metadata where !value.isEmpty {
            switch dialect {
            case .ledger, .hledger: text += comment(key, value, indent: 8)
            case .beancount: text += "    \(key): \(PlainText.quoted(value))\n"
            }
        }
        return text
    }

    /// `; key: value` on its own line: ledger reads it as metadata, hledger as a tag.
    private func comment(_ key: String, _ value: String, indent: Int) -> String {
        let shown = dialect == .hledger ? PlainText.tagValue(value) : PlainText.oneLine(value)
        return String(repeating: " ", count: indent) + "; \(key): \(shown)\n"
    }
}

/// Text written into a journal: on one line, and nothing a tool would read as syntax.
enum PlainText {
    /// The metadata keys the entries carry (declared for `ledger --strict`).
    static let tags = ["entry_id", "source", "reverses", "reference", "partner", "note", "name"]

    /// Control characters and tabs become spaces and runs of spaces one space: two spaces
    /// would end a ledger payee or account name.
    static func oneLine(_ text: String) -> String {
        var out = ""
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let space = scalar == " " || scalar == "\t" || SafeText.isRefused(scalar)
            if space {
                if !lastWasSpace { out.unicodeScalars.append(" ") }
            } else {
                out.unicodeScalars.append(scalar)
            }
            lastWasSpace = space
        }
        return out.trimmingSpaces()
    }

    /// An hledger tag value ends at a comma: commas become semicolons.
    static func tagValue(_ text: String) -> String {
        String(oneLine(text).map { $0 == "," ? ";" : $0 })
    }

    /// A beancount string: quoted, with backslash and quote escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for character in oneLine(text) {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }

    /// A beancount tag holds letters, digits and `-_/.`; anything else becomes '-'.
    static func tag(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            let ok = (scalar.value < 0x80) && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_/.".unicodeScalars.contains(scalar))
            return ok ? Character(scalar) : "-"
        })
    }
}

private extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
