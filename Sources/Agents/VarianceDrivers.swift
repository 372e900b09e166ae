import Governance
import LedgerCore

/// What drove an account's change between two periods, read from the entries themselves:
/// the largest postings of the period in the direction of the change, kinds of posting that
/// are new this period or did not recur, and a single posting large enough to be a one-off.
/// Postings are grouped into kinds by their description with digits taken out, so
/// "Invoice INV-1041 Smith" and "Invoice INV-1042 Jones" differ only by name. The digit-less
/// key only groups: a kind is shown by one of its descriptions, whole, since a reference with
/// its digits cut ("ICC-GB-US-") names nothing a reader can look up.
struct VarianceDrivers {
    var top: [LedgerLine] = []
    /// `kind`: the description shown for the kind (its first in sort order), whole.
    var newKinds: [(kind: String, amount: Int64, count: Int)] = []
    var goneKinds: [(kind: String, amount: Int64, count: Int)] = []
    var oneOff: LedgerLine?
    var lineCount = 0

    /// `now` and `before`: the account's posted lines in the period and in the prior one.
    init(change: Int64, now: [LedgerLine], before: [LedgerLine]) throws {
        lineCount = now.count
        let sameWay = now.filter { ($0.functionalMinor > 0) == (change > 0) }
        top = Array(sameWay.sorted { ($0.functionalMinor.magnitude, $1.entryID) > ($1.functionalMinor.magnitude, $0.entryID) }.prefix(3))
        let kindsNow = try Self.kinds(now), kindsBefore = try Self.kinds(before)
        newKinds = kindsNow.filter { kindsBefore[$0.key] == nil }
            .map { (kind: $0.value.example, amount: $0.value.amount, count: $0.value.count) }
            .sorted { ($0.amount.magnitude, $1.kind) > ($1.amount.magnitude, $0.kind) }
        goneKinds = kindsBefore.filter { kindsNow[$0.key] == nil }
            .map { (kind: $0.value.example, amount: $0.value.amount, count: $0.value.count) }
            .sorted { ($0.amount.magnitude, $1.kind) > ($1.amount.magnitude, $0.kind) }
        // A posting of a new kind carrying at least half the change explains it on its own.
        oneOff = sameWay.filter { kindsBefore[Self.kind(of: $0)] == nil && UInt128($0.functionalMinor.magnitude) * 2 >= UInt128(change.magnitude) }
            .max { ($0.functionalMinor.magnitude, $1.entryID) < ($1.functionalMinor.magnitude, $0.entryID) }
    }

    func explanation(_ money: (Int64) -> String) -> String {
        var parts: [String] = []
        if let oneOff {
            parts.append("one-off \(oneOff.document) '\(oneOff.entryDescription)' of \(money(oneOff.functionalMinor)) on \(oneOff.date) carries at least half of the change")
        }
        if !top.isEmpty {
            parts.append("largest postings: " + top.map { "\($0.document) '\($0.entryDescription)' \(money($0.functionalMinor))" }.joined(separator: "; "))
        }
        if !newKinds.isEmpty {
            parts.append("new this period: " + newKinds.prefix(3).map { "\(Self.shown($0.kind, $0.count)) (\($0.count) posting(s), \(money($0.amount)))" }.joined(separator: "; "))
        }
        if !goneKinds.isEmpty {
            parts.append("not repeated from the prior period: " + goneKinds.prefix(3).map { "\(Self.shown($0.kind, $0.count)) (\(money($0.amount)))" }.joined(separator: "; "))
        }
        if parts.isEmpty { parts.append("no posting this period (\(lineCount) lines); the change is the absence of last period's activity") }
        return parts.joined(separator: ". ") + "."
    }

    var evidence: [Evidence] {
        (oneOff.map { [$0] } ?? []).map { Evidence(kind: "entry", id: $0.document) }
            + top.filter { $0.entryID != oneOff?.entryID }.map { Evidence(kind: "entry", id: $0.document) }
    }

    /// One description of a kind, quoted whole; "and N like it" when the kind has more postings.
    static func shown(_ example: String, _ count: Int) -> String {
        count > 1 ? "'\(example)' and \(count - 1) like it" : "'\(example)'"
    }

    /// The grouping key: the description without its digits, spaces collapsed. Never shown.
    static func kind(of line: LedgerLine) -> String {
        asciiKind(line.entryDescription) ?? scalarKind(line.entryDescription)
    }

    /// The key of any text: its scalars without the digits, split at spaces and joined again.
    static func scalarKind(_ text: String) -> String {
        let scalars = text.unicodeScalars.filter { !("0"..."9").contains($0) }
        return String(String.UnicodeScalarView(scalars)).split(separator: " ").joined(separator: " ")
    }

    /// `kind(of:)` of an ASCII description, byte by byte (nil for any other text): it runs for
    /// every line of every flagged account, and the scalar filter, split and join allocated
    /// at each step. In ASCII a space is always a character of its own, so splitting the
    /// bytes at spaces splits the characters at the same places.
    static func asciiKind(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var spaceBefore = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { continue }
            if byte == UInt8(ascii: " ") {
                spaceBefore = !bytes.isEmpty
                continue
            }
            if spaceBefore { bytes.append(UInt8(ascii: " ")) }
            spaceBefore = false
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Per kind: its total, its number of postings and the description that shows it (the
    /// smallest in sort order, so the text does not depend on the order lines were read in).
    private static func kinds(_ lines: [LedgerLine]) throws -> [String: (amount: Int64, count: Int, example: String)] {
        var kinds: [String: (amount: Int64, count: Int, example: String)] = [:]
        for line in lines {
            let key = kind(of: line)
            var value = kinds[key] ?? (0, 0, line.entryDescription)
            value.amount = try Checked.add(value.amount, line.functionalMinor)
            value.count += 1
            value.example = min(value.example, line.entryDescription)
            kinds[key] = value
        }
        return kinds
    }
}
