import Foundation
enum Lap {
    nonisolated(unsafe) static var last = ContinuousClock.now
    static func mark(_ name: String) {
        let now = ContinuousClock.now
        if ProcessInfo.processInfo.environment["LAPS"] != nil { FileHandle.standardError.write("  \(name) \(now - last)\n".data(using: .utf8)!) }
        last = now
    }
}
