import Foundation

/// An external program a test checks our files with (ledger, hledger, bean-check, xmllint).
/// A missing tool fails its test with a message saying how to install it (a test never passes
/// by skipping); `.ci/run` installs them all.
struct PeerTool {
    let name: String
    let url: URL?

    init(_ name: String) {
        self.name = name
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        url = path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String { "NOT RUN: \(name) is not installed (`.ci/run` installs it: apt-get install ledger hledger libxml2-utils; pip install beancount beanquery)" }
    }

    static let ledger = PeerTool("ledger")
    static let hledger = PeerTool("hledger")
    static let beanCheck = PeerTool("bean-check")
    static let beanQuery = PeerTool("bean-query")
    static let xmllint = PeerTool("xmllint")

    /// Runs the tool and returns its exit status and output.
    func run(_ arguments: [String]) throws -> CloseBinary.Result {
        guard let url else { throw Missing(name: name) }
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
