/// The scripted humans of `close demo`: identical to Fixtures/decisions/demo.yaml (a test
/// checks), embedded so the demo runs from any directory.
public enum DemoDecisions {
    public static let text = #"""
    # Scripted humans for the demo close (docs/governance.md, "The decisions file").
    # The most specific rule wins: an exact task id, then a task kind, then the longest pattern.
    decisions:
      - {task: cut-off, as: bob, decide: approve, reason: "all entities ready for cut-off", after_hours: 2}
      # Every other step: the controller, with the CFO as the second approver above the
      # policy's two_approvers_above.
      - {task: "*", as: bob, decide: approve, reason: "reviewed the proposal and its evidence", after_hours: 4, second_as: carol}
      - {task: consolidation, as: bob, decide: approve, reason: "eliminations checked against both sides' translated balances", after_hours: 3, second_as: carol}
      - {task: lock, as: carol, decide: approve, reason: "final review done", after_hours: 3}

    """#
}
