import Foundation
import Testing
@testable import CloseCLI

/// `close bench compare` reports each tool's own peak memory, not the benchmark's (issue 18).
@Suite struct TimedChildTests {
    @Test func aChildsPeakMemoryIsItsOwnNotItsParents() throws {
        // The parent holds 400 MB, touched, while the child (a sleep) needs a few.
        let size = 400 << 20
        let held = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4_096)
        defer { held.deallocate() }
        memset(held, 1, size)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("timed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let child = try TimedChild.run("/bin/sleep", ["0.5"], in: directory)
        #expect(child.status == 0)
        #expect(child.peakMemoryMB < 50, "the child's peak \(child.peakMemoryMB) MB is the parent's 400 MB")
        #expect(child.seconds >= 0.5)
    }
}
