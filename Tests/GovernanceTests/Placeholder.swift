import Testing
@testable import Governance

@Test func decisionKindsAreTheFourOfTheDesign() {
    #expect(DecisionKind.allCases.map(\.rawValue) == ["approve", "reject", "override", "defer"])
}
