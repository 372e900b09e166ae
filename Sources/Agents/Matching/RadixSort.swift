/// A stable least-significant-digit radix sort of positions by 64-bit keys: linear in the
/// count, and every pass streams through memory, where a comparison sort of a million keys
/// costs n log n comparisons and, once the keys outgrow the cache, a cache miss for most.
/// Byte positions where every key agrees are skipped, so amounts that fit in a few bytes
/// take a few passes.
enum RadixSort {
    /// The positions of `keys` in ascending key order; equal keys keep their position order.
    static func order(_ keys: [UInt64]) -> [Int] { sorted(keys).order }

    /// The positions in ascending key order and the keys in that order.
    static func sorted(_ keys: [UInt64]) -> (order: [Int], keys: [UInt64]) {
        let count = keys.count
        var histogram = [Int](repeating: 0, count: 8 * 256)
        histogram.withUnsafeMutableBufferPointer { counts in
            for key in keys {
                for digit in 0..<8 { counts[digit << 8 | Int((key >> UInt64(digit << 3)) & 0xFF)] += 1 }
            }
        }
        var sourceKeys = keys, sourcePositions = Array(0..<count)
        var targetKeys = [UInt64](repeating: 0, count: count), targetPositions = [Int](repeating: 0, count: count)
        for digit in 0..<8 where !histogram[(digit << 8)..<((digit + 1) << 8)].contains(count) {
            var offsets = [Int](repeating: 0, count: 256)
            var running = 0
            for bucket in 0..<256 {
                offsets[bucket] = running
                running += histogram[digit << 8 | bucket]
            }
            let shift = UInt64(digit << 3)
            sourceKeys.withUnsafeBufferPointer { fromKeys in
                sourcePositions.withUnsafeBufferPointer { fromPositions in
                    targetKeys.withUnsafeMutableBufferPointer { toKeys in
                        targetPositions.withUnsafeMutableBufferPointer { toPositions in
                            offsets.withUnsafeMutableBufferPointer { next in
                                for index in 0..<count {
                                    let key = fromKeys[index]
                                    let bucket = Int((key >> shift) & 0xFF)
                                    let slot = next[bucket]
                                    toKeys[slot] = key
                                    toPositions[slot] = fromPositions[index]
                                    next[bucket] = slot + 1
                                }
                            }
                        }
                    }
                }
            }
            swap(&sourceKeys, &targetKeys)
            swap(&sourcePositions, &targetPositions)
        }
        return (sourcePositions, sourceKeys)
    }

    /// Signed keys in the order of their values.
    static func order(_ keys: [Int64]) -> [Int] { sorted(keys).order }

    /// Signed keys, sorted as their distance from the smallest: keys that span a small range
    /// (amounts of either sign) then share their high bytes, and those passes are skipped.
    static func sorted(_ keys: [Int64]) -> (order: [Int], keys: [Int64]) {
        guard let smallest = keys.min() else { return ([], []) }
        let (order, offsets) = sorted(keys.map { UInt64(bitPattern: $0 &- smallest) })
        return (order, offsets.map { Int64(bitPattern: $0) &+ smallest })
    }
}
