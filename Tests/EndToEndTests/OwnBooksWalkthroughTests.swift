import Foundation
import Testing

/// docs/your-own-books.md, run as written: every `$ close ...` line of its ```console blocks
/// runs verbatim, in order, in a fresh folder holding the files of Fixtures/own-books, and
/// must exit as the page says (`[exit N]` after its output, else 0) and print what the page
/// shows (a line `...` stands for any number of lines). Every file the page shows under
/// `<!-- file: NAME -->` must be the fixture of that name. So the page cannot drift from
/// the product. After a deliberate change of output, CLOSE_RECORD_DOC=1 writes what the
/// commands print now into the page (then read the diff before committing it).
@Suite struct OwnBooksWalkthroughTests {
    static let document = Fixtures.root.deletingLastPathComponent().appendingPathComponent("docs/your-own-books.md")
    static let fixtures = Fixtures.path("own-books")

    @Test func theWalkthroughRunsAsWrittenAndPrintsWhatItShows() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let page = Walkthrough(text)
        #expect(page.steps.count >= 15, "the walkthrough lost its commands")
        #expect(page.steps.contains { $0.command.hasPrefix("close audit verify") })
        let lastRun = page.steps.lastIndex { $0.command.hasPrefix("close run") } ?? page.steps.count
        #expect(page.steps[lastRun...].contains { $0.command.hasPrefix("close report") }, "a report after the close")
        #expect(page.steps.last { $0.command.hasPrefix("close period status") }?.output.filter { $0.contains(" closed ") }.count == 3,
                "the period ends locked for UK01, NL01 and CONS")
        let scratch = try Scratch()
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.fixtures) {
            try FileManager.default.copyItem(atPath: Self.fixtures + "/" + name, toPath: scratch.path(name))
        }
        var environment: [String: String] = [:]
        var recorded: [Int: (output: [String], status: Int32)] = [:]
        for (index, step) in page.steps.enumerated() {
            let words = try ShellWords.split(step.command)
            if words.first == "export" {
                for assignment in words.dropFirst() {
                    let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                    try #require(parts.count == 2, "export \(assignment): expected NAME=VALUE")
                    environment[parts[0]] = parts[1]
                }
                continue
            }
            try #require(words.first == "close", "only `close` and `export` commands run; line \(step.line): \(step.command)")
            let result = try CloseBinary.run(Array(words.dropFirst()), in: scratch.url, environment: environment)
            let printed = (result.stdout + Walkthrough.withoutProgress(result.stderr))
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let output = printed.last == "" ? Array(printed.dropLast()) : printed
            recorded[index] = (output, result.status)
            #expect(result.status == step.status, "line \(step.line): `\(step.command)` exited \(result.status), the page says \(step.status)\n\(result.stderr)")
            #expect(Walkthrough.matches(output, step.output),
                    "line \(step.line): `\(step.command)` printed\n\(output.joined(separator: "\n"))\nthe page shows\n\(step.output.joined(separator: "\n"))")
        }
        for (name, content) in page.files {
            let fixture = try String(contentsOfFile: Self.fixtures + "/" + name, encoding: .utf8)
            #expect(fixture == content, "the page shows \(name) otherwise than Fixtures/own-books/\(name)")
        }
        if ProcessInfo.processInfo.environment["CLOSE_RECORD_DOC"] != nil {
            try page.recording(recorded).write(to: Self.document, atomically: true, encoding: .utf8)
        }
    }

    @Test func progressLinesAreLeftOutAndNothingElse() {
        let stderr = "close run: preparing: 10 tasks prepared, 9/s, 1.1 s: accruals/UK01\nwarning: 2 findings\nloading large: 1,000 of 2,000 journal lines (50%), 3.0 s left, 500/s, 2 min 1 s\n"
        #expect(Walkthrough.withoutProgress(stderr) == "warning: 2 findings\n")
    }

    @Test func theOutputMatcherTakesDotsForAnyLinesAndNothingElse() {
        #expect(Walkthrough.matches(["a", "b", "c"], ["a", "...", "c"]))
        #expect(Walkthrough.matches(["a", "c"], ["a", "...", "c"]))
        #expect(!Walkthrough.matches(["a", "b", "x"], ["a", "...", "c"]))
        #expect(!Walkthrough.matches(["a", "b"], ["a"]))
        #expect(Walkthrough.matches([], []))
    }

    @Test func shellWordsSplitLikeAShell() throws {
        #expect(try ShellWords.split(#"close approve lock --reason "May is done" --as 'ines'"#)
                == ["close", "approve", "lock", "--reason", "May is done", "--as", "ines"])
        #expect(throws: (any Error).self) { try ShellWords.split(#"close "unterminated"#) }
    }
}

/// The page's runnable parts: the console steps and the files it shows.
struct Walkthrough {
    /// Standard error without the progress lines of long work ("close run: preparing: 10 tasks
    /// prepared, 9/s, 1.1 s: accruals/UK01"): whether one shows depends on how fast this
    /// machine is, so the page cannot show them.
    static func withoutProgress(_ stderr: String) -> String {
        stderr.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.range(of: #"^[^:]+: .*[0-9,]+/s, ([0-9.]+ s|[0-9]+ min [0-9]+ s)(: .*)?$"#, options: .regularExpression) == nil }
            .joined(separator: "\n")
    }

    struct Step {
        var line: Int
        var command: String
        var output: [String] = []
        var status: Int32 = 0
    }

    var lines: [String]
    var steps: [Step] = []
    /// Where each step's output sits in `lines` (the range after its `$` line), for recording.
    var outputRanges: [Range<Int>] = []
    var files: [(name: String, content: String)] = []

    init(_ text: String) {
        lines = text.components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("<!-- file: "), line.hasSuffix(" -->"), index + 1 < lines.count, lines[index + 1].hasPrefix("```") {
                let name = String(line.dropFirst("<!-- file: ".count).dropLast(" -->".count))
                let end = lines[(index + 2)...].firstIndex { $0.hasPrefix("```") } ?? lines.count
                files.append((name, lines[(index + 2)..<end].joined(separator: "\n") + "\n"))
                index = end + 1
                continue
            }
            if line == "```console" {
                index = readConsole(from: index + 1)
                continue
            }
            index += 1
        }
    }

    /// Reads one console block; returns the index after its closing fence.
    private mutating func readConsole(from start: Int) -> Int {
        var index = start
        while index < lines.count, lines[index] != "```" {
            guard lines[index].hasPrefix("$ ") else { index += 1; continue }
            var step = Step(line: index + 1, command: String(lines[index].dropFirst(2)))
            let first = index + 1
            index += 1
            while index < lines.count, lines[index] != "```", !lines[index].hasPrefix("$ ") {
                if let status = Self.exitAnnotation(lines[index]) { step.status = status } else { step.output.append(lines[index]) }
                index += 1
            }
            steps.append(step)
            outputRanges.append(first..<index)
        }
        return index + 1
    }

    /// `[exit 3]`: the status the command ends with.
    static func exitAnnotation(_ line: String) -> Int32? {
        guard line.hasPrefix("[exit "), line.hasSuffix("]") else { return nil }
        return Int32(line.dropFirst("[exit ".count).dropLast())
    }

    /// Whether `actual` is `expected`, where an expected line `...` stands for any lines.
    static func matches(_ actual: [String], _ expected: [String]) -> Bool {
        guard let head = expected.first else { return actual.isEmpty }
        if head == "..." {
            return (0...actual.count).contains { matches(Array(actual[$0...]), Array(expected.dropFirst())) }
        }
        guard let first = actual.first, first == head else { return false }
        return matches(Array(actual.dropFirst()), Array(expected.dropFirst()))
    }

    /// The page with each run step's output replaced by what it printed.
    func recording(_ outputs: [Int: (output: [String], status: Int32)]) -> String {
        var result = lines
        for (index, range) in outputRanges.enumerated().reversed() {
            guard let recorded = outputs[index] else { continue }
            let status = recorded.status == 0 ? [] : ["[exit \(recorded.status)]"]
            result.replaceSubrange(range, with: recorded.output + status)
        }
        return result.joined(separator: "\n")
    }
}

/// Splits a command line as a POSIX shell does for the cases the page uses: words separated
/// by spaces, '...' taken literally, "..." with \" and \\ inside.
enum ShellWords {
    struct Unterminated: Error {}

    static func split(_ line: String) throws -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch character {
            case " ":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                inWord = true
                while true {
                    guard let next = characters.next() else { throw Unterminated() }
                    if next == "'" { break }
                    word.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = characters.next() else { throw Unterminated() }
                    if next == "\"" { break }
                    if next == "\\", let escaped = characters.next() {
                        if escaped != "\"" && escaped != "\\" { word.append("\\") }
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
