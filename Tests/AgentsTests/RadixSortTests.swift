import Testing
import LedgerCore
@testable import Agents

/// The radix sort behind the matching indexes is a stable sort: the same order as sorting
/// positions by (key, position), for keys that use every byte, few bytes, or repeat.
@Suite struct RadixSortTests {
    static func expected<Key: Comparable>(_ keys: [Key]) -> [Int] {
        keys.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
    }

    @Test(arguments: [UInt64(0), 1, 7, 1_000])
    func signedKeysSortByValueAndKeepTiesInPositionOrder(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for count in [0, 1, 2, 300, 5_000] {
            let wide = (0..<count).map { _ in Int64.random(in: Int64.min...Int64.max, using: &random) }
            let narrow = (0..<count).map { _ in Int64.random(in: -2_000...2_000, using: &random) }
            let repeated = (0..<count).map { _ in [Int64.min, -1, 0, 1, Int64.max][Int.random(in: 0..<5, using: &random)] }
            for keys in [wide, narrow, repeated] {
                #expect(RadixSort.order(keys) == Self.expected(keys), "count \(count)")
            }
        }
    }

    @Test func unsignedKeysUseAllEightBytes() {
        let keys: [UInt64] = [.max, 0, 1 << 56, 1 << 8, .max, 255, 1 << 56]
        #expect(RadixSort.order(keys) == Self.expected(keys))
        #expect(RadixSort.order(keys) == [1, 5, 3, 2, 6, 0, 4])
    }

    /// Keys of a few bits, of many, or nearly all equal: the same stable order, with the
    /// payload moved along.
    @Test(arguments: [UInt64(3), 4])
    func thePayloadMovesWithItsKey(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let count = 70_000
        let amounts = (0..<count).map { _ in Int64.random(in: -10_000_000...10_000_000, using: &random) }
        let clustered = (0..<count).map { _ in Int64.random(in: 0...3, using: &random) * 1_000_003 }
        let wide = (0..<count).map { _ in Int64.random(in: Int64.min...Int64.max, using: &random) }
        let few = (0..<count).map { _ in Int64.random(in: 500...520, using: &random) }
        for keys in [amounts, clustered, wide, few] {
            let payload = keys.indices.map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
            let sorted = RadixSort.sorted(keys, carrying: payload)
            let expected = Self.expected(keys)
            #expect(sorted.order.map(Int.init) == expected)
            #expect(sorted.keys == expected.map { keys[$0] })
            #expect(sorted.payload == expected.map { payload[$0] })
        }
        #expect(RadixSort.sorted([Int64](), carrying: []).order.isEmpty)
    }
}
