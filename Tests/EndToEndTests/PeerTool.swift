import Foundation

/// An external program a test checks our files with (ledger, hledger, bean-check, xmllint).
/// A missing tool skips its test with a message saying how to install it; `.ci/run` installs
/// them all, so on CI they run.
struct PeerTool {
    let name: String
    let url: URL?

    init(_ name: String) {
        self.name = name
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        url = path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        if url == nil {
            // Printed as well as shown as a skip, so that a log read in a hurry shows it too.
            Swift.print("SKIP: \(name) is not installed; the tests that run it are skipped (`.ci/run` installs it)")
        }
    }

    var isAvailable: Bool { url != nil }

    static let ledger = PeerTool("ledger")
    static let hledger = PeerTool("hledger")
    static let beanCheck = PeerTool("bean-check")
    static let beanQuery = PeerTool("bean-query")
    static let xmllint = PeerTool("xmllint")

    /// Runs the tool and returns its exit status and output.
    func run(_ arguments: [String]) throws -> CloseBinary.Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CloseBinary.Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                  stderr: String(decoding: errData, as: UTF8.self))
    }
}
