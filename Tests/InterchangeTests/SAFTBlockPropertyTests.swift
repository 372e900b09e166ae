import Foundation
import Interchange
import LedgerCore
import PropertyBased
import Testing

/// The SAF-T scanner keeps what a block ends in the middle of and finishes it with the next
/// block: random well-formed SAF-T files, with every kind of text XML allows (references,
/// CDATA, comments, multi-byte characters, CR LF), read in blocks of random sizes give the same
/// books as read whole; cut short anywhere, they are refused with the same error either way.
/// A failure names its seed; `CLOSE_SAFT_SEED=<seed> swift test --filter replaySAFTSeed`.
@Suite("Property: a SAF-T file reads the same in blocks of any size")
struct SAFTBlockPropertyTests {
    @Test("Property: random SAF-T files read the same whole and in random blocks", .shrinking(false))
    func randomFilesReadTheSameInBlocks() async {
        await propertyCheck(count: 60, input: Gen<UInt64>.value()) { seed in
            try Self.check(seed: seed)
        }
    }

    @Test("Property: fixed seeds", arguments: [0, 1, 42, 20_261_207, UInt64.max] as [UInt64])
    func fixedSeeds(_ seed: UInt64) throws {
        try Self.check(seed: seed)
    }

    @Test("Property: replay one seed from CLOSE_SAFT_SEED", .enabled(if: ProcessInfo.processInfo.environment["CLOSE_SAFT_SEED"] != nil))
    func replaySAFTSeed() throws {
        try Self.check(seed: try #require(UInt64(ProcessInfo.processInfo.environment["CLOSE_SAFT_SEED"] ?? "")))
    }

    static let options = SAFTOptions(differenceAccount: "9999")

    static func check(seed: UInt64) throws {
        var random = SAFTRandom(seed: seed)
        let document = Array(SAFTRandom.document(&random).utf8)
        let whole = try SAFTReader.read(document, file: "random.xml", options: options)
        #expect(whole.lineCount > 0, "seed \(seed)")
        for _ in 0..<3 {
            let block = random.int(1...97)
            let split = try SAFTReader.read(document, file: "random.xml", options: options, blockBytes: block)
            #expect(split.drafts == whole.drafts, "seed \(seed), blocks of \(block)")
            #expect(split.accounts.map(\.account) == whole.accounts.map(\.account), "seed \(seed), blocks of \(block)")
            #expect(split.differences == whole.differences, "seed \(seed), blocks of \(block)")
            #expect(split.lineCount == whole.lineCount && split.zeroLinesSkipped == whole.zeroLinesSkipped, "seed \(seed)")
        }
        // Cut anywhere before the root's end tag: refused, the same error whole and in blocks.
        let cut = random.int(0...(document.count - "</AuditFile>".utf8.count))
        let prefix = Array(document[..<cut])
        let block = random.int(1...97)
        let wholeError = refusal(prefix, blockBytes: SAFTReader.blockBytes)
        let splitError = refusal(prefix, blockBytes: block)
        #expect(wholeError != nil, "seed \(seed): a file cut at byte \(cut) was accepted")
        #expect(wholeError == splitError, "seed \(seed), cut at \(cut), blocks of \(block)")
    }

    static func refusal(_ bytes: [UInt8], blockBytes: Int) -> LedgerError? {
        do {
            _ = try SAFTReader.read(bytes, file: "random.xml", options: options, blockBytes: blockBytes)
            return nil
        } catch {
            return error
        }
    }
}

/// The ledger's seeded generator and the random SAF-T documents made from it.
struct SAFTRandom {
    private var generator: SeededRandom

    init(seed: UInt64) { generator = SeededRandom(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    static let accounts = ["1500", "1920", "2400", "3000", "4000", "6300", "7700"]

    /// Pieces of text as XML may write them: plain, references, CDATA, a comment, characters
    /// of two, three and four bytes.
    static let textPieces = ["Sale", " ", "of", "goods", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#65;", "&#x263A;", "&#x1F600;",
                             "<![CDATA[a <b> & c]]>", "<!-- a comment -->", "<?pi data?>", "ø", "Å", "€", "😀", "\t"]

    mutating func text() -> String {
        // Something that is not white space first: names and descriptions are trimmed, and
        // a company needs a name.
        "Item " + (0..<int(1...6)).map { _ in pick(Self.textPieces) }.joined()
    }

    mutating func amount() -> String {
        "\(int(0...99_999)).\(String(format: "%02d", int(0...99)))"
    }

    /// A SAF-T 1.30 document: random accounts, transactions and lines, random layout (line
    /// ends, indentation, comments between elements, a namespace prefix or none).
    static func document(_ random: inout SAFTRandom) -> String {
        let newline = random.pick(["\n", "\r\n", "\n\n", "\r"])
        let indent = random.pick(["", " ", "\t", "    "])
        let prefix = random.pick(["", "n1:", "saft:"])
        func open(_ name: String) -> String { "<\(prefix)\(name)>" }
        func close(_ name: String) -> String { "</\(prefix)\(name)>" }
        func leaf(_ name: String, _ value: String) -> String { open(name) + value + close(name) }
        func gap(_ random: inout SAFTRandom, _ depth: Int) -> String {
            newline + String(repeating: indent, count: depth) + (random.chance(10) ? "<!-- between -->" : "")
        }
        let declaration = prefix.isEmpty ? "xmlns" : "xmlns:\(prefix.dropLast())"
        var xml = random.chance(50) ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + newline : ""
        xml += "<\(prefix)AuditFile \(declaration)=\"urn:StandardAuditFile-Taxation-Financial:NO\">"
        xml += gap(&random, 1) + open("Header")
        for (name, value) in [("AuditFileVersion", "1.30"), ("AuditFileCountry", "NO")] { xml += gap(&random, 2) + leaf(name, value) }
        xml += gap(&random, 2) + open("Company") + leaf("RegistrationNumber", "123456789") + leaf("Name", random.text()) + close("Company")
        xml += gap(&random, 2) + leaf("DefaultCurrencyCode", "NOK")
        xml += gap(&random, 2) + open("SelectionCriteria") + leaf("PeriodStart", "1") + leaf("PeriodStartYear", "2026")
            + leaf("PeriodEnd", "1") + leaf("PeriodEndYear", "2026") + close("SelectionCriteria")
        xml += gap(&random, 1) + close("Header") + gap(&random, 1) + open("MasterFiles") + open("GeneralLedgerAccounts")
        let chart = Array(accounts.shuffled(using: &random).prefix(random.int(2...accounts.count)))
        for account in chart {
            xml += gap(&random, 2) + open("Account") + leaf("AccountID", account) + leaf("AccountDescription", random.text())
                + leaf("GroupingCategory", "RF-1167") + leaf("GroupingCode", account) + leaf("AccountType", "GL")
                + leaf(random.chance(50) ? "OpeningDebitBalance" : "OpeningCreditBalance", random.amount())
                + leaf(random.chance(50) ? "ClosingDebitBalance" : "ClosingCreditBalance", random.amount()) + close("Account")
        }
        xml += gap(&random, 1) + close("GeneralLedgerAccounts") + close("MasterFiles")
        xml += gap(&random, 1) + open("GeneralLedgerEntries") + leaf("NumberOfEntries", "0")
        xml += gap(&random, 2) + open("Journal") + leaf("JournalID", "GL") + leaf("Description", random.text())
        for number in 1...random.int(1...8) {
            xml += gap(&random, 3) + open("Transaction") + leaf("TransactionID", "T\(number)") + leaf("TransactionDate", "2026-01-\(random.int(10...28))")
                + leaf("Description", random.text())
            for record in 1...random.int(2...5) {
                let side = random.chance(50) ? "DebitAmount" : "CreditAmount"
                xml += gap(&random, 4) + open("Line") + leaf("RecordID", "\(record)") + leaf("AccountID", random.pick(chart))
                    + leaf("Description", random.text()) + open(side) + leaf("Amount", random.amount()) + close(side) + close("Line")
            }
            xml += gap(&random, 3) + close("Transaction")
        }
        xml += gap(&random, 2) + close("Journal") + gap(&random, 1) + close("GeneralLedgerEntries") + newline
        return xml + close("AuditFile")
    }
}

extension SAFTRandom: RandomNumberGenerator {}
