import Foundation
import Interchange
import LedgerCore
import Yams

/// The scenario YAML (docs/scenario-format.md): which group, which month, how much business,
/// how rates and the bank behave, and which faults to inject. Read with the group file's
/// rules (`YAMLMapping`): every key checked, nothing guessed, and every error a `LedgerError`
/// with code `.invalidScenario` naming the file, the YAML line and the field path. The one
/// exception is a group file the scenario names: its errors are its own (file, line, code).
public enum ScenarioFile {
    static let topLevelKeys = ["name", "description", "seed", "scale", "group", "period", "opening", "volumes", "fx", "bank", "faults"]
    /// The word that names the built-in demo group (`DemoGroup`) instead of a file.
    public static let builtInGroupName = "acme"
    public static let scaleRange = Scenario.scaleRange

    /// Reads and parses the file at `path`; a relative group path is resolved from the file's directory.
    public static func parse(contentsOf path: String) throws(LedgerError) -> Scenario {
        let text = try YAMLDocument.text(contentsOf: path, code: .invalidScenario)
        return try parse(text, file: path, directory: directory(of: path))
    }

    /// `directory` is where a relative `group:` path starts; nil means the current directory.
    public static func parse(_ text: String, file: String, directory: String?) throws(LedgerError) -> Scenario {
        guard let root = try YAMLDocument.compose(text, file: file, code: .invalidScenario) else {
            throw LedgerError(.invalidScenario, "the file is empty; expected a scenario with the keys \(topLevelKeys.joined(separator: ", "))",
                              at: SourceLocation(file: file))
        }
        let document = try YAMLMapping(root, path: "", file: file, keys: topLevelKeys, code: .invalidScenario)
        let name = try self.name(in: document)
        let description = try document.text("description")
        let seed = try document.wholeNumber("seed", in: 0...UInt64.max)
        let scale = try document.count("scale", in: scaleRange, default: 1)
        let group = try self.group(in: document, directory: directory)
        let period = try self.period(in: document)
        let volumes = try self.volumes(in: document, group: group)
        try requireScalable(volumes, by: scale, in: document)
        let scenario = Scenario(name: name, description: description, seed: seed, scale: scale, group: group, period: period,
                                opening: try opening(in: document, group: group), volumes: volumes,
                                fx: try fx(in: document, group: group, period: period), bank: try bank(in: document),
                                faults: try faults(in: document))
        do {
            try scenario.checkSize()
        } catch {
            throw document.failure("scale", error.message)
        }
        return scenario
    }

    /// Lowercase letters, digits and '-': the name becomes part of file and folder names.
    private static func name(in document: YAMLMapping) throws(LedgerError) -> String {
        let name = try document.text("name")
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-")
        }
        guard allowed else {
            throw document.failure("name", "'name' must be lowercase letters, digits and '-' (e.g. month-end-demo); found '\(name)'")
        }
        return name
    }

    private static func period(in document: YAMLMapping) throws(LedgerError) -> PeriodID {
        let text = try document.text("period")
        do {
            return try PeriodID(parsing: text)
        } catch {
            throw document.failure("period", error.message)
        }
    }

    /// `acme`, a group file path, or a group mapping written inline.
    private static func group(in document: YAMLMapping, directory: String?) throws(LedgerError) -> GroupDefinition {
        let expected = "\(builtInGroupName) (the built-in demo group), a path to a group file, or a group mapping"
        guard let node = document.node("group"), !YAMLMapping.isNull(node) else {
            throw document.failure("group", "missing 'group'; expected \(expected)")
        }
        if node.mapping != nil {
            return try inlineGroup(node, in: document)
        }
        guard let reference = node.scalar?.string, !reference.isEmpty else {
            throw document.failure("group", "'group' must be \(expected); found \(YAMLMapping.kind(of: node))")
        }
        if reference == builtInGroupName { return DemoGroup.definition() }
        let path = resolve(reference, from: directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw document.failure("group", "no group file at '\(path)' (a relative path starts at the scenario file's directory; \(builtInGroupName) names the built-in group)")
        }
        // The group file's own errors stand: its file and line are where the fix goes.
        return try GroupFile.parse(contentsOf: path)
    }

    /// Parsed by the group file's code; errors become the scenario's, under `group.`.
    private static func inlineGroup(_ node: Node, in document: YAMLMapping) throws(LedgerError) -> GroupDefinition {
        do {
            return try GroupFile.parse(node: node, file: document.file)
        } catch {
            var scenarioError = error
            scenarioError.code = .invalidScenario
            let field = error.location?.field.map { "group.\($0)" } ?? "group"
            scenarioError.location = SourceLocation(file: document.file, line: error.location?.line ?? document.keyLine(of: "group"),
                                                    field: field)
            throw scenarioError
        }
    }

    static func resolve(_ reference: String, from directory: String?) -> String {
        guard let directory, !directory.isEmpty, !reference.hasPrefix("/") else { return reference }
        return directory.hasSuffix("/") ? directory + reference : directory + "/" + reference
    }

    /// The folder part of `path` as written (nil for a bare file name), so error messages
    /// show paths the way the user typed them.
    static func directory(of path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Scale times volume must fit in an Int; found here so the generator never has to fail.
    private static func requireScalable(_ volumes: [String: Volumes], by scale: Int, in document: YAMLMapping) throws(LedgerError) {
        for entity in volumes.keys.sorted() {
            do {
                _ = try volumes[entity]!.scaled(by: scale)
            } catch {
                throw document.failure("scale", "scale \(scale) makes a volume of \(entity) too large: \(error.message)")
            }
        }
    }
}
