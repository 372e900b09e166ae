/// One posted journal line with what identifies its entry: what agents read to match,
/// eliminate and review.
///
/// What belongs to the entry (entity, key, document, date, source, description, reversal) is
/// held once, in a shared box, by every line of that entry: a close reads millions of lines,
/// and these fields were more than half of each line's size. A line is still a value: setting
/// an entry field gives this line a box of its own.
public struct LedgerLine: Sendable, Hashable {
    private var entry: EntryFields
    public var account: String
    public var currency: Currency
    public var amountMinor: Int64
    public var functionalMinor: Int64
    public var partner: String?
    public var reference: String
    public var description: String

    public init(entryID: Int64, entryKey: String, document: String, date: CalendarDate, source: String, entryDescription: String,
                reverses: Int64? = nil, isReversed: Bool = false, account: String, currency: Currency, amountMinor: Int64,
                functionalMinor: Int64, partner: String? = nil, reference: String = "", description: String = "", entity: String = "") {
        entry = EntryFields(Entry(entity: entity, entryID: entryID, entryKey: entryKey, document: document, date: date, source: source,
                                  entryDescription: entryDescription, reverses: reverses, isReversed: isReversed))
        self.account = account
        self.currency = currency
        self.amountMinor = amountMinor
        self.functionalMinor = functionalMinor
        self.partner = partner
        self.reference = reference
        self.description = description
    }

    public var entity: String {
        get { entry.fields.entity }
        set { entry.change { $0.entity = newValue } }
    }
    public var entryID: Int64 {
        get { entry.fields.entryID }
        set { entry.change { $0.entryID = newValue } }
    }
    public var entryKey: String {
        get { entry.fields.entryKey }
        set { entry.change { $0.entryKey = newValue } }
    }
    public var document: String {
        get { entry.fields.document }
        set { entry.change { $0.document = newValue } }
    }
    public var date: CalendarDate {
        get { entry.fields.date }
        set { entry.change { $0.date = newValue } }
    }
    public var source: String {
        get { entry.fields.source }
        set { entry.change { $0.source = newValue } }
    }
    public var entryDescription: String {
        get { entry.fields.entryDescription }
        set { entry.change { $0.entryDescription = newValue } }
    }
    /// The entry this one reverses, and whether a later entry reversed this one.
    public var reverses: Int64? {
        get { entry.fields.reverses }
        set { entry.change { $0.reverses = newValue } }
    }
    public var isReversed: Bool {
        get { entry.fields.isReversed }
        set { entry.change { $0.isReversed = newValue } }
    }

    /// The entry fields, compared and hashed by value like the line's own.
    struct Entry: Sendable, Hashable {
        var entity: String
        var entryID: Int64
        var entryKey: String
        var document: String
        var date: CalendarDate
        var source: String
        var entryDescription: String
        var reverses: Int64?
        var isReversed: Bool
    }

    /// The shared box: immutable, replaced (never edited) when a line changes an entry field.
    struct EntryFields: Sendable, Hashable {
        private final class Box: Sendable {
            let fields: Entry
            init(_ fields: Entry) { self.fields = fields }
        }
        private var box: Box

        init(_ fields: Entry) { box = Box(fields) }

        var fields: Entry { box.fields }

        mutating func change(_ edit: (inout Entry) -> Void) {
            var fields = box.fields
            edit(&fields)
            box = Box(fields)
        }

        static func == (a: EntryFields, b: EntryFields) -> Bool { a.box === b.box || a.box.fields == b.box.fields }
        func hash(into hasher: inout Hasher) { hasher.combine(box.fields) }
    }
}

/// An entity's balance on one account in one transaction currency, with the same balance
/// in the entity's functional currency at the rates the lines were booked at.
public struct CurrencyBalance: Sendable, Hashable {
    public var account: String
    public var currency: Currency
    public var amountMinor: Int64
    public var functionalMinor: Int64

    public init(account: String, currency: Currency, amountMinor: Int64, functionalMinor: Int64) {
        self.account = account
        self.currency = currency
        self.amountMinor = amountMinor
        self.functionalMinor = functionalMinor
    }
}
