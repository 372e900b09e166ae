import Crypto
import Foundation

/// The byte buffer of the verification pass: the canonical encoding (`CanonicalEncoder`'s
/// bytes: integers as 8 big-endian bytes, texts length-prefixed) written straight into memory
/// it owns, without the capacity and uniqueness checks of an array append per field, which
/// cost a sixth of the pass when it ran on `CanonicalEncoder`.
final class ScanBuffer {
    // Unchecked: one thread owns a buffer at a time (the channel hands it over), and the
    // runtime's exclusivity checks on every field written cost more than the writes.
    @exclusivity(unchecked) private var storage: UnsafeMutableRawPointer
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0

    init(capacity: Int = 1 << 12) {
        self.capacity = capacity
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    }

    deinit { storage.deallocate() }

    func reset() { count = 0 }

    @inline(__always) private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var grown = capacity * 2
        while grown < count + extra { grown *= 2 }
        let larger = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 8)
        larger.copyMemory(from: storage, byteCount: count)
        storage.deallocate()
        storage = larger
        capacity = grown
    }

    @inline(__always) func int(_ value: Int64) {
        reserve(8)
        storage.storeBytes(of: UInt64(bitPattern: value).bigEndian, toByteOffset: count, as: UInt64.self)
        count += 8
    }

    @inline(__always) func byte(_ value: UInt8) {
        reserve(1)
        storage.storeBytes(of: value, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Length-prefixed bytes, like `CanonicalEncoder.string`.
    @inline(__always) func text(_ pointer: UnsafeRawPointer?, _ length: Int) {
        reserve(8 + length)
        storage.storeBytes(of: UInt64(length).bigEndian, toByteOffset: count, as: UInt64.self)
        count += 8
        if let pointer, length > 0 { (storage + count).copyMemory(from: pointer, byteCount: length) }
        count += length
    }

    func text(_ value: String) {
        var value = value
        value.withUTF8 { text($0.baseAddress, $0.count) }
    }

    /// Bytes as they are, with no length (copied out of SQLite for later).
    @inline(__always) func raw(_ pointer: UnsafeRawPointer?, _ length: Int) {
        reserve(length)
        if let pointer, length > 0 { (storage + count).copyMemory(from: pointer, byteCount: length) }
        count += length
    }

    /// Writes an integer later, at `offset` (a count known only after what follows it).
    func patch(_ value: Int64, at offset: Int) {
        storage.storeBytes(of: UInt64(bitPattern: value).bigEndian, toByteOffset: offset, as: UInt64.self)
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

    /// The bytes at `offset`, valid until the buffer next grows or is reset.
    func pointer(_ offset: Int) -> UnsafePointer<UInt8> {
        UnsafePointer((storage + offset).assumingMemoryBound(to: UInt8.self))
    }

    func sha256(_ range: Range<Int>) -> SHA256.Digest {
        SHA256.hash(data: UnsafeRawBufferPointer(start: storage + range.lowerBound, count: range.count))
    }
}

/// A hash table from two 64-bit words to a 32-bit value, with open addressing and a
/// multiplicative hash: the per-line look-ups of the verification pass (interned texts,
/// balance keys) without the cost of the standard library's seeded SipHash per look-up.
struct PackedTable {
    struct Key: Equatable {
        var a: UInt64
        var b: UInt64
    }

    private var keys: [Key]
    private var values: [Int32]
    private var used: [Bool]
    private var shift: UInt64
    private(set) var count = 0

    init() {
        keys = Array(repeating: Key(a: 0, b: 0), count: 64)
        values = Array(repeating: 0, count: 64)
        used = Array(repeating: false, count: 64)
        shift = 64 - 6
    }

    @inline(__always) private func slot(_ key: Key) -> Int {
        let mixed = (key.a &* 0x9E37_79B9_7F4A_7C15) ^ (key.b &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: ((mixed ^ (mixed >> 29)) &* 0x1656_67B1_9E37_79F9) >> shift)
    }

    func value(for key: Key) -> Int32? {
        var index = slot(key)
        let mask = keys.count - 1
        while used[index] {
            if keys[index] == key { return values[index] }
            index = (index + 1) & mask
        }
        return nil
    }

    mutating func insert(_ key: Key, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        var index = slot(key)
        let mask = keys.count - 1
        while used[index] {
            if keys[index] == key {
                values[index] = value
                return
            }
            index = (index + 1) & mask
        }
        used[index] = true
        keys[index] = key
        values[index] = value
        count += 1
    }

    private mutating func grow() {
        let old = zip(keys, zip(values, used)).filter { $0.1.1 }
        let size = keys.count * 2
        keys = Array(repeating: Key(a: 0, b: 0), count: size)
        values = Array(repeating: 0, count: size)
        used = Array(repeating: false, count: size)
        shift -= 1
        count = 0
        for (key, (value, _)) in old { insert(key, value) }
    }
}

/// Small integers for the few distinct texts a ledger's lines repeat (entities, periods,
/// accounts, currencies), looked up from the bytes SQLite returns without making a String:
/// up to 15 bytes are packed with their length into two words, longer texts are looked up
/// as Strings.
struct TextInterner {
    private var packed = PackedTable()
    private var long: [String: Int32] = [:]
    private var all: [String] = []

    mutating func id(_ pointer: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
        guard count <= 15, let pointer else {
            let text = count == 0 ? "" : String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
            if let id = long[text] { return id }
            let id = add(text)
            long[text] = id
            return id
        }
        var key = PackedTable.Key(a: 0, b: UInt64(count) << 56)
        for index in 0..<count {
            let byte = UInt64(pointer[index])
            if index < 8 { key.a |= byte << (8 * UInt64(index)) } else { key.b |= byte << (8 * UInt64(index - 8)) }
        }
        if let id = packed.value(for: key) { return id }
        let id = add(String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self))
        packed.insert(key, id)
        return id
    }

    private mutating func add(_ text: String) -> Int32 {
        all.append(text)
        return Int32(all.count - 1)
    }

    func text(_ id: Int32) -> String { all[Int(id)] }
}
