import Testing
@testable import Agents
import LedgerCore

/// The flux review groups postings by their description without digits (`VarianceDrivers.kind`);
/// ASCII descriptions take a byte-by-byte path that must give the same key as the general one.
@Suite struct VarianceKindTests {
    @Test func theASCIIPathGivesTheGeneralKey() {
        let examples = ["", " ", "   ", "Invoice 12345", "  Invoice  2026-05  Globex  ", "123", "1 2 3", "a1b2 c3 ", "\tTab 7\t", "a\r\n9 b",
                        "Rent May 2026", "PO-000123 Acme GmbH", " 9lead", "trail9 "]
        for text in examples {
            #expect(VarianceDrivers.asciiKind(text) == VarianceDrivers.scalarKind(text), "\(text.debugDescription)")
        }
        // Short random strings over an alphabet of letters, digits, spaces and a tab.
        var random = SeededRandom(seed: 18)
        let alphabet = Array("ab 09 \t-")
        for _ in 0..<5_000 {
            let text = String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            #expect(VarianceDrivers.asciiKind(text) == VarianceDrivers.scalarKind(text), "\(text.debugDescription)")
        }
    }

    @Test func otherTextTakesTheGeneralPath() {
        #expect(VarianceDrivers.asciiKind("Müller 12 GmbH") == nil)
        #expect(VarianceDrivers.scalarKind("Müller 12 GmbH") == "Müller GmbH")
    }
}
