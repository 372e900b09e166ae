import Foundation
import ArgumentParser
import Testing
@testable import CloseCLI

/// Help wrapped once, by argument-parser at the terminal's width: a newline in the middle of
/// a sentence left a ragged line at every width but the source's.
@Suite struct HelpTextTests {
    @Test func flowingJoinsAParagraphsLinesAndKeepsItsBreaksListsAndExamples() {
        let source = """
        One sentence wrapped
        over two lines.

        - an item
        - another, wrapped
          and indented
        $ close demo
        """
        #expect(HelpText.flowed(source) == """
        One sentence wrapped over two lines.

        - an item
        - another, wrapped
          and indented
        $ close demo
        """)
        #expect(HelpText.flowed(HelpText.flowed(source)) == HelpText.flowed(source))
    }

    static func allCommands(_ command: any ParsableCommand.Type = CloseCommand.self) -> [any ParsableCommand.Type] {
        [command] + command.configuration.subcommands.flatMap { allCommands($0) }
    }

    @Test func noHelpTextIsWrappedInItsSource() {
        let commands = Self.allCommands()
        #expect(commands.count > 40)
        for command in commands {
            let discussion = command.configuration.discussion
            #expect(HelpText.flowed(discussion) == discussion, "\(command.configuration.commandName ?? "\(command)")")
            #expect(!command.configuration.abstract.contains("\n"), "\(command)")
        }
    }

    @Test func theTopLevelHelpReadsAsSentencesAtEightyColumns() {
        let help = CloseCommand.helpMessage(columns: 80)
        #expect(help.contains("Exit codes: 0 success; 1 refused or failed"))
        // A line of prose ends at a word near the width, never after one or two words.
        let prose = help.components(separatedBy: "USAGE:")[0].components(separatedBy: "\n\n").dropFirst()
        #expect(prose.count >= 2)
        for paragraph in prose {
            for line in paragraph.split(separator: "\n").dropLast() {
                #expect(line.count > 50, "\(line)")
            }
        }
    }
}
