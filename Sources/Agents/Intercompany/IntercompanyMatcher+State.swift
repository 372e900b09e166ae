import LedgerCore

/// The pair's items (the first entity's naming the second, then the second's naming the
/// first) and which of them a pass has used.
struct IntercompanyPool {
    var items: [IntercompanyItem]
    var firstEntity: String
    var used: [Bool]
    let period: PeriodID
    /// Item indices by reference, and by class, currency and amount: the passes look only
    /// there, so a pair with thousands of items is not a quadratic search.
    let byReference: [String: [Int]]
    let byAmount: [String: [Int]]

    init(items: [IntercompanyItem], firstEntity: String, period: PeriodID) {
        self.items = items
        self.firstEntity = firstEntity
        self.period = period
        used = Array(repeating: false, count: items.count)
        byReference = Dictionary(grouping: items.indices.filter { !items[$0].reference.isEmpty }) { items[$0].reference }
        byAmount = Dictionary(grouping: items.indices) { Self.amountKey(items[$0], items[$0].amountMinor) }
    }

    static func amountKey(_ item: IntercompanyItem, _ amountMinor: Int64) -> String {
        "\(item.itemClass.rawValue)|\(item.currency)|\(amountMinor)"
    }

    var unused: [Int] { items.indices.filter { !used[$0] && items[$0].date.period == period } }

    /// The first unused item of the other side under the same reference that `accepts` takes.
    func counterpart(of index: Int, inPeriod: Bool, _ accepts: (IntercompanyItem, IntercompanyItem) -> Bool) -> Int? {
        let item = items[index]
        return byReference[item.reference, default: []].first { other in
            !used[other] && items[other].entity != item.entity && (items[other].date.period == period) == inPeriod
                && accepts(item, items[other])
        }
    }

    /// Whether two items' group amounts cancel to within `percent` of the larger of them.
    func agreeInGroupCurrency(_ a: Int, _ b: Int, percent: Int) -> Bool {
        let first = Int128(items[a].groupMinor), second = Int128(items[b].groupMinor)
        guard (first > 0) != (second > 0) else { return false }
        let gap = (first + second).magnitude, larger = max(first.magnitude, second.magnitude)
        return gap * 100 <= larger * UInt128(percent)
    }

    /// The one item in another currency within the window whose group amount cancels this
    /// one's within the tolerance, provided the item is also its only candidate. Only the
    /// period's items no earlier pass took are searched.
    func uniqueInGroupCurrency(_ index: Int, windowDays: Int, percent: Int) -> Int? {
        func candidates(_ of: Int) -> [Int] {
            let item = items[of]
            return unused.filter { other in
                !used[other] && items[other].entity != item.entity && items[other].currency != item.currency
                    && items[other].itemClass == item.itemClass && abs(item.date.dayNumber - items[other].date.dayNumber) <= windowDays
                    && agreeInGroupCurrency(of, other, percent: percent)
            }
        }
        let found = candidates(index)
        guard found.count == 1, candidates(found[0]) == [index] else { return nil }
        return found[0]
    }

    /// The one mirror within the window, provided the item is also its only candidate.
    func uniqueByAmountAndDate(_ index: Int, windowDays: Int) -> Int? {
        func candidates(_ of: Int) -> [Int] {
            let item = items[of]
            // Wrapping negation only matters for Int64.min, which no item can mirror anyway.
            let mirrors = byAmount[Self.amountKey(item, 0 &- item.amountMinor), default: []]
            return mirrors.filter { other in
                !used[other] && items[other].entity != item.entity && items[other].date.period == period
                    && item.isMirror(of: items[other]) && abs(item.date.dayNumber - items[other].date.dayNumber) <= windowDays
            }
        }
        let found = candidates(index)
        guard found.count == 1, candidates(found[0]) == [index] else { return nil }
        return found[0]
    }
}

/// The matcher's working state: the pool, every intercompany item of the two entities and
/// of the others (to find a counterpart naming the wrong partner), and what was found.
struct IntercompanyMatchState {
    let input: IntercompanyInput
    var pool: IntercompanyPool
    /// Every item of each entity, whatever partner it names.
    let books: [String: [IntercompanyItem]]
    /// Items already given as a wrong partner's counterpart.
    var claimed: Set<String> = []
    var matches: [IntercompanyMatch] = []
    var differences: [IntercompanyDifference] = []

    init(_ input: IntercompanyInput) throws {
        self.input = input
        var books: [String: [IntercompanyItem]] = [:]
        for entity in [input.first, input.second] {
            books[entity.entity] = try Self.items(entity, input: input)
        }
        // A third entity's items only tell a wrong partner from a missing counterpart: their
        // group values are never compared, so a rate missing for them is no error.
        for entity in input.others {
            books[entity.entity] = try Self.items(entity, input: input, translating: false)
        }
        self.books = books
        let first = books[input.first.entity, default: []].filter { $0.partner == input.second.entity }
        let second = books[input.second.entity, default: []].filter { $0.partner == input.first.entity }
        pool = IntercompanyPool(items: first + second, firstEntity: input.first.entity, period: input.period)
    }

    /// The entity's lines in the window as items, leaving out entries reversed within it
    /// together with their reversals (they cancel).
    static func items(_ entity: IntercompanyBooks, input: IntercompanyInput, translating: Bool = true) throws -> [IntercompanyItem] {
        let from = input.period.previous.firstDay, through = input.period.next.lastDay
        let lines = entity.lines.filter { $0.date >= from && $0.date <= through }
        let ids = Set(lines.map(\.entryID)), reversed = Set(lines.compactMap(\.reverses))
        return try lines.filter { !reversed.contains($0.entryID) && !($0.reverses.map(ids.contains) ?? false) }.map { line in
            let itemClass: IntercompanyClass = input.resultAccounts.contains(line.account) ? .result : .balance
            return IntercompanyItem(entity: entity.entity, line: line, itemClass: itemClass,
                                    groupMinor: translating ? try input.rates.translate(line.functionalMinor, from: entity.currency, itemClass) : 0)
        }
    }

    /// Runs a pass over the unused items of the period, each with its counterpart if `find` gives one.
    mutating func pass(_ find: (IntercompanyPool, Int) -> Int?) -> [(Int, Int)] {
        var found: [(Int, Int)] = []
        for index in pool.unused where !pool.used[index] {
            guard let other = find(pool, index) else { continue }
            pool.used[index] = true
            pool.used[other] = true
            found.append((index, other))
        }
        return found
    }

    /// The two items with the first entity's first.
    func ordered(_ a: Int, _ b: Int) -> (IntercompanyItem, IntercompanyItem) {
        pool.items[a].entity == pool.firstEntity ? (pool.items[a], pool.items[b]) : (pool.items[b], pool.items[a])
    }

    func match(_ a: Int, _ b: Int, rule: String) throws -> IntercompanyMatch {
        let (first, second) = ordered(a, b)
        return IntercompanyMatch(rule: rule, first: first, second: second, groupDifferenceMinor: try Checked.add(first.groupMinor, second.groupMinor))
    }

    func money(_ minor: Int64, _ currency: Currency) -> String { "\(Decimal10.format(minor, scale: currency.exponent)) \(currency)" }

    func describe(_ item: IntercompanyItem) -> String {
        "\(item.entity) booked \(money(item.amountMinor, item.currency)) on \(item.line.account) on \(item.date) (\(item.line.document))"
    }

    func timing(_ index: Int, _ other: Int) -> IntercompanyDifference {
        let item = pool.items[index], counterpart = pool.items[other]
        let later = counterpart.date > input.period.lastDay
        return IntercompanyDifference(
            reason: .timing, items: [item, counterpart], correctIn: later ? counterpart.entity : nil,
            amountMinor: item.amountMinor, currency: item.currency, groupMinor: item.groupMinor,
            explanation: "\(item.reference): \(describe(item)); \(counterpart.entity) booked the counterpart on \(counterpart.date), in \(later ? "the next period" : "the period before")")
    }

    func dispute(_ a: Int, _ b: Int) throws -> IntercompanyDifference {
        let (first, second) = ordered(a, b)
        let groupGap = try Checked.add(first.groupMinor, second.groupMinor)
        guard first.currency == second.currency else {
            // Each side in its own currency: the gap exists only in group currency.
            let group = input.rates.groupCurrency
            return IntercompanyDifference(
                reason: .amountDispute, items: [first, second], correctIn: nil, amountMinor: groupGap, currency: group, groupMinor: groupGap,
                explanation: "\(first.reference): \(describe(first)); \(describe(second)); in \(group) \(money(first.groupMinor, group)) against \(money(second.groupMinor, group)), a difference of \(money(groupGap, group)) that no rate explains")
        }
        let gap = try Checked.add(first.amountMinor, second.amountMinor)
        return IntercompanyDifference(
            reason: .amountDispute, items: [first, second], correctIn: nil,
            amountMinor: gap, currency: first.currency, groupMinor: groupGap,
            explanation: "\(first.reference): \(describe(first)); \(describe(second)); they differ by \(money(gap, first.currency))")
    }

    func missing(_ index: Int) -> IntercompanyDifference {
        let item = pool.items[index]
        let partner = item.partner ?? ""
        return IntercompanyDifference(reason: .missingCounterpart, items: [item], correctIn: partner, amountMinor: item.amountMinor,
                                      currency: item.currency, groupMinor: item.groupMinor,
                                      explanation: "\(item.reference): \(describe(item)) naming \(partner); \(partner) has no counterpart")
    }

    /// The mirror under the same reference in the partner's books naming someone else, or in
    /// a third entity's books naming this item's entity (this item names the wrong partner).
    mutating func wrongPartner(_ index: Int) -> IntercompanyDifference? {
        let item = pool.items[index]
        let partner = item.partner ?? ""
        func mirror(_ candidate: IntercompanyItem) -> Bool {
            !claimed.contains(candidate.label) && candidate.isMirror(of: item) && candidate.sameReference(item)
        }
        if let found = books[partner, default: []].first(where: { $0.partner != item.entity && mirror($0) }) {
            claimed.insert(found.label)
            return IntercompanyDifference(reason: .wrongPartner, items: [item, found], correctIn: partner, amountMinor: item.amountMinor,
                                          currency: item.currency, groupMinor: item.groupMinor,
                                          explanation: "\(item.reference): \(describe(item)) naming \(partner); its counterpart \(found.label) in \(partner) names \(found.partner ?? "no partner") instead of \(item.entity)")
        }
        for other in input.others.map(\.entity) {
            guard let found = books[other, default: []].first(where: { $0.partner == item.entity && mirror($0) }) else { continue }
            claimed.insert(found.label)
            return IntercompanyDifference(reason: .wrongPartner, items: [item, found], correctIn: item.entity, amountMinor: item.amountMinor,
                                          currency: item.currency, groupMinor: item.groupMinor,
                                          explanation: "\(item.reference): \(describe(item)) naming \(partner), but its counterpart is \(found.label) in \(other); the pair \(item.entity)-\(other) corrects it")
        }
        return nil
    }

    func fxDifference(_ match: IntercompanyMatch) -> IntercompanyDifference {
        let group = input.rates.groupCurrency
        let rate = match.first.itemClass == .balance ? "closing" : "average"
        return IntercompanyDifference(
            reason: .fxDifference, items: [match.first, match.second], correctIn: nil, amountMinor: 0, currency: match.first.currency,
            groupMinor: match.groupDifferenceMinor,
            explanation: match.first.currency == match.second.currency
                ? "\(match.first.reference): \(money(match.first.amountMinor, match.first.currency)) on both sides; at the \(rate) rate \(match.first.entity) holds \(money(match.first.groupMinor, group)), \(match.second.entity) \(money(match.second.groupMinor, group))"
                : "\(match.first.reference): \(describe(match.first)); \(describe(match.second)), each in its own currency; at the \(rate) rate \(match.first.entity) holds \(money(match.first.groupMinor, group)), \(match.second.entity) \(money(match.second.groupMinor, group))")
    }
}
