/// The positions of the lines on one side of a match. Most matches pair one statement line
/// with one ledger line, and those keep the position inline: a million matches then allocate
/// nothing, where two arrays each would be two million small blocks on the heap.
public struct MatchedLines: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral {
    private enum Storage: Sendable, Hashable {
        case one(Int)
        case many([Int])
    }

    private let storage: Storage

    public init(_ positions: [Int]) {
        storage = positions.count == 1 ? .one(positions[0]) : .many(positions)
    }

    public init(one position: Int) {
        storage = .one(position)
    }

    public init(arrayLiteral positions: Int...) {
        self.init(positions)
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .one: 1
        case .many(let positions): positions.count
        }
    }

    public subscript(index: Int) -> Int {
        switch storage {
        case .one(let position):
            precondition(index == 0, "index \(index) out of one matched line")
            return position
        case .many(let positions):
            return positions[index]
        }
    }
}
