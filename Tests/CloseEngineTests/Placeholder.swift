import Testing
@testable import Governance

@Test func proposalsWithoutEntriesOrActionsAreEmpty() {
    #expect(Proposal(task: "t", taskKind: "t", preparedBy: "agent:x", summary: "").isEmpty)
}
